// The pipeline, read -> parse -> validate -> scan -> anonymize -> aggregate -> write, as a recipe.
import path from "node:path";
import type { PolicySection } from "../../src/lib/schema/config.ts";
import { TABLES, TABLE_NAMES, type CanonicalRow, type TableName } from "../../src/lib/schema/tables.ts";
import { aggregate } from "./aggregate.ts";
import { computeCoverage, singleValueNotes, type TableCoverageInput } from "./coverage.ts";
import { anonymize, pseudonymPrefix, type PseudonymKind, type PublishedData } from "./anonymize.ts";
import { diskIo, type Io } from "./io.ts";
import { timed, type Logger } from "./log.ts";
import type { SourceFile } from "./parse.ts";
import { formatProblem, InputError, logProblems, type Problem } from "./problems.ts";
import { PseudonymJob } from "./pseudonyms.ts";
import { listInput, present, readInput } from "./read.ts";
import type { DictColumn, IdColumn } from "./table.ts";
import { ALLOW_LIST_FILE, IdentifierIndexer, indexIdentifiers, parseAllowList, scanFreeText } from "./scan.ts";
import { auditFigures, protect, protectionLines } from "./protect.ts";
import { dateKnownByYear } from "./precision.ts";
import { formatOutputs } from "./write.ts";
import { checkText, KEY_CHECK_FILE } from "./keys.ts";
import { ThreadUnavailable, ValidationThread } from "./validate-thread.ts";
import { readConfig, validatePolicy } from "./department.ts";
import { releaseStage } from "../release/stage.ts";
import { boundariesSource, readBoundaries } from "./boundaries.ts";
import { appendIdentifierValues, checkColumnsAcrossFiles, crossCheck, identifierValues, resolvePending, validateTableFiles, type CanonicalData, type Rejection, type TableResult, type ValidatedTable } from "./validate.ts";

/** The data page's address for citations in the bundle: absolute when the build passes the site's address (UOF_SITE), else its path. */
function dataPageUrl(env: NodeJS.ProcessEnv = process.env): string {
  const inner = (env.UOF_BASE ?? "/").replace(/^\/+|\/+$/g, "");
  return `${(env.UOF_SITE ?? "").replace(/\/+$/, "")}/${inner ? `${inner}/` : ""}data/`;
}

/** Options of one pipeline run. */
export interface RunOptions {
  /** The department's folder. */
  dataDir: string;
  /** Where the import stage wrote the tables it built from the department's export (the rest stay in dataDir). */
  imported?: { dir: string; tables: readonly TableName[] };
  /** The generated folder, replaced as a whole on success. */
  outDir: string;
  /** Secret key of the pseudonyms. */
  key: string;
  /** Publish valid rows even when some rows are rejected (each is listed). */
  allowRejected: boolean;
  /** Where the full problem list and the run report are written. */
  reportPath: string;
  log: Logger;
  /** Validate some tables on a helper thread: true or false, or by default when they are large enough to gain from it. */
  helperThread?: boolean;
  /** The key's fingerprint (keys.ts), written into the output as pseudonym-key.check so the next run can tell a changed key. */
  keyCheck?: string;
}

/** Per-table reconciliation: rows read = rows published + rows rejected. */
export interface Reconciliation {
  table: TableName;
  read: number;
  published: number;
  rejected: number;
}

/** What a successful run returns. */
export interface RunResult {
  reconciliation: Reconciliation[];
  rejected: Rejection[];
  files: number;
  bytes: number;
}

/**
 * The tables validated on the helper thread: on large inputs about half the validation work,
 * and referring to no table the main thread validates but incidents (those references are
 * resolved once both threads are done). Consecutive in TABLE_NAMES, so that identifier values
 * can be joined in table order.
 */
const HELPER_TABLES: readonly TableName[] = ["subjects", "officers", "force_uses"];
/** Below this many bytes of CSV in those tables, starting a thread costs more than it saves. */
const HELPER_MIN_BYTES = 16 << 20;

/** Lists a table's CSV files: data/<table>.csv and data/<table>/*.csv (a folder that cannot be listed is a problem). */
export function tableFiles(io: Io, dataDir: string, table: TableName, problems: Problem[] = []): string[] {
  const out: string[] = [];
  const single = path.join(dataDir, `${table}.csv`);
  // A link to nothing is listed too, so that reading it says what it is.
  if (present(io, single)) out.push(single);
  const dir = path.join(dataDir, table);
  if (io.isDirectory(dir)) for (const f of listInput(io, dir, problems)) if (f.toLowerCase().endsWith(".csv")) out.push(path.join(dir, f));
  return out;
}

