// Aggregate stage: computes, from the published (anonymized) tables, the numbers every chart
// needs, each as a figure table with its own caveats.
import type { Aggregates, Cell, Column, FieldCoverage, FigureTable, PolicyChange, YearFigures } from "../../src/lib/aggregates.ts";
import { coverageName, NOT_REPORTED_TEXT } from "../../src/lib/coverage.ts";
import { listText } from "../../src/lib/methodology.ts";
import { isReported, notReportedFields } from "./coverage.ts";
import type { DepartmentConfig, PolicySection } from "../../src/lib/schema/config.ts";
import type { PublishedComplaint } from "../../src/lib/schema/published.ts";
import type { PublishedData } from "./anonymize.ts";
import { DictColumn, RefColumn, type Column as DataColumn } from "./table.ts";
import type { ProtectionReport } from "../../src/lib/schema/disclosure.ts";
import { ANOTHER_CATEGORY, PROTECTED_NOTE, PROTECTED_VOCAB, WITHHELD, WITHHELD_LABEL } from "../../src/lib/schema/disclosure.ts";
import { NO_FORCE_LEVEL } from "../../src/lib/incidents.ts";
import {
  AGE_BAND, CALL_TYPE, COMPLAINT_FINDING, FORCE_LEVEL, INJURY, RACE_ETHNICITY, REVIEW_FINDING, SEX, isInjured,
} from "../../src/lib/schema/vocab.ts";

/** Label used for a missing (empty) value: a state of its own, never counted as zero or unknown. */
export const NOT_RECORDED = "not_recorded";
const NOT_RECORDED_LABEL = "Not recorded";

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const rate = (n: number, d: number | null, per: number) => (d === null || d === 0 ? null : round((n / d) * per));
const share = (n: number, d: number) => (d === 0 ? null : round((n / d) * 100, 1));
const num = (key: string, label: string): Column => ({ key, label, type: "number" });
const str = (key: string, label: string): Column => ({ key, label, type: "string" });

function countBy<T>(rows: T[], key: (r: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) {
    const k = key(r);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** A column as codes into values (a dictionary column as it is; any other encoded here). */
function codesOf(col: DataColumn<unknown>): { codes: ArrayLike<number>; values: unknown[] } {
  if (col instanceof DictColumn) return { codes: col.codes, values: col.values };
  const index = new Map<unknown, number>();
  const values: unknown[] = [];
  const codes = new Uint32Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col.get(i);
    let c = index.get(v);
    if (c === undefined) index.set(v, (c = values.push(v) - 1));
    codes[i] = c;
  }
  return { codes, values };
}

/**
 * Counts rows (those that pass keep) by the values of some columns, keyed by key(values): the
 * rows are counted per combination of codes, and each combination's key is built once.
 */
function countRows(cols: DataColumn<unknown>[], key: (values: unknown[]) => string, keep?: (i: number) => boolean): Map<string, number> {
  const n = cols[0].length;
  const parts = cols.map(codesOf);
  let size = 1;
  for (const p of parts) size *= p.values.length;
  const counts = size <= 1 << 22 ? new Float64Array(size) : null;
  const sparse = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (keep && !keep(i)) continue;
    let k = 0;
    for (const p of parts) k = k * p.values.length + p.codes[i];
    if (counts) counts[k]++;
    else sparse.set(k, (sparse.get(k) ?? 0) + 1);
  }
  const m = new Map<string, number>();
  const add = (k: number, count: number) => {
    const values = new Array<unknown>(parts.length);
    for (let j = parts.length - 1; j >= 0; j--) {
      const len = parts[j].values.length;
      values[j] = parts[j].values[k % len];
      k = Math.floor(k / len);
    }
    const name = key(values);
    m.set(name, (m.get(name) ?? 0) + count);
  };
  if (counts) {
    for (let k = 0; k < size; k++) if (counts[k] > 0) add(k, counts[k]);
  } else for (const [k, count] of sparse) add(k, count);
  return m;
}

/** A column of f(values of some columns), computed once per combination of their codes. */
function derive<T>(cols: DataColumn<unknown>[], f: (values: unknown[]) => T | null): DictColumn<T> {
  const parts = cols.map(codesOf);
  const out = new DictColumn<T>();
  const seen = new Map<number, number>();
  for (let i = 0; i < cols[0].length; i++) {
    let k = 0;
    for (const p of parts) k = k * p.values.length + p.codes[i];
    let c = seen.get(k);
    if (c === undefined) {
      const v = f(parts.map((p) => p.values[p.codes[i]]));
      seen.set(k, (c = v === null ? 0 : out.codeOf(String(v), v)));
    }
    out.pushCode(c);
  }
  return out.seal();
}

/** A test of row i on one column's value, decided once per distinct value. */
function where<T>(col: DataColumn<T>, test: (v: T) => boolean): (i: number) => boolean {
  const { codes, values } = codesOf(col as DataColumn<unknown>);
  const pass = values.map((v) => test(v as T));
  return (i) => pass[codes[i]];
}

