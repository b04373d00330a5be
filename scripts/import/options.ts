// Mapping options for real exports: column names with alternatives, row filters, fallback incident
// keys, code books, and fields the department does not report. Kept apart from run.ts and
// fields.ts, which call in here.
import path from "node:path";
import { parseCsv } from "../pipeline/parse.ts";
import type { Problem } from "../pipeline/problems.ts";
import { readInput, staysInside } from "../pipeline/read.ts";
import type { Io } from "../pipeline/io.ts";
import { TABLES, type TableName } from "../../src/lib/schema/tables.ts";
import { metaOf } from "../../src/lib/schema/fields.ts";

/** A column named in the mapping: one name, or alternatives tried in order (the first the file has). */
export type ColumnRef = string | string[];

/** The names of a column reference, in order. */
export function refNames(ref: ColumnRef): string[] {
  return typeof ref === "string" ? [ref] : ref;
}

/** A column reference as messages write it, inside quotes: A, or A" or "B (giving "A" or "B"). */
export function refName(ref: ColumnRef): string {
  return refNames(ref).join('" or "');
}

/** A name with only its letters and digits, lower case: "INCIDENT  NUMBER", "IncidentNumber" and "incident_number" are one. */
export function squashName(s: string): string {
  return s.replace(/^\uFEFF/, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Whether a cell holds its own column's name (a header row repeated or shifted into the data). */
export function isHeaderEcho(cell: string, header: string): boolean {
  const h = squashName(header);
  return h !== "" && squashName(cell) === h;
}

/** What to say when a cell is its column's own name. */
export function headerEchoFix(header: string): string {
  return `this cell is the column's own name "${header}": the row is a header row repeated inside the file (or shifted); remove the row from the export. Rows where most cells repeat the header are skipped by themselves`;
}

// --- Fields not reported ---------------------------------------------------------------------

/**
 * What a field the mapping marks not_reported becomes: omitted (optional fields), "unknown" in
 * every record (required coded fields: the site reads a field that is unknown everywhere as not
 * reported), or null when the field cannot be left out (required, without an "unknown" value).
 */
export function notReportedAs(target: string): "omit" | "unknown" | null {
  const [table, field] = target.split(".") as [TableName, string];
  const meta = metaOf((TABLES[table].schema.shape as unknown as Record<string, never>)[field]);
  if (!meta.required) return "omit";
  return meta.vocab && "unknown" in meta.vocab ? "unknown" : null;
}

/** Whether a field spec marks the field not reported. */
export function isNotReported(spec: { not_reported?: boolean } | undefined): boolean {
  return spec?.not_reported === true;
}

// --- Counts for the report ------------------------------------------------------------------------

const bump = <K>(m: Map<K, number>, k: K, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

/** What the options count, for the log and the import report. */
export class OptionStats {
  /** file -> filter (as written) -> value -> rows filtered out. */
  readonly filtered = new Map<string, Map<string, Map<string, number>>>();
  /** file -> key alternative (as written) -> rows whose incident key came from it. */
  readonly keyUse = new Map<string, Map<string, number>>();
  /** "file | column" -> {file, column, book, mode, codes -> rows}: codes the code book lacks. */
  readonly missingCodes = new Map<string, { file: string; column: string; book: string; mode: "reject" | "blank"; codes: Map<string, number> }>();
  /** Fields the mapping marks not reported -> its note. */
  readonly notReported = new Map<string, string>();

  countFiltered(file: string, filter: string, value: string): void {
    let f = this.filtered.get(file);
    if (!f) this.filtered.set(file, (f = new Map()));
    let v = f.get(filter);
    if (!v) f.set(filter, (v = new Map()));
    bump(v, value);
  }
  countKey(file: string, alternative: string): void {
    let f = this.keyUse.get(file);
    if (!f) this.keyUse.set(file, (f = new Map()));
    bump(f, alternative);
  }
  countMissingCode(file: string, column: string, book: string, mode: "reject" | "blank", code: string): void {
    const k = `${file} | ${column}`;
    let e = this.missingCodes.get(k);
    if (!e) this.missingCodes.set(k, (e = { file, column, book, mode, codes: new Map() }));
    if (e.codes.size < 10_000 || e.codes.has(code)) bump(e.codes, code);
  }
}

// --- Row filters ------------------------------------------------------------------------------

export interface FilterSpec {
  column: ColumnRef;
  drop?: string[];
  keep?: string[];
  note?: string;
}

/** How a filter is named in the log and the report. */
export function filterName(f: FilterSpec): string {
  return f.drop ? `"${refName(f.column)}" drop ${f.drop.map((d) => `"${d}"`).join(", ")}` : `"${refName(f.column)}" keep ${f.keep!.map((d) => `"${d}"`).join(", ")}`;
}

const loose = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * The source's filters compiled against a file's header: a function saying whether a row is
 * filtered out (and counting it), or null when the source has none. Columns a filter names that
 * the file lacks are reported through missing(key, name).
 */
export function compileFilters(
  filters: FilterSpec[] | undefined,
  indexOf: (ref: ColumnRef) => number,
  where: string,
  file: string,
  stats: OptionStats,
  missing: (key: string, ref: ColumnRef) => void,
): ((row: string[]) => boolean) | null {
  if (!filters?.length) return null;
  const compiled = filters.flatMap((f, i) => {
    const col = indexOf(f.column);
    if (col < 0) {
      missing(`${where}.filter[${i}].column`, f.column);
      return [];
    }
    const labels = new Set((f.drop ?? f.keep ?? []).map(loose));
    return [{ col, labels, keep: f.keep !== undefined, name: filterName(f) }];
  });
  // Every filter is named in the report, with no rows when it filtered none.
  for (const f of compiled) {
    let m = stats.filtered.get(file);
    if (!m) stats.filtered.set(file, (m = new Map()));
    if (!m.has(f.name)) m.set(f.name, new Map());
  }
  return (row) => {
    for (const f of compiled) {
      const cell = (row[f.col] ?? "").trim();
      const hit = f.labels.has(loose(cell));
      if (hit !== f.keep) {
        stats.countFiltered(file, f.name, cell === "" ? "(blank)" : cell.replace(/\s+/g, " "));
        return true;
      }
    }
    return false;
  };
}

// --- Incident keys with fallbacks ----------------------------------------------------------------

export type IncidentKeySpec = ColumnRef[] | { first_of: ColumnRef[][] };

/** The key's alternatives (a plain list is one), each a list of columns, with where each is in the mapping. */
export function keyAlternatives(spec: IncidentKeySpec, where: string): { columns: ColumnRef[]; where: (i: number) => string; name: string }[] {
  if (Array.isArray(spec)) return [{ columns: spec, where: (i) => `${where}[${i}]`, name: spec.map(refName).join(" + ") }];
  return spec.first_of.map((cols, a) => ({ columns: cols, where: (i) => `${where}.first_of[${a}][${i}]`, name: cols.map(refName).join(" + ") }));
}

/**
 * An incident key reader over several alternatives: the first with a value. Keys from a fallback
 * carry its column names, so that a case number never merges with an equal incident id.
 */
export function fallbackKey(
  alternatives: { cols: number[]; name: string }[],
  keyOf: (row: string[], cols: number[]) => string,
  file: string,
  stats: OptionStats,
): (row: string[]) => string {
  if (alternatives.length === 1) return (row) => keyOf(row, alternatives[0].cols);
  return (row) => {
    for (let a = 0; a < alternatives.length; a++) {
      const k = keyOf(row, alternatives[a].cols);
      if (k === "") continue;
      stats.countKey(file, alternatives[a].name);
      return a === 0 ? k : `${alternatives[a].name}: ${k}`;
    }
    return "";
  };
}

// --- Code books -------------------------------------------------------------------------------

export interface CodeEntry {
  label: string;
  /** The canonical value, when the book gives one. */
  value: string;
  /** Line of the entry in the book. */
  line: number;
}

/** A department's code book: column (squashed name) -> code -> entry. */
export interface CodeBook {
  file: string;
  name: string;
  columns: Map<string, Map<string, CodeEntry>>;
  /** Column number (1-based) of value in the book, or 0. */
  valueColumn: number;
}

/** The entries a code book holds for a column, by any of its names (null: none). */
export function codesFor(book: CodeBook, names: string[]): Map<string, CodeEntry> | null {
  for (const n of names) {
    const m = book.columns.get(squashName(n));
    if (m) return m;
  }
  return null;
}

/** Codes compared without surrounding spaces or case. */
export const codeKey = (s: string) => s.trim().toLowerCase();

/**
 * Reads a code book (CSV: column,code,label and optionally value) from the department's folder.
 * Problems name the book's file, row and column; null when it cannot be used.
 */
export function readCodeBook(io: Io, dataDir: string, name: string, mappingFile: string, mappingLine: number | null, where: string, problems: Problem[]): CodeBook | null {
  if (!staysInside(name)) {
    problems.push({ file: mappingFile, line: mappingLine, column: null, field: where, value: name, expected: `the name of a code book inside ${dataDir}`, fix: "put the code book in the department's folder and give its name only" });
    return null;
  }
  const file = path.join(dataDir, name);
  if (!io.exists(file)) {
    problems.push({ file, line: null, column: null, field: null, value: null, expected: `the code book named in mapping.json ${where} (line ${mappingLine ?? "?"})`, fix: "put the code book (columns column,code,label and optionally value) in the department's folder, or correct its name" });
    return null;
  }
  const input = readInput(io, file, dataDir);
  if ("problem" in input) {
    problems.push(input.problem);
    return null;
  }
  const parsed = parseCsv({ path: file, text: input.text });
  const at = (c: string) => parsed.header.findIndex((h) => h.trim().toLowerCase() === c);
  const [colAt, codeAt, labelAt, valueAt] = ["column", "code", "label", "value"].map(at);
  const lacking = [["column", colAt], ["code", codeAt], ["label", labelAt]].filter(([, i]) => i === -1).map(([c]) => c);
  const before = problems.length;
  if (lacking.length) {
    problems.push({ file, line: 1, column: null, field: null, value: parsed.header.join(","), expected: `a header with the columns column, code, label (and optionally value); ${lacking.join(", ")} missing`, fix: "write the header row as column,code,label,value" });
    return null;
  }
  const known = new Set(["column", "code", "label", "value"]);
  parsed.header.forEach((h, i) => {
    if (!known.has(h.trim().toLowerCase())) problems.push({ file, line: 1, column: i + 1, field: h, value: h, expected: "only the columns column, code, label and value", fix: "remove the column, or correct its name" });
  });
  const columns = new Map<string, Map<string, CodeEntry>>();
  parsed.rows.forEach((row, r) => {
    const line = parsed.lines[r];
    if (row.length === 1 && row[0].trim() === "") return;
    if (row.length !== parsed.header.length) {
      problems.push({ file, line, column: null, field: null, value: String(row.length), expected: `${parsed.header.length} cells as in the header`, fix: "correct the row (a label with a comma must be in double quotes)" });
      return;
    }
    const [column, code, label] = [row[colAt].trim(), row[codeAt].trim(), row[labelAt].trim()];
    const value = valueAt >= 0 ? row[valueAt].trim() : "";
    if (column === "") return problems.push({ file, line, column: colAt + 1, field: "column", value: "", expected: "the export column the code belongs to", fix: "fill in the column name" });
    if (code === "") return problems.push({ file, line, column: codeAt + 1, field: "code", value: "", expected: "a code", fix: "fill in the code, or remove the row" });
    if (label === "" && value === "") return problems.push({ file, line, column: labelAt + 1, field: "label", value: "", expected: "a label (or a canonical value in the value column)", fix: "fill in what the code means, or remove the row if it is not known (the import then lists the code as not mapped)" });
    let m = columns.get(squashName(column));
    if (!m) columns.set(squashName(column), (m = new Map()));
    const prev = m.get(codeKey(code));
    if (prev) {
      if (prev.label !== label || prev.value !== value) problems.push({ file, line, column: codeAt + 1, field: "code", value: code, expected: `one meaning per code of "${column}" (line ${prev.line} gives "${prev.label || prev.value}")`, fix: "keep one row for the code" });
      return;
    }
    m.set(codeKey(code), { label, value, line });
  });
  if (problems.length > before) return null;
  return { file, name, columns, valueColumn: valueAt + 1 };
}
