// What changed between two releases: two small releases written by hand with the published
// headers (sample data), compared by scripts/release/changes.ts.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareReleases, csvRows, dimensionColumns, isProtectionChange, releaseFromDir, releaseFromTexts } from "../../scripts/release/changes.ts";

const INC = "incident,date,year,district,beat,contact_origin,call_type,call_type_raw,officers_count,subjects_count,arrest_made,bwc_activated,deescalation_attempted,crisis_trained_officer,coresponder_present,review_status,review_body,review_finding,discipline,highest_force_level,force_types,most_severe_subject_injury,summary";
const SUB = "subject,incident,year,age_band,sex,race_ethnicity,perceived_armed,confirmed_armed,weapons,resistance,mental_health_crisis,impaired,injury,medical_treatment,hospitalized,highest_force_level,force_types";
const FU = "incident,subject,officer,force_type,force_level,force_type_raw,agency_level";
const OFF = "officer,incident,age_band,sex,race_ethnicity,service_band,injury";
const COMP = "complaint,received_date,year,days_to_close,source,allegation,finding,discipline,incident";
const CFS = "period,call_type,district,calls_911,calls_dispatched";
const ARR = "period,district,arrests";
const POP = "year,district,race_ethnicity,population";
const TRN = "year,sworn_officers,cit_trained_officers,deescalation_training_hours";

// Pseudonyms of the sample: incidents a..., subjects b..., officers c..., complaints d...
const I1 = "a000000000000001", I2 = "a000000000000002", I3 = "a000000000000003", I4 = "a000000000000004", I5 = "a000000000000005", I6 = "a000000000000006";
const S1 = "b000000000000001", S2 = "b000000000000002", S3 = "b000000000000003", S4 = "b000000000000004", S5 = "b000000000000005", S6 = "b000000000000006";
const O1 = "c000000000000001", O2 = "c000000000000002";
const C1 = "d000000000000001";

const csv = (...lines: string[]) => lines.join("\n") + "\n";

function rateByYear(rows: { year: number; incidents: number; arrests: number | null }[]): string {
  return JSON.stringify({
    id: "rate-by-year",
    title: "Force per 1,000 dispatched calls, by year",
    description: "Sample data.",
    notes: [],
    columns: [
      { key: "year", label: "Year", type: "number" },
      { key: "incidents", label: "All force incidents", type: "number" },
      { key: "arrests", label: "Arrests", type: "number" },
    ],
    rows,
  }, null, 2);
}

function districts(rows: { year: number; district: string; district_name: string; incidents: number }[]): string {
  return JSON.stringify({
    id: "districts",
    title: "Force by district",
    columns: [
      { key: "year", label: "Year", type: "number" },
      { key: "district", label: "District code", type: "string" },
      { key: "district_name", label: "District", type: "string" },
      { key: "incidents", label: "All force incidents", type: "number" },
    ],
    rows,
  });
}

