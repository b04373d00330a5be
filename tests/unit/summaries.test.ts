import { describe, expect, it } from "vitest";
import type { Cell } from "../../src/lib/aggregates.ts";
import { NOT_REPORTED, QUESTIONS, SUMMARY_IDS, cellText, change, figureSummary, rateTrendSummary, summarize } from "../../src/lib/summaries.ts";

type Row = Record<string, Cell>;

const rateRows: Row[] = [
  { year: 2022, incidents: 566, dispatched_incidents: 371, calls_dispatched: 78664, force_per_1000_dispatched: 4.72 },
  { year: 2023, incidents: 546, dispatched_incidents: 351, calls_dispatched: 79774, force_per_1000_dispatched: 4.4 },
  { year: 2024, incidents: 521, dispatched_incidents: 351, calls_dispatched: 80695, force_per_1000_dispatched: 4.35 },
];

const ageRows: Row[] = [
  { year: 2024, group: "18_24", group_label: "18 to 24", subjects: 104, share_of_subjects: 17, note: null },
  { year: 2024, group: "25_34", group_label: "25 to 34", subjects: 190, share_of_subjects: 31, note: null },
  { year: 2024, group: "65_plus", group_label: "65 and over", subjects: null, share_of_subjects: null, note: "suppressed" },
  { year: 2024, group: "unknown", group_label: "Unknown", subjects: null, share_of_subjects: null, note: "suppressed" },
];

const mixRows: Row[] = [
  ...[[3, "Soft control", 281], [4, "Hard control", 220], [5, "Less-lethal weapons", 102], [6, "Deadly force", 0]].map(([level, level_label, subjects]) => ({ year: 2023, level, level_label, subjects, incidents: subjects, share_of_subjects: null })),
  ...[[3, "Soft control", 259], [4, "Hard control", 225], [5, "Less-lethal weapons", 120], [6, "Deadly force", 3]].map(([level, level_label, subjects]) => ({ year: 2024, level, level_label, subjects, incidents: subjects, share_of_subjects: null })),
  { year: 2024, level: null, level_label: "Not recorded", subjects: 6, incidents: 0, share_of_subjects: null },
] as Row[];

const districtRows: Row[] = [
  { year: 2023, district: "D3", district_name: "Northgate", incidents: 39, dispatched_incidents: 25, calls_dispatched: 7283, force_per_1000_dispatched: 3.43 },
  { year: 2024, district: "D3", district_name: "Northgate", incidents: 46, dispatched_incidents: 35, calls_dispatched: 7349, force_per_1000_dispatched: 4.76 },
  { year: 2024, district: "D6", district_name: "Eastfield", incidents: 39, dispatched_incidents: 21, calls_dispatched: 7002, force_per_1000_dispatched: 3 },
  { year: 2024, district: "D7", district_name: "Lakeshore", incidents: 95, dispatched_incidents: 64, calls_dispatched: 11435, force_per_1000_dispatched: 5.6 },
  { year: 2024, district: "D9", district_name: "Airport", incidents: 4, dispatched_incidents: 2, calls_dispatched: null, force_per_1000_dispatched: null },
];

