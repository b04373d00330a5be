// Canaries: distinctive values planted in a copy of a department's folder, in every identifier
// column, every never-published column, and extra columns an export may carry, so that a build
// can be searched for each of them.
import fs from "node:fs";
import path from "node:path";
import { csvFormatRows, csvParseRows } from "d3-dsv";
import { fieldsOf, TABLE_NAMES } from "../../src/lib/schema/tables.ts";
import { metaOf } from "../../src/lib/schema/fields.ts";

/** Every canary token starts with this (no pseudonym, which is hexadecimal, can hold it). */
export const CANARY_PREFIX = "CNRY";

/** Extra columns a department's export may carry, unknown to the schema, which the kit must drop. */
export const EXTRA_COLUMNS: Record<string, string[]> = {
  incidents: ["officer_name", "badge_no", "home_address", "gps_latitude", "gps_longitude", "complainant_phone"],
  subjects: ["subject_name", "subject_dob", "ssn", "home_address", "phone", "email"],
  officers: ["officer_name", "employee_number", "home_address", "officer_email"],
};

export interface Planted {
  /** Every canary value planted (each distinct). */
  values: string[];
  /** Where: table.column -> how many canaries. */
  where: Record<string, number>;
}

const CSV_FILES = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".csv")).sort() : []);

/**
 * Plants canaries in a department's folder (in place): every id column (the same id gets the same
 * canary in every table), every never-published column, and the extra columns of EXTRA_COLUMNS.
 */
export function plantCanaries(dept: string): Planted {
  const idMaps = new Map<string, Map<string, string>>();
  const values = new Set<string>();
  const where: Record<string, number> = {};
  let serial = 0;
  const next = (tag: string) => `${CANARY_PREFIX}${tag}${String(++serial).padStart(6, "0")}`;
  const note = (where_: string, v: string) => {
    values.add(v);
    where[where_] = (where[where_] ?? 0) + 1;
  };
  for (const table of TABLE_NAMES) {
    const fields = fieldsOf(table);
    const ids = fields.filter(([, s]) => metaOf(s).publish === "pseudonym").map(([name]) => name);
    const never = fields.filter(([, s]) => metaOf(s).publish === "never").map(([name]) => name);
    const extra = EXTRA_COLUMNS[table] ?? [];
    for (const file of CSV_FILES(path.join(dept, table))) {
      const p = path.join(dept, table, file);
      const [header, ...rows] = csvParseRows(fs.readFileSync(p, "utf8").replace(/^\uFEFF/, ""));
      for (const col of never) if (!header.includes(col)) header.push(col), rows.forEach((r) => r.push(""));
      for (const col of extra) header.push(col), rows.forEach((r) => r.push(""));
      rows.forEach((r, i) => {
        for (const col of ids) {
          const c = header.indexOf(col);
          if (c < 0 || r[c] === "") continue;
          const map = idMaps.get(col) ?? new Map<string, string>();
          idMaps.set(col, map);
          let v = map.get(r[c]);
          if (!v) map.set(r[c], (v = next(col.replace(/_id$/, "").slice(0, 4))));
          r[c] = v;
          if (!values.has(v)) note(`${table}.${col}`, v);
        }
        for (const col of [...never, ...extra]) {
          const c = header.indexOf(col);
          const n = ++serial;
          let v: string;
          if (col === "latitude" || col === "longitude") v = `${col === "latitude" ? 41 : -87}.9${String(n).padStart(6, "0")}`;
          else if (col === "date_of_birth") v = `1951-07-${String(1 + (i % 28)).padStart(2, "0")}`;
          else v = `${CANARY_PREFIX}${col.replace(/_/g, "").slice(0, 8)}${String(n).padStart(6, "0")}`;
          r[c] = v;
          // A date of birth repeats across rows: counted once.
          if (!values.has(v)) note(`${table}.${col}`, v);
        }
      });
      fs.writeFileSync(p, csvFormatRows([header, ...rows]) + "\n");
    }
  }
  return { values: [...values], where };
}

/** Identifier-shaped canaries planted in free text (incident summaries), one a row. */
export const TEXT_CANARIES = [
  { what: "a phone number", text: "A witness gave the number 406-555-0199 to officers." },
  { what: "an e-mail address", text: "The complainant wrote from cnry.witness0042@example.org later." },
  { what: "a name after a title", text: "Officer Cnrysurnamex applied a wrist lock." },
] as const;

/** The identifying part of each text canary (what must never be printed whole). */
export const TEXT_CANARY_VALUES = ["406-555-0199", "cnry.witness0042@example.org", "Cnrysurnamex"];

/**
 * Appends a text canary to the summary of rows of the first incidents file; returns the file, the
 * 1-based line each planted row starts on, and the column number (1-based) of summary.
 */
export function plantTextCanaries(dept: string): { file: string; lines: number[]; column: number } {
  const dir = path.join(dept, "incidents");
  const file = path.join(dir, CSV_FILES(dir)[0]);
  const [header, ...rows] = csvParseRows(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  const c = header.indexOf("summary");
  const picked = [3, 7, 11];
  picked.forEach((row, i) => (rows[row][c] = `${rows[row][c]} ${TEXT_CANARIES[i].text}`.trim()));
  const text = csvFormatRows([header, ...rows]) + "\n";
  fs.writeFileSync(file, text);
  // The line a row starts on: count the line breaks of the rows before it (quoted cells may hold some).
  const lineOf = (row: number) => 2 + csvFormatRows(rows.slice(0, row)).split("\n").length - (row === 0 ? 1 : 0);
  return { file, lines: picked.map(lineOf), column: c + 1 };
}
