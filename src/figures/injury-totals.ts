// Injuries to subjects and officers per year, without the split by level.
import { coverageName } from "../lib/coverage.ts";
import { rateTrend, responsive } from "../lib/charts.ts";
import { isInjured } from "../lib/schema/vocab.ts";
import { countRows, num, str, through, where, type DataColumn } from "./count.ts";
import { NOT_REPORTED, isNum, n0, ofYear, pct, share, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

function injuryTotals(rows: Row[], y: number): string {
  const r = ofYear(rows, y)[0];
  if (!r) return `There are no injury figures for ${y}.`;
  const subjects = r.subjects as number;
  const inj = r.subjects_injured;
  const grave = r.subjects_serious_or_death;
  const subjectsPart = isNum(inj)
    ? `${n0(inj)} of ${n0(subjects)} subjects (${pct(share(inj, subjects) ?? 0)}) were recorded as injured, ${isNum(grave) ? `${n0(grave)} seriously or fatally` : "the number seriously injured or killed is suppressed because it is small"}`
    : `the number of subjects injured is suppressed because it is small`;
  const off = r.officers;
  const offInj = r.officers_injured;
  const officersPart = !isNum(off) ? `injuries to officers are ${NOT_REPORTED}` : isNum(offInj) ? `${n0(offInj)} of ${n0(off)} officers who used force were injured` : "the number of officers injured is suppressed because it is small";
  return `In ${y}, ${subjectsPart}; ${officersPart}.`;
}

export const figure: FigureModule = {
  id: "injury-totals",
  title: "Injuries to subjects and officers, by year",
  section: "injuries",
  fields: ["subjects.injury", "officers.injury"],
  policy: ["continuum", "reporting_review"],
  compute({ pub, years, lacks }) {
    const inc = pub.incidents.columns;
    const sub = pub.subjects.columns;
    const rows: Row[] = [];
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
      rows.push({
        year: y, subjects: subN.get(key) ?? 0, subjects_injured: subInj.get(key) ?? 0, subjects_serious_or_death: subGrave.get(key) ?? 0,
        officers: offYear ? (offN.get(key) ?? 0) : null, officers_injured: offYear ? (offInj.get(key) ?? 0) : null, note: null,
      });
    }
    return {
      need: lacks("subjects.injury"),
      also: pub.officers.length ? lacks("officers.injury") : [coverageName("officers")],
      table: {
        id: "injury-totals",
        title: "Injuries to subjects and officers, by year",
        description: "Subjects and officers injured (any injury, from minor to death, including injuries whose severity was not recorded) in force incidents each year, and subjects seriously injured or killed.",
        columns: [num("year", "Year"), num("subjects", "Subjects"), num("subjects_injured", "Subjects injured"), num("subjects_serious_or_death", "Subjects seriously injured or killed"), num("officers", "Officers who used force"), num("officers_injured", "Officers injured"), str("note", "Note")],
        rows,
        notes: [...(pub.officers.length ? [] : ["Officers: not reported by this department."])],
      },
    };
  },
  summary: injuryTotals,
  view(table, { year, changes }) {
    // A trend of the share of subjects injured; a missing count leaves a gap, never a zero.
    const pts = table.rows.map((r) => ({ year: r.year as number, value: typeof r.subjects_injured === "number" && typeof r.subjects === "number" && r.subjects > 0 ? Math.round((r.subjects_injured / r.subjects) * 1000) / 10 : null }));
    return { allYears: true, marksChanges: true, svg: responsive((width) => rateTrend(pts, { title: "Share of subjects injured, by year", yLabel: "Subjects injured (%)", changes, width, highlight: year, digits: 1 })) };
  },
};
