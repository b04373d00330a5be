import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Aggregates } from "../../src/lib/aggregates.ts";
import { computeCoverage, notReportedFields } from "../../scripts/pipeline/coverage.ts";
import { decide } from "../../scripts/pipeline/aggregate.ts";
import { DictColumn, NullColumn } from "../../scripts/pipeline/table.ts";
import { TABLE_NAMES, fieldsOf, type TableName } from "../../src/lib/schema/tables.ts";
import { FIXTURES, run, tmpDir } from "../helpers.ts";

// tests/fixtures/partial: a synthetic department with no calls_for_service table, no age, sex
// or race_ethnicity columns in subjects, no review_finding column in incidents, no injury column
// in officers, and a bwc_activated column that is blank in every row.
function build(): { out: string; agg: Aggregates } {
  const out = path.join(tmpDir(), "generated");
  const r = run(path.join(FIXTURES, "partial", "input"), out);
  expect(r.error).toBeNull();
  return { out, agg: JSON.parse(fs.readFileSync(path.join(out, "site/aggregates.json"), "utf8")) as Aggregates };
}

describe("computeCoverage", () => {
  const empty = () => Object.fromEntries(TABLE_NAMES.map((t) => [t, { headers: [], columns: {}, rows: 0 }])) as unknown as Parameters<typeof computeCoverage>[0];

  it("tells no table, no column and an all-blank column apart from a reported field with blanks", () => {
    const tables = empty();
    const sex = new DictColumn<string>();
    for (const code of [1, 0, 2]) sex.pushCode(code);
    sex.codeOf("female", "female");
    sex.codeOf("male", "male");
    tables.subjects = { headers: [["subject_id", "incident_id", "sex", "injury"]], columns: { sex: sex.seal(), injury: new NullColumn(3) }, rows: 3 };
    const c = computeCoverage(tables);
    expect(c["subjects.sex"]).toEqual({ status: "reported", rows: 3, blank: 1 });
    expect(c["subjects.injury"]).toEqual({ status: "not_reported", reason: "all_blank", rows: 3, blank: 3 });
    expect(c["subjects.race_ethnicity"]).toEqual({ status: "not_reported", reason: "no_column", rows: 3, blank: 3 });
    expect(c["calls_for_service.calls_dispatched"]).toEqual({ status: "not_reported", reason: "no_table", rows: 0, blank: 0 });
    // One entry per canonical field of every table.
    expect(Object.keys(c).length).toBe(TABLE_NAMES.reduce((n, t: TableName) => n + fieldsOf(t).length, 0));
  });

  it("matches column names as the validator does: any case, BOM and spaces ignored", () => {
    const tables = empty();
    tables.incidents = { headers: [["\uFEFFIncident_ID", " Call_Type "]], columns: { incident_id: new DictColumn<string>().seal(), call_type: new DictColumn<string>().seal() }, rows: 0 };
    const c = computeCoverage(tables);
    expect(c["incidents.call_type"]).toMatchObject({ status: "not_reported", reason: "all_blank" });
    expect(c["incidents.review_finding"]).toMatchObject({ reason: "no_column" });
  });

  it("lists not-reported fields of supplied tables, leaving out whole tables and never-published identifiers", () => {
    const c = {
      "subjects.sex": { status: "not_reported", reason: "no_column", rows: 2, blank: 2 },
      "subjects.name": { status: "not_reported", reason: "no_column", rows: 2, blank: 2 },
      "subjects.injury": { status: "reported", rows: 2, blank: 1 },
      "arrests.arrests": { status: "not_reported", reason: "no_table", rows: 0, blank: 0 },
    } as const;
    expect(notReportedFields(c)).toEqual(["subjects.sex"]);
  });
});

describe("decide", () => {
  const draft = { id: "x", title: "X", description: "d", columns: [], rows: [{ year: 2024, n: 3 }], notes: ["a note"] };
  it("a figure that lacks what it needs has no rows and one note naming what is missing", () => {
    expect(decide(draft, ["subjects' sex", "review findings"], ["arrests"])).toEqual({
      ...draft, rows: [], notes: ["Not reported by this department: subjects' sex and review findings."], status: "not_reported", missing: ["subjects' sex", "review findings"],
    });
  });
  it("a figure with what it needs keeps its rows and names what it shows as not reported", () => {
    expect(decide(draft, [], ["arrests"])).toEqual({ ...draft, status: "reported", missing: ["arrests"] });
  });
});

