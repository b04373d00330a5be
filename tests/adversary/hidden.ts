// Hidden cells of the figure tables, and what an attacker can work out about them from everything
// published: equalities between tables, and recounts from the record downloads.
import fs from "node:fs";
import path from "node:path";
import { readCsv, type Row } from "./outside.ts";
import { solveBounds, type Equation } from "./solver.ts";

type Cell = string | number | null;
export interface Figure {
  id: string;
  columns: { key: string; type: string }[];
  rows: Record<string, Cell>[];
  notes?: string[];
}

export function readFigures(downloads: string): Map<string, Figure> {
  const dir = path.join(downloads, "figures");
  const out = new Map<string, Figure>();
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const t = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Figure;
    out.set(t.id ?? f.replace(/\.json$/, ""), t);
  }
  return out;
}

/** A count column (not a dimension such as year or level, nor a share, rate or denominator). */
export const isCountColumn = (c: { key: string; type: string }) =>
  c.type === "number" && !/^(year|level)$/.test(c.key) && !/share|_per_|^force_per|rate|median|residents|population|calls|arrests|hours|sworn/.test(c.key);

/** A row whose note says cells were hidden. */
const hiddenRow = (r: Record<string, Cell>) => typeof r.note === "string" && /suppress|withheld|hidden|protect/i.test(r.note);

export interface HiddenCell {
  table: string;
  row: number;
  column: string;
  /** The row's dimensions (string and year/level columns), for messages. */
  label: string;
}

export function hiddenCells(figs: Map<string, Figure>): HiddenCell[] {
  const out: HiddenCell[] = [];
  for (const [id, t] of figs) {
    const counts = t.columns.filter(isCountColumn);
    t.rows.forEach((r, i) => {
      if (!hiddenRow(r)) return;
      for (const c of counts) if (r[c.key] === null || r[c.key] === undefined) out.push({ table: id, row: i, column: c.key, label: rowLabel(t, r) });
    });
  }
  return out;
}

function rowLabel(t: Figure, r: Record<string, Cell>): string {
  return t.columns.filter((c) => !isCountColumn(c) && c.type !== "number" ? !/_label$/.test(c.key) && c.key !== "note" : /^(year|level)$/.test(c.key)).map((c) => `${c.key}=${r[c.key] ?? "null"}`).join(" ");
}

// ---------------------------------------------------------------------------------------------
// Recounts from the record downloads, in three-valued logic: a record surely counts (2), surely
// does not (0), or may (1) where a value it needs is withheld or merged.

type T3 = 0 | 1 | 2;
const and = (...xs: T3[]): T3 => Math.min(...xs) as T3;
const GENERAL = new Set(["withheld", "another_category"]);
/** Whether a published value equals what a row wants (null: the "not recorded" state, an empty cell). */
const is = (v: string | undefined, want: string | null): T3 => {
  const val = v ?? "";
  if (GENERAL.has(val)) return 1;
  return (want === null ? val === "" : val === want) ? 2 : 0;
};
const oneOf = (v: string | undefined, wants: readonly string[]): T3 => (GENERAL.has(v ?? "") ? 1 : wants.includes(v ?? "") ? 2 : 0);
const INJURED = ["injured_unspecified", "minor", "treated", "serious", "death"];
const NR = "not_recorded";

/** A record's year: its year column, else the first four digits of its date (any published precision). */
function yearIs(r: Row | undefined, y: Cell): T3 {
  if (!r) return 1;
  if (r.year && !GENERAL.has(r.year)) return r.year === String(y) ? 2 : 0;
  const d = r.date ?? r.received_date ?? "";
  const m = /^(\d{4})/.exec(d);
  if (!m) return 1;
  // A week of the year (YYYY-Www) may hold days of the year before or after.
  if (/^\d{4}-W(01|5[23])$/.test(d)) return m[1] === String(y) ? 1 : Math.abs(Number(m[1]) - Number(y)) === 1 ? 1 : 0;
  return m[1] === String(y) ? 2 : 0;
}

