// Validate stage: checks every row of every table against the canonical zod schema, and the
// tables against each other, collecting every problem rather than stopping at the first.
// Valid rows go straight into columns (see table.ts); no row object is built.
import type { DepartmentConfig } from "../../src/lib/schema/config.ts";
import { metaOf, type FieldMeta } from "../../src/lib/schema/fields.ts";
import { fieldsOf, type CanonicalRow, type TableName } from "../../src/lib/schema/tables.ts";
import { aroundControl, CONTROL, CONTROL_FIX, controlExpected, controlName, hasControl, showControls, utf16Problem } from "./controls.ts";
import { streamCsv, type CsvSummary, type ParsedFile, type RowVisitor, type SourceFile } from "./parse.ts";
import type { Problem } from "./problems.ts";
import type { InputText, Unread } from "./read.ts";
import { StringIndex } from "./strings.ts";
import { ArrayColumn, ColumnTable, IdColumn, PendingRefColumn, RefColumn, columnBuilder, columnFromParts, columnToParts, type Column, type ColumnBuilder, type ColumnParts, type RowList } from "./table.ts";

/** Where a row came from. */
export interface Origin {
  file: string;
  line: number;
}

/**
 * Where each row of a table came from: a line number per row, and the row at which each file's
 * rows begin (rows are added file by file, and filters keep their order).
 */
export class Origins {
  readonly files: string[] = [];
  /** First row of each file. */
  readonly starts: number[] = [];
  private lines = new Int32Array(1024);
  length = 0;
  /** Registers a file; returns its index. */
  addFile(path: string): number {
    this.files.push(path);
    this.starts.push(this.length);
    return this.files.length - 1;
  }
  push(line: number): void {
    if (this.length === this.lines.length) {
      const l = new Int32Array(this.lines.length * 2);
      l.set(this.lines);
      this.lines = l;
    }
    this.lines[this.length++] = line;
  }
  get(i: number): Origin {
    // The last file that starts at or before row i (files with no rows start where the next one does).
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.files[lo], line: this.lines[i] };
  }
  /** Trims the line numbers to the rows there are. */
  seal(): void {
    if (this.lines.length !== this.length) this.lines = this.lines.slice(0, Math.max(this.length, 1));
  }
  /** As plain data (sealed first), to send to another thread. */
  toParts(): { files: string[]; starts: number[]; lines: Int32Array<ArrayBuffer>; length: number } {
    this.seal();
    return { files: this.files, starts: this.starts, lines: this.lines, length: this.length };
  }
  /** Origins sent from another thread. */
  static fromParts(p: ReturnType<Origins["toParts"]>): Origins {
    const o = new Origins();
    for (const f of p.files) o.files.push(f);
    for (const s of p.starts) o.starts.push(s);
    o.lines = p.lines;
    o.length = p.length;
    return o;
  }
  /** The origins of the rows kept by a filter (row numbers in increasing order). */
  select(rows: RowList): Origins {
    const o = new Origins();
    o.files.push(...this.files);
    o.lines = new Int32Array(Math.max(rows.length, 1));
    let f = 0;
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      while (f < this.starts.length && this.starts[f] <= r) {
        o.starts.push(k);
        f++;
      }
      o.lines[k] = this.lines[r];
    }
    while (o.starts.length < this.starts.length) o.starts.push(rows.length);
    o.length = rows.length;
    return o;
  }
}

/** A rejected row and why. */
export interface Rejection extends Origin {
  table: TableName;
  reasons: string[];
}

/** The result of validating one table's files: its valid rows as columns, and what was rejected. */
export interface TableResult<T extends object = object> {
  name: TableName;
  /** The column builders, in schema order, while files are added. */
  builders: ColumnBuilder[];
  /** The valid rows, once every file is in (see sealTable). */
  table: ColumnTable<T> | null;
  /** Where row i came from. */
  origins: Origins;
  /** Data rows read across the table's files. */
  read: number;
  rejected: Rejection[];
  /** Columns present in the files but not in the schema: dropped, never published. */
  unknownColumns: { file: string; column: string }[];
  /** Primary-key values of rejected rows, so rows that refer to them are rejected as a consequence. */
  rejectedIds: Set<string>;
  /** Every valid row as an object (small tables and tests; the pipeline reads columns). */
  readonly rows: T[];
}

