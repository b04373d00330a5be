// Output encoding: rows of a column table written as CSV lines or JSON arrays straight into
// byte buffers, handed on in chunks. Each distinct dictionary value and each pseudonym is
// encoded once; a row costs a few byte copies instead of dozens of string concatenations.
import { needsFormulaGuard } from "../../src/lib/formula.ts";
import { ArrayColumn, DictColumn, FixedWidthColumn, NullColumn, NumberColumn, RefColumn, TextColumn, type Column } from "./table.ts";

/**
 * Bytes written into a buffer, handed on in chunks of about CHUNK_BYTES. The buffer is reused:
 * a chunk is valid until more is written (the files are written chunk by chunk as they are
 * made), so a gigabyte of output allocates one buffer, not a thousand.
 */
export class ByteSink {
  static readonly CHUNK_BYTES = 1 << 20;
  private buf = Buffer.allocUnsafe(ByteSink.CHUNK_BYTES + 4096);
  pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const b = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(b, 0, 0, this.pos);
    this.buf = b;
  }

  byte(b: number): void {
    if (this.pos === this.buf.length) this.room(1);
    this.buf[this.pos++] = b;
  }

  /** Copies bytes[start, end). */
  bytes(bytes: Uint8Array, start = 0, end = bytes.length): void {
    const n = end - start;
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    // Short values (most cells) are copied byte by byte: cheaper than a call into set().
    if (n < 32) for (let k = start; k < end; k++) buf[p++] = bytes[k];
    else {
      buf.set(bytes.subarray(start, end), p);
      p += n;
    }
    this.pos = p;
  }

  /** A string in UTF-8. */
  text(s: string): void {
    this.room(s.length * 3);
    this.pos += this.buf.write(s, this.pos, "utf8");
  }

  /** A whole number in decimal, as String(n) writes it (n a safe integer). */
  integer(n: number): void {
    this.room(17);
    const buf = this.buf;
    if (n < 0) {
      buf[this.pos++] = 45;
      n = -n;
    }
    // Small counts (most cells) directly; larger numbers digit by digit from the end.
    if (n < 10) {
      buf[this.pos++] = 48 + n;
      return;
    }
    if (n < 100) {
      const t = (n / 10) | 0;
      buf[this.pos++] = 48 + t;
      buf[this.pos++] = 48 + n - 10 * t;
      return;
    }
    let digits = 0;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    for (; n >= 1; n = Math.floor(n / 10)) buf[--p] = 48 + (n % 10);
  }

  /** The bytes written so far; the sink starts again empty, and will write over them. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.pos = 0;
    return out;
  }
}

/** Many strings encoded once into one buffer: string k is bytes[start[k], start[k + 1]). */
interface Packed {
  bytes: Uint8Array;
  start: Int32Array;
}

function pack(texts: readonly string[]): Packed {
  const joined = texts.join("");
  const bytes = Buffer.from(joined, "utf8");
  const start = new Int32Array(texts.length + 1);
  // When every character is one byte, offsets are character offsets; otherwise count each.
  const ascii = bytes.length === joined.length;
  for (let k = 0; k < texts.length; k++) start[k + 1] = start[k] + (ascii ? texts[k].length : Buffer.byteLength(texts[k]));
  return { bytes, start };
}

/** How a value is written: CSV cell text or JSON. */
export interface Format {
  /** The text of a value (null included). */
  value(v: unknown): string;
  /** The text of an empty number cell. */
  readonly missingNumber: string;
  /**
   * How value() writes a plain string (see plainRows: no quote, backslash, control character or
   * surrogate): as it is, in quotes always (true) or only when it holds this character.
   */
  readonly quotePlain: true | string;
  /**
   * Whether value() prefixes text a spreadsheet would read as a formula (src/lib/formula.ts):
   * such text is never written by the plain fast paths.
   */
  readonly formulaGuard: boolean;
}

/** Writes a plain string as the format's value() would, without escaping it. */
function writePlain(sink: ByteSink, s: string, quote: true | string): void {
  if (quote === true || s.includes(quote)) {
    sink.byte(34);
    sink.text(s);
    sink.byte(34);
  } else sink.text(s);
}

