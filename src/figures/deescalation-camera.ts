// De-escalation attempted and body-worn camera activation.
import type { Cell } from "../lib/aggregates.ts";
import { NOT_REPORTED_TEXT, coverageName } from "../lib/coverage.ts";
import { barH, responsive, seriesTrend } from "../lib/charts.ts";
import { listText } from "../lib/methodology.ts";
import { NOT_RECORDED, countRows, num, share, str } from "./count.ts";
import { NOT_REPORTED, fmt, isNum, n0, ofYear, pct, chartParts, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

const n = (v: Cell) => (typeof v === "number" ? v : null);

function deescalationCamera(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  const d = year.find((r) => r.measure === "deescalation_attempted");
  const c = year.find((r) => r.measure === "bwc_activated");
  if (!d && !c) return `There are no de-escalation or camera figures for ${y}.`;
  const dd = d && isNum(d.share_yes_of_known) ? `de-escalation was attempted in ${pct(d.share_yes_of_known)} of force incidents where this was recorded (${n0(d.yes as number)} of ${n0((d.yes as number) + (d.no as number))})` : `whether de-escalation was attempted was ${NOT_REPORTED}`;
  const cc = c && isNum(c.share_yes_of_known) ? `body-worn cameras were activated in ${pct(c.share_yes_of_known)} (${n0(c.yes as number)} of ${n0((c.yes as number) + (c.no as number))})` : `whether cameras were activated was ${NOT_REPORTED}`;
  return `In ${y}, ${dd}, and ${cc}.`;
}

export const figure: FigureModule = {
  id: "deescalation-camera",
  title: "De-escalation attempted and body-worn camera activation",
  section: "de-escalation",
  fields: ["incidents.deescalation_attempted", "incidents.bwc_activated"],
  policy: ["de_escalation", "reporting_review"],
  compute({ pub, years, has }) {
    const inc = pub.incidents.columns;
    const rows: Row[] = [];
    // A measure the department does not report is left out (and named), never counted as all not recorded.
    const allMeasures = [["deescalation_attempted", "De-escalation attempted"], ["bwc_activated", "Body-worn camera activated"]] as const;
    const measures = allMeasures.filter(([m]) => has(`incidents.${m}`));
    const lacked = allMeasures.filter(([m]) => !has(`incidents.${m}`)).map(([m]) => coverageName(`incidents.${m}`));
    const byMeasure = measures.map(([measure]) => countRows([inc.year, inc[measure]], ([y, v]) => `${y}|${v ?? NOT_RECORDED}`));
    for (const y of years) {
      measures.forEach(([measure, mlabel], m) => {
        const c = (v: string) => byMeasure[m].get(`${y}|${v}`);
        const yes = c("yes") ?? 0, no = c("no") ?? 0;
        rows.push({ year: y, measure, measure_label: mlabel, yes, no, unknown: c("unknown") ?? 0, not_recorded: c(NOT_RECORDED) ?? 0, share_yes_of_known: share(yes, yes + no) });
      });
    }
    return {
      need: measures.length === 0 ? lacked : [],
      also: measures.length === 0 ? [] : lacked,
      table: {
        id: "deescalation-camera",
        title: "De-escalation attempted and body-worn camera activation",
        description: "Force incidents by whether de-escalation was attempted and whether body-worn cameras were activated; shares are of incidents where the answer is known.",
        columns: [num("year", "Year"), str("measure", "Measure code"), str("measure_label", "Measure"), num("yes", "Yes"), num("no", "No"), num("unknown", "Unknown"), num("not_recorded", "Not recorded"), num("share_yes_of_known", "Share yes, of known (%)")],
        rows,
        notes: measures.length && lacked.length ? [`${NOT_REPORTED_TEXT}: ${listText(lacked)}, so it is not shown.`] : [],
      },
    };
  },
  summary: deescalationCamera,
  view(table, { focus, trend, changes, partYears }) {
    const columns = ["year", "measure_label", "yes", "no", "unknown", "not_recorded", "share_yes_of_known"];
    if (trend) {
      const pts = table.rows.map((r) => ({ series: String(r.measure_label), year: r.year as number, value: n(r.share_yes_of_known) }));
      return { allYears: true, columns, marksChanges: true, svg: responsive((width) => seriesTrend(pts, { title: table.title, partYears: chartParts(partYears), yLabel: "Share of force incidents, where known (%)", digits: 1, changes, width })) };
    }
    const title = `${table.title}, ${focus}`;
    return {
      columns: columns.slice(1),
      svg: responsive((width) => barH(ofYear(table.rows, focus).map((r) => ({ label: String(r.measure_label), value: n(r.share_yes_of_known), text: typeof r.share_yes_of_known === "number" ? `${fmt(r.share_yes_of_known, 1)}% (${fmt(n(r.yes))} of ${fmt((n(r.yes) ?? 0) + (n(r.no) ?? 0))})` : undefined })), { title, xLabel: "Share of force incidents where the answer is known", unit: "%", digits: 1, max: 100, width })),
    };
  },
};
