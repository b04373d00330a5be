import { describe, expect, it } from "vitest";
import { dateText, generaliseDate } from "../../src/lib/schema/disclosure.ts";
import { auditFigures } from "../../scripts/pipeline/protect.ts";
import { publishedSample } from "../publishedSample.ts";

// A generated department of 2,000 incidents, built with the real pipeline; the published CSVs
// are then joined and counted here, independently of the stage's own figures.
function department(edit: (config: Record<string, unknown>) => void = () => {}) {
  const d = publishedSample({ seed: 11, firstYear: 2021, years: 2, incidentsPerYear: 1000, districts: 6 }, edit);
  return { incidents: d.csv("incidents.csv"), subjects: d.csv("subjects.csv"), report: d.report, log: d.log, agg: d.agg };
}

/** Groups smaller than k among subjects joined to their incidents, and among incidents, on the given columns. */
function smallGroups(d: ReturnType<typeof department>, k: number, incidentCols: string[], subjectCols: string[]) {
  const byId = new Map(d.incidents.map((i) => [i.incident, i]));
  const count = (keys: string[]) => {
    const m = new Map<string, number>();
    for (const key of keys) m.set(key, (m.get(key) ?? 0) + 1);
    // A group whose only published detail is its year (every other value withheld or empty) is a year's total, published exactly.
    return [...m].filter(([key, n]) => n < k && !/^\d{4}(\|(withheld|))*$/.test(key)).length;
  };
  const inc = count(d.incidents.map((i) => incidentCols.map((c) => i[c]).join("|")));
  const sub = count(d.subjects.map((s) => [...incidentCols.map((c) => byId.get(s.incident)![c]), ...subjectCols.map((c) => s[c])].join("|")));
  return { inc, sub };
}

