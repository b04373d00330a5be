// What force: for each force type, the incidents in which it was used, its uses, and the incidents
// on dispatched calls with that type per 1,000 dispatched calls.
import type { Cell } from "../lib/aggregates.ts";
import { barH, multiTrend, responsive, type SeriesPoint } from "../lib/charts.ts";
import { NOT_ON_CONTINUUM } from "../lib/incidents.ts";
import { FORCE_LEVEL, FORCE_TYPE, FORCE_TYPE_LEVEL } from "../lib/schema/vocab.ts";
import { countRows, num, rate, share as shareOf, str, through, type DataColumn } from "./count.ts";
import { NOT_REPORTED, fmt, isNum, listOf, lowerFirst, n0, n2, ofYear, pct, type Row, chartParts } from "./text.ts";
import type { FigureModule } from "./types.ts";

type ForceType = keyof typeof FORCE_TYPE;
const TYPES = Object.keys(FORCE_TYPE) as ForceType[];
const n = (v: Cell) => (typeof v === "number" ? v : null);

// Types that say little about what force was used: never named as the most common.
const VAGUE = new Set<string>(["other", "unknown", "physical_unspecified"]);

// Shorter names where the full one would push the chart's labels above its bars.
const SHORT: Partial<Record<ForceType, string>> = {
  weapon_pointed: "Other weapon pointed",
  physical_unspecified: "Physical, type not recorded",
  firearm_discharge_animal: "Fired at an animal",
  firearm_discharge_unintentional: "Unintentional discharge",
};

/** A force type as the chart names it, with its continuum level: "L4 Takedown", "Fired at an animal (no level)". */
export function typeLabel(type: string, level: Cell): string {
  const name = SHORT[type as ForceType] ?? FORCE_TYPE[type as ForceType] ?? type;
  return isNum(level) ? `L${level} ${name}` : `${name} (no level)`;
}

/** A level as the table names it: "4. Hard control", or not on the continuum. */
const levelLabel = (level: number | null) => (level === null ? NOT_ON_CONTINUUM : `${level}. ${FORCE_LEVEL[level as 1]}`);

/** Most incidents first; at equal counts the higher level, then the canonical order. */
const byIncidents = (a: Row, b: Row) => (b.incidents as number) - (a.incidents as number) || ((b.level as number) ?? 0) - ((a.level as number) ?? 0) || TYPES.indexOf(a.force_type as ForceType) - TYPES.indexOf(b.force_type as ForceType);

function forceTypes(rows: Row[], y: number): string {
  const year = ofYear(rows, y).filter((r) => isNum(r.incidents) && (r.incidents as number) > 0);
  if (year.length === 0) return `There are no force-type figures for ${y}.`;
  const top = year.filter((r) => !VAGUE.has(String(r.force_type))).sort(byIncidents).slice(0, 3);
  if (top.length === 0) return `In ${y}, the types of force used were not recorded in detail.`;
  const part = (r: Row, i: number) => {
    const name = lowerFirst(String(r.force_type_label));
    const s = isNum(r.share_of_incidents) ? pct(r.share_of_incidents) : null;
    const k = r.incidents as number;
    return i === 0 ? `${name} (in ${n0(k)} incident${k === 1 ? "" : "s"}${s ? `, ${s} of force incidents` : ""})` : `${name} (${n0(k)}${s ? `, ${s}` : ""})`;
  };
  const first = top[0];
  const rt = first.incidents_per_1000_dispatched;
  const rateText = isNum(rt)
    ? `; ${lowerFirst(String(first.force_type_label))} was used in ${n2(rt)} of every 1,000 dispatched calls`
    : `; no rate per 1,000 dispatched calls can be given, as dispatched calls are ${NOT_REPORTED}`;
  const lead = top.length === 1 ? "the type of force used in the most incidents was" : "the types of force used in the most incidents were";
  return `In ${y}, ${lead} ${listOf(top.map(part))}${rateText}.`;
}

