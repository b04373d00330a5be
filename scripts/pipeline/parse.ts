// Parse stage: turns one CSV file's text into a header and rows, each with its line number.
import { csvParseRows } from "d3-dsv";

/** One CSV file as read from disk. */
export interface SourceFile {
  /** Path as shown to the person fixing it, e.g. data/incidents/2024.csv. */
  path: string;
  text: string;
}

/** A parsed CSV file: header names (trimmed, BOM removed) and data rows with their line numbers. */
export interface ParsedFile {
  path: string;
  header: string[];
  rows: string[][];
  /** Line number (1-based, in the file) on which each data row starts. */
  lines: number[];
  /** Header rows repeated inside the file, skipped, with their line numbers. */
  repeatedHeaders: number[];
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/** Parses CSV text (UTF-8 with or without BOM, CRLF or LF). Blank lines are skipped. */
export function parseCsv(file: SourceFile): ParsedFile {
  let text = file.text;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const all = csvParseRows(text);
  const header = (all[0] ?? []).map((h) => h.replace(/^\uFEFF/, "").trim());
  const rows: string[][] = [];
  const lines: number[] = [];
  const repeatedHeaders: number[] = [];
  // A row's line is 1 + the lines the header and earlier rows took, embedded newlines included.
  let line = 1 + (all[0] ? 1 + all[0].reduce((n, c) => n + countNewlines(c), 0) : 0);
  const headerKey = header.join("\u0000");
  for (let r = 1; r < all.length; r++) {
    const row = all[r];
    let extra = 0;
    for (let c = 0; c < row.length; c++) if (row[c].length > 0 && row[c].includes("\n")) extra += countNewlines(row[c]);
    const isBlank = row.length === 1 && row[0].trim() === "";
    if (!isBlank) {
      if (row.length === header.length && row.map((c) => c.trim()).join("\u0000") === headerKey) repeatedHeaders.push(line);
      else {
        rows.push(row);
        lines.push(line);
      }
    }
    line += 1 + extra;
  }
  return { path: file.path, header, rows, lines, repeatedHeaders };
}
