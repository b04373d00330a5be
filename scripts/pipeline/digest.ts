// SHA-256 of output files computed on a helper thread while the main thread encodes the next
// chunks; a digest is waited for synchronously once its file has been written.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";

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
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  private digests = 0;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(WORKER, { eval: true, workerData: { port: port2, signal: this.signal }, transferList: [port2] });
    this.worker.unref();
    this.port = port1;
  }

  /** Adds bytes to the current file's hash (copied: the caller may reuse its buffer). */
  update(bytes: Uint8Array): void {
    for (let pending = Atomics.load(this.signal, 1); pending > MAX_IN_FLIGHT; pending = Atomics.load(this.signal, 1)) Atomics.wait(this.signal, 1, pending, 100);
    const copy = new Uint8Array(bytes);
    Atomics.add(this.signal, 1, copy.length);
    this.port.postMessage({ chunk: copy }, [copy.buffer]);
  }

  /** The current file's SHA-256, in hex (waits for it); the next update() starts another file. */
  digest(): string {
    this.port.postMessage({ end: true });
    const want = ++this.digests;
    while (Atomics.load(this.signal, 0) < want) {
      if (Atomics.wait(this.signal, 0, want - 1, 600_000) === "timed-out") throw new Error("SHA-256 thread did not answer");
    }
    const reply = receiveMessageOnPort(this.port);
    if (!reply) throw new Error("SHA-256 thread sent no digest");
    return reply.message as string;
  }

  /** Lets the thread go. */
  stop(): void {
    void this.worker.terminate();
    this.port.close();
  }
}
