// Injuries to subjects, by the highest level of force used on them.
import type { Cell } from "../lib/aggregates.ts";
import { responsive, stackedBars } from "../lib/charts.ts";
import { NO_FORCE_LEVEL } from "../lib/incidents.ts";
import { FORCE_LEVEL, INJURED_LEVELS, INJURY } from "../lib/schema/vocab.ts";
import { NOT_RECORDED, countRows, label, num, str } from "./count.ts";
import { INJURY_PARTS, LEVEL_PARTS } from "./parts.ts";
import { isNum, lowerFirst, n0, ofYear, pct, share, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

const INJURED = INJURED_LEVELS;
const n = (v: Cell) => (typeof v === "number" ? v : null);

/** ", 6 seriously or fatally"; where how badly is not recorded for every injured person, said so, never 0. */
export function graveText(grave: number, vague: number, injured: number): string {
  if (vague > 0 && vague === injured) return ", how badly was not recorded";
  return `, ${n0(grave)} seriously or fatally${vague > 0 ? ` (how badly was not recorded for ${n0(vague)})` : ""}`;
}

function subjectInjuries(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  if (year.length === 0) return `There are no injury figures for ${y}.`;
  const sum = (test: (r: Row) => boolean) => year.filter(test).reduce((t, r) => t + (r.subjects as number), 0);
  const all = sum(() => true);
  const injured = sum((r) => INJURED.has(String(r.injury)));
  const grave = sum((r) => r.injury === "serious" || r.injury === "death");
  const vague = sum((r) => r.injury === "injured_unspecified");
  const unknown = sum((r) => r.injury === "unknown" || r.injury === "not_recorded");
  // The level at which the share injured was highest, among levels with enough subjects to mean something.
  const byLevel = new Map<number, { n: number; inj: number }>();
  for (const r of year) {
    if (!isNum(r.level)) continue;
    const e = byLevel.get(r.level) ?? { n: 0, inj: 0 };
    e.n += r.subjects as number;
    if (INJURED.has(String(r.injury))) e.inj += r.subjects as number;
    byLevel.set(r.level, e);
  }
  const worst = [...byLevel.entries()].filter(([, e]) => e.n >= 10).sort((a, b) => b[1].inj / b[1].n - a[1].inj / a[1].n)[0];
  const unk = unknown ? ` (injury unknown or not recorded for ${n0(unknown)})` : "";
  const lvl = worst ? `; the share injured was highest where the highest force was level ${worst[0]}, ${lowerFirst(FORCE_LEVEL[worst[0] as 1] ?? "")} (${pct(share(worst[1].inj, worst[1].n)!)} of ${n0(worst[1].n)})` : "";
  return `In ${y}, ${n0(injured)} of ${n0(all)} subjects (${pct(share(injured, all) ?? 0)}) were recorded as injured${graveText(grave, vague, injured)}${unk}${lvl}.`;
}

export const figure: FigureModule = {
  id: "subject-injuries",
  title: "Injuries to subjects, by highest force level",
  section: "injuries",
  fields: ["subjects.injury"],
  policy: ["continuum", "reporting_review"],
  compute({ pub, years, lacks }) {
    const sub = pub.subjects.columns;
    const levelKey = (l: number | null) => (l === null ? NOT_RECORDED : String(l));
    const injKey = (v: string | null) => v ?? NOT_RECORDED;
    const injBy = countRows([sub.year, sub.highest_force_level, sub.injury], ([y, l, inj]) => `${y}|${levelKey(l as number | null)}|${injKey(inj as string | null)}`);
    const rows: Row[] = [];
    for (const y of years)
      for (const l of [...Object.keys(FORCE_LEVEL), NOT_RECORDED])
        for (const inj of [...Object.keys(INJURY), NOT_RECORDED]) {
          const k = injBy.get(`${y}|${l}|${inj}`) ?? 0;
          if (k === 0) continue;
          rows.push({ year: y, level: l === NOT_RECORDED ? null : Number(l), injury: inj, injury_label: label(INJURY, inj === NOT_RECORDED ? null : inj), subjects: k });
        }
    return {
      need: lacks("subjects.injury"),
      table: {
        id: "subject-injuries",
        title: "Injuries to subjects, by highest force level",
        description: "Subjects by the most severe injury they suffered and the highest level of force used on them.",
        columns: [num("year", "Year"), num("level", "Highest force level"), str("injury", "Injury code"), str("injury_label", "Injury"), num("subjects", "Subjects")],
        rows,
        notes: [],
      },
    };
  },
  summary: subjectInjuries,
  view(table, { focus }) {
    const title = `${table.title}, ${focus}`;
    const rows = ofYear(table.rows, focus);
    const levelName = (l: Cell) => (l === null ? NO_FORCE_LEVEL : `${l}. ${LEVEL_PARTS.find((p) => p.key === String(l))?.label ?? l}`);
    const groups = [...new Set(rows.map((r) => levelName(r.level)))];
    // Every count is published exactly (disclosure control hides none), so each bar is whole.
    const segs = rows.map((r) => ({ group: levelName(r.level), part: String(r.injury), value: n(r.subjects) }));
    // The key names only the injuries the year has.
    const parts = INJURY_PARTS.filter((p) => segs.some((s) => s.part === p.key));
    return {
      columns: ["level", "injury_label", "subjects"],
      svg: rows.length ? responsive((width) => stackedBars(segs, { title, parts, groups, xLabel: "Share of subjects by injury, for each highest level of force", width })) : undefined,
    };
  },
};
