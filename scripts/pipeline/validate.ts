// Validate stage: checks every row of every table against the canonical zod schema, and the
// tables against each other, collecting every problem rather than stopping at the first.
import { departmentConfig, policyFrontMatter, type DepartmentConfig, type PolicySection } from "../../src/lib/schema/config.ts";
import { INVALID, metaOf } from "../../src/lib/schema/fields.ts";
import { fieldsOf, type CanonicalData, type TableName } from "../../src/lib/schema/tables.ts";
import type { ParsedFile, SourceFile } from "./parse.ts";
import type { Problem } from "./problems.ts";

/** Where a row came from. */
export interface Origin {
  file: string;
  line: number;
}

/** Where each row of a table came from, kept as two number arrays (millions of rows). */
export class Origins {
  readonly files: string[] = [];
  readonly fileOf: number[] = [];
  readonly lineOf: number[] = [];
  /** Registers a file; returns its index. */
  addFile(path: string): number {
    this.files.push(path);
    return this.files.length - 1;
  }
  push(file: number, line: number): void {
    this.fileOf.push(file);
    this.lineOf.push(line);
  }
  get length(): number {
    return this.lineOf.length;
  }
  get(i: number): Origin {
    return { file: this.files[this.fileOf[i]], line: this.lineOf[i] };
  }
  /** The origins of the rows kept by a filter. */
  subset(keep: (i: number) => boolean): Origins {
    const o = new Origins();
    o.files.push(...this.files);
    for (let i = 0; i < this.lineOf.length; i++) if (keep(i)) o.push(this.fileOf[i], this.lineOf[i]);
    return o;
  }
}

/** A rejected row and why. */
export interface Rejection extends Origin {
  table: TableName;
  reasons: string[];
}

/** The result of validating one table's files. */
export interface TableResult<T> {
  rows: T[];
  /** Where rows[i] came from. */
  origins: Origins;
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

/** Values found in never-published columns, which the identifier scan looks for in free text. */
export interface IdentifierValues {
  /** Values of columns holding person names. */
  names: Set<string>;
  /** Other identifiers: case and badge numbers, addresses. */
  others: Set<string>;
}

/** An empty collection of identifier values. */
export function identifierValues(): IdentifierValues {
  return { names: new Set(), others: new Set() };
}

// Header names of columns the schema does not know but that look like identifiers.
const IDENTIFIER_HEADER = /name|badge|employee|address|street|phone|birth|dob|ssn|plate|email/i;
const NAME_HEADER = /name/i;

function fixFor(field: string, required: boolean, table: TableName): string {
  if (field === "district") return "use a district code listed in config.json, or add the district there";
  return required
    ? `this column is required in ${table}: fill the cell in`
    : "correct the cell, or leave it empty if the value was not recorded";
}

/** Whether a cell is empty or only spaces. */
function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 160) return false;
  }
  return true;
}

/**
 * Validates one parsed file of a table, row by row, with the cell parsers of the table's zod
 * schema (the same functions its transforms run), appending to the table's result.
 */
