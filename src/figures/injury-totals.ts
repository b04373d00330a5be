// Injuries to subjects and officers per year, without the split by level.
import { coverageName } from "../lib/coverage.ts";
import { multiTrend, responsive, type SeriesPoint } from "../lib/charts.ts";
import { isInjured } from "../lib/schema/vocab.ts";
import { countRows, num, str, through, where, type DataColumn } from "./count.ts";
import { NOT_REPORTED, isNum, n0, ofYear, pct, share, type Row, chartParts } from "./text.ts";
import type { FigureModule } from "./types.ts";

/** The words for officers' injuries the department does not report. */
const OFFICERS_NOT_REPORTED = `injuries to officers: ${NOT_REPORTED}`;

function injuryTotals(rows: Row[], y: number): string {
  const r = ofYear(rows, y)[0];
  if (!r) return `There are no injury figures for ${y}.`;
  const subjects = r.subjects as number;
  const inj = r.subjects_injured as number;
  const grave = r.subjects_serious_or_death;
  // A year whose injury records say only yes or no has no count of serious injuries: never "0 seriously".
  const graveText = isNum(grave) ? `, ${n0(grave)} seriously or fatally` : `; how badly is not recorded, so the number seriously injured or killed is ${NOT_REPORTED}`;
  const subjectsPart = `${n0(inj)} of ${n0(subjects)} subjects (${pct(share(inj, subjects) ?? 0)}) were recorded as injured${graveText}`;
  const off = r.officers;
  const offInj = r.officers_injured;
  const officersPart = isNum(off) && isNum(offInj) ? `${n0(offInj)} of ${n0(off)} officers who used force (${pct(share(offInj, off) ?? 0)}) were injured` : OFFICERS_NOT_REPORTED;
  return `In ${y}, ${subjectsPart}; ${officersPart}.`;
}

/** A share in per cent to one decimal, or null when there is nothing to take a share of. */
const shareOf = (part: unknown, whole: unknown) => (isNum(part as number) && isNum(whole as number) && (whole as number) > 0 ? Math.round(((part as number) / (whole as number)) * 1000) / 10 : null);

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
    // Injury levels that say how bad an injury was (injured_unspecified does not).
    const severityTest = (v: unknown) => v === "minor" || v === "treated" || v === "serious" || v === "death";
    const vagueTest = (v: unknown) => v === "injured_unspecified";
    const byYear = (keep?: (i: number) => boolean) => countRows([sub.year], ([y]) => String(y), keep);
    const injury = sub.injury as DataColumn<unknown>;
    const subN = byYear();
    const subInj = byYear(where(injury, injuredTest));
    const subGrave = byYear(where(injury, graveTest));
    const subSeverity = byYear(where(injury, severityTest));
    const subVague = byYear(where(injury, vagueTest));
    // Officers' injuries are counted only where the department reports them: otherwise every
    // officer would read as uninjured.
    const offYear = pub.officers.length ? through(pub.officers.columns.incident, inc.year) : null;
    const offInjuryReported = offYear !== null && lacks("officers.injury").length === 0;
    const offN = offYear ? countRows([offYear], ([y]) => String(y)) : new Map<string, number>();
    const offInj = offYear && offInjuryReported ? countRows([offYear], ([y]) => String(y), where(pub.officers.columns.injury as DataColumn<unknown>, injuredTest)) : new Map<string, number>();
    for (const y of years) {
      const key = String(y);
      const severityRecorded = (subSeverity.get(key) ?? 0) > 0 || (subVague.get(key) ?? 0) === 0;
      rows.push({
        year: y, subjects: subN.get(key) ?? 0, subjects_injured: subInj.get(key) ?? 0,
        subjects_serious_or_death: severityRecorded ? (subGrave.get(key) ?? 0) : null,
        officers: offYear ? (offN.get(key) ?? 0) : null, officers_injured: offInjuryReported ? (offInj.get(key) ?? 0) : null,
        note: severityRecorded ? null : "Injury severity not recorded",
      });
    }
    const notes = [
      ...(pub.officers.length ? [] : ["Officers: not reported by this department."]),
      ...(pub.officers.length && !offInjuryReported ? ["Officers' injuries: not reported by this department."] : []),
    ];
    return {
      need: lacks("subjects.injury"),
      also: pub.officers.length ? lacks("officers.injury") : [coverageName("officers")],
      table: {
        id: "injury-totals",
        title: "Injuries to subjects and officers, by year",
        description: "Subjects and officers injured (any injury, from minor to death, including injuries whose severity was not recorded) in force incidents each year, and subjects seriously injured or killed.",
        columns: [num("year", "Year"), num("subjects", "Subjects"), num("subjects_injured", "Subjects injured"), num("subjects_serious_or_death", "Subjects seriously injured or killed"), num("officers", "Officers who used force"), num("officers_injured", "Officers injured"), str("note", "Note")],
        rows,
        notes,
      },
    };
  },
  summary: injuryTotals,
  view(table, { year, changes, partYears }) {
    // Two lines, the share of subjects injured and the share of officers injured; a missing
    // count leaves a gap, never a zero, and officers are drawn only where reported.
    const SUBJECTS = "Subjects injured", OFFICERS = "Officers injured";
    const pts: SeriesPoint[] = table.rows.flatMap((r) => [
      { series: SUBJECTS, year: r.year as number, value: shareOf(r.subjects_injured, r.subjects) },
      { series: OFFICERS, year: r.year as number, value: shareOf(r.officers_injured, r.officers) },
    ]);
    const officers = pts.some((p) => p.series === OFFICERS && p.value !== null);
    const order = officers ? [SUBJECTS, OFFICERS] : [SUBJECTS];
    return {
      allYears: true,
      marksChanges: true,
      svg: responsive((width) => multiTrend(pts.filter((p) => order.includes(p.series)), { partYears: chartParts(partYears), title: officers ? "Share of subjects and of officers injured, by year" : `Share of subjects injured, by year (${OFFICERS_NOT_REPORTED})`, yLabel: "Injured (%)", order, changes, width, highlight: year, digits: 1 })),
      extra: officers ? "Subjects: the share of people on whom force was used who were injured. Officers: the share of officers who used force who were injured." : `The chart shows subjects only: ${OFFICERS_NOT_REPORTED}.`,
    };
  },
};
