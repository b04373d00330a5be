// The encodings the kit reads. UTF-8, with or without a byte-order mark, is read as it is; UTF-16
// with a byte-order mark is read as UTF-16; a file without a byte-order mark that is not valid
// UTF-8 is read as Windows-1252 (what such exports almost always are), with a note saying so. A
// file that cannot be one text in one encoding (a UTF-8 byte-order mark over bytes that are not
// UTF-8, or UTF-8 mixed with another encoding) is refused at the first line that is not UTF-8.
import { isAscii, isUtf8 } from "node:buffer";

/** The encoding a file was read in. */
export type Encoding = "ASCII" | "UTF-8" | "UTF-16LE" | "UTF-16BE" | "Windows-1252";

/** A file's text as decoded, with a note for the report and the log when it was not UTF-8. */
export interface Decoded {
  /** The text, a byte-order mark kept (the readers of each format strip it). */
  text: string;
  /** The encoding it was read in. */
  encoding: Encoding;
  /** One sentence naming the file and how it was read, or null for UTF-8 (and ASCII). */
  note: string | null;
}

/** Why a file was not decoded: the line (1-based) of the first bytes at fault, what was expected, and the fix. */
export interface Undecodable {
  /** 1-based line of the first bytes at fault. */
  line: number;
  /** Completes "expected ...". */
  expected: string;
  /** How to fix the file. */
  fix: string;
}

const SAVE_AS_UTF8 = "save the file again as UTF-8 (in Excel: Save As, \"CSV UTF-8\"; in a text editor: Save with encoding UTF-8)";

/**
 * Decodes a file's bytes by the rules above; file names it in the note. ASCII (most exports) and
 * UTF-8 are told apart with node:buffer's native checks, so the common cases cost one pass.
 */
export function decodeText(bytes: Uint8Array, file = "the file"): Decoded | Undecodable {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // ASCII text is the same read as Latin-1, which is a copy, not a decoding.
  if (isAscii(buf)) return { text: buf.toString("latin1"), encoding: "ASCII", note: null };
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return decodeUtf16(buf, buf[0] === 0xff ? "UTF-16LE" : "UTF-16BE", file);
  if (isUtf8(buf)) return { text: buf.toString("utf8"), encoding: "UTF-8", note: null };
  const { invalid, multibyte } = utf8Scan(buf);
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { line: lineAt(buf, invalid), expected: `UTF-8 throughout, as the file's byte-order mark says; line ${lineAt(buf, invalid)} has bytes that are not UTF-8`, fix: SAVE_AS_UTF8 };
  }
  if (multibyte >= 0) {
    return {
      line: lineAt(buf, invalid),
      expected: `text in one encoding; line ${lineAt(buf, multibyte)} is written in UTF-8 but line ${lineAt(buf, invalid)} is not (two encodings mixed in one file)`,
      fix: SAVE_AS_UTF8 + ", or correct the characters of the line that is not",
    };
  }
  let outside = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] >= 0x80) outside++;
  const first = buf.findIndex((b) => b >= 0x80);
  return {
    text: windows1252(buf),
    encoding: "Windows-1252",
    note: `${file} is not UTF-8; read as Windows-1252 (${outside.toLocaleString("en-US")} character${outside === 1 ? "" : "s"} outside ASCII, first at line ${lineAt(buf, first)})`,
  };
}

// Windows-1252 differs from Latin-1 in 0x80-0x9F only; the five bytes it leaves undefined stay C1
// controls, which the control-character check then refuses. (Node's TextDecoder reads
// "windows-1252" as Latin-1, so the table is the kit's own.)
const CP1252_80_9F = "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

/** Decodes Windows-1252 bytes. */
export function windows1252(buf: Buffer): string {
  return buf.toString("latin1").replace(/[\x80-\x9F]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]);
}

function decodeUtf16(buf: Buffer, encoding: "UTF-16LE" | "UTF-16BE", file: string): Decoded | Undecodable {
  const label = encoding.toLowerCase();
  try {
    const text = new TextDecoder(label, { fatal: true }).decode(buf);
    return { text, encoding, note: `${file} is not UTF-8; read as ${encoding}, as its byte-order mark says` };
  } catch {
    const loose = new TextDecoder(label).decode(buf);
    const at = loose.indexOf("\uFFFD");
    const line = at < 0 ? 1 : loose.slice(0, at).split("\n").length;
    return { line, expected: `${encoding} throughout, as the file's byte-order mark says; line ${line} is not`, fix: SAVE_AS_UTF8 };
  }
}

/** 1-based line of a byte offset. */
function lineAt(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = buf.indexOf(0x0a); i !== -1 && i < offset; i = buf.indexOf(0x0a, i + 1)) line++;
  return line;
}

/** Offsets of the first byte that is not UTF-8 and of the first valid multi-byte UTF-8 character (-1: none). */
export function utf8Scan(b: Uint8Array): { invalid: number; multibyte: number } {
  let invalid = -1;
  let multibyte = -1;
  const cont = (i: number, lo = 0x80, hi = 0xbf) => i < b.length && b[i] >= lo && b[i] <= hi;
  for (let i = 0; i < b.length && (invalid < 0 || multibyte < 0); ) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n = 0;
    if (c >= 0xc2 && c <= 0xdf) n = cont(i + 1) ? 2 : 0;
    else if (c >= 0xe0 && c <= 0xef) {
      const [lo, hi] = c === 0xe0 ? [0xa0, 0xbf] : c === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
      n = cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
    } else if (c >= 0xf0 && c <= 0xf4) {
      const [lo, hi] = c === 0xf0 ? [0x90, 0xbf] : c === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      n = cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    }
    if (n === 0) {
      if (invalid < 0) invalid = i;
      i++;
    } else {
      if (multibyte < 0) multibyte = i;
      i += n;
    }
  }
  return { invalid, multibyte };
}
