// Training: sworn officers, crisis-intervention training and de-escalation hours.
import type { Cell } from "../lib/aggregates.ts";
import { coverageName } from "../lib/coverage.ts";
import { rateTrend, responsive } from "../lib/charts.ts";
import { num, share } from "./count.ts";
import { NOT_REPORTED, isNum, n0, pct, chartParts, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

const n = (v: Cell) => (typeof v === "number" ? v : null);

function training(rows: Row[], y: number): string {
  if (rows.length === 0) return `Training is ${NOT_REPORTED}.`;
  const r = rows.find((x) => x.year === y);
  if (!r) return `Training figures for ${y} are ${NOT_REPORTED}.`;
  const cit = isNum(r.cit_trained_officers) && isNum(r.sworn_officers)
    ? `${n0(r.cit_trained_officers)} of ${n0(r.sworn_officers)} sworn officers (${pct(r.share_cit_trained as number)}) were trained in crisis intervention`
    : `crisis-intervention training was ${NOT_REPORTED}`;
  const hours = isNum(r.deescalation_training_hours) ? `officers received ${n0(r.deescalation_training_hours)} hours of de-escalation training` : `de-escalation training hours were ${NOT_REPORTED}`;
  return `In ${y}, ${cit}, and ${hours}.`;
}

export const figure: FigureModule = {
  id: "training",
  title: "Training",
  section: "accountability",
  fields: ["training"],
  policy: ["de_escalation", "crisis_response"],
  empty: `Training is ${NOT_REPORTED}.`,
  compute({ pub }) {
    return {
      need: pub.training.length ? [] : [coverageName("training")],
      table: {
        id: "training",
        title: "Training",
        description: "Sworn officers, officers trained in crisis intervention, and de-escalation training hours, by year.",
        columns: [num("year", "Year"), num("sworn_officers", "Sworn officers"), num("cit_trained_officers", "Crisis-intervention trained"), num("share_cit_trained", "Share trained (%)"), num("deescalation_training_hours", "De-escalation training hours")],
        rows: [...pub.training].sort((a, b) => a.year - b.year).map((t) => ({
          year: t.year, sworn_officers: t.sworn_officers, cit_trained_officers: t.cit_trained_officers,
          share_cit_trained: t.cit_trained_officers === null ? null : share(t.cit_trained_officers, t.sworn_officers),
          deescalation_training_hours: t.deescalation_training_hours,
        })),
        notes: [],
      },
    };
  },
  summary: training,
  view(table, { trend, changes, partYears }) {
    if (table.rows.length === 0 || !trend) return {};
    const pts = table.rows.map((r) => ({ year: r.year as number, value: n(r.share_cit_trained) }));
    return { allYears: true, marksChanges: true, svg: responsive((width) => rateTrend(pts, { title: table.title, partYears: chartParts(partYears), yLabel: "Sworn officers trained in crisis intervention (%)", digits: 1, changes, width })) };
  },
};
