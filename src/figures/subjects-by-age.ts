// Subjects by age band.
import { AGE_BAND, COARSE_AGE_BANDS } from "../lib/schema/vocab.ts";
import { computeDemo, viewDemo } from "./demographics.ts";
import { isNum, largest, lowerFirst, n0, ofYear, pct, suppressedNote, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

function subjectsByAge(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  // A coarse band ("adult") spans several bands: it is never compared with them as one group.
  const [top] = largest(year.filter((r) => !COARSE_AGE_BANDS.has(String(r.group))), 1);
  const coarse = year.filter((r) => COARSE_AGE_BANDS.has(String(r.group)) && isNum(r.subjects) && (r.subjects as number) > 0);
  const coarseText = coarse.map((r) => ` ${n0(r.subjects as number)} subjects${isNum(r.share_of_subjects) ? ` (${pct(r.share_of_subjects)})` : ""} were recorded only as adults, with no finer age.`).join("");
  if (!top) return (!year.length ? `There are no age figures for ${y}.` : coarse.length ? `In ${y}, no finer age group has a count.` : `In ${y}, every age group's count is suppressed or not recorded.`) + coarseText;
  return `In ${y}, the largest age group among subjects was ${lowerFirst(String(top.group_label))}: ${n0(top.subjects as number)} subjects${isNum(top.share_of_subjects) ? ` (${pct(top.share_of_subjects)})` : ""}${suppressedNote(year)}.${coarseText}`;
}

export const figure: FigureModule = {
  id: "subjects-by-age",
  title: "Subjects by age band",
  section: "who",
  fields: ["subjects.age", "subjects.age_band"],
  policy: ["community_engagement"],
  compute: (ctx) => computeDemo(ctx, "subjects-by-age", "Age band", "age_band", AGE_BAND),
  summary: subjectsByAge,
  view: (table, { focus }) => viewDemo(table, focus),
};
