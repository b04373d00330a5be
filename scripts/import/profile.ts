// Profiles the columns of a department's export: distinct values with counts, blank share, and
// whether the column looks like a date, a time, a number or an identifier. `mapping:init` drafts a
// mapping from these profiles.
import { diskIo } from "../pipeline/io.ts";
import { csvParseRows } from "d3-dsv";
import { compileLayout, type DateParts } from "./dates.ts";
import { looseLabel } from "./fields.ts";
import { identifierReason } from "./identifiers.ts";

/** Cells that read as "no value" when a whole cell is one of them. */
export const NULL_MARKERS = ["-", "--", "---", ".", "NULL", "(null)", "N/A", "#N/A", "(blank)", "NaN"];
const NULL_MARKER_SET = new Set(NULL_MARKERS.map((m) => m.toLowerCase()));

/** Whether a trimmed cell is a null marker. */
export function isNullMarker(cell: string): boolean {
  return NULL_MARKER_SET.has(cell.trim().toLowerCase());
}

export interface DateGuess {
  format: string;
  /** Every cell carries a zero UTC offset (a moment written in UTC). */
  utc: boolean;
  /** Every cell's time is midnight (or local midnight written in UTC): a date only. */
  dateOnly: boolean;
  hasTime: boolean;
  /** For local midnights written in UTC: the UTC hours they fall on (the zone's offsets). */
  utcHours?: number[];
}

export interface TimeGuess {
  format: string;
  pad_left?: number;
}

export interface ColumnProfile {
  /** The header exactly as the export has it (a byte-order mark removed). */
  name: string;
  index: number;
  rows: number;
  /** Non-blank cells that are not null markers. */
  filled: number;
  blankShare: number;
  /** Distinct labels (trimmed, compared without case and doubled spaces) -> count, most frequent first. */
  distinct: [string, number][];
  /** Distinct cells exactly as written (only trimmed), most frequent first: codes matched exactly, such as districts. */
  exact: [string, number][];
  /** Null markers found in the column, with counts. */
  markers: [string, number][];
  /** Every filled cell is a number / a whole number. */
  numeric: boolean;
  integer: boolean;
  date: DateGuess | null;
  time: TimeGuess | null;
  /** Why the column looks like a direct identifier, or null. */
  identifier: string | null;
  /** Each filled row has its own value. */
  unique: boolean;
}

export interface ExportTable {
  header: string[];
  rows: string[][];
}

/** Reads an export, in the encodings the import reads (see encoding.ts), into its header and rows. */
export function readExport(file: string, delimiter = ","): ExportTable {
  return parseExport(diskIo.readText(file), delimiter);
}

/** Parses an export's text (a byte-order mark stripped) into its header and rows. */
export function parseExport(source: string, delimiter = ","): ExportTable {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const all = delimiter === "," ? csvParseRows(text) : text.split(/\r?\n/).map((l) => l.split(delimiter));
  const header = all[0] ?? [];
  const headerKey = header.map(looseLabel).join("\u0000");
  // Rows that repeat the header (concatenated exports) and fully empty lines are skipped.
  const rows = all.slice(1).filter((r) => r.some((c) => c.trim() !== "") && r.map(looseLabel).join("\u0000") !== headerKey);
  return { header, rows };
}

const DATE_CANDIDATES = [
  "YYYY-MM-DD",
  "YYYY-MM-DDTHH:mm:ssZ",
  "YYYY-MM-DD HH:mm:ssZ",
  "YYYY-MM-DDTHH:mm:ss",
  "YYYY-MM-DD HH:mm:ss",
  "YYYY-MM-DD HH:mm",
  "YYYY/MM/DD",
  "YYYY/MM/DD HH:mm:ssZ",
  "YYYY/MM/DD HH:mm:ss",
  "YYYY/MM/DD HH:mm",
  "MM/DD/YYYY",
  "MM/DD/YYYY hh:mm:ss A",
  "MM/DD/YYYY hh:mm A",
  "MM/DD/YYYY HH:mm:ss",
  "MM/DD/YYYY HH:mm",
  "M/D/YYYY",
  "M/D/YYYY h:mm:ss A",
  "M/D/YYYY h:mm A",
  "M/D/YYYY H:mm:ss",
  "M/D/YYYY H:mm",
  "DD/MM/YYYY",
  "DD/MM/YYYY HH:mm:ss",
  "DD/MM/YYYY HH:mm",
  "D/M/YYYY",
  "MM-DD-YYYY",
  "M/D/YY",
  "MM/DD/YY",
  "YYYYMMDD",
];