describe("summarize(id, rows)", () => {
  it("rate-by-year: the latest year's rate against the year before", () => {
    expect(summarize("rate-by-year", rateRows)).toBe("In 2024, 4.35 of every 1,000 dispatched calls ended in force, down from 4.40 in 2023.");
    expect(summarize("rate-by-year", rateRows, { year: 2023 })).toBe("In 2023, 4.40 of every 1,000 dispatched calls ended in force, down from 4.72 in 2022.");
    expect(summarize("rate-by-year", rateRows, { year: 2022 })).toBe("In 2022, 4.72 of every 1,000 dispatched calls ended in force.");
  });

  it("a part year is never compared with a full year, at the end of the records or at their start", () => {
    const end = [{ year: 2024, from: "2024-01", through: "2024-06", label: "January to June" }];
    expect(summarize("rate-by-year", rateRows, { partYears: end })).toBe("In 2024 (January to June only), 4.35 of every 1,000 dispatched calls ended in force. A part year, so it is not compared with 2023.");
    const start = [{ year: 2022, from: "2022-04", through: "2022-12", label: "April to December" }];
    expect(summarize("rate-by-year", rateRows, { year: 2023, partYears: start })).toBe("In 2023, 4.40 of every 1,000 dispatched calls ended in force. 2022 covers April to December only, so it is not compared.");
    expect(summarize("force-level-mix", mixRows, { partYears: end })).not.toMatch(/up from|down from|same as/);
    expect(summarize("districts", districtRows, { district: "D3", partYears: end })).toBe("In 2024 (January to June only), 4.76 of every 1,000 dispatched calls in Northgate ended in force; 46 force incidents in all. A part year, so it is not compared with 2023.");
    expect(rateTrendSummary(rateRows, end)).toBe("From 2022 to 2023, between 4.40 (2023) and 4.72 (2022) of every 1,000 dispatched calls ended in force; in 2023 the figure was 4.40, down from 4.72 in 2022; in 2024 (January to June only) it was 4.35, a part year, so it is not compared with full years.");
  });

  it("rate-by-year: missing dispatched calls are not reported by this department, and the year before's missing rate is never zero", () => {
    const rows: Row[] = [
      { year: 2023, incidents: 500, calls_dispatched: null, force_per_1000_dispatched: null },
      { year: 2024, incidents: 521, calls_dispatched: 80695, force_per_1000_dispatched: 4.35 },
    ];
    expect(summarize("rate-by-year", rows, { year: 2023 })).toBe(`In 2023, no rate per 1,000 dispatched calls can be given because dispatched calls were ${NOT_REPORTED}; 500 incidents involved force.`);
    expect(summarize("rate-by-year", rows)).toBe(`In 2024, 4.35 of every 1,000 dispatched calls ended in force (the 2023 figure is ${NOT_REPORTED}).`);
  });

  it("rateTrendSummary(rows): the range across years, then the latest against the one before", () => {
    expect(rateTrendSummary(rateRows)).toBe("From 2022 to 2024, between 4.35 (2024) and 4.72 (2022) of every 1,000 dispatched calls ended in force; in 2024 the figure was 4.35, down from 4.40 in 2023.");
    expect(rateTrendSummary([{ year: 2024, force_per_1000_dispatched: null }])).toContain(NOT_REPORTED);
  });

  it("rate-by-call-type: highest and lowest rate, leaving out calls of unknown type", () => {
    const rows: Row[] = [
      { year: 2024, call_type: "warrant_service", call_type_label: "Warrant service", force_per_1000_dispatched: 26.62 },
      { year: 2024, call_type: "medical_emergency", call_type_label: "Medical emergency", force_per_1000_dispatched: 0.25 },
      { year: 2024, call_type: "traffic", call_type_label: "Traffic stop or collision", force_per_1000_dispatched: null },
      { year: 2024, call_type: "unknown", call_type_label: "Unknown", force_per_1000_dispatched: 0.01 },
    ];
    expect(summarize("rate-by-call-type", rows)).toBe("In 2024, force was used most often on “Warrant service” calls (26.62 per 1,000 dispatched calls) and least often on “Medical emergency” calls (0.25); 1 call type has no count of dispatched calls, so no rate.");
  });

  it("force-level-mix: the most common level and its share, and the share at levels 5 and 6 against the year before", () => {
    expect(summarize("force-level-mix", mixRows)).toBe("In 2024, soft control was the most common highest level of force, used on 259 of 613 subjects (42.3%); less-lethal weapons or deadly force were used on 123 (20.1%), up from 16.9% in 2023.");
  });

  it("subjects-by-sex: values withheld to protect privacy are never the largest group, and are said as such", () => {
    const rows = [
      { year: 2024, group: "male", group_label: "Male", subjects: 40, share_of_subjects: 40 },
      { year: 2024, group: "female", group_label: "Female", subjects: 10, share_of_subjects: 10 },
      { year: 2024, group: "withheld", group_label: "Withheld to protect privacy", subjects: 50, share_of_subjects: 50 },
    ];
    expect(summarize("subjects-by-sex", rows)).toBe("In 2024, 40.0% of subjects (40) were recorded as male and 10.0% (10) as female; for 50 subjects it is withheld to protect privacy, so each group may hold up to 50 more than shown.");
  });

  it("subjects-by-race: with values withheld, no group is called the lowest per resident (its count is only a lower bound)", () => {
    const rows = [
      { year: 2024, group: "black", group_label: "Black", subjects: 40, share_of_subjects: 40, residents: 20000, subjects_per_10000_residents: 20 },
      { year: 2024, group: "asian", group_label: "Asian", subjects: 0, share_of_subjects: 0, residents: 10000, subjects_per_10000_residents: 0 },
      { year: 2024, group: "withheld", group_label: "Withheld to protect privacy", subjects: 60, share_of_subjects: 60, residents: null, subjects_per_10000_residents: null },
    ];
    const text = summarize("subjects-by-race", rows);
    expect(text).toContain("highest for Black (20.00, from 40 subjects)");
    expect(text).not.toContain("lowest");
    expect(text).toContain("for 60 subjects it is withheld to protect privacy, so each group may hold up to 60 more than shown");
  });

  it("force-level-mix: a suppressed count stops the summary rather than counting as zero", () => {
    const rows = mixRows.map((r) => (r.year === 2024 && r.level === 6 ? { ...r, subjects: null, note: "suppressed" } : r));
    expect(summarize("force-level-mix", rows)).toBe("In 2024, some counts by force level are suppressed, so the mix cannot be summarised; see the table.");
  });

  it("subjects-by-age: the largest group, and how many groups are suppressed; a suppressed group is never the smallest or zero", () => {
    const s = summarize("subjects-by-age", ageRows);
    expect(s).toBe("In 2024, the largest age group among subjects was 25 to 34: 190 subjects (31.0%); 2 groups are suppressed because their counts are small.");
    expect(s).not.toMatch(/\b0 subjects\b/);
  });

  it("subjects-by-race: per-resident comparison where residents are supplied, said with care; otherwise not reported", () => {
    const rows: Row[] = [
      { year: 2024, group: "black", group_label: "Black", subjects: 214, share_of_subjects: 34.9, residents: 97714, subjects_per_10000_residents: 21.9, note: null },
      { year: 2024, group: "white", group_label: "White", subjects: 222, share_of_subjects: 36.2, residents: 191180, subjects_per_10000_residents: 11.61, note: null },
      { year: 2024, group: "other", group_label: "Other", subjects: null, share_of_subjects: null, residents: 4249, subjects_per_10000_residents: null, note: "suppressed" },
    ];
    expect(summarize("subjects-by-race", rows)).toBe("In 2024, the largest groups of subjects were recorded as White (222, 36.2%) and Black (214, 34.9%); per 10,000 residents, the figure was highest for Black (21.90, from 214 subjects) and lowest for White (11.61, from 222), a comparison with residents, not with who calls 911 or who is present; 1 group is suppressed because its count is small.");
    const noPop = rows.map((r) => ({ ...r, residents: null, subjects_per_10000_residents: null }));
    expect(summarize("subjects-by-race", noPop)).toContain(`residents by race or ethnicity are ${NOT_REPORTED}`);
  });

  it("districts: highest and lowest rate, and districts without calls are counted apart", () => {
    expect(summarize("districts", districtRows)).toBe("In 2024, the rate of force on dispatched calls was highest in Lakeshore (5.60 per 1,000 dispatched calls) and lowest in Eastfield (3.00); 1 district has no count of dispatched calls, so no rate.");
  });

  it("districts with a district: that district's rate against its year before", () => {
    expect(summarize("districts", districtRows, { district: "D3" })).toBe("In 2024, 4.76 of every 1,000 dispatched calls in Northgate ended in force, up from 3.43 in 2023; 46 force incidents in all.");
    expect(summarize("districts", districtRows, { district: "D9" })).toBe(`In 2024, dispatched calls in Airport were ${NOT_REPORTED}, so no rate can be given; 4 force incidents in all.`);
  });

  it("crisis-response: the share injured with and without crisis support, with a warning about few subjects", () => {
    const rows: Row[] = [
      { year: 2024, crisis_support: "with", subjects: 55, subjects_injured: 24, share_injured: 43.6 },
      { year: 2024, crisis_support: "without", subjects: 5, subjects_injured: 1, share_injured: 20 },
    ];
    expect(summarize("crisis-response", rows)).toBe("In 2024, on mental-health calls, the share of subjects injured was 43.6% when a crisis-trained officer or co-responder was present (24 of 55), against 20.0% when neither was present (1 of 5, too few to read much into).");
    expect(summarize("crisis-response", rows.slice(0, 1))).toContain("against no subjects when neither was");
  });

  it("subject-injuries and officer-injuries: injured counts and shares; officers not supplied are not reported", () => {
    const inj: Row[] = [
      { year: 2024, level: 3, injury: "none", subjects: 165 },
      { year: 2024, level: 3, injury: "minor", subjects: 72 },
      { year: 2024, level: 5, injury: "none", subjects: 44 },
      { year: 2024, level: 5, injury: "serious", subjects: 6 },
      { year: 2024, level: 5, injury: "unknown", subjects: 6 },
    ];
    expect(summarize("subject-injuries", inj)).toBe("In 2024, 78 of 293 subjects (26.6%) were recorded as injured, 6 seriously or fatally (injury unknown or not recorded for 6); the share injured was highest where the highest force was level 3, soft control (30.4% of 237).");
    expect(summarize("officer-injuries", [])).toBe(`Injuries to officers are ${NOT_REPORTED}.`);
    expect(summarize("officer-injuries", [{ year: 2024, injury: "none", officers: 90 }, { year: 2024, injury: "serious", officers: 10 }])).toBe("In 2024, 10 of 100 officers who used force (10.0%) were recorded as injured, 10 seriously.");
  });

  it("deescalation-camera, review-findings, complaints and training", () => {
    expect(summarize("deescalation-camera", [
      { year: 2024, measure: "deescalation_attempted", yes: 409, no: 94, share_yes_of_known: 81.3 },
      { year: 2024, measure: "bwc_activated", yes: 0, no: 0, share_yes_of_known: null },
    ])).toBe(`In 2024, de-escalation was attempted in 81.3% of force incidents where this was recorded (409 of 503), and whether cameras were activated was ${NOT_REPORTED}.`);
    expect(summarize("review-findings", [
      { year: 2024, finding: "within_policy", incidents: 80 },
      { year: 2024, finding: "within_policy_training_issue", incidents: 5 },
      { year: 2024, finding: "out_of_policy", incidents: 5 },
      { year: 2024, finding: "pending", incidents: 10 },
    ])).toBe("In 2024, reviews found 80 of 100 force incidents (80.0%) within policy, 5 within policy with a training or policy issue, and 5 (5.0%) out of policy; 10 were pending.");
    expect(summarize("complaints", [
      { year: 2023, received: 140 },
      { year: 2024, received: 118, excessive_force: 27, sustained: 25, with_discipline: 23, median_days_to_close: 68.5 },
    ])).toBe("In 2024, 118 complaints were received (down from 140 in 2023), 27 of them alleging excessive force; 25 were sustained and 23 led to discipline, and the median complaint took 68.5 days to close.");
    expect(summarize("complaints", [])).toBe(`Complaints are ${NOT_REPORTED}.`);
    expect(summarize("training", [{ year: 2024, sworn_officers: 722, cit_trained_officers: null, share_cit_trained: null, deescalation_training_hours: 16535 }])).toBe(`In 2024, crisis-intervention training was ${NOT_REPORTED}, and officers received 16,535 hours of de-escalation training.`);
    expect(summarize("training", [])).toBe(`Training is ${NOT_REPORTED}.`);
  });

  it("has a summary for every figure a question shows", () => {
    for (const q of QUESTIONS) for (const id of q.figures) expect(SUMMARY_IDS).toContain(id);
    expect(() => summarize("no-such-figure", [])).toThrow(/no summary/);
  });
});

