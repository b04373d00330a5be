import { describe, expect, it } from "vitest";
import { anonymizationStatements, continuumLevels, dataGaps, injuryLevels, listText, unlevelledForceTypes, type MethodMeta } from "../../src/lib/methodology.ts";

import type { ProtectionReport } from "../../src/lib/schema/disclosure.ts";

const group = (records: number, small: number, unique: number) => ({ records, groups: records, unique, small_groups: small, records_in_small_groups: small });
const report = (over: Partial<ProtectionReport> = {}): ProtectionReport => ({
  model: "k-anonymity",
  k: 5,
  fields: [
    { field: "date", label: "incident date", treatment: "generalised", hierarchy: ["day", "week", "month", "quarter", "year"], level: "month", values: 12, generalised: 12, withheld: 0 },
    { field: "time", label: "incident time", treatment: "not published", hierarchy: [], level: null, values: 0, generalised: 0, withheld: 0 },
    { field: "district", label: "district", treatment: "generalised", hierarchy: ["district", "withheld"], level: "district", values: 12, generalised: 0, withheld: 3 },
    { field: "age_band", label: "age band", treatment: "generalised", hierarchy: ["as recorded", "wider bands", "withheld"], level: "wider bands", values: 14, generalised: 9, withheld: 1 },
  ],
  subjects: { before: group(14, 14, 13), after: group(14, 0, 0) },
  incidents: { before: group(12, 12, 11), after: group(12, 0, 0) },
  dates: { day: 0, week: 0, month: 10, quarter: 0, year: 2 },
  information_loss: 0.214,
  year_only_records: 0,
  ...over,
});
const dayDistrict: MethodMeta = { privacy_threshold: 5, date_precision: "day", location_grain: "district", not_reported: [], disclosure: report() };
const monthBeat: MethodMeta = { privacy_threshold: 11, date_precision: "month", location_grain: "beat", not_reported: ["arrests", "population"], disclosure: report({ k: 11, dates: { day: 0, week: 0, month: 0, quarter: 12, year: 0 } }) };
const text = (m: MethodMeta, topic: string) => anonymizationStatements(m).find((s) => s.topic === topic)!.text;

