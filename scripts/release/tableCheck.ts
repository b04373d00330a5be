// Checks the CSV files of a data package against their table schemas: the header, every cell's
// type and constraints, blank as the missing value, primary keys unique and foreign keys that
// resolve. Files are read in pieces, so a release of a million rows is checked in bounded memory
// (besides the key sets).
import fs from "node:fs";
import { csvRows as csvLineRows, linesOfPieces } from "./changes.ts";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";

/** A Table Schema field, as far as this checker reads it. */
export interface FieldDescriptor {
  name: string;
  type?: string;
  format?: string;
  delimiter?: string;
  itemType?: string;
  trueValues?: string[];
  falseValues?: string[];
  constraints?: { required?: boolean; unique?: boolean; enum?: unknown[]; pattern?: string; minimum?: number | string; maximum?: number | string };
}

export interface ForeignKey {
  fields: string | string[];
  reference: { resource?: string; fields: string | string[] };
}

export interface TableSchema {
  fields: FieldDescriptor[];
  missingValues?: string[];
  primaryKey?: string | string[];
  foreignKeys?: ForeignKey[];
}

export interface DataResource {
  name: string;
  path?: string | string[];
  format?: string;
  mediatype?: string;
  schema?: TableSchema | string;
}

/** One way a file breaks its schema. row is the data row (1 = the first row after the header). */
export interface TableProblem {
  resource: string;
  row: number | null;
  field: string | null;
  message: string;
}

// A resource stops being reported after this many problems (the count of the rest is given).
const MAX_PROBLEMS = 50;
const READ_BYTES = 4 * 1024 * 1024;

/** A file's text in pieces, decoded as UTF-8 (a byte order mark is dropped). */
export function* fileText(file: string): Generator<string> {
  const fd = fs.openSync(file, "r");
  const decoder = new StringDecoder("utf8");
  const buf = Buffer.allocUnsafe(READ_BYTES);
  let first = true;
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, READ_BYTES, null);
      if (n === 0) break;
      let text = decoder.write(buf.subarray(0, n));
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      if (text) yield text;
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    fs.closeSync(fd);
  }
}

/** RFC 4180 rows (comma, double quotes, CRLF or LF line ends) from text in pieces: the release reader's parser, fed line by line. */
export function csvRows(pieces: Iterable<string>): Generator<string[]> {
  return csvLineRows(linesOfPieces(pieces));
}

const INTEGER = /^[-+]?\d+$/;
const NUMBER = /^(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|NaN|INF|-INF)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEARMONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^-?\d{4}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:Z|[+-]\d{2}:\d{2})?$/;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** Why a (non-missing) cell is not of the type, or null when it is. */
function typeProblem(type: string, cell: string, f: FieldDescriptor): string | null {
  switch (type) {
    case "string":
    case "any":
      return null;
    case "integer":
      return INTEGER.test(cell) ? null : "is not an integer";
    case "number":
      return NUMBER.test(cell) ? null : "is not a number";
    case "boolean": {
      const t = f.trueValues ?? ["true", "True", "TRUE", "1"];
      const fa = f.falseValues ?? ["false", "False", "FALSE", "0"];
      return t.includes(cell) || fa.includes(cell) ? null : "is not a boolean";
    }
    case "date":
      return validDate(cell) ? null : "is not a date (YYYY-MM-DD)";
    case "yearmonth": {
      const m = YEARMONTH.exec(cell);
      return m && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? null : "is not a year and month (YYYY-MM)";
    }
    case "year":
      return YEAR.test(cell) ? null : "is not a year";
    case "time":
      return TIME.test(cell) ? null : "is not a time (HH:MM:SS)";
    case "datetime": {
      const m = DATETIME.exec(cell);
      return m && validDate(m[1]) && TIME.test(m[2]) ? null : "is not a date and time";
    }
    default:
      return `has type "${type}", which this checker does not read`;
  }
}

/** A compiled field: checks one cell; returns the problems (empty when the cell is right). */
type CellCheck = (cell: string | null) => string | null;

