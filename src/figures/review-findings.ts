// Force reviews by finding.
import type { Cell } from "../lib/aggregates.ts";
import { barH, responsive, stackedBars } from "../lib/charts.ts";
import { REVIEW_FINDING } from "../lib/schema/vocab.ts";
import { NOT_RECORDED, countRows, label, num, str } from "./count.ts";
import { FINDING_PARTS } from "./parts.ts";
import { n0, ofYear, pct, share, total, chartParts, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

const n = (v: Cell) => (typeof v === "number" ? v : null);
const missingOf = (r: Row) => (r.note === "suppressed" ? "suppressed" : "not reported");

function reviewFindings(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  if (year.length === 0) return `There are no review findings for ${y}.`;
  const all = total(year, "incidents");
  if (all === null) return `In ${y}, some review counts are suppressed; see the table.`;
  if (all === 0) return `In ${y}, no force incidents were reviewed.`;
  const c = (f: string) => (year.find((r) => r.finding === f)?.incidents as number | undefined) ?? 0;
  const within = c("within_policy"), issue = c("within_policy_training_issue"), out = c("out_of_policy"), pending = c("pending");
  return `In ${y}, reviews found ${n0(within)} of ${n0(all)} force incidents (${pct(share(within, all)!)}) within policy, ${n0(issue)} within policy with a training or policy issue, and ${n0(out)} (${pct(share(out, all)!)}) out of policy; ${n0(pending)} ${pending === 1 ? "was" : "were"} pending.`;
}

export const figure: FigureModule = {
  id: "review-findings",
  title: "Force reviews by finding",
  section: "accountability",
  fields: ["incidents.review_finding"],
  policy: ["reporting_review", "oversight"],
  compute({ pub, years, lacks }) {
    const inc = pub.incidents.columns;
    const revBy = countRows([inc.year, inc.review_finding], ([y, f]) => `${y}|${f ?? NOT_RECORDED}`);
    const rows: Row[] = [];
    for (const y of years)
      for (const f of [...Object.keys(REVIEW_FINDING), NOT_RECORDED]) {
        const k = revBy.get(`${y}|${f}`) ?? 0;
        if (k === 0 && f === NOT_RECORDED) continue;
        rows.push({ year: y, finding: f, finding_label: label(REVIEW_FINDING, f === NOT_RECORDED ? null : f), incidents: k });
      }
    return {
      need: lacks("incidents.review_finding"),
      table: {
        id: "review-findings",
        title: "Force reviews by finding",
        description: "Force incidents by the finding of the department's review.",
        columns: [num("year", "Year"), str("finding", "Finding code"), str("finding_label", "Finding"), num("incidents", "Incidents")],
        rows,
        notes: [],
      },
    };
  },
  summary: reviewFindings,
  view(table, { focus, trend, partYears }) {
    const columns = ["year", "finding_label", "incidents"];
    if (trend) {
      const segs = table.rows.map((r) => ({ group: String(r.year), part: String(r.finding), value: n(r.incidents) }));
      return { allYears: true, columns, svg: responsive((width) => stackedBars(segs, { title: table.title, partYears: chartParts(partYears), parts: FINDING_PARTS, xLabel: "Share of force incidents, by review finding", width })) };
    }
    const title = `${table.title}, ${focus}`;
    return { columns: columns.slice(1), svg: responsive((width) => barH(ofYear(table.rows, focus).map((r) => ({ label: String(r.finding_label), value: n(r.incidents), missing: missingOf(r) })), { title, xLabel: "Force incidents", width })) };
  },
};
