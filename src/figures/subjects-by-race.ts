// Subjects by race or ethnicity, against residents where supplied.
import { WITHHELD } from "../lib/schema/disclosure.ts";
import { RACE_ETHNICITY } from "../lib/schema/vocab.ts";
import { computeDemo, viewDemo } from "./demographics.ts";
import { NOT_REPORTED, OTHER_GROUPS, isNum, largest, n0, n2, ofYear, pct, suppressedNote, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

function subjectsByRace(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  const top = largest(year, 2);
  if (top.length === 0) return year.length ? `In ${y}, every group's count is suppressed or not recorded.` : `There are no figures by race or ethnicity for ${y}.`;
  const part = (r: Row) => `${r.group_label} (${n0(r.subjects as number)}${isNum(r.share_of_subjects) ? `, ${pct(r.share_of_subjects)}` : ""})`;
  const groups = top.length > 1 ? `the largest groups of subjects were recorded as ${part(top[0])} and ${part(top[1])}` : `the largest group of subjects was recorded as ${part(top[0])}`;
  const perRes = year.filter((r) => isNum(r.subjects_per_10000_residents) && !OTHER_GROUPS.has(String(r.group)));
  let res: string;
  // With values withheld, a group's count is a lower bound: the lowest figure is not said, as it may be an artefact of the withholding.
  const someWithheld = year.some((r) => r.group === WITHHELD && isNum(r.subjects) && r.subjects > 0);
  if ("residents" in (year[0] ?? {}) && perRes.length >= 2 && someWithheld) {
    const s = [...perRes].sort((a, b) => (b.subjects_per_10000_residents as number) - (a.subjects_per_10000_residents as number));
    res = `; per 10,000 residents, the figure was highest for ${s[0].group_label} (${n2(s[0].subjects_per_10000_residents as number)}, from ${n0(s[0].subjects as number)} subjects), a comparison with residents, not with who calls 911 or who is present`;
  } else if ("residents" in (year[0] ?? {}) && perRes.length >= 2) {
    const s = [...perRes].sort((a, b) => (b.subjects_per_10000_residents as number) - (a.subjects_per_10000_residents as number));
    const hi = s[0], lo = s.at(-1)!;
    res = `; per 10,000 residents, the figure was highest for ${hi.group_label} (${n2(hi.subjects_per_10000_residents as number)}, from ${n0(hi.subjects as number)} subjects) and lowest for ${lo.group_label} (${n2(lo.subjects_per_10000_residents as number)}, from ${n0(lo.subjects as number)}), a comparison with residents, not with who calls 911 or who is present`;
  } else res = `; residents by race or ethnicity are ${NOT_REPORTED}, so there is no per-resident comparison`;
  return `In ${y}, ${groups}${res}${suppressedNote(year)}.`;
}

export const figure: FigureModule = {
  id: "subjects-by-race",
  title: "Subjects by race or ethnicity",
  section: "who",
  fields: ["subjects.race_ethnicity", "population.race_ethnicity"],
  policy: ["community_engagement"],
  compute: (ctx) => computeDemo(ctx, "subjects-by-race", "Race or ethnicity", "race_ethnicity", RACE_ETHNICITY),
  summary: subjectsByRace,
  view: (table, { focus }) => viewDemo(table, focus),
};
