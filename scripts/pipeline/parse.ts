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

/** What streaming a file leaves: its header, its number of data rows and the repeated header rows it skipped. */
export interface CsvSummary {
  path: string;
  header: string[];
  /** Data rows (not blank lines or repeated headers). */
  rows: number;
  repeatedHeaders: number[];
}

/** Receives one data row's cells and the line it starts on. */
export type RowVisitor = (cells: string[], line: number) => void;

/** A name with only its letters and digits, lower case ("Incident  Number", "IncidentNumber", "INCIDENT_NUMBER" are one). */
function squash(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * Whether a row repeats the header, in any spelling: most of its cells equal their column's name
 * when case, spaces and punctuation are ignored. squashed: the header's names, squashed.
 */
export function isRepeatedHeader(row: string[], squashed: string[]): boolean {
  // The cheap test first: one of the first three cells is its column's name.
  let hint = false;
  for (let c = 0; c < 3 && c < row.length && c < squashed.length; c++) {
    const cell = row[c];
    // Cheaper still: the first character (a header starting with punctuation is rare).
    if (squashed[c] === "" || cell.trimStart().charAt(0).toLowerCase() !== squashed[c][0]) continue;
    if (cell.length >= squashed[c].length && cell.length < squashed[c].length * 3 + 8 && squash(cell) === squashed[c]) {
      hint = true;
      break;
    }
  }
  if (!hint) return false;
  let same = 0;
  for (let c = 0; c < row.length && c < squashed.length; c++) if (squashed[c] !== "" && squash(row[c]) === squashed[c]) same++;
  return same * 2 > squashed.length;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * Reads CSV rows with d3-dsv's csvParseRows, calling visit(cells, plain) for each row without
 * keeping it. plain is the number of leading cells known to hold no line break (0: check all).
 */
export function eachCsvRow(text: string, visit: (cells: string[], plain: number) => void): void {
  // Only a quoted cell can hold a line break: in text with no quote at all, none does.
  const quoted = text.includes('"');
  csvParseRows(text, (row) => {
    visit(row, quoted ? 0 : row.length);
    return null;
  });
}

/**
 * Reads CSV text (UTF-8 with or without BOM, CRLF or LF) row by row: the header goes to start(),
 * which returns the visitor of the data rows. Blank lines and repeated header rows are skipped.
 * No row is kept, so a large file's rows never all exist at once.
 */
export function streamCsv(file: SourceFile, start: (header: string[]) => RowVisitor): CsvSummary {
  let text = file.text;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let header: string[] = [];
  let squashed: string[] = [];
  let visit: RowVisitor | null = null;
  const repeatedHeaders: number[] = [];
  let rows = 0;
  // A row's line is 1 + the lines the header and earlier rows took, embedded newlines included.
  let line = 1;
  let r = 0;
  eachCsvRow(text, (row, plain) => {
    let extra = 0;
    for (let c = plain; c < row.length; c++) if (row[c].length > 0 && row[c].includes("\n")) extra += countNewlines(row[c]);
    if (r === 0) {
      // Copies: the header is kept after the file, and a slice would keep the file's whole text.
      header = row.map((h) => (" " + h.replace(/^\uFEFF/, "").trim()).slice(1));
      squashed = header.map(squash);
      visit = start(header);
    } else {
      const isBlank = row.length === 1 && row[0].trim() === "";
      if (!isBlank) {
        if (isRepeatedHeader(row, squashed)) repeatedHeaders.push(line);
        else {
          rows++;
          visit!(row, line);
        }
      }
    }
    line += 1 + extra;
    r++;
  });
  if (visit === null) start(header);
  return { path: file.path, header, rows, repeatedHeaders };
}

/** Parses CSV text into memory (for tests and small files; the pipeline streams). */
export function parseCsv(file: SourceFile): ParsedFile {
  const rows: string[][] = [];
  const lines: number[] = [];
  const s = streamCsv(file, () => (cells, line) => {
    rows.push(cells);
    lines.push(line);
  });
  return { path: file.path, header: s.header, rows, lines, repeatedHeaders: s.repeatedHeaders };
}
