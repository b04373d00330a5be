// Validate stage: checks every row of every table against the canonical zod schema, and the
// tables against each other, collecting every problem rather than stopping at the first.
import type { z } from "zod";
import { departmentConfig, policyFrontMatter, type DepartmentConfig, type PolicySection } from "../../src/lib/schema/config.ts";
import { metaOf } from "../../src/lib/schema/fields.ts";
import { TABLES, fieldsOf, type CanonicalData, type TableName } from "../../src/lib/schema/tables.ts";
import type { ParsedFile, SourceFile } from "./parse.ts";
import type { Problem } from "./problems.ts";

/** Where a validated row came from. */
export interface Origin {
  file: string;
  line: number;
}

/** A rejected row and why. */
export interface Rejection extends Origin {
  table: TableName;
  reasons: string[];
}

/** The result of validating one table's files. */
export interface TableResult<T> {
  rows: T[];
  /** origins[i] is where rows[i] came from. */
  origins: Origin[];
  /** Data rows read across the table's files. */
  read: number;
  rejected: Rejection[];
  /** Columns present in the files but not in the schema: dropped, never published. */
  unknownColumns: { file: string; column: string }[];
  /** Primary-key values of rejected rows, so rows that refer to them are rejected as a consequence. */
  rejectedIds: Set<string>;
}

/** The primary key of each table that has one. */
export const PRIMARY_KEY: Partial<Record<TableName, string>> = {
  incidents: "incident_id",
  subjects: "subject_id",
  officers: "officer_id",
  complaints: "complaint_id",
};

/** Everything validation returns. */
export interface Validated {
  data: CanonicalData;
  origins: Record<TableName, Origin[]>;
  read: Record<TableName, number>;
  rejected: Rejection[];
  problems: Problem[];
  notes: string[];
  unknownColumns: { file: string; column: string }[];
  /** Values of identifier columns (never published): the identifier scan looks for them in free text. */
  identifierValues: IdentifierValue[];
}

// Header names of columns the schema does not know but that look like identifiers.
const IDENTIFIER_HEADER = /name|badge|employee|address|street|phone|birth|dob|ssn|plate|latitude|longitude|email/i;

function fixFor(field: string, required: boolean, table: TableName): string {
  if (field === "district") return "use a district code listed in config.json, or add the district there";
  return required
    ? `this column is required in ${table}: fill the cell in`
    : "correct the cell, or leave it empty if the value was not recorded";
}

/** Validates one table's parsed files, row by row. */
/** A value from a never-published column; isName when the column holds person names. */
export interface IdentifierValue {
  value: string;
  isName: boolean;
}

const NAME_HEADER = /name/i;

