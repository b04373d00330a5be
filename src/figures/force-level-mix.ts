// Subjects and incidents by the highest level of force used.
import type { Cell } from "../lib/aggregates.ts";
import { barH, responsive, stackedBars, type Bar } from "../lib/charts.ts";
import { NO_FORCE_LEVEL } from "../lib/incidents.ts";
import { FORCE_LEVEL } from "../lib/schema/vocab.ts";
import { NOT_RECORDED, countRows, num, share as shareOf, str } from "./count.ts";
import { LEVEL_PARTS } from "./parts.ts";
import { change, fmt, isNum, lowerFirst, n0, ofYear, pct, share, total, chartParts, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

const n = (v: Cell) => (typeof v === "number" ? v : null);
const missingOf = (r: Row) => (r.note === "suppressed" ? "suppressed" : "not reported");

function forceLevelMix(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  const all = total(year, "subjects");
  const levels = year.filter((r) => isNum(r.level) && isNum(r.subjects));
  if (year.length === 0 || all === null) return year.length ? `In ${y}, some counts by force level are suppressed, so the mix cannot be summarised; see the table.` : `There are no force-level figures for ${y}.`;
  if (all === 0) return `In ${y}, no subjects were recorded.`;
  const top = [...levels].sort((a, b) => (b.subjects as number) - (a.subjects as number))[0];
  // Subjects with no level: neither their force types nor the department's own levels (where its
  // mapping places them on the continuum) give one. Where they are as many as the most common
  // level, that level is named only among the subjects whose level is known.
  const none = year.filter((r) => r.level === null && isNum(r.subjects)).reduce((t, r) => t + (r.subjects as number), 0);
  const known = levels.reduce((t, r) => t + (r.subjects as number), 0);
  if (known === 0) return `In ${y}, the highest level of force is not reported for any of the ${n0(all)} subjects: neither the force types nor the department's own levels place the force used on the continuum.`;
  if (none > 0 && none >= (top.subjects as number)) {
    return `In ${y}, the highest level of force is not reported for ${n0(none)} of ${n0(all)} subjects (${pct(share(none, all)!)}): neither the force types nor the department's own levels place the force used on them on the continuum. Among the ${n0(known)} whose level is known, ${lowerFirst(String(top.level_label))} was the most common, used on ${n0(top.subjects as number)}.`;
  }
  const highOf = (rs: Row[]) => rs.filter((r) => isNum(r.level) && (r.level as number) >= 5).reduce((t, r) => t + (r.subjects as number), 0);
  const high = highOf(year);
  const highShare = share(high, all)!;
  const prev = ofYear(rows, y - 1);
  const prevAll = prev.length ? total(prev, "subjects") : null;
  const prevShare = prev.length ? (prevAll ? share(highOf(prev), prevAll) : null) : undefined;
  return `In ${y}, ${lowerFirst(String(top.level_label))} was the most common highest level of force, used on ${n0(top.subjects as number)} of ${n0(all)} subjects (${pct(share(top.subjects as number, all)!)}); less-lethal weapons or deadly force were used on ${n0(high)} (${pct(highShare)})${prevShare === undefined ? "" : change(highShare, prevShare, y - 1, pct, "not known")}.`;
}

export const figure: FigureModule = {
  id: "force-level-mix",
  title: "Subjects and incidents by highest force level",
  section: "how-much",
  fields: ["force_uses.force_type"],
  policy: ["continuum"],
  compute({ pub, years, subByYear }) {
    const inc = pub.incidents.columns;
    const sub = pub.subjects.columns;
    const levelKey = (l: number | null) => (l === null ? NOT_RECORDED : String(l));
    const subByLevel = countRows([sub.year, sub.highest_force_level], ([y, l]) => `${y}|${levelKey(l as number | null)}`);
    const incByLevel = countRows([inc.year, inc.highest_force_level], ([y, l]) => `${y}|${levelKey(l as number | null)}`);
    const rows: Row[] = [];
    for (const y of years) {
      const all = subByYear.get(String(y)) ?? 0;
      for (const l of [...Object.keys(FORCE_LEVEL), NOT_RECORDED]) {
        const s = subByLevel.get(`${y}|${l}`) ?? 0;
        const i = incByLevel.get(`${y}|${l}`) ?? 0;
        if (l === NOT_RECORDED && s === 0 && i === 0) continue;
        rows.push({ year: y, level: l === NOT_RECORDED ? null : Number(l), level_label: l === NOT_RECORDED ? NO_FORCE_LEVEL : FORCE_LEVEL[Number(l) as 1], subjects: s, incidents: i, share_of_subjects: shareOf(s, all) });
      }
    }
    return {
      table: {
        id: "force-level-mix",
        title: "Subjects and incidents by highest force level",
        description: "Each subject counted once, at the highest continuum level of force used on them; each incident at the highest level used in it.",
        columns: [num("year", "Year"), num("level", "Level"), str("level_label", "Highest force level"), num("subjects", "Subjects"), num("incidents", "Incidents"), num("share_of_subjects", "Share of subjects (%)")],
        rows,
        notes: [],
      },
    };
  },
  summary: forceLevelMix,
  view(table, { focus, trend, partYears }) {
    const columns = ["year", "level_label", "subjects", "incidents", "share_of_subjects"];
    if (trend) {
      const segs = table.rows.map((r) => ({ group: String(r.year), part: String(r.level), value: n(r.subjects) }));
      return { allYears: true, columns, svg: responsive((width) => stackedBars(segs, { title: table.title, partYears: chartParts(partYears), parts: LEVEL_PARTS, xLabel: "Share of subjects, by the highest level of force used on them", width })) };
    }
    const title = `${table.title}, ${focus}`;
    const bars: Bar[] = ofYear(table.rows, focus).map((r) => ({ label: r.level === null ? "Not recorded" : `${r.level}. ${r.level_label}`, value: n(r.share_of_subjects), text: typeof r.share_of_subjects === "number" ? `${fmt(r.share_of_subjects, 1)}% (${fmt(n(r.subjects))})` : undefined, missing: missingOf(r) }));
    return { columns: columns.slice(1), svg: responsive((width) => barH(bars, { title, xLabel: "Share of subjects (subjects in brackets)", unit: "%", digits: 1, width })) };
  },
};