// The previous release: four incidents of 2023.
const PREV: Record<string, string> = {
  "incidents.csv": csv(
    INC,
    `${I1},2023-03-14,2023,D1,,dispatched,traffic,TRAFFIC STOP,1,1,yes,yes,no,no,no,complete,supervisor,within_policy,,3,takedown,none,Sample data: an officer took the subject to the ground.`,
    `${I2},2023-05-02,2023,D2,,dispatched,disturbance,DISTURBANCE,1,1,no,yes,yes,no,no,complete,supervisor,within_policy,,3,takedown,none,Sample data: a takedown.`,
    `${I3},2023-07-20,2023,D1,,officer_initiated,traffic,TRAFFIC STOP,1,1,no,no,no,no,no,pending,,,,2,hold_grab_push,none,Sample data: a hold.`,
    `${I4},2023-08-09,2023,D3,,dispatched,mental_health,WELFARE CHECK,1,1,no,yes,yes,yes,no,complete,supervisor,within_policy,,2,hold_grab_push,minor,"Sample data: a hold.`,
    `The subject was taken to hospital."`,
  ),
  "subjects.csv": csv(
    SUB,
    `${S1},${I1},2023,25_34,male,white,no,no,none,active,no,no,none,no,no,3,takedown`,
    `${S2},${I2},2023,35_44,female,black,no,no,none,active,no,no,none,no,no,3,takedown`,
    `${S3},${I3},2023,18_24,male,hispanic_latino,no,no,none,passive,no,no,none,no,no,2,hold_grab_push`,
    `${S4},${I4},2023,45_54,male,white,no,no,none,passive,yes,no,minor,yes,no,2,hold_grab_push`,
  ),
  "force_uses.csv": csv(
    FU,
    `${I1},${S1},${O1},takedown,3,TAKEDOWN,L2`,
    `${I2},${S2},${O1},takedown,3,TAKEDOWN,L2`,
    `${I3},${S3},${O2},hold_grab_push,2,HOLD,L1`,
    `${I4},${S4},${O2},hold_grab_push,2,HOLD,L1`,
  ),
  "officers.csv": csv(OFF, `${O1},${I1},25_34,male,white,6_20,none`, `${O1},${I2},25_34,male,white,6_20,none`, `${O2},${I3},35_54,female,black,0_5,none`, `${O2},${I4},35_54,female,black,0_5,none`),
  "complaints.csv": csv(COMP, `${C1},2023-04,2023,30,resident,excessive_force,not_sustained,,${I1}`),
  "calls_for_service.csv": csv(CFS, "2023-01,traffic,D1,10,20", "2023-01,traffic,D2,11,21"),
  "arrests.csv": csv(ARR, "2023-01,D1,97", "2023-01,D2,135"),
  "population.csv": csv(POP, "2023,,,412136", "2023,D1,,50000"),
  "training.csv": csv(TRN, "2023,700,112,5519"),
  "figures/rate-by-year.json": rateByYear([{ year: 2023, incidents: 4, arrests: 232 }]),
  "figures/districts.json": districts([
    { year: 2023, district: "D1", district_name: "Harborview", incidents: 2 },
    { year: 2023, district: "D2", district_name: "Old Mill", incidents: 1 },
    { year: 2023, district: "D3", district_name: "Northgate", incidents: 1 },
  ]),
  "figures/training.json": JSON.stringify({ id: "training", title: "Training", columns: [{ key: "year", label: "Year", type: "number" }, { key: "sworn_officers", label: "Sworn officers", type: "number" }], rows: [{ year: 2023, sworn_officers: 700 }] }),
};

