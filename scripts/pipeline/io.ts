// Disk access for the pipeline, kept to one small object so the stages stay pure and tests
// can run against folders they make.
import { isAscii } from "node:buffer";
import fs from "node:fs";
import path from "node:path";

/** What the pipeline needs from the file system. */
export interface Io {
  exists(p: string): boolean;
  isDirectory(p: string): boolean;
  /** File names (not paths) in a folder, sorted. */
  list(dir: string): string[];
  readText(p: string): string;
  /** A file's size in bytes. */
  size(p: string): number;
  /**
   * Writes a whole folder so that readers see either the old one or the new one, never a mix.
   * Files come one at a time; a file's chunks are written as they come (each may be reused once
   * the next is read).
   */
  replaceFolder(dir: string, files: Iterable<[string, string | Iterable<string | Uint8Array>]>): { files: number; bytes: number };
  writeText(p: string, text: string): void;
}

/** Removes leftovers of an interrupted run and restores the previous output if a swap was cut short. */
export function recoverFolder(dir: string): void {
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  if (!fs.existsSync(parent)) return;
  for (const name of fs.readdirSync(parent)) {
    if (name.startsWith(base + ".tmp-")) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  const olds = fs.readdirSync(parent).filter((n) => n.startsWith(base + ".old-"));
  if (!fs.existsSync(dir) && olds.length > 0) fs.renameSync(path.join(parent, olds[0]), dir);
  for (const n of fs.readdirSync(parent).filter((x) => x.startsWith(base + ".old-"))) fs.rmSync(path.join(parent, n), { recursive: true, force: true });
}

/** The real file system. */
export const diskIo: Io = {
  exists: (p) => fs.existsSync(p),
  isDirectory: (p) => fs.existsSync(p) && fs.statSync(p).isDirectory(),
  list: (dir) => fs.readdirSync(dir).sort(),
  size: (p) => fs.statSync(p).size,
  // ASCII text (most exports) is the same read as Latin-1, which is a copy, not a decoding.
  readText: (p) => {
    const bytes = fs.readFileSync(p);
    return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  },
  writeText(p, text) {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    const tmp = `${p}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, p);
  },
  replaceFolder(dir, files) {
    recoverFolder(dir);
    const tmp = `${dir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    let count = 0;
    let bytes = 0;
    try {
      for (const [rel, content] of files) {
        const p = path.join(tmp, rel);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        if (typeof content === "string") {
          fs.writeFileSync(p, content);
          bytes += Buffer.byteLength(content);
        } else {
          const fd = fs.openSync(p, "w");
          try {
            for (const chunk of content) {
              if (typeof chunk === "string") bytes += fs.writeSync(fd, chunk);
              else {
                for (let done = 0; done < chunk.length; ) done += fs.writeSync(fd, chunk, done);
                bytes += chunk.length;
              }
            }
          } finally {
            fs.closeSync(fd);
          }
        }
        count++;
      }
    } catch (e) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    const old = `${dir}.old-${process.pid}`;
    if (fs.existsSync(dir)) fs.renameSync(dir, old);
    fs.renameSync(tmp, dir);
    fs.rmSync(old, { recursive: true, force: true });
    return { files: count, bytes };
  },
};