/** The primary key of each table that has one. */
export const PRIMARY_KEY: Partial<Record<TableName, string>> = {
  incidents: "incident_id",
  subjects: "subject_id",
  officers: "officer_id",
  complaints: "complaint_id",
};

/** Identifier fields that refer to rows of another table, by that table's primary key. */
export const REFERENCES: Partial<Record<TableName, Record<string, TableName>>> = {
  subjects: { incident_id: "incidents" },
  officers: { incident_id: "incidents" },
  force_uses: { incident_id: "incidents", subject_id: "subjects", officer_id: "officers" },
  complaints: { incident_id: "incidents" },
};

/** Validated rows of every table, as columns. */
export type CanonicalData = { [K in TableName]: ColumnTable<CanonicalRow[K]> };

/** Values found in never-published columns, which the identifier scan looks for in free text. */
export interface IdentifierValues {
  /** Values of columns holding person names. */
  names: StringIndex;
  /** Other identifiers: case and badge numbers, addresses. */
  others: StringIndex;
}

/** An empty collection of identifier values. */
export function identifierValues(): IdentifierValues {
  return { names: new StringIndex(), others: new StringIndex() };
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

/** The problem of a cell holding a control character (the first it holds). */
export function cellControlProblem(file: string, line: number, column: number, field: string, cell: string, row: boolean): Problem {
  const at = CONTROL.exec(cell)!;
  return {
    file, line, column, field, value: aroundControl(cell, at.index),
    expected: controlExpected(controlName(at[0]), `at character ${at.index + 1} of the cell`),
    fix: CONTROL_FIX, row,
  };
}

/**
 * Starts validating one file of a table, given its header: returns the visitor that checks each
 * data row with the cell parsers of the table's zod schema (the same functions its transforms
 * run) and appends valid rows to the table's columns. controls: the file's text holds a control
 * character, so each row is searched for it (a row holding one is rejected).
 */
export function startFile(table: TableName, path: string, header: string[], into: TableResult, problems: Problem[], ids: IdentifierValues, controls = false): RowVisitor {
  const fields = fieldsOf(table);
  const metas: FieldMeta[] = fields.map(([, s]) => metaOf(s));
  const names = fields.map(([n]) => n);
  const { builders, origins, rejected, unknownColumns, rejectedIds } = into;
  origins.addFile(path);
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const key = h.toLowerCase();
    if (index.has(key)) {
      problems.push({ file: path, line: 1, column: i + 1, field: h, value: null, expected: "each column name once", fix: "remove or rename the duplicate column" });
    } else index.set(key, i);
  });
  const identifierCols: number[] = [];
  for (const [i, h] of header.entries()) {
    if (!names.includes(h.toLowerCase())) {
      unknownColumns.push({ file: path, column: h });
      if (IDENTIFIER_HEADER.test(h)) identifierCols.push(i);
    }
  }
  const missing = names.filter((n, i) => metas[i].required && !index.has(n));
  if (missing.length > 0) {
    for (const name of missing) {
      problems.push({
        file: path, line: 1, column: null, field: name, value: null,
        expected: `a column named "${name}" (required in ${table})`,
        fix: `add the column to the header row; columns found: ${header.join(", ")}`,
      });
    }
    return (_cells, line) => {
      into.read++;
      rejected.push({ table, file: path, line, reasons: [`the file lacks required column(s) ${missing.join(", ")}`] });
    };
  }
  const colOf = names.map((n) => index.get(n) ?? -1);
  const pk = PRIMARY_KEY[table];
  const pkCol = pk === undefined ? -1 : (index.get(pk) ?? -1);
  // Never-published text columns (and unknown identifier-like ones) feed the identifier scan.
  const scanCols = [
    ...metas.map((m, i) => (m.publish === "never" && m.type === "string" ? colOf[i] : -1)).filter((c) => c >= 0),
    ...identifierCols,
  ].map((c) => ({ c, set: NAME_HEADER.test(header[c]) ? ids.names : ids.others }));
  const n = names.length;
  const width = header.length;
  const validRow = compileRow(builders, colOf, metas.map((m) => m.required));
  if (controls) {
    header.forEach((h, i) => {
      if (CONTROL.test(h)) problems.push(cellControlProblem(path, 1, i + 1, showControls(h), h, false));
    });
  }
  return (cells, line) => {
    into.read++;
    if (controls) {
      let found = false;
      for (let c = 0; c < cells.length; c++) {
        if (!CONTROL.test(cells[c])) continue;
        problems.push(cellControlProblem(path, line, c + 1, header[c] ?? `column ${c + 1}`, cells[c], true));
        found = true;
      }
      if (found) {
        rejected.push({ table, file: path, line, reasons: ["a control character in a cell"] });
        if (pkCol >= 0 && cells[pkCol] !== undefined) rejectedIds.add(cells[pkCol].trim());
        return;
      }
    }
    for (const { c, set } of scanCols) {
      const v = cells[c];
      if (v !== undefined && v.length >= 4) {
        const t = v.trim();
        // A copy: a slice would keep the whole file's text in memory.
        if (t.length >= 4) set.add(t);
      }
    }
    if (cells.length !== width) {
      problems.push({
        file: path, line, column: null, field: null, value: null,
        expected: `${width} cells as in the header row, found ${cells.length}`,
        fix: "check for a missing or extra comma, or an unclosed quote, on this line or the one before",
        row: true,
      });
      rejected.push({ table, file: path, line, reasons: ["wrong number of cells"] });
      if (pkCol >= 0 && cells[pkCol] !== undefined) rejectedIds.add(cells[pkCol].trim());
      return;
    }
    if (validRow(cells)) {
      origins.push(line);
      return;
    }
    // The row has a problem: check it again cell by cell, reporting each one.
    let reasons: string[] | null = null;
    for (let i = 0; i < n; i++) {
      const col = colOf[i];
      const raw = col >= 0 ? cells[col] : "";
      const m = metas[i];
      let bad = false;
      if (raw.length === 0 || isBlank(raw)) {
        builders[i].stageNull();
        bad = m.required;
      } else {
        // Direct identifiers are checked, then dropped here: their values only feed the identifier scan.
        bad = !builders[i].stage(raw.trim());
      }
      if (bad) {
        const expected = isBlank(raw) ? `a value (${m.expected})` : m.expected;
        problems.push({ file: path, line, column: col >= 0 ? col + 1 : null, field: names[i], value: raw, expected, fix: fixFor(names[i], m.required, table), row: true });
        (reasons ??= []).push(`${names[i]}: expected ${expected}`);
      }
    }
    if (reasons) {
      rejected.push({ table, file: path, line, reasons });
      if (pkCol >= 0) rejectedIds.add((cells[pkCol] ?? "").trim());
    } else {
      for (let i = 0; i < n; i++) builders[i].commit();
      origins.push(line);
    }
  };
}