/** Writes column col's value of row i. */
export type CellWriter = (sink: ByteSink, i: number) => void;

// Packed pseudonyms, by the column they come from and the format: a table's pseudonyms are
// written in several files (incidents in five), and encoded once per format.
const packs = new WeakMap<Column<string>, Map<Format, Packed>>();

function packedFor(col: Column<string>, format: Format): Packed {
  let byFormat = packs.get(col);
  if (!byFormat) packs.set(col, (byFormat = new Map()));
  let p = byFormat.get(format);
  if (!p) byFormat.set(format, (p = pack(Array.from({ length: col.length }, (_, i) => format.value(col.get(i))))));
  return p;
}

// Characters that JSON escapes, or that make a CSV cell quoted with its quotes doubled; and
// surrogates (JSON escapes lone ones; UTF-8 cannot encode them).
const NOT_PLAIN = /["\\\x00-\x1f\ud800-\udfff]/g;

// Which rows of long text columns are plain, by column: narratives are written in two files.
const plainByColumn = new WeakMap<TextColumn, Uint8Array>();

/**
 * Which rows of a text column hold plain text (1), which Format.plain writes as is: most
 * narratives. Found by one regular expression over each block of packed text rather than one
 * per row, and escaped text (JSON.stringify) is made only for the rows that need it.
 */
export function plainRows(col: TextColumn): Uint8Array {
  let plain = plainByColumn.get(col);
  if (plain) return plain;
  const { blocks, block, start, end } = col.parts();
  // Per block, where characters that are not plain are (usually nowhere).
  const at = blocks.map((text) => {
    const found: number[] = [];
    NOT_PLAIN.lastIndex = 0;
    for (let m = NOT_PLAIN.exec(text); m !== null; m = NOT_PLAIN.exec(text)) found.push(m.index);
    return found;
  });
  plain = new Uint8Array(col.length);
  for (let i = 0; i < col.length; i++) {
    if (start[i] < 0) continue;
    const found = at[block[i]];
    if (found.length === 0) {
      plain[i] = 1;
      continue;
    }
    // The first position at or after the row's start, if any, must lie past its end.
    let lo = 0;
    let hi = found.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (found[mid] < start[i]) lo = mid + 1;
      else hi = mid;
    }
    plain[i] = lo === found.length || found[lo] >= end[i] ? 1 : 0;
  }
  plainByColumn.set(col, plain);
  return plain;
}

/** A fixed-width column's distinct values, encoded once: value k is bytes[k * width, (k + 1) * width). */
const fixedBytes = new WeakMap<FixedWidthColumn, Buffer | null>();

/** Whether some value of a fixed-width column would be written with the formula prefix. */
const fixedFormula = new WeakMap<FixedWidthColumn, boolean>();

/**
 * The bytes of a fixed-width column's values (pseudonyms, hex digits) when every value can be
 * written as it is in the format, in quotes or not alike; else null.
 */
function fixedBytesFor(col: FixedWidthColumn, format: Format): Buffer | null {
  let bytes = fixedBytes.get(col);
  if (bytes === undefined) {
    NOT_PLAIN.lastIndex = 0;
    const plain = !NOT_PLAIN.test(col.text) && Buffer.byteLength(col.text) === col.text.length;
    fixedBytes.set(col, (bytes = plain ? Buffer.from(col.text, "latin1") : null));
  }
  if (bytes !== null && format.formulaGuard) {
    let formula = fixedFormula.get(col);
    if (formula === undefined) {
      formula = false;
      for (let at = 0; at < col.text.length && !formula; at += col.width) formula = needsFormulaGuard(col.text.slice(at, at + col.width));
      fixedFormula.set(col, formula);
    }
    if (formula) return null;
  }
  return bytes !== null && (format.quotePlain === true || !col.text.includes(format.quotePlain)) ? bytes : null;
}

/** Writes value k of a fixed-width column from its bytes (see fixedBytesFor). */
function writeFixed(sink: ByteSink, bytes: Buffer, width: number, k: number, quoted: boolean): void {
  if (quoted) sink.byte(34);
  sink.bytes(bytes, k * width, k * width + width);
  if (quoted) sink.byte(34);
}

