// Force per 1,000 dispatched calls, by call type.
import type { Cell } from "../lib/aggregates.ts";
import { barH, responsive, seriesTrend, type Bar } from "../lib/charts.ts";
import { CALL_TYPE } from "../lib/schema/vocab.ts";
import { countRows, num, rate, str } from "./count.ts";
import { NOT_REPORTED, fmt, isNum, n2, ofYear, chartParts, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

const n = (v: Cell) => (typeof v === "number" ? v : null);

function rateByCallType(rows: Row[], y: number): string {
  const year = ofYear(rows, y).filter((r) => r.call_type !== "unknown");
  const known = year.filter((r) => isNum(r.force_per_1000_dispatched));
  if (year.length === 0) return `There are no call-type figures for ${y}.`;
  if (known.length === 0) return `In ${y}, dispatched calls by call type were ${NOT_REPORTED}, so no rate by call type can be given.`;
  const by = (a: Row, b: Row) => (b.force_per_1000_dispatched as number) - (a.force_per_1000_dispatched as number);
  const sorted = [...known].sort(by);
  const hi = sorted[0], lo = sorted.at(-1)!;
  const gaps = year.length - known.length;
  const tail = gaps ? `; ${gaps} call type${gaps > 1 ? "s have" : " has"} no count of dispatched calls, so no rate` : "";
  if (hi === lo) return `In ${y}, the rate for “${hi.call_type_label}” calls was ${n2(hi.force_per_1000_dispatched as number)} per 1,000 dispatched calls${tail}.`;
  return `In ${y}, force was used most often on “${hi.call_type_label}” calls (${n2(hi.force_per_1000_dispatched as number)} per 1,000 dispatched calls) and least often on “${lo.call_type_label}” calls (${n2(lo.force_per_1000_dispatched as number)})${tail}.`;
}

export const figure: FigureModule = {
  id: "rate-by-call-type",
  title: "Force per 1,000 dispatched calls, by call type",
  section: "how-often",
  fields: ["calls_for_service", "calls_for_service.calls_dispatched", "incidents.call_type", "incidents.contact_origin"],
  policy: ["continuum", "crisis_response"],
  compute({ pub, years, dispBy, dispatched, hasCalls, CALLS, lacks }) {
    const inc = pub.incidents.columns;
    const dispByTypeYear = countRows([inc.year, inc.call_type], ([y, t]) => `${y}|${t}`, dispatched);
    const rows: Row[] = [];
    for (const y of years)
      for (const t of Object.keys(CALL_TYPE)) {
        const k = dispByTypeYear.get(`${y}|${t}`) ?? 0;
        const d = dispBy.get(`${y}|${t}`) ?? null;
        if (k === 0 && d === null) continue;
        rows.push({ year: y, call_type: t, call_type_label: CALL_TYPE[t as keyof typeof CALL_TYPE], dispatched_incidents: k, calls_dispatched: d, force_per_1000_dispatched: rate(k, d, 1000) });
      }
    return {
      need: [...(hasCalls ? [] : [CALLS]), ...lacks("incidents.call_type"), ...lacks("incidents.contact_origin")],
      table: {
        id: "rate-by-call-type",
        title: "Force per 1,000 dispatched calls, by call type",
        description: "Force incidents on dispatched calls of each type, per 1,000 dispatched calls of that type.",
        columns: [num("year", "Year"), str("call_type", "Call type code"), str("call_type_label", "Call type"), num("dispatched_incidents", "Force incidents on dispatched calls"), num("calls_dispatched", "Dispatched calls"), num("force_per_1000_dispatched", "Force per 1,000 dispatched calls")],
        rows,
        notes: [],
      },
    };
  },
  summary: rateByCallType,
  view(table, { focus, trend, changes, partYears }) {
    const columns = ["year", "call_type_label", "dispatched_incidents", "calls_dispatched", "force_per_1000_dispatched"];
    if (trend) {
      const pts = table.rows.map((r) => ({ series: String(r.call_type_label), year: r.year as number, value: n(r.force_per_1000_dispatched) }));
      return { allYears: true, columns, marksChanges: true, svg: responsive((width) => seriesTrend(pts, { title: table.title, partYears: chartParts(partYears), yLabel: "Force per 1,000 dispatched calls", changes, width })) };
    }
    const title = `${table.title}, ${focus}`;
    const rows = [...ofYear(table.rows, focus)].sort((a, b) => (n(b.force_per_1000_dispatched) ?? -1) - (n(a.force_per_1000_dispatched) ?? -1));
    const bars: Bar[] = rows.map((r) => ({ label: String(r.call_type_label), value: n(r.force_per_1000_dispatched), text: typeof r.force_per_1000_dispatched === "number" ? `${fmt(r.force_per_1000_dispatched, 2)} (${fmt(n(r.dispatched_incidents))})` : undefined }));
    return { columns: columns.slice(1), svg: responsive((width) => barH(bars, { title, xLabel: "Force per 1,000 dispatched calls (force incidents in brackets)", digits: 2, width })) };
  },
};