describe("cellText(row, key, type)", () => {
  it("shows null as suppressed where the row says so, otherwise not reported, and never as 0", () => {
    expect(cellText({ subjects: null, note: "suppressed" }, "subjects", "number")).toBe("suppressed");
    expect(cellText({ residents: null, note: null }, "residents", "number")).toBe("not reported");
    expect(cellText({ subjects: 0 }, "subjects", "number")).toBe("0");
    // A share of none is neither suppressed nor not reported.
    expect(cellText({ share_injured: null, subjects: 0, note: null }, "share_injured", "number")).toBe("none to compare");
    expect(cellText({ share_injured: null, note: "suppressed" }, "share_injured", "number")).toBe("suppressed");
    expect(cellText({ note: null }, "note", "string")).toBe("");
  });

  it("formats rates with 2 digits, shares with 1, counts with separators and years as they are", () => {
    expect(cellText({ force_per_1000_dispatched: 5.5 }, "force_per_1000_dispatched", "number")).toBe("5.50");
    expect(cellText({ share_of_subjects: 31 }, "share_of_subjects", "number")).toBe("31.0");
    expect(cellText({ calls_dispatched: 80695 }, "calls_dispatched", "number")).toBe("80,695");
    expect(cellText({ year: 2024 }, "year", "number")).toBe("2024");
    expect(cellText({ median_days_to_close: 68.5 }, "median_days_to_close", "number")).toBe("68.5");
  });
});

