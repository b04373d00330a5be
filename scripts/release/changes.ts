// What changed between two releases: records added, withdrawn and revised
// per published table, incidents whose citable page moved, and every published figure total
// that moved. Reads both releases' files a piece at a time, so a table of a million rows is
// never held as one string; the output is deterministic (sorted keys, stable order).

import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { csvParseRows } from "d3-dsv";
import { monthOf, monthPath } from "../../src/lib/incidents.ts";
import type { Changes, Move, PseudonymContinuity, RecordRevision, TableChanges, TotalMoved, YearRevision } from "../../src/lib/releases.ts";
import { AGE_BAND_WIDER, ANOTHER_CATEGORY, SERVICE_BAND_WIDER, WITHHELD, dateLevelOf } from "../../src/lib/schema/disclosure.ts";

/**
 * A release's files, read in pieces. `lines(path)` gives the file's "\n"-separated lines (a CSV
 * record may span several when a quoted cell holds a newline), or null when the release has no
 * such file; it may be called more than once for the same path and must start over each time.
 */
export interface ReleaseText {
  paths(): string[];
  lines(path: string): Iterable<string> | null;
}

export interface CompareContext {
  version: string;
  released: string;
  notes: string;
  previous: { version: string; released: string } | null;
  pseudonyms: PseudonymContinuity;
}

/** A published table compared by key, in download order. */
interface TableSpec {
  table: string;
  path: string;
  key: string[];
  /** The column naming the incident a row belongs to, if any. */
  incident?: string;
}

const RECORD_TABLES: TableSpec[] = [
  { table: "incidents", path: "incidents.csv", key: ["incident"], incident: "incident" },
  { table: "subjects", path: "subjects.csv", key: ["subject"], incident: "incident" },
  { table: "force_uses", path: "force_uses.csv", key: ["incident", "subject", "officer", "force_type"], incident: "incident" },
  { table: "officers", path: "officers.csv", key: ["officer", "incident"], incident: "incident" },
  { table: "complaints", path: "complaints.csv", key: ["complaint"], incident: "incident" },
];
const COUNT_TABLES: TableSpec[] = [
  { table: "calls_for_service", path: "calls_for_service.csv", key: ["period", "call_type", "district"] },
  { table: "arrests", path: "arrests.csv", key: ["period", "district"] },
  { table: "population", path: "population.csv", key: ["year", "district", "race_ethnicity"] },
  { table: "training", path: "training.csv", key: ["year"] },
];
const TABLES = [...RECORD_TABLES, ...COUNT_TABLES];

// ---------------------------------------------------------------------------------------------
// Reading CSV a batch of records at a time

const BATCH_RECORDS = 2000;

/**
 * The rows of a CSV given as lines, header first. Lines are gathered into whole records by
 * counting quote marks (an escaped quote "" counts twice, so an odd count opens or closes a
 * quoted cell), and parsed by d3-dsv a batch of complete records at a time.
 */
export function* csvRows(lines: Iterable<string>): Generator<string[]> {
  let batch: string[] = [];
  let open = false;
  let record = "";
  let started = false;
  const flush = function* (): Generator<string[]> {
    if (batch.length === 0) return;
    for (const row of csvParseRows(batch.join("\n"))) yield row;
    batch = [];
  };
  for (const line of lines) {
    let quotes = 0;
    for (let i = line.indexOf('"'); i !== -1; i = line.indexOf('"', i + 1)) quotes++;
    record = started ? `${record}\n${line}` : line;
    started = true;
    if (quotes % 2 === 1) open = !open;
    if (open) continue;
    // A blank line outside a quoted cell (the file's last newline) is no record.
    if (record !== "") batch.push(record);
    record = "";
    started = false;
    if (batch.length >= BATCH_RECORDS) yield* flush();
  }
  if (started && record !== "") batch.push(record);
  yield* flush();
}