/** The primary-key column of the table whose rows have the kind of pseudonym. */
function idColumn(data: CanonicalData, kind: PseudonymKind): IdColumn {
  const columns = { incident: data.incidents.columns.incident_id, subject: data.subjects.columns.subject_id, officer: data.officers.columns.officer_id, complaint: data.complaints.columns.complaint_id };
  return columns[kind] as IdColumn;
}

/** Writes the report file: every problem and every rejected row, with the reconciliation. */
function report(problems: Problem[], rejected: Rejection[], reconciliation: Reconciliation[], notes: string[]): string {
  const lines = ["# Data report", "", "## Rows", "", "| table | read | published | rejected |", "|---|---:|---:|---:|"];
  for (const r of reconciliation) lines.push(`| ${r.table} | ${r.read} | ${r.published} | ${r.rejected} |`);
  lines.push("", `## Problems (${problems.length})`, "");
  for (const p of problems) lines.push(`- ${formatProblem(p)}`);
  lines.push("", `## Rejected rows (${rejected.length})`, "");
  for (const r of rejected) lines.push(`- ${r.file}:${r.line} (${r.table}): ${r.reasons.join("; ")}`);
  if (notes.length) lines.push("", "## Notes", "", ...notes.map((n) => `- ${n}`));
  return lines.join("\n") + "\n";
}

/** Starts the helper thread on its tables, or gives null where it cannot be started (tsx not found). */
function startHelper(plan: { table: TableName; dir: string; files: string[] }[]): ValidationThread | null {
  try {
    return ValidationThread.start({ tables: plan.map(({ table, dir, files }) => ({ table, root: dir, files })), pending: ["incidents"] });
  } catch {
    return null;
  }
}

/** The files of an output, then one more. */
function* withFile<T>(files: Iterable<[string, T]>, name: string, text: string): Iterable<[string, T | string]> {
  yield* files;
  yield [name, text];
}