/**
 * The check of a row that has no problem, compiled for a file's columns: each cell is staged,
 * and if all are valid the row is committed to the columns; otherwise nothing is, and false
 * is returned for the row to be checked again with its problems reported. Compiled so that
 * each builder is called from a call site of its own, which V8 can inline (a loop over the
 * builders would be one call site for every builder class).
 */
function compileRow(builders: ColumnBuilder[], colOf: number[], required: boolean[]): (cells: string[]) => boolean {
  const names = builders.map((_, i) => `b${i}`);
  const lines = builders.map((_, i) =>
    colOf[i] < 0
      ? `b${i}.stageNull();`
      : `raw = cells[${colOf[i]}]; if (raw.length === 0 || isBlank(raw)) { ${required[i] ? "return false;" : `b${i}.stageNull();`} } else if (!b${i}.stage(raw.trim())) return false;`,
  );
  const body = `return (cells) => { let raw; ${lines.join(" ")} ${names.map((b) => `${b}.commit();`).join(" ")} return true; };`;
  return new Function(...names, "isBlank", body)(...builders, isBlank) as (cells: string[]) => boolean;
}

/** Validates one CSV file of a table, row by row as it is parsed, appending to the table's result. */
export function validateFile(table: TableName, file: SourceFile, into: TableResult, problems: Problem[], ids: IdentifierValues): CsvSummary {
  // One pass over the text finds whether any row needs searching for control characters.
  const controls = hasControl(file.text);
  const utf16 = controls ? utf16Problem(file.path, file.text) : null;
  if (utf16) {
    problems.push(utf16);
    return { path: file.path, header: [], rows: 0, repeatedHeaders: [] };
  }
  const summary = streamCsv(file, (header) => startFile(table, file.path, header, into, problems, ids, controls));
  endFile(into, ids);
  return summary;
}

