// The dispatch export: one row per call for service, read in pieces (it may hold millions of
// calls) through the mapping's `calls` section and counted by month, district and call type into
// calls_for_service.csv. Every row is used, filtered (with its reason) or rejected (with its problem).
import { isAscii, isUtf8 } from "node:buffer";
import path from "node:path";
import { csvFormatRow, dsvFormat } from "d3-dsv";
import { CALL_ORIGIN, type CallsSpec, type PresentSpec } from "../../src/lib/schema/callsMapping.ts";
import type { DepartmentConfig } from "../../src/lib/schema/config.ts";
import { date, flag, metaOf, oneOf } from "../../src/lib/schema/fields.ts";
import type { FieldSpec } from "../../src/lib/schema/mapping.ts";
import { callsInput } from "../../src/lib/schema/tables.ts";
import { CALL_TYPE } from "../../src/lib/schema/vocab.ts";
import { windows1252 } from "../pipeline/encoding.ts";
import type { Io } from "../pipeline/io.ts";
import type { Problem } from "../pipeline/problems.ts";
import { isInside, readError, staysInside } from "../pipeline/read.ts";
import { compileField, defineTarget, HeaderIndex, ImportStats, looseLabel, MappingError, markerTest, type Evaluated, type FieldReader } from "./fields.ts";

// The dispatch export's fields, as targets compileField knows.
defineTarget("calls.time", metaOf(date("Day the call was received.", { required: true })));
defineTarget("calls.call_type", metaOf(callsInput.shape.call_type));
defineTarget("calls.district", metaOf(callsInput.shape.district));
defineTarget("calls.origin", metaOf(oneOf(CALL_ORIGIN, "How the call came in.")));
defineTarget("calls.dispatched", metaOf(flag("Whether an officer was dispatched to the call.")));

/** Rows of one dispatch file: read = used + filtered + rejected; repeated header rows are not data rows. */
export interface CallsFileCount {
  file: string;
  read: number;
  used: number;
  filtered: number;
  rejected: number;
  repeatedHeaders: number;
}

/** One row of calls_for_service.csv. */
export interface CallsRow {
  period: string;
  call_type: string;
  district: string;
  calls_911: number | null;
  calls_dispatched: number;
}

/** What counting a dispatch export gives. */
export interface CallsResult {
  files: CallsFileCount[];
  /** The canonical table, by period, call type (vocabulary order) and district (config order). */
  rows: CallsRow[];
  /** Whether the export says which calls came through 911 (calls_911 is not reported otherwise). */
  has911: boolean;
  /** Rows left out of the counts, by reason (in the order first met), with the first line of each. */
  filtered: Map<string, { rows: number; first: string }>;
  /** Calls counted: dispatched, and through 911. */
  dispatched: number;
  calls911: number;
  /** Calls whose type was blank, counted as unknown. */
  blankCallType: number;
  /** Calls counted whose origin was blank (so not counted as 911 calls). */
  blankOrigin: number;
  stats: ImportStats;
  /** Columns of the export no field or filter reads. */
  unused: { file: string; column: string }[];
  notes: string[];
}

/** What counting needs from the import. */
export interface CallsInput {
  spec: CallsSpec;
  mappingFile: string;
  lineOf: (where: string) => number | null;
  /** The folder the export files must be in. */
  sourceRoot: string;
  config: DepartmentConfig;
  /** Problems that stop the import (the mapping, unreadable files). */
  problems: Problem[];
  /** Rows rejected, one problem for each kind of mistake (column, value and what was expected). */
  rejected: Problem[];
  /** Check the mapping against the header only (the import already cannot go on): no row is read. */
  checkOnly?: boolean;
  /**
   * The whole years the force records cover (first and last incident year). Where config.json
   * does not give data_from or data_through, calls outside them are left out: a year of calls
   * with no force records would read as a year with no force.
   */
  recordYears?: { first: number; last: number } | null;
}