describe("change(now, prev, year, format)", () => {
  it("says up, down or the same, and a missing figure in words", () => {
    const f = (n: number) => n.toFixed(2);
    expect(change(4.35, 4.4, 2023, f)).toBe(", down from 4.40 in 2023");
    expect(change(4.4, 4.35, 2023, f)).toBe(", up from 4.35 in 2023");
    expect(change(4.4, 4.4, 2023, f)).toBe(", the same as in 2023");
    expect(change(4.4, null, 2023, f)).toBe(` (the 2023 figure is ${NOT_REPORTED})`);
    expect(change(4.4, undefined, 2023, f)).toBe("");
  });
});

describe("figureSummary(table)", () => {
  it("a not-reported figure says what the department does not report, whatever its rows", () => {
    const t = { id: "subjects-by-sex", rows: [], status: "not_reported" as const, missing: ["subjects' sex"] };
    expect(figureSummary(t)).toBe("Not reported by this department: subjects' sex, so this figure cannot be given.");
    expect(figureSummary({ ...t, id: "rate-by-year", missing: ["calls for service", "arrests"] })).toBe("Not reported by this department: calls for service and arrests, so this figure cannot be given.");
  });
  it("a reported figure is summarised from its rows", () => {
    const rows = [{ year: 2024, measure: "deescalation_attempted", yes: 2, no: 1, share_yes_of_known: 66.7 }];
    expect(figureSummary({ id: "deescalation-camera", rows, status: "reported", missing: [] })).toBe(summarize("deescalation-camera", rows));
  });
});
