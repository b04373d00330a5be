// Who: subjects by age band, sex or race and ethnicity, against residents where supplied. The
// three figures share their counting and their chart; each module has its own summary.
import type { Cell } from "../lib/aggregates.ts";
import { coverageName } from "../lib/coverage.ts";
import { barH, responsive } from "../lib/charts.ts";
import { ANOTHER_CATEGORY, PROTECTED_NOTE, PROTECTED_VOCAB, WITHHELD } from "../lib/schema/disclosure.ts";
import { NOT_RECORDED, countRows, distinct, label, num, rate, share, str, type DataColumn } from "./count.ts";
import type { FigureContext } from "./context.ts";
import { fmt, ofYear, type Row } from "./text.ts";
import type { Computed, FigureView } from "./types.ts";
import type { FigureTable } from "../lib/aggregates.ts";
import { COARSE_AGE_BANDS } from "../lib/schema/vocab.ts";

export type DemoField = "age_band" | "sex" | "race_ethnicity";

const n = (v: Cell) => (typeof v === "number" ? v : null);
const pctText = (v: Cell) => (typeof v === "number" ? `${fmt(v, 1)}%` : "");
const missingOf = (r: Row) => (r.note === "suppressed" ? "suppressed" : "not reported");

export function computeDemo(ctx: FigureContext, id: string, title: string, field: DemoField, vocab: Record<string, string>): Computed {
  const { pub, years, subByYear, has, lacks } = ctx;
  const sub = pub.subjects.columns;
  const by = countRows([sub.year, sub[field]], ([y, v]) => `${y}|${v ?? NOT_RECORDED}`);
  // Values the disclosure-control stage published in place of the recorded ones.
  const protectedGroups = [...new Set(distinct(sub[field] as DataColumn<unknown>))].filter((v): v is string => typeof v === "string" && !(v in vocab));
  const rows: Row[] = [];
  for (const y of years) {
    const all = subByYear.get(String(y)) ?? 0;
    for (const v of [...Object.keys(vocab), ...protectedGroups, NOT_RECORDED]) {
      const k = by.get(`${y}|${v}`) ?? 0;
      // Merged and withheld groups, coarse age bands ("adult") and not recorded appear only where they hold someone.
      if ((v === NOT_RECORDED || protectedGroups.includes(v) || COARSE_AGE_BANDS.has(v)) && k === 0) continue;
      let pop: number | null = null;
      if (field === "race_ethnicity" && v !== NOT_RECORDED) {
        const p = pub.population.filter((r) => r.district === null && r.race_ethnicity === v);
        const best = p.find((r) => r.year === y) ?? [...p].sort((a, b) => Math.abs(a.year - y) - Math.abs(b.year - y))[0];
        pop = best ? best.population : null;
      }
      const row: Row = { year: y, group: v, group_label: label(PROTECTED_VOCAB[field], v === NOT_RECORDED ? null : v), subjects: k, share_of_subjects: share(k, all) };
      if (field === "race_ethnicity") {
        row.residents = pop;
        row.subjects_per_10000_residents = rate(k, pop, 10000);
      }
      row.note = null;
      rows.push(row);
    }
  }
  const columns = [num("year", "Year"), str("group", "Group code"), str("group_label", title), num("subjects", "Subjects"), num("share_of_subjects", "Share of subjects (%)")];
  const noResidents = field === "race_ethnicity" && !pub.population.some((r) => r.race_ethnicity !== null);
  if (field === "race_ethnicity") columns.push(num("residents", "Residents"), num("subjects_per_10000_residents", "Subjects per 10,000 residents"));
  columns.push(str("note", "Note"));
  return {
    // Ages come as years or as bands: the age figure needs one of the two.
    need: field === "age_band" ? (has("subjects.age") || has("subjects.age_band") ? [] : [coverageName("subjects.age")]) : lacks(`subjects.${field}`),
    also: noResidents ? [coverageName("population.race_ethnicity")] : [],
    table: {
      id, title: `Subjects by ${title.toLowerCase()}`,
      description: `Subjects on whom force was used, by ${title.toLowerCase()} as recorded by the department.`,
      columns, rows,
      notes: [
        ...(rows.some((r) => r.group === WITHHELD || r.group === ANOTHER_CATEGORY) ? [PROTECTED_NOTE] : []),
        ...(noResidents ? ["Residents by race or ethnicity: not reported by this department, so no per-resident comparison."] : []),
        ...(field === "race_ethnicity" ? ["Per-resident figures compare subjects with residents; they do not account for who calls 911 or who is present in each place, so read differences with care."] : []),
      ],
    },
  };
}

/** Bars of subjects per group (with their share), or per 10,000 residents where residents are known. */
export function viewDemo(table: FigureTable, focus: number): FigureView {
  const title = `${table.title}, ${focus}`;
  const rows = ofYear(table.rows, focus);
  const counts = () => responsive((width) => barH(rows.map((r) => ({ label: String(r.group_label), value: n(r.subjects), text: typeof r.subjects === "number" ? `${fmt(r.subjects)} (${pctText(r.share_of_subjects)})` : undefined, missing: missingOf(r) })), { title, xLabel: "Subjects (share of all subjects in brackets)", width }));
  if (!table.columns.some((c) => c.key === "residents")) return { columns: ["group_label", "subjects", "share_of_subjects", "note"], svg: counts() };
  const columns = ["group_label", "subjects", "share_of_subjects", "residents", "subjects_per_10000_residents", "note"];
  if (!rows.some((r) => typeof r.subjects_per_10000_residents === "number")) return { columns, svg: counts() };
  return {
    columns,
    svg: responsive((width) => barH(rows.map((r) => ({
      label: String(r.group_label),
      value: n(r.subjects_per_10000_residents),
      text: typeof r.subjects_per_10000_residents === "number" ? `${fmt(r.subjects_per_10000_residents, 2)} (${fmt(n(r.subjects))} subjects)` : undefined,
      missing: r.note === "suppressed" ? "suppressed" : typeof r.subjects === "number" ? `no resident figure (${fmt(r.subjects)} subjects)` : "not reported",
    })), { title, xLabel: "Subjects per 10,000 residents of the group (subjects in brackets)", digits: 2, width })),
  };
}
