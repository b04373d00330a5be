// Field coverage: for every canonical field of every table, whether this department reports it.
// A field is not reported when its table has no file, when no file of the table has its column,
// or when the column is there but every cell is blank; otherwise it is reported, and its blank
// cells are "not recorded" (a state of their own, counted here).
import type { FieldCoverage } from "../../src/lib/aggregates.ts";
import { metaOf } from "../../src/lib/schema/fields.ts";
import { TABLE_NAMES, fieldsOf, type TableName } from "../../src/lib/schema/tables.ts";
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

/** What coverage reads of a table: its published rows as columns, and the header of each file. */
export interface TableCoverageInput {
  /** Header rows of the table's files (none when the department supplied no file). */
  headers: string[][];
  /** The table's rows that passed validation, as columns by field name. */
  columns: Record<string, Column<unknown>>;
  rows: number;
}

/** Coverage of every canonical field, keyed "table.field", in schema order. */
export function computeCoverage(tables: Record<TableName, TableCoverageInput>): Record<string, FieldCoverage> {
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
        out[key] = blank >= t.rows ? { status: "not_reported", reason: "all_blank", rows: t.rows, blank } : { status: "reported", rows: t.rows, blank };
      }
    }
  }
  return out;
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

/** Whether a field ("table.field") is reported; a key coverage does not know counts as reported. */
export function isReported(coverage: Record<string, FieldCoverage>, key: string): boolean {
  return coverage[key]?.status !== "not_reported";
}