export const figure: FigureModule = {
  id: "force-types",
  title: "Force by type",
  section: "how-much",
  fields: ["force_uses.force_type"],
  policy: ["continuum"],
  compute({ pub, years, lacks, yearFigures, dispatched, hasCalls, CALLS }) {
    const inc = pub.incidents.columns;
    const uses = pub.force_uses.columns;
    // Incidents by the set of types used in them, counted once per set and then spread over its types.
    const incBySet = countRows([inc.year, inc.force_types as DataColumn<unknown>], ([y, t]) => `${y}|${(t as string[] | null ?? []).join(",")}`);
    const dispBySet = countRows([inc.year, inc.force_types as DataColumn<unknown>], ([y, t]) => `${y}|${(t as string[] | null ?? []).join(",")}`, dispatched);
    const spread = (bySet: Map<string, number>) => {
      const m = new Map<string, number>();
      for (const [k, count] of bySet) {
        const [y, set] = k.split("|");
        for (const t of set ? set.split(",") : []) m.set(`${y}|${t}`, (m.get(`${y}|${t}`) ?? 0) + count);
      }
      return m;
    };
    const incBy = spread(incBySet);
    const dispBy = spread(dispBySet);
    // Uses: force-use rows, each in its incident's year.
    const useBy = countRows([through(uses.incident, inc.year), uses.force_type], ([y, t]) => `${y}|${t}`);
    const used = TYPES.filter((t) => years.some((y) => (incBy.get(`${y}|${t}`) ?? 0) > 0));
    const rows: Row[] = [];
    years.forEach((y, i) => {
      const f = yearFigures[i];
      for (const t of used) {
        const k = incBy.get(`${y}|${t}`) ?? 0;
        const d = dispBy.get(`${y}|${t}`) ?? 0;
        rows.push({
          year: y, force_type: t, force_type_label: FORCE_TYPE[t], level: FORCE_TYPE_LEVEL[t], level_label: levelLabel(FORCE_TYPE_LEVEL[t]),
          incidents: k, uses: useBy.get(`${y}|${t}`) ?? 0, share_of_incidents: shareOf(k, f.incidents),
          dispatched_incidents: d, incidents_per_1000_dispatched: hasCalls ? rate(d, f.calls_dispatched, 1000) : null,
        });
      }
    });
    return {
      need: lacks("force_uses.force_type"),
      also: hasCalls ? [] : [CALLS],
      table: {
        id: "force-types",
        title: "Force by type",
        description: "For each type of force: the force incidents in which it was used (an incident counts once for each type used in it, so the types add up to more than all incidents), its uses (one for each person it was used on, by each officer), and incidents on dispatched calls in which it was used, per 1,000 dispatched calls.",
        columns: [
          num("year", "Year"), str("force_type", "Force type code"), str("force_type_label", "Force type"), num("level", "Continuum level"), str("level_label", "Level"),
          num("incidents", "Incidents in which it was used"), num("uses", "Uses"), num("share_of_incidents", "Share of force incidents (%)"),
          num("dispatched_incidents", "Incidents on dispatched calls"), num("incidents_per_1000_dispatched", "Incidents per 1,000 dispatched calls"),
        ],
        rows,
        notes: [
          "A firearm discharged at an animal, or unintentionally, is not force on a person, so it has no continuum level.",
          ...(hasCalls ? [] : [`Dispatched calls: ${NOT_REPORTED}, so no rate per 1,000 dispatched calls can be given.`]),
        ],
      },
    };
  },
  summary: forceTypes,
  view(table, { focus, trend, year, changes, partYears }) {
    if (trend) {
      // Across years, the most used types (over all years) as lines: their rate per 1,000
      // dispatched calls where every year has one, otherwise their counts of incidents.
      const totals = new Map<string, number>();
      for (const r of table.rows) if (!VAGUE.has(String(r.force_type))) totals.set(String(r.force_type), (totals.get(String(r.force_type)) ?? 0) + (n(r.incidents) ?? 0));
      const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([t]) => t);
      const picked = table.rows.filter((r) => top.includes(String(r.force_type)));
      const byRate = picked.length > 0 && picked.every((r) => isNum(r.incidents_per_1000_dispatched));
      const label = (t: string) => typeLabel(t, FORCE_TYPE_LEVEL[t as ForceType]);
      const pts: SeriesPoint[] = picked.map((r) => ({ series: label(String(r.force_type)), year: r.year as number, value: n(byRate ? r.incidents_per_1000_dispatched : r.incidents) }));
      const title = `The ${top.length} most used types of force, by year`;
      return {
        allYears: true,
        marksChanges: true,
        columns: ["year", "force_type_label", "level_label", "incidents", "uses", "share_of_incidents", "incidents_per_1000_dispatched"],
        svg: top.length ? responsive((width) => multiTrend(pts, { partYears: chartParts(partYears), title, yLabel: byRate ? "Incidents per 1,000 dispatched calls" : "Force incidents", order: top.map(label), changes, width, highlight: year, digits: byRate ? 2 : 0 })) : undefined,
        extra: top.length ? `The chart shows the ${top.length} types used in the most incidents over all years (${byRate ? "incidents on dispatched calls in which the type was used, per 1,000 dispatched calls" : "force incidents in which the type was used"}); the table has every type.` : undefined,
      };
    }
    const title = `${table.title}, ${focus}`;
    const rows = ofYear(table.rows, focus).filter((r) => isNum(r.incidents) && (r.incidents as number) > 0).sort(byIncidents);
    const withRate = rows.some((r) => isNum(r.incidents_per_1000_dispatched));
    const xLabel = withRate
      ? "Force incidents in which each type was used (in brackets: incidents on dispatched calls per 1,000 dispatched calls); L1 to L6 is the continuum level"
      : `Force incidents in which each type was used (no rate: dispatched calls ${NOT_REPORTED}); L1 to L6 is the continuum level`;
    const bars = rows.map((r) => ({
      label: typeLabel(String(r.force_type), r.level),
      value: n(r.incidents),
      text: `${fmt(n(r.incidents))}${withRate ? ` (${isNum(r.incidents_per_1000_dispatched) ? fmt(r.incidents_per_1000_dispatched, 2) : "not reported"})` : ""}`,
    }));
    return {
      columns: ["force_type_label", "level_label", "incidents", "uses", "share_of_incidents", "dispatched_incidents", "incidents_per_1000_dispatched"],
      svg: bars.length ? responsive((width) => barH(bars, { title, xLabel, width })) : undefined,
    };
  },
};
