import { describe, expect, it } from "vitest";
import type { IncidentRecord } from "../../src/lib/aggregates.ts";
import {
  INCIDENT_FIELD_KEYS, NOT_ON_CONTINUUM, NOT_RECORDED, SUBJECT_FIELD_KEYS, dateLabel, districtPath, districtSlug, forceLevelLabel, groupByDistrict,
  groupByMonth, incidentFields, incidentFilters, incidentPageMode, incidentPath, incidentSearchParts, incidentTitle, listLabel,
  monthName, monthPath, paginate, searchBundlePath, searchShards, subjectFields, vocabLabel,
} from "../../src/lib/incidents.ts";
import { publishedIncident, publishedSubject } from "../../src/lib/schema/published.ts";
import { CALL_TYPE, FORCE_TYPE } from "../../src/lib/schema/vocab.ts";

function subject(over: Partial<IncidentRecord["subjects"][number]> = {}): IncidentRecord["subjects"][number] {
  return {
    subject: "00000000000000aa", age_band: "25_34", sex: "male", race_ethnicity: "black", perceived_armed: "no",
    confirmed_armed: "no", weapons: ["none"], resistance: "active", mental_health_crisis: "yes", impaired: null,
    injury: "minor", medical_treatment: "no", hospitalized: "no", highest_force_level: 4, force_types: ["takedown"], ...over,
  };
}

function incident(over: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    incident: "0123456789abcdef", date: "2024-03-04", year: 2024, district: "D3", district_name: "Northgate", beat: null,
    contact_origin: "dispatched", call_type: "domestic_disturbance", call_type_raw: "DOMESTIC", officers_count: 2,
    subjects_count: 1, arrest_made: "yes", bwc_activated: "yes", deescalation_attempted: "no", crisis_trained_officer: "no",
    coresponder_present: null, review_status: "complete", review_body: "supervisor", review_finding: "within_policy_training_issue",
    discipline: null, highest_force_level: 4, force_types: ["takedown", "strike"], most_severe_subject_injury: "minor",
    summary: "Officers took the subject to the ground.", subjects: [subject()], ...over,
  };
}

describe("incidentPageMode(env)", () => {
  it("is grouped unless UOF_INCIDENT_PAGES says single, and rejects anything else", () => {
    expect(incidentPageMode({})).toBe("grouped");
    expect(incidentPageMode({ UOF_INCIDENT_PAGES: "single" })).toBe("single");
    expect(() => incidentPageMode({ UOF_INCIDENT_PAGES: "pages" })).toThrow(/grouped.*single/);
  });
});

describe("addresses", () => {
  it("districtSlug(code) lowercases, drops accents and keeps only letters, digits and single hyphens", () => {
    expect(districtSlug("D3")).toBe("d3");
    expect(districtSlug(" North East/2 ")).toBe("north-east-2");
    expect(districtSlug("Rivière-du-Loup")).toBe("riviere-du-loup");
    expect(districtSlug("Søndre Straße (Ost)")).toBe("sondre-strasse-ost");
    expect(districtSlug("NORTH SIDE")).toBe(districtSlug("north-side"));
    expect(() => districtSlug("--")).toThrow(/"--" has no letter or digit/);
  });

  it("incidentPath(rec, mode) anchors on the month page when grouped and is its own page when single", () => {
    const rec = incident();
    expect(incidentPath(rec, "grouped")).toBe("/incidents/2024/d3/03/#0123456789abcdef");
    expect(incidentPath(rec, "single")).toBe("/incidents/0123456789abcdef/");
    expect(incidentPath(incident({ date: "2024-11" }), "grouped")).toBe("/incidents/2024/d3/11/#0123456789abcdef");
  });

  it("districtPath(year, code, page) leaves page 1 at the listing's own address", () => {
    expect(districtPath(2024, "D3")).toBe("/incidents/2024/d3/");
    expect(districtPath(2024, "D3", 1)).toBe("/incidents/2024/d3/");
    expect(districtPath(2024, "D3", 3)).toBe("/incidents/2024/d3/3/");
    expect(monthPath(2024, "D3", "07")).toBe("/incidents/2024/d3/07/");
  });
});

