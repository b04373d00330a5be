// Complaints received and their findings.
import type { Cell } from "../lib/aggregates.ts";
import { coverageName } from "../lib/coverage.ts";
import { barH, responsive, seriesTrend } from "../lib/charts.ts";
import type { PublishedComplaint } from "../lib/schema/published.ts";
import { COMPLAINT_FINDING } from "../lib/schema/vocab.ts";
import { NOT_RECORDED, countBy, median, num } from "./count.ts";
import { NOT_REPORTED, change, isNum, n0, n1, valueIn, chartParts, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

const n = (v: Cell) => (typeof v === "number" ? v : null);

function complaints(rows: Row[], y: number): string {
  if (rows.length === 0) return `Complaints are ${NOT_REPORTED}.`;
  const r = rows.find((x) => x.year === y);
  if (!r) return `Complaints for ${y} are ${NOT_REPORTED}.`;
  const v = (k: string) => (isNum(r[k]) ? n0(r[k] as number) : "an unreported number of");
  const was = isNum(r.received) ? change(r.received, valueIn(rows, y - 1, "received"), y - 1, n0).replace(/^, /, "").replace(/^ \((.*)\)$/, "$1") : "";
  const recv = isNum(r.received) ? `${n0(r.received)} complaints were received${was ? ` (${was})` : ""}` : `the number of complaints received was ${NOT_REPORTED}`;
  const days = isNum(r.median_days_to_close) ? `, and the median complaint took ${n1(r.median_days_to_close).replace(/\.0$/, "")} days to close` : "";
  return `In ${y}, ${recv}, ${v("excessive_force")} of them alleging excessive force; ${v("sustained")} were sustained and ${v("with_discipline")} led to discipline${days}.`;
}

export const figure: FigureModule = {
  id: "complaints",
  title: "Complaints received and their findings",
  section: "accountability",
  fields: ["complaints"],
  policy: ["complaints", "oversight"],
  empty: `Complaints are ${NOT_REPORTED}.`,
  compute({ pub, years }) {
    const rows: Row[] = [];
    const byYear = new Map<number, PublishedComplaint[]>();
    for (let i = 0; i < pub.complaints.length; i++) {
      const c = pub.complaints.row(i);
      const list = byYear.get(c.year);
      if (list) list.push(c);
      else byYear.set(c.year, [c]);
    }
    for (const y of years) {
      const cs = byYear.get(y) ?? [];
      if (!pub.complaints.length) break;
      const by = countBy(cs, (c) => c.finding ?? NOT_RECORDED);
      const row: Row = { year: y, received: cs.length, excessive_force: cs.filter((c) => c.allegation === "excessive_force").length };
      for (const f of Object.keys(COMPLAINT_FINDING)) row[f] = by.get(f) ?? 0;
      row.with_discipline = cs.filter((c) => c.discipline !== null && !["none", "pending", "not_released", "unknown"].includes(c.discipline)).length;
      row.median_days_to_close = median(cs.map((c) => c.days_to_close).filter((d): d is number => d !== null));
      rows.push(row);
    }
    return {
      need: pub.complaints.length ? [] : [coverageName("complaints")],
      table: {
        id: "complaints",
        title: "Complaints received and their findings",
        description: "Complaints received each year, by finding, with those that led to discipline and the median days from receipt to close.",
        columns: [num("year", "Year"), num("received", "Received"), num("excessive_force", "Alleging excessive force"), ...Object.entries(COMPLAINT_FINDING).map(([kf, lf]) => num(kf, lf)), num("with_discipline", "Led to discipline"), num("median_days_to_close", "Median days to close")],
        rows,
        notes: [],
      },
    };
  },
  summary: complaints,
  view(table, { focus, trend, partYears }) {
    const all = table.rows;
    if (all.length === 0) return {};
    const measures = [["received", "Received"], ["excessive_force", "Alleging excessive force"], ["sustained", "Sustained"], ["with_discipline", "Led to discipline"]] as const;
    if (trend) {
      const pts = all.flatMap((r) => measures.map(([k, lbl]) => ({ series: lbl, year: r.year as number, value: n(r[k]) })));
      return { allYears: true, svg: responsive((width) => seriesTrend(pts, { title: table.title, partYears: chartParts(partYears), yLabel: "Complaints", digits: 0, width })) };
    }
    const r = all.find((x) => x.year === focus);
    if (!r) return {};
    const title = `${table.title}, ${focus}`;
    const keys = table.columns.filter((c) => c.type === "number" && !["year", "median_days_to_close"].includes(c.key));
    return { svg: responsive((width) => barH(keys.map((c) => ({ label: c.label, value: n(r[c.key]) })), { title, xLabel: "Complaints received in the year", width })) };
  },
};
