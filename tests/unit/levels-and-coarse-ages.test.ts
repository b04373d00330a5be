// The highest level of force from force types or the department's own levels, and coarse
// "adult" ages: counted on their own, never split, never compared with the finer bands.
import { describe, expect, it } from "vitest";
import { useLevels } from "../../scripts/pipeline/anonymize.ts";
import { NumberColumn } from "../../scripts/pipeline/table.ts";
import { summarize } from "../../src/lib/summaries.ts";
import { AGE_BAND_WIDER, PROTECTED_VOCAB } from "../../src/lib/schema/disclosure.ts";
import { AGE_BAND } from "../../src/lib/schema/vocab.ts";
import type { Row } from "../../src/figures/text.ts";

describe("useLevels: each force use's continuum level", () => {
  // Codes into the types: 0 none, then the types.
  const types = [null, "ced", "physical_unspecified", "other", "firearm_discharge_animal", "firearm_pointed"];
  const codes = [1, 2, 3, 4, 5, 2];
  const agency = new NumberColumn(Float64Array.from([3, 4, 5, 6, 6, NaN]), 6);

  it("takes the type's level where it has one, the department's level where it has none, and none for force not on a person", () => {
    expect([...useLevels(codes, types, agency, 6)]).toEqual([5, 4, 5, 0, 2, 0]);
  });

  it("without the department's levels, only the types give levels", () => {
    expect([...useLevels(codes, types, undefined, 6)]).toEqual([5, 0, 0, 0, 2, 0]);
  });
});

describe("force-level-mix summary where most levels are not reported", () => {
  const rows = (deadly: number, none: number): Row[] => [
    { year: 2024, level: 3, level_label: "Soft control", subjects: 0, incidents: 0, share_of_subjects: 0 },
    { year: 2024, level: 6, level_label: "Deadly force", subjects: deadly, incidents: deadly, share_of_subjects: null },
    { year: 2024, level: null, level_label: "Not recorded or not on the continuum", subjects: none, incidents: none, share_of_subjects: null },
  ];

  it("never calls deadly force the most common level because the other levels are missing", () => {
    const text = summarize("force-level-mix", rows(12, 400));
    expect(text).not.toMatch(/deadly force was the most common highest level/);
    expect(text).toContain("the highest level of force is not reported for 400 of 412 subjects (97.1%)");
    expect(text).toContain("Among the 12 whose level is known, deadly force was the most common, used on 12.");
  });

  it("says not reported for every subject where no level is known at all", () => {
    expect(summarize("force-level-mix", rows(0, 50))).toBe("In 2024, the highest level of force is not reported for any of the 50 subjects: neither the force types nor the department's own levels place the force used on the continuum.");
  });

  it("keeps the usual sentence where levels are known for most", () => {
    expect(summarize("force-level-mix", rows(30, 2))).toMatch(/^In 2024, deadly force was the most common highest level of force, used on 30 of 32 subjects/);
  });
});

describe("coarse adult ages", () => {
  it("have a band of their own, with words that say what it is, and stay themselves one level up", () => {
    expect(AGE_BAND.adult).toBe("Adult (age not recorded more precisely)");
    expect(PROTECTED_VOCAB.age_band.adult).toBe(AGE_BAND.adult);
    expect(AGE_BAND_WIDER.adult).toBe("adult");
    expect(AGE_BAND_WIDER.under_18).toBe("under_18");
  });

  const ageRows = (adults: number): Row[] => [
    { year: 2024, group: "under_18", group_label: "Under 18", subjects: 20, share_of_subjects: 10 },
    { year: 2024, group: "25_34", group_label: "25 to 34", subjects: 30, share_of_subjects: 15 },
    { year: 2024, group: "adult", group_label: AGE_BAND.adult, subjects: adults, share_of_subjects: (adults / (50 + adults)) * 100 },
  ];

  it("are never named the largest age group, and are counted in the summary on their own", () => {
    const text = summarize("subjects-by-age", ageRows(150));
    expect(text).toBe("In 2024, the largest age group among subjects was 25 to 34: 30 subjects (15.0%). 150 subjects (75.0%) were recorded only as adults, with no finer age.");
  });

  it("where every subject is a coarse adult or juvenile, the summary says so", () => {
    const rows = ageRows(100).map((r) => (r.group === "25_34" ? { ...r, subjects: 0, share_of_subjects: 0 } : r));
    expect(summarize("subjects-by-age", rows)).toBe("In 2024, the largest age group among subjects was under 18: 20 subjects (10.0%). 100 subjects (66.7%) were recorded only as adults, with no finer age.");
  });
});