/** After a file: values still cut from its text are packed, so that the text can be freed. */
function endFile(into: TableResult, ids: IdentifierValues): void {
  for (const b of into.builders) b.endFile();
  ids.names.flush();
  ids.others.flush();
}

/**
 * An empty table result, to validate files into. References to other tables resolve against
 * the results given (validated before this one); references to the tables listed as pending
 * (validated elsewhere) wait for resolvePending; others keep their ids as written.
 */
export function emptyTableResult<T extends object>(name: TableName, validated: Partial<Record<TableName, TableResult>> = {}, pending: readonly TableName[] = []): TableResult<T> {
  const pk = PRIMARY_KEY[name];
  const refs = REFERENCES[name] ?? {};
  const builders = fieldsOf(name).map(([field, schema]) => {
    if (field === pk) return columnBuilder(schema, { kind: "id" });
    const target = refs[field];
    if (target !== undefined && pending.includes(target)) return columnBuilder(schema, { kind: "pending" });
    if (target !== undefined) return columnBuilder(schema, { kind: "ref", target: idColumnOf(validated[target]) });
    if (metaOf(schema).publish === "pseudonym") throw new Error(`${name}.${field}: an identifier that is neither a primary key nor a reference`);
    return columnBuilder(schema);
  });
  return tableResult<T>(name, builders, new Origins());
}

/** A table result over the given builders and origins; sent: the counts and lists of one validated on another thread. */
function tableResult<T extends object>(name: TableName, builders: ColumnBuilder[], origins: Origins, sent?: TableResultParts): TableResult<T> {
  const result: TableResult<T> = {
    name, builders, table: null, origins, read: sent?.read ?? 0, rejected: sent?.rejected ?? [], unknownColumns: sent?.unknownColumns ?? [], rejectedIds: sent?.rejectedIds ?? new Set(),
    get rows(): T[] {
      return (result.table ?? sealTable(result)).toRows();
    },
  };
  return result;
}

/** A validated (sealed) table result as plain data, to send to another thread. */
export interface TableResultParts {
  name: TableName;
  columns: Record<string, ColumnParts>;
  length: number;
  origins: ReturnType<Origins["toParts"]>;
  read: number;
  rejected: Rejection[];
  unknownColumns: { file: string; column: string }[];
  rejectedIds: Set<string>;
}

/** The parts of a table result; references name their targets by table (validated: the tables they may point to). */
export function tableResultParts(result: TableResult, validated: Partial<Record<TableName, TableResult>>): TableResultParts {
  const table = sealTable(result);
  const targetName = (target: Column<string>) => (Object.keys(validated) as TableName[]).find((t) => idColumnOf(validated[t]) === target) ?? "";
  const columns: Record<string, ColumnParts> = {};
  for (const [field, col] of Object.entries(table.columns as Record<string, Column<unknown>>)) columns[field] = columnToParts(col, targetName);
  const { name, origins, read, rejected, unknownColumns, rejectedIds } = result;
  return { name, columns, length: table.length, origins: origins.toParts(), read, rejected, unknownColumns, rejectedIds };
}

/** A table result sent as parts; references resolve against the tables given (those sent before it). */
export function tableResultFromParts(parts: TableResultParts, validated: Partial<Record<TableName, TableResult>>): TableResult {
  const columns: Record<string, Column<unknown>> = {};
  const targetOf = (name: string): Column<string> => idColumnOf(validated[name as TableName]) ?? new ArrayColumn<string>([]);
  for (const [field, p] of Object.entries(parts.columns)) columns[field] = columnFromParts(p, targetOf);
  const result = tableResult(parts.name, [], Origins.fromParts(parts.origins), parts);
  result.table = new ColumnTable(columns as never, parts.length);
  return result;
}

/** Resolves a table's pending references (see emptyTableResult) against the tables they point to, now validated. */
export function resolvePending(result: TableResult, validated: Partial<Record<TableName, TableResult>>): void {
  const table = sealTable(result);
  for (const [field, col] of Object.entries(table.columns as Record<string, Column<unknown>>)) {
    if (!(col instanceof PendingRefColumn)) continue;
    const target = REFERENCES[result.name]![field];
    result.table = (result.table as ColumnTable<Record<string, unknown>>).with(field, col.resolve(idColumnOf(validated[target])));
  }
}

