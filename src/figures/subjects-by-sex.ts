// Subjects by sex.
import { SEX } from "../lib/schema/vocab.ts";
import { computeDemo, viewDemo } from "./demographics.ts";
import { isNum, largest, lowerFirst, n0, ofYear, pct, suppressedNote, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

function subjectsBySex(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  const top = largest(year, 2);
  if (top.length === 0) return year.length ? `In ${y}, every group's count is suppressed or not recorded.` : `There are no figures by sex for ${y}.`;
  const part = (r: Row) => `${isNum(r.share_of_subjects) ? pct(r.share_of_subjects) : n0(r.subjects as number)} of subjects (${n0(r.subjects as number)}) were recorded as ${lowerFirst(String(r.group_label))}`;
  const [a, b] = top;
  const second = b ? ` and ${isNum(b.share_of_subjects) ? pct(b.share_of_subjects) : n0(b.subjects as number)} (${n0(b.subjects as number)}) as ${lowerFirst(String(b.group_label))}` : "";
  return `In ${y}, ${part(a)}${second}${suppressedNote(year)}.`;
}

export const figure: FigureModule = {
  id: "subjects-by-sex",
  title: "Subjects by sex",
  section: "who",
  fields: ["subjects.sex"],
  policy: ["community_engagement"],
  compute: (ctx) => computeDemo(ctx, "subjects-by-sex", "Sex", "sex", SEX),
  summary: subjectsBySex,
  view: (table, { focus }) => viewDemo(table, focus),
};
