// The injury figures (src/figures/injury-totals.ts, subject-injuries.ts, officer-injuries.ts):
// officers beside subjects, and what is not reported or not recorded never counted as 0.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { figure as injuryTotals } from "../../src/figures/injury-totals.ts";
import { figure as subjectInjuries } from "../../src/figures/subject-injuries.ts";
import { NOT_REPORTED } from "../../src/figures/text.ts";
import { cellText, figureSummary, summarize } from "../../src/lib/summaries.ts";
import { aggregatesOfFixture } from "../helpers.ts";

// Officers of the small fixture's force uses, with their injuries: one injured in each year.
const withOfficers = (dir: string) => fs.writeFileSync(path.join(dir, "officers.csv"), "officer_id,incident_id,years_of_service,injury\nO-1,E-1,4,minor\nO-2,E-2,9,none\nO-3,E-3,2,none\nO-4,E-4,11,none\nO-5,E-4,6,treated\nO-6,E-5,3,none\n");

describe("injury-totals", () => {
  it("counts officers who used force and those injured where the department reports officers' injuries, and draws both as lines", () => {
    const agg = aggregatesOfFixture("small", withOfficers);
    const t = agg.tables["injury-totals"];
    expect(t.rows.map((r) => [r.year, r.officers, r.officers_injured])).toEqual([[2022, 3, 1], [2023, 3, 1]]);
    expect(summarize("injury-totals", t.rows, { year: 2023 })).toBe("In 2023, 3 of 3 subjects (100.0%) were recorded as injured, 0 seriously or fatally; 1 of 3 officers who used force (33.3%) were injured.");
    const v = injuryTotals.view(t, { focus: 2023, trend: true, changes: [], agg, partYears: [] });
    expect(v.svg!.wide).toContain("one line for each of 2 series");
    expect(v.svg!.wide).toContain("Subjects injured: 100.0");
    expect(v.svg!.wide).toContain("Officers injured: 33.3");
  });

  it("officers without an injury field (fixture partial): officers counted, their injuries not reported, never 0 of N", () => {
    const agg = aggregatesOfFixture("partial");
    const t = agg.tables["injury-totals"];
    expect(t.rows.map((r) => [r.year, r.officers, r.officers_injured])).toEqual([[2023, 5, null], [2024, 4, null]]);
    expect(t.missing).toEqual(["officers' injuries"]);
    expect(t.notes).toContain("Officers' injuries: not reported by this department.");
    expect(cellText(t.rows[0], "officers_injured", "number")).toBe("not reported");
    const s = summarize("injury-totals", t.rows, { year: 2024 });
    expect(s).toContain(`injuries to officers: ${NOT_REPORTED}`);
    expect(s).not.toMatch(/\b0 of \d+ officers/);
    expect(s).not.toMatch(/suppressed|small/);
    // The chart draws subjects only, and says why.
    const v = injuryTotals.view(t, { focus: 2024, trend: true, changes: [], agg, partYears: [] });
    expect(v.svg!.wide).toContain("one line for each of 1 series");
    expect(v.svg!.wide).not.toContain("Officers injured");
    expect(v.svg!.wide).toContain(`aria-label="Share of subjects injured, by year (injuries to officers: ${NOT_REPORTED})`);
    expect(v.extra).toBe(`The chart shows subjects only: injuries to officers: ${NOT_REPORTED}.`);
    // The officers' own figure is not reported, naming what is missing.
    expect(agg.tables["officer-injuries"].status).toBe("not_reported");
    expect(figureSummary(agg.tables["officer-injuries"])).toBe(`Not reported by this department: officers' injuries, so this figure cannot be given.`);
  });

  it("no officers table (fixture small): officers and their injuries are not reported, never 0", () => {
    const t = aggregatesOfFixture("small").tables["injury-totals"];
    expect(t.rows.every((r) => r.officers === null && r.officers_injured === null)).toBe(true);
    expect(summarize("injury-totals", t.rows)).toMatch(new RegExp(`; injuries to officers: ${NOT_REPORTED}\\.$`));
  });

  it("injuries without severity (fixture partial): the number seriously injured or killed is not reported, never 0", () => {
    const t = aggregatesOfFixture("partial").tables["injury-totals"];
    expect(t.rows.map((r) => [r.year, r.subjects_injured, r.subjects_serious_or_death, r.note])).toEqual([[2023, 2, null, "Injury severity not recorded"], [2024, 2, null, "Injury severity not recorded"]]);
    const s = summarize("injury-totals", t.rows, { year: 2024 });
    expect(s).toBe(`In 2024, 2 of 4 subjects (50.0%) were recorded as injured; how badly is not recorded, so the number seriously injured or killed is ${NOT_REPORTED}; injuries to officers: ${NOT_REPORTED}.`);
    expect(s).not.toContain("0 seriously");
  });
});

describe("subject-injuries", () => {
  it("injuries without severity: the summary says how badly was not recorded, never 0 seriously, and the bars hold them", () => {
    const agg = aggregatesOfFixture("partial");
    const t = agg.tables["subject-injuries"];
    const s = summarize("subject-injuries", t.rows, { year: 2024 });
    expect(s).toMatch(/^In 2024, 2 of 4 subjects \(50\.0%\) were recorded as injured, how badly was not recorded/);
    expect(s).not.toContain("0 seriously");
    const svg = subjectInjuries.view(t, { focus: 2024, trend: false, year: 2024, changes: [], agg, partYears: [] }).svg!.wide;
    expect(svg).toContain("Injured, severity not recorded");
  });

  it("some injuries without severity: the serious count is given, and the rest named", () => {
    const rows = [
      { year: 2024, level: 3, injury: "none", subjects: 10 },
      { year: 2024, level: 3, injury: "serious", subjects: 2 },
      { year: 2024, level: 3, injury: "injured_unspecified", subjects: 3 },
    ];
    expect(summarize("subject-injuries", rows)).toBe("In 2024, 5 of 15 subjects (33.3%) were recorded as injured, 2 seriously or fatally (how badly was not recorded for 3); the share injured was highest where the highest force was level 3, soft control (33.3% of 15).");
  });

  it("every count is drawn: no hidden segment, and the key names only the injuries the year has", () => {
    const agg = aggregatesOfFixture("small");
    const t = agg.tables["subject-injuries"];
    expect(t.columns.map((c) => c.key)).not.toContain("note");
    const svg = subjectInjuries.view(t, { focus: 2023, trend: false, year: 2023, changes: [], agg, partYears: [] }).svg!.wide;
    expect(svg).not.toMatch(/Hidden|suppressed/);
    expect(svg).toContain("Minor injury or complaint of pain");
    // 2023 has no death and no serious injury: neither is in the key.
    expect(svg).not.toContain("Serious bodily injury");
    expect(svg).not.toContain(">Death<");
  });
});

describe("officer-injuries summary(rows, year)", () => {
  it("officers' injuries recorded only as yes or no: how badly was not recorded, never 0 seriously", () => {
    const rows = [{ year: 2024, injury: "none", officers: 90 }, { year: 2024, injury: "injured_unspecified", officers: 10 }];
    expect(summarize("officer-injuries", rows)).toBe("In 2024, 10 of 100 officers who used force (10.0%) were recorded as injured, how badly was not recorded.");
  });
});
