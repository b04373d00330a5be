// Disk access for the pipeline, kept to one small object so the stages stay pure and tests
// can run against folders they make.
import fs from "node:fs";
import path from "node:path";
import { decodeText } from "./encoding.ts";
import { faultPoint } from "./faults.ts";
import { abandonOutput, beginOutput, commitOutput } from "./output.ts";
import { HelperThread } from "./thread.ts";

/** What is at a path, following symbolic links ("broken-link": a link to nothing). */
export type FileKind = "file" | "directory" | "fifo" | "socket" | "device" | "broken-link" | "missing";

/** What the pipeline needs from the file system. */
export interface Io {
  exists(p: string): boolean;
  isDirectory(p: string): boolean;
  /** File names (not paths) in a folder, sorted. */
  list(dir: string): string[];
  /** A file's text, decoded as decodeText does (see read.ts for the checked way to read input). */
  readText(p: string): string;
  /** A file's bytes. */
  readBytes(p: string): Uint8Array;
  /** A file's bytes in pieces of at most size bytes (each may be reused once the next is read), for files too large to hold whole. */
  readChunks?(p: string, size: number): Iterable<Uint8Array>;
  /** What is at a path; throws the system's error (EACCES, ELOOP...) where it cannot be told. */
  kind(p: string): FileKind;
  /** The path with every symbolic link and ".." resolved. */
  realPath(p: string): string;
  /** A file's size in bytes (0 where it cannot be read). */
  size(p: string): number;
  /**
   * Writes a whole folder so that readers see either the old one or the new one, never a mix
   * (see output.ts: the folder's path becomes a link to the new build).
   * Files come one at a time; a file's chunks are written as they come (each may be reused once
   * the next is read).
   */
  /**
   * Writes a new folder from the files given and makes it the output in one step. finish, when
   * given, runs once every file is on disk and before the swap: it may read the new folder and add
   * to it (the files and bytes it returns are counted); if it throws, the previous output stays.
   */
  replaceFolder(dir: string, files: Iterable<[string, string | Iterable<string | Uint8Array>]>, finish?: (tmp: string) => { files: number; bytes: number }): { files: number; bytes: number };
  writeText(p: string, text: string): void;
}

// The file writer, as plain JavaScript (it runs without the TypeScript loader). Messages come in
// order: open a file, its chunks, close it. signal[0] counts the bytes received and not yet
// written, signal[1] is set once the writer is done, signal[2] once a write has failed (the rest
// are then skipped, and the error is sent when asked for).
const WRITER = `
const { workerData } = require("node:worker_threads");
const fs = require("node:fs");
const { port, signal } = workerData;
let fd = -1;
let error = null;
let current = null;
port.on("message", (m) => {
  try {
    if (error === null) {
      if (m.open !== undefined) fd = fs.openSync((current = m.open), "w");
      else if (m.chunk !== undefined) for (let done = 0; done < m.chunk.length; ) done += fs.writeSync(fd, m.chunk, done);
      else if (m.close) {
        const f = fd;
        fd = -1;
        fs.closeSync(f);
      }
    }
  } catch (e) {
    error = e;
    Atomics.store(signal, 2, 1);
    if (fd >= 0) try { fs.closeSync(fd); } catch {}
    fd = -1;
  }
  if (m.chunk !== undefined) {
    Atomics.sub(signal, 0, m.chunk.length);
    Atomics.notify(signal, 0);
  }
  if (m.end) {
    port.postMessage(error === null ? null : { message: String(error.message), code: error.code, path: error.path || current });
    Atomics.store(signal, 1, 1);
    Atomics.notify(signal, 1);
  }
});
`;

// Bytes handed to the writer and not yet written before the main thread waits.
const MAX_UNWRITTEN = 64 << 20;

/**
 * Writes files on a helper thread, so that the main thread goes on making the next chunks while
 * the last are written (a write held up by the kernel's writeback of other files then costs the
 * run nothing). Chunks are copied, as the caller may reuse its buffer.
 */
class FileWriter {
  private readonly thread = new HelperThread(WRITER, 3);