describe("grouping and paging", () => {
  const districts = [{ code: "D2", name: "Old Mill" }, { code: "D1", name: "Harborview" }];

  it("groupByDistrict(records, districts) keeps the configured order, empty districts and unlisted codes last", () => {
    const recs = [incident({ district: "D1", district_name: "Harborview" }), incident({ district: "ZZ", district_name: "" }), incident({ district: "D1", district_name: "Harborview" }), incident({ district: "AA", district_name: "Airport" })];
    const groups = groupByDistrict(recs, districts);
    expect(groups.map((g) => [g.code, g.name, g.slug, g.incidents.length])).toEqual([
      ["D2", "Old Mill", "d2", 0], ["D1", "Harborview", "d1", 2], ["AA", "Airport", "aa", 1], ["ZZ", "ZZ", "zz", 1],
    ]);
  });

  it("groupByDistrict(records, districts) refuses two codes that share a URL segment", () => {
    expect(() => groupByDistrict([incident({ district: "d 1" })], [{ code: "D-1", name: "One" }])).toThrow(/same URL segment "d-1"/);
  });

  it("groupByMonth(records) lists only months with incidents, in order, keeping record order within a month", () => {
    const a = incident({ incident: "a", date: "2024-03-01" });
    const b = incident({ incident: "b", date: "2024-01-09" });
    const c = incident({ incident: "c", date: "2024-03-20" });
    expect(groupByMonth([a, b, c]).map(([m, l]) => [m, l.map((r) => r.incident)])).toEqual([["01", ["b"]], ["03", ["a", "c"]]]);
  });

  it("paginate(items, size) splits into full pages and a last partial one; an empty list is one empty page", () => {
    expect(paginate([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(paginate([1, 2], 2)).toEqual([[1, 2]]);
    expect(paginate([], 50)).toEqual([[]]);
    expect(() => paginate([1], 0)).toThrow(/at least 1/);
  });
});

describe("labels", () => {
  it("dateLabel(date) reads a day or a month; monthName rejects a bad month", () => {
    expect(dateLabel("2024-03-04")).toBe("4 March 2024");
    expect(dateLabel("2024-12")).toBe("December 2024");
    expect(monthName("01")).toBe("January");
    expect(() => monthName("13")).toThrow(/invalid month/);
  });

  it("vocabLabel, listLabel and forceLevelLabel say 'Not recorded' for empty values", () => {
    expect(vocabLabel(CALL_TYPE, "weapons")).toBe("Weapons call");
    expect(vocabLabel(CALL_TYPE, null)).toBe(NOT_RECORDED);
    expect(vocabLabel(CALL_TYPE, "not_recorded")).toBe(NOT_RECORDED);
    expect(vocabLabel(CALL_TYPE, "new_code")).toBe("new_code");
    expect(listLabel(FORCE_TYPE, ["ced", "baton"])).toBe("Conducted energy device (Taser); Baton or impact weapon");
    expect(listLabel(FORCE_TYPE, [])).toBe(NOT_RECORDED);
    expect(listLabel(FORCE_TYPE, null)).toBe(NOT_RECORDED);
    expect(forceLevelLabel(5)).toBe("Level 5: Less-lethal weapons");
    expect(forceLevelLabel(null)).toBe(NOT_RECORDED);
    expect(forceLevelLabel(null, [])).toBe(NOT_RECORDED);
  });

  it("forceLevelLabel says 'Not on the continuum' where force is recorded only as types without a level", () => {
    expect(forceLevelLabel(null, ["physical_unspecified"])).toBe(NOT_ON_CONTINUUM);
    expect(forceLevelLabel(4, ["physical_unspecified", "takedown"])).toBe("Level 4: Hard control");
  });

  it("incidentTitle(rec) is the date and the call type", () => {
    expect(incidentTitle(incident())).toBe("4 March 2024: Domestic disturbance");
    // Without a call type, how the contact began names the incident.
    expect(incidentTitle({ ...incident(), call_type: null as never, contact_origin: "dispatched" })).toBe("4 March 2024: Dispatched call");
  });

  it("incidentFields(rec) labels every field, nulls as 'Not recorded', and lists the beat only where beats are published", () => {
    const rows = new Map(incidentFields(incident(), { beat: false }));
    expect(rows.get("District")).toBe("Northgate (D3)");
    expect(rows.get("Call type")).toBe("Domestic disturbance");
    expect(rows.get("Highest force level")).toBe("Level 4: Hard control");
    expect(rows.get("Force types used")).toBe("Takedown; Strike (hand, elbow, knee)");
    expect(rows.get("Review finding")).toBe("Within policy, training or policy issue found");
    expect(rows.get("Mental-health co-responder present")).toBe(NOT_RECORDED);
    expect(rows.get("Discipline")).toBe(NOT_RECORDED);
    expect(rows.has("Beat")).toBe(false);
    expect(new Map(incidentFields(incident({ beat: "3B" }), { beat: true })).get("Beat")).toBe("3B");
  });

  it("every published incident and subject column has a row, or is the id, date, year or summary shown on their own", () => {
    const own = new Set(["incident", "date", "year", "summary"]);
    for (const col of Object.keys(publishedIncident.shape)) if (!own.has(col)) expect(INCIDENT_FIELD_KEYS).toContain(col);
    for (const col of Object.keys(publishedSubject.shape)) if (!["subject", "incident", "year"].includes(col)) expect(SUBJECT_FIELD_KEYS).toContain(col);
  });

  it("subjectFields(s) labels age band, sex, race, injury, force, armed and crisis signs", () => {
    const rows = new Map(subjectFields(subject()));
    expect(rows.get("Age")).toBe("25 to 34");
    expect(rows.get("Race or ethnicity")).toBe("Black");
    expect(rows.get("Injury")).toBe("Minor injury or complaint of pain");
    expect(rows.get("Weapons")).toBe("Unarmed");
    expect(rows.get("Signs of mental-health crisis")).toBe("Yes");
    expect(rows.get("Signs of impairment (alcohol or drugs)")).toBe(NOT_RECORDED);
  });
});

describe("search", () => {
  it("incidentFilters(rec) gives each filter one label, with the policy pages' 'type' key", () => {
    expect(incidentFilters(incident({ review_finding: null }))).toEqual({
      type: ["Incident"], year: ["2024"], district: ["Northgate"], "call type": ["Domestic disturbance"],
      "force level": ["Level 4: Hard control"], injury: ["Minor injury or complaint of pain"], "review finding": [NOT_RECORDED],
    });
  });

  it("incidentSearchParts(rec) holds the heading and district, then the summary, force types and id, but no field labels", () => {
    const { heading, body } = incidentSearchParts(incident());
    expect(heading).toBe("4 March 2024: Domestic disturbance, Northgate");
    expect(body).toContain("Officers took the subject to the ground.");
    expect(body).toContain("Takedown; Strike");
    expect(body).toContain("0123456789abcdef");
    expect(`${heading} ${body}`).not.toMatch(/Crisis-trained|co-responder|Review/);
    expect(incidentSearchParts(incident({ summary: null })).body).toContain("No summary published.");
  });

  it("searchShards(yearCounts, max) packs whole years up to max and cuts a bigger year into equal runs", () => {
    expect(searchShards([[2019, 600], [2020, 700]], 15_000)).toEqual([[{ year: 2019, from: 0, to: 600 }, { year: 2020, from: 0, to: 700 }]]);
    expect(searchShards([[2019, 8], [2020, 0], [2021, 5], [2022, 3]], 10)).toEqual([
      [{ year: 2019, from: 0, to: 8 }], [{ year: 2021, from: 0, to: 5 }, { year: 2022, from: 0, to: 3 }],
    ]);
    expect(searchShards([[2019, 4], [2020, 25], [2021, 2]], 10)).toEqual([
      [{ year: 2019, from: 0, to: 4 }],
      [{ year: 2020, from: 0, to: 8 }], [{ year: 2020, from: 8, to: 16 }], [{ year: 2020, from: 16, to: 25 }],
      [{ year: 2021, from: 0, to: 2 }],
    ]);
    expect(searchShards([])).toEqual([]);
  });

  it("searchBundlePath(n) is Pagefind's own folder for the first index and a subfolder for the others", () => {
    expect(searchBundlePath(0)).toBe("/pagefind/");
    expect(searchBundlePath(1)).toBe("/pagefind/incidents-2/");
  });
});
