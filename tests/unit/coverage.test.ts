import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Aggregates } from "../../src/lib/aggregates.ts";
import { computeCoverage, notReportedFields, singleValueNotes, soleValue } from "../../scripts/pipeline/coverage.ts";
import { notReportedReason } from "../../src/lib/coverage.ts";
import { decide } from "../../scripts/pipeline/aggregate.ts";
import { DictColumn, NullColumn } from "../../scripts/pipeline/table.ts";
import { SINGLE_VALUE_MIN_ROWS, TABLE_NAMES, fieldsOf, type TableName } from "../../src/lib/schema/tables.ts";
import { FIXTURES, run, tmpDir } from "../helpers.ts";
import { checkDataPackage } from "../../scripts/release/tableCheck.ts";

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
    expect(paths.filter((p: string) => !p.startsWith("figures/"))).toEqual(["incidents.csv", "subjects.csv", "force_uses.csv", "officers.csv"]);
    // Each figure CSV shipped is a resource, and a not-reported figure has none.
    expect(paths.filter((p: string) => p.startsWith("figures/")).sort()).toEqual(figures.filter((f) => f.endsWith(".csv")).map((f) => `figures/${f}`));
    for (const p of paths) expect(fs.existsSync(path.join(out, "downloads", p)), p).toBe(true);
    // Every CSV keeps its table schema, with keys only into the tables this department has.
    expect(checkDataPackage(path.join(out, "downloads"))).toEqual([]);
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

describe("computeCoverage: one value in every record", () => {
  const empty = () => Object.fromEntries(TABLE_NAMES.map((t) => [t, { headers: [], columns: {}, rows: 0 }])) as unknown as Parameters<typeof computeCoverage>[0];
  /** A dictionary column of the given values (null for a blank cell). */
  const dict = (values: (string | null)[]) => {
    const c = new DictColumn<string>();
    for (const v of values) c.pushCode(v === null ? 0 : c.codeOf(v, v));
    return c.seal();
  };
  const incidents = (columns: Record<string, (string | null)[]>, rows: number) => ({
    headers: [["incident_id", "date", "district", ...Object.keys(columns)]],
    columns: Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, dict(v)])),
    rows,
  });

  it("a field whose every recorded value is unknown is not reported, however few the rows", () => {
    const tables = empty();
    tables.incidents = incidents({ contact_origin: ["unknown", "unknown", null], call_type: ["unknown", "traffic", "unknown"] }, 3);
    const c = computeCoverage(tables);
    expect(c["incidents.contact_origin"]).toEqual({ status: "not_reported", reason: "single_value", value: "unknown", rows: 3, blank: 1 });
    expect(c["incidents.call_type"]).toEqual({ status: "reported", rows: 3, blank: 0 });
  });

  it(`a coded or yes/no field with one value in ${SINGLE_VALUE_MIN_ROWS} or more records is not reported; fewer records, or another value among them, and it is`, () => {
    const n = SINGLE_VALUE_MIN_ROWS;
    const tables = empty();
    tables.incidents = incidents({
      contact_origin: Array(n).fill("dispatched"),
      bwc_activated: [...Array(n).fill("no"), null],
      arrest_made: [...Array(n - 1).fill("yes"), "no"],
    }, n + 1);
    tables.subjects = { headers: [["subject_id", "incident_id", "sex"]], columns: { sex: dict(Array(n - 1).fill("male")) }, rows: n - 1 };
    const c = computeCoverage(tables);
    expect(c["incidents.contact_origin"]).toMatchObject({ status: "not_reported", reason: "single_value", value: "dispatched" });
    expect(c["incidents.bwc_activated"]).toMatchObject({ status: "not_reported", reason: "single_value", value: "no", blank: 1 });
    expect(c["incidents.arrest_made"]).toMatchObject({ status: "reported" });
    expect(c["subjects.sex"]).toMatchObject({ status: "reported" });
    expect(notReportedFields(c)).toEqual(expect.arrayContaining(["incidents.contact_origin", "incidents.bwc_activated"]));
    expect(notReportedReason(c["incidents.contact_origin"])).toBe("every record says dispatched");
  });

  it("config.json single_value_fields keeps a field reported; one force type in every row is always real, as is an unknown that is not alone", () => {
    const n = SINGLE_VALUE_MIN_ROWS;
    const tables = empty();
    tables.incidents = incidents({ review_body: Array(n).fill("supervisor"), review_status: Array(n).fill("unknown") }, n);
    tables.force_uses = { headers: [["incident_id", "force_type"]], columns: { force_type: dict(Array(n).fill("firearm_discharge")) }, rows: n };
    const c = computeCoverage(tables, { singleValueFields: ["incidents.review_body", "incidents.review_status"] });
    expect(c["incidents.review_body"]).toMatchObject({ status: "reported" });
    // Unknown in every record says nothing, whatever the configuration.
    expect(c["incidents.review_status"]).toMatchObject({ status: "not_reported", reason: "single_value", value: "unknown" });
    expect(c["force_uses.force_type"]).toMatchObject({ status: "reported" });
  });

  it("soleValue(col) reads only the codes rows use, and lists as their joined values", () => {
    const c = new DictColumn<string>();
    c.codeOf("dispatched", "dispatched");
    c.pushCode(c.codeOf("unknown", "unknown"));
    c.pushCode(c.codeOf("unknown", "unknown"));
    expect(soleValue(c.seal())).toBe("unknown");
    expect(soleValue(dict([null, null]))).toBeNull();
    expect(soleValue(dict(["a", "b"]))).toBeNull();
  });

  it("singleValueNotes names each such field, its value and the way back for a real single value", () => {
    const notes = singleValueNotes({
      "incidents.contact_origin": { status: "not_reported", reason: "single_value", value: "unknown", rows: 30, blank: 0 },
      "incidents.bwc_activated": { status: "not_reported", reason: "single_value", value: "no", rows: 30, blank: 5 },
      "subjects.sex": { status: "reported", rows: 30, blank: 0 },
    });
    expect(notes).toEqual([
      "incidents.contact_origin is treated as not reported by this department: every record says unknown (30 records).",
      'incidents.bwc_activated is treated as not reported by this department: every record says no (25 records). If the department really has this one value, list "incidents.bwc_activated" in single_value_fields in config.json.',
    ]);
  });
});