/** Text given in pieces, as its "\n"-separated lines (a piece may end inside a line). */
export function* linesOfPieces(pieces: Iterable<string>): Generator<string> {
  let rest = "";
  let any = false;
  for (const piece of pieces) {
    any = true;
    const parts = (rest + piece).split("\n");
    rest = parts.pop()!;
    yield* parts;
  }
  if (any) yield rest;
}

/** A table's header and its rows, or null when the release lacks it. */
function readTable(text: ReleaseText, path: string): { header: string[]; rows: Iterable<string[]> } | null {
  const lines = text.lines(path);
  if (!lines) return null;
  const it = csvRows(lines)[Symbol.iterator]();
  const first = it.next();
  const header = first.done ? [] : first.value;
  return { header, rows: { [Symbol.iterator]: () => it } };
}

function readWhole(text: ReleaseText, path: string): string | null {
  const lines = text.lines(path);
  if (!lines) return null;
  const parts: string[] = [];
  for (const l of lines) parts.push(l);
  return parts.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Revision or protection

/** The first and last day a published date (day, week, month, quarter or year) may stand for, as YYYY-MM-DD. */
function dateSpan(value: string): [string, string] | null {
  if (!/^\d{4}(-(\d{2}(-\d{2})?|W\d{2}|Q\d))?$/.test(value)) return null;
  const y = Number(value.slice(0, 4));
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const utc = (m: number, d: number) => Date.UTC(y, m, d);
  switch (dateLevelOf(value)) {
    case "day":
      return [value, value];
    case "week": {
      // Weeks count from 1 January, days 1 to 7 being W01 (disclosure.ts generaliseDate); the last one ends with the year.
      const w = Number(value.slice(6));
      const end = Math.min(utc(0, 1 + w * 7 - 1), utc(11, 31));
      return [day(utc(0, 1 + (w - 1) * 7)), day(end)];
    }
    case "month": {
      const m = Number(value.slice(5, 7)) - 1;
      return [day(utc(m, 1)), day(utc(m + 1, 0))];
    }
    case "quarter": {
      const q = Number(value.slice(6)) - 1;
      return [day(utc(q * 3, 1)), day(utc(q * 3 + 3, 0))];
    }
    case "year":
      return [`${y}-01-01`, `${y}-12-31`];
  }
}

function isDateColumn(column: string): boolean {
  return column === "date" || column.endsWith("_date");
}

/**
 * Whether a change of a published value is only a change in how much detail disclosure control
 * allowed: a value withheld or merged into "another category" on one side, a date shown at
 * another precision that still covers the same day, or an age or service band and the wider
 * band that contains it. Anything else between two values is a revision of the data.
 */
export function isProtectionChange(column: string, a: string, b: string): boolean {
  if (a === b) return false;
  if (a === WITHHELD || b === WITHHELD || a === ANOTHER_CATEGORY || b === ANOTHER_CATEGORY) return true;
  if (isDateColumn(column)) {
    const sa = dateSpan(a);
    const sb = dateSpan(b);
    // Different precisions whose days overlap: the same date shown more or less exactly.
    if (sa && sb && dateLevelOf(a) !== dateLevelOf(b) && sa[0] <= sb[1] && sb[0] <= sa[1]) return true;
    return false;
  }
  if (column === "age_band") return AGE_BAND_WIDER[a] === b || AGE_BAND_WIDER[b] === a;
  if (column === "service_band") return SERVICE_BAND_WIDER[a] === b || SERVICE_BAND_WIDER[b] === a;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Comparing one table by key

interface RowDiff {
  revised: Set<string>;
  protection: Set<string>;
  incident?: string;
}

interface TableResult {
  before: number;
  after: number;
  added: string[];
  withdrawn: string[];
  diffs: Map<string, RowDiff>;
}

/** Rows of a table with their keys: repeats of a key get "#2", "#3"... in the order given. */
function* keyedRows(table: { header: string[]; rows: Iterable<string[]> }, key: string[]): Generator<[string, string[]]> {
  const idx = key.map((k) => table.header.indexOf(k));
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const base = idx.map((i) => (i < 0 ? "" : (row[i] ?? ""))).join("|");
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    yield [n === 1 ? base : `${base}#${n}`, row];
  }
}

/**
 * force_uses has no unique key: a row's key is incident|subject|officer|force_type, and repeats
 * are numbered "#2", "#3"... after sorting them by their other cells, so that the numbering does
 * not depend on row order. A first pass counts each key; only repeated keys' rows are held.
 */
function forceUseRows(text: ReleaseText, path: string, key: string[]): typeof keyedRows {
  let counts: Map<string, number> | null = null;
  return function* (table) {
    const idx = key.map((k) => table.header.indexOf(k));
    const baseOf = (row: string[]) => idx.map((i) => (i < 0 ? "" : (row[i] ?? ""))).join("|");
    if (!counts) {
      counts = new Map();
      const t = readTable(text, path);
      if (t) for (const row of t.rows) {
        const b = baseOf(row);
        counts.set(b, (counts.get(b) ?? 0) + 1);
      }
    }
    const repeated = new Map<string, string[][]>();
    for (const row of table.rows) {
      const base = baseOf(row);
      if ((counts.get(base) ?? 1) === 1) {
        yield [base, row];
        continue;
      }
      const g = repeated.get(base);
      if (g) g.push(row);
      else repeated.set(base, [row]);
    }
    for (const base of [...repeated.keys()].sort(cmp)) {
      const rows = repeated.get(base)!.sort((x, y) => cmp(x.join("\u0000"), y.join("\u0000")));
      for (let n = 0; n < rows.length; n++) yield [n === 0 ? base : `${base}#${n + 1}`, rows[n]];
    }
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A 52-bit digest of a row's cells (two FNV-1a lanes over the cells and separators), compared
 * only with the digest of the same key's row in the other release: two different rows of one
 * key digest alike about once in 4.5e15. Far faster than a cryptographic hash per row, and a
 * number takes less memory than a digest string at a million rows.
 */
function rowHash(row: string[], cols: number[]): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ cols.length;
  for (const i of cols) {
    const cell = row[i] ?? "";
    for (let j = 0; j < cell.length; j++) {
      const c = cell.charCodeAt(j);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    a = Math.imul(a ^ 0xffff, 0x01000193);
    b = Math.imul(b ^ 0xffff, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
}

/**
 * Compares one table: a first pass keeps a hash of each previous row, a second finds the current
 * rows whose hash differs, and a third reads the previous rows again for just those to name the
 * fields that changed. Only columns both releases publish are compared.
 */
function compareTable(
  prev: ReleaseText,
  cur: ReleaseText,
  spec: TableSpec,
  onPrev?: (row: string[], header: string[]) => void,
  onCur?: (row: string[], header: string[]) => void,
): TableResult | null {
  const prevRows = spec.table === "force_uses" ? forceUseRows(prev, spec.path, spec.key) : keyedRows;
  const curRows = spec.table === "force_uses" ? forceUseRows(cur, spec.path, spec.key) : keyedRows;
  const p1 = readTable(prev, spec.path);
  const c1 = readTable(cur, spec.path);
  if (!p1 && !c1) return null;
  const pHeader = p1?.header ?? [];
  const cHeader = c1?.header ?? [];
  const common = cHeader.filter((c) => pHeader.includes(c) && !spec.key.includes(c));
  const pCols = common.map((c) => pHeader.indexOf(c));
  const cCols = common.map((c) => cHeader.indexOf(c));
  const pInc = spec.incident ? pHeader.indexOf(spec.incident) : -1;
  const cInc = spec.incident ? cHeader.indexOf(spec.incident) : -1;

  const prevHash = new Map<string, number>();
  if (p1) for (const [k, row] of prevRows(p1, spec.key)) {
    prevHash.set(k, rowHash(row, pCols));
    onPrev?.(row, pHeader);
  }
  const before = prevHash.size;
  const added: string[] = [];
  const changed = new Map<string, string[]>();

  let after = 0;
  if (c1) for (const [k, row] of curRows(c1, spec.key)) {
    after++;
    onCur?.(row, cHeader);
    const h = prevHash.get(k);
    if (h === undefined) added.push(k);
    else {
      // Matched: what is left in prevHash at the end was withdrawn.
      prevHash.delete(k);
      if (h !== rowHash(row, cCols)) changed.set(k, row);
    }
  }
  const withdrawn: string[] = [];
  for (const k of prevHash.keys()) withdrawn.push(k);
  const diffs = new Map<string, RowDiff>();
  if (changed.size > 0) {
    const p2 = readTable(prev, spec.path)!;
    for (const [k, old] of prevRows(p2, spec.key)) {
      const now = changed.get(k);
      if (!now) continue;
      const d: RowDiff = { revised: new Set(), protection: new Set() };
      const inc = cInc >= 0 ? now[cInc] : pInc >= 0 ? old[pInc] : "";
      if (inc) d.incident = inc;
      common.forEach((col, j) => {
        const a = old[pCols[j]] ?? "";
        const b = now[cCols[j]] ?? "";
        if (a === b) return;
        (isProtectionChange(col, a, b) ? d.protection : d.revised).add(col);
      });
      diffs.set(k, d);
    }
  }
  added.sort(cmp);
  withdrawn.sort(cmp);
  return { before, after, added, withdrawn, diffs };
}

/** Splits row differences into revised rows (with their revised fields) and protection-only rows. */
function revisionLists(diffs: Map<string, RowDiff>): { revised: RecordRevision[]; protection: RecordRevision[] } {
  const revised: RecordRevision[] = [];
  const protection: RecordRevision[] = [];
  for (const k of [...diffs.keys()].sort(cmp)) {
    const d = diffs.get(k)!;
    const real = d.revised.size > 0;
    const fields = [...(real ? d.revised : d.protection)].sort(cmp);
    if (fields.length === 0) continue;
    const r: RecordRevision = d.incident !== undefined ? { key: k, incident: d.incident, fields } : { key: k, fields };
    (real ? revised : protection).push(r);
  }
  return { revised, protection };
}

function countRows(text: ReleaseText, path: string): number {
  const t = readTable(text, path);
  if (!t) return 0;
  let n = 0;
  for (const _ of t.rows) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Figure totals

interface FigureColumn {
  key: string;
  label: string;
  type: string;
}
interface FigureJson {
  id: string;
  title: string;
  columns: FigureColumn[];
  rows: Record<string, string | number | null>[];
}

/** Columns that place a row in time, whatever their type. */
const TIME_COLUMNS = new Set(["year", "month", "period"]);
/** Numeric columns that are categories, not counts: a force level (force-level-mix, subject-injuries, force-types). */
const CODE_COLUMNS = new Set(["level"]);

/**
 * The columns that name a figure row (its dimensions): year, month and period; "level" (a force
 * level is a category code although it is a number); and every "string" column except the
 * words that go with a code (ending "_label" or "_name", e.g. district_name) and "note". Every
 * other "number" column is a published total. Across the 18 figure tables this names each row
 * uniquely (force-level-mix and subject-injuries need "level" to do so); a repeated row name is
 * numbered rather than merged.
 */
export function dimensionColumns(columns: readonly FigureColumn[]): string[] {
  return columns
    .filter((c) => TIME_COLUMNS.has(c.key) || CODE_COLUMNS.has(c.key) || (c.type === "string" && !c.key.endsWith("_label") && !c.key.endsWith("_name") && c.key !== "note"))
    .map((c) => c.key);
}

function figureIds(text: ReleaseText): string[] {
  return text
    .paths()
    .filter((p) => /^figures\/[^/]+\.json$/.test(p))
    .map((p) => p.slice("figures/".length, -".json".length))
    .sort(cmp);
}

function readFigure(text: ReleaseText, id: string): FigureJson | null {
  const s = readWhole(text, `figures/${id}.json`);
  return s === null ? null : (JSON.parse(s) as FigureJson);
}

function keyedFigureRows(fig: FigureJson, dims: string[]): Map<string, Record<string, string | number | null>> {
  const out = new Map<string, Record<string, string | number | null>>();
  for (const row of fig.rows) {
    const base = JSON.stringify(dims.map((d) => row[d] ?? null));
    let k = base;
    for (let n = 2; out.has(k); n++) k = `${base}#${n}`;
    out.set(k, row);
  }
  return out;
}

/**
 * Every numeric cell of a figure that moved. Rows only in one release are reported with from or
 * to null, except rows of a year the previous release did not cover (neither in its incidents
 * nor in this figure's own rows): a whole new year is a new year, not a moved total, and is
 * counted nowhere here.
 */
function compareFigure(prev: FigureJson, cur: FigureJson, coveredYears: Set<number>): TotalMoved[] {
  const dims = dimensionColumns(cur.columns);
  const hasYear = dims.includes("year");
  const values = cur.columns.filter((c) => c.type === "number" && !dims.includes(c.key));
  const prevCols = new Set(prev.columns.map((c) => c.key));
  const covered = new Set(coveredYears);
  if (hasYear) for (const r of prev.rows) if (typeof r.year === "number") covered.add(r.year);
  const p = keyedFigureRows(prev, dims);
  const c = keyedFigureRows(cur, dims);
  const out: TotalMoved[] = [];
  const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
  const yearOf = (row: Record<string, unknown>): number | null => (hasYear ? num(row.year) : null);
  const rowName = (row: Record<string, string | number | null>) => Object.fromEntries(dims.map((d) => [d, row[d] ?? null]));
  const push = (row: Record<string, string | number | null>, col: FigureColumn, from: number | null, to: number | null) =>
    out.push({ figure: cur.id, title: cur.title, row: rowName(row), column: col.key, label: col.label, year: yearOf(row), from, to });
  for (const [k, row] of c) {
    const old = p.get(k);
    if (!old) {
      const y = yearOf(row);
      if (hasYear && y !== null && !covered.has(y)) continue;
      for (const col of values) if (num(row[col.key]) !== null) push(row, col, null, num(row[col.key]));
      continue;
    }
    for (const col of values) {
      if (!prevCols.has(col.key)) continue;
      const a = num(old[col.key]);
      const b = num(row[col.key]);
      if (a !== b) push(row, col, a, b);
    }
  }
  for (const [k, row] of p) {
    if (c.has(k)) continue;
    for (const col of values) if (num(row[col.key]) !== null) push(row, col, num(row[col.key]), null);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The comparison

interface Place {
  year: number;
  district: string;
  date: string;
}

function pageOf(p: Place): string {
  return monthPath(p.year, p.district, monthOf(p.date));
}

function placeReader(header: string[]): (row: string[]) => [string, Place] {
  const i = header.indexOf("incident");
  const y = header.indexOf("year");
  const d = header.indexOf("district");
  const t = header.indexOf("date");
  return (row) => [row[i] ?? "", { year: Number(row[y]), district: row[d] ?? "", date: row[t] ?? "" }];
}

/**
 * What changed from `prev` to `cur`. With no previous release (or "first" pseudonyms) every list
 * is empty; with restarted pseudonyms records cannot be matched, so tables give only their row
 * counts and only figure totals are compared.
 */
export function compareReleases(prev: ReleaseText | null, cur: ReleaseText, ctx: CompareContext): Changes {
  const base = {
    format: 1 as const,
    version: ctx.version,
    released: ctx.released,
    notes: ctx.notes,
    previous: ctx.previous,
  };
  if (!prev || !ctx.previous || ctx.pseudonyms === "first") {
    return { ...base, previous: null, pseudonyms: "first", tables: [], moved: [], totals: [], figures: { added: [], removed: [] }, years: [] };
  }

  // Figures: ids in one release only, and totals that moved.
  const prevIds = figureIds(prev);
  const curIds = figureIds(cur);
  const figures = { added: curIds.filter((id) => !prevIds.includes(id)), removed: prevIds.filter((id) => !curIds.includes(id)) };
  const prevYears = new Set<number>();
  {
    const t = readTable(prev, "incidents.csv");
    if (t) {
      const y = t.header.indexOf("year");
      if (y >= 0) for (const row of t.rows) if (row[y]) prevYears.add(Number(row[y]));
    }
  }
  const totals: TotalMoved[] = [];
  for (const id of curIds) {
    if (!prevIds.includes(id)) continue;
    const a = readFigure(prev, id);
    const b = readFigure(cur, id);
    if (a && b) totals.push(...compareFigure(a, b, prevYears));
  }

  if (ctx.pseudonyms === "restarted") {
    const tables: TableChanges[] = [];
    for (const spec of TABLES) {
      if (!prev.lines(spec.path) && !cur.lines(spec.path)) continue;
      tables.push({ table: spec.table, key_columns: spec.key, before: countRows(prev, spec.path), after: countRows(cur, spec.path), added: [], withdrawn: [], revised: [], protection: [] });
    }
    return { ...base, pseudonyms: "restarted", tables, moved: [], totals, figures, years: [] };
  }

  // Incidents: where each was, and where it is now.
  const prevPlace = new Map<string, Place>();
  const curPlace = new Map<string, Place>();
  let readPrev: ((row: string[]) => [string, Place]) | null = null;
  let readCur: ((row: string[]) => [string, Place]) | null = null;
  const results = new Map<string, TableResult>();
  for (const spec of TABLES) {
    const r =
      spec.table === "incidents"
        ? compareTable(
            prev,
            cur,
            spec,
            (row, h) => {
              const [k, p] = (readPrev ??= placeReader(h))(row);
              prevPlace.set(k, p);
            },
            (row, h) => {
              const [k, p] = (readCur ??= placeReader(h))(row);
              curPlace.set(k, p);
            },
          )
        : compareTable(prev, cur, spec);
    if (r) results.set(spec.table, r);
  }

  // A change of an incident's force uses is a change of the incident ("force_uses").
  const incidents = results.get("incidents");
  const forceUses = results.get("force_uses");
  if (incidents && forceUses) {
    const mark = (inc: string, real: boolean) => {
      if (!prevPlace.has(inc) || !curPlace.has(inc)) return;
      let d = incidents.diffs.get(inc);
      if (!d) incidents.diffs.set(inc, (d = { revised: new Set(), protection: new Set(), incident: inc }));
      (real ? d.revised : d.protection).add("force_uses");
    };
    const incOf = (k: string) => k.slice(0, k.indexOf("|"));
    for (const k of forceUses.added) mark(incOf(k), true);
    for (const k of forceUses.withdrawn) mark(incOf(k), true);
    for (const [k, d] of forceUses.diffs) mark(d.incident ?? incOf(k), d.revised.size > 0);
  }

  const tables: TableChanges[] = [];
  for (const spec of TABLES) {
    const r = results.get(spec.table);
    if (!r) continue;
    tables.push({ table: spec.table, key_columns: spec.key, before: r.before, after: r.after, added: r.added, withdrawn: r.withdrawn, ...revisionLists(r.diffs) });
  }

  // Moves: incidents whose month page differs, and withdrawn incidents (their old page keeps a note).
  const moved: Move[] = [];
  for (const [inc, was] of prevPlace) {
    const now = curPlace.get(inc);
    const from = pageOf(was);
    if (!now) {
      moved.push({ incident: inc, from, to: null, fields: [] });
      continue;
    }
    const to = pageOf(now);
    if (to === from) continue;
    const fields = (["date", "district", "year"] as const).filter((f) => was[f] !== now[f]);
    const protection = fields.every((f) => isProtectionChange(f, String(was[f]), String(now[f])));
    moved.push({ incident: inc, from, to, fields, ...(protection ? { protection } : {}) });
  }
  moved.sort((a, b) => cmp(a.incident, b.incident));

  // Years of the previous release: incidents added, withdrawn and revised (an incident revised
  // itself, or whose subjects, officers or force uses were added, withdrawn or revised). An
  // incident that changed year counts as revised in both years.
  const years = new Map<number, YearRevision>();
  const bump = (year: number | undefined, what: "added" | "withdrawn" | "revised") => {
    if (year === undefined || !prevYears.has(year)) return;
    let y = years.get(year);
    if (!y) years.set(year, (y = { year, added: 0, withdrawn: 0, revised: 0 }));
    y[what]++;
  };
  if (incidents) {
    for (const k of incidents.added) bump(curPlace.get(k)?.year, "added");
    for (const k of incidents.withdrawn) bump(prevPlace.get(k)?.year, "withdrawn");
    const revised = new Set<string>();
    for (const [k, d] of incidents.diffs) if (d.revised.size > 0) revised.add(k);
    for (const t of ["subjects", "officers", "force_uses"]) {
      const r = results.get(t);
      if (!r) continue;
      for (const d of r.diffs.values()) if (d.revised.size > 0 && d.incident) revised.add(d.incident);
      // Rows added to or withdrawn from an incident in both releases revise it.
      const incIdx = t === "officers" ? 1 : 0;
      if (t === "subjects") continue;
      for (const k of [...r.added, ...r.withdrawn]) revised.add(k.split("|")[incIdx].split("#")[0]);
    }
    // Subjects added or withdrawn: their incident is named in their row, read from the table again.
    const subjects = results.get("subjects");
    if (subjects && (subjects.added.length > 0 || subjects.withdrawn.length > 0)) {
      const want = new Set([...subjects.added, ...subjects.withdrawn]);
      for (const text of [prev, cur]) {
        const t = readTable(text, "subjects.csv");
        if (!t) continue;
        const s = t.header.indexOf("subject");
        const i = t.header.indexOf("incident");
        for (const row of t.rows) if (want.has(row[s])) revised.add(row[i]);
      }
    }
    for (const inc of [...revised].sort(cmp)) {
      const was = prevPlace.get(inc);
      const now = curPlace.get(inc);
      if (!was || !now) continue;
      bump(was.year, "revised");
      if (now.year !== was.year) bump(now.year, "revised");
    }
  }

  return {
    ...base,
    pseudonyms: "same",
    tables,
    moved,
    totals,
    figures,
    years: [...years.values()].sort((a, b) => a.year - b.year),
  };
}

// ---------------------------------------------------------------------------------------------
// Releases as files

/** A file's lines, read 1 MB at a time. */
export function* fileLines(file: string): Generator<string> {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(1 << 20);
    let rest = "";
    const decoder = new TextDecoder("utf-8");
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = rest + decoder.decode(buf.subarray(0, n), { stream: true });
      const parts = text.split("\n");
      rest = parts.pop()!;
      yield* parts;
    }
    rest += decoder.decode();
    yield rest;
  } finally {
    closeSync(fd);
  }
}

/** A release as a folder of files (e.g. generated/downloads). */
export function releaseFromDir(dir: string): ReleaseText {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const p = join(d, name);
      return statSync(p).isDirectory() ? walk(p) : [relative(dir, p).split(sep).join("/")];
    });
  return {
    paths: () => walk(dir).sort(cmp),
    lines: (path) => {
      const file = join(dir, path);
      return existsSync(file) ? { [Symbol.iterator]: () => fileLines(file) } : null;
    },
  };
}

/** A release held as whole texts by path (small releases and tests). */
export function releaseFromTexts(files: Record<string, string>): ReleaseText {
  return {
    paths: () => Object.keys(files).sort(cmp),
    lines: (path) => (path in files ? files[path].split("\n") : null),
  };
}