export function validateTable<T>(table: TableName, files: ParsedFile[], problems: Problem[], identifierValues: IdentifierValue[]): TableResult<T> {
  const fields = fieldsOf(table);
  const schema = TABLES[table].schema as unknown as z.ZodType<T>;
  const rows: T[] = [];
  const origins: Origin[] = [];
  const rejected: Rejection[] = [];
  const unknownColumns: { file: string; column: string }[] = [];
  const rejectedIds = new Set<string>();
  const pk = PRIMARY_KEY[table];
  let read = 0;
  for (const file of files) {
    read += file.rows.length;
    const index = new Map<string, number>();
    file.header.forEach((h, i) => {
      const key = h.toLowerCase();
      if (index.has(key)) {
        problems.push({ file: file.path, line: 1, column: i + 1, field: h, value: null, expected: "each column name once", fix: "remove or rename the duplicate column" });
      } else index.set(key, i);
    });
    const identifierCols: number[] = [];
    for (const [i, h] of file.header.entries()) {
      if (!fields.some(([name]) => name === h.toLowerCase())) {
        unknownColumns.push({ file: file.path, column: h });
        if (IDENTIFIER_HEADER.test(h)) identifierCols.push(i);
      }
    }
    const missing = fields.filter(([name, s]) => metaOf(s).required && !index.has(name)).map(([n]) => n);
    if (missing.length > 0) {
      for (const name of missing) {
        problems.push({
          file: file.path, line: 1, column: null, field: name, value: null,
          expected: `a column named "${name}" (required in ${table})`,
          fix: `add the column to the header row; columns found: ${file.header.join(", ")}`,
        });
      }
      for (const line of file.lines) rejected.push({ table, file: file.path, line, reasons: [`the file lacks required column(s) ${missing.join(", ")}`] });
      continue;
    }
    const colOf = fields.map(([name]) => index.get(name) ?? -1);
    const pkCol = pk === undefined ? -1 : (index.get(pk) ?? -1);
    const neverCols = fields.map(([, s], i) => (metaOf(s).publish === "never" ? colOf[i] : -1)).filter((c) => c >= 0);
    const scanCols = [...neverCols, ...identifierCols];
    const nameCol = new Set(scanCols.filter((c) => NAME_HEADER.test(file.header[c])));
    for (let r = 0; r < file.rows.length; r++) {
      const cells = file.rows[r];
      const line = file.lines[r];
      for (const c of scanCols) {
        const v = cells[c];
        if (v !== undefined && v.trim().length >= 4) identifierValues.push({ value: v.trim(), isName: nameCol.has(c) });
      }
      if (cells.length !== file.header.length) {
        problems.push({
          file: file.path, line, column: null, field: null, value: null,
          expected: `${file.header.length} cells as in the header row, found ${cells.length}`,
          fix: "check for a missing or extra comma, or an unclosed quote, on this line or the one before",
          row: true,
        });
        rejected.push({ table, file: file.path, line, reasons: ["wrong number of cells"] });
        if (pkCol >= 0 && cells[pkCol] !== undefined) rejectedIds.add(cells[pkCol].trim());
        continue;
      }
      const obj: Record<string, string | undefined> = {};
      for (let i = 0; i < fields.length; i++) obj[fields[i][0]] = colOf[i] >= 0 ? cells[colOf[i]] : undefined;
      const result = schema.safeParse(obj);
      if (result.success) {
        rows.push(result.data);
        origins.push({ file: file.path, line });
        continue;
      }
      const reasons: string[] = [];
      for (const issue of result.error.issues) {
        const field = String(issue.path[0]);
        const fieldIdx = fields.findIndex(([n]) => n === field);
        const meta = metaOf(fields[fieldIdx][1]);
        const col = colOf[fieldIdx];
        const value = obj[field] ?? "";
        const expected = value.trim() === "" && meta.required ? `a value (${meta.expected})` : meta.expected;
        problems.push({ file: file.path, line, column: col >= 0 ? col + 1 : null, field, value, expected, fix: fixFor(field, meta.required, table), row: true });
        reasons.push(`${field}: expected ${expected}`);
      }
      rejected.push({ table, file: file.path, line, reasons });
      if (pkCol >= 0) rejectedIds.add((cells[pkCol] ?? "").trim());
    }
  }
  return { rows, origins, read, rejected, unknownColumns, rejectedIds };
}

/** Parses and checks data/config.json. */
export function validateConfig(file: SourceFile, problems: Problem[]): DepartmentConfig | null {
  let json: unknown;
  try {
    json = JSON.parse(file.text.replace(/^\uFEFF/, ""));
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? file.text.slice(0, Number(pos[1])).split("\n").length : null;
    problems.push({ file: file.path, line, column: null, field: null, value: null, expected: "valid JSON", fix: `correct the JSON syntax (${msg})` });
    return null;
  }
  const r = departmentConfig.safeParse(json);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const key = issue.path.join(".");
    problems.push({
      file: file.path, line: null, column: null, field: key || "(top level)", value: null,
      expected: issue.message.replace(/^Invalid input: /, "").replace(/^expected /, ""),
      fix: issue.code === "unrecognized_keys" ? "remove the unknown key, or check its spelling" : "set this key as the data dictionary describes",
    });
  }
  return null;
}