function compileField(f: FieldDescriptor): CellCheck {
  const type = f.type ?? "string";
  const c = f.constraints ?? {};
  const numeric = type === "integer" || type === "number" || type === "year";
  const allowed = c.enum ? new Set(c.enum.map((v) => (numeric ? String(Number(v)) : String(v)))) : null;
  const pattern = c.pattern !== undefined ? new RegExp(`^(?:${c.pattern})$`, "u") : null;
  const min = c.minimum !== undefined ? Number(c.minimum) : null;
  const max = c.maximum !== undefined ? Number(c.maximum) : null;
  return (cell) => {
    if (cell === null) return c.required ? "is blank, but the field is required" : null;
    if (type === "list") {
      const items = cell.split(f.delimiter ?? ",");
      for (const item of items) {
        const p = typeProblem(f.itemType ?? "string", item, f);
        if (p) return `has an item "${item}" that ${p}`;
      }
    } else {
      const p = typeProblem(type, cell, f);
      if (p) return p;
    }
    if (allowed && !allowed.has(numeric ? String(Number(cell)) : cell)) return "is not one of the values its enum allows";
    if (pattern && !pattern.test(cell)) return `does not match the pattern ${c.pattern}`;
    if (numeric && min !== null && Number(cell) < min) return `is below the minimum ${c.minimum}`;
    if (numeric && max !== null && Number(cell) > max) return `is above the maximum ${c.maximum}`;
    return null;
  };
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Key of a row's cells (distinct for distinct tuples, blank included). */
const keyOf = (cells: (string | null)[]) => JSON.stringify(cells);

/**
 * Checks every CSV resource of a data package (descriptor read from dir/datapackage.json unless
 * given) against its table schema. Returns the problems found, none when every file keeps its schema.
 */
export function checkDataPackage(dir: string, descriptor?: { resources: DataResource[] }): TableProblem[] {
  const pkg = descriptor ?? (JSON.parse(fs.readFileSync(path.join(dir, "datapackage.json"), "utf8")) as { resources: DataResource[] });
  const problems: TableProblem[] = [];
  const tables = pkg.resources.filter((r) => r.schema !== undefined && (r.format === "csv" || r.mediatype === "text/csv" || /\.csv$/i.test(String(r.path))));
  const byName = new Map(tables.map((r) => [r.name, r]));

  // Key sets other tables point at, filled as the referenced table is checked.
  const wanted = new Map<string, Set<string>>(); // "resource\u0000field,field" -> keys
  const want = (resource: string, fields: string[]) => `${resource}\u0000${fields.join(",")}`;
  for (const r of tables) {
    const schema = r.schema as TableSchema;
    if (typeof schema === "string") continue;
    for (const fk of schema.foreignKeys ?? []) wanted.set(want(fk.reference.resource || r.name, list(fk.reference.fields)), new Set());
  }

  // Referenced tables first (a table pointing at itself is read twice).
  const order: DataResource[] = [];
  const visiting = new Set<string>();
  const visit = (r: DataResource) => {
    if (order.includes(r) || visiting.has(r.name)) return;
    visiting.add(r.name);
    const schema = r.schema as TableSchema;
    if (typeof schema !== "string") for (const fk of schema.foreignKeys ?? []) {
      const target = byName.get(fk.reference.resource || r.name);
      if (target && target !== r) visit(target);
    }
    order.push(r);
  };
  tables.forEach(visit);

  for (const r of order) {
    const found: TableProblem[] = [];
    let more = 0;
    const report = (row: number | null, field: string | null, message: string) => {
      if (found.length < MAX_PROBLEMS) found.push({ resource: r.name, row, field, message });
      else more++;
    };
    checkResource(dir, r, byName, wanted, want, report);
    problems.push(...found);
    if (more) problems.push({ resource: r.name, row: null, field: null, message: `and ${more} more problems` });
  }
  return problems;
}

function checkResource(
  dir: string,
  r: DataResource,
  byName: Map<string, DataResource>,
  wanted: Map<string, Set<string>>,
  want: (resource: string, fields: string[]) => string,
  report: (row: number | null, field: string | null, message: string) => void,
): void {
  if (typeof r.schema === "string") return report(null, null, "schema given by reference, which this checker does not read");
  const schema = r.schema!;
  const paths = list(r.path);
  if (paths.length !== 1) return report(null, null, "needs exactly one path");
  const file = path.join(dir, ...paths[0].split("/"));
  if (!fs.existsSync(file)) return report(null, null, `file ${paths[0]} is missing`);
  const names = schema.fields.map((f) => f.name);
  const missing = new Set(schema.missingValues ?? [""]);
  const checks = schema.fields.map(compileField);
  const index = (field: string) => names.indexOf(field);
  const columnsOf = (fields: string[], what: string): number[] | null => {
    const at = fields.map(index);
    if (at.some((i) => i < 0)) {
      report(null, null, `${what} names a field the schema lacks: ${fields.join(", ")}`);
      return null;
    }
    return at;
  };

  const pk = list(schema.primaryKey);
  const pkAt = pk.length ? columnsOf(pk, "primaryKey") : null;
  const pkSeen = new Set<string>();
  const unique = schema.fields.map((f, i) => (f.constraints?.unique ? { i, seen: new Set<string>() } : null)).filter((u) => u !== null);
  // Key sets this table fills for others, and the foreign keys it checks.
  const fills: { at: number[]; keys: Set<string> }[] = [];
  for (const [k, keys] of wanted) {
    const [resource, fields] = k.split("\u0000");
    if (resource !== r.name) continue;
    const at = columnsOf(fields.split(","), `a foreign key into ${r.name}`);
    if (at) fills.push({ at, keys });
  }
  const fks: { at: number[]; keys: Set<string>; label: string }[] = [];
  for (const fk of schema.foreignKeys ?? []) {
    const fields = list(fk.fields);
    const target = fk.reference.resource || r.name;
    const refFields = list(fk.reference.fields);
    const at = columnsOf(fields, "foreignKeys");
    if (!at) continue;
    if (fields.length !== refFields.length) report(null, null, `foreign key ${fields.join(", ")} and its reference differ in length`);
    else if (!byName.has(target)) report(null, null, `foreign key ${fields.join(", ")} points at a resource not in the package: ${target}`);
    else fks.push({ at, keys: wanted.get(want(target, refFields))!, label: `${fields.join(", ")} -> ${target}.${refFields.join(", ")}` });
  }
  const selfRefs = fks.filter((fk) => fills.some((f) => f.keys === fk.keys));
  const pending: { row: number; key: string; label: string }[] = [];

  let row = -1;
  for (const cells of csvRows(fileText(file))) {
    row++;
    if (row === 0) {
      if (cells.length !== names.length || cells.some((c, i) => c !== names[i])) report(0, null, `header is "${cells.join(",")}", the schema's fields are "${names.join(",")}"`);
      continue;
    }
    if (cells.length !== names.length) {
      report(row, null, `has ${cells.length} cells, the schema ${names.length} fields`);
      continue;
    }
    const values = cells.map((c) => (missing.has(c) ? null : c));
    for (let i = 0; i < values.length; i++) {
      const p = checks[i](values[i]);
      if (p) report(row, names[i], `"${cells[i]}" ${p}`);
    }
    for (const u of unique) {
      const v = values[u.i];
      if (v === null) continue;
      if (u.seen.has(v)) report(row, names[u.i], `"${v}" repeats, but the field is unique`);
      u.seen.add(v);
    }
    if (pkAt) {
      const key = pkAt.map((i) => values[i]);
      if (key.every((v) => v === null)) report(row, pk.join(", "), "primary key is blank");
      else {
        const k = keyOf(key);
        if (pkSeen.has(k)) report(row, pk.join(", "), `primary key ${key.map((v) => v ?? "").join("|")} repeats`);
        pkSeen.add(k);
      }
    }
    for (const f of fills) f.keys.add(keyOf(f.at.map((i) => values[i])));
    for (const fk of fks) {
      const key = fk.at.map((i) => values[i]);
      // A blank reference points nowhere: allowed unless the field is required (reported above).
      if (key.every((v) => v === null)) continue;
      const k = keyOf(key);
      if (selfRefs.includes(fk)) pending.push({ row, key: k, label: fk.label });
      else if (!fk.keys.has(k)) report(row, fk.at.map((i) => names[i]).join(", "), `${key.map((v) => v ?? "").join("|")} is not a key of ${fk.label.split(" -> ")[1]}`);
    }
  }
  if (row < 0) report(null, null, "file is empty (no header)");
  for (const p of pending) {
    const fk = fks.find((f) => f.label === p.label)!;
    if (!fk.keys.has(p.key)) report(p.row, p.label.split(" -> ")[0], `${JSON.parse(p.key).join("|")} is not a key of ${p.label.split(" -> ")[1]}`);
  }
}
