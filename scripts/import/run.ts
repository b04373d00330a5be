// The import stage: a department's own export + mapping.json -> the canonical tables
// (incidents, subjects, officers, force_uses), with a report of everything that could not be used.
import { csvFormatRow } from "d3-dsv";
import path from "node:path";
import type { DepartmentConfig } from "../../src/lib/schema/config.ts";
import { LIST_DELIMITER } from "../../src/lib/schema/fields.ts";
import { IMPORTED_TABLES, MAPPABLE_FIELDS, mappingSchema, type EntityKey, type FieldSpec, type ImportedTable, type Mapping, type SourceSpec } from "../../src/lib/schema/mapping.ts";
import { TABLES } from "../../src/lib/schema/tables.ts";
import type { Io } from "../pipeline/io.ts";
import type { Logger } from "../pipeline/log.ts";
import { parseCsv, streamCsv } from "../pipeline/parse.ts";
import { formatProblem, InputError, logProblems, type Problem } from "../pipeline/problems.ts";
import { aroundControl, CONTROL, controlExpected, controlName, CONTROL_FIX, hasControl, showControls, utf16Problem } from "../pipeline/controls.ts";
import { parseLocatedJson } from "../pipeline/json.ts";
import { decodeInput, present, readInput, readInputBytes, staysInside } from "../pipeline/read.ts";
import { jsonProblems } from "../pipeline/department.ts";
import { cellControlProblem } from "../pipeline/validate.ts";
import { compileField, HeaderIndex, ImportStats, LIST_TARGETS, looseLabel, MappingError, requiredTargets, type CellIssue, type CompileContext, type Evaluated, type FieldReader } from "./fields.ts";
import { identifierReason } from "./identifiers.ts";
import { RecordTable, UseTable } from "./records.ts";
import { notReportedFigures } from "./coverage.ts";
import { isWorkbook, readWorkbook, type SheetRows } from "./excel.ts";
import { forFile, sourceFiles, suppliesField } from "./sources.ts";
import { isPartialDate } from "./dates.ts";
import { CALL_FIELDS } from "../../src/lib/schema/callsMapping.ts";
import { callsCsv, callsLog, callsReport, importCalls, type CallsResult } from "./dispatch.ts";
import { compileFilters, fallbackKey, isNotReported, keyAlternatives, notReportedAs, OptionStats, readCodeBook, refName, type CodeBook, type ColumnRef } from "./options.ts";
import { Combiner, combineLogLine, combineReportLines, type CombineOutcome } from "./combine.ts";
import { keyMode, PeopleTally, peopleReportLines, personKeys, RowPrints, type PeopleCounts } from "./people.ts";

/** Options of one import. */
export interface ImportOptions {
  /** The department's folder: mapping.json, config.json, policy/. */
  dataDir: string;
  /** Where the export files are, when not in dataDir. */
  sourceDir?: string;
  /** The folder the canonical tables are written to (replaced as a whole on success). */
  outDir: string;
  /** The import report (Markdown). */
  reportPath: string;
  /** Leave rejected rows out (each listed) instead of stopping. */
  allowRejected: boolean;
  config: DepartmentConfig;
  log: Logger;
  /** Notes from reading config.json (how it was read, when it was not UTF-8), repeated in the import report. */
  configNotes?: string[];
}

/** Rows of one export file: read = used + duplicates + rejected; repeated header rows are not data rows. */
export interface FileCount {
  file: string;
  read: number;
  used: number;
  /** Rows whose every cell equals an earlier used row of the same source: dropped (unless the source keeps them). */
  duplicates: number;
  rejected: number;
  repeatedHeaders: number;
  /** The sheet read, when the file is a workbook. */
  sheet?: string;
  /** Rows left out by the source's filters (read = used + filtered + rejected). */
  filtered: number;
}

export interface ImportResult {
  files: FileCount[];
  /** Records built, per canonical table. */
  built: Record<ImportedTable, number>;
  /** Canonical fields the export does not supply. */
  notSupplied: string[];
  rejected: Problem[];
  /** The dispatch export's count, when the mapping has a `calls` section (calls_for_service.csv is then written too). */
  calls?: CallsResult | null;
  /** Fields whose rows disagree within a record: what each combine rule would give. */
  combined: CombineOutcome[];
  /** Subjects and officers counted each way (officers: null when the export has none). */
  people: { subjects: PeopleCounts; officers: PeopleCounts | null };
}


/** The mapping file of a data folder, if it has one. */
export function mappingPath(io: Io, dataDir: string): string | null {
  const p = path.join(dataDir, "mapping.json");
  // A link to nothing counts, so that reading it says what it is rather than skipping the import.
  return present(io, p) ? p : null;
}