/** Bytes read at a time: the export never exists whole in memory. */
const CHUNK = 8 << 20;
/** Kinds of rejected rows kept in detail; more are counted in one line. */
const REJECT_KINDS = 1000;

/** The reasons rows are left out, as the report writes them. */
const OUT = {
  officer: "officer-initiated (origin officer_initiated): never a dispatched call",
  notDispatched: "no officer dispatched and not a 911 call",
  before: (from: string) => `received before ${from} ("data_from" in config.json): outside this release's period`,
  beforeRecords: (from: string) => `received before ${from}, the first year of the force records (set "data_from" in config.json to say otherwise): outside this release's period`,
  after: (to: string, what: string) => `received after ${to} (${what}): outside this release's period`,
};

/** A stats object that tells whether a reader counted something (a label not mapped, a blank marker): such results are not memoised. */
class TouchStats extends ImportStats {
  touched = false;
  override countUnmapped(target: string, column: string, mode: "reject" | "blank", label: string): void {
    this.touched = true;
    super.countUnmapped(target, column, mode, label);
  }
  override countBlank(column: string, marker: string): void {
    this.touched = true;
    super.countBlank(column, marker);
  }
}

/**
 * A one-column reader whose answers are remembered by cell: labels repeat across millions of calls,
 * so each distinct label is mapped once and later rows allocate nothing.
 */
function memoised(read: FieldReader, col: number, stats: TouchStats): FieldReader {
  const memo = new Map<string, Evaluated>();
  return (row) => {
    const cell = row[col];
    if (cell === undefined) return read(row);
    const hit = memo.get(cell);
    if (hit !== undefined) return hit;
    stats.touched = false;
    const e = read(row);
    // Copied: a cell cut from the text would keep the whole piece of the file in memory.
    if (!stats.touched && !e.issue && memo.size < 50_000) memo.set((" " + cell).slice(1), e);
    return e;
  };
}