// The current release: 2024 added; I1 revised (arrest made) and its date shown only to the
// month; I2's subject's age band widened and a force use added; I3 withdrawn; I4's district
// corrected; I6 a late report of 2023; one arrest count revised; a figure dropped and one added.
const CUR: Record<string, string> = {
  "incidents.csv": csv(
    INC,
    `${I1},2023-03,2023,D1,,dispatched,traffic,TRAFFIC STOP,1,1,no,yes,no,no,no,complete,supervisor,within_policy,,3,takedown,none,Sample data: an officer took the subject to the ground.`,
    `${I2},2023-05-02,2023,D2,,dispatched,disturbance,DISTURBANCE,1,1,no,yes,yes,no,no,complete,supervisor,within_policy,,3,takedown,none,Sample data: a takedown.`,
    `${I4},2023-08-09,2023,D4,,dispatched,mental_health,WELFARE CHECK,1,1,no,yes,yes,yes,no,complete,supervisor,within_policy,,2,hold_grab_push,minor,"Sample data: a hold.`,
    `The subject was taken to hospital."`,
    `${I5},2024-02-11,2024,D2,,dispatched,traffic,TRAFFIC STOP,1,1,no,yes,no,no,no,pending,,,,3,takedown,none,Sample data: a takedown.`,
    `${I6},2023-12-30,2023,D1,,dispatched,traffic,TRAFFIC STOP,1,1,no,yes,no,no,no,pending,,,,2,hold_grab_push,none,Sample data: a hold reported late.`,
  ),
  "subjects.csv": csv(
    SUB,
    `${S1},${I1},2023,25_34,male,white,no,no,none,active,no,no,none,no,no,3,takedown`,
    `${S2},${I2},2023,35_54,female,black,no,no,none,active,no,no,none,no,no,3,takedown`,
    `${S4},${I4},2023,45_54,male,white,no,no,none,passive,yes,no,minor,yes,no,2,hold_grab_push`,
    `${S5},${I5},2024,18_34,withheld,white,no,no,none,active,no,no,none,no,no,3,takedown`,
    `${S6},${I6},2023,18_34,male,another_category,no,no,none,passive,no,no,none,no,no,2,hold_grab_push`,
  ),
  "force_uses.csv": csv(
    FU,
    `${I1},${S1},${O1},takedown,3,TAKEDOWN,L2`,
    `${I2},${S2},${O1},takedown,3,TAKEDOWN,L2`,
    `${I2},${S2},${O1},hold_grab_push,2,HOLD,L1`,
    `${I4},${S4},${O2},hold_grab_push,2,HOLD,L1`,
    `${I5},${S5},${O1},takedown,3,TAKEDOWN,L2`,
    `${I6},${S6},${O2},hold_grab_push,2,HOLD,L1`,
  ),
  "officers.csv": csv(OFF, `${O1},${I1},25_34,male,white,6_20,none`, `${O1},${I2},25_34,male,white,6_20,none`, `${O2},${I4},35_54,female,black,0_5,none`, `${O1},${I5},25_34,male,white,6_20,none`, `${O2},${I6},35_54,female,black,0_5,none`),
  "complaints.csv": csv(COMP, `${C1},2023-04,2023,30,resident,excessive_force,not_sustained,,${I1}`),
  "calls_for_service.csv": csv(CFS, "2023-01,traffic,D1,10,20", "2023-01,traffic,D2,11,21", "2024-01,traffic,D1,12,22"),
  "arrests.csv": csv(ARR, "2023-01,D1,98", "2023-01,D2,135", "2024-01,D1,90"),
  "population.csv": csv(POP, "2023,,,412136", "2023,D1,,50000", "2024,,,413000"),
  "training.csv": csv(TRN, "2023,700,112,5519", "2024,710,120,5600"),
  "figures/rate-by-year.json": rateByYear([{ year: 2023, incidents: 4, arrests: 233 }, { year: 2024, incidents: 1, arrests: 90 }]),
  "figures/districts.json": districts([
    { year: 2023, district: "D1", district_name: "Harborview", incidents: 2 },
    { year: 2023, district: "D2", district_name: "Old Mill", incidents: 1 },
    { year: 2023, district: "D4", district_name: "Riverside", incidents: 1 },
    { year: 2024, district: "D2", district_name: "Old Mill", incidents: 1 },
  ]),
  "figures/complaints.json": JSON.stringify({ id: "complaints", title: "Complaints", columns: [{ key: "year", label: "Year", type: "number" }, { key: "received", label: "Received", type: "number" }], rows: [{ year: 2023, received: 1 }] }),
};

const CTX = { version: "2025.2", released: "2025-06-01", notes: "Sample data: 2024 added; late reports of 2023 included.", previous: { version: "2025.1", released: "2025-01-15" }, pseudonyms: "same" as const };