// tests/fixtures/own-codes: a synthetic department whose contact origin is unknown in every
// incident, whose officers table has no injury column, which confirms one review status for every
// incident in config.json, and whose records start in March 2022.
describe("a department with no contact origin and no officer injuries (fixture own-codes)", () => {
  const out = path.join(tmpDir(), "generated");
  const r = run(path.join(FIXTURES, "own-codes", "input"), out);
  const agg = r.error ? null : (JSON.parse(fs.readFileSync(path.join(out, "site/aggregates.json"), "utf8")) as Aggregates);

  it("marks contact origin (unknown in every record) and officers' injury (no column) not reported, with their reasons", () => {
    expect(r.error).toBeNull();
    expect(agg!.meta.coverage["incidents.contact_origin"]).toEqual({ status: "not_reported", reason: "single_value", value: "unknown", rows: 66, blank: 0 });
    expect(agg!.meta.coverage["officers.injury"]).toEqual({ status: "not_reported", reason: "no_column", rows: 66, blank: 66 });
    expect(agg!.meta.not_reported_fields).toEqual(expect.arrayContaining(["incidents.contact_origin", "officers.injury"]));
    // One review status in every record, confirmed by the department: reported.
    expect(agg!.meta.coverage["incidents.review_status"]).toEqual({ status: "reported", rows: 66, blank: 0 });
    expect(notReportedReason(agg!.meta.coverage["incidents.contact_origin"])).toBe("not one record gives it, each says unknown");
  });

  it("the run's report and log name the field and why", () => {
    const report = fs.readFileSync(r.reportPath, "utf8");
    expect(report).toContain("- incidents.contact_origin is treated as not reported by this department: every record says unknown (66 records).");
    expect(r.log.some((l) => l.includes("incidents.contact_origin is treated as not reported"))).toBe(true);
  });

  it("the figures of officers' injuries say what is missing; meta.period gives both ends as configured", () => {
    expect(agg!.tables["officer-injuries"].status).toBe("not_reported");
    expect(agg!.tables["officer-injuries"].missing).toEqual(["officers' injuries"]);
    expect(agg!.meta.period).toEqual({ from: "2022-03-01", through: "2023-12-31" });
  });
});