export function validateFile<T>(table: TableName, file: ParsedFile, into: TableResult<T>, problems: Problem[], ids: IdentifierValues): void {
  const fields = fieldsOf(table);
  const metas = fields.map(([, s]) => metaOf(s));
  const names = fields.map(([n]) => n);
  const { rows, origins, rejected, unknownColumns, rejectedIds } = into;
  const fileIdx = origins.addFile(file.path);
  into.read += file.rows.length;
  const index = new Map<string, number>();
  file.header.forEach((h, i) => {
    const key = h.toLowerCase();
    if (index.has(key)) {
      problems.push({ file: file.path, line: 1, column: i + 1, field: h, value: null, expected: "each column name once", fix: "remove or rename the duplicate column" });
    } else index.set(key, i);
  });
  const identifierCols: number[] = [];
  for (const [i, h] of file.header.entries()) {
    if (!names.includes(h.toLowerCase())) {
      unknownColumns.push({ file: file.path, column: h });
      if (IDENTIFIER_HEADER.test(h)) identifierCols.push(i);
    }
  }
  const missing = names.filter((n, i) => metas[i].required && !index.has(n));
  if (missing.length > 0) {
    for (const name of missing) {
      problems.push({
        file: file.path, line: 1, column: null, field: name, value: null,
        expected: `a column named "${name}" (required in ${table})`,
        fix: `add the column to the header row; columns found: ${file.header.join(", ")}`,
      });
    }
    for (const line of file.lines) rejected.push({ table, file: file.path, line, reasons: [`the file lacks required column(s) ${missing.join(", ")}`] });
    return;
  }
  const colOf = names.map((n) => index.get(n) ?? -1);
  const pk = PRIMARY_KEY[table];
  const pkCol = pk === undefined ? -1 : (index.get(pk) ?? -1);
  // Never-published text columns (and unknown identifier-like ones) feed the identifier scan.
  const scanCols = [
    ...metas.map((m, i) => (m.publish === "never" && m.type === "string" ? colOf[i] : -1)).filter((c) => c >= 0),
    ...identifierCols,
  ].map((c) => ({ c, set: NAME_HEADER.test(file.header[c]) ? ids.names : ids.others }));
  const n = names.length;
  const width = file.header.length;
  const make = rowFactory(names);
  const values: unknown[] = new Array(n).fill(null);
  const isId = metas.map((m) => m.publish === "pseudonym");
  for (let r = 0; r < file.rows.length; r++) {
    const cells = file.rows[r];
    const line = file.lines[r];
    for (const { c, set } of scanCols) {
      const v = cells[c];
      if (v !== undefined && v.length >= 4) {
        const t = v.trim();
        if (t.length >= 4) set.add(t);
      }
    }
    if (cells.length !== width) {
      problems.push({
        file: file.path, line, column: null, field: null, value: null,
        expected: `${width} cells as in the header row, found ${cells.length}`,
        fix: "check for a missing or extra comma, or an unclosed quote, on this line or the one before",
        row: true,
      });
      rejected.push({ table, file: file.path, line, reasons: ["wrong number of cells"] });
      if (pkCol >= 0 && cells[pkCol] !== undefined) rejectedIds.add(cells[pkCol].trim());
      continue;
    }
    let reasons: string[] | null = null;
    for (let i = 0; i < n; i++) {
      const col = colOf[i];
      const raw = col >= 0 ? cells[col] : "";
      const m = metas[i];
      let bad = false;
      if (raw.length === 0 || isBlank(raw)) {
        values[i] = null;
        bad = m.required;
      } else {
        const v = m.convert(raw.trim());
        if (v === INVALID) bad = true;
        // Direct identifiers are checked, then dropped here: their values only feed the identifier scan.
        else values[i] = m.publish === "never" ? null : isId[i] ? ownCopy(v as string) : v;
      }
      if (bad) {
        const expected = isBlank(raw) ? `a value (${m.expected})` : m.expected;
        problems.push({ file: file.path, line, column: col >= 0 ? col + 1 : null, field: names[i], value: raw, expected, fix: fixFor(names[i], m.required, table), row: true });
        (reasons ??= []).push(`${names[i]}: expected ${expected}`);
      }
    }
    if (reasons) {
      rejected.push({ table, file: file.path, line, reasons });
      if (pkCol >= 0) rejectedIds.add((cells[pkCol] ?? "").trim());
    } else {
      rows.push(make(values) as T);
      origins.push(fileIdx, line);
    }
  }
}

/**
 * A copy of a string that does not keep the file it was cut from in memory (a slice of 13 or
 * more characters would hold on to the whole file's text).
 */
function ownCopy(s: string): string {
  return (" " + s).slice(1);
}

const factories = new Map<string, (v: unknown[]) => object>();