/** Counts the calls of a dispatch export; null when the mapping or a file stops the import (problems say why). */
export function importCalls(io: Io, input: CallsInput): CallsResult | null {
  const { spec, config, problems, rejected } = input;
  const before = problems.length;
  const stats = new TouchStats();
  const files: CallsFileCount[] = [];
  const filtered = new Map<string, { rows: number; first: string }>();
  const unused: { file: string; column: string }[] = [];
  const notes: string[] = [];
  const rejectKinds = new Map<string, { p: Problem; rows: number }>();
  let rejectOverflow = 0;

  const districtIndex = new Map(config.districts.map((d, i) => [d.code, i]));
  const callTypes = Object.keys(CALL_TYPE);
  const typeIndex = new Map(callTypes.map((c, i) => [c, i]));
  const nd = config.districts.length;
  const nc = callTypes.length;
  // Counts by (month, district, call type), as one number: ((year * 12 + month - 1) * nd + district) * nc + type.
  const slotOf = new Map<number, number>();
  const dispatchedAt: number[] = [];
  const c911At: number[] = [];
  let blankCallType = 0;
  let blankOrigin = 0;
  const years = input.recordYears ?? null;
  const fromYears = !config.data_from && years !== null;
  const from = config.data_from ?? (years ? `${years.first}-01-01` : null);
  const yearEnd = years ? `${years.last}-12-31` : null;
  const toYears = !config.data_through && yearEnd !== null && yearEnd < config.released;
  const to = config.data_through ?? (toYears ? yearEnd! : config.released);
  const toWhat = config.data_through ? '"data_through" in config.json' : toYears ? "the end of the last year of the force records; set \"data_through\" in config.json to say otherwise" : '"released", the date of this release, in config.json';
  const has911 = spec.fields.origin !== undefined;

  const names = spec.files ?? [spec.file!];
  names.forEach((name, f) => {
    const fileWhere = spec.files ? `calls.files[${f}]` : "calls.file";
    if (!staysInside(name)) {
      problems.push({ file: input.mappingFile, line: input.lineOf(fileWhere), column: null, field: fileWhere, value: name, expected: "a file name inside the data folder", fix: "name the file relative to the data folder, without .." });
      return;
    }
    countFile(path.join(input.sourceRoot, name));
  });
  if (problems.length > before || input.checkOnly) return null;

  for (const k of rejectKinds.values()) {
    if (k.rows > 1) k.p.expected += ` (${k.rows.toLocaleString("en-US")} rows like this; the first is on this line)`;
    rejected.push(k.p);
  }
  if (rejectOverflow > 0) {
    rejected.push({ file: files.map((x) => x.file).join(", "), line: null, column: null, field: null, value: null, expected: `rows that can be counted; ${rejectOverflow.toLocaleString("en-US")} more row(s) were rejected for other reasons (only the first ${REJECT_KINDS} kinds are listed)`, fix: "correct the kinds listed first, then import again", row: true });
  }

  const rows: CallsRow[] = [];
  const keys = [...slotOf.keys()].sort((a, b) => {
    const [ma, ra] = [Math.floor(a / (nd * nc)), a % (nd * nc)];
    const [mb, rb] = [Math.floor(b / (nd * nc)), b % (nd * nc)];
    // Month, then call type in the vocabulary's order, then district in config.json's order.
    return ma - mb || (ra % nc) - (rb % nc) || Math.floor(ra / nc) - Math.floor(rb / nc);
  });
  let dispatched = 0;
  let calls911 = 0;
  for (const key of keys) {
    const slot = slotOf.get(key)!;
    const month = Math.floor(key / (nd * nc));
    const rest = key % (nd * nc);
    rows.push({
      period: `${String(Math.floor(month / 12)).padStart(4, "0")}-${String((month % 12) + 1).padStart(2, "0")}`,
      call_type: callTypes[rest % nc],
      district: config.districts[Math.floor(rest / nc)].code,
      calls_911: has911 ? c911At[slot] : null,
      calls_dispatched: dispatchedAt[slot],
    });
    dispatched += dispatchedAt[slot];
    calls911 += c911At[slot];
  }
  if (!from) notes.push("Calls are counted from the first day of the dispatch export: config.json has no \"data_from\" to mark where this release's period begins.");
  else if (fromYears) notes.push(`Calls are counted from ${from}, the start of the first year of the force records: config.json has no "data_from".`);
  return { files, rows, has911, filtered, dispatched, calls911, blankCallType, blankOrigin, stats, unused, notes };

  /** Counts one file's rows. */
  function countFile(file: string): void {
    const count: CallsFileCount = { file, read: 0, used: 0, filtered: 0, rejected: 0, repeatedHeaders: 0 };
    const leftOut = (reason: string, line: number) => {
      count.filtered++;
      const e = filtered.get(reason);
      if (e) e.rows++;
      else filtered.set(reason, { rows: 1, first: `${path.basename(file)}:${line}` });
    };
    let headerNames: string[] = [];
    const reject = (line: number, col: number, value: string, expected: string, fix: string) => {
      count.rejected++;
      const key = `${file}\u0000${col}\u0000${value}\u0000${expected}`;
      const k = rejectKinds.get(key);
      if (k) k.rows++;
      else if (rejectKinds.size < REJECT_KINDS) rejectKinds.set(key, { p: { file, line, column: col >= 0 ? col + 1 : null, field: headerNames[col] ?? null, value, expected, fix, row: true }, rows: 1 });
      else rejectOverflow++;
    };

    const summary = streamPieces(io, file, input.sourceRoot, spec.delimiter ?? ",", (header) => {
      headerNames = header;
      const index = new HeaderIndex(header);
      const used = new Set<number>();
      const ctx = { header: index, sourceBlank: spec.blank ?? [], timezone: config.timezone, stats, used };
      const mapProblem = (where: string, expected: string, fix: string) =>
        problems.push({ file: input.mappingFile, line: input.lineOf(where), column: null, field: where, value: null, expected: `${expected} (in ${path.basename(file)})`, fix });
      const compile = (name: "time" | "call_type" | "district" | "origin" | "dispatched", s: FieldSpec | undefined): FieldReader | null => {
        if (!s) return null;
        const where = `calls.fields.${name}`;
        try {
          const read = compileField(`calls.${name}`, s, ctx, where);
          // Only a reader of one cell can be remembered by that cell; dates differ call by call.
          return s.column !== undefined && s.format === undefined && s.split === undefined ? memoised(read, index.indexOf(s.column), stats) : read;
        } catch (e) {
          if (!(e instanceof MappingError)) throw e;
          mapProblem(e.where, e.expected, e.fix);
          return null;
        }
      };
      const time = compile("time", spec.fields.time);
      const callType = compile("call_type", spec.fields.call_type);
      const district = compile("district", spec.fields.district);
      const origin = compile("origin", spec.fields.origin);
      const d = spec.fields.dispatched;
      const presentCols: number[] = [];
      let dispatchedRead: FieldReader | null = null;
      if ("present" in d) {
        const cols = typeof (d as PresentSpec).present === "string" ? [(d as PresentSpec).present as string] : ((d as PresentSpec).present as string[]);
        cols.forEach((c, i) => {
          const at = index.indexOf(c);
          if (at < 0) mapProblem(`calls.fields.dispatched.present${typeof (d as PresentSpec).present === "string" ? "" : `[${i}]`}`, `a column named "${c}" in the export's header (it has ${header.map((h) => `"${h}"`).join(", ")})`, "correct the column name");
          else {
            presentCols.push(at);
            used.add(at);
          }
        });
      } else dispatchedRead = compile("dispatched", d as FieldSpec);
      const isMarker = markerTest(new Set((spec.blank ?? []).map(looseLabel)));
      const isBlank = (cell: string | undefined) => cell === undefined || cell.trim() === "" || isMarker(cell);
      const rules = (spec.filter ?? []).flatMap((r, i) => {
        const at = index.indexOf(r.column);
        if (at < 0) {
          mapProblem(`calls.filter[${i}].column`, `a column named "${r.column}" in the export's header (it has ${header.map((h) => `"${h}"`).join(", ")})`, "correct the column name");
          return [];
        }
        used.add(at);
        const keep = r.keep !== undefined;
        const labels = new Set((r.keep ?? r.drop ?? []).map(looseLabel));
        const reason = `filter ${i + 1}: column "${header[at]}" ${keep ? "not one of" : "is one of"} ${(r.keep ?? r.drop ?? []).map((l) => `"${l}"`).join(", ")}${r.note ? ` (${r.note})` : ""}`;
        return [{ at, keep, labels, reason }];
      });
      header.forEach((h, i) => used.has(i) || unused.push({ file, column: h }));
      if (problems.length > before || input.checkOnly) return null;

      const timeCol = index.indexOf(spec.fields.time.column ?? "");
      const districtCol = index.indexOf(spec.fields.district.column ?? "");
      return (row, line) => {
        count.read++;
        for (const r of rules) {
          const cell = row[r.at];
          const hit = r.labels.has(isBlank(cell) ? "" : looseLabel(cell));
          if (hit !== r.keep) return leftOut(r.reason, line);
        }
        if (row.length !== header.length) return reject(line, Math.min(row.length, header.length) - 1, String(row.length), `${header.length} cells as in the header (got ${row.length}: shifted or broken row)`, "correct the row in the export");
        const t = time!(row);
        if (t.issue) return reject(line, t.issue.column, t.issue.value, t.issue.expected, t.issue.fix);
        const day = t.values[0];
        if (day === undefined) return reject(line, timeCol, "", "the day the call was received (calls.fields.time)", "fill it in the export, or leave the row out with a filter");
        if (from !== null && day < from) return leftOut(fromYears ? OUT.beforeRecords(from) : OUT.before(from), line);
        if (day > to) return leftOut(OUT.after(to, toWhat), line);
        const ct = callType!(row);
        if (ct.issue) return reject(line, ct.issue.column, ct.issue.value, ct.issue.expected, ct.issue.fix);
        const di = district!(row);
        if (di.issue) return reject(line, di.issue.column, di.issue.value, di.issue.expected, di.issue.fix);
        const o = origin ? origin(row) : null;
        if (o?.issue) return reject(line, o.issue.column, o.issue.value, o.issue.expected, o.issue.fix);
        let sent = false;
        if (dispatchedRead) {
          const e = dispatchedRead(row);
          if (e.issue) return reject(line, e.issue.column, e.issue.value, e.issue.expected, e.issue.fix);
          sent = e.values[0] === "yes";
        } else for (const c of presentCols) if (!isBlank(row[c])) sent = true;
        const code = di.values[0];
        if (code === undefined) return reject(line, districtCol, "", "a district (calls.fields.district)", 'fill it in the export, or map blank cells to a district code listed in config.json (e.g. first_of with {"value": "none"} last)');
        const dIdx = districtIndex.get(code);
        if (dIdx === undefined) return reject(line, districtCol, di.raw[0] ?? code, `a district listed in config.json (${[...districtIndex.keys()].join(", ")})`, `add "${code}" to config.json districts, or map the label in calls.fields.district.values`);
        const source = o?.values[0];
        if (source === "officer_initiated") return leftOut(OUT.officer, line);
        const is911 = source === "911";
        if (!sent && !is911) return leftOut(OUT.notDispatched, line);
        let type = ct.values[0];
        if (type === undefined) {
          type = "unknown";
          blankCallType++;
        }
        const year = +day.slice(0, 4);
        const month = +day.slice(5, 7);
        const key = ((year * 12 + month - 1) * nd + dIdx) * nc + typeIndex.get(type)!;
        let slot = slotOf.get(key);
        if (slot === undefined) {
          slotOf.set(key, (slot = dispatchedAt.length));
          dispatchedAt.push(0);
          c911At.push(0);
        }
        if (o !== null && source === undefined) blankOrigin++;
        if (sent) dispatchedAt[slot]++;
        if (is911) c911At[slot]++;
        count.used++;
      };
    });
    if ("problem" in summary) {
      problems.push(summary.problem);
      return;
    }
    if (summary.note) notes.push(`${summary.note}.`);
    count.repeatedHeaders = summary.repeatedHeaders.length;
    if (summary.repeatedHeaders.length) notes.push(`${file}: ${summary.repeatedHeaders.length} repeated header row(s) skipped (line ${summary.repeatedHeaders.slice(0, 10).join(", ")}${summary.repeatedHeaders.length > 10 ? ", ..." : ""}).`);
    files.push(count);
  }
}