  open(p: string): void {
    this.check();
    this.thread.port.postMessage({ open: p });
  }

  write(bytes: Uint8Array): void {
    this.thread.sendChunk(bytes, 0, MAX_UNWRITTEN);
    this.check();
  }

  close(): void {
    this.thread.port.postMessage({ close: true });
  }

  private failed: { message: string; code?: string; path?: string } | null | undefined = undefined;

  /** Waits for every write; throws the error of one that failed. */
  finish(): void {
    if (this.failed === undefined) {
      this.thread.port.postMessage({ end: true });
      this.thread.waitFor(1, 1, 600_000, "file writer");
      this.failed = this.thread.receive<{ message: string; code?: string; path?: string } | null>() ?? null;
    }
    if (this.failed) throw Object.assign(new Error(this.failed.message), { code: this.failed.code, path: this.failed.path });
  }

  /** A failed write stops the run at once rather than after every file is made. */
  private check(): void {
    if (Atomics.load(this.thread.signal, 2) !== 0) this.finish();
  }

  stop(): void {
    this.thread.stop();
  }
}

/** The real file system. */
export const diskIo: Io = {
  exists: (p) => fs.existsSync(p),
  isDirectory: (p) => fs.existsSync(p) && fs.statSync(p).isDirectory(),
  list: (dir) => fs.readdirSync(dir).sort(),
  // A link to nothing or an unreadable entry has no size; reading it then says why.
  size(p) {
    try {
      return fs.statSync(p).size;
    } catch {
      return 0;
    }
  },
  readText(p) {
    const d = decodeText(fs.readFileSync(p), p);
    if ("expected" in d) throw new Error(`${p}:${d.line}: expected ${d.expected}`);
    return d.text;
  },
  readBytes: (p) => fs.readFileSync(p),
  *readChunks(p, size) {
    const fd = fs.openSync(p, "r");
    try {
      const buf = Buffer.allocUnsafe(size);
      for (let n = fs.readSync(fd, buf, 0, size, null); n > 0; n = fs.readSync(fd, buf, 0, size, null)) yield buf.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  },
  kind(p) {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return fs.lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink() ? "broken-link" : "missing";
    if (st.isFile()) return "file";
    if (st.isDirectory()) return "directory";
    if (st.isFIFO()) return "fifo";
    if (st.isSocket()) return "socket";
    return "device";
  },
  realPath: (p) => fs.realpathSync(p),
  writeText(p, text) {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    const tmp = `${p}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, p);
  },
  replaceFolder(dir, files, finish) {
    const tmp = beginOutput(dir);
    let count = 0;
    let bytes = 0;
    // Large files (written in chunks) go through the writer; small ones are written here.
    const writer = new FileWriter();
    try {
      for (const [rel, content] of files) {
        const p = path.join(tmp, rel);
        if (typeof content === "string") {
          try {
            fs.mkdirSync(path.dirname(p), { recursive: true });
            fs.writeFileSync(p, content);
          } catch (e) {
            // A failed write() names no file: name the one being written.
            throw Object.assign(e as Error, { path: (e as NodeJS.ErrnoException).path ?? p });
          }
          bytes += Buffer.byteLength(content);
        } else {
          fs.mkdirSync(path.dirname(p), { recursive: true });
          writer.open(p);
          try {
            for (const chunk of content) {
              const b = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
              writer.write(b);
              bytes += b.length;
            }
          } finally {
            writer.close();
          }
        }
        count++;
        if (count === 8) faultPoint(`${path.basename(dir)}-write`);
      }
      writer.finish();
      if (finish) {
        const added = finish(tmp);
        count += added.files;
        bytes += added.bytes;
      }
    } catch (e) {
      // Nothing is removed while the writer may still be writing into it.
      try {
        writer.finish();
      } catch {
        // The error thrown is the first one.
      }
      writer.stop();
      abandonOutput(tmp);
      throw e;
    }
    writer.stop();
    commitOutput(dir, tmp);
    return { files: count, bytes };
  },
};