/** The path of a place in the mapping as messages write it (sources[0].fields["incidents.date"].format). */
export function wherePath(where: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of where.matchAll(/\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\.?([^.[\]"]+)/g)) out.push(m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? m[2] : m[3]);
  return out;
}

/** mapping.json read and checked, with the line of each place in it. */
export interface ReadMapping {
  mapping: Mapping;
  /** Line of a place written as messages write it (see wherePath), or null. */
  lineOf(where: string): number | null;
}

/** Reads and checks mapping.json; problems name the key path that is wrong, at its line; notes say how it was read when not UTF-8. */
export function readMapping(io: Io, file: string, problems: Problem[], notes: string[] = []): ReadMapping | null {
  const input = readInput(io, file, path.dirname(file));
  if ("problem" in input) {
    problems.push(input.problem);
    return null;
  }
  if (input.note) notes.push(input.note);
  const json = parseLocatedJson(input.text);
  if ("error" in json) {
    problems.push({ file, line: json.line, column: null, field: null, value: null, expected: "valid JSON", fix: `correct the syntax (${json.error})` });
    return null;
  }
  const before = problems.length;
  jsonProblems(file, json, problems);
  const r = mappingSchema.safeParse(json.value);
  if (r.success) return problems.length === before ? { mapping: r.data, lineOf: (where) => json.lineOf(wherePath(where)) } : null;
  for (const issue of r.error.issues) {
    const where = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
    let expected = issue.message;
    if (issue.code === "unrecognized_keys") {
      const keys = (issue as { keys: string[] }).keys;
      const fields = where.endsWith("fields");
      expected = where === "calls.fields"
        ? `the dispatch export's fields only; ${keys.map((k) => `"${k}"`).join(", ")} ${keys.length > 1 ? "are" : "is"} not one (they are: ${Object.keys(CALL_FIELDS).join(", ")})`
        : fields
        ? `canonical fields only; ${keys.map((k) => `"${k}"`).join(", ")} ${keys.length > 1 ? "are" : "is"} not one (mappable: ${MAPPABLE_FIELDS.join(", ")})`
        : `only the documented keys; ${keys.map((k) => `"${k}"`).join(", ")} ${keys.length > 1 ? "are" : "is"} not one`;
    }
    problems.push({ file, line: json.lineOf(issue.path), column: null, field: where || null, value: null, expected, fix: "correct the mapping (its JSON Schema, src/lib/schema/mapping.schema.json, lists every option)" });
  }
  return null;
}

const SEP = " / ";

/** The files of one source with several, while they are read: each file's header, and the columns the mapping names that a file lacks. */
interface SourceGroup {
  headers: Map<string, HeaderIndex>;
  lacking: { file: string; column: ColumnRef; key: string; expected: string }[];
  /** drop and ignore entries (by place in the mapping) -> files of the source that have the column: a column only some files have is fine. */
  listed: Map<string, { name: string; found: number }>;
}

/** Canonical fields every imported record must have, beyond its keys. */
const REQUIRED = requiredTargets(MAPPABLE_FIELDS);

/** Fields whose raw label is kept beside the canonical value (published as call_type_raw). */
const RAW_KEPT = new Set(["incidents.call_type"]);

/** Rows read ahead of the rest, for the identifier check of unmapped columns. */
const SAMPLE_ROWS = 2000;

/** The text of the first n lines (a quoted line break may cut the last row short: a sample only). */
function leadingLines(text: string, n: number): string {
  let at = -1;
  for (let k = 0; k < n; k++) {
    at = text.indexOf("\n", at + 1);
    if (at < 0) return text;
  }
  return text.slice(0, at + 1);
}

/** Runs the import; throws InputError (after writing the report) when it cannot produce the tables. */
export function runImport(io: Io, opts: ImportOptions): ImportResult {
  const { log, config } = opts;
  const problems: Problem[] = [];
  const t0 = performance.now();
  const mappingFile = path.join(opts.dataDir, "mapping.json");
  const readNotes: string[] = [...(opts.configNotes ?? [])];
  const read = readMapping(io, mappingFile, problems, readNotes);
  const mapping = read?.mapping ?? null;
  const lineOf = (where: string) => read?.lineOf(where) ?? null;
  const stats = new ImportStats();
  const options = new OptionStats();
  const files: FileCount[] = [];
  const rejectedRows: Problem[] = [];
  const dropped: { file: string; column: string; reason: string }[] = [];
  const unused: { file: string; column: string }[] = [];
  const mapped = new Set<string>();
  const notes: string[] = [];
  // How files not in UTF-8 were read goes to the log and the report.
  const noteRead = (note: string) => {
    notes.push(`${note}.`);
    log.info(`${"import".padEnd(10)} ${note}`);
  };
  readNotes.forEach(noteRead);
  const districts = new Set(config.districts.map((d) => d.code));
  // No incident is dated after the release, nor after the last day it covers where one is given.
  const lastDay = config.data_through ?? config.released;
  const lastDayIs = config.data_through ? `${lastDay}, the last day this release covers ("data_through" in config.json)` : `${lastDay}, the date of this release ("released" in config.json)`;

  // Records by number, in the order their first row was read; a field's value is one canonical
  // value, or a list joined with "|". Files are named by their number in files.
  const incidents = new RecordTable();
  const subjects = new RecordTable();
  const officers = new RecordTable();
  const uses = new UseTable();
  /** Rows behind an incident from files other than its first row's (incident -> file -> rows), to count them as rejected if the incident is. */
  const incidentRowsElsewhere = new Map<number, Map<number, number>>();
  /** How rows of one record combine on each one-value field, and what each rule would give. */
  const combiner = new Combiner(RAW_KEPT);
  /** Subjects and officers counted each way; exact duplicate rows of each source. */
  const subjectTally = new PeopleTally();
  const officerTally = new PeopleTally();
  const subjectModes: string[] = [];
  const officerModes: string[] = [];
  const prints = new Map<SourceSpec, RowPrints>();
  /** Each field's slot in its table's records, shared by every source. */
  const slots = new Map<string, number>();
  const perTable = new Map<string, number>();
  const fieldSlot = (target: string): number => {
    let slot = slots.get(target);
    if (slot === undefined) {
      const table = target.slice(0, target.indexOf("."));
      slot = perTable.get(table) ?? 0;
      perTable.set(table, slot + 1);
      slots.set(target, slot);
    }
    return slot;
  };
  /** The readers of the file being read, with their slots. */
  let currentReaders: { target: string; slot: number }[] = [];
  /** The dispatch export's count (mapping.json's `calls`). */
  let calls: CallsResult | null = null;

  /** Workbooks read: the sheet, and the row of its header, by file. */
  const sheetOf = new Map<string, string>();
  const headerRowOf = new Map<string, number>();
  /** Problems in a workbook name its sheet (and so give its row number and column letter). */
  const tagSheets = (list: Problem[]) => {
    for (const p of list) if (p.sheet === undefined && sheetOf.has(p.file)) p.sheet = sheetOf.get(p.file);
  };
  const fail = (): never => {
    tagSheets(problems);
    tagSheets(rejectedRows);
    log.info(`\n${problems.length.toLocaleString("en-US")} problem(s) in the import; nothing was imported or published.`);
    logProblems((l) => log.info(l), problems);
    io.writeText(opts.reportPath, importReport({ mappingFile, files, problems, stats, dropped, unused, conflicts: combiner.disagreements(), notSupplied: [], built: null, notes, rejectedRows, calls, options }));
    log.info(`Import report: ${opts.reportPath}`);
    throw new InputError(problems, `${problems.length} problem(s) importing ${opts.dataDir}`);
  };
  if (!mapping) return fail();

  // Canonical tables the mapping builds must not also be supplied as canonical files.
  for (const t of IMPORTED_TABLES) {
    const single = path.join(opts.dataDir, `${t}.csv`);
    if (io.exists(single) || io.isDirectory(path.join(opts.dataDir, t))) {
      problems.push({ file: single, line: null, column: null, field: null, value: null, expected: `no ${t} table beside mapping.json (the import builds it)`, fix: `remove ${t}.csv, or remove mapping.json and supply every table in the canonical layout` });
    }
  }
  // Calls counted from a dispatch export must not also be supplied by hand.
  const callsFile = path.join(opts.dataDir, "calls_for_service.csv");
  if (mapping.calls && (io.exists(callsFile) || io.isDirectory(path.join(opts.dataDir, "calls_for_service")))) {
    problems.push({ file: callsFile, line: null, column: null, field: null, value: null, expected: `no calls_for_service table beside a mapping.json with a "calls" section (line ${lineOf("calls") ?? "?"}): the import counts the calls from the dispatch export`, fix: "remove calls_for_service.csv (or its folder) to count the dispatch export, or remove the \"calls\" section from mapping.json to keep the table supplied by hand" });
  }

  // Every field a record must have, beyond its keys, needs a source somewhere in the mapping.
  for (const req of REQUIRED) {
    if (!mapping.sources.some((src) => suppliesField(src, req))) {
      problems.push({ file: mappingFile, line: lineOf("sources"), column: null, field: `fields["${req}"]`, value: null, expected: `a mapping for ${req}, which every ${req.startsWith("force") ? "force use" : "incident"} needs`, fix: `map it from a column (or give a constant with "value")` });
    }
  }

  // Code books are read once each, from the department's folder.
  const books = new Map<string, CodeBook | null>();
  const codeBook = (name: string, where: string): CodeBook | null => {
    if (!books.has(name)) books.set(name, readCodeBook(io, opts.dataDir, name, mappingFile, lineOf(where), where, problems));
    return books.get(name)!;
  };

  // Export files are read from the data folder, or the folder given with --source, and never from outside it.
  const sourceRoot = opts.sourceDir ?? opts.dataDir;
  mapping.sources.forEach((source, s) => {
    const where = `sources[${s}]`;
    for (const f of Object.keys(source.fields)) {
      const spec = source.fields[f as keyof typeof source.fields];
      if (isNotReported(spec)) options.notReported.set(f, spec!.note ?? "");
      // A field not reported is left out, unless every record needs it (then it is unknown in each).
      if (spec && !(isNotReported(spec) && notReportedAs(f) === "omit")) mapped.add(f);
    }
    const group: SourceGroup = { headers: new Map(), lacking: [], listed: new Map() };
    const entries = sourceFiles(source);
    const names = entries.map((e) => e.name);
    names.forEach((name, j) => {
      const key = source.files ? `${where}.files[${j}]` : `${where}.file`;
      const bad = Object.keys(entries[j].values).filter((t) => !MAPPABLE_FIELDS.includes(t));
      if (bad.length) {
        problems.push({ file: mappingFile, line: lineOf(`${key}.values`), column: null, field: `${key}.values`, value: bad.join(", "), expected: `canonical fields only (mappable: ${MAPPABLE_FIELDS.join(", ")})`, fix: "correct the field names in values" });
        return;
      }
      for (const t of Object.keys(entries[j].values)) mapped.add(t);
      if (!staysInside(name)) {
        problems.push({ file: mappingFile, line: lineOf(key), column: null, field: key, value: name, expected: `the name of a file inside ${sourceRoot} (no absolute path, no ".." leading out of the folder)`, fix: `copy the export into ${sourceRoot} and give its name only, or pass the folder holding it with --source DIR` });
        return;
      }
      const file = path.join(sourceRoot, name);
      if (!present(io, file)) {
        problems.push({ file, line: null, column: null, field: null, value: null, expected: `the export file named in mapping.json ${where} (line ${lineOf(key) ?? "?"})`, fix: opts.sourceDir ? "check the file name, or the folder passed with --source" : "put the export in the data folder, or pass its folder with --source DIR" });
        return;
      }
      importFile(file, forFile(source, entries[j]), where, names.length > 1 ? group : null);
    });
    // A dropped or ignored column that no file of the source has is a mistake in the mapping.
    for (const [key, l] of group.listed) if (l.found === 0) problems.push({ file: mappingFile, line: lineOf(key), column: null, field: key, value: l.name, expected: `a column of at least one file of ${where} (no file has "${l.name}")`, fix: "correct the name, or remove it from the list" });
    // A column the mapping names that one file of the source lacks and others have: name them all.
    for (const l of group.lacking) {
      const having = [...group.headers].filter(([, h]) => h.indexOf(l.column) >= 0).map(([f]) => f);
      const name = refName(l.column);
      problems.push(having.length === 0
        ? { file: mappingFile, line: lineOf(l.key), column: null, field: l.key, value: null, expected: l.expected, fix: "correct the column name" }
        : {
            file: l.file, line: headerRowOf.get(l.file) ?? 1, column: null, field: name, value: null,
            expected: `a column "${name}", as in ${having.join(", ")} (mapping.json ${l.key}, line ${lineOf(l.key) ?? "?"}, maps it)`,
            fix: `add the column "${name}" to this file's header (or name this file's spelling in the source's aliases); leave its cells empty if the department did not record it in this file's period (they then read as not recorded)`,
          });
    }
  });
  // The dispatch export: only its mapping is checked when the import already cannot go on.
  // The years the force records cover: calls outside them would read as years without force.
  let recordYears: { first: number; last: number } | null = null;
  const yearSlot = slots.get("incidents.date");
  if (yearSlot !== undefined) {
    for (let i = 0; i < incidents.size; i++) {
      const y = Number((incidents.value(yearSlot, i) ?? "").slice(0, 4));
      if (!y) continue;
      recordYears = recordYears ? { first: Math.min(recordYears.first, y), last: Math.max(recordYears.last, y) } : { first: y, last: y };
    }
  }
  if (mapping.calls) calls = importCalls(io, { spec: mapping.calls, mappingFile, lineOf, sourceRoot, config, problems, rejected: rejectedRows, checkOnly: problems.some((p) => !p.row), recordYears });
  // An export with no data rows at all would build no incidents: an empty site.
  if (files.length > 0 && files.every((f) => f.read === 0) && !problems.some((p) => !p.row)) {
    for (const f of files) problems.push({ file: f.file, line: null, column: null, field: null, value: null, expected: "data rows below the header (no export file named in mapping.json has a row, so there would be no incidents)", fix: "export the data again with its rows; the previous site stays as it is until then" });
  }
  if (problems.some((p) => !p.row)) return fail();

  /** Reads one export file through one source spec; group: the source's other files, when it has several. */
  function importFile(file: string, source: SourceSpec, where: string, group: SourceGroup | null): void {
    // The header and the first rows (a sample for the identifier check) are read first; then the
    // whole file is streamed row by row, so its rows never all exist at once.
    const raw = readInputBytes(io, file, sourceRoot);
    if ("problem" in raw) {
      problems.push(raw.problem);
      return;
    }
    // A workbook (by its name, or by its first bytes whatever its name) is read one sheet at a
    // time, into text rows numbered as the sheet numbers them.
    let book: SheetRows | null = null;
    if (isWorkbook(file, raw.bytes)) {
      const w = readWorkbook(file, raw.bytes, { sheet: source.sheet, header_row: source.header_row });
      if ("problem" in w) {
        problems.push(w.problem);
        return;
      }
      book = w;
      sheetOf.set(file, w.sheet);
      headerRowOf.set(file, w.headerRow);
      notes.push(...w.notes);
    }
    const input = book ? { text: "", note: null } : decodeInput(raw.bytes, file);
    if ("problem" in input) {
      problems.push(input.problem);
      return;
    }
    if (!book) {
      if (input.note) noteRead(input.note);
      if (source.sheet !== undefined || source.header_row !== undefined) {
        problems.push({ file, line: null, column: null, field: null, value: null, expected: `an Excel workbook, since mapping.json ${where} gives "${source.sheet !== undefined ? "sheet" : "header_row"}"; this file is read as CSV text`, fix: `remove "sheet" and "header_row" from ${where}, or name the workbook itself` });
        return;
      }
    }
    const text = book ? "" : input.text;
    // One pass finds whether any row needs searching for control characters.
    const controls = book ? book.header.some((h) => CONTROL.test(h)) || book.rows.some((r) => r.some((c) => CONTROL.test(c))) : hasControl(text);
    const utf16 = controls && !book ? utf16Problem(file, text) : null;
    if (utf16) {
      problems.push(utf16);
      return;
    }
    const parsed = book ? { header: book.header, rows: book.rows.slice(0, SAMPLE_ROWS) } : parseCsv({ path: file, text: leadingLines(text, SAMPLE_ROWS + 1) });
    const headerLine = book?.headerRow ?? 1;
    const count: FileCount = { file, read: 0, used: 0, duplicates: 0, rejected: 0, repeatedHeaders: 0, filtered: 0, ...(book ? { sheet: book.sheet } : {}) };
    const fileNo = files.push(count) - 1;
    stats.file = file;
    const header = new HeaderIndex(parsed.header, source.aliases);
    group?.headers.set(file, header);
    if (controls) parsed.header.forEach((h, i) => CONTROL.test(h) && problems.push(cellControlProblem(file, headerLine, i + 1, showControls(h), h, false)));
    const used = new Set<number>();
    const ctx: CompileContext = { header, sourceBlank: source.blank ?? [], timezone: config.timezone, stats, used, codeBook, options, problem: (p: Problem) => problems.push(p) };
    let lacking = false;
    const mproblem = (field: string, expected: string, fix: string, missingColumn?: ColumnRef) => {
      if (group && missingColumn !== undefined) {
        group.lacking.push({ file, column: missingColumn, key: field, expected });
        lacking = true;
      } else problems.push({ file: mappingFile, line: lineOf(field), column: null, field, value: null, expected, fix });
    };
    const col = (name: ColumnRef, key: string): number => {
      const i = header.indexOf(name);
      if (i < 0) mproblem(key, `a column of ${path.basename(file)} (no column "${refName(name)}"; it has ${parsed.header.map((h) => `"${h}"`).join(", ")})`, "correct the column name", name);
      else used.add(i);
      return i;
    };

    // Keys.
    const incidentAlts = keyAlternatives(source.keys.incident, `${where}.keys.incident`).map((a) => ({ name: a.name, cols: a.columns.map((k, i) => col(k, a.where(i))) }));
    const incidentCols = incidentAlts[0].cols;
    const rowFilter = compileFilters(source.filter, (ref) => {
      const i = header.indexOf(ref);
      if (i >= 0) used.add(i);
      return i;
    }, where, file, options, (key, ref) => mproblem(key, `a column of ${path.basename(file)} (no column "${refName(ref)}")`, "correct the column name", ref));
    const entityCols = (key: EntityKey | undefined, name: string): number[] | null =>
      key === undefined || typeof key === "string" || !("columns" in key) ? null : key.columns.map((k, i) => col(k, `${where}.keys.${name}.columns[${i}]`));
    const subjectKey: EntityKey = source.keys.subject ?? (source.grain === "subject" ? "per_row" : "per_incident");
    const officerKey: EntityKey | undefined = source.keys.officer ?? (source.grain === "officer" ? "per_row" : undefined);
    const subjectCols = entityCols(subjectKey, "subject");
    const officerCols = entityCols(officerKey, "officer");
    if (officerKey === "by_position") mproblem(`${where}.keys.officer`, "key columns or per_row (by_position is for subjects)", "change keys.officer");
    // Attribute matching: the canonical fields named, as readers of this source.
    const subjectMatch = typeof subjectKey === "object" && "match" in subjectKey ? subjectKey : null;
    const officerMatch = typeof officerKey === "object" && "match" in officerKey ? officerKey : null;
    if (officerMatch?.by_position) mproblem(`${where}.keys.officer.by_position`, "by_position only for subjects", "remove by_position from keys.officer");
    const listsByPosition = subjectKey === "by_position" || subjectMatch?.by_position === true;
    subjectModes.push(keyMode(subjectKey));
    if (officerKey !== undefined) officerModes.push(keyMode(officerKey));

    // Fields.
    const readers: { target: string; table: ImportedTable; read: FieldReader }[] = [];
    for (const [target, spec] of Object.entries(source.fields) as [string, FieldSpec | undefined][]) {
      if (!spec || (isNotReported(spec) && notReportedAs(target) === "omit")) continue;
      try {
        const byPosition = listsByPosition && target.startsWith("subjects.");
        readers.push({ target, table: target.split(".")[0] as ImportedTable, read: compileField(target, spec, ctx, `${where}.fields["${target}"]`, byPosition) });
        if (!LIST_TARGETS.has(target)) combiner.useSpec(target, spec.combine, `${where}.fields["${target}"]`);
      } catch (e) {
        if (!(e instanceof MappingError)) throw e;
        mproblem(e.where, e.expected, e.fix, e.missingColumn);
      }
    }
    // Years counted to the incident date (years_from_date) read the row's date through its reader.
    ctx.incidentDate = readers.find((r) => r.target === "incidents.date")?.read;
    if (readers.some((r) => r.table === "officers") && officerKey === undefined) mproblem(`${where}.keys.officer`, "officer keys, since officer fields are mapped", 'add keys.officer (key columns, or "per_row")');
    /** Readers of the fields a match names (checked: fields of the person's table that this source maps). */
    const matchReaders = (m: { match: string[] } | null, name: "subject" | "officer"): number[] =>
      (m?.match ?? []).flatMap((t, i) => {
        const k = readers.findIndex((r) => r.target === t);
        if (k >= 0 && t.startsWith(`${name}s.`) && !LIST_TARGETS.has(t)) return [k];
        mproblem(`${where}.keys.${name}.match[${i}]`, `a one-value ${name}s field that this source maps ("${t}" is not one)`, `map ${t} in fields, or name another ${name}s field`);
        return [];
      });
    const subjectAttrs = matchReaders(subjectMatch, "subject");
    const officerAttrs = matchReaders(officerMatch, "officer");
    // For the report's comparison: the subject's attributes matched on (the mapping's, or the demographics it maps).
    const compareAttrs = subjectMatch ? subjectAttrs : ["subjects.race_ethnicity", "subjects.sex", "subjects.age", "subjects.age_band"].map((t) => readers.findIndex((r) => r.target === t)).filter((k) => k >= 0);
    if (subjectTally.attributes.length === 0) subjectTally.attributes = compareAttrs.map((k) => readers[k].target);
    const rowPrints = prints.get(source) ?? new RowPrints();
    prints.set(source, rowPrints);
    const dropDuplicates = (source.duplicate_rows ?? "drop") === "drop";

    // Columns not used: identifiers must be dropped; dropped and ignored names must exist.
    const droppedCols = new Set<number>();
    // In a source of several files (yearly files), a listed column may be in some files only.
    const listedIn = (key: string, name: ColumnRef, c: number): boolean => {
      if (!group) return false;
      const l = group.listed.get(key) ?? { name: refName(name), found: 0 };
      if (c >= 0) l.found++;
      group.listed.set(key, l);
      return true;
    };
    for (const [i, name] of source.drop.entries()) {
      const c = header.indexOf(name);
      if (listedIn(`${where}.drop[${i}]`, name, c) && c < 0) continue;
      if (c < 0) mproblem(`${where}.drop[${i}]`, `a column of ${path.basename(file)} (no column "${name}")`, "correct the name or remove it from drop");
      else droppedCols.add(c);
    }
    const ignored = new Set<number>();
    for (const [i, name] of (source.ignore ?? []).entries()) {
      const c = header.indexOf(name);
      if (listedIn(`${where}.ignore[${i}]`, name, c) && c < 0) continue;
      if (c < 0) mproblem(`${where}.ignore[${i}]`, `a column of ${path.basename(file)} (no column "${name}")`, "correct the name or remove it from ignore");
      else ignored.add(c);
    }
    parsed.header.forEach((name, c) => {
      if (droppedCols.has(c)) {
        if (used.has(c)) mproblem(`${where}.drop`, `"${name}" either dropped or used, not both`, "remove it from drop, or stop mapping it");
        dropped.push({ file, column: name, reason: identifierReason(name, parsed.rows.map((r) => r[c] ?? "")) ?? "listed in drop" });
        return;
      }
      if (used.has(c)) return;
      const reason = identifierReason(name, parsed.rows.map((r) => r[c] ?? ""));
      if (reason) {
        problems.push({ file, line: headerLine, column: c + 1, field: name, value: null, expected: `a column that is mapped or dropped: ${reason}`, fix: `add "${name}" to ${where}.drop in mapping.json (or map it, if it is not an identifier)` });
        return;
      }
      unused.push({ file, column: name });
    });
    if (lacking || problems.some((p) => !p.row)) return;

    const keyOf = (row: string[], cols: number[]) => cols.map((c) => (row[c] ?? "").trim()).filter((v) => v !== "" && !(source.blank ?? []).some((b) => looseLabel(b) === looseLabel(v))).join(SEP);
    const incidentKey = fallbackKey(incidentAlts, keyOf, file, options);
    currentReaders = readers.map((r) => ({ target: r.target, slot: fieldSlot(r.target) }));
    const districtAt = readers.findIndex((r) => r.target === "incidents.district");
    const dateAt = readers.findIndex((r) => r.target === "incidents.date");
    const at = (target: string) => readers.findIndex((r) => r.target === target);
    const forceAt = at("force_uses.force_type");
    const levelAt = at("force_uses.agency_level");
    const continuumAt = at("force_uses.agency_continuum_level");
    const rawAt = at("force_uses.force_type_raw");
    // Readers by the table they fill, in mapping order.
    const byTable = Object.fromEntries(IMPORTED_TABLES.map((t) => [t, readers.flatMap((r, k) => (r.table === t ? [k] : []))])) as Record<ImportedTable, number[]>;

    /** The incident key of the row above (for continuation rows), and how many rows continued one. */
    let previousKey = "";
    let continued = 0;
    const processRow = (row: string[], line: number): void => {
      count.read++;
      if (rowFilter?.(row)) {
        count.filtered++;
        return;
      }
      // A row equal in every cell to an earlier used row of this source is counted and dropped. A
      // continuation row is compared together with the incident it continues: "OC Spray" below two
      // different events is two rows.
      const continues = source.keys.continuation_rows === true && incidentAlts.every((a) => keyOf(row, a.cols) === "");
      const earlier = rowPrints.seen(continues ? [...row, `\u0000${previousKey}`] : row);
      if (earlier >= 0 && dropDuplicates) {
        count.duplicates++;
        subjectTally.duplicate(rowPrints.incidentOf(earlier), rowPrints.personsOf(earlier));
        if (officerKey !== undefined) officerTally.duplicate(rowPrints.incidentOf(earlier), 1);
        return;
      }
      const issues: CellIssue[] = [];
      if (controls) {
        // A row with a control character is rejected before its cells are read (and counted as labels).
        for (let c = 0; c < row.length; c++) {
          const at = CONTROL.exec(row[c]);
          if (at) issues.push({ column: c, header: parsed.header[c] ?? `column ${c + 1}`, value: aroundControl(row[c], at.index), expected: controlExpected(controlName(at[0]), `at character ${at.index + 1} of the cell`), fix: CONTROL_FIX });
        }
        if (issues.length > 0) {
          count.rejected++;
          for (const i of issues) rejectedRows.push({ file, line, column: i.column + 1, field: i.header, value: i.value, expected: i.expected, fix: i.fix, row: true });
          return;
        }
      }
      if (row.length !== parsed.header.length) {
        issues.push({ column: Math.min(row.length, parsed.header.length) - 1, header: parsed.header[Math.min(row.length, parsed.header.length) - 1] ?? "", value: String(row.length), expected: `${parsed.header.length} cells as in the header (got ${row.length}: shifted or broken row)`, fix: "correct the row in the export" });
      }
      let ownKey = incidentKey(row);
      // A continuation row (no key of its own) belongs to the incident of the row above it.
      if (ownKey === "" && source.keys.continuation_rows && previousKey !== "") {
        ownKey = previousKey;
        continued++;
      }
      previousKey = ownKey;
      const incident = ownKey === "" || !source.keys.per_file ? ownKey : `${path.basename(file)}${SEP}${ownKey}`;
      if (incident === "") issues.push({ column: incidentCols[0], header: parsed.header[incidentCols[0]], value: row[incidentCols[0]] ?? "", expected: "an incident key (keys.incident)", fix: "fill in the key, or remove the row" });
      const evals: ReturnType<FieldReader>[] = new Array(readers.length);
      for (let k = 0; k < readers.length; k++) {
        const e = readers[k].read(row);
        if (e.issue) issues.push(e.issue);
        evals[k] = e;
      }
      const d = districtAt >= 0 ? evals[districtAt] : undefined;
      if (d && !d.issue && d.values.length > 0 && !districts.has(d.values[0])) {
        const c = header.indexOf(source.fields["incidents.district"]?.column ?? "");
        issues.push({ column: c, header: parsed.header[c] ?? "district", value: d.raw[0] ?? d.values[0], expected: `a district listed in config.json (${[...districts].join(", ")})`, fix: `add "${d.values[0]}" to config.json districts, or map the label in fields["incidents.district"].values` });
      }
      // The people this row names, matched by their attributes (each item of a list, with by_position).
      const persons = listsByPosition ? Math.max(1, ...byTable.subjects.map((k) => evals[k].values.length)) : 1;
      const subjectKeys = subjectMatch ? personKeys(evals, subjectAttrs, listsByPosition, persons) : null;
      const officerKeys = officerMatch ? personKeys(evals, officerAttrs, false) : null;
      for (const [keys, m, name] of [[subjectKeys, subjectMatch, "subject"], [officerKeys, officerMatch, "officer"]] as const) {
        if (keys && m?.when_blank === "reject" && keys.includes("")) issues.push({ column: -1, header: `keys.${name}`, value: "", expected: `a value in at least one of ${m.match.join(", ")} for each ${name} (keys.${name}.when_blank is reject)`, fix: `fill them in the export, or change keys.${name}.when_blank` });
      }
      const date = dateAt >= 0 ? evals[dateAt] : undefined;
      if (date && !date.issue && date.values.length > 0 && date.values[0] > lastDay) {
        const c = header.indexOf(source.fields["incidents.date"]?.column ?? "");
        issues.push({ column: c, header: parsed.header[c] ?? "incidents.date", value: date.raw[0] ?? date.values[0], expected: `a date on or before ${lastDayIs}`, fix: config.data_through ? "correct the date in the export, or move data_through in config.json" : "correct the date in the export (is the year mistyped?), or, if this release is later, change released in config.json" });
      }
      if (issues.length > 0) {
        count.rejected++;
        for (const i of issues) rejectedRows.push({ file, line, column: i.column >= 0 ? i.column + 1 : null, field: i.header, value: i.value, expected: i.expected, fix: i.fix, row: true });
        return;
      }
      count.used++;
      const inc = merge(incidents, incident, -1, byTable.incidents, evals, line, source);
      if (incidents.firstFile[inc] !== fileNo) {
        let elsewhere = incidentRowsElsewhere.get(inc);
        if (!elsewhere) incidentRowsElsewhere.set(inc, (elsewhere = new Map()));
        elsewhere.set(fileNo, (elsewhere.get(fileNo) ?? 0) + 1);
      }

      // Subjects of this row (their record numbers).
      const subjectRecs: number[] = [];
      if (subjectKeys) {
        subjectKeys.forEach((key, p) => {
          const blankAs = subjectMatch!.when_blank ?? "per_incident";
          const id = `${incident}${SEP}${key !== "" ? `match ${key}` : blankAs === "per_row" ? `row ${line}.${p + 1}` : "subject"}`;
          const person = listsByPosition ? evals.map((e) => ({ values: e.values.slice(p, p + 1), raw: e.raw.slice(p, p + 1) })) : evals;
          subjectRecs.push(merge(subjects, id, inc, byTable.subjects, person, line, source));
        });
      } else if (subjectKey === "by_position") {
        const n = Math.max(1, ...byTable.subjects.map((k) => evals[k].values.length));
        for (let p = 0; p < n; p++) {
          const id = `${incident}${SEP}${line}.${p + 1}`;
          const person = evals.map((e) => ({ values: e.values.slice(p, p + 1), raw: e.raw.slice(p, p + 1) }));
          subjectRecs.push(merge(subjects, id, inc, byTable.subjects, person, line, source));
        }
      } else {
        let sk = subjectCols ? keyOf(row, subjectCols) : "";
        const whenBlank = typeof subjectKey === "object" ? subjectKey.when_blank ?? "per_incident" : subjectKey;
        if (subjectKey === "per_row" || (sk === "" && whenBlank === "per_row")) sk = `row ${line}`;
        const id = `${incident}${SEP}${sk === "" ? "subject" : sk}`;
        subjectRecs.push(merge(subjects, id, inc, byTable.subjects, evals, line, source));
      }

      // The officer of this row (-1: none).
      let officerRec = -1;
      if (officerKey !== undefined) {
        let ok = officerCols ? keyOf(row, officerCols) : officerKeys?.[0] !== undefined && officerKeys[0] !== "" ? `match ${officerKeys[0]}` : "";
        // per_incident (or a blank key whose when_blank says so): the incident's one shared officer record.
        const blankAs = typeof officerKey === "object" ? officerKey.when_blank ?? "per_incident" : officerKey;
        if (officerKey === "per_incident" || (typeof officerKey === "object" && ok === "" && blankAs === "per_incident")) ok = "officer";
        else if (officerKey === "per_row" || ok === "") ok = `row ${line}`;
        officerRec = merge(officers, `${incident}${SEP}${ok}`, inc, byTable.officers, evals, line, source);
      }

      rowPrints.add(inc, persons);
      subjectTally.row(inc, persons, compareAttrs.length ? personKeys(evals, compareAttrs, listsByPosition, persons) : null);
      if (officerKey !== undefined) officerTally.row(inc, 1, null);

      // Force uses.
      const force = forceAt >= 0 ? evals[forceAt] : undefined;
      const level = levelAt >= 0 ? (evals[levelAt].values[0] ?? null) : null;
      const continuum = continuumAt >= 0 ? Number(evals[continuumAt].values[0] ?? 0) : 0;
      const rawOverride = rawAt >= 0 ? evals[rawAt].values[0] : undefined;
      if (force) {
        const subject = subjectRecs.length === 1 ? subjectRecs[0] : -1;
        force.values.forEach((type, k) => uses.add(inc, subject, officerRec, type, rawOverride ?? force.raw[k] ?? "", level, continuum));
      }
    };
    if (book) book.rows.forEach((row, k) => processRow(row, book.lines[k]));
    const summary = book ? { repeatedHeaders: book.repeatedHeaders } : streamCsv({ path: file, text }, () => processRow);
    if (continued > 0) {
      const line = `${path.basename(file)}: ${n(continued)} continuation row(s) (no incident key) read as part of the incident above them (keys.continuation_rows).`;
      notes.push(line);
      log.info(`${"import".padEnd(10)} ${line}`);
    }

    // Repeated header rows.
    const repeated = summary.repeatedHeaders;
    if (repeated.length) {
      if ((source.repeated_headers ?? "skip") === "skip") {
        count.repeatedHeaders = repeated.length;
        notes.push(`${file}${book ? `, sheet "${book.sheet}"` : ""}: ${repeated.length} repeated header row(s) skipped (${book ? "row" : "line"} ${repeated.slice(0, 10).join(", ")}${repeated.length > 10 ? ", ..." : ""}).`);
      } else {
        for (const line of repeated) rejectedRows.push({ file, line, column: null, field: null, value: null, expected: "a data row, not the header repeated", fix: 'remove the row, or set "repeated_headers": "skip"', row: true });
        count.read += repeated.length;
        count.rejected += repeated.length;
      }
    }
  }

  /**
   * Folds one row's values (the readers ks of evals) into the record with this id (made, for the
   * given incident, if new; -1: an incident, itself), and returns its number. Rows that disagree
   * are counted.
   */
  function merge(into: RecordTable, id: string, incident: number, ks: readonly number[], evals: readonly Evaluated[], line: number, source: SourceSpec): number {
    // The row is in the file being read, the last of files.
    const e = into.recordOf(id, incident, files.length - 1, line);
    into.rowCount[e]++;
    for (const k of ks) {
      const v = evals[k];
      if (v.values.length === 0) continue;
      const { target, slot } = currentReaders[k];
      if (!LIST_TARGETS.has(target)) {
        // One-value fields: the rule is applied once every row is in (combine.ts).
        combiner.fold(into, slot, e, target, v.values[0], v.raw[0]);
        continue;
      }
      if (into.code(slot, e) === 0) {
        into.setValue(slot, e, v.values.join(LIST_DELIMITER));
        continue;
      }
      const have = into.value(slot, e)!.split(LIST_DELIMITER);
      for (const x of v.values) if (!have.includes(x)) have.push(x);
      into.setValue(slot, e, have.join(LIST_DELIMITER));
    }
    return e;
  }

  // Incidents without a required value are rejected with all their rows.
  const required = REQUIRED.filter((t) => t.startsWith("incidents.") && mapped.has(t));
  /** Incidents rejected: 1 by record number. Their subjects, officers and force uses go with them. */
  const dead = new Uint8Array(incidents.size);
  for (let i = 0; i < incidents.size; i++) {
    const missing = required.filter((t) => incidents.code(fieldSlot(t), i) === 0);
    if (missing.length === 0) continue;
    const [file, line, rowCount] = [files[incidents.firstFile[i]].file, incidents.firstLine[i], incidents.rowCount[i]];
    for (const t of missing) {
      const spec = mapping.sources.map((s) => s.fields[t as keyof typeof s.fields]).find(Boolean);
      rejectedRows.push({ file, line, column: null, field: spec?.column !== undefined ? refName(spec.column) : t, value: "", expected: `a value for ${t}, which every incident needs (incident key "${incidents.id(i)}", ${rowCount} row(s))`, fix: "fill it in the export, or map a fallback (e.g. first_of with a constant value)", row: true });
    }
    dead[i] = 1;
    const elsewhere = incidentRowsElsewhere.get(i) ?? new Map<number, number>();
    const rowsByFile = new Map([[incidents.firstFile[i], rowCount - [...elsewhere.values()].reduce((a, b) => a + b, 0)], ...elsewhere]);
    for (const [n, c] of rowsByFile) {
      // A file read through two sources is counted under its first entry.
      const fc = files.find((f) => f.file === files[n].file)!;
      fc.used -= c;
      fc.rejected += c;
    }
  }
  const alive = (table: RecordTable, i: number) => dead[table.incident[i]] === 0;
  const aliveCount = (table: RecordTable) => {
    let n = 0;
    for (let i = 0; i < table.size; i++) if (alive(table, i)) n++;
    return n;
  };

  if (rejectedRows.length > 0 && !opts.allowRejected) {
    problems.push(...rejectedRows);
    notes.push("Rows were rejected. Fix them (in the export or the mapping), or run with --allow-rejected to publish the valid rows and list the rejected ones.");
    return fail();
  }
  // Every row rejected (--allow-rejected): still no site without incidents.
  if (aliveCount(incidents) === 0) {
    problems.push({ file: files.map((f) => f.file).join(", "), line: null, column: null, field: null, value: null, expected: "at least one incident to import; every row was rejected", fix: "correct the rows listed in the import report, so that the site is not published empty" });
    return fail();
  }

  // One-value fields of records whose rows disagree take their rule's value; what every rule would give is reported.
  // A field the mapping marks not reported has no share to give under any rule (never a 0%).
  const combined = combiner.finish(alive).filter((o) => !options.notReported.has(o.target));
  const aliveIncident = (i: number) => dead[i] === 0;
  const people = {
    subjects: subjectTally.counts([...new Set(subjectModes)].join("; "), aliveCount(subjects), aliveCount(incidents), aliveIncident),
    officers: officerModes.length ? officerTally.counts([...new Set(officerModes)].join("; "), aliveCount(officers), aliveCount(incidents), aliveIncident) : null,
  };

  // The canonical tables: ids, then the fields the mapping fills (and the raw labels beside mapped codes).
  const autoRaw: Record<string, string> = { "incidents.call_type": "incidents.call_type_raw" };
  // A raw-label column is added only when the codes came from labels (not from a constant).
  const hasRaw = (from: string) => {
    if (!mapped.has(from)) return false;
    for (let i = 0; i < incidents.size; i++) if (!dead[i] && incidents.raw(fieldSlot(from), i) !== undefined) return true;
    return false;
  };
  const columnsOf = (table: ImportedTable, fixed: string[]): string[] => {
    const fields = Object.keys(TABLES[table].schema.shape).filter((f) => !fixed.includes(f) && (mapped.has(`${table}.${f}`) || Object.entries(autoRaw).some(([from, to]) => to === `${table}.${f}` && hasRaw(from))));
    return [...fixed, ...fields];
  };
  const cell = (table: RecordTable, i: number, target: string): string => {
    if (slots.has(target)) return table.value(fieldSlot(target), i) ?? "";
    const from = Object.entries(autoRaw).find(([, to]) => to === target)?.[0];
    return from && slots.has(from) ? (table.raw(fieldSlot(from), i) ?? "") : "";
  };

  const built = { incidents: aliveCount(incidents), subjects: aliveCount(subjects), officers: aliveCount(officers), force_uses: 0 };
  for (let k = 0; k < uses.size; k++) if (!dead[uses.incident[k]]) built.force_uses++;
  const officerCount = new Int32Array(incidents.size);
  for (let o = 0; o < officers.size; o++) if (alive(officers, o)) officerCount[officers.incident[o]]++;
  const countOfficers = !mapped.has("incidents.officers_count") && built.officers > 0;

  /** f of each record of a table whose incident was not rejected, in record order. */
  function* rowsOf(table: RecordTable, f: (i: number) => string[]): Generator<string[]> {
    for (let i = 0; i < table.size; i++) if (alive(table, i)) yield f(i);
  }
  const incCols = columnsOf("incidents", ["incident_id"]);
  if (countOfficers && !incCols.includes("officers_count")) incCols.push("officers_count");
  const incRows = rowsOf(incidents, (i) => incCols.map((c) => (c === "incident_id" ? incidents.id(i) : c === "officers_count" && countOfficers ? String(officerCount[i]) : cell(incidents, i, `incidents.${c}`))));
  const subCols = columnsOf("subjects", ["subject_id", "incident_id"]);
  const subRows = rowsOf(subjects, (i) => subCols.map((c) => (c === "subject_id" ? subjects.id(i) : c === "incident_id" ? incidents.id(subjects.incident[i]) : cell(subjects, i, `subjects.${c}`))));
  const offCols = columnsOf("officers", ["officer_id", "incident_id"]);
  const offRows = rowsOf(officers, (i) => offCols.map((c) => (c === "officer_id" ? officers.id(i) : c === "incident_id" ? incidents.id(officers.incident[i]) : cell(officers, i, `officers.${c}`))));
  const withLevel = mapped.has("force_uses.agency_level");
  const withContinuum = mapped.has("force_uses.agency_continuum_level");
  const useCols = ["incident_id", "subject_id", "officer_id", "force_type", "force_type_raw", ...(withLevel ? ["agency_level"] : []), ...(withContinuum ? ["agency_continuum_level"] : [])];
  function* useRows(): Generator<string[]> {
    for (let k = 0; k < uses.size; k++) {
      if (dead[uses.incident[k]]) continue;
      const [s, o] = [uses.subject[k], uses.officer[k]];
      const row = [incidents.id(uses.incident[k]), s < 0 ? "" : subjects.id(s), o < 0 ? "" : officers.id(o), uses.types.value(uses.type[k])!, uses.raws.value(uses.raw[k])!];
      if (withLevel) row.push(uses.levels.value(uses.level[k]) ?? "");
      if (withContinuum) row.push(uses.continuum[k] === 0 ? "" : String(uses.continuum[k]));
      yield row;
    }
  }

  // Each table is written as its rows are formatted: the tables never exist whole as text.
  const out: [string, Iterable<string>][] = [
    ["incidents.csv", csvPieces(incCols, incRows)],
    ["subjects.csv", csvPieces(subCols, subRows)],
    ["force_uses.csv", csvPieces(useCols, useRows())],
  ];
  if (built.officers > 0) out.push(["officers.csv", csvPieces(offCols, offRows)]);
  if (calls) out.push(["calls_for_service.csv", callsCsv(calls)]);
  io.replaceFolder(opts.outDir, out);

  // Incidents whose date is known only to the year or month, per file (of their first row).
  const dateSlot = slots.get("incidents.date");
  if (dateSlot !== undefined) {
    const partial = new Map<number, { year: number; month: number }>();
    for (let i = 0; i < incidents.size; i++) {
      const v = dead[i] ? null : incidents.value(dateSlot, i);
      if (!v || !isPartialDate(v)) continue;
      const c = partial.get(incidents.firstFile[i]) ?? { year: 0, month: 0 };
      if (v.length === 4) c.year++;
      else c.month++;
      partial.set(incidents.firstFile[i], c);
    }
    for (const [f, c] of partial) {
      const parts = [c.year ? `${n(c.year)} incident(s) with a date known only to the year` : "", c.month ? `${n(c.month)} known only to the month` : ""].filter(Boolean);
      const line = `${path.basename(files[f].file)}: ${parts.join(", ")}.`;
      notes.push(line);
      log.info(`${"import".padEnd(10)} ${line}`);
    }
  }
  tagSheets(rejectedRows);
  const notSupplied = MAPPABLE_FIELDS.filter((f) => (!mapped.has(f) || options.notReported.has(f)) && !(countOfficers && f === "incidents.officers_count") && !Object.entries(autoRaw).some(([from, to]) => to === f && hasRaw(from)) && f !== "force_uses.force_type_raw");
  for (const f of files) log.info(`${"import".padEnd(10)} ${path.basename(f.file)}${f.sheet ? ` (sheet "${f.sheet}")` : ""}: read ${f.read.toLocaleString("en-US")} = used ${f.used.toLocaleString("en-US")}${f.filtered ? ` + filtered ${f.filtered.toLocaleString("en-US")}` : ""}${f.duplicates ? ` + duplicates ${f.duplicates.toLocaleString("en-US")}` : ""} + rejected ${f.rejected.toLocaleString("en-US")}${f.repeatedHeaders ? ` (${f.repeatedHeaders} repeated header row(s) skipped)` : ""}`);
  log.info(`${"import".padEnd(10)} built ${built.incidents.toLocaleString("en-US")} incidents, ${built.subjects.toLocaleString("en-US")} subjects, ${built.officers.toLocaleString("en-US")} officers, ${built.force_uses.toLocaleString("en-US")} force uses in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  const unmappedTotal = [...stats.unmapped.values()].reduce((n, u) => n + u.labels.size, 0);
  if (unmappedTotal) {
    log.info(`${"import".padEnd(10)} ${unmappedTotal} label(s) not in the mapping's values (all listed in the report):`);
    for (const u of [...stats.unmapped.values()].slice(0, 10)) {
      const top = [...u.labels].sort((a, b) => b[1] - a[1]);
      const shown = top.slice(0, 5).map(([l, c]) => `"${l}" (${c.toLocaleString("en-US")})`).join(", ");
      log.info(`${"".padEnd(10)}   ${u.target} <- "${u.column}"${u.file ? ` (${path.basename(u.file)})` : ""}, ${u.mode === "blank" ? "read as blank" : "rows rejected"}: ${shown}${top.length > 5 ? `, and ${top.length - 5} more` : ""}`);
    }
  }
  if (calls) for (const l of callsLog(calls)) log.info(`${"calls".padEnd(10)} ${l}`);
  for (const o of combined) log.info(`${"import".padEnd(10)} ${combineLogLine(o)}`);
  const missingCodes = [...options.missingCodes.values()].reduce((k, e) => k + e.codes.size, 0);
  if (missingCodes) log.info(`${"import".padEnd(10)} ${missingCodes} code(s) not in the code book, in ${options.missingCodes.size} column(s) (all listed in the report)`);
  for (const [file, alts] of options.keyUse) log.info(`${"import".padEnd(10)} ${path.basename(file)}: incident keys from ${[...alts].map(([k, c]) => `${k} ${c.toLocaleString("en-US")}`).join(", ")}`);
  if (rejectedRows.length) log.info(`${"import".padEnd(10)} ${rejectedRows.length} problem(s) in rejected rows left out (--allow-rejected), listed in the report`);
  log.info(`${"import".padEnd(10)} ${notSupplied.length} canonical field(s) not in this export; ${dropped.length} identifier column(s) dropped; report: ${opts.reportPath}`);
  io.writeText(opts.reportPath, importReport({ mappingFile, files, problems, stats, dropped, unused, conflicts: combiner.disagreements(), notSupplied, built, notes, rejectedRows, calls, options, combined, people }));
  return { files, built, notSupplied, rejected: rejectedRows, calls, combined, people };
}

/** Characters of CSV text handed to the file at a time. */
const PIECE_CHARS = 1 << 16;

/**
 * A table's CSV text (the header, then one line a row, each ending in a line break: what
 * csvFormatRows gives, plus the final line break) in pieces of about PIECE_CHARS characters.
 */
function* csvPieces(columns: string[], rows: Iterable<string[]>): Generator<string> {
  let piece = csvFormatRow(columns) + "\n";
  for (const row of rows) {
    piece += csvFormatRow(row) + "\n";
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = "";
    }
  }
  yield piece;
}

interface ReportInput {
  mappingFile: string;
  files: FileCount[];
  problems: Problem[];
  stats: ImportStats;
  dropped: { file: string; column: string; reason: string }[];
  unused: { file: string; column: string }[];
  conflicts: Map<string, number>;
  notSupplied: string[];
  built: Record<ImportedTable, number> | null;
  notes: string[];
  rejectedRows: Problem[];
  calls?: CallsResult | null;
  options?: OptionStats;
  combined?: CombineOutcome[];
  people?: { subjects: PeopleCounts; officers: PeopleCounts | null };
}

const n = (x: number) => x.toLocaleString("en-US");
const md = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** The report's sections on the mapping options: rows filtered out, fallback keys, codes not in a code book. */
function optionSections(o: OptionStats): string[] {
  const L: string[] = [];
  if (o.filtered.size) {
    L.push("", "## Rows filtered out", "", "Left out by the source's `filter`, before any cell was read; per file, per filter, per value.", "");
    for (const [file, filters] of o.filtered) {
      for (const [filter, values] of filters) {
        const total = [...values.values()].reduce((a, b) => a + b, 0);
        L.push(`- ${md(path.basename(file))}, ${md(filter)}: ${n(total)} row(s)${values.size ? ":" : ""}`);
        for (const [v, c] of [...values].sort((a, b) => b[1] - a[1])) L.push(`  - "${md(v)}": ${n(c)} row(s)`);
      }
    }
  }
  if (o.keyUse.size) {
    L.push("", "## Incident keys used", "", "The first key with a value identifies each row's incident.", "");
    for (const [file, alts] of o.keyUse) L.push(`- ${md(path.basename(file))}: ${[...alts].map(([k, c]) => `${md(k)} ${n(c)} row(s)`).join("; ")}`);
  }
  if (o.missingCodes.size) {
    const all = [...o.missingCodes.values()];
    L.push("", `## Codes not in the code book (${all.reduce((s, e) => s + e.codes.size, 0)})`, "", "Their meaning is not known from the code book: add them to it once the department explains them.", "");
    for (const e of all) {
      L.push(`- ${md(path.basename(e.file))}, column "${md(e.column)}" (${md(e.book)}; ${e.mode === "blank" ? "read as blank" : "rows rejected"}):`);
      for (const [code, c] of [...e.codes].sort((a, b) => b[1] - a[1])) L.push(`  - "${md(code)}": ${n(c)} row(s)`);
    }
  }
  return L;
}

/** The import report, in Markdown. */
export function importReport(r: ReportInput): string {
  const L: string[] = ["# Import report", "", `Mapping: \`${r.mappingFile}\``, ""];
  if (r.problems.length) {
    L.push(`**The import stopped: ${n(r.problems.length)} problem(s). Nothing was imported or published.**`, "", "## Problems", "");
    for (const p of r.problems) L.push(`- ${formatProblem(p)}`);
    L.push("");
  }
  const anyFiltered = r.files.some((f) => f.filtered > 0) || (r.options?.filtered.size ?? 0) > 0;
  L.push(
    "## Rows",
    "",
    `Every data row read is used, ${anyFiltered ? "filtered out by the mapping's filters, " : ""}an exact duplicate of an earlier row of its source (every cell equal; dropped unless the source sets \`"duplicate_rows": "keep"\`), or rejected (with its reason below): read = used + ${anyFiltered ? "filtered + " : ""}duplicates + rejected.`,
    "",
    `| file | rows read | used |${anyFiltered ? " filtered |" : ""} duplicates dropped | rejected | repeated headers skipped |`,
    `|---|---:|---:|${anyFiltered ? "---:|" : ""}---:|---:|---:|`,
  );
  for (const f of r.files) L.push(`| ${md(path.basename(f.file))}${f.sheet ? ` (sheet "${md(f.sheet)}")` : ""} | ${n(f.read)} | ${n(f.used)} |${anyFiltered ? ` ${n(f.filtered)} |` : ""} ${n(f.duplicates)} | ${n(f.rejected)} | ${n(f.repeatedHeaders)} |`);
  if (r.options) L.push(...optionSections(r.options));
  if (r.built) {
    L.push("", "## Records built", "", "| canonical table | records |", "|---|---:|");
    for (const t of IMPORTED_TABLES) L.push(`| ${t} | ${n(r.built[t])} |`);
  }
  if (r.people) L.push(...peopleReportLines(r.people));
  const unmapped = [...r.stats.unmapped.values()];
  L.push("", `## Labels not in the mapping (${unmapped.reduce((s, u) => s + u.labels.size, 0)})`, "");
  if (!unmapped.length) L.push("None: every label found is mapped.");
  // Per file (per year, for yearly files): the wording a year uses that the mapping lacks.
  let lastFile: string | null = null;
  for (const u of unmapped) {
    if (u.file !== lastFile && u.file !== "") {
      L.push(`${lastFile === null ? "" : "\n"}### ${md(path.basename(u.file))} (${[...r.stats.unmapped.values()].filter((x) => x.file === u.file).reduce((s, x) => s + x.labels.size, 0)} label(s))`, "");
      lastFile = u.file;
    }
    L.push(`- **${u.target}** from column "${md(u.column)}" (${u.mode === "blank" ? "read as blank" : "rows rejected"}):`);
    for (const [label, c] of [...u.labels].sort((a, b) => b[1] - a[1])) L.push(`  - "${md(label)}": ${n(c)} row(s)`);
  }
  if (r.stats.contradictions.size) {
    L.push("", "## Contradictory flags", "");
    for (const [target, c] of r.stats.contradictions) for (const [combo, k] of c.combos) L.push(`- ${target}: ${md(combo)} all yes in ${n(k)} row(s); rule "${c.rule}" applied.`);
  }
  if (r.combined) L.push(...combineReportLines(r.combined));
  else if (r.conflicts.size) {
    L.push("", "## Rows of one record that disagree", "", "Each field's `combine` rule decides which value is kept.", "");
    for (const [t, k] of r.conflicts) L.push(`- ${t}: ${n(k)} record(s)`);
  }
  if (r.stats.blanks.size) {
    L.push("", "## Blank markers read as no value", "");
    for (const [col, m] of r.stats.blanks) L.push(`- "${md(col)}": ${[...m].map(([k, c]) => `"${md(k)}" ${n(c)}`).join(", ")}`);
  }
  if (r.built) {
    L.push("", `## Not in this export (${r.notSupplied.length} canonical fields)`, "", "The site says \"not reported by this department\" wherever these are needed.", "");
    const figures = notReportedFigures(r.notSupplied);
    for (const f of r.notSupplied) {
      const note = r.options?.notReported.get(f);
      L.push(`- ${f}${note !== undefined ? ` (marked not reported in the mapping${note ? `: ${md(note)}` : ""})` : ""}${figures.get(f)?.length ? `: ${figures.get(f)!.join("; ")}` : ""}`);
    }
  }
  L.push(...callsReport(r.calls ?? null));
  L.push("", `## Identifier columns dropped (${r.dropped.length})`, "", "Never read, never published.", "");
  for (const d of r.dropped) L.push(`- "${md(d.column)}" (${path.basename(d.file)}): ${d.reason}`);
  L.push("", `## Columns not used (${r.unused.length})`, "");
  for (const u of r.unused) L.push(`- "${md(u.column)}" (${path.basename(u.file)})`);
  L.push("", `## Rejected rows (${n(r.rejectedRows.length)} problem(s))`, "");
  for (const p of r.rejectedRows) L.push(`- ${formatProblem(p)}`);
  if (r.notes.length) L.push("", "## Notes", "", ...r.notes.map((x) => `- ${x}`));
  return L.join("\n") + "\n";
}