describe("a department that lacks calls for service, demographics and review findings (fixture partial)", () => {
  const { out, agg } = build();
  const T = agg.tables;

  it("publishes field coverage in meta.coverage and the missing fields in meta.not_reported_fields", () => {
    expect(agg.meta.coverage["calls_for_service.calls_dispatched"]).toEqual({ status: "not_reported", reason: "no_table", rows: 0, blank: 0 });
    for (const f of ["subjects.sex", "subjects.race_ethnicity", "subjects.age", "subjects.age_band", "incidents.review_finding"]) {
      expect(agg.meta.coverage[f], f).toEqual({ status: "not_reported", reason: "no_column", rows: f.startsWith("subjects") ? 9 : 8, blank: f.startsWith("subjects") ? 9 : 8 });
      expect(agg.meta.not_reported_fields, f).toContain(f);
    }
    expect(agg.meta.coverage["incidents.bwc_activated"]).toEqual({ status: "not_reported", reason: "all_blank", rows: 8, blank: 8 });
    // Reported, with one blank (not recorded) cell and one "unknown" value, which is not blank.
    expect(agg.meta.coverage["subjects.injury"]).toEqual({ status: "reported", rows: 9, blank: 1 });
    expect(agg.meta.coverage["incidents.deescalation_attempted"]).toEqual({ status: "reported", rows: 8, blank: 1 });
    expect(agg.meta.not_reported_fields).not.toContain("subjects.injury");
    expect(agg.meta.not_reported[0]).toBe("calls_for_service");
  });

  it("marks the figures that need what is missing as not reported, with no rows and a plain note", () => {
    const nr = Object.values(T).filter((t) => t.status === "not_reported").map((t) => t.id).sort();
    expect(nr).toEqual(["complaints", "officer-injuries", "rate-by-call-type", "rate-by-year", "review-findings", "subjects-by-age", "subjects-by-race", "subjects-by-sex", "training"]);
    for (const id of nr) {
      expect(T[id].rows, id).toEqual([]);
      expect(T[id].notes, id).toEqual([`Not reported by this department: ${T[id].missing.join(" and ")}.`]);
    }
    expect(T["rate-by-year"].missing).toEqual(["calls for service (counts of dispatched calls)"]);
    expect(T["subjects-by-sex"].missing).toEqual(["subjects' sex"]);
    expect(T["subjects-by-race"].missing).toEqual(["subjects' race or ethnicity"]);
    expect(T["subjects-by-age"].missing).toEqual(["subjects' age"]);
    expect(T["review-findings"].missing).toEqual(["review findings"]);
  });

  it("keeps figures it can make, naming what they show as not reported", () => {
    for (const id of ["force-level-mix", "subject-injuries", "injury-totals", "districts", "crisis-response", "deescalation-camera"]) expect(T[id].status, id).toBe("reported");
    // Districts: counts, without empty columns of calls and rates.
    expect(T.districts.missing).toEqual(["calls for service (counts of dispatched calls)"]);
    expect(T.districts.columns.map((c) => c.key)).not.toContain("force_per_1000_dispatched");
    expect(T.districts.rows.find((r) => r.year === 2024 && r.district === "W")).toEqual({ year: 2024, district: "W", district_name: "West", incidents: expect.any(Number), dispatched_incidents: expect.any(Number) });
    // Incidents whose district disclosure control withheld are a row of their own: the rows add up to the year's total.
    const y2024 = T.districts.rows.filter((r) => r.year === 2024);
    expect(y2024.reduce((a, r) => a + (r.incidents as number), 0)).toBe(agg.headline.years.find((f) => f.year === 2024)!.incidents);
    // A camera measure the department lacks is left out and named, not counted as all "not recorded".
    expect(T["deescalation-camera"].missing).toEqual(["whether body-worn cameras were activated"]);
    expect(T["deescalation-camera"].rows.map((r) => r.measure)).toEqual(["deescalation_attempted", "deescalation_attempted"]);
    const d2024 = T["deescalation-camera"].rows.find((r) => r.year === 2024)!;
    expect([d2024.yes, d2024.no, d2024.unknown, d2024.not_recorded]).toEqual([2, 1, 0, 1]);
  });

  it("headline: no calls means a null rate and null calls, never 0 or NaN, with counts kept per year", () => {
    expect(agg.headline.latest).toEqual({ year: 2024, incidents: 4, subjects: 4, dispatched_incidents: 3, calls_911: null, calls_dispatched: null, force_per_1000_dispatched: null });
    expect(agg.headline.rate_change_pct).toBeNull();
    expect(agg.headline.years.map((y) => y.incidents)).toEqual([4, 4]);
  });

  it("ships no files for not-reported figures, and a datapackage consistent with the files present", () => {
    const figures = fs.readdirSync(path.join(out, "downloads/figures")).sort();
    for (const t of Object.values(T)) {
      const has = figures.includes(`${t.id}.csv`);
      expect(has, t.id).toBe(t.status === "reported");
      expect(figures.includes(`${t.id}.json`), t.id).toBe(t.status === "reported");
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(out, "downloads/datapackage.json"), "utf8"));
    const paths = pkg.resources.map((r: { path: string }) => r.path);
    expect(paths).toEqual(["incidents.csv", "subjects.csv", "force_uses.csv", "officers.csv"]);
    for (const p of paths) expect(fs.existsSync(path.join(out, "downloads", p)), p).toBe(true);
    expect(fs.existsSync(path.join(out, "downloads/calls_for_service.csv"))).toBe(false);
    const sums = fs.readFileSync(path.join(out, "downloads/SHA256SUMS.txt"), "utf8");
    expect(sums).not.toContain("review-findings");
    expect(sums).toContain("figures/districts.csv");
  });

  it("the data dictionary download lists what the department does not report", () => {
    const md = fs.readFileSync(path.join(out, "downloads/data-dictionary.md"), "utf8");
    expect(md).toContain("## Not reported by this department");
    expect(md).toContain("- `calls_for_service` (calls for service (counts of dispatched calls)): the department supplies no such table.");
    expect(md).toContain("- `subjects.race_ethnicity` (subjects' race or ethnicity): the department's files have no such column.");
    expect(md).toContain("- `incidents.bwc_activated` (whether body-worn cameras were activated): the column is empty in every record.");
  });
});