/** calls_for_service.csv's text. */
export function callsCsv(r: CallsResult): string {
  const cols = ["period", "call_type", "district", ...(r.has911 ? ["calls_911"] : []), "calls_dispatched"];
  let text = csvFormatRow(cols) + "\n";
  for (const row of r.rows) text += csvFormatRow([row.period, row.call_type, row.district, ...(r.has911 ? [String(row.calls_911)] : []), String(row.calls_dispatched)]) + "\n";
  return text;
}

const n = (x: number) => x.toLocaleString("en-US");
const md = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** The log lines of a count. */
export function callsLog(r: CallsResult): string[] {
  const out = r.files.map((f) => `${path.basename(f.file)}: read ${n(f.read)} = used ${n(f.used)} + filtered ${n(f.filtered)} + rejected ${n(f.rejected)}${f.repeatedHeaders ? ` (${f.repeatedHeaders} repeated header row(s) skipped)` : ""}`);
  out.push(`counted ${n(r.dispatched)} dispatched call(s)${r.has911 ? ` and ${n(r.calls911)} 911 call(s)` : ""} in ${n(r.rows.length)} row(s) of calls_for_service.csv`);
  for (const u of r.stats.unmapped.values()) {
    const top = [...u.labels].sort((a, b) => b[1] - a[1]);
    out.push(`  ${u.target} <- "${u.column}", ${u.mode === "blank" ? "read as blank" : "rows rejected"}: ${top.slice(0, 5).map(([l, c]) => `"${l}" (${n(c)})`).join(", ")}${top.length > 5 ? `, and ${top.length - 5} more` : ""}`);
  }
  return out;
}