describe("anonymizationStatements(meta)", () => {
  it("covers every protection, in a fixed order", () => {
    expect(anonymizationStatements(dayDistrict).map((s) => s.topic)).toEqual(["pseudonyms", "identifiers", "ages", "dates", "times", "locations", "disclosure-control", "small-counts", "free-text"]);
  });

  it("states the precision dates were published at in this run, with the share of each", () => {
    expect(text(dayDistrict, "dates")).toContain("the month (2024-03) for 10 of 12 (83.3%); the year (2024) for 2 of 12 (16.7%)");
    expect(text(monthBeat, "dates")).toContain("the quarter (2024-Q1) for 12 of 12 (100%)");
  });

  it("states the location grain the department chose, and how many districts were withheld", () => {
    expect(text(dayDistrict, "locations")).toContain("only as the district");
    expect(text(dayDistrict, "locations")).toContain("The district of 3 incidents are withheld to protect privacy");
    expect(text(monthBeat, "locations")).toContain("to the beat");
  });

  it("states the model, k, each field's level and counts, and the groups below k before and after", () => {
    const t = text(dayDistrict, "disclosure-control");
    expect(t).toContain("k-anonymity, k = 5");
    expect(t).toContain("incident date: month (12 generalised of 12)");
    expect(t).toContain("district: district (3 withheld of 12)");
    expect(t).toContain("age band: wider bands (9 generalised, 1 withheld of 14)");
    expect(t).toContain("Not published in the records at all: incident time");
    expect(t).toContain("Before this step 14 of 14 subject records (100%) were in a group smaller than 5, and 13 were the only one with their combination; after it, 0 and 0");
    expect(t).toContain("21.4% of the detail");
    expect(text(monthBeat, "disclosure-control")).toContain("k = 11");
  });

  it("says no figure is hidden and why a small count of outcomes is published", () => {
    expect(text(dayDistrict, "small-counts")).toContain("either 0 or at least 5");
    expect(text(dayDistrict, "small-counts")).toContain("Deaths following force and firearm discharges are counted exactly");
  });

  it("says in plain words when the department published a quasi-identifier as recorded", () => {
    const fields = report().fields.map((f) => (f.field === "date" ? { ...f, treatment: "exact" as const } : f));
    const exact = { ...dayDistrict, disclosure: report({ fields, subjects: { before: group(14, 14, 13), after: group(14, 6, 4) } }) };
    expect(anonymizationStatements(exact).map((s) => s.topic)).toContain("lowered-protection");
    expect(text(exact, "lowered-protection")).toContain("chose to publish incident date as recorded");
    expect(text(exact, "lowered-protection")).toContain("4 of 14 subject records (28.6%) are the only one with their combination");
    expect(anonymizationStatements(dayDistrict).map((s) => s.topic)).not.toContain("lowered-protection");
  });

  it("states the officers' protection where the department supplies officer details, and what it does not report", () => {
    const officers = {
      k: 5,
      incident_fields: ["date", "district"] as const,
      fields: [
        { field: "age_band", label: "officer's age band", treatment: "generalised", hierarchy: ["as recorded", "wider bands", "withheld"], level: "wider bands", values: 20, generalised: 12, withheld: 2 },
        { field: "sex", label: "officer's sex", treatment: "generalised", hierarchy: ["as recorded", "rare categories merged", "withheld"], level: "as recorded", values: 20, generalised: 0, withheld: 3 },
        { field: "race_ethnicity", label: "officer's race or ethnicity", treatment: "not reported", hierarchy: [], level: null, values: 0, generalised: 0, withheld: 0 },
        { field: "service_band", label: "officer's years-of-service band", treatment: "not reported", hierarchy: [], level: null, values: 0, generalised: 0, withheld: 0 },
      ],
      before: group(20, 17, 9),
      after: group(20, 2, 0),
      fully_withheld: 2,
    } as ProtectionReport["officers"];
    const m = { ...dayDistrict, disclosure: report({ officers }) };
    expect(anonymizationStatements(dayDistrict).map((s) => s.topic)).not.toContain("officers");
    const t = text(m, "officers");
    expect(t).toContain("incident date and district with an officer's details is shared by at least 5 officer records");
    expect(t).toContain("officer's age band: wider bands (12 generalised, 2 withheld of 20); officer's sex: as recorded (3 withheld of 20)");
    expect(t).toContain("Not reported by this department: officer's race or ethnicity and officer's years-of-service band");
    expect(t).toContain("Before this step 17 of 20 officer records (85%) were in a group smaller than 5; after it, 2");
    expect(text(m, "ages")).toContain("officers' hire dates are never published");
  });

  it("gives different text for different configurations", () => {
    const a = anonymizationStatements(dayDistrict).map((s) => s.text);
    const b = anonymizationStatements(monthBeat).map((s) => s.text);
    expect(a).not.toEqual(b);
  });

  it("lists the dropped identifier columns and the pseudonymised ids from the schema", () => {
    expect(text(dayDistrict, "identifiers")).toMatch(/case_number, address, latitude and longitude \(incidents\)/);
    expect(text(dayDistrict, "identifiers")).toContain("badge_number");
    expect(text(dayDistrict, "pseudonyms")).toContain("incident_id, subject_id, officer_id and complaint_id");
    expect(text(dayDistrict, "pseudonyms")).toContain("64 bits");
    expect(text(dayDistrict, "pseudonyms")).toContain("kept out of the code repository");
  });

  it("names the scanned free-text fields and what a hit does", () => {
    expect(text(dayDistrict, "free-text")).toContain("summary");
    expect(text(dayDistrict, "free-text")).toContain("a phone number");
    expect(text(dayDistrict, "free-text")).toContain("stops the build");
  });
});

describe("dataGaps(meta)", () => {
  it("marks each table not supplied as not reported, never zero", () => {
    const gaps = dataGaps(monthBeat);
    expect(gaps.map((g) => [g.title, g.status])).toEqual([["Arrests", "Not reported by this department"], ["Population", "Not reported by this department"]]);
    expect(gaps[0].consequence).toContain("per 100 arrests");
    expect(JSON.stringify(gaps)).not.toMatch(/\b0\b/);
    expect(dataGaps(dayDistrict)).toEqual([]);
  });
});

describe("continuumLevels()", () => {
  it("lists six levels with their force types", () => {
    const levels = continuumLevels();
    expect(levels.map((l) => l.level)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(levels[5].types).toContain("Firearm discharged at a person");
    expect(levels[1].types).toEqual(expect.arrayContaining(["Firearm pointed at a person", "Other or unstated weapon pointed (show of force)"]));
    expect(levels[2].types).toContain("Hold, grab or push");
    expect(levels[3].types).toContain("Takedown");
  });

  it("leaves discharges at an animal and unintentional discharges off the continuum", () => {
    const onContinuum = continuumLevels().flatMap((l) => l.types);
    expect(onContinuum).not.toContain("Firearm discharged at an animal");
    expect(onContinuum).not.toContain("Firearm discharged unintentionally");
    expect(unlevelledForceTypes()).toEqual(expect.arrayContaining(["Firearm discharged at an animal", "Firearm discharged unintentionally"]));
  });
});

describe("injuryLevels()", () => {
  it("runs from no injury to death", () => {
    expect(injuryLevels().map((i) => i.key)).toEqual(["none", "injured_unspecified", "minor", "treated", "serious", "death"]);
  });
});

describe("listText(items)", () => {
  it("joins with commas and a conjunction", () => {
    expect(listText(["a"])).toBe("a");
    expect(listText(["a", "b", "c"])).toBe("a, b and c");
    expect(listText(["a", "b"], "or")).toBe("a or b");
  });
});
