// Release snapshots: a release's files written as a line delta against the release before it, so
// that a repository can keep every release in little space and replay them byte for byte.
//
// Format (gzip of UTF-8/byte lines, each ending in "\n"):
//   uof-snapshot 1                              first line: format and version of the format
//   F <sha256> <bytes> <lines> <final> <path>   starts a file; final is 1 when it ends with "\n"
//   C <start> <count>                           copies lines start..start+count-1 (0-based) of the
//                                               previous release's file at the same path
//   L <text>                                    one literal line (its bytes, without the "\n")
//   E <files>                                   end: the number of files written
// A file's lines are its bytes split at "\n"; a file that ends with "\n" has no empty last line,
// and an empty file has no lines. Files not written are not in the release. Each file is its own
// gzip member (a gzip reader reads the members as one stream), so encoding never holds more than
// one file's ops at a time.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { crc32, gunzipSync, gzipSync, inflateRawSync } from "node:zlib";

/** A file as lines over its bytes, without copying them. */
export interface Lines {
  /** The file's bytes. */
  readonly data: Buffer;
  /**
   * Where each line starts, plus one entry past the last line: line i is
   * data[starts[i], starts[i + 1] - 1). The last entry is data.length when the file ends with
   * "\n", data.length + 1 when it does not.
   */
  readonly starts: Uint32Array;
}

/** The files of one release: path inside the release -> lines. */
export type ReleaseFiles = Map<string, Lines>;

export const SNAPSHOT_HEADER = "uof-snapshot 1";
const EMPTY_LINES: Lines = { data: Buffer.alloc(0), starts: new Uint32Array(1) };
const NL = 0x0a;

/** Splits bytes into lines (no copy). */
export function toLines(data: Buffer): Lines {
  if (data.length > 0xfffffffe) throw new Error(`a release file of ${data.length} bytes is larger than snapshots handle (4 GB)`);
  let n = 0;
  for (let i = data.indexOf(NL); i !== -1; i = data.indexOf(NL, i + 1)) n++;
  const final = data.length > 0 && data[data.length - 1] === NL;
  const count = data.length === 0 ? 0 : final ? n : n + 1;
  const starts = new Uint32Array(count + 1);
  let k = 0;
  let at = 0;
  for (let i = data.indexOf(NL); i !== -1; i = data.indexOf(NL, i + 1)) {
    starts[k++] = at;
    at = i + 1;
  }
  if (!final && data.length > 0) starts[k++] = at;
  starts[k] = final ? data.length : data.length + (data.length > 0 ? 1 : 0);
  return { data, starts };
}

/** Number of lines of a file. */
export function lineCount(l: Lines): number {
  return l.starts.length - 1;
}

/** Line i's bytes (a view, not a copy). */
export function lineAt(l: Lines, i: number): Buffer {
  return l.data.subarray(l.starts[i], l.starts[i + 1] - 1);
}

/** The file's bytes, to write it back (one chunk: the lines are views over them). */
export function* fileBytes(l: Lines): Iterable<Uint8Array> {
  yield l.data;
}

/** Lines of a text (for tests and small files). */
export function linesOf(text: string | Buffer): Lines {
  return toLines(typeof text === "string" ? Buffer.from(text, "utf8") : text);
}

export function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Reads the given paths (relative to dir, "/"-separated) into a release. */
export function readReleaseFiles(dir: string, paths: Iterable<string>): ReleaseFiles {
  const out: ReleaseFiles = new Map();
  for (const p of [...paths].sort()) out.set(p, toLines(fs.readFileSync(path.join(dir, ...p.split("/")))));
  return out;
}

/** Writes a release's files under dir. */
export function writeReleaseFiles(dir: string, files: ReleaseFiles): void {
  for (const [p, l] of files) {
    const to = path.join(dir, ...p.split("/"));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, l.data);
  }
}

// FNV-1a over a byte range: a numeric key for the line table (content is verified on a hit).
function hashRange(data: Buffer, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ data[i], 0x01000193);
  return h >>> 0;
}