const TIME_CANDIDATES = ["HH:mm", "HH:mm:ss", "H:mm", "H:mm:ss", "hh:mm A", "h:mm A", "hh:mm:ss A", "h:mm:ss A"];

/** A strict reader for a layout (padded tokens need their two digits): the cell's parts, or null. */
export function layoutReader(format: string): (cell: string) => DateParts | null {
  const { read } = compileLayout(format, { strict: true });
  return (cell) => read(cell.trim());
}

/** The first date layout every value fits, with whether it is UTC and whether it holds only dates. */
export function guessDate(values: readonly string[]): DateGuess | null {
  if (values.length === 0) return null;
  for (const format of DATE_CANDIDATES) {
    const read = layoutReader(format);
    const parts: DateParts[] = [];
    for (const v of values) {
      const p = read(v);
      if (!p) break;
      parts.push(p);
    }
    if (parts.length !== values.length) continue;
    if (parts.some((p) => p.year! < 1950 || p.year! > 2100)) continue;
    const hasTime = format.includes("H") || format.includes("h");
    const utc = format.includes("Z") && parts.every((p) => p.offset === 0);
    const hours = new Set(parts.map((p) => p.hour ?? 0));
    const onTheHour = parts.every((p) => (p.minute ?? 0) === 0 && (p.second ?? 0) === 0);
    // Midnight, or local midnight written in UTC (one or two whole hours, one per side of daylight saving).
    const dateOnly = !hasTime || (onTheHour && (utc ? hours.size <= 2 && [...hours].every((h) => h >= 2 && h <= 12) : hours.size === 1 && hours.has(0)));
    return { format, utc, dateOnly, hasTime, ...(utc && dateOnly && hasTime ? { utcHours: [...hours].sort((a, b) => a - b) } : {}) };
  }
  return null;
}

/** A time layout every value fits: "HH:mm" and kin, or unpadded HHMM digits ("Hmm" with pad_left 4). */
export function guessTime(values: readonly string[]): TimeGuess | null {
  if (values.length === 0) return null;
  for (const format of TIME_CANDIDATES) {
    const read = layoutReader(format);
    if (values.every((v) => read(v) !== null)) return { format };
  }
  if (values.every((v) => /^\d{1,4}$/.test(v.trim()))) {
    const ok = values.every((v) => {
      const s = v.trim().padStart(4, "0");
      return +s.slice(0, 2) <= 23 && +s.slice(2) <= 59;
    });
    // Mostly short cells could be counts: a time column has some three- or four-digit cells.
    const long = values.filter((v) => v.trim().length >= 3).length / values.length;
    if (ok && long > 0.3) return values.every((v) => v.trim().length === 4) ? { format: "HHmm" } : { format: "Hmm", pad_left: 4 };
  }
  return null;
}

/** Profiles one column. */
export function profileColumn(name: string, index: number, cells: readonly string[]): ColumnProfile {
  const counts = new Map<string, [string, number]>();
  const markers = new Map<string, number>();
  const exact = new Map<string, number>();
  const filledCells: string[] = [];
  let blanks = 0;
  for (const raw of cells) {
    const c = (raw ?? "").trim();
    if (c === "") { blanks++; continue; }
    if (isNullMarker(c)) { blanks++; markers.set(c, (markers.get(c) ?? 0) + 1); continue; }
    filledCells.push(c);
    exact.set(c, (exact.get(c) ?? 0) + 1);
    const k = looseLabel(c);
    const e = counts.get(k);
    if (e) e[1]++;
    else counts.set(k, [c.replace(/\s+/g, " "), 1]);
  }
  const distinct = [...counts.values()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const numeric = filledCells.length > 0 && filledCells.every((v) => /^-?\d+(\.\d+)?$/.test(v));
  const integer = numeric && filledCells.every((v) => /^-?\d+$/.test(v));
  const uniqueLabels = distinct.map(([l]) => l);
  return {
    name,
    index,
    rows: cells.length,
    filled: filledCells.length,
    blankShare: cells.length === 0 ? 0 : blanks / cells.length,
    distinct,
    exact: [...exact].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    markers: [...markers].sort((a, b) => b[1] - a[1]),
    numeric,
    integer,
    date: guessDate(uniqueLabels),
    time: guessTime(uniqueLabels),
    identifier: identifierReason(name, filledCells.slice(0, 2000)),
    unique: filledCells.length > 0 && distinct.length === filledCells.length,
  };
}

/** Profiles every column of an export. */
export function profileExport(table: ExportTable): ColumnProfile[] {
  return table.header.map((name, i) => profileColumn(name, i, table.rows.map((r) => r[i] ?? "")));
}
