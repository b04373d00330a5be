// Force per 1,000 dispatched calls by year, with the other denominators where supplied.
import type { Cell } from "../lib/aggregates.ts";
import { coverageName } from "../lib/coverage.ts";
import { rateTrend, responsive } from "../lib/charts.ts";
import { num, rate } from "./count.ts";
import { NOT_REPORTED, change, fmt, isNum, n0, n2, valueIn, chartParts, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";
import { partOf, type PartYear } from "../lib/period.ts";
import { yearsNote } from "../lib/dateKnown.ts";

function rateByYear(rows: Row[], y: number): string {
  const r = rows.find((x) => x.year === y);
  if (!r) return `There are no figures for ${y}.`;
  const rt = r.force_per_1000_dispatched;
  if (!isNum(rt)) {
    const why = r.dispatched_incidents === null ? `how each encounter began is ${NOT_REPORTED}, so force on dispatched calls cannot be counted` : isNum(r.calls_dispatched) ? "there were no dispatched calls to divide by" : `dispatched calls were ${NOT_REPORTED}`;
    return `In ${y}, no rate per 1,000 dispatched calls can be given because ${why}; ${isNum(r.incidents) ? n0(r.incidents) : "an unknown number of"} incidents involved force.`;
  }
  return `In ${y}, ${n2(rt)} of every 1,000 dispatched calls ended in force${change(rt, valueIn(rows, y - 1, "force_per_1000_dispatched"), y - 1, n2)}.`;
}

/**
 * A sentence on the whole trend of force per 1,000 dispatched calls: its range over the full
 * years, then the latest year against the one before; a part year is named and not compared.
 */
export function rateTrendSummary(rows: Row[], parts: readonly PartYear[] = []): string {
  const known = rows.filter((r) => isNum(r.force_per_1000_dispatched) && isNum(r.year)) as (Row & { year: number; force_per_1000_dispatched: number })[];
  if (known.length === 0) {
    if (rows.length > 0 && rows.every((r) => r.dispatched_incidents === null)) return `No rate per 1,000 dispatched calls can be shown: how each encounter began is ${NOT_REPORTED}, so force on dispatched calls cannot be counted.`;
    return `No year has both force incidents and dispatched calls, so no rate can be shown: dispatched calls are ${NOT_REPORTED}.`;
  }
  const full = known.filter((r) => !partOf(parts, r.year));
  const last = known.at(-1)!;
  const lastPart = partOf(parts, last.year);
  const partText = (r: Row & { year: number; force_per_1000_dispatched: number }) => `in ${r.year} (${partOf(parts, r.year)!.label} only) it was ${n2(r.force_per_1000_dispatched)}, a part year, so it is not compared with full years`;
  const partNotes = known.filter((r) => partOf(parts, r.year) && r !== last).map((r) => `; ${partText(r)}`).join("");
  if (full.length === 0) return `In ${last.year} (${lastPart?.label ?? "part"} only), ${n2(last.force_per_1000_dispatched)} of every 1,000 dispatched calls ended in force; it is a part year.`;
  const lo = full.reduce((a, b) => (b.force_per_1000_dispatched < a.force_per_1000_dispatched ? b : a));
  const hi = full.reduce((a, b) => (b.force_per_1000_dispatched > a.force_per_1000_dispatched ? b : a));
  const lastFull = full.at(-1)!;
  const first = full[0];
  const tail = lastPart ? `; ${partText(last)}` : "";
  if (full.length === 1) return `${rateByYear(rows.filter((r) => !partOf(parts, r.year as number)), lastFull.year).replace(/\.$/, "")}${partNotes}${tail}.`;
  const prev = valueIn(rows, lastFull.year - 1, "force_per_1000_dispatched");
  const cmp = partOf(parts, lastFull.year - 1) ? "" : change(lastFull.force_per_1000_dispatched, prev, lastFull.year - 1, n2);
  return `From ${first.year} to ${lastFull.year}, between ${n2(lo.force_per_1000_dispatched)} (${lo.year}) and ${n2(hi.force_per_1000_dispatched)} (${hi.year}) of every 1,000 dispatched calls ended in force; in ${lastFull.year} the figure was ${n2(lastFull.force_per_1000_dispatched)}${cmp}${partNotes}${tail}.`;
}

const n = (v: Cell) => (typeof v === "number" ? v : null);

export const figure: FigureModule = {
  id: "rate-by-year",
  title: "Force per 1,000 dispatched calls, by year",
  section: "how-often",
  fields: ["calls_for_service", "calls_for_service.calls_dispatched", "incidents.contact_origin", "arrests", "population"],
  policy: ["continuum", "de_escalation"],
  compute(ctx) {
    const { pub, years, yearFigures, hasCalls, CALLS, arrestsByYear, popTotal, lacks } = ctx;
    const rows = years.map((y, i) => {
      const f = yearFigures[i];
      const arrests = pub.arrests.length ? (arrestsByYear.get(y) ?? null) : null;
      const pop = popTotal(y);
      return {
        year: y, incidents: f.incidents, dispatched_incidents: f.dispatched_incidents, calls_911: f.calls_911, calls_dispatched: f.calls_dispatched,
        force_per_1000_dispatched: f.force_per_1000_dispatched,
        arrests, force_per_100_arrests: rate(f.incidents, arrests, 100),
        population: pop, force_per_10000_residents: rate(f.incidents, pop, 10000),
      };
    });
    const noPop = rows.every((r) => r.population === null);
    return {
      need: hasCalls ? [] : [CALLS],
      also: [...lacks("incidents.contact_origin"), ...(pub.arrests.length ? [] : [coverageName("arrests")]), ...(noPop ? [coverageName("population")] : [])],
      table: {
        id: "rate-by-year",
        title: "Force per 1,000 dispatched calls, by year",
        description: "Incidents in which force was used on a dispatched call, per 1,000 calls to which an officer was dispatched; with all incidents per 100 arrests and per 10,000 residents where those figures are supplied.",
        columns: [num("year", "Year"), num("incidents", "All force incidents"), num("dispatched_incidents", "Force incidents on dispatched calls"), num("calls_911", "911 calls"), num("calls_dispatched", "Dispatched calls"), num("force_per_1000_dispatched", "Force per 1,000 dispatched calls"), num("arrests", "Arrests"), num("force_per_100_arrests", "Force incidents per 100 arrests"), num("population", "Residents"), num("force_per_10000_residents", "Force incidents per 10,000 residents")],
        rows,
        notes: [
          ...(pub.arrests.length ? [] : ["Arrests: not reported by this department, so no per-arrest rate."]),
          ...(noPop ? ["Population: not reported by this department, so no per-resident rate."] : []),
        ],
      },
    };
  },
  summary: rateByYear,
  view(table, { focus, trend, year, changes, partYears, agg }) {
    const all = table.rows;
    const pts = all.map((r) => ({ year: r.year as number, value: n(r.force_per_1000_dispatched) }));
    const r = all.find((x) => x.year === focus);
    const per = (v: Cell, what: string, unit: string) => (typeof v === "number" ? `${fmt(v, 2)} ${unit}` : `${what} ${NOT_REPORTED}`);
    return {
      allYears: true,
      svg: responsive((width) => rateTrend(pts, { title: table.title, partYears: chartParts(partYears), yLabel: "Force per 1,000 dispatched calls", changes, width, highlight: year })),
      marksChanges: true,
      summary: trend ? rateTrendSummary(all, partYears) : undefined,
      dateNote: yearsNote(agg.meta.date_known, trend ? undefined : focus),
      extra: r ? `Other rates for ${focus}: ${per(r.force_per_100_arrests, "arrests are", "force incidents per 100 arrests")}; ${per(r.force_per_10000_residents, "the population is", "force incidents per 10,000 residents")}. These count all force incidents, dispatched or not.` : undefined,
    };
  },
};