/**
 * Builds a row object from values in schema order. The object literal gives every row one
 * shape with its fields stored inline: far less memory than adding fields one by one.
 */
function rowFactory(names: string[]): (v: unknown[]) => object {
  const key = names.join(",");
  let f = factories.get(key);
  if (!f) {
    const body = `return {${names.map((n, i) => `${JSON.stringify(n)}: v[${i}]`).join(", ")}};`;
    f = new Function("v", body) as (v: unknown[]) => object;
    factories.set(key, f);
  }
  return f;
}

/** An empty table result, to validate files into. */
export function emptyTableResult<T>(): TableResult<T> {
  return { rows: [], origins: new Origins(), read: 0, rejected: [], unknownColumns: [], rejectedIds: new Set() };
}

/** Validates one table's parsed files (all in memory; the pipeline goes file by file). */
export function validateTable<T>(table: TableName, files: ParsedFile[], problems: Problem[], ids: IdentifierValues = identifierValues()): TableResult<T> {
  const result = emptyTableResult<T>();
  for (const f of files) validateFile(table, f, result, problems, ids);
  return result;
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
): { data: CanonicalData; origins: Record<TableName, Origins>; rejected: Rejection[] } {
  const rejected: Rejection[] = [];
  const rejectedIds: Partial<Record<TableName, Set<string>>> = {};
  for (const t of Object.keys(PRIMARY_KEY) as TableName[]) rejectedIds[t] = new Set(tables[t].rejectedIds);
  const districts = new Set(config.districts.map((d) => d.code));
  const data = {} as CanonicalData;
  const origins = {} as Record<TableName, Origins>;

  // Filters a table's rows, recording a problem and a rejection for each failing row.
  function keep<K extends TableName>(table: K, rows: CanonicalData[K], orig: Origins, test: (row: CanonicalData[K][number], i: number) => Problem | Cascade | null) {
    const outRows: CanonicalData[K][number][] = [];
    const pk = PRIMARY_KEY[table];
    const kept: boolean[] = new Array(rows.length);
    let all = true;
    rows.forEach((row, i) => {
      const p = test(row, i);
      kept[i] = p === null;
      if (p) all = false;
      if (p && "cascade" in p) {
        // A consequence of another row's problem: rejected, but not a problem of its own to fix.
        const o = orig.get(i);
        rejected.push({ table, file: o.file, line: o.line, reasons: [p.cascade] });
        if (pk) rejectedIds[table]?.add((row as Keyed)[pk] as string);
      } else if (p) {
        const o = orig.get(i);
        const header = headers.get(o.file) ?? [];
        const col = header.findIndex((h) => h.toLowerCase() === p.field);
        const full = { ...p, file: o.file, line: o.line, column: col >= 0 ? col + 1 : null, row: true };
        problems.push(full);
        rejected.push({ table, file: o.file, line: o.line, reasons: [`${p.field}: expected ${p.expected}`] });
        if (pk) rejectedIds[table]?.add((row as Keyed)[pk] as string);
      } else outRows.push(row);
    });
    return { rows: outRows as CanonicalData[K], origins: all ? orig : orig.subset((i) => kept[i]) };
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
    const seen = new Map<string, number>();
    const origin = tables[table].origins;
    return (row: Keyed, i: number) => {
      const id = String(row[key]);
      const first = seen.get(id);
      if (first !== undefined) {
        const o = origin.get(first);
        return { file: "", line: 0, column: colOfField(table, key), field: key, value: id, expected: `a ${key} not used before (first used at ${o.file}:${o.line})`, fix: "give each record its own id, or remove the duplicate row" };
      }
      seen.set(id, i);
      return null;
    };
  };
  const both = (...checks: ((r: Keyed, i: number) => Problem | Cascade | null)[]) => (r: Keyed, i: number) => {
    for (const c of checks) {
      const p = c(r, i);
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