function sameLine(a: Lines, i: number, b: Lines, j: number): boolean {
  const as = a.starts[i], ae = a.starts[i + 1] - 1, bs = b.starts[j], be = b.starts[j + 1] - 1;
  return ae - as === be - bs && a.data.compare(b.data, bs, be, as, ae) === 0;
}

/** An open-addressing table from line content to the first line that has it, over one file. */
class LineTable {
  private readonly slots: Int32Array;
  private readonly hashes: Uint32Array;
  private readonly mask: number;
  constructor(private readonly lines: Lines) {
    const n = lineCount(lines);
    let size = 16;
    while (size < n * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    this.hashes = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const h = hashRange(lines.data, lines.starts[i], lines.starts[i + 1] - 1);
      this.hashes[i] = h;
      for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
        const at = this.slots[s];
        if (at === -1) { this.slots[s] = i; break; }
        if (this.hashes[at] === h && sameLine(lines, at, lines, i)) break;
      }
    }
  }
  /** The first line of the table's file equal to line j of `of`, or -1. */
  find(of: Lines, j: number): number {
    const h = hashRange(of.data, of.starts[j], of.starts[j + 1] - 1);
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const at = this.slots[s];
      if (at === -1) return -1;
      if (this.hashes[at] === h && sameLine(this.lines, at, of, j)) return at;
    }
  }
}

/** Collects op bytes in large blocks. */
class OpWriter {
  chunks: Buffer[] = [];
  private block = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private flush(): void {
    if (this.used > 0) this.chunks.push(Buffer.from(this.block.subarray(0, this.used)));
    this.used = 0;
  }
  text(s: string): void {
    if (this.used + s.length * 3 > this.block.length) this.flush();
    if (s.length * 3 > this.block.length) { this.chunks.push(Buffer.from(s, "utf8")); return; }
    this.used += this.block.write(s, this.used, "utf8");
  }
  bytes(b: Buffer, from: number, to: number): void {
    const n = to - from;
    if (this.used + n > this.block.length) this.flush();
    if (n > this.block.length) { this.chunks.push(Buffer.from(b.subarray(from, to))); return; }
    b.copy(this.block, this.used, from, to);
    this.used += n;
  }
  take(): Buffer {
    this.flush();
    const out = Buffer.concat(this.chunks);
    this.chunks = [];
    return out;
  }
}

function checkPath(p: string): void {
  if (p === "" || /[\n\r]/.test(p) || p.startsWith("/") || p.split("/").some((s) => s === "" || s === "." || s === "..")) {
    throw new Error(`release file path "${p}" cannot be kept in a snapshot: expected a relative path such as figures/x.csv`);
  }
}

/** Writes one file's ops. */
function encodeFile(w: OpWriter, filePath: string, prev: Lines | undefined, cur: Lines): void {
  const n = lineCount(cur);
  const final = cur.data.length > 0 && cur.data[cur.data.length - 1] === NL ? 1 : 0;
  w.text(`F ${sha256(cur.data)} ${cur.data.length} ${n} ${final} ${filePath}\n`);
  const table = prev && lineCount(prev) > 0 ? new LineTable(prev) : null;
  const prevCount = prev ? lineCount(prev) : 0;
  let runStart = -1;
  let runLen = 0;
  const endRun = () => {
    if (runLen > 0) w.text(`C ${runStart} ${runLen}\n`);
    runLen = 0;
  };
  for (let j = 0; j < n; j++) {
    // Extend the current run while the lines keep matching in order.
    if (runLen > 0 && runStart + runLen < prevCount && sameLine(prev!, runStart + runLen, cur, j)) { runLen++; continue; }
    endRun();
    const k = table ? table.find(cur, j) : -1;
    if (k >= 0) { runStart = k; runLen = 1; continue; }
    w.text("L ");
    w.bytes(cur.data, cur.starts[j], cur.starts[j + 1] - 1);
    w.text("\n");
  }
  endRun();
}

