// Excel workbooks (.xlsx, .xlsm, .xls) in the import: one sheet becomes a header and rows of text,
// each row with its own row number in the sheet, so the rest of the import reads it like a CSV file.
import * as XLSX from "@e965/xlsx";
import { columnLetters, type Problem } from "../pipeline/problems.ts";

/** One sheet read as text: its header, its data rows (blank rows left out) and where each came from. */
export interface SheetRows {
  /** The sheet's name. */
  sheet: string;
  /** The row (1-based, as Excel numbers it) the header was taken from. */
  headerRow: number;
  header: string[];
  rows: string[][];
  /** The sheet's own row number of each data row. */
  lines: number[];
  /** Rows below the header that repeat it, by row number (not data rows). */
  repeatedHeaders: number[];
  /** How the sheet was read, for the log and the import report. */
  notes: string[];
}

/** Which sheet, and which header row, a source asks for. */
export interface SheetChoice {
  sheet?: string | number;
  header_row?: number;
}

const SAVE_AS = "open it in a spreadsheet program and save it as .xlsx or CSV (UTF-8), then name that file in mapping.json";

/** Whether a file is read as a workbook: by its name, or by its first bytes (ZIP or OLE) whatever its name. */
export function isWorkbook(name: string, bytes: Uint8Array): boolean {
  return /\.(xlsx|xlsm|xls)$/i.test(name) || isZip(bytes) || isOle(bytes);
}

/** A ZIP archive (.xlsx, .xlsm). */
const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
/** An OLE compound file (.xls). */
const isOle = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

const problem = (file: string, expected: string, fix: string, sheet?: string, line: number | null = null): { problem: Problem } => ({
  problem: { file, line, column: null, field: null, value: null, expected, fix, ...(sheet === undefined ? {} : { sheet }) },
});

/** Reads one sheet of a workbook's bytes; a problem names the file (and sheet) when it cannot. */
export function readWorkbook(file: string, bytes: Uint8Array, choice: SheetChoice = {}): SheetRows | { problem: Problem } {
  // Only the binary workbook containers are read: the library would also read any text as a sheet.
  if (!isZip(bytes) && !isOle(bytes)) return problem(file, "an Excel workbook (.xlsx or .xls); this file's bytes are not one", SAVE_AS);
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: "array", cellNF: true, cellDates: false, cellHTML: false, cellFormula: false, dense: true });
  } catch (e) {
    return problem(file, `an Excel workbook that can be read; it could not be (${(e as Error).message})`, SAVE_AS);
  }
  if (!wb.SheetNames?.length || !wb.Sheets) return problem(file, "an Excel workbook with at least one sheet; none was found", SAVE_AS);
  const listed = () => wb.SheetNames.map((s, i) => `${i + 1} "${s}"${filled(wb.Sheets[s]) ? "" : " (empty)"}`).join(", ");

  let name: string;
  if (choice.sheet === undefined) {
    const withData = wb.SheetNames.filter((s) => filled(wb.Sheets[s]));
    if (withData.length === 0) return problem(file, `a sheet with data; every sheet is empty (${listed()})`, SAVE_AS);
    if (withData.length > 1) {
      return problem(file, `one sheet with data, or "sheet" in mapping.json saying which to read; this workbook has ${withData.length}: ${listed()}`, `add "sheet": "${withData[0]}" (a name, or a number counted from 1) to this source in mapping.json, or give each sheet its own source`);
    }
    name = withData[0];
  } else if (typeof choice.sheet === "number") {
    if (choice.sheet < 1 || choice.sheet > wb.SheetNames.length) return problem(file, `a sheet number from 1 to ${wb.SheetNames.length} ("sheet" in mapping.json is ${choice.sheet}); the sheets are ${listed()}`, "correct \"sheet\" in mapping.json");
    name = wb.SheetNames[choice.sheet - 1];
  } else {
    const want = choice.sheet.trim().toLowerCase();
    const found = wb.SheetNames.find((s) => s === choice.sheet) ?? wb.SheetNames.find((s) => s.trim().toLowerCase() === want);
    if (found === undefined) return problem(file, `a sheet named "${choice.sheet}" ("sheet" in mapping.json); the sheets are ${listed()}`, "correct \"sheet\" in mapping.json (a name, or a number counted from 1)");
    name = found;
  }
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  return readSheet(file, name, wb.Sheets[name], choice.header_row, date1904);
}

