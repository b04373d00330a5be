// A release's bundle: one ZIP of its files, written with fflate's streaming (synchronous) ZIP
// writer. Same files, same bytes: entries in name order, every entry dated the release day,
// one compression setting, input re-cut into blocks of a fixed size, no extra fields.
import fs from "node:fs";
import path from "node:path";
import { Zip, ZipDeflate } from "fflate";

/** One file of the bundle: its path inside the ZIP and its content, read in chunks when asked. */
export interface BundleEntry {
  name: string;
  chunks: () => Iterable<Uint8Array>;
}

// Deflate output depends on where its input is cut, so input is fed in blocks of this size
// whatever chunks it arrives in: a file read from disk and the same file made in memory zip alike.
const BLOCK = 64 * 1024;
// Fixed compression level and memory level (fflate would otherwise pick memory from the input size).
const DEFLATE = { level: 6, mem: 8 } as const;
// Bytes read from disk at once.
const READ_BYTES = 4 * 1024 * 1024;

/**
 * The entry time of every file: the release day at 00:00, built from local-time components,
 * since ZIP (DOS) times are local times: the bytes then do not depend on the machine's time zone.
 */
export function entryTime(released: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(released);
  if (!m) throw new Error(`release date must be YYYY-MM-DD, not "${released}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1980 || y > 2099) throw new Error(`a ZIP cannot date files ${released}: years 1980 to 2099 only`);
  return new Date(y, mo - 1, d);
}

/** Cuts chunks into blocks of BLOCK bytes (the last may be shorter), copying only where a block spans chunks. */
function* blocks(chunks: Iterable<Uint8Array>): Generator<Uint8Array> {
  let buf = new Uint8Array(BLOCK);
  let pos = 0;
  for (const chunk of chunks) {
    let at = 0;
    while (at < chunk.length) {
      if (pos === 0 && chunk.length - at >= BLOCK) {
        yield chunk.subarray(at, at + BLOCK);
        at += BLOCK;
        continue;
      }
      const n = Math.min(BLOCK - pos, chunk.length - at);
      buf.set(chunk.subarray(at, at + n), pos);
      pos += n;
      at += n;
      if (pos === BLOCK) {
        yield buf;
        // The deflater has copied the block; a new one keeps the caller free to hold it.
        buf = new Uint8Array(BLOCK);
        pos = 0;
      }
    }
  }
  if (pos > 0) yield buf.subarray(0, pos);
}

/**
 * The ZIP of entries as chunks of bytes, made as they are read: a large file is never whole in
 * memory. Entries are sorted by name; released (YYYY-MM-DD) dates every entry.
 */
export function* zipChunks(entries: Iterable<BundleEntry>, released: string): Generator<Uint8Array> {
  const mtime = entryTime(released);
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) if (sorted[i].name === sorted[i - 1].name) throw new Error(`bundle: "${sorted[i].name}" twice`);
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  // fflate's Zip with ZipDeflate calls this synchronously during push() and end().
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else out.push(data);
  });
  const drain = function* (): Generator<Uint8Array> {
    if (failure) throw failure;
    while (out.length) yield out.shift()!;
  };
  for (const entry of sorted) {
    const file = new ZipDeflate(entry.name, DEFLATE);
    file.mtime = mtime;
    zip.add(file);
    // Each block is pushed as soon as it is cut (a caller may reuse its chunk afterwards); an
    // empty last push ends the entry.
    for (const block of blocks(entry.chunks())) {
      file.push(block, false);
      yield* drain();
    }
    file.push(new Uint8Array(0), true);
    yield* drain();
  }
  zip.end();
  yield* drain();
}

/** A file's bytes read from disk in pieces of READ_BYTES. */
export function* fileChunks(file: string): Generator<Uint8Array> {
  const fd = fs.openSync(file, "r");
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(READ_BYTES);
      const n = fs.readSync(fd, buf, 0, READ_BYTES, null);
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The ZIP of files under dir, named by their paths relative to dir ("/"-separated), as chunks. */
export function zipFolderChunks(dir: string, names: Iterable<string>, released: string): Generator<Uint8Array> {
  const entries = [...names].map((name): BundleEntry => ({ name, chunks: () => fileChunks(path.join(dir, ...name.split("/"))) }));
  return zipChunks(entries, released);
}

/** Writes chunks to a file; returns the bytes written. */
export function writeChunks(file: string, chunks: Iterable<Uint8Array>): number {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, "w");
  let bytes = 0;
  try {
    for (const c of chunks) {
      fs.writeSync(fd, c);
      bytes += c.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return bytes;
}

/** The bundle's file name: the short name as a lower-case ASCII slug, "-", the version, ".zip". */
export function bundleName(shortName: string, version: string): string {
  const slug = shortName.normalize("NFKD").replace(/\p{M}+/gu, "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase() || "data";
  return `${slug}-${version}.zip`;
}
