// A helper thread as the pipeline uses one: code run from a string, a message port, and a small
// shared array of counters through which the main thread waits synchronously (the pipeline stays
// one synchronous call).
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";

/** A helper thread; its code finds { port, signal, ...data } in workerData. */
export class HelperThread {
  readonly port: MessagePort;
  readonly signal: Int32Array;
  private readonly worker: Worker;

  /** Starts code (plain JavaScript) with `signals` shared counters and the given workerData. */
  constructor(code: string, signals: number, data: Record<string, unknown> = {}) {
    const { port1, port2 } = new MessageChannel();
    this.signal = new Int32Array(new SharedArrayBuffer(4 * signals));
    this.worker = new Worker(code, { eval: true, workerData: { ...data, port: port2, signal: this.signal }, transferList: [port2] });
    this.worker.unref();
    this.port = port1;
  }

  /**
   * Sends a copy of bytes as { chunk } (the caller may reuse its buffer), after waiting while
   * signal[pending] (bytes sent and not yet consumed, which the thread lowers) exceeds max.
   */
  sendChunk(bytes: Uint8Array, pending: number, max: number): void {
    for (let p = Atomics.load(this.signal, pending); p > max; p = Atomics.load(this.signal, pending)) Atomics.wait(this.signal, pending, p, 100);
    const copy = new Uint8Array(bytes);
    Atomics.add(this.signal, pending, copy.length);
    this.port.postMessage({ chunk: copy }, [copy.buffer]);
  }

  /** Waits until signal[i] is at least want; a thread that never gets there within ms is an error named by what. */
  waitFor(i: number, want: number, ms: number, what: string): void {
    for (let v = Atomics.load(this.signal, i); v < want; v = Atomics.load(this.signal, i)) {
      if (Atomics.wait(this.signal, i, v, ms) === "timed-out") {
        this.stop();
        throw new Error(`${what} did not answer`);
      }
    }
  }

  /** The next message the thread sent, if any (taken without waiting). */
  receive<T>(): T | undefined {
    return receiveMessageOnPort(this.port)?.message as T | undefined;
  }

  /** Lets the thread go. */
  stop(): void {
    void this.worker.terminate();
    this.port.close();
  }
}