interface Records {
  incidents: Row[];
  subjects: Row[];
  officers: Row[];
  incidentOf: Map<string, Row>;
}

export function readRecords(downloads: string): Records {
  const file = (n: string) => path.join(downloads, `${n}.csv`);
  const incidents = readCsv(file("incidents"));
  const subjects = readCsv(file("subjects"));
  const officers = fs.existsSync(file("officers")) ? readCsv(file("officers")) : [];
  return { incidents, subjects, officers, incidentOf: new Map(incidents.map((r) => [r.incident, r])) };
}

type Recount = (rec: Records, row: Record<string, Cell>, column: string) => [lo: number, hi: number] | null;

function tally<R>(records: R[], test: (r: R) => T3): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const r of records) {
    const t = test(r);
    if (t === 2) lo++;
    if (t >= 1) hi++;
  }
  return [lo, hi];
}

const levelIs = (v: string | undefined, level: Cell): T3 => is(v, level === null ? null : String(level));
const groupIs = (v: string | undefined, g: Cell): T3 => is(v, g === NR ? null : String(g));

/** Crisis support of an incident, as the crisis-response figure defines it, in three-valued logic. */
function supportIs(inc: Row | undefined, want: Cell): T3 {
  if (!inc) return 1;
  const mh = is(inc.call_type, "mental_health_crisis");
  if (mh === 0) return 0;
  const c = inc.crisis_trained_officer ?? "";
  const r = inc.coresponder_present ?? "";
  if (GENERAL.has(c) || GENERAL.has(r)) return 1 as T3;
  const s = c === "yes" || r === "yes" ? "with" : c === "" && r === "" ? NR : "without";
  return and(mh, s === want ? 2 : 0);
}

/** A recount per figure table, where a cell is a count over the records. */
export const RECOUNTS: Record<string, Recount> = {
  "subject-injuries": (rec, row) => tally(rec.subjects, (s) => and(yearIs(s, row.year), levelIs(s.highest_force_level, row.level), groupIs(s.injury, row.injury))),
  "officer-injuries": (rec, row) => tally(rec.officers, (o) => and(yearIs(rec.incidentOf.get(o.incident), row.year), groupIs(o.injury, row.injury))),
  "injury-totals": (rec, row, column) => {
    const sy = (s: Row) => yearIs(s, row.year);
    if (column === "subjects") return tally(rec.subjects, sy);
    if (column === "subjects_injured") return tally(rec.subjects, (s) => and(sy(s), oneOf(s.injury, INJURED)));
    if (column === "subjects_serious_or_death") return tally(rec.subjects, (s) => and(sy(s), oneOf(s.injury, ["serious", "death"])));
    const oy = (o: Row) => yearIs(rec.incidentOf.get(o.incident), row.year);
    if (column === "officers") return tally(rec.officers, oy);
    if (column === "officers_injured") return tally(rec.officers, (o) => and(oy(o), oneOf(o.injury, INJURED)));
    return null;
  },
  "subjects-by-age": (rec, row) => tally(rec.subjects, (s) => and(yearIs(s, row.year), groupIs(s.age_band, row.group))),
  "subjects-by-sex": (rec, row) => tally(rec.subjects, (s) => and(yearIs(s, row.year), groupIs(s.sex, row.group))),
  "subjects-by-race": (rec, row) => tally(rec.subjects, (s) => and(yearIs(s, row.year), groupIs(s.race_ethnicity, row.group))),
  "crisis-response": (rec, row, column) => {
    const base = (s: Row) => and(yearIs(s, row.year), supportIs(rec.incidentOf.get(s.incident), row.crisis_support));
    if (column === "subjects") return tally(rec.subjects, base);
    if (column === "subjects_injured") return tally(rec.subjects, (s) => and(base(s), oneOf(s.injury, INJURED)));
    if (column === "subjects_less_lethal_or_higher") return tally(rec.subjects, (s) => and(base(s), oneOf(s.highest_force_level, ["5", "6"])));
    if (column === "incidents") return tally(rec.incidents, (i) => and(yearIs(i, row.year), supportIs(i, row.crisis_support)));
    return null;
  },
};