describe("compareReleases", () => {
  it("lists exactly the records added, withdrawn, revised and protected, the moves and the moved totals", () => {
    const c = compareReleases(releaseFromTexts(PREV), releaseFromTexts(CUR), CTX);
    const none = { added: [], withdrawn: [], revised: [], protection: [] };
    expect(c).toEqual({
      format: 1,
      version: "2025.2",
      released: "2025-06-01",
      notes: CTX.notes,
      previous: { version: "2025.1", released: "2025-01-15" },
      pseudonyms: "same",
      tables: [
        {
          table: "incidents", key_columns: ["incident"], before: 4, after: 5,
          added: [I5, I6], withdrawn: [I3],
          // I1's date shown only to the month is protection; its arrest is a revision, so only that is listed.
          revised: [
            { key: I1, incident: I1, fields: ["arrest_made"] },
            { key: I2, incident: I2, fields: ["force_uses"] },
            { key: I4, incident: I4, fields: ["district"] },
          ],
          protection: [],
        },
        {
          table: "subjects", key_columns: ["subject"], before: 4, after: 5,
          added: [S5, S6], withdrawn: [S3], revised: [],
          protection: [{ key: S2, incident: I2, fields: ["age_band"] }],
        },
        {
          table: "force_uses", key_columns: ["incident", "subject", "officer", "force_type"], before: 4, after: 6,
          added: [`${I2}|${S2}|${O1}|hold_grab_push`, `${I5}|${S5}|${O1}|takedown`, `${I6}|${S6}|${O2}|hold_grab_push`],
          withdrawn: [`${I3}|${S3}|${O2}|hold_grab_push`],
          revised: [], protection: [],
        },
        {
          table: "officers", key_columns: ["officer", "incident"], before: 4, after: 5,
          added: [`${O1}|${I5}`, `${O2}|${I6}`], withdrawn: [`${O2}|${I3}`], revised: [], protection: [],
        },
        { table: "complaints", key_columns: ["complaint"], before: 1, after: 1, ...none },
        { table: "calls_for_service", key_columns: ["period", "call_type", "district"], before: 2, after: 3, ...none, added: ["2024-01|traffic|D1"] },
        { table: "arrests", key_columns: ["period", "district"], before: 2, after: 3, ...none, added: ["2024-01|D1"], revised: [{ key: "2023-01|D1", fields: ["arrests"] }] },
        { table: "population", key_columns: ["year", "district", "race_ethnicity"], before: 2, after: 3, ...none, added: ["2024||"] },
        { table: "training", key_columns: ["year"], before: 1, after: 2, ...none, added: ["2024"] },
      ],
      moved: [
        { incident: I3, from: "/incidents/2023/d1/07/", to: null, fields: [] },
        { incident: I4, from: "/incidents/2023/d3/08/", to: "/incidents/2023/d4/08/", fields: ["district"] },
      ],
      // The 2024 rows are a new year, not moved totals; a 2023 district row that appears or goes is.
      totals: [
        { figure: "districts", title: "Force by district", row: { year: 2023, district: "D4" }, column: "incidents", label: "All force incidents", year: 2023, from: null, to: 1 },
        { figure: "districts", title: "Force by district", row: { year: 2023, district: "D3" }, column: "incidents", label: "All force incidents", year: 2023, from: 1, to: null },
        { figure: "rate-by-year", title: "Force per 1,000 dispatched calls, by year", row: { year: 2023 }, column: "arrests", label: "Arrests", year: 2023, from: 232, to: 233 },
      ],
      figures: { added: ["complaints"], removed: ["training"] },
      years: [{ year: 2023, added: 1, withdrawn: 1, revised: 3 }],
    });
  });

  it("gives the same answer for the same releases, whatever the order of their rows", () => {
    const shuffled = Object.fromEntries(
      Object.entries(CUR).map(([p, t]) => {
        if (!p.endsWith(".csv") || p === "incidents.csv") return [p, t];
        const [head, ...rest] = t.trimEnd().split("\n");
        return [p, csv(head, ...rest.reverse())];
      }),
    );
    const a = compareReleases(releaseFromTexts(PREV), releaseFromTexts(CUR), CTX);
    const b = compareReleases(releaseFromTexts(PREV), releaseFromTexts(shuffled), CTX);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it("compares only totals when pseudonyms restarted", () => {
    const c = compareReleases(releaseFromTexts(PREV), releaseFromTexts(CUR), { ...CTX, pseudonyms: "restarted" });
    expect(c.pseudonyms).toBe("restarted");
    expect(c.tables.map((t) => [t.table, t.before, t.after, t.added.length + t.withdrawn.length + t.revised.length + t.protection.length])).toEqual([
      ["incidents", 4, 5, 0], ["subjects", 4, 5, 0], ["force_uses", 4, 6, 0], ["officers", 4, 5, 0], ["complaints", 1, 1, 0],
      ["calls_for_service", 2, 3, 0], ["arrests", 2, 3, 0], ["population", 2, 3, 0], ["training", 1, 2, 0],
    ]);
    expect(c.moved).toEqual([]);
    expect(c.years).toEqual([]);
    expect(c.totals.map((t) => `${t.figure} ${JSON.stringify(t.row)} ${t.column} ${t.from}->${t.to}`)).toEqual([
      'districts {"year":2023,"district":"D4"} incidents null->1',
      'districts {"year":2023,"district":"D3"} incidents 1->null',
      'rate-by-year {"year":2023} arrests 232->233',
    ]);
    expect(c.figures).toEqual({ added: ["complaints"], removed: ["training"] });
  });

  it("has nothing to compare for the first release", () => {
    const c = compareReleases(null, releaseFromTexts(CUR), { ...CTX, previous: null, pseudonyms: "first" });
    expect(c).toEqual({
      format: 1, version: "2025.2", released: "2025-06-01", notes: CTX.notes, previous: null, pseudonyms: "first",
      tables: [], moved: [], totals: [], figures: { added: [], removed: [] }, years: [],
    });
  });

  it("finds nothing between a release and itself", () => {
    const c = compareReleases(releaseFromTexts(CUR), releaseFromTexts(CUR), CTX);
    expect(c.tables.every((t) => t.before === t.after && t.added.length + t.withdrawn.length + t.revised.length + t.protection.length === 0)).toBe(true);
    expect(c.tables).toHaveLength(9);
    expect([c.moved, c.totals, c.years, c.figures]).toEqual([[], [], [], { added: [], removed: [] }]);
  });

  it("reads a quoted cell that holds newlines as one cell, and sees a change inside it", () => {
    const lines = ['a,b', '1,"one', 'two ""quoted""', 'three"', '2,"x,y"', ""];
    expect([...csvRows(lines)]).toEqual([["a", "b"], ["1", 'one\ntwo "quoted"\nthree'], ["2", "x,y"]]);
    const changed = { ...PREV, "incidents.csv": PREV["incidents.csv"].replace("The subject was taken to hospital.", "The subject was treated at the scene.") };
    const c = compareReleases(releaseFromTexts(PREV), releaseFromTexts(changed), CTX);
    expect(c.tables[0].revised).toEqual([{ key: I4, incident: I4, fields: ["summary"] }]);
    expect(c.tables[0].before).toBe(4);
    expect(c.moved).toEqual([]);
    expect(c.years).toEqual([{ year: 2023, added: 0, withdrawn: 0, revised: 1 }]);
  });

  it("compares an incident's repeated force uses as a multiset", () => {
    const twice = `${I1},${S1},${O1},takedown,3,TAKEDOWN,L2`;
    const prev = { ...PREV, "force_uses.csv": csv(FU, twice, `${I2},${S2},${O1},takedown,3,TAKEDOWN,L2`, twice) };
    // The same rows in another order: no change.
    const same = { ...PREV, "force_uses.csv": csv(FU, twice, twice, `${I2},${S2},${O1},takedown,3,TAKEDOWN,L2`) };
    const a = compareReleases(releaseFromTexts(prev), releaseFromTexts(same), CTX);
    expect(a.tables[2]).toMatchObject({ before: 3, after: 3, added: [], withdrawn: [], revised: [] });
    expect(a.tables[0].revised).toEqual([]);
    // A third use of the same force: the repeat is added, and the incident revised.
    const thrice = { ...PREV, "force_uses.csv": csv(FU, twice, twice, twice, `${I2},${S2},${O1},takedown,3,TAKEDOWN,L2`) };
    const b = compareReleases(releaseFromTexts(prev), releaseFromTexts(thrice), CTX);
    expect(b.tables[2]).toMatchObject({ before: 3, after: 4, added: [`${I1}|${S1}|${O1}|takedown#3`], withdrawn: [], revised: [] });
    expect(b.tables[0].revised).toEqual([{ key: I1, incident: I1, fields: ["force_uses"] }]);
    expect(b.years).toEqual([{ year: 2023, added: 0, withdrawn: 0, revised: 1 }]);
  });

  it("numbers a repeated key instead of failing", () => {
    const dup = { ...PREV, "officers.csv": PREV["officers.csv"] + `${O1},${I1},25_34,male,white,6_20,minor\n` };
    const c = compareReleases(releaseFromTexts(PREV), releaseFromTexts(dup), CTX);
    expect(c.tables[3]).toMatchObject({ before: 4, after: 5, added: [`${O1}|${I1}#2`], withdrawn: [] });
  });

  it("reads a release from a folder, in pieces", () => {
    const dir = mkdtempSync(join(tmpdir(), "changes-"));
    try {
      for (const [p, t] of Object.entries(CUR)) {
        mkdirSync(join(dir, p, ".."), { recursive: true });
        writeFileSync(join(dir, p), t);
      }
      const fromDir = compareReleases(releaseFromTexts(PREV), releaseFromDir(dir), CTX);
      expect(fromDir).toEqual(compareReleases(releaseFromTexts(PREV), releaseFromTexts(CUR), CTX));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("isProtectionChange", () => {
  it("tells a change of detail from a change of the data", () => {
    expect(isProtectionChange("date", "2023-03-14", "2023-03")).toBe(true);
    expect(isProtectionChange("date", "2023-03-14", "2023-W11")).toBe(true);
    expect(isProtectionChange("date", "2023-03-14", "2023-Q1")).toBe(true);
    expect(isProtectionChange("date", "2023", "2023-03-14")).toBe(true);
    expect(isProtectionChange("date", "2023-03", "2023-W10")).toBe(true);
    expect(isProtectionChange("date", "2023-03-14", "2023-04")).toBe(false);
    expect(isProtectionChange("date", "2023-03-14", "2023-03-15")).toBe(false);
    expect(isProtectionChange("date", "2023-03", "2024")).toBe(false);
    expect(isProtectionChange("received_date", "2023-04", "2023-Q2")).toBe(true);
    expect(isProtectionChange("age_band", "35_44", "35_54")).toBe(true);
    expect(isProtectionChange("age_band", "18_34", "25_34")).toBe(true);
    expect(isProtectionChange("age_band", "35_44", "18_34")).toBe(false);
    expect(isProtectionChange("age_band", "25_34", "adult")).toBe(false);
    expect(isProtectionChange("service_band", "3_5", "0_5")).toBe(true);
    expect(isProtectionChange("service_band", "6_10", "0_5")).toBe(false);
    expect(isProtectionChange("sex", "female", "withheld")).toBe(true);
    expect(isProtectionChange("race_ethnicity", "another_category", "asian")).toBe(true);
    expect(isProtectionChange("district", "D1", "D2")).toBe(false);
    expect(isProtectionChange("year", "2023", "2024")).toBe(false);
    expect(isProtectionChange("arrest_made", "", "yes")).toBe(false);
  });
});

describe("dimensionColumns", () => {
  it("names rows by year, codes and level, not by labels, names, notes or counts", () => {
    const col = (key: string, type = "number") => ({ key, label: key, type });
    expect(dimensionColumns([col("year"), col("level"), col("level_label", "string"), col("subjects"), col("share_of_subjects")])).toEqual(["year", "level"]);
    expect(dimensionColumns([col("year"), col("district", "string"), col("district_name", "string"), col("incidents")])).toEqual(["year", "district"]);
    expect(dimensionColumns([col("year"), col("characteristic", "string"), col("characteristic_label", "string"), col("group", "string"), col("group_label", "string"), col("officers"), col("note", "string")])).toEqual(["year", "characteristic", "group"]);
    expect(dimensionColumns([col("period", "string"), col("calls")])).toEqual(["period"]);
  });
});