describe("protect(pub, config): the published records", () => {
  const d = department();
  const k = d.report.k;

  it("leave no combination of date, district, age band, sex and race or ethnicity shared by fewer than k records", () => {
    expect(k).toBe(5);
    expect(smallGroups(d, k, ["date", "district"], ["age_band", "sex", "race_ethnicity"])).toEqual({ inc: 0, sub: 0 });
    // The same data as recorded would have many: the protection is doing something.
    expect(d.report.subjects.before.records_in_small_groups).toBeGreaterThan(d.subjects.length / 2);
    expect(d.report.subjects.after.records_in_small_groups).toBe(d.report.year_only_records);
  });

  it("state what was generalised and withheld per field, matching the published values", () => {
    const withheld = (rows: Record<string, string>[], c: string) => rows.filter((r) => r[c] === "withheld").length;
    const field = (f: string) => d.report.fields.find((x) => x.field === f)!;
    expect(field("district").withheld).toBe(withheld(d.incidents, "district"));
    expect(field("age_band").withheld).toBe(withheld(d.subjects, "age_band"));
    expect(field("sex").withheld).toBe(withheld(d.subjects, "sex"));
    expect(field("race_ethnicity").withheld).toBe(withheld(d.subjects, "race_ethnicity"));
    expect(field("time").treatment).toBe("not published");
    const dates = Object.values(d.report.dates).reduce((a, b) => a + b, 0);
    expect(dates).toBe(d.incidents.length);
    // Every published date is one of the hierarchy's forms, within its incident's year.
    for (const i of d.incidents) expect(i.date.slice(0, 4)).toBe(i.year);
    for (const i of d.incidents) expect(i.date).toMatch(/^\d{4}(-\d{2}(-\d{2})?|-W\d{2}|-Q[1-4])?$/);
  });

  it("are published as recorded, outside the model, only where the department says so, and the lowered protection is counted", () => {
    const exact = department((c) => (c.publish_exact = ["date"]));
    expect(exact.incidents.every((i) => /^\d{4}-\d{2}-\d{2}$/.test(i.date))).toBe(true);
    expect(exact.report.fields.find((f) => f.field === "date")!.treatment).toBe("exact");
    // Still k-anonymous on the fields left in the model...
    expect(smallGroups(exact, k, ["district"], ["age_band", "sex", "race_ethnicity"]).sub).toBe(0);
    // ...and the figure stated with the day put back is what a reader can combine.
    const unique = (() => {
      const byId = new Map(exact.incidents.map((i) => [i.incident, i]));
      const m = new Map<string, number>();
      const keys = exact.subjects.map((s) => [byId.get(s.incident)!.date, byId.get(s.incident)!.district, s.age_band, s.sex, s.race_ethnicity].join("|"));
      for (const key of keys) m.set(key, (m.get(key) ?? 0) + 1);
      return keys.filter((key) => m.get(key) === 1).length;
    })();
    expect(exact.report.subjects.with_exact!.unique).toBe(unique);
    expect(unique).toBeGreaterThan(0);
  });

  it("leave every figure by age band, sex, race or district at 0 or at least k, which the build checks (auditFigures)", () => {
    expect(auditFigures(d.agg, d.report)).toEqual([]);
    const byAge = d.agg.tables["subjects-by-age"].rows;
    expect(byAge.filter((r) => r.group !== "withheld" && typeof r.subjects === "number" && r.subjects > 0 && r.subjects < k)).toEqual([]);
    // A figure of 2 people by age band would stop the build.
    const tampered = structuredClone(d.agg);
    const row = tampered.tables["subjects-by-age"].rows.find((r) => r.group !== "withheld" && typeof r.subjects === "number" && r.subjects > 0)!;
    row.subjects = 2;
    expect(auditFigures(tampered, d.report)).toEqual([`subjects-by-age: ${row.year}, ${row.group}: 2 subjects, fewer than k = 5`]);
  });

  it("withhold the department's own call-type label wherever the call type, a quasi-identifier the department added, is withheld", () => {
    const withCall = department((c) => (c.quasi_identifiers = ["date", "district", "age_band", "sex", "race_ethnicity", "call_type"]));
    const withheld = withCall.incidents.filter((i) => i.call_type === "withheld");
    expect(withheld.length).toBeGreaterThan(0);
    expect(withheld.filter((i) => i.call_type_raw !== "withheld" && i.call_type_raw !== "")).toEqual([]);
    expect(smallGroups(withCall, k, ["date", "district", "call_type"], ["age_band", "sex", "race_ethnicity"])).toEqual({ inc: 0, sub: 0 });
  });

  it("publish rows in order of published date then pseudonym, so a row's place in the file tells no finer date", () => {
    const keys = d.incidents.map((i) => `${i.date}|${i.incident}`);
    expect(keys).toEqual([...keys].sort());
    // Subjects follow their incident's row.
    const row = new Map(d.incidents.map((i, n) => [i.incident, n]));
    const at = d.subjects.map((s) => row.get(s.incident)!);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it("log the stage with its figures", () => {
    expect(d.log.some((l) => /^protect +k = 5: subject records in groups smaller than k/.test(l))).toBe(true);
  });
});

describe("generaliseDate(date, level) and dateText(value)", () => {
  it("climbs the date hierarchy without leaving the year", () => {
    expect(["day", "week", "month", "quarter", "year"].map((l) => generaliseDate("2024-03-14", l as never))).toEqual(["2024-03-14", "2024-W11", "2024-03", "2024-Q1", "2024"]);
    expect(generaliseDate("2023-12-31", "week")).toBe("2023-W53");
    expect(generaliseDate("2024-01-07", "week")).toBe("2024-W01");
    expect(generaliseDate("2024-01-08", "week")).toBe("2024-W02");
  });
  it("reads each form in words", () => {
    expect(["2024-03-14", "2024-W11", "2024-03", "2024-Q1", "2024"].map(dateText)).toEqual(["14 March 2024", "week 11 of 2024", "March 2024", "January to March 2024", "2024"]);
  });
});