/** The primary-key column of a validated table, if it has been validated. */
function idColumnOf(result: TableResult | undefined): IdColumn | null {
  const pk = result ? PRIMARY_KEY[result.name] : undefined;
  if (!result?.table || pk === undefined) return null;
  return (result.table.columns as Record<string, Column<unknown>>)[pk] as IdColumn;
}

/** Finishes a table once all its files are validated: its columns, trimmed. */
export function sealTable<T extends object>(result: TableResult<T>): ColumnTable<T> {
  if (result.table) return result.table;
  const names = fieldsOf(result.name).map(([n]) => n);
  const columns = {} as Record<string, Column<unknown>>;
  names.forEach((n, i) => (columns[n] = result.builders[i].seal()));
  result.origins.seal();
  result.table = new ColumnTable<T>(columns as never, result.origins.length);
  return result.table;
}

/** A table validated from its files: the result, the problems found, each file's header and repeated header rows, and notes on how files were read. */
export interface ValidatedTable {
  result: TableResult;
  problems: Problem[];
  files: CsvSummary[];
  /** How files not in UTF-8 were read (see encoding.ts). */
  notes: string[];
}

/**
 * Parses and validates a table's files, file by file, row by row, so only one file's text is in
 * memory at a time and no row outlives its validation. References resolve to rows of the
 * tables validated before, or wait for tables validated elsewhere (see emptyTableResult).
 * onFile is told the rows read from each file.
 */
export function validateTableFiles(
  table: TableName,
  files: readonly string[],
  read: (path: string) => InputText | Unread,
  validated: Partial<Record<TableName, TableResult>>,
  ids: IdentifierValues,
  pending: readonly TableName[] = [],
  onFile?: (rows: number) => void,
): ValidatedTable {
  const result = emptyTableResult(table, validated, pending);
  const problems: Problem[] = [];
  const summaries: CsvSummary[] = [];
  const notes: string[] = [];
  for (const file of files) {
    const input = read(file);
    if ("problem" in input) {
      problems.push(input.problem);
      continue;
    }
    if (input.note) notes.push(input.note);
    const before = result.read;
    summaries.push(validateFile(table, { path: file, text: input.text }, result, problems, ids));
    onFile?.(result.read - before);
  }
  sealTable(result);
  return { result, problems, files: summaries, notes };
}

/**
 * A column the schema publishes that some files of a table have and another lacks would turn
 * that file's values into "not recorded" unnoticed: each file lacking one is a problem naming the
 * files that have it.
 */
export function checkColumnsAcrossFiles(table: TableName, files: readonly CsvSummary[], problems: Problem[]): void {
  const withHeader = files.filter((f) => f.header.some((h) => h !== ""));
  if (withHeader.length < 2) return;
  // Required columns are asked for file by file already (startFile).
  const published = fieldsOf(table).filter(([, s]) => metaOf(s).publish !== "never" && !metaOf(s).required).map(([n]) => n);
  const has = withHeader.map((f) => new Set(f.header.map((h) => h.toLowerCase())));
  for (const name of published) {
    const having = withHeader.filter((_, k) => has[k].has(name)).map((f) => f.path);
    if (having.length === 0 || having.length === withHeader.length) continue;
    const shown = having.length > 3 ? `${having.slice(0, 3).join(", ")} and ${having.length - 3} more` : having.join(", ");
    withHeader.forEach((f, k) => {
      if (has[k].has(name)) return;
      problems.push({
        file: f.path, line: 1, column: null, field: name, value: null,
        expected: `a column "${name}", as in ${shown} (without it, every row of this file would read as not recorded)`,
        fix: `add the column "${name}" to this file's header; leave its cells empty if the department did not record it in this file's period (they then read as not recorded)`,
      });
    });
  }
}

/** Adds the values of from to into, after its own (the order they would have been found in, read one after the other). */
export function appendIdentifierValues(into: IdentifierValues, from: IdentifierValues): void {
  for (const k of ["names", "others"] as const) {
    for (let i = 0; i < from[k].size; i++) into[k].add(from[k].key(i));
    into[k].flush();
  }
}

