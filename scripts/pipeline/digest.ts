// SHA-256 of output files computed on a helper thread while the main thread encodes the next
// chunks; a digest is waited for synchronously once its file has been written.
import { HelperThread } from "./thread.ts";

// The worker, as plain JavaScript (it runs without the TypeScript loader). signal[0] counts the
// digests sent, signal[1] the bytes received and not yet hashed.
const WORKER = `
const { workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { port, signal } = workerData;
let h = createHash("sha256");
port.on("message", (m) => {
  if (m.chunk) {
    h.update(m.chunk);
    Atomics.sub(signal, 1, m.chunk.length);
    Atomics.notify(signal, 1);
    return;
  }
  port.postMessage(h.digest("hex"));
  h = createHash("sha256");
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

// Bytes sent and not yet hashed before the sender waits: the copies in flight stay small even
// when the helper thread gets little time.
const MAX_IN_FLIGHT = 64 << 20;

/** Hashes one file after another on a helper thread: update() each chunk, then digest(). */
export class Sha256Thread {
  private readonly thread = new HelperThread(WORKER, 2);
  private digests = 0;

  /** Adds bytes to the current file's hash (copied: the caller may reuse its buffer). */
  update(bytes: Uint8Array): void {
    this.thread.sendChunk(bytes, 1, MAX_IN_FLIGHT);
  }

  /** The current file's SHA-256, in hex (waits for it); the next update() starts another file. */
  digest(): string {
    this.thread.port.postMessage({ end: true });
    this.thread.waitFor(0, ++this.digests, 600_000, "SHA-256 thread");
    const digest = this.thread.receive<string>();
    if (digest === undefined) throw new Error("SHA-256 thread sent no digest");
    return digest;
  }

  /** Lets the thread go. */
  stop(): void {
    this.thread.stop();
  }
}