/** Runs the whole pipeline; throws InputError (after writing the report) when the input cannot be published. */
export function runPipeline(io: Io, opts: RunOptions): RunResult {
  const { log, dataDir } = opts;
  const problems: Problem[] = [];
  const notes: string[] = [];
  const headers = new Map<string, string[]>();
  const ids = identifierValues();
  const t0 = performance.now();

  // How files not in UTF-8 were read goes to the log and the report.
  const readNotes = (found: string[]) => {
    for (const note of found) {
      notes.push(`${note}.`);
      log.info(`${"read".padEnd(10)} ${note}`);
    }
  };
  // Read and check the configuration and policy.
  const configNotes: string[] = [];
  // A draft configuration (placeholders mapping:init wrote) is never published.
  const config = readConfig(io, dataDir, problems, configNotes, { refuseDraft: true });
  readNotes(configNotes);
  const policyDir = path.join(dataDir, "policy");
  const policyFiles: SourceFile[] = [];
  if (io.isDirectory(policyDir)) {
    for (const f of listInput(io, policyDir, problems).filter((n) => n.toLowerCase().endsWith(".md"))) {
      const input = readInput(io, path.join(policyDir, f), dataDir);
      if ("problem" in input) problems.push(input.problem);
      else {
        if (input.note) readNotes([input.note]);
        policyFiles.push({ path: path.join(policyDir, f), text: input.text });
      }
    }
  }
  const policy: PolicySection[] = validatePolicy(policyFiles, problems);
  // The reviewed allow-list of the identifier scan: phrases not flagged in that exact form.
  let allowList: string[] = [];
  const allowFile = path.join(dataDir, ALLOW_LIST_FILE);
  if (present(io, allowFile)) {
    const input = readInput(io, allowFile, dataDir);
    if ("problem" in input) problems.push(input.problem);
    else {
      if (input.note) readNotes([input.note]);
      allowList = parseAllowList(input.text);
    }
  }
  if (policyFiles.length === 0) notes.push("No policy text (policy/*.md): the site will have no policy pages.");
  // The district outlines for the map, checked against the configured districts.
  const boundaries = config ? readBoundaries(io, dataDir, config, problems, readNotes) : null;
  if (boundaries) log.info(`${"boundaries".padEnd(10)} ${boundaries.districts.length} district outlines from ${boundaries.source}`);
  if (config && !boundaries && !config.boundaries) notes.push(`No district boundaries (${boundariesSource(config).file}): the site will have no district map.`);

  // Parse and validate each table, file by file, row by row, so only one file's text is in memory
  // at a time and no row outlives its validation. Tables are validated in order, so that references
  // (a subject's incident_id) resolve to rows of tables already validated. On a large input some
  // tables are validated on a helper thread meanwhile; whichever thread validates a table, its
  // problems, notes and identifier values are taken in table order, as one thread would find them.
  const plan = TABLE_NAMES.map((table) => {
    const dir = opts.imported?.tables.includes(table) ? opts.imported.dir : dataDir;
    return { table, dir, files: tableFiles(io, dir, table, problems) };
  });
  const readerOf = (dir: string) => (file: string) => readInput(io, file, dir);
  const helperPlan = plan.filter((p) => HELPER_TABLES.includes(p.table));
  const useHelper = opts.helperThread ?? helperPlan.reduce((n, p) => n + p.files.reduce((m, f) => m + io.size(f), 0), 0) >= HELPER_MIN_BYTES;
  // The thread reads the files itself, which only the real file system allows.
  const helper = useHelper && io === diskIo ? startHelper(helperPlan) : null;
  const results = {} as { [K in TableName]: TableResult<CanonicalRow[K]> };
  const validated = {} as Record<TableName, ValidatedTable>;
  const indexer = new IdentifierIndexer();
  let rowsRead = 0;
  const tParse = performance.now();
  try {
    // Identifier values of the tables after the helper's, joined after its values.
    const later = identifierValues();
    for (const { table, dir, files } of plan) {
      if (helper && HELPER_TABLES.includes(table)) continue;
      const after = helper !== null && TABLE_NAMES.indexOf(table) > TABLE_NAMES.indexOf(HELPER_TABLES[0]);
      validated[table] = validateTableFiles(table, files, readerOf(dir), results, after ? later : ids, [], (rows) => {
        rowsRead += rows;
        log.progress("validate", rowsRead, rowsRead);
      });
      results[table] = validated[table].result as never;
    }
    if (helper) {
      // While the helper thread finishes: the identifier values found so far are indexed for the scan.
      indexer.addOthers(ids.others);
      let taken: ValidatedTable[] = [];
      try {
        taken = helper.take(results, ids);
      } catch (e) {
        if (!(e instanceof ThreadUnavailable)) throw e;
        // Its tables are validated here instead, after incidents and before the tables that follow.
        for (const { table, dir, files } of helperPlan) {
          const v = validateTableFiles(table, files, readerOf(dir), results, ids);
          results[table] = v.result as never;
          taken.push(v);
        }
      }
      for (const v of taken) {
        resolvePending(v.result, results);
        validated[v.result.name] = v;
        rowsRead += v.result.read;
      }
      appendIdentifierValues(ids, later);
      log.progress("validate", rowsRead, rowsRead);
    }
  } finally {
    helper?.stop();
  }
  const tableHeaders = Object.fromEntries(TABLE_NAMES.map((t) => [t, [] as string[][]])) as Record<TableName, string[][]>;
  for (const { table, dir, files } of plan) {
    const v = validated[table];
    if (files.length === 0 && TABLES[table].required) {
      problems.push({ file: path.join(dir, table), line: null, column: null, field: null, value: null, expected: `the ${table} table (${table}.csv or ${table}/*.csv)`, fix: "add the table's CSV file(s) to the data folder" });
    }
    for (const p of v.problems) problems.push(p);
    readNotes(v.notes);
    checkColumnsAcrossFiles(table, v.files, problems);
    for (const f of v.files) {
      if (f.rows === 0 && v.result.read > 0) notes.push(`${f.path} has a header and no rows; the other files of ${table} were read.`);
      headers.set(f.path, f.header);
      tableHeaders[table].push(f.header);
      for (const line of f.repeatedHeaders) notes.push(`${f.path}:${line}: a repeated header row was skipped.`);
    }
    // A required table read with no rows would publish an empty site over the last one.
    const read = v.files.filter((f) => f.header.length > 0);
    if (TABLES[table].required && read.length > 0 && read.length === files.length && v.result.read === 0) {
      for (const f of read) {
        problems.push({ file: f.path, line: null, column: null, field: null, value: null, expected: `data rows below the header (${table} is a required table, and none of its files has a row)`, fix: `export the ${table} again with its rows; the previous site stays as it is until then` });
      }
    }
  }
  for (const u of TABLE_NAMES.flatMap((t) => results[t].unknownColumns)) notes.push(`${u.file}: column "${u.column}" is not in the canonical schema; it was dropped and is not published.`);
  log.info(`${"validate".padEnd(10)} ${rowsRead.toLocaleString("en-US")} rows in ${headers.size} files, ${problems.length} problem(s) (${((performance.now() - tParse) / 1000).toFixed(2)} s)`);

  const fail = (rejected: Rejection[], reconciliation: Reconciliation[]): never => {
    opts.log.info(`\n${problems.length.toLocaleString("en-US")} problem(s) found; nothing was published and ${opts.outDir} was left as it was.`);
    logProblems((l) => opts.log.info(l), problems);
    io.writeText(opts.reportPath, report(problems, rejected, reconciliation, notes));
    opts.log.info(`Full list: ${opts.reportPath}`);
    throw new InputError(problems, `${problems.length} problem(s) in ${dataDir}`);
  };
  if (!config) return fail(TABLE_NAMES.flatMap((t) => results[t].rejected), []);

  // Tables with a file not read (or a file not checked) do not blame the rows that refer to them.
  const unread = new Set(plan.filter((p) => p.files.length > validated[p.table].files.filter((f) => f.header.length > 0).length).map((p) => p.table));
  let checked: ReturnType<typeof crossCheck> | null = timed(log, "check", () => crossCheck(results, config, problems, headers, unread), (c) => `cross-table checks, ${c.rejected.length} row(s) rejected`);
  let data: CanonicalData | null = checked.data;
  const rejected = [...TABLE_NAMES.flatMap((t) => results[t].rejected), ...checked.rejected];
  const reconciliation: Reconciliation[] = TABLE_NAMES.map((t) => ({
    table: t,
    read: results[t].read,
    published: data![t].length,
    rejected: results[t].read - data![t].length,
  }));
  // Which fields this department reports, read from the headers and the rows that passed.
  const coverage = computeCoverage(Object.fromEntries(TABLE_NAMES.map((t): [TableName, TableCoverageInput] => [
    t, { headers: tableHeaders[t], columns: data![t].columns as unknown as TableCoverageInput["columns"], rows: data![t].length },
  ])) as Record<TableName, TableCoverageInput>, { singleValueFields: config.single_value_fields });
  for (const note of singleValueNotes(coverage)) {
    notes.push(note);
    log.info(`${"coverage".padEnd(10)} ${note}`);
  }
  // Rows read, and every one rejected (--allow-rejected): still no site without its required tables.
  // (Without --allow-rejected, or with a file-level problem, the run stops anyway.)
  for (const r of reconciliation) {
    if (!opts.allowRejected || problems.some((p) => !p.row) || !TABLES[r.table].required || r.read === 0 || r.published > 0) continue;
    const files = plan.find((p) => p.table === r.table)!.files;
    problems.push({ file: files.join(", "), line: null, column: null, field: null, value: null, expected: `at least one valid row in ${r.table} (a required table); all ${r.read} were rejected`, fix: "correct the rows listed, so that the site is not published empty" });
  }
  for (const r of reconciliation) {
    if (r.read === 0) continue;
    log.info(`${"rows".padEnd(10)} ${r.table.padEnd(18)} read ${r.read.toLocaleString("en-US")} = published ${r.published.toLocaleString("en-US")} + rejected ${r.rejected.toLocaleString("en-US")}`);
  }

  // The pseudonyms are hashed on another thread while the free text is scanned here. (A key too
  // short is refused by the anonymize stage, after the checks, as it always was.)
  const job = opts.key.length >= 16
    ? PseudonymJob.start(pseudonymPrefix(opts.key), (["incident", "subject", "officer", "complaint"] as const).map((kind) => ({ kind, ids: idColumn(data!, kind) })))
    : null;
  let pub: PublishedData;
  try {
    const known = indexIdentifiers(ids, indexer, allowList);
    // Summaries a department does not publish are not scanned (anonymize leaves them out).
    const summaries = config.publish_summaries !== false;
    const hits = timed(log, "scan", () => scanFreeText(data!, checked!.origins, known, headers, { summaries }), (h) => `free text scanned for identifiers, ${h.length} hit(s)`);
    problems.push(...hits);
    // File-level problems, identifier hits, and (unless allowed) rejected rows stop the run.
    if (problems.some((p) => !p.row) || hits.length > 0 || (rejected.length > 0 && !opts.allowRejected)) {
      if (rejected.length > 0 && !opts.allowRejected) notes.push("Rows were rejected. Fix them, or run with --allow-rejected to publish the valid rows and list the rejected ones.");
      return fail(rejected, reconciliation);
    }
    if (rejected.length > 0) {
      log.info(`${rejected.length} rejected row(s) left out (--allow-rejected):`);
      for (const r of rejected) log.info(`  ${r.file}:${r.line} (${r.table}): ${r.reasons.join("; ")}`);
    }

    pub = timed(log, "anonymize", () => {
      const [incident, subject, officer, complaint] = job ? job.take() : [];
      return anonymize(data!, config, opts.key, { incident, subject, officer, complaint });
    }, (p) => `${p.incidents.length.toLocaleString("en-US")} incidents, ${p.subjects.length.toLocaleString("en-US")} subjects pseudonymized`);
  } finally {
    job?.stop();
  }
  // The canonical ids are not needed past this point (published columns share the rest); let them go.
  for (const t of TABLE_NAMES) {
    results[t].table = null;
    results[t].builders = [];
  }
  checked = null;
  data = null;
  // The first and last incidents' dates as recorded: where the data starts and ends (for a part
  // year), read before disclosure control generalises dates.
  // Dates known only to the year say nothing about where in the year the records begin or end.
  let lastDate = "";
  let firstDate = "";
  const dateCol = pub.incidents.columns.date as DictColumn<string>;
  for (const d of dateCol.values) {
    if (d === null || d.length < 7) continue;
    if (d > lastDate) lastDate = d;
    if (firstDate === "" || d < firstDate) firstDate = d;
  }
  const dateKnown = dateKnownByYear(dateCol, pub.incidents.length);
  // Disclosure control: from here on, everything published is computed from the protected records.
  const guarded = timed(log, "protect", () => protect(pub, config), (p) => protectionLines(p.report)[0]);
  pub = guarded.data;
  const protection = protectionLines(guarded.report);
  for (const line of protection.slice(1)) log.info(`${"protect".padEnd(10)} ${line}`);
  notes.push(...protection.map((l) => `Disclosure control: ${l}`));
  const agg = timed(log, "aggregate", () => aggregate(pub, config, policy, coverage, guarded.report, lastDate, firstDate, dateKnown), (a) => `${Object.keys(a.tables).length} figure tables, ${a.meta.years.length} years`);
  // No figure may count fewer than k people by the details the model protects (a fault here is the kit's, not the data's).
  const broken = auditFigures(agg, guarded.report);
  if (broken.length > 0) throw new Error(`disclosure control: figures below k (nothing was published):\n  ${broken.slice(0, 20).join("\n  ")}`);
  const outputs = formatOutputs(pub, agg, config, policy, boundaries);
  // Once every file is written, the release stage compares this release with the last one in the
  // department's history and adds the change list, the README, the bundles and the earlier releases.
  const stage = (tmp: string) => releaseStage(tmp, { dataDir, outDir: opts.outDir, config, meta: agg.meta, keyCheck: opts.keyCheck ?? null, dataUrl: dataPageUrl(), log });
  let written: { files: number; bytes: number };
  try {
    written = timed(log, "write", () => io.replaceFolder(opts.outDir, opts.keyCheck ? withFile(outputs, KEY_CHECK_FILE, checkText(opts.keyCheck)) : outputs, stage), (w) => `${w.files} files, ${(w.bytes / 1e6).toFixed(1)} MB, into ${opts.outDir}`);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    problems.push(...e.problems);
    return fail(rejected, reconciliation);
  }
  const { files: fileCount, bytes } = written;
  io.writeText(opts.reportPath, report(problems, rejected, reconciliation, notes));
  log.info(`done in ${((performance.now() - t0) / 1000).toFixed(2)} s; report: ${opts.reportPath}`);
  return { reconciliation, rejected, files: fileCount, bytes };
}