/** The import report's section on the dispatch export, in Markdown. */
export function callsReport(r: CallsResult | null, problemsOnly = false): string[] {
  if (!r) return [];
  const L = ["", "## Calls for service (dispatch export)", "", "Every row read is used (counted), filtered (left out, with the reason) or rejected (listed under Rejected rows).", "", "| file | rows read | used | filtered | rejected | repeated headers skipped |", "|---|---:|---:|---:|---:|---:|"];
  for (const f of r.files) L.push(`| ${md(path.basename(f.file))} | ${n(f.read)} | ${n(f.used)} | ${n(f.filtered)} | ${n(f.rejected)} | ${n(f.repeatedHeaders)} |`);
  if (!problemsOnly) {
    L.push("", `Counted: ${n(r.dispatched)} call(s) to which an officer was dispatched${r.has911 ? `, ${n(r.calls911)} call(s) received through 911` : "; calls_911 is not reported (the mapping has no origin field)"}, in ${n(r.rows.length)} row(s) of calls_for_service.csv.`);
    if (r.blankCallType) L.push("", `${n(r.blankCallType)} counted call(s) had no call type and are counted as unknown.`);
    if (r.blankOrigin) L.push("", `${n(r.blankOrigin)} counted call(s) had no origin: they are not among the 911 calls, which may therefore be undercounted.`);
  }
  L.push("", "### Rows filtered", "");
  if (r.filtered.size === 0) L.push("None.");
  for (const [reason, e] of r.filtered) L.push(`- ${md(reason)}: ${n(e.rows)} row(s), the first at ${md(e.first)}`);
  const unmapped = [...r.stats.unmapped.values()];
  L.push("", `### Labels not in the mapping (${unmapped.reduce((s, u) => s + u.labels.size, 0)})`, "");
  if (!unmapped.length) L.push("None: every label found is mapped.");
  for (const u of unmapped) {
    L.push(`- **${u.target}** from column "${md(u.column)}" (${u.mode === "blank" ? "read as blank" : "rows rejected"}):`);
    for (const [label, c] of [...u.labels].sort((a, b) => b[1] - a[1])) L.push(`  - "${md(label)}": ${n(c)} row(s)`);
  }
  if (r.stats.blanks.size) {
    L.push("", "### Blank markers read as no value", "");
    for (const [col, m] of r.stats.blanks) L.push(`- "${md(col)}": ${[...m].map(([k, c]) => `"${md(k)}" ${n(c)}`).join(", ")}`);
  }
  L.push("", `### Columns not used (${r.unused.length})`, "", "Only counts leave the dispatch export: these columns are never read.", "");
  for (const u of r.unused) L.push(`- "${md(u.column)}" (${path.basename(u.file)})`);
  if (r.notes.length) L.push("", "### Notes", "", ...r.notes.map((x) => `- ${x}`));
  return L;
}