/** The distinct values a column holds. */
function distinct<T>(col: DataColumn<T>): T[] {
  const { codes, values } = codesOf(col as DataColumn<unknown>);
  const used = new Uint8Array(values.length);
  for (let i = 0; i < col.length; i++) used[codes[i]] = 1;
  return values.filter((_, c) => used[c]) as T[];
}

/** Values of a referenced table's column, read through a reference column (row by row). */
function through<T>(ref: DataColumn<unknown>, col: DataColumn<T>): DictColumn<T> {
  const { codes, values } = codesOf(col as DataColumn<unknown>);
  const refs = (ref as RefColumn).refs;
  // Code 0 of the result stands for a reference to no row.
  const out = new Uint32Array(ref.length);
  for (let i = 0; i < ref.length; i++) out[i] = refs[i] < 0 ? 0 : codes[refs[i]] + 1;
  return DictColumn.sharing<T>([null, ...(values as T[])], out);
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const label = (vocab: Record<string, string>, v: string | null) => (v === null ? NOT_RECORDED_LABEL : vocab[v] ?? v);

/** A figure table before its status is decided. */
type Draft = Omit<FigureTable, "status" | "missing">;

/**
 * A figure as published: not reported (no rows, one note, missing naming what it needs) when the
 * department lacks something it cannot be made without; otherwise as computed, missing naming
 * what it shows as not reported (also).
 */
export function decide(t: Draft, need: string[], also: string[] = []): FigureTable {
  if (need.length > 0) {
    return { ...t, rows: [], notes: [`${NOT_REPORTED_TEXT}: ${listText(need)}.`], status: "not_reported", missing: need };
  }
  return { ...t, status: "reported", missing: also };
}

/**
 * Computes every figure table from the published (protected) data. coverage says which fields
 * the department reports (see coverage.ts); a field it does not know counts as reported.
 * disclosure is what the protect stage did; lastIncidentDate and firstIncidentDate the latest and
 * earliest incidents' dates as recorded, before dates were generalised (for the part year and
 * meta.period).
 */
export function aggregate(
  pub: PublishedData,
  config: DepartmentConfig,
  policy: PolicySection[],
  coverage: Record<string, FieldCoverage>,
  disclosure: ProtectionReport,
  lastIncidentDate: string,
  firstIncidentDate: string,
): Aggregates {
  const k = config.privacy_threshold;
  const inc = pub.incidents.columns;
  const sub = pub.subjects.columns;
  const years = [...new Set([...distinct(inc.year), ...pub.calls_for_service.map((c) => Number(c.period.slice(0, 4)))])].sort();
  const tables: Record<string, FigureTable> = {};
  // What a figure needs and the department lacks (need), and what it can go without (also).
  let need: string[] = [];
  let also: string[] = [];
  const add = (t: Draft) => {
    tables[t.id] = decide(t, need, also);
    need = [];
    also = [];
  };
  const has = (key: string) => isReported(coverage, key);
  const lacks = (key: string) => (has(key) ? [] : [coverageName(key)]);
  const hasCalls = pub.calls_for_service.length > 0 && has("calls_for_service.calls_dispatched");
  const CALLS = coverageName("calls_for_service");
  const notReported: string[] = [];
  if (pub.calls_for_service.length === 0) notReported.push("calls_for_service");
  if (pub.arrests.length === 0) notReported.push("arrests");
  if (pub.population.length === 0 && config.population === undefined) notReported.push("population");
  if (pub.officers.length === 0) notReported.push("officers");
  if (pub.complaints.length === 0) notReported.push("complaints");
  if (pub.training.length === 0) notReported.push("training");

  // Denominators by year (and call type, district).
  const callsByYear = new Map<number, { c911: number; c911Known: boolean; disp: number }>();
  const dispBy = new Map<string, number>();
  for (const c of pub.calls_for_service) {
    const y = Number(c.period.slice(0, 4));
    const e = callsByYear.get(y) ?? { c911: 0, c911Known: true, disp: 0 };
    if (c.calls_911 === null) e.c911Known = false;
    else e.c911 += c.calls_911;
    e.disp += c.calls_dispatched ?? 0;
    callsByYear.set(y, e);
    const kt = `${y}|${c.call_type}`;
    dispBy.set(kt, (dispBy.get(kt) ?? 0) + (c.calls_dispatched ?? 0));
    const kd = `${y}|d:${c.district}`;
    dispBy.set(kd, (dispBy.get(kd) ?? 0) + (c.calls_dispatched ?? 0));
  }
  const arrestsByYear = new Map<number, number>();
  for (const a of pub.arrests) {
    const y = Number(a.period.slice(0, 4));
    arrestsByYear.set(y, (arrestsByYear.get(y) ?? 0) + a.arrests);
  }
  const popTotal = (y: number): number | null => {
    const rows = pub.population.filter((p) => p.district === null && p.race_ethnicity === null);
    const exact = rows.find((p) => p.year === y);
    if (exact) return exact.population;
    if (rows.length > 0) return [...rows].sort((a, b) => Math.abs(a.year - y) - Math.abs(b.year - y))[0].population;
    return config.population ?? null;
  };

  const dispatched = where(inc.contact_origin, (o) => o === "dispatched");
  const incByYear = countRows([inc.year], ([y]) => String(y));
  const dispByYear = countRows([inc.year], ([y]) => String(y), dispatched);
  const subByYear = countRows([sub.year], ([y]) => String(y));

  // 1. Force per 1,000 dispatched calls by year, with the other denominators where supplied.
  const figures: YearFigures[] = [];
  const byYearRows = years.map((y) => {
    const calls = callsByYear.get(y);
    const inc = incByYear.get(String(y)) ?? 0;
    const disp = dispByYear.get(String(y)) ?? 0;
    const arrests = pub.arrests.length ? (arrestsByYear.get(y) ?? null) : null;
    const pop = popTotal(y);
    const f: YearFigures = {
      year: y, incidents: inc, subjects: subByYear.get(String(y)) ?? 0, dispatched_incidents: disp,
      calls_911: calls && calls.c911Known ? calls.c911 : null,
      calls_dispatched: calls ? calls.disp : null,
      force_per_1000_dispatched: rate(disp, calls ? calls.disp : null, 1000),
    };
    figures.push(f);
    return {
      year: y, incidents: inc, dispatched_incidents: disp, calls_911: f.calls_911, calls_dispatched: f.calls_dispatched,
      force_per_1000_dispatched: f.force_per_1000_dispatched,
      arrests, force_per_100_arrests: rate(inc, arrests, 100),
      population: pop, force_per_10000_residents: rate(inc, pop, 10000),
    };
  });
  need = hasCalls ? [] : [CALLS];
  also = [...(pub.arrests.length ? [] : [coverageName("arrests")]), ...(byYearRows.every((r) => r.population === null) ? [coverageName("population")] : [])];
  add({
    id: "rate-by-year",
    title: "Force per 1,000 dispatched calls, by year",
    description: "Incidents in which force was used on a dispatched call, per 1,000 calls to which an officer was dispatched; with all incidents per 100 arrests and per 10,000 residents where those figures are supplied.",
    columns: [num("year", "Year"), num("incidents", "All force incidents"), num("dispatched_incidents", "Force incidents on dispatched calls"), num("calls_911", "911 calls"), num("calls_dispatched", "Dispatched calls"), num("force_per_1000_dispatched", "Force per 1,000 dispatched calls"), num("arrests", "Arrests"), num("force_per_100_arrests", "Force incidents per 100 arrests"), num("population", "Residents"), num("force_per_10000_residents", "Force incidents per 10,000 residents")],
    rows: byYearRows,
    notes: [
      ...(pub.arrests.length ? [] : ["Arrests: not reported by this department, so no per-arrest rate."]),
      ...(byYearRows.every((r) => r.population === null) ? ["Population: not reported by this department, so no per-resident rate."] : []),
    ],
  });

  // 1b. By call type.
  const dispByTypeYear = countRows([inc.year, inc.call_type], ([y, t]) => `${y}|${t}`, dispatched);
  const callTypeRows: Record<string, Cell>[] = [];
  for (const y of years)
    for (const t of Object.keys(CALL_TYPE)) {
      const n = dispByTypeYear.get(`${y}|${t}`) ?? 0;
      const d = dispBy.get(`${y}|${t}`) ?? null;
      if (n === 0 && d === null) continue;
      callTypeRows.push({ year: y, call_type: t, call_type_label: CALL_TYPE[t as keyof typeof CALL_TYPE], dispatched_incidents: n, calls_dispatched: d, force_per_1000_dispatched: rate(n, d, 1000) });
    }
  need = [...(hasCalls ? [] : [CALLS]), ...lacks("incidents.call_type")];
  add({
    id: "rate-by-call-type",
    title: "Force per 1,000 dispatched calls, by call type",
    description: "Force incidents on dispatched calls of each type, per 1,000 dispatched calls of that type.",
    columns: [num("year", "Year"), str("call_type", "Call type code"), str("call_type_label", "Call type"), num("dispatched_incidents", "Force incidents on dispatched calls"), num("calls_dispatched", "Dispatched calls"), num("force_per_1000_dispatched", "Force per 1,000 dispatched calls")],
    rows: callTypeRows,
    notes: [],
  });

  // 2. Highest force level mix.
  const levelKey = (l: number | null) => (l === null ? NOT_RECORDED : String(l));
  const subByLevel = countRows([sub.year, sub.highest_force_level], ([y, l]) => `${y}|${levelKey(l as number | null)}`);
  const incByLevel = countRows([inc.year, inc.highest_force_level], ([y, l]) => `${y}|${levelKey(l as number | null)}`);
  const mixRows: Record<string, Cell>[] = [];
  for (const y of years) {
    const total = subByYear.get(String(y)) ?? 0;
    for (const l of [...Object.keys(FORCE_LEVEL), NOT_RECORDED]) {
      const s = subByLevel.get(`${y}|${l}`) ?? 0;
      const i = incByLevel.get(`${y}|${l}`) ?? 0;
      if (l === NOT_RECORDED && s === 0 && i === 0) continue;
      mixRows.push({ year: y, level: l === NOT_RECORDED ? null : Number(l), level_label: l === NOT_RECORDED ? NO_FORCE_LEVEL : FORCE_LEVEL[Number(l) as 1], subjects: s, incidents: i, share_of_subjects: share(s, total) });
    }
  }
  add({
    id: "force-level-mix",
    title: "Subjects and incidents by highest force level",
    description: "Each subject counted once, at the highest continuum level of force used on them; each incident at the highest level used in it.",
    columns: [num("year", "Year"), num("level", "Level"), str("level_label", "Highest force level"), num("subjects", "Subjects"), num("incidents", "Incidents"), num("share_of_subjects", "Share of subjects (%)")],
    rows: mixRows,
    notes: [],
  });

  // 3. Injuries to subjects by force level, and to officers.
  const injKey = (v: string | null) => v ?? NOT_RECORDED;
  const injBy = countRows([sub.year, sub.highest_force_level, sub.injury], ([y, l, inj]) => `${y}|${levelKey(l as number | null)}|${injKey(inj as string | null)}`);
  const injRows: Record<string, Cell>[] = [];
  for (const y of years)
    for (const l of [...Object.keys(FORCE_LEVEL), NOT_RECORDED])
      for (const inj of [...Object.keys(INJURY), NOT_RECORDED]) {
        const n = injBy.get(`${y}|${l}|${inj}`) ?? 0;
        if (n === 0) continue;
        injRows.push({ year: y, level: l === NOT_RECORDED ? null : Number(l), injury: inj, injury_label: label(INJURY, inj === NOT_RECORDED ? null : inj), subjects: n, note: null });
      }
  need = lacks("subjects.injury");
  add({
    id: "subject-injuries",
    title: "Injuries to subjects, by highest force level",
    description: "Subjects by the most severe injury they suffered and the highest level of force used on them.",
    columns: [num("year", "Year"), num("level", "Highest force level"), str("injury", "Injury code"), str("injury_label", "Injury"), num("subjects", "Subjects"), str("note", "Note")],
    rows: injRows,
    notes: [],
  });
  const offRows: Record<string, Cell>[] = [];
  if (pub.officers.length) {
    // An officer's year is its incident's (every published officer's incident is published).
    const by = countRows([through(pub.officers.columns.incident, inc.year), pub.officers.columns.injury], ([y, inj]) => `${y}|${injKey(inj as string | null)}`);
    for (const y of years)
      for (const inj of [...Object.keys(INJURY), NOT_RECORDED]) {
        const n = by.get(`${y}|${inj}`) ?? 0;
        if (n > 0) offRows.push({ year: y, injury: inj, injury_label: label(INJURY, inj === NOT_RECORDED ? null : inj), officers: n, note: null });
      }
  }
  need = pub.officers.length ? lacks("officers.injury") : [coverageName("officers")];
  add({
    id: "officer-injuries",
    title: "Injuries to officers",
    description: "Officers who used force, by the most severe injury they suffered.",
    columns: [num("year", "Year"), str("injury", "Injury code"), str("injury_label", "Injury"), num("officers", "Officers"), str("note", "Note")],
    rows: offRows,
    notes: [],
  });

  // 3b. Injury totals per year, without the split by level, so that most stay above the threshold.
  const injTotals: Record<string, Cell>[] = [];
  const injuredTest = (v: unknown) => isInjured(v as string | null);
  const graveTest = (v: unknown) => v === "serious" || v === "death";
  const subN = countRows([sub.year], ([y]) => String(y));
  const subInj = countRows([sub.year], ([y]) => String(y), where(sub.injury as DataColumn<unknown>, injuredTest));
  const subGrave = countRows([sub.year], ([y]) => String(y), where(sub.injury as DataColumn<unknown>, graveTest));
  const offYear = pub.officers.length ? through(pub.officers.columns.incident, inc.year) : null;
  const offN = offYear ? countRows([offYear], ([y]) => String(y)) : new Map<string, number>();
  const offInj = offYear ? countRows([offYear], ([y]) => String(y), where(pub.officers.columns.injury as DataColumn<unknown>, injuredTest)) : new Map<string, number>();
  for (const y of years) {
    const key = String(y);
    const row: Record<string, Cell> = {
      year: y, subjects: subN.get(key) ?? 0, subjects_injured: subInj.get(key) ?? 0, subjects_serious_or_death: subGrave.get(key) ?? 0,
      officers: offYear ? (offN.get(key) ?? 0) : null, officers_injured: offYear ? (offInj.get(key) ?? 0) : null, note: null,
    };
    injTotals.push(row);
  }
  need = lacks("subjects.injury");
  also = pub.officers.length ? lacks("officers.injury") : [coverageName("officers")];
  add({
    id: "injury-totals",
    title: "Injuries to subjects and officers, by year",
    description: "Subjects and officers injured (any injury, from minor to death, including injuries whose severity was not recorded) in force incidents each year, and subjects seriously injured or killed.",
    columns: [num("year", "Year"), num("subjects", "Subjects"), num("subjects_injured", "Subjects injured"), num("subjects_serious_or_death", "Subjects seriously injured or killed"), num("officers", "Officers who used force"), num("officers_injured", "Officers injured"), str("note", "Note")],
    rows: injTotals,
    notes: [
      ...(pub.officers.length ? [] : ["Officers: not reported by this department."]),
    ],
  });

  // 4. Who: subjects by age band, sex and race/ethnicity, against residents where supplied.
  const demo = (id: string, title: string, field: "age_band" | "sex" | "race_ethnicity", vocab: Record<string, string>) => {
    const by = countRows([sub.year, sub[field]], ([y, v]) => `${y}|${v ?? NOT_RECORDED}`);
    // Values the disclosure-control stage published in place of the recorded ones.
    const protectedGroups = [...new Set(distinct(sub[field] as DataColumn<unknown>))].filter((v): v is string => typeof v === "string" && !(v in vocab));
    const rows: Record<string, Cell>[] = [];
    for (const y of years) {
      const total = subByYear.get(String(y)) ?? 0;
      for (const v of [...Object.keys(vocab), ...protectedGroups, NOT_RECORDED]) {
        const n = by.get(`${y}|${v}`) ?? 0;
        // Merged and withheld groups, and not recorded, appear only where they hold someone.
        if ((v === NOT_RECORDED || protectedGroups.includes(v)) && n === 0) continue;
        let pop: number | null = null;
        if (field === "race_ethnicity" && v !== NOT_RECORDED) {
          const p = pub.population.filter((r) => r.district === null && r.race_ethnicity === v);
          const best = p.find((r) => r.year === y) ?? [...p].sort((a, b) => Math.abs(a.year - y) - Math.abs(b.year - y))[0];
          pop = best ? best.population : null;
        }
        const row: Record<string, Cell> = { year: y, group: v, group_label: label(PROTECTED_VOCAB[field], v === NOT_RECORDED ? null : v), subjects: n, share_of_subjects: share(n, total) };
        if (field === "race_ethnicity") {
          row.residents = pop;
          row.subjects_per_10000_residents = rate(n, pop, 10000);
        }
        row.note = null;
        rows.push(row);
      }
    }
    const columns = [num("year", "Year"), str("group", "Group code"), str("group_label", title), num("subjects", "Subjects"), num("share_of_subjects", "Share of subjects (%)")];
    // Ages come as years or as bands: the age figure needs one of the two.
    need = field === "age_band" ? (has("subjects.age") || has("subjects.age_band") ? [] : [coverageName("subjects.age")]) : lacks(`subjects.${field}`);
    also = field === "race_ethnicity" && !pub.population.some((r) => r.race_ethnicity !== null) ? [coverageName("population.race_ethnicity")] : [];
    if (field === "race_ethnicity") columns.push(num("residents", "Residents"), num("subjects_per_10000_residents", "Subjects per 10,000 residents"));
    columns.push(str("note", "Note"));
    add({
      id, title: `Subjects by ${title.toLowerCase()}`,
      description: `Subjects on whom force was used, by ${title.toLowerCase()} as recorded by the department.`,
      columns, rows,
      notes: [
        ...(rows.some((r) => r.group === WITHHELD || r.group === ANOTHER_CATEGORY) ? [PROTECTED_NOTE] : []),
        ...(field === "race_ethnicity" && !pub.population.some((r) => r.race_ethnicity !== null) ? ["Residents by race or ethnicity: not reported by this department, so no per-resident comparison."] : []),
        ...(field === "race_ethnicity" ? ["Per-resident figures compare subjects with residents; they do not account for who calls 911 or who is present in each place, so read differences with care."] : []),
      ],
    });
  };
  demo("subjects-by-age", "Age band", "age_band", AGE_BAND);
  demo("subjects-by-sex", "Sex", "sex", SEX);
  demo("subjects-by-race", "Race or ethnicity", "race_ethnicity", RACE_ETHNICITY);

  // 5. Where: districts as counts and rates per call.
  const incByDistrict = countRows([inc.year, inc.district], ([y, d]) => `${y}|${d}`);
  const dispByDistrict = countRows([inc.year, inc.district], ([y, d]) => `${y}|${d}`, dispatched);
  const distRows: Record<string, Cell>[] = [];
  // Incidents whose district was withheld are a row of their own, so the districts add up to the total.
  const withheldDistrict = distinct(inc.district as DataColumn<unknown>).includes(WITHHELD) ? [{ code: WITHHELD, name: WITHHELD_LABEL }] : [];
  for (const y of years)
    for (const d of [...config.districts, ...withheldDistrict]) {
      const n = dispByDistrict.get(`${y}|${d.code}`) ?? 0;
      const calls = dispBy.get(`${y}|d:${d.code}`) ?? null;
      const row: Record<string, Cell> = { year: y, district: d.code, district_name: d.name, incidents: incByDistrict.get(`${y}|${d.code}`) ?? 0, dispatched_incidents: n };
      // Without calls for service the columns of calls and rates are left out, not published empty.
      if (hasCalls) Object.assign(row, { calls_dispatched: calls, force_per_1000_dispatched: rate(n, calls, 1000) });
      distRows.push(row);
    }
  also = hasCalls ? [] : [CALLS];
  add({
    id: "districts",
    title: "Force by district",
    description: "Force incidents in each district, and those on dispatched calls per 1,000 dispatched calls in that district.",
    columns: [num("year", "Year"), str("district", "District code"), str("district_name", "District"), num("incidents", "All force incidents"), num("dispatched_incidents", "Force incidents on dispatched calls"), ...(hasCalls ? [num("calls_dispatched", "Dispatched calls"), num("force_per_1000_dispatched", "Force per 1,000 dispatched calls")] : [])],
    rows: distRows,
    notes: hasCalls ? [] : [`Dispatched calls: ${NOT_REPORTED_TEXT.toLowerCase()}, so no rate per 1,000 dispatched calls can be given; the counts of force incidents are shown instead.`],
  });

  // 6. Crisis response on mental-health calls.
  // Crisis support of each incident on a mental-health call (null for other calls), and of each subject's incident.
  const support = derive([inc.call_type, inc.crisis_trained_officer, inc.coresponder_present], ([t, c, r]) =>
    t !== "mental_health_crisis" ? null : c === "yes" || r === "yes" ? "with" : c === null && r === null ? NOT_RECORDED : "without");
  const subjectSupport = through(sub.incident, support);
  const byYearSupport = ([y, sp]: unknown[]) => `${y}|${sp}`;
  const mhByYear = countRows([inc.year, support], byYearSupport);
  const subsByYear = countRows([sub.year, subjectSupport], byYearSupport);
  const injuredByYear = countRows([sub.year, subjectSupport], byYearSupport, where(sub.injury, (v) => isInjured(v as string | null)));
  const highByYear = countRows([sub.year, subjectSupport], byYearSupport, where(sub.highest_force_level, (l) => (l ?? 0) >= 5));
  const crisisRows: Record<string, Cell>[] = [];
  for (const y of years)
    for (const sup of ["with", "without", NOT_RECORDED]) {
      const incidents = mhByYear.get(`${y}|${sup}`) ?? 0;
      if (incidents === 0 && sup === NOT_RECORDED) continue;
      const subs = subsByYear.get(`${y}|${sup}`) ?? 0;
      const injured = injuredByYear.get(`${y}|${sup}`) ?? 0;
      const high = highByYear.get(`${y}|${sup}`) ?? 0;
      crisisRows.push({
        year: y, crisis_support: sup,
        crisis_support_label: sup === "with" ? "Crisis-trained officer or co-responder present" : sup === "without" ? "Neither present" : NOT_RECORDED_LABEL,
        incidents, subjects: subs, subjects_injured: injured, share_injured: share(injured, subs),
        subjects_less_lethal_or_higher: high, share_less_lethal_or_higher: share(high, subs),
        note: null,
      });
    }
  need = [
    ...lacks("incidents.call_type"),
    ...(has("incidents.crisis_trained_officer") || has("incidents.coresponder_present") ? [] : ["whether a crisis-trained officer or co-responder was present"]),
  ];
  also = [
    ...(has("incidents.crisis_trained_officer") !== has("incidents.coresponder_present") ? [...lacks("incidents.crisis_trained_officer"), ...lacks("incidents.coresponder_present")] : []),
    ...lacks("subjects.injury"),
  ];
  if (!has("subjects.injury")) for (const r of crisisRows) r.subjects_injured = r.share_injured = null;
  add({
    id: "crisis-response",
    title: "Mental-health calls: outcomes with and without crisis support",
    description: "Force incidents on mental-health crisis or welfare calls, by whether a crisis-trained officer or mental-health co-responder was present, with the share of subjects injured and the share on whom less-lethal weapons or deadly force were used.",
    columns: [num("year", "Year"), str("crisis_support", "Crisis support code"), str("crisis_support_label", "Crisis support"), num("incidents", "Incidents"), num("subjects", "Subjects"), num("subjects_injured", "Subjects injured"), num("share_injured", "Share injured (%)"), num("subjects_less_lethal_or_higher", "Subjects with level 5 or 6 force"), num("share_less_lethal_or_higher", "Share with level 5 or 6 force (%)"), str("note", "Note")],
    rows: crisisRows,
    notes: [
      has("subjects.injury") ? "Injured means any injury from minor to death, including injuries whose severity was not recorded; unknown and not-recorded injuries count as not injured." : `Subjects' injuries: ${NOT_REPORTED_TEXT.toLowerCase()}, so no share injured can be given.`,
    ],
  });

  // 7. De-escalation attempted and body-worn camera activation.
  const dcRows: Record<string, Cell>[] = [];
  // A measure the department does not report is left out (and named), never counted as all not recorded.
  const allMeasures = [["deescalation_attempted", "De-escalation attempted"], ["bwc_activated", "Body-worn camera activated"]] as const;
  const measures = allMeasures.filter(([m]) => has(`incidents.${m}`));
  const lackedMeasures = allMeasures.filter(([m]) => !has(`incidents.${m}`)).map(([m]) => coverageName(`incidents.${m}`));
  const byMeasure = measures.map(([measure]) => countRows([inc.year, inc[measure]], ([y, v]) => `${y}|${v ?? NOT_RECORDED}`));
  for (const y of years) {
    measures.forEach(([measure, mlabel], m) => {
      const c = (v: string) => byMeasure[m].get(`${y}|${v}`);
      const yes = c("yes") ?? 0, no = c("no") ?? 0;
      dcRows.push({ year: y, measure, measure_label: mlabel, yes, no, unknown: c("unknown") ?? 0, not_recorded: c(NOT_RECORDED) ?? 0, share_yes_of_known: share(yes, yes + no) });
    });
  }
  if (measures.length === 0) need = lackedMeasures;
  else also = lackedMeasures;
  add({
    id: "deescalation-camera",
    title: "De-escalation attempted and body-worn camera activation",
    description: "Force incidents by whether de-escalation was attempted and whether body-worn cameras were activated; shares are of incidents where the answer is known.",
    columns: [num("year", "Year"), str("measure", "Measure code"), str("measure_label", "Measure"), num("yes", "Yes"), num("no", "No"), num("unknown", "Unknown"), num("not_recorded", "Not recorded"), num("share_yes_of_known", "Share yes, of known (%)")],
    rows: dcRows,
    notes: measures.length && lackedMeasures.length ? [`${NOT_REPORTED_TEXT}: ${listText(lackedMeasures)}, so it is not shown.`] : [],
  });

  // 8. Accountability: review findings; complaints.
  const revBy = countRows([inc.year, inc.review_finding], ([y, f]) => `${y}|${f ?? NOT_RECORDED}`);
  const revRows: Record<string, Cell>[] = [];
  for (const y of years)
    for (const f of [...Object.keys(REVIEW_FINDING), NOT_RECORDED]) {
      const n = revBy.get(`${y}|${f}`) ?? 0;
      if (n === 0 && f === NOT_RECORDED) continue;
      revRows.push({ year: y, finding: f, finding_label: label(REVIEW_FINDING, f === NOT_RECORDED ? null : f), incidents: n });
    }
  need = lacks("incidents.review_finding");
  add({
    id: "review-findings",
    title: "Force reviews by finding",
    description: "Force incidents by the finding of the department's review.",
    columns: [num("year", "Year"), str("finding", "Finding code"), str("finding_label", "Finding"), num("incidents", "Incidents")],
    rows: revRows,
    notes: [],
  });
  const compRows: Record<string, Cell>[] = [];
  const complaintsByYear = new Map<number, PublishedComplaint[]>();
  for (let i = 0; i < pub.complaints.length; i++) {
    const c = pub.complaints.row(i);
    const list = complaintsByYear.get(c.year);
    if (list) list.push(c);
    else complaintsByYear.set(c.year, [c]);
  }
  for (const y of years) {
    const cs = complaintsByYear.get(y) ?? [];
    if (!pub.complaints.length) break;
    const by = countBy(cs, (c) => c.finding ?? NOT_RECORDED);
    const row: Record<string, Cell> = { year: y, received: cs.length, excessive_force: cs.filter((c) => c.allegation === "excessive_force").length };
    for (const f of Object.keys(COMPLAINT_FINDING)) row[f] = by.get(f) ?? 0;
    row.with_discipline = cs.filter((c) => c.discipline !== null && !["none", "pending", "not_released", "unknown"].includes(c.discipline)).length;
    row.median_days_to_close = median(cs.map((c) => c.days_to_close).filter((d): d is number => d !== null));
    compRows.push(row);
  }
  need = pub.complaints.length ? [] : [coverageName("complaints")];
  add({
    id: "complaints",
    title: "Complaints received and their findings",
    description: "Complaints received each year, by finding, with those that led to discipline and the median days from receipt to close.",
    columns: [num("year", "Year"), num("received", "Received"), num("excessive_force", "Alleging excessive force"), ...Object.entries(COMPLAINT_FINDING).map(([kf, lf]) => num(kf, lf)), num("with_discipline", "Led to discipline"), num("median_days_to_close", "Median days to close")],
    rows: compRows,
    notes: [],
  });
  need = pub.training.length ? [] : [coverageName("training")];
  add({
    id: "training",
    title: "Training",
    description: "Sworn officers, officers trained in crisis intervention, and de-escalation training hours, by year.",
    columns: [num("year", "Year"), num("sworn_officers", "Sworn officers"), num("cit_trained_officers", "Crisis-intervention trained"), num("share_cit_trained", "Share trained (%)"), num("deescalation_training_hours", "De-escalation training hours")],
    rows: [...pub.training].sort((a, b) => a.year - b.year).map((t) => ({
      year: t.year, sworn_officers: t.sworn_officers, cit_trained_officers: t.cit_trained_officers,
      share_cit_trained: t.cit_trained_officers === null ? null : share(t.cit_trained_officers, t.sworn_officers),
      deescalation_training_hours: t.deescalation_training_hours,
    })),
    notes: [],
  });

  const withCalls = figures.filter((f) => f.incidents > 0 && f.calls_dispatched !== null);
  const latest = withCalls.at(-1) ?? figures.at(-1) ?? { year: 0, incidents: 0, subjects: 0, dispatched_incidents: 0, calls_911: null, calls_dispatched: null, force_per_1000_dispatched: null };
  const previous = figures.find((f) => f.year === latest.year - 1) ?? null;
  // A latest year whose last incident falls before December is a part year (an export taken
  // mid-year): it is named as such and not compared with the full year before.
  // The last incident's date as recorded (published dates may be coarser): where the data ends is no one's detail.
  const lastDate = lastIncidentDate;
  // "data_through" in config.json says exactly where the data ends. Without it, the last month of
  // the calls for service does. Without those, the last incident
  // does, when so many incidents would be expected in the months after it that none is implausible
  // (a small department may simply have had no incident in December).
  let latestThrough: string | null = null;
  const lastMonth = Number(lastDate.slice(5, 7));
  if (config.data_through) {
    const end = config.data_through;
    if (end.startsWith(`${latest.year}-`) && end.slice(5) !== "12-31") latestThrough = end.slice(0, 7);
  } else if (pub.calls_for_service.length > 0) {
    const lastPeriod = pub.calls_for_service.reduce((m, c) => (c.period > m ? c.period : m), "");
    if (lastPeriod.startsWith(`${latest.year}-`) && Number(lastPeriod.slice(5, 7)) < 12) latestThrough = lastPeriod;
  } else if (lastDate.startsWith(`${latest.year}-`) && lastMonth < 12) {
    const perMonth = previous && previous.incidents > 0 ? previous.incidents / 12 : latest.incidents / lastMonth;
    if (perMonth * (12 - lastMonth) >= 3) latestThrough = lastDate.slice(0, 7);
  }
  const pct = (a: number | null, b: number | null | undefined) => (latestThrough !== null || a === null || b === null || b === undefined || b === 0 ? null : round(((a - b) / b) * 100, 1));

  const policyChanges: PolicyChange[] = policy
    .filter((p) => p.previous_effective !== undefined)
    .map((p) => ({ date: p.effective, section: p.section, slug: p.slug, title: p.title, summary: p.change_summary ?? null }))
    .sort((a, b) => a.date.localeCompare(b.date));

  // The span the records cover: as config.json states it (a day), else read from the records (a month).
  const lastCallsMonth = pub.calls_for_service.reduce((m, c) => (c.period > m ? c.period : m), "");
  const lastRecordMonth = lastCallsMonth > lastDate.slice(0, 7) ? lastCallsMonth : lastDate.slice(0, 7);
  const period = { from: config.data_from ?? firstIncidentDate.slice(0, 7), through: config.data_through ?? lastRecordMonth };

  return {
    meta: {
      department: config.name,
      short_name: config.short_name ?? config.name,
      jurisdiction: config.jurisdiction,
      synthetic: config.synthetic,
      version: config.version,
      released: config.released,
      licence: config.licence,
      contact: config.contact,
      privacy_threshold: k,
      date_precision: config.date_precision,
      location_grain: config.location_grain,
      years,
      period,
      districts: config.districts,
      policy_changes: policyChanges,
      not_reported: notReported,
      coverage,
      not_reported_fields: notReportedFields(coverage),
      disclosure,
    },
    headline: {
      latest,
      previous,
      rate_change_pct: pct(latest.force_per_1000_dispatched, previous?.force_per_1000_dispatched),
      incidents_change_pct: pct(latest.incidents, previous?.incidents),
      latest_through: latestThrough,
      years: figures,
    },
    tables,
  };
}