/** Parses front matter ("key: value" lines between --- fences) and checks each policy section. */
export function validatePolicy(files: SourceFile[], problems: Problem[]): PolicySection[] {
  const out: PolicySection[] = [];
  for (const file of files) {
    const text = file.text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
    const m = /^---\n([\s\S]*?)\n---\n?/.exec(text);
    if (!m) {
      problems.push({ file: file.path, line: 1, column: null, field: null, value: null, expected: "front matter between --- lines (title, section, effective)", fix: "start the file with ---, the keys, and ---" });
      continue;
    }
    const fm: Record<string, unknown> = {};
    m[1].split("\n").forEach((l) => {
      const kv = /^([a-z_]+):\s*(.*)$/.exec(l.trim());
      if (!kv) return;
      const v = kv[2].replace(/^"(.*)"$/, "$1");
      fm[kv[1]] = v === "true" ? true : v === "false" ? false : v;
    });
    const r = policyFrontMatter.safeParse(fm);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const key = issue.path.join(".");
        const line = 2 + m[1].split("\n").findIndex((l) => l.trim().startsWith(key + ":"));
        problems.push({ file: file.path, line: line >= 2 ? line : 1, column: null, field: key, value: key in fm ? String(fm[key]) : null, expected: issue.message.replace(/^Invalid input: /, "").replace(/^expected /, ""), fix: "correct the front matter key" });
      }
      continue;
    }
    const slug = file.path.replace(/^.*\//, "").replace(/\.md$/, "");
    out.push({ ...r.data, slug, body: text.slice(m[0].length) });
  }
  return out.sort((a, b) => a.slug.localeCompare(b.slug));
}

type Keyed = { [k: string]: unknown };
/** A row rejected because a row it refers to was rejected. */
type Cascade = { cascade: string };

