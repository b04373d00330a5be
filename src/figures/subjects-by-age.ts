// Subjects by age band.
import { AGE_BAND } from "../lib/schema/vocab.ts";
import { computeDemo, viewDemo } from "./demographics.ts";
import { isNum, largest, lowerFirst, n0, ofYear, pct, suppressedNote, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

function subjectsByAge(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  const [top] = largest(year, 1);
  if (!top) return year.length ? `In ${y}, every age group's count is suppressed or not recorded.` : `There are no age figures for ${y}.`;
  return `In ${y}, the largest age group among subjects was ${lowerFirst(String(top.group_label))}: ${n0(top.subjects as number)} subjects${isNum(top.share_of_subjects) ? ` (${pct(top.share_of_subjects)})` : ""}${suppressedNote(year)}.`;
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