/** Whether a column holds pseudonyms (one string per row, referred to by other tables). */
function isPseudonyms(col: Column<unknown>): col is Column<string> {
  return col instanceof FixedWidthColumn || (col instanceof ArrayColumn && col.data.every((v) => typeof v === "string"));
}

/** The writer of one column's values in a format, chosen by how the column is stored. */
export function cellWriter(col: Column<unknown>, format: Format): CellWriter {
  if (col instanceof DictColumn) {
    const values = col.values.map((v) => Buffer.from(format.value(v), "utf8"));
    const codes = col.codes;
    return (sink, i) => sink.bytes(values[codes[i]]);
  }
  if (col instanceof NumberColumn) {
    const data = col.data;
    const missing = Buffer.from(format.missingNumber);
    return (sink, i) => {
      const v = data[i];
      if (v !== v) sink.bytes(missing);
      else if (Number.isSafeInteger(v)) sink.integer(v);
      else sink.text(String(v));
    };
  }
  if (col instanceof RefColumn && col.target instanceof FixedWidthColumn && fixedBytesFor(col.target, format)) {
    // References to pseudonyms: each written from the target's encoded values.
    const target = col.target;
    const bytes = fixedBytesFor(target, format)!;
    const quoted = format.quotePlain === true;
    const missing = col.missing.map((v) => Buffer.from(format.value(v), "utf8"));
    const none = Buffer.from(format.value(null));
    const refs = col.refs;
    const at = target.at;
    const width = target.width;
    return (sink, i) => {
      const r = refs[i];
      if (r >= 0) writeFixed(sink, bytes, width, at[r], quoted);
      else sink.bytes(r === -1 ? none : missing[-2 - r]);
    };
  }
  if (col instanceof FixedWidthColumn && fixedBytesFor(col, format)) {
    const bytes = fixedBytesFor(col, format)!;
    const quoted = format.quotePlain === true;
    const at = col.at;
    const width = col.width;
    return (sink, i) => writeFixed(sink, bytes, width, at[i], quoted);
  }
  if (col instanceof RefColumn && isPseudonyms(col.target)) {
    // References to pseudonyms: each written from the target's packed pseudonyms.
    const target = packedFor(col.target, format);
    const missing = col.missing.map((v) => Buffer.from(format.value(v), "utf8"));
    const none = Buffer.from(format.value(null));
    const refs = col.refs;
    return (sink, i) => {
      const r = refs[i];
      if (r >= 0) sink.bytes(target.bytes, target.start[r], target.start[r + 1]);
      else sink.bytes(r === -1 ? none : missing[-2 - r]);
    };
  }
  if (isPseudonyms(col)) {
    const packed = packedFor(col, format);
    return (sink, i) => sink.bytes(packed.bytes, packed.start[i], packed.start[i + 1]);
  }
  if (col instanceof NullColumn) {
    const none = Buffer.from(format.value(null));
    return (sink) => sink.bytes(none);
  }
  if (col instanceof TextColumn) {
    // Narratives: plain ones written as they are, the others escaped. Plain rows are shared by
    // the CSV and JSON files, so the formula check is the writer's: one look at the first
    // characters of a row (a summary beginning "=" or "-") rather than a pass over its text.
    const plain = plainRows(col);
    const guard = format.formulaGuard;
    return (sink, i) => {
      const v = col.get(i);
      if (plain[i] === 1 && !(guard && needsFormulaGuard(v!))) writePlain(sink, v!, format.quotePlain);
      else sink.text(format.value(v));
    };
  }
  // Anything else: each value formatted as it is written.
  return (sink, i) => sink.text(format.value(col.get(i)));
}

/**
 * The writer of a row: its cells' writers with a separator byte between them. Compiled as
 * w0(s, i); s.byte(44); w1(s, i); ... so that each call site sees one writer (a loop would
 * call every kind of writer from one site, which V8 cannot inline).
 */
export function rowWriter(writers: CellWriter[], separator: number): CellWriter {
  const names = writers.map((_, k) => `w${k}`);
  const body = names.map((w) => `${w}(s, i);`).join(` s.byte(${separator}); `);
  return new Function(...names, `return (s, i) => { ${body} };`)(...writers) as CellWriter;
}