/** Whether a sheet has at least one filled cell. */
function filled(ws: XLSX.WorkSheet | undefined): boolean {
  if (!ws) return false;
  const grid = ws["!data"] as XLSX.CellObject[][] | undefined;
  return Boolean(grid?.some((row) => row?.some((c) => c && cellText(c, false) !== "")));
}

/** A date format's parts: does it show a date, a time? */
function dateKind(format: string): { date: boolean; time: boolean } {
  // Quoted text, escapes and [colour]/[$-locale] blocks carry no date parts; [h] (elapsed hours) does.
  const f = format.replace(/"[^"]*"/g, "").replace(/\\./g, "").replace(/\[(?![hms]+\])[^\]]*\]/gi, "").replace(/AM\/PM|A\/P/gi, "");
  const time = /[hs]/i.test(f);
  return { date: /[dy]/i.test(f) || (/m/i.test(f) && !time), time };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/**
 * One cell as text: dates as YYYY-MM-DD (YYYY-MM-DDTHH:mm with a time, HH:mm for a time alone),
 * whole numbers without a decimal part, other numbers in full, TRUE/FALSE, text as written.
 */
function cellText(c: XLSX.CellObject, date1904: boolean): string {
  switch (c.t) {
    case "s":
      return c.v === undefined || c.v === null ? "" : String(c.v);
    case "n": {
      const v = c.v as number;
      const z = typeof c.z === "string" ? c.z : "";
      if (z && XLSX.SSF.is_date(z)) {
        const kind = dateKind(z);
        const p = XLSX.SSF.parse_date_code(v, { date1904 });
        if (p) {
          const time = `${pad(p.H)}:${pad(p.M)}`;
          const day = `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`;
          if (kind.time && !kind.date) return time;
          return kind.time ? `${day}T${time}` : day;
        }
      }
      if (Number.isInteger(v)) {
        // A whole number shown with leading zeros (a "00000" format) keeps them.
        return typeof c.w === "string" && /^0\d+$/.test(c.w) && Number(c.w) === v ? c.w : String(v);
      }
      return String(Number(v.toPrecision(15)));
    }
    case "b":
      return c.v ? "TRUE" : "FALSE";
    case "d":
      return c.v instanceof Date ? c.v.toISOString().slice(0, 10) : String(c.v ?? "");
    case "e":
      return typeof c.w === "string" ? c.w : "#ERROR";
    default:
      return "";
  }
}

/** Whether a row looks like a header: two or more filled cells, at least half as many as the fullest of the next rows. */
function looksLikeHeader(cells: string[][], r: number): boolean {
  const count = (row: string[] | undefined) => (row ? row.filter((x) => x.trim() !== "").length : 0);
  const n = count(cells[r]);
  if (n < 2) return false;
  let most = 0;
  for (let k = r + 1; k < Math.min(cells.length, r + 11); k++) most = Math.max(most, count(cells[k]));
  return n * 2 >= most;
}

/** One sheet as SheetRows. */
function readSheet(file: string, sheet: string, ws: XLSX.WorkSheet, headerRow: number | undefined, date1904: boolean): SheetRows | { problem: Problem } {
  const grid = (ws["!data"] as XLSX.CellObject[][] | undefined) ?? [];
  const cells: string[][] = [];
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r] ?? [];
    const out: string[] = new Array(row.length);
    for (let c = 0; c < row.length; c++) out[c] = row[c] ? cellText(row[c], date1904) : "";
    cells.push(out);
  }
  const notes: string[] = [];
  let h: number;
  if (headerRow !== undefined) {
    h = headerRow - 1;
    if (!cells[h]?.some((x) => x.trim() !== "")) return problem(file, `a header in row ${headerRow} ("header_row" in mapping.json); that row is empty`, "correct \"header_row\" (the row number Excel shows at the left), or leave it out to find the header automatically", sheet);
    notes.push(`${file}, sheet "${sheet}": header in row ${headerRow}, as "header_row" says.`);
  } else {
    h = cells.findIndex((_, r) => looksLikeHeader(cells, r));
    if (h < 0) return problem(file, "a header row (a row of column names with at least two filled cells); none was found", "check that this is the right sheet, or give \"header_row\" in mapping.json", sheet);
    const skipped = cells.slice(0, h).filter((r) => r.some((x) => x.trim() !== "")).length;
    notes.push(`${file}, sheet "${sheet}": header found in row ${h + 1}${skipped ? ` (${skipped} title row(s) above it skipped)` : ""}; set "header_row" to choose another.`);
  }

  // The columns: up to the last one with a name or any value below the header.
  let width = 0;
  for (let r = h; r < cells.length; r++) {
    const row = cells[r];
    for (let c = row.length - 1; c >= width; c--) if (row[c] && row[c].trim() !== "") {
      width = c + 1;
      break;
    }
  }
  const header = Array.from({ length: width }, (_, c) => (cells[h][c] ?? "").replace(/^\uFEFF/, "").trim());
  const used = (c: number) => cells.some((row, r) => r > h && (row[c] ?? "").trim() !== "");

  // A header cell left empty by a merged cell takes the merged cell's value, where that column
  // holds data; a range of several columns gets "(2)", "(3)"... after the value, to keep names apart.
  const merges = (ws["!merges"] ?? []) as XLSX.Range[];
  const named: string[] = [];
  for (let c = 0; c < width; c++) {
    if (header[c] !== "" || !used(c)) continue;
    const m = merges.find((x) => x.s.r <= h && x.e.r >= h && x.s.c <= c && x.e.c >= c);
    if (m) {
      const value = (cells[m.s.r]?.[m.s.c] ?? "").trim();
      if (value !== "") {
        header[c] = c === m.s.c ? value : `${value} (${c - m.s.c + 1})`;
        named.push(`${columnLetters(c + 1)} "${header[c]}"`);
        continue;
      }
    }
    // A column with data and no name at all is named by its letter, so that it is listed and checked.
    header[c] = `column ${columnLetters(c + 1)}`;
    named.push(`${columnLetters(c + 1)} (no name in the header; called "${header[c]}")`);
  }
  if (named.length) notes.push(`${file}, sheet "${sheet}": column(s) with data under an empty header cell named ${named.join(", ")}${merges.length ? " (a merged header cell's value is used only for the columns it covers that hold data)" : ""}.`);
  const mergedData = merges.filter((m) => m.s.r > h && (m.e.r > m.s.r || m.e.c > m.s.c)).length;
  if (mergedData) notes.push(`${file}, sheet "${sheet}": ${mergedData} merged cell range(s) below the header; each value is read in the first row and column of its range only (the other cells of the range read as blank).`);

  const headerKey = header.join("\u0000");
  const rows: string[][] = [];
  const lines: number[] = [];
  const repeatedHeaders: number[] = [];
  for (let r = h + 1; r < cells.length; r++) {
    const src = cells[r];
    if (!src.some((x) => x.trim() !== "")) continue;
    const row = Array.from({ length: width }, (_, c) => src[c] ?? "");
    if (row.map((x) => x.trim()).join("\u0000") === headerKey) repeatedHeaders.push(r + 1);
    else {
      rows.push(row);
      lines.push(r + 1);
    }
  }
  return { sheet, headerRow: h + 1, header, rows, lines, repeatedHeaders, notes };
}
