// Field coverage: for every canonical field of every table, whether this department reports it.
// A field is not reported when its table has no file, when no file of the table has its column,
// when the column is there but every cell is blank, or when every recorded value is one and the
// same filler (see SINGLE_VALUE_FIELDS); otherwise it is reported, and its blank cells are "not
// recorded" (a state of their own, counted here).
import type { FieldCoverage } from "../../src/lib/aggregates.ts";
import { metaOf } from "../../src/lib/schema/fields.ts";
import { SINGLE_VALUE_FIELDS, SINGLE_VALUE_MIN_ROWS, TABLE_NAMES, fieldsOf, type TableName } from "../../src/lib/schema/tables.ts";
import { DictColumn, NullColumn, type Column } from "./table.ts";

/** Blank (null or empty-list) cells of a column. */
function blanks(col: Column<unknown>): number {
  if (col instanceof NullColumn) return col.length;
  if (col instanceof DictColumn) {
    let n = 0;
    const nullCodes = col.values.map((v) => v === null || v === undefined);
    for (let i = 0; i < col.length; i++) if (nullCodes[col.codes[i]]) n++;
    return n;
  }
  let n = 0;
  for (let i = 0; i < col.length; i++) {
    const v = col.get(i);
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) n++;
  }
  return n;
}

/** The one value every non-blank cell of a column holds (a list as its values joined by "|"), or null when they differ or all are blank. */
export function soleValue(col: Column<unknown>): string | null {
  const text = (v: unknown) => (Array.isArray(v) ? v.join("|") : String(v));
  let sole: string | null = null;
  if (col instanceof DictColumn) {
    // Only the codes in use count: a dictionary may hold values no row has any more.
    const used = new Set<number>();
    for (let i = 0; i < col.length; i++) used.add(col.codes[i]);
    for (const code of used) {
      const v = col.values[code];
      if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      const t = text(v);
      if (sole === null) sole = t;
      else if (sole !== t) return null;
    }
    return sole;
  }
  for (let i = 0; i < col.length; i++) {
    const v = col.get(i);
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
    const t = text(v);
    if (sole === null) sole = t;
    else if (sole !== t) return null;
  }
  return sole;
}

/** What coverage reads of a table: its published rows as columns, and the header of each file. */
export interface TableCoverageInput {
  /** Header rows of the table's files (none when the department supplied no file). */
  headers: string[][];
  /** The table's rows that passed validation, as columns by field name. */
  columns: Record<string, Column<unknown>>;
  rows: number;
}

/** What the department's configuration says about coverage. */
export interface CoverageOptions {
  /** Fields ("table.field") that really hold one value in every record (config.json single_value_fields). */
  singleValueFields?: readonly string[];
}

/**
 * Coverage of every canonical field, keyed "table.field", in schema order. A field whose every
 * recorded value is "unknown" is not reported; so is a field of SINGLE_VALUE_FIELDS with at least
 * SINGLE_VALUE_MIN_ROWS recorded values, all the same, unless options.singleValueFields lists it.
 */
export function computeCoverage(tables: Record<TableName, TableCoverageInput>, options: CoverageOptions = {}): Record<string, FieldCoverage> {
  const optedIn = new Set(options.singleValueFields ?? []);
  const out: Record<string, FieldCoverage> = {};
  for (const table of TABLE_NAMES) {
    const t = tables[table];
    const present = new Set(t.headers.flatMap((h) => h.map((c) => c.replace(/^\uFEFF/, "").trim().toLowerCase())));
    for (const [field] of fieldsOf(table)) {
      const key = `${table}.${field}`;
      if (t.headers.length === 0) out[key] = { status: "not_reported", reason: "no_table", rows: 0, blank: 0 };
      else if (!present.has(field)) out[key] = { status: "not_reported", reason: "no_column", rows: t.rows, blank: t.rows };
      else {
        const col = t.columns[field];
        const blank = col ? blanks(col) : t.rows;
        const sole = col && blank < t.rows && metaOf(schemaOf(table, field)).vocab ? soleValue(col) : null;
        if (blank >= t.rows) out[key] = { status: "not_reported", reason: "all_blank", rows: t.rows, blank };
        else if (sole === "unknown" || (sole !== null && SINGLE_VALUE_FIELDS.includes(key) && t.rows - blank >= SINGLE_VALUE_MIN_ROWS && !optedIn.has(key))) {
          out[key] = { status: "not_reported", reason: "single_value", value: sole, rows: t.rows, blank };
        } else out[key] = { status: "reported", rows: t.rows, blank };
      }
    }
  }
  return out;
}

function schemaOf(table: TableName, field: string) {
  return fieldsOf(table).find(([n]) => n === field)![1];
}

/** Report lines for the fields taken as not reported because every record holds one value. */
export function singleValueNotes(coverage: Record<string, FieldCoverage>): string[] {
  return Object.entries(coverage).flatMap(([key, c]) =>
    c.status === "not_reported" && c.reason === "single_value"
      ? [`${key} is treated as not reported by this department: every record says ${c.value} (${(c.rows - c.blank).toLocaleString("en-US")} records)${c.value === "unknown" ? "" : `. If the department really has this one value, list "${key}" in single_value_fields in config.json`}.`]
      : [],
  );
}

/**
 * The fields this department does not report, "table.field", in tables it does supply (a table
 * not supplied at all is listed by its name in meta.not_reported). Direct identifiers, which
 * are never published, are left out: their absence takes nothing from the site.
 */
export function notReportedFields(coverage: Record<string, FieldCoverage>): string[] {
  return Object.entries(coverage)
    .filter(([key, c]) => {
      if (c.status !== "not_reported" || c.reason === "no_table") return false;
      const [table, field] = key.split(".") as [TableName, string];
      const schema = fieldsOf(table).find(([n]) => n === field)?.[1];
      return schema !== undefined && metaOf(schema).publish !== "never";
    })
    .map(([key]) => key);
}

// Figures and pages ask the same question with the same answer.
export { isReported } from "../../src/lib/coverage.ts";
