// Control characters: invisible in most programs, usually the trace of a corrupt export or of a
// copy from another system, and never meant to be published. Tab, line feed and carriage return
// are text; every other C0 control, DEL and the C1 controls (U+0080 to U+009F) are refused
// where they are found. A file is tested with one regular expression; only a file that holds
// one is searched again to say where.
import type { Problem } from "./problems.ts";

/** A control character the kit refuses: C0 but tab, LF and CR; DEL; C1. */
export const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/;
const CONTROL_ALL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/g;

const C0 = ["NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"];

/** Whether text holds a refused control character. */
export function hasControl(text: string): boolean {
  return CONTROL.test(text);
}

/** The name of a control character, e.g. "NUL (U+0000)" or "a C1 control (U+0085)". */
export function controlName(ch: string): string {
  const c = ch.charCodeAt(0);
  const code = `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
  if (c < 0x20) return `${C0[c]} (${code})`;
  if (c === 0x7f) return `DEL (${code})`;
  return `a C1 control (${code})`;
}

/** Text with each refused control character written as \u followed by its code, so that it can be shown. */
export function showControls(s: string): string {
  return s.replace(CONTROL_ALL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The part of a text around a control character at index, with the controls written as \u escapes. */
export function aroundControl(text: string, index: number): string {
  const from = Math.max(0, index - 30);
  const to = Math.min(text.length, index + 31);
  return (from > 0 ? "..." : "") + showControls(text.slice(from, to)) + (to < text.length ? "..." : "");
}

/** Each refused control character of a text: 1-based line and character, and its name. */
export function controlsIn(text: string): { line: number; column: number; name: string }[] {
  const out: { line: number; column: number; name: string }[] = [];
  let line = 1;
  let lineStart = 0;
  let scanned = 0;
  for (const m of text.matchAll(CONTROL_ALL)) {
    for (let i = text.indexOf("\n", scanned); i !== -1 && i < m.index; i = text.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    scanned = m.index;
    out.push({ line, column: m.index - lineStart + 1, name: controlName(m[0]) });
  }
  return out;
}

/** Whether text looks like UTF-16 read as bytes: NUL in every other place of its first characters. */
export function looksLikeUtf16(text: string): boolean {
  const head = text.slice(0, 200);
  let nul = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0) nul++;
  return head.length >= 4 && nul * 3 >= head.length;
}

/** What a control character's problem expects, having found it (named) at a place. */
export function controlExpected(name: string, where: string): string {
  return `text without control characters; found ${name} ${where}`;
}

/** The fix of a control character. */
export const CONTROL_FIX = "delete the character (most programs do not show it; a text editor that shows invisible characters does), then export or save the file again";

/**
 * The problem of a file whose text is UTF-16 without a byte-order mark (read as single bytes,
 * every other one NUL), or null: one problem for the file rather than one per character.
 */
export function utf16Problem(file: string, text: string): Problem | null {
  if (!looksLikeUtf16(text)) return null;
  return {
    file, line: 1, column: null, field: null, value: null,
    expected: "UTF-8 text; this file looks like UTF-16 without a byte-order mark (every other byte is NUL)",
    fix: "save the file again as UTF-8 (or as UTF-16 with a byte-order mark)",
  };
}

/** The problems of a text file that is not a table (policy Markdown): one per line with a control character. */
export function lineControlProblems(file: string, text: string): Problem[] {
  if (!hasControl(text)) return [];
  const utf16 = utf16Problem(file, text);
  if (utf16) return [utf16];
  const byLine = new Map<number, { line: number; column: number; name: string }>();
  for (const c of controlsIn(text)) if (!byLine.has(c.line)) byLine.set(c.line, c);
  return [...byLine.values()].map((c) => ({
    file, line: c.line, column: null, field: null, value: null,
    expected: controlExpected(c.name, `at character ${c.column} of the line`),
    fix: CONTROL_FIX,
  }));
}
