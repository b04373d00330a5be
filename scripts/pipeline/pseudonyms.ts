// Pseudonyms of whole tables computed on a worker thread, so that hashing millions of ids
// overlaps the identifier scan on the main thread; the result is waited for synchronously
// (the pipeline stays one synchronous call).
import type { PackedParts } from "./strings.ts";
import { FixedWidthColumn, type IdColumn } from "./table.ts";
import { HelperThread } from "./thread.ts";

// The worker, as plain JavaScript (it runs without the TypeScript loader): for each batch, the
// pseudonym of each distinct id, 16 hex digits each, concatenated. The hash is pseudonymizer()'s
// (anonymize.ts); a unit test checks that the two agree.
const WORKER = `
const { workerData } = require("node:worker_threads");
const { hash } = require("node:crypto");
const { port, signal, prefix, batches } = workerData;
try {
  // Written into a buffer as they come (a list of millions of digests would take hundreds of MB).
  const out = batches.map(({ kind, ids }) => {
    const head = prefix + kind + "\\u0000";
    const { blocks, block, start, end } = ids;
    const bytes = Buffer.allocUnsafeSlow(16 * start.length);
    for (let i = 0; i < start.length; i++) bytes.write(hash("sha256", head + blocks[block[i]].slice(start[i], end[i]), "hex"), 16 * i, 16, "latin1");
    return bytes;
  });
  port.postMessage({ out }, out.map((b) => b.buffer));
} catch (e) {
  port.postMessage({ error: String(e && e.stack || e) });
}
Atomics.store(signal, 0, 1);
Atomics.notify(signal, 0);
`;

/** Pseudonyms being computed for some id columns. */
export class PseudonymJob {
  private constructor(
    private readonly thread: HelperThread,
    private readonly idOf: Int32Array[],
  ) {}

  /** Starts hashing the ids of each column, as prefix + kind + "\0" + id. */
  static start(prefix: string, batches: { kind: string; ids: IdColumn }[]): PseudonymJob {
    const parts = batches.map(({ kind, ids }) => ({ kind, ...ids.idsByRow() }));
    const thread = new HelperThread(WORKER, 1, { prefix, batches: parts.map(({ kind, ids }): { kind: string; ids: PackedParts } => ({ kind, ids })) });
    return new PseudonymJob(thread, parts.map((p) => p.idOf));
  }

  /** The pseudonyms of each column's rows, in the order the columns were given (waits for them). */
  take(): FixedWidthColumn[] {
    // A few minutes at most even for tens of millions of ids; a worker that never answers is an error.
    this.thread.waitFor(0, 1, 600_000, "pseudonym worker");
    const reply = this.thread.receive<{ out?: Uint8Array[]; error?: string }>();
    this.stop();
    if (!reply?.out) throw new Error(`pseudonym worker failed: ${reply?.error ?? "no answer"}`);
    return reply.out.map((bytes, b) => new FixedWidthColumn(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1"), 16, this.idOf[b]));
  }

  /** Lets the worker go (the run stops, or the pseudonyms are taken). */
  stop(): void {
    this.thread.stop();
  }
}