/** Validates one table's parsed files (all in memory; the pipeline streams each file). */
export function validateTable<T extends object>(table: TableName, files: ParsedFile[], problems: Problem[], ids: IdentifierValues = identifierValues()): TableResult<T> {
  const result = emptyTableResult<T>(table);
  for (const f of files) {
    const visit = startFile(table, f.path, f.header, result, problems, ids);
    f.rows.forEach((cells, k) => visit(cells, f.lines[k]));
    endFile(result, ids);
  }
  sealTable(result);
  return result;
}

/** A row rejected because a row it refers to was rejected. */
type Cascade = { cascade: string };
type Check = (i: number) => Problem | Cascade | null;

/**
 * Checks the tables against each other and the configuration; returns the surviving rows.
 * unread: tables with a file that could not be read (a problem already), whose missing rows are
 * not blamed on the rows referring to them.
 */
export function crossCheck(
  tables: { [K in TableName]: TableResult<CanonicalRow[K]> } | Record<TableName, TableResult>,
  config: DepartmentConfig,
  problems: Problem[],
  headers: Map<string, string[]>,
  unread: ReadonlySet<TableName> = new Set(),
): { data: CanonicalData; origins: Record<TableName, Origins>; rejected: Rejection[] } {
  const results = tables as Record<TableName, TableResult>;
  const rejected: Rejection[] = [];
  const rejectedIds: Partial<Record<TableName, Set<string>>> = {};
  for (const t of Object.keys(PRIMARY_KEY) as TableName[]) rejectedIds[t] = new Set(results[t].rejectedIds);
  const districts = new Set(config.districts.map((d) => d.code));
  const data = {} as Record<TableName, ColumnTable<object>>;
  const origins = {} as Record<TableName, Origins>;
  // Per validated row of each checked table: whether it survived.
  const kept = {} as Record<TableName, Uint8Array>;
  const columnOf = <T>(table: TableName, field: string) => (sealTable(results[table]).columns as Record<string, Column<unknown>>)[field] as Column<T>;

  // Filters a table's rows, recording a problem and a rejection for each failing row.
  function keep(table: TableName, test: Check): void {
    const all = sealTable(results[table]);
    const orig = results[table].origins;
    const pk = PRIMARY_KEY[table];
    const ids = pk ? columnOf<string>(table, pk) : null;
    const ok = new Uint8Array(all.length);
    let count = 0;
    for (let i = 0; i < all.length; i++) {
      const p = test(i);
      if (p === null) {
        ok[i] = 1;
        count++;
        continue;
      }
      const o = orig.get(i);
      if ("cascade" in p) {
        // A consequence of another row's problem: rejected, but not a problem of its own to fix.
        rejected.push({ table, file: o.file, line: o.line, reasons: [p.cascade] });
      } else {
        const header = headers.get(o.file) ?? [];
        const col = header.findIndex((h) => h.toLowerCase() === p.field);
        const full = { ...p, file: o.file, line: o.line, column: col >= 0 ? col + 1 : null, row: true };
        problems.push(full);
        rejected.push({ table, file: o.file, line: o.line, reasons: [`${p.field}: expected ${p.expected}`] });
      }
      if (ids) rejectedIds[table]?.add(ids.get(i));
    }
    kept[table] = ok;
    if (count === all.length) {
      data[table] = all;
      origins[table] = orig;
    } else {
      const rows = new Int32Array(count);
      for (let i = 0, k = 0; i < all.length; i++) if (ok[i]) rows[k++] = i;
      data[table] = all.select(rows);
      origins[table] = orig.select(rows);
    }
  }

  // The column number is filled in by keep() from the file's own header.
  const problem = (field: string, value: string | null, expected: string, fix: string): Problem => ({ file: "", line: 0, column: null, field, value, expected, fix });
  const districtCheck = (table: TableName): Check => {
    const col = columnOf<string | null>(table, "district");
    return (i) => {
      const d = col.get(i);
      return d !== null && d !== undefined && !districts.has(d)
        ? problem("district", d, `a district code listed in config.json (${[...districts].join(", ")})`, "use a listed code, or add the district to config.json")
        : null;
    };
  };
  const dupCheck = (table: TableName, key: string): Check => {
    const col = columnOf<unknown>(table, key);
    const origin = results[table].origins;
    const dup = (first: number, id: string) => {
      const o = origin.get(first);
      return problem(key, id, `a ${key} not used before (first used at ${o.file}:${o.line})`, "give each record its own id, or remove the duplicate row");
    };
    // Primary keys know their duplicates from validation; other keys are counted here.
    if (col instanceof IdColumn) {
      const dups = col.duplicateOf;
      return (i) => {
        if (dups.size === 0) return null;
        const first = dups.get(i);
        return first === undefined ? null : dup(first, col.get(i));
      };
    }
    const seen = new Map<string, number>();
    return (i) => {
      const id = String(col.get(i));
      const first = seen.get(id);
      if (first !== undefined) return dup(first, id);
      seen.set(id, i);
      return null;
    };
  };
  const both = (...checks: Check[]): Check => (i) => {
    for (const c of checks) {
      const p = c(i);
      if (p) return p;
    }
    return null;
  };

  // Nothing is dated after the release, nor after the last day it covers where one is given: a
  // year typed 2031 for 2021 would otherwise be a year of its own in every chart.
  const released = config.released;
  const end = config.data_through ?? released;
  const endIs = config.data_through
    ? { what: `${end}, the last day this release covers ("data_through" in config.json)`, fix: "correct the date, or move data_through in config.json" }
    : { what: `${end}, the date of this release ("released" in config.json)`, fix: "correct the date (is the year mistyped?), or, if this release is later, change released in config.json" };
  const releasedIs = { what: `${released}, the date of this release ("released" in config.json)`, fix: "correct the date (is the year mistyped?), or, if this release is later, change released in config.json" };
  /** Rows whose field (a date YYYY-MM-DD, a month YYYY-MM or a year) falls after the bound. */
  const notAfter = (table: TableName, field: string, bound: { what: string; fix: string }, date: string): Check => {
    const col = columnOf<string | number | null>(table, field);
    const kind = field === "period" ? "month" : field === "year" ? "year" : "date";
    const last = kind === "month" ? date.slice(0, 7) : kind === "year" ? Number(date.slice(0, 4)) : date;
    return (i) => {
      const v = col.get(i);
      return v !== null && v !== undefined && v > last
        ? problem(field, String(v), `a ${kind} on or before ${bound.what}`, bound.fix)
        : null;
    };
  };

  // Nor is an incident dated before the first day the records cover, where one is given.
  const start = config.data_from;
  const dates = columnOf<string>("incidents", "date");
  const notBefore: Check = (i) => {
    const v = start === undefined ? null : dates.get(i);
    // A date known only to the month or year is before the start only if all of it is: "~" sorts after any digit.
    return v !== null && v !== undefined && (v.length < 10 ? `${v}~` : v) < start!
      ? problem("date", v, `a date on or after ${start}, the first day the records cover ("data_from" in config.json)`, "correct the date (is the year mistyped?), or move data_from in config.json")
      : null;
  };
  // Nor inside a period config.json says the records do not cover.
  const gaps = config.not_covered ?? [];
  const notInGap: Check = (i) => {
    if (gaps.length === 0) return null;
    const v = dates.get(i);
    if (v === null || v === undefined || v.length < 10) return null;
    const g = gaps.find((x) => v >= x.from && v <= x.through);
    return g ? problem("date", v, `a date outside ${g.from} to ${g.through}, which the records do not cover ("not_covered" in config.json)`, "correct the date, or correct not_covered in config.json") : null;
  };
  keep("incidents", both(dupCheck("incidents", "incident_id"), districtCheck("incidents"), notAfter("incidents", "date", endIs, end), both(notBefore, notInGap)));
  const rejectedIncidents = rejectedIds.incidents!;
  // A reference is valid when it resolves to the first row with that id and that row survived.
  const missingIncident = (table: TableName): Check => {
    const col = columnOf<string | null>(table, "incident_id") as RefColumn;
    return (i) => {
      const r = col.refs[i];
      // Ids are read (cut from their block) only where there is something to check them against.
      if (rejectedIncidents.size === 0 && r >= 0 && kept.incidents[r] === 1) return null;
      const id = col.get(i) as string;
      if (rejectedIncidents.size > 0 && rejectedIncidents.has(id)) return { cascade: `its incident ${id} was rejected` };
      if (r < 0 && unread.has("incidents")) return { cascade: `its incident ${id} may be in a file of incidents that could not be read` };
      return r >= 0 && kept.incidents[r] === 1 ? null : problem("incident_id", id, "the incident_id of a valid row in incidents", "add or correct the incident, or correct this id");
    };
  };

  keep("subjects", both(dupCheck("subjects", "subject_id"), missingIncident("subjects")));
  keep("officers", both(dupCheck("officers", "officer_id"), missingIncident("officers")));

  const rejectedSubjects = rejectedIds.subjects!;
  const subjectCol = columnOf<string | null>("force_uses", "subject_id") as RefColumn;
  const useIncident = columnOf<string>("force_uses", "incident_id");
  const subjectIncident = columnOf<string>("subjects", "incident_id");
  const useIncidentRefs = (useIncident as RefColumn).refs;
  const subjectIncidentRefs = (subjectIncident as RefColumn).refs;
  keep("force_uses", both(missingIncident("force_uses"), (i) => {
    const r = subjectCol.refs[i];
    if (r === -1) return null;
    // The same incident row is the same incident id (both resolved to the first row with it).
    if (rejectedSubjects.size === 0 && r >= 0 && kept.subjects[r] === 1 && subjectIncidentRefs[r] >= 0 && subjectIncidentRefs[r] === useIncidentRefs[i]) return null;
    const s = subjectCol.get(i) as string;
    if (rejectedSubjects.size > 0 && rejectedSubjects.has(s)) return { cascade: `its subject ${s} was rejected` };
    if (r < 0 && unread.has("subjects")) return { cascade: `its subject ${s} may be in a file of subjects that could not be read` };
    const inc = r >= 0 && kept.subjects[r] === 1 ? subjectIncident.get(r) : undefined;
    return inc === useIncident.get(i) ? null : problem(
      "subject_id", s,
      inc === undefined ? "the subject_id of a valid row in subjects" : `a subject of incident ${String(useIncident.get(i))} (this subject belongs to ${inc})`,
      "correct the subject_id or incident_id, or leave subject_id empty if not known",
    );
  }));

  keep("calls_for_service", both(districtCheck("calls_for_service"), notAfter("calls_for_service", "period", endIs, end)));
  keep("arrests", both(districtCheck("arrests"), notAfter("arrests", "period", endIs, end)));
  keep("population", districtCheck("population"));
  const closed = columnOf<string | null>("complaints", "closed_date");
  const received = columnOf<string>("complaints", "received_date");
  // A complaint may close after the last day covered, but not after the release.
  keep("complaints", both(dupCheck("complaints", "complaint_id"), notAfter("complaints", "received_date", endIs, end), notAfter("complaints", "closed_date", releasedIs, released), (i) => {
    const c = closed.get(i);
    return c !== null && c < received.get(i)
      ? problem("closed_date", c, `a date on or after received_date (${String(received.get(i))})`, "correct the received or closed date")
      : null;
  }));
  keep("training", both(dupCheck("training", "year"), notAfter("training", "year", releasedIs, released)));

  // References point at rows of the validated tables; where a target lost rows, renumber them.
  for (const [table, refs] of Object.entries(REFERENCES) as [TableName, Record<string, TableName>][]) {
    for (const [field, target] of Object.entries(refs)) {
      if (data[target] === results[target].table) continue;
      const ok = kept[target];
      const oldToNew = new Int32Array(ok.length);
      for (let i = 0, k = 0; i < ok.length; i++) oldToNew[i] = ok[i] ? k++ : -1;
      const ids = (data[target].columns as Record<string, Column<string>>)[PRIMARY_KEY[target]!];
      const col = (data[table].columns as Record<string, Column<string | null>>)[field] as RefColumn;
      data[table] = (data[table] as ColumnTable<Record<string, unknown>>).with(field, col.remap(ids, oldToNew));
    }
  }
  // The id indexes were needed to resolve references and find duplicates; not any more.
  for (const t of Object.keys(PRIMARY_KEY) as TableName[]) (columnOf<string>(t, PRIMARY_KEY[t]!) as IdColumn).dropIndex();
  return { data: data as CanonicalData, origins, rejected };
}
