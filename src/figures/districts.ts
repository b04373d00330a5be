// Where: force incidents by district, as counts and per 1,000 dispatched calls.
import type { Cell } from "../lib/aggregates.ts";
import { NOT_REPORTED_TEXT } from "../lib/coverage.ts";
import { barH, responsive } from "../lib/charts.ts";
import { WITHHELD, WITHHELD_LABEL } from "../lib/schema/disclosure.ts";
import { countRows, distinct, num, rate, str, type DataColumn } from "./count.ts";
import { NOT_REPORTED, change, fmt, isNum, n0, n2, ofYear, valueIn, type Row } from "./text.ts";
import type { FigureModule, SummaryOptions } from "./types.ts";
import { districtChartsPath } from "../lib/slug.ts";

const n = (v: Cell) => (typeof v === "number" ? v : null);

function districts(rows: Row[], y: number, { district: code }: SummaryOptions): string {
  if (code !== undefined) {
    const mine = rows.filter((r) => r.district === code);
    const r = mine.find((x) => x.year === y);
    if (!r) return `There are no figures for this district in ${y}.`;
    const name = String(r.district_name);
    const inc = isNum(r.incidents) ? `; ${n0(r.incidents)} force incidents in all` : "";
    if (!isNum(r.force_per_1000_dispatched)) return `In ${y}, dispatched calls in ${name} were ${NOT_REPORTED}, so no rate can be given${inc}.`;
    return `In ${y}, ${n2(r.force_per_1000_dispatched)} of every 1,000 dispatched calls in ${name} ended in force${change(r.force_per_1000_dispatched, valueIn(mine, y - 1, "force_per_1000_dispatched"), y - 1, n2)}${inc}.`;
  }
  const year = ofYear(rows, y);
  const known = year.filter((r) => isNum(r.force_per_1000_dispatched)).sort((a, b) => (b.force_per_1000_dispatched as number) - (a.force_per_1000_dispatched as number));
  if (year.length === 0) return `There are no district figures for ${y}.`;
  if (known.length === 0) return `In ${y}, dispatched calls by district were ${NOT_REPORTED}, so no district rate can be given.`;
  const hi = known[0], lo = known.at(-1)!;
  const gaps = year.length - known.length;
  const tail = gaps ? `; ${gaps} district${gaps > 1 ? "s have" : " has"} no count of dispatched calls, so no rate` : "";
  return `In ${y}, the rate of force on dispatched calls was highest in ${hi.district_name} (${n2(hi.force_per_1000_dispatched as number)} per 1,000 dispatched calls) and lowest in ${lo.district_name} (${n2(lo.force_per_1000_dispatched as number)})${tail}.`;
}

export const figure: FigureModule = {
  id: "districts",
  title: "Force by district",
  section: "where",
  fields: ["incidents.district", "incidents.contact_origin", "calls_for_service", "calls_for_service.calls_dispatched"],
  policy: ["community_engagement"],
  compute({ pub, config, years, dispBy, dispatched, hasCalls, hasOrigin, CALLS, lacks }) {
    const inc = pub.incidents.columns;
    const incByDistrict = countRows([inc.year, inc.district], ([y, d]) => `${y}|${d}`);
    const dispByDistrict = countRows([inc.year, inc.district], ([y, d]) => `${y}|${d}`, dispatched);
    const rows: Row[] = [];
    // Incidents whose district was withheld are a row of their own, so the districts add up to the total.
    const withheldDistrict = distinct(inc.district as DataColumn<unknown>).includes(WITHHELD) ? [{ code: WITHHELD, name: WITHHELD_LABEL }] : [];
    for (const y of years)
      for (const d of [...config.districts, ...withheldDistrict]) {
        const k = dispByDistrict.get(`${y}|${d.code}`) ?? 0;
        const calls = dispBy.get(`${y}|d:${d.code}`) ?? null;
        const row: Row = { year: y, district: d.code, district_name: d.name, incidents: incByDistrict.get(`${y}|${d.code}`) ?? 0 };
        // Without how each encounter began, or without calls for service, the columns that need
        // them are left out, not published empty or as 0.
        if (hasOrigin) row.dispatched_incidents = k;
        if (hasCalls && hasOrigin) Object.assign(row, { calls_dispatched: calls, force_per_1000_dispatched: rate(k, calls, 1000) });
        rows.push(row);
      }
    return {
      also: [...(hasCalls ? [] : [CALLS]), ...lacks("incidents.contact_origin")],
      table: {
        id: "districts",
        title: "Force by district",
        description: "Force incidents in each district, and those on dispatched calls per 1,000 dispatched calls in that district.",
        columns: [num("year", "Year"), str("district", "District code"), str("district_name", "District"), num("incidents", "All force incidents"), ...(hasOrigin ? [num("dispatched_incidents", "Force incidents on dispatched calls")] : []), ...(hasCalls && hasOrigin ? [num("calls_dispatched", "Dispatched calls"), num("force_per_1000_dispatched", "Force per 1,000 dispatched calls")] : [])],
        rows,
        notes: [
          ...(hasCalls ? [] : [`Dispatched calls: ${NOT_REPORTED_TEXT.toLowerCase()}, so no rate per 1,000 dispatched calls can be given; the counts of force incidents are shown instead.`]),
          ...(hasOrigin ? [] : [`How each encounter began: ${NOT_REPORTED_TEXT.toLowerCase()}, so force on dispatched calls cannot be counted; all force incidents are shown instead.`]),
        ],
      },
    };
  },
  summary: districts,
  view(table, { focus, agg }) {
    const title = `${table.title}, ${focus}`;
    const rows = ofYear(table.rows, focus);
    // With no dispatched calls to divide by, the bars are counts of force incidents, said so in the axis label.
    const hasRate = table.columns.some((c) => c.key === "force_per_1000_dispatched");
    const key = hasRate ? "force_per_1000_dispatched" : "incidents";
    const digits = hasRate ? 2 : 0;
    const hasDispatched = table.columns.some((c) => c.key === "dispatched_incidents");
    const xLabel = hasRate ? "Force per 1,000 dispatched calls (force incidents on dispatched calls in brackets)" : hasDispatched ? "Force incidents (on dispatched calls in brackets); no rate: dispatched calls not reported" : "Force incidents; no rate: how each encounter began is not reported";
    return {
      columns: hasRate ? ["district_name", "incidents", "dispatched_incidents", "calls_dispatched", "force_per_1000_dispatched"] : hasDispatched ? ["district_name", "incidents", "dispatched_incidents"] : ["district_name", "incidents"],
      svg: responsive((width) => barH(rows.map((r) => ({ label: String(r.district_name), value: n(r[key]), text: typeof r[key] === "number" ? (hasDispatched ? `${fmt(r[key] as number, digits)} (${fmt(n(r.dispatched_incidents))})` : fmt(r[key] as number, digits)) : undefined })), { title, xLabel, ...(hasRate ? { digits } : {}), width })),
      links: { lead: "Each district across the years", items: agg.meta.districts.map((d) => ({ label: d.name, path: districtChartsPath(d.code) })) },
    };
  },
};