/** What streaming a file in pieces leaves. */
type Streamed = { header: string[]; rows: number; repeatedHeaders: number[]; note: string | null } | { problem: Problem };

/** Receives one data row's cells and the line it starts on. */
type Visitor = (cells: string[], line: number) => void;

/**
 * Reads a delimited file in pieces cut at line ends outside quotes, decoding each (ASCII, UTF-8, or
 * else Windows-1252 with a note), and hands each data row to the visitor start() returns for the
 * header (null: stop reading). Blank lines and repeated header rows are skipped, as parse.ts does.
 */
export function streamPieces(io: Io, file: string, root: string, delimiter: string, start: (header: string[]) => Visitor | null): Streamed {
  const problem = (expected: string, fix: string) => ({ problem: { file, line: null, column: null, field: null, value: null, expected, fix } });
  let chunks: Iterable<Uint8Array>;
  try {
    const kind = io.kind(file);
    if (kind !== "file") return problem(`a regular file (the dispatch export); found ${kind === "missing" ? "nothing" : `a ${kind}`}`, "put the export in place, or correct calls.file in mapping.json");
    if (!isInside(io.realPath(file), io.realPath(root))) return problem(`a file inside ${root}; this is a symbolic link leading out of it`, `copy the file into ${root} instead of linking to it`);
    chunks = io.readChunks ? io.readChunks(file, CHUNK) : [io.readBytes(file)];
  } catch (e) {
    return readError(file, e);
  }
  const parser = dsvFormat(delimiter);
  let header: string[] | null = null;
  let headerKey = "";
  let visit: Visitor | null = null;
  let stopped = false;
  let line = 1;
  let rows = 0;
  const repeatedHeaders: number[] = [];
  let note: string | null = null;
  let nonUtf8 = 0;
  let firstPiece = true;
  let quoted = true;

  const eachRow = (row: string[]) => {
    if (stopped) return null;
    let extra = 0;
    if (quoted) for (const c of row) if (c.length > 0 && c.includes("\n")) for (let i = c.indexOf("\n"); i !== -1; i = c.indexOf("\n", i + 1)) extra++;
    if (header === null) {
      header = row.map((h) => (" " + h.replace(/^\uFEFF/, "").trim()).slice(1));
      headerKey = header.join("\u0000");
      visit = start(header);
      if (visit === null) stopped = true;
    } else if (!(row.length === 1 && row[0].trim() === "")) {
      if (row.length === header.length && headerKey.startsWith(row[0].trim()) && row.map((c) => c.trim()).join("\u0000") === headerKey) repeatedHeaders.push(line);
      else {
        rows++;
        visit!(row, line);
      }
    }
    line += 1 + extra;
    return null;
  };
  const take = (bytes: Buffer) => {
    let text: string;
    if (isAscii(bytes)) text = bytes.toString("latin1");
    else if (isUtf8(bytes)) text = bytes.toString("utf8");
    else {
      text = windows1252(bytes);
      nonUtf8++;
    }
    // Only a quoted cell can hold a line break: in a piece with no quote at all, none does.
    quoted = text.includes('"');
    parser.parseRows(text, eachRow);
  };

  let carry: Buffer = Buffer.alloc(0);
  try {
    for (const chunk of chunks) {
      let bytes = Buffer.concat([carry, chunk]);
      if (firstPiece) {
        firstPiece = false;
        if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return problem("a UTF-8 (or ASCII) file; this one is UTF-16", "save the file again as UTF-8 (in Excel: Save As, \"CSV UTF-8\")");
        if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      }
      const cut = lastLineEnd(bytes);
      if (cut < 0) {
        carry = bytes;
        continue;
      }
      take(bytes.subarray(0, cut + 1));
      // Copied: the chunk's buffer is reused for the next read.
      carry = Buffer.from(bytes.subarray(cut + 1));
      if (stopped) break;
    }
    if (!stopped && carry.length > 0) take(carry);
  } catch (e) {
    return readError(file, e);
  }
  if (header === null) start([]);
  if (nonUtf8 > 0) note = `${file} is not UTF-8 throughout; ${nonUtf8} piece(s) of it read as Windows-1252`;
  return { header: header ?? [], rows, repeatedHeaders, note };
}

/** The position of the last line feed outside quotes (pieces start at a row's start), or -1. */
function lastLineEnd(b: Buffer): number {
  let inQuote = false;
  let at = 0;
  // The last stretch outside quotes that holds a line feed, and its end.
  let segStart = -1;
  let segEnd = -1;
  for (;;) {
    const q = b.indexOf(0x22, at);
    const end = q < 0 ? b.length : q;
    if (!inQuote) {
      const nl = b.indexOf(0x0a, at);
      if (nl >= 0 && nl < end) [segStart, segEnd] = [at, end];
    }
    if (q < 0) break;
    inQuote = !inQuote;
    at = q + 1;
  }
  if (segStart < 0) return -1;
  return b.lastIndexOf(0x0a, segEnd - 1);
}
