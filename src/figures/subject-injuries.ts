// Injuries to subjects, by the highest level of force used on them.
import type { Cell } from "../lib/aggregates.ts";
import { responsive, stackedBars } from "../lib/charts.ts";
import { NO_FORCE_LEVEL } from "../lib/incidents.ts";
import { FORCE_LEVEL, INJURED_LEVELS, INJURY } from "../lib/schema/vocab.ts";
import { NOT_RECORDED, countRows, label, num, str } from "./count.ts";
import { INJURY_PARTS, LEVEL_PARTS } from "./parts.ts";
import { isNum, lowerFirst, n0, ofYear, pct, share, total, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

const INJURED = INJURED_LEVELS;
const n = (v: Cell) => (typeof v === "number" ? v : null);

function subjectInjuries(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  if (year.length === 0) return `There are no injury figures for ${y}.`;
  const all = total(year, "subjects");
  if (all === null) return `In ${y}, some counts in this breakdown by force level are small and hidden; the year's totals are in "Injuries to subjects and officers, by year".`;
  const injured = year.filter((r) => INJURED.has(String(r.injury))).reduce((t, r) => t + (r.subjects as number), 0);
  const grave = year.filter((r) => r.injury === "serious" || r.injury === "death").reduce((t, r) => t + (r.subjects as number), 0);
  const unknown = year.filter((r) => r.injury === "unknown" || r.injury === "not_recorded").reduce((t, r) => t + (r.subjects as number), 0);
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
  return `In ${y}, ${n0(injured)} of ${n0(all)} subjects (${pct(share(injured, all) ?? 0)}) were recorded as injured, ${n0(grave)} seriously or fatally${unk}${lvl}.`;
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
          rows.push({ year: y, level: l === NOT_RECORDED ? null : Number(l), injury: inj, injury_label: label(INJURY, inj === NOT_RECORDED ? null : inj), subjects: k, note: null });
        }
    return {
      need: lacks("subjects.injury"),
      table: {
        id: "subject-injuries",
        title: "Injuries to subjects, by highest force level",
        description: "Subjects by the most severe injury they suffered and the highest level of force used on them.",
        columns: [num("year", "Year"), num("level", "Highest force level"), str("injury", "Injury code"), str("injury_label", "Injury"), num("subjects", "Subjects"), str("note", "Note")],
        rows,
        notes: [],
      },
    };
  },
  summary: subjectInjuries,
  view(table, { focus, agg }) {
    const title = `${table.title}, ${focus}`;
    const rows = ofYear(table.rows, focus);
    const levelName = (l: Cell) => (l === null ? NO_FORCE_LEVEL : `${l}. ${LEVEL_PARTS.find((p) => p.key === String(l))?.label ?? l}`);
    const groups = [...new Set(rows.map((r) => levelName(r.level)))];
    // Suppressed cells are drawn as one "hidden" segment: the level's published total less the
    // cells shown. That sum covers at least two hidden cells, so it reveals none of them.
    const mix = agg.tables["force-level-mix"]?.rows.filter((r) => r.year === focus) ?? [];
    const segs = rows.filter((r) => typeof r.subjects === "number").map((r) => ({ group: levelName(r.level), part: String(r.injury), value: n(r.subjects) }));
    for (const l of new Set(rows.filter((r) => r.subjects === null).map((r) => r.level))) {
      const all = mix.find((m) => m.level === l)?.subjects;
      const shown = rows.filter((r) => r.level === l && typeof r.subjects === "number").reduce((t, r) => t + (r.subjects as number), 0);
      segs.push({ group: levelName(l), part: "suppressed", value: typeof all === "number" ? all - shown : null });
    }
    return {
      columns: ["level", "injury_label", "subjects"],
      svg: rows.length ? responsive((width) => stackedBars(segs, { title, parts: INJURY_PARTS, groups, xLabel: "Share of subjects by injury, for each highest level of force", width })) : undefined,
    };
  },
};