/**
 * The snapshot of `cur` against `prev` (null for the first release): gzip bytes, deterministic
 * for the same input. Files are written in path order.
 */
export function encodeSnapshot(prev: ReleaseFiles | null, cur: ReleaseFiles): Buffer {
  const members: Buffer[] = [];
  const w = new OpWriter();
  w.text(SNAPSHOT_HEADER + "\n");
  const paths = [...cur.keys()].sort();
  for (const p of paths) {
    checkPath(p);
    encodeFile(w, p, prev?.get(p), cur.get(p)!);
    members.push(gzipSync(w.take(), { level: 9 }));
  }
  w.text(`E ${paths.length}\n`);
  members.push(gzipSync(w.take(), { level: 9 }));
  return Buffer.concat(members);
}

/** Raised when a snapshot cannot be applied; names the snapshot and, where it is one file's, the path. */
export class SnapshotError extends Error {
  constructor(readonly snapshot: string, readonly file: string | null, detail: string) {
    super(`${snapshot}${file !== null ? `, file ${file}` : ""}: ${detail}`);
    this.name = "SnapshotError";
  }
}

/**
 * The decompressed gzip members of a snapshot, one at a time, each checked against its CRC-32
 * and size, so that applying a large first snapshot never holds all of its ops at once.
 */
function* members(gz: Buffer, name: string): Generator<Buffer> {
  const damaged = (why: string) => new SnapshotError(name, null, `not a readable gzip file (${why}); it is damaged or truncated`);
  let at = 0;
  while (at < gz.length) {
    if (gz.length - at < 18 || gz[at] !== 0x1f || gz[at + 1] !== 0x8b || gz[at + 2] !== 8) throw damaged(`no gzip member at byte ${at}`);
    if (gz[at + 3] !== 0) {
      // A member with optional header fields (not written by encodeSnapshot): read the rest whole.
      try {
        yield gunzipSync(gz.subarray(at));
      } catch (e) {
        throw damaged((e as Error).message);
      }
      return;
    }
    let r: { buffer: Buffer; engine: { bytesWritten: number } };
    try {
      r = inflateRawSync(gz.subarray(at + 10), { info: true }) as unknown as typeof r;
    } catch (e) {
      throw damaged((e as Error).message);
    }
    const end = at + 10 + r.engine.bytesWritten;
    if (end + 8 > gz.length) throw damaged("the last member is cut off");
    if (crc32(r.buffer) !== gz.readUInt32LE(end) || r.buffer.length % 2 ** 32 !== gz.readUInt32LE(end + 4)) throw damaged(`member at byte ${at} fails its check`);
    yield r.buffer;
    at = end + 8;
  }
}

/** How applySnapshot treats memory. */
export interface ApplyOptions {
  /** Drop each previous file from `prev` once its new version is built (replaying a chain keeps one release in memory, not two). */
  releasePrevious?: boolean;
  /** Only check the snapshot: files are rebuilt and checked one at a time, and not returned. */
  checkOnly?: boolean;
}

/**
 * Applies a snapshot to the previous release's files (null for the first) and returns the
 * release it records. Every file's size, line count and sha256 are checked; `name` (the
 * snapshot's file name) is used in errors.
 */