// ---------------------------------------------------------------------------------------------
// The linear system: unknowns are the hidden cells; equalities come from quantities published twice.

type Ref = { table: string; where: Record<string, Cell>; column: string };

class SystemBuilder {
  readonly index = new Map<string, number>();
  readonly equations: Equation[] = [];
  /** Quantities published twice whose equality could be checked (with hidden cells in them or not). */
  checked = 0;
  /** Equations with no unknown that do not hold: the published tables disagree with each other. */
  readonly contradictions: string[] = [];
  constructor(readonly figs: Map<string, Figure>, readonly cells: HiddenCell[]) {
    cells.forEach((c, i) => this.index.set(`${c.table}#${c.row}#${c.column}`, i));
  }
  rows(table: string, where: Record<string, Cell>): number[] {
    const t = this.figs.get(table);
    if (!t) return [];
    return t.rows.flatMap((r, i) => (Object.entries(where).every(([k, v]) => (r[k] ?? null) === v) ? [i] : []));
  }
  /** sum(left) = sum(right); a cell not found on one side makes the equation unusable (skipped). */
  equal(left: Ref[], right: Ref[], why: string): void {
    const terms = new Map<number, number>();
    let rhs = 0;
    const side = (refs: Ref[], sign: number): boolean => {
      for (const ref of refs) {
        const t = this.figs.get(ref.table);
        if (!t || !t.columns.some((c) => c.key === ref.column)) return false;
        for (const i of this.rows(ref.table, ref.where)) {
          const v = t.rows[i][ref.column];
          const u = this.index.get(`${ref.table}#${i}#${ref.column}`);
          if (u !== undefined) terms.set(u, (terms.get(u) ?? 0) + sign);
          else if (typeof v === "number") rhs -= sign * v;
          else return false;
        }
      }
      return true;
    };
    if (!side(left, 1) || !side(right, -1)) return;
    this.checked++;
    const list = [...terms].filter(([, c]) => c !== 0);
    if (list.length === 0) {
      if (Math.abs(rhs) > 1e-9) this.contradictions.push(`${why}: off by ${-rhs}`);
      return;
    }
    this.equations.push({ terms: list, rhs, why });
  }
}

const distinctValues = (t: Figure | undefined, key: string): Cell[] => (t ? [...new Set(t.rows.map((r) => r[key] ?? null))] : []);

export interface HiddenReport {
  k: number;
  cells: (HiddenCell & { lower: number; upper: number; recount: [number, number] | null; determined: string | null })[];
  equations: number;
  /** Equalities between published quantities that were checked. */
  checked: number;
  contradictions: string[];
  infeasible: string[];
}

