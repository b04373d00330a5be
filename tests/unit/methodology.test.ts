import { describe, expect, it } from "vitest";
import { anonymizationStatements, continuumLevels, dataGaps, injuryLevels, listText, type MethodMeta } from "../../src/lib/methodology.ts";

const dayDistrict: MethodMeta = { privacy_threshold: 5, date_precision: "day", location_grain: "district", not_reported: [] };
const monthBeat: MethodMeta = { privacy_threshold: 11, date_precision: "month", location_grain: "beat", not_reported: ["arrests", "population"] };
const text = (m: MethodMeta, topic: string) => anonymizationStatements(m).find((s) => s.topic === topic)!.text;

describe("anonymizationStatements(meta)", () => {
  it("covers every protection, in a fixed order", () => {
    expect(anonymizationStatements(dayDistrict).map((s) => s.topic)).toEqual(["pseudonyms", "identifiers", "ages", "dates", "times", "locations", "small-counts", "free-text"]);
  });

  it("states the date precision the department chose", () => {
    expect(text(dayDistrict, "dates")).toContain("to the day (YYYY-MM-DD)");
    expect(text(monthBeat, "dates")).toContain("to the month only (YYYY-MM)");
  });

  it("states the location grain the department chose", () => {
    expect(text(dayDistrict, "locations")).toContain("only as the district");
    expect(text(monthBeat, "locations")).toContain("to the beat");
  });

  it("states the small-count threshold", () => {
    expect(text(dayDistrict, "small-counts")).toContain("any count from 1 to 4 is hidden");
    expect(text(monthBeat, "small-counts")).toContain("any count from 1 to 10 is hidden");
    expect(text({ ...dayDistrict, privacy_threshold: 1 }, "small-counts")).toContain("no count in the published tables is hidden");
  });

  it("gives different text for different configurations", () => {
    const a = anonymizationStatements(dayDistrict).map((s) => s.text);
    const b = anonymizationStatements(monthBeat).map((s) => s.text);
    expect(a).not.toEqual(b);
    expect(a.filter((t, i) => t !== b[i])).toHaveLength(3);
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
    expect(levels[1].types).toContain("Weapon pointed (show of force)");
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