export function applySnapshot(prev: ReleaseFiles | null, gz: Uint8Array, name = "snapshot", opts: ApplyOptions = {}): ReleaseFiles {
  const out: ReleaseFiles = new Map();
  // Op lines, one gzip member at a time (a line never spans two members).
  const reader = members(Buffer.from(gz.buffer, gz.byteOffset, gz.byteLength), name);
  let ops: Buffer = Buffer.alloc(0);
  let at = 0;
  const next = (): Buffer | null => {
    while (at >= ops.length) {
      const m = reader.next();
      if (m.done) return null;
      ops = m.value;
      at = 0;
    }
    const nl = ops.indexOf(NL, at);
    if (nl === -1) throw new SnapshotError(name, null, "the last op is cut off");
    const line = ops.subarray(at, nl);
    at = nl + 1;
    return line;
  };
  const header = next();
  if (header === null || header.toString("latin1") !== SNAPSHOT_HEADER) throw new SnapshotError(name, null, `expected it to start with "${SNAPSHOT_HEADER}"`);
  let op = next();
  let ended = false;
  while (op !== null) {
    const kind = op[0];
    if (kind === 0x45 /* E */) {
      const m = /^E (\d+)$/.exec(op.toString("latin1"));
      if (!m || +m[1] !== out.size) throw new SnapshotError(name, null, `the end mark does not match the ${out.size} files read`);
      ended = true;
      op = next();
      if (op !== null) throw new SnapshotError(name, null, "ops follow the end mark");
      break;
    }
    if (kind !== 0x46 /* F */) throw new SnapshotError(name, null, `expected a file header, got "${op.subarray(0, 40).toString("utf8")}"`);
    const m = /^F ([0-9a-f]{64}) (\d+) (\d+) ([01]) (.+)$/s.exec(op.toString("utf8"));
    if (!m) throw new SnapshotError(name, null, `malformed file header "${op.subarray(0, 120).toString("utf8")}"`);
    const [, sum, bytesText, countText, finalText, filePath] = m;
    if (out.has(filePath)) throw new SnapshotError(name, filePath, "the file is written twice");
    const base = prev?.get(filePath);
    // Pieces are runs of whole lines, each without its last "\n"; they are joined by "\n".
    const pieces: Buffer[] = [];
    let lines = 0;
    let size = 0;
    for (op = next(); op !== null && op[0] !== 0x46 && op[0] !== 0x45; op = next()) {
      let piece: Buffer;
      if (op[0] === 0x4c /* L */ && op[1] === 0x20) {
        piece = op.subarray(2);
        lines++;
      } else if (op[0] === 0x43 /* C */) {
        const c = /^C (\d+) (\d+)$/.exec(op.toString("latin1"));
        if (!c) throw new SnapshotError(name, filePath, `malformed copy "${op.toString("latin1")}"`);
        const start = +c[1], count = +c[2];
        if (!base) throw new SnapshotError(name, filePath, "copies lines from a previous release that has no such file (apply the snapshots in order, from the first release)");
        if (count < 1 || start + count > lineCount(base)) throw new SnapshotError(name, filePath, `copies lines ${start}..${start + count - 1} of a previous file of ${lineCount(base)} lines (apply the snapshots in order)`);
        piece = base.data.subarray(base.starts[start], base.starts[start + count] - 1);
        lines += count;
      } else {
        throw new SnapshotError(name, filePath, `unknown op "${op.subarray(0, 40).toString("utf8")}"`);
      }
      size += piece.length + (pieces.length > 0 ? 1 : 0);
      pieces.push(piece);
    }
    const final = finalText === "1";
    if (final) size++;
    if (lines !== +countText || size !== +bytesText) {
      throw new SnapshotError(name, filePath, `rebuilt ${lines} lines and ${size} bytes where the header records ${countText} lines and ${bytesText} bytes`);
    }
    const data = Buffer.allocUnsafe(size);
    let w = 0;
    for (let i = 0; i < pieces.length; i++) {
      if (i > 0) data[w++] = NL;
      w += pieces[i].copy(data, w);
    }
    if (final) data[w++] = NL;
    if (sha256(data) !== sum) throw new SnapshotError(name, filePath, `the rebuilt file's sha256 differs from the one recorded (${sum}); the snapshot or the release before it is damaged`);
    if (opts.releasePrevious) prev?.delete(filePath);
    out.set(filePath, opts.checkOnly ? EMPTY_LINES : toLines(data));
  }
  if (!ended) throw new SnapshotError(name, null, "the end mark is missing; the file is truncated");
  return out;
}
