// Parse stage: turns one CSV file's text into a header and rows, each with its line number.

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

/** What streaming a file leaves: its header and the repeated header rows it skipped. */
export interface CsvSummary {
  path: string;
  header: string[];
  repeatedHeaders: number[];
}

/** Receives one data row's cells and the line it starts on. */
export type RowVisitor = (cells: string[], line: number) => void;

const QUOTE = 34;
const NEWLINE = 10;
const RETURN = 13;
const COMMA = 44;

/**
 * Reads CSV rows exactly as d3-dsv's csvParseRows does, calling visit(cells, plain) for each.
 * A line without a quote character is cut at its end and split at commas (native searches,
 * faster than reading character by character); from a line's first quote on, the row is read
 * with d3's own tokenizer, whose rules (quoted fields, "" escapes, line breaks inside quotes,
 * CR, LF or CRLF line ends) are copied below. The cells before cells[plain] were cut from
 * text without a quote, so they hold no line break. A unit test compares the two on random text.
 */
export function eachCsvRow(text: string, visit: (cells: string[], plain: number) => void): void {
  let N = text.length;
  let I = 0;
  let eof = N <= 0;
  let eol = false;
  // Strip the trailing newline.
  if (text.charCodeAt(N - 1) === NEWLINE) --N;
  if (text.charCodeAt(N - 1) === RETURN) --N;

  // d3-dsv's token(): the next cell, or EOL / EOF (d3-dsv 3.0.2, ISC licence, Mike Bostock).
  const EOL = {};
  const EOF = {};
  function token(): string | object {
    if (eof) return EOF;
    if (eol) return (eol = false), EOL;
    let i: number;
    const j = I;
    let c: number;
    if (text.charCodeAt(j) === QUOTE) {
      // d3: while ((I++ < N && text.charCodeAt(I) !== QUOTE) || text.charCodeAt(++I) === QUOTE);
      // which leaves I after the closing quote (a quote not followed by another), or at N + 2
      // when there is none (the field then takes one stripped line-end character, as in d3);
      // the same, with a native search for each quote:
      let k = text.indexOf('"', j + 1);
      while (k >= 0 && k < N && text.charCodeAt(k + 1) === QUOTE) k = text.indexOf('"', k + 2);
      I = k >= 0 && k < N ? k + 1 : N + 2;
      if ((i = I) >= N) eof = true;
      else if ((c = text.charCodeAt(I++)) === NEWLINE) eol = true;
      else if (c === RETURN) {
        eol = true;
        if (text.charCodeAt(I) === NEWLINE) ++I;
      }
      return text.slice(j + 1, i - 1).replace(/""/g, '"');
    }
    while (I < N) {
      if ((c = text.charCodeAt((i = I++))) === NEWLINE) eol = true;
      else if (c === RETURN) {
        eol = true;
        if (text.charCodeAt(I) === NEWLINE) ++I;
      } else if (c !== COMMA) continue;
      return text.slice(j, i);
    }
    return (eof = true), text.slice(j, N);
  }

  // Next positions of a quote, LF and CR at or after I (-1: none before N), found again once passed.
  let nextQuote = -2;
  let nextLf = -2;
  let nextCr = -2;
  const after = (found: number, ch: string): number => (found === -1 || found >= I ? found : text.indexOf(ch, I));
  while (!eof) {
    nextQuote = after(nextQuote, '"');
    nextLf = after(nextLf, "\n");
    nextCr = after(nextCr, "\r");
    let end = N;
    if (nextLf >= 0 && nextLf < end) end = nextLf;
    if (nextCr >= 0 && nextCr < end) end = nextCr;
    if (nextQuote < 0 || nextQuote >= end) {
      // No quote before the line's end: the cells are the line split at commas.
      const cells = text.slice(I, end).split(",");
      if (end >= N) eof = true;
      else {
        I = end + 1;
        if (text.charCodeAt(end) === RETURN && text.charCodeAt(I) === NEWLINE) ++I;
      }
      visit(cells, cells.length);
      continue;
    }
    // The cells before the one holding the first quote have none: split them, then read on with d3's tokenizer.
    const comma = text.lastIndexOf(",", nextQuote);
    const row: string[] = comma >= I ? text.slice(I, comma).split(",") : [];
    if (comma >= I) I = comma + 1;
    const plain = row.length;
    let t = token();
    while (t !== EOL && t !== EOF) {
      row.push(t as string);
      t = token();
    }
    visit(row, plain);
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
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
  let headerKey = "";
  let visit: RowVisitor | null = null;
  const repeatedHeaders: number[] = [];
  // A row's line is 1 + the lines the header and earlier rows took, embedded newlines included.
  let line = 1;
  let r = 0;
  eachCsvRow(text, (row, plain) => {
    let extra = 0;
    for (let c = plain; c < row.length; c++) if (row[c].length > 0 && row[c].includes("\n")) extra += countNewlines(row[c]);
    if (r === 0) {
      // Copies: the header is kept after the file, and a slice would keep the file's whole text.
      header = row.map((h) => (" " + h.replace(/^\uFEFF/, "").trim()).slice(1));
      headerKey = header.join("\u0000");
      visit = start(header);
    } else {
      const isBlank = row.length === 1 && row[0].trim() === "";
      if (!isBlank) {
        // The cheap test first: the joined header starts with the row's first cell.
        if (row.length === header.length && headerKey.startsWith(row[0].trim()) && row.map((c) => c.trim()).join("\u0000") === headerKey) repeatedHeaders.push(line);
        else visit!(row, line);
      }
    }
    line += 1 + extra;
    r++;
  });
  if (visit === null) start(header);
  return { path: file.path, header, repeatedHeaders };
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