/** Checks the tables against each other and the configuration; returns the surviving rows. */
export function crossCheck(
  tables: { [K in TableName]: TableResult<CanonicalData[K][number]> },
  config: DepartmentConfig,
  problems: Problem[],
  headers: Map<string, string[]>,
): { data: CanonicalData; origins: Record<TableName, Origin[]>; rejected: Rejection[] } {
  const rejected: Rejection[] = [];
  const rejectedIds: Partial<Record<TableName, Set<string>>> = {};
  for (const t of Object.keys(PRIMARY_KEY) as TableName[]) rejectedIds[t] = new Set(tables[t].rejectedIds);
  const districts = new Set(config.districts.map((d) => d.code));
  const data = {} as CanonicalData;
  const origins = {} as Record<TableName, Origin[]>;

  // Filters a table's rows, recording a problem and a rejection for each failing row.
  function keep<K extends TableName>(table: K, rows: CanonicalData[K], orig: Origin[], test: (row: CanonicalData[K][number]) => Problem | Cascade | null) {
    const outRows: CanonicalData[K][number][] = [];
    const outOrig: Origin[] = [];
    const pk = PRIMARY_KEY[table];
    rows.forEach((row, i) => {
      const p = test(row);
      if (p && "cascade" in p) {
        // A consequence of another row's problem: rejected, but not a problem of its own to fix.
        rejected.push({ table, file: orig[i].file, line: orig[i].line, reasons: [p.cascade] });
        if (pk) rejectedIds[table]?.add((row as Keyed)[pk] as string);
      } else if (p) {
        const o = orig[i];
        const header = headers.get(o.file) ?? [];
        const col = header.findIndex((h) => h.toLowerCase() === p.field);
        const full = { ...p, file: o.file, line: o.line, column: col >= 0 ? col + 1 : null, row: true };
        problems.push(full);
        rejected.push({ table, file: o.file, line: o.line, reasons: [`${p.field}: expected ${p.expected}`] });
        if (pk) rejectedIds[table]?.add((row as Keyed)[pk] as string);
      } else {
        outRows.push(row);
        outOrig.push(orig[i]);
      }
    });
    return { rows: outRows as CanonicalData[K], origins: outOrig };
  }

  // The column number is filled in by keep() from the file's own header.
  const colOfField = (_table: TableName, _field: string) => null;
  const districtCheck = (table: TableName) => (row: Keyed) => {
    const d = row.district as string | null;
    return d !== null && d !== undefined && !districts.has(d)
      ? { file: "", line: 0, column: colOfField(table, "district"), field: "district", value: d, expected: `a district code listed in config.json (${[...districts].join(", ")})`, fix: "use a listed code, or add the district to config.json" }
      : null;
  };
  const dupCheck = (table: TableName, key: string) => {
    const seen = new Map<string, Origin>();
    const origin = tables[table].origins;
    let i = 0;
    return (row: Keyed) => {
      const o = origin[i++];
      const id = row[key] as string;
      const first = seen.get(id);
      if (first) return { file: "", line: 0, column: colOfField(table, key), field: key, value: id, expected: `a ${key} not used before (first used at ${first.file}:${first.line})`, fix: "give each record its own id, or remove the duplicate row" };
      seen.set(id, o);
      return null;
    };
  };
  const both = (...checks: ((r: Keyed) => Problem | Cascade | null)[]) => (r: Keyed) => {
    for (const c of checks) {
      const p = c(r);
      if (p) return p;
    }
    return null;
  };

  const inc = keep("incidents", tables.incidents.rows, tables.incidents.origins, both(dupCheck("incidents", "incident_id"), districtCheck("incidents")) as never);
  data.incidents = inc.rows;
  origins.incidents = inc.origins;
  const incidentIds = new Set(inc.rows.map((r) => r.incident_id));
  const missingIncident = (table: TableName) => (row: Keyed): Problem | Cascade | null => {
    const id = row.incident_id as string;
    if (rejectedIds.incidents!.has(id)) return { cascade: `its incident ${id} was rejected` };
    return incidentIds.has(id) ? null : { file: "", line: 0, column: colOfField(table, "incident_id"), field: "incident_id", value: id, expected: "the incident_id of a valid row in incidents", fix: "add or correct the incident, or correct this id" };
  };

  const sub = keep("subjects", tables.subjects.rows, tables.subjects.origins, both(dupCheck("subjects", "subject_id"), missingIncident("subjects")) as never);
  data.subjects = sub.rows;
  origins.subjects = sub.origins;
  const subjectIncident = new Map(sub.rows.map((r) => [r.subject_id, r.incident_id]));

  const off = keep("officers", tables.officers.rows, tables.officers.origins, both(dupCheck("officers", "officer_id"), missingIncident("officers")) as never);
  data.officers = off.rows;
  origins.officers = off.origins;

  const fu = keep("force_uses", tables.force_uses.rows, tables.force_uses.origins, both(missingIncident("force_uses"), (row: Keyed): Problem | Cascade | null => {
    const s = row.subject_id as string | null;
    if (s === null) return null;
    if (rejectedIds.subjects!.has(s)) return { cascade: `its subject ${s} was rejected` };
    const i = subjectIncident.get(s);
    return i === row.incident_id ? null : {
      file: "", line: 0, column: colOfField("force_uses", "subject_id"), field: "subject_id", value: s,
      expected: i === undefined ? "the subject_id of a valid row in subjects" : `a subject of incident ${String(row.incident_id)} (this subject belongs to ${i})`,
      fix: "correct the subject_id or incident_id, or leave subject_id empty if not known",
    };
  }) as never);
  data.force_uses = fu.rows;
  origins.force_uses = fu.origins;

  const calls = keep("calls_for_service", tables.calls_for_service.rows, tables.calls_for_service.origins, districtCheck("calls_for_service") as never);
  data.calls_for_service = calls.rows;
  origins.calls_for_service = calls.origins;
  const arrests = keep("arrests", tables.arrests.rows, tables.arrests.origins, districtCheck("arrests") as never);
  data.arrests = arrests.rows;
  origins.arrests = arrests.origins;
  const pop = keep("population", tables.population.rows, tables.population.origins, districtCheck("population") as never);
  data.population = pop.rows;
  origins.population = pop.origins;
  const comp = keep("complaints", tables.complaints.rows, tables.complaints.origins, both(dupCheck("complaints", "complaint_id"), (row: Keyed) => {
    const c = row.closed_date as string | null;
    return c !== null && c < (row.received_date as string)
      ? { file: "", line: 0, column: colOfField("complaints", "closed_date"), field: "closed_date", value: c, expected: `a date on or after received_date (${String(row.received_date)})`, fix: "correct the received or closed date" }
      : null;
  }) as never);
  data.complaints = comp.rows;
  origins.complaints = comp.origins;
  const tr = keep("training", tables.training.rows, tables.training.origins, dupCheck("training", "year") as never);
  data.training = tr.rows;
  origins.training = tr.origins;
  return { data, origins, rejected };
}