/** Bounds on every hidden cell, from the published tables and (where records are given) recounts. */
export function attackHiddenCells(figs: Map<string, Figure>, rec: Records | null, k: number): HiddenReport {
  const cells = hiddenCells(figs);
  const b = new SystemBuilder(figs, cells);
  const years = distinctValues(figs.get("injury-totals") ?? figs.get("rate-by-year") ?? figs.get("force-level-mix"), "year");
  const ref = (table: string, where: Record<string, Cell>, column: string): Ref => ({ table, where, column });
  for (const y of years) {
    // Subjects per year, published in several tables.
    const perYear = [
      ref("injury-totals", { year: y }, "subjects"),
      ref("rate-by-year", { year: y }, "subjects"),
      ref("force-level-mix", { year: y }, "subjects"),
      ref("subject-injuries", { year: y }, "subjects"),
      ref("subjects-by-age", { year: y }, "subjects"),
      ref("subjects-by-sex", { year: y }, "subjects"),
      ref("subjects-by-race", { year: y }, "subjects"),
    ];
    for (let i = 1; i < perYear.length; i++) b.equal([perYear[0]], [perYear[i]], `subjects in ${y}: ${perYear[0].table} = ${perYear[i].table}`);
    // Each level's subjects: force-level-mix = the level's rows of subject-injuries.
    for (const level of distinctValues(figs.get("force-level-mix"), "level"))
      b.equal([ref("force-level-mix", { year: y, level }, "subjects")], [ref("subject-injuries", { year: y, level }, "subjects")], `subjects at level ${level} in ${y}: force-level-mix = subject-injuries`);
    // Injured and seriously injured subjects: injury-totals = subject-injuries summed over levels.
    b.equal([ref("injury-totals", { year: y }, "subjects_injured")], INJURED.map((injury) => ref("subject-injuries", { year: y, injury }, "subjects")), `subjects injured in ${y}: injury-totals = subject-injuries`);
    b.equal([ref("injury-totals", { year: y }, "subjects_serious_or_death")], ["serious", "death"].map((injury) => ref("subject-injuries", { year: y, injury }, "subjects")), `subjects seriously injured or killed in ${y}: injury-totals = subject-injuries`);
    // Officers: injury-totals = officer-injuries.
    b.equal([ref("injury-totals", { year: y }, "officers")], [ref("officer-injuries", { year: y }, "officers")], `officers in ${y}: injury-totals = officer-injuries`);
    b.equal([ref("injury-totals", { year: y }, "officers_injured")], INJURED.map((injury) => ref("officer-injuries", { year: y, injury }, "officers")), `officers injured in ${y}: injury-totals = officer-injuries`);
    // Crisis response: each row's injured and level-5-or-6 subjects are parts of its subjects (no equation), but
    // each support's subjects at level 5 or 6 are no more than those at level 5 and 6 in the year (bounds below).
  }
  const lower = cells.map(() => 0);
  const upper = cells.map(() => Infinity);
  const recounts: ([number, number] | null)[] = cells.map((c) => {
    const f = RECOUNTS[c.table];
    if (!f || !rec) return null;
    return f(rec, figs.get(c.table)!.rows[c.row], c.column);
  });
  recounts.forEach((r, i) => {
    if (!r) return;
    lower[i] = r[0];
    upper[i] = r[1];
  });
  const sys = { names: cells.map((c) => `${c.table} ${c.label} ${c.column}`), lower, upper, equations: b.equations };
  const bounds = solveBounds(sys);
  return {
    k,
    equations: b.equations.length,
    checked: b.checked,
    contradictions: b.contradictions,
    infeasible: bounds.infeasible.map((g) => `${g.names.slice(0, 4).join("; ")}${g.names.length > 4 ? ` and ${g.names.length - 4} more` : ""} (${g.equations.slice(0, 3).join("; ")})`),
    cells: cells.map((c, i) => {
      const lo = bounds.lower[i];
      const hi = bounds.upper[i];
      const rc = recounts[i];
      const determined = rc && rc[0] === rc[1] ? `equals the recount ${rc[0]} from the record downloads` : hi - lo < k ? `bounds ${lo}..${hi} narrower than k=${k}` : null;
      return { ...c, lower: lo, upper: hi, recount: rc, determined };
    }),
  };
}

/** Shown cells of the recountable tables whose value lies outside their recount from the downloads. */
export function recountMismatches(figs: Map<string, Figure>, rec: Records): { checked: number; mismatches: string[] } {
  let checked = 0;
  const mismatches: string[] = [];
  for (const [id, t] of figs) {
    const f = RECOUNTS[id];
    if (!f) continue;
    for (const r of t.rows) {
      for (const c of t.columns.filter(isCountColumn)) {
        const v = r[c.key];
        if (typeof v !== "number") continue;
        const rc = f(rec, r, c.key);
        if (!rc) continue;
        checked++;
        if (v < rc[0] || v > rc[1]) mismatches.push(`${id} [${rowLabel(t, r)}] ${c.key}: published ${v}, recount ${rc[0]}..${rc[1]}`);
      }
    }
  }
  return { checked, mismatches };
}
