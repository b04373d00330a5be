// Dates known only to the year or the month, end to end: the sample department with its 2019
// incidents dated only to the year, its 2020 incidents only to the month, and its 2024 incidents
// from July on only to the year, without calls for service (so nothing but the incidents' dates
// can make a part year). Counts are taken from the fixture's files, not from the pipeline.
import fs from "node:fs";
import path from "node:path";
import { csvParse } from "d3-dsv";
import { describe, expect, it } from "vitest";
import type { Aggregates } from "../../src/lib/aggregates.ts";
import { FIGURES } from "../../src/figures/index.ts";
import { dateKnownSentences, dateKnownStatement, dateKnownText, leftOutNote, leftOutNotes } from "../../src/lib/dateKnown.ts";
import { partialDate, metaOf } from "../../src/lib/schema/fields.ts";
import { incidentInput } from "../../src/lib/schema/tables.ts";
import { dateLevelOf, generaliseDate, DATE_LEVELS } from "../../src/lib/schema/disclosure.ts";
import { dateLevelLoss } from "../../scripts/pipeline/protect.ts";
import { partialDatesSample } from "../partialDates.ts";
import { copyFixture, run, setCell, tmpDir } from "../helpers.ts";
import { formatProblem, InputError } from "../../scripts/pipeline/problems.ts";

describe("incidents.date accepts dates known only to the year or month", () => {
  const convert = metaOf(incidentInput.shape.date).convert;
  it("reads YYYY-MM-DD, YYYY-MM and YYYY, as they are", () => {
    for (const ok of ["2015", "2015-03", "2015-03-09", "2016-02-29"]) expect(convert(ok)).toBe(ok);
  });
  it("refuses anything else, as the zod schema does", () => {
    const schema = partialDate("test", { required: true });
    for (const bad of ["2015-3", "15", "2015-13", "2015-00", "2015-02-30", "2015-3-9", "1900", "2015/03", "2015-03-", "201503", "2015 ", "Q1 2015"]) {
      expect(typeof convert(bad.trim()) === "string" && bad.trim() === bad, bad).toBe(false);
      expect(schema.safeParse(bad).success && bad.trim() === bad, bad).toBe(false);
    }
  });
});

describe("runPipeline with partial dates in the small fixture", () => {
  it("names a malformed partial date by file, line and column, as any bad cell", () => {
    const data = copyFixture("small");
    const file = path.join(data, "incidents/2022.csv");
    setCell(file, 2, "date", "2022-3");
    const r = run(data, path.join(path.dirname(data), "generated"));
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as InputError).problems.map(formatProblem)).toEqual([
      `${file}:2, column 3 "date": expected a date written YYYY-MM-DD, for example 2024-03-09 (or YYYY-MM, or YYYY, where only the month or the year was recorded); got "2022-3". Fix: this column is required in incidents: fill the cell in`,
    ]);
  });

  it("takes a year or month inside data_from's year as covered, one wholly before it as an error", () => {
    const data = copyFixture("small");
    const cfg = path.join(data, "config.json");
    fs.writeFileSync(cfg, JSON.stringify({ ...JSON.parse(fs.readFileSync(cfg, "utf8")), data_from: "2022-03-01" }));
    const file = path.join(data, "incidents/2022.csv");
    setCell(file, 2, "date", "2022");
    setCell(file, 3, "date", "2022-03");
    expect(run(data, path.join(path.dirname(data), "generated")).error).toBeNull();
    setCell(file, 3, "date", "2022-02");
    const r = run(data, path.join(path.dirname(data), "generated2"));
    expect((r.error as InputError).problems.map(formatProblem)).toEqual([
      `${file}:3, column 3 "date": expected a date on or after 2022-03-01, the first day the records cover ("data_from" in config.json); got "2022-02". Fix: correct the date (is the year mistyped?), or move data_from in config.json`,
    ]);
  });
});

describe("generaliseDate(date, level) never makes a recorded date finer", () => {
  it("keeps a year a year and a month at least a month, at every level", () => {
    for (const l of DATE_LEVELS) {
      expect(generaliseDate("2015", l)).toBe("2015");
      const m = generaliseDate("2015-05", l);
      expect(["month", "quarter", "year"]).toContain(dateLevelOf(m));
    }
    expect(generaliseDate("2015-05", "quarter")).toBe("2015-Q2");
  });
  it("counts no information lost for dates never known finer (dateLevelLoss)", () => {
    for (const l of DATE_LEVELS) expect(dateLevelLoss({ day: 0, month: 0, year: 40 }, l)).toBe(0);
    expect(dateLevelLoss({ day: 0, month: 10, year: 0 }, "month")).toBe(0);
    expect(dateLevelLoss({ day: 0, month: 10, year: 0 }, "year")).toBeCloseTo(10 * (1 - 29.4 / 364));
    expect(dateLevelLoss({ day: 10, month: 10, year: 10 }, "year")).toBeCloseTo(10 + 10 * (1 - 29.4 / 364));
  });
});

function build(config: Record<string, unknown>) {
  const fx = partialDatesSample({ yearOnly: [2019], monthOnly: [2020], lateHalfYearOnly: [2024], noCalls: true, config });
  const out = path.join(tmpDir(), "generated");
  const r = run(fx.dir, out);
  if (r.error) throw r.error;
  const agg = JSON.parse(fs.readFileSync(path.join(out, "site/aggregates.json"), "utf8")) as Aggregates;
  const incidents = csvParse(fs.readFileSync(path.join(out, "downloads/incidents.csv"), "utf8"));
  return { fx, out, agg, incidents };
}

describe("a department with 2019 dated only to the year, 2020 only to the month, late 2024 only to the year", () => {
  // The date alone as quasi-identifier, so that disclosure control publishes weeks, not only years.
  const { fx, out, agg, incidents } = build({ quasi_identifiers: ["date"] });
  const y2019 = fx.yearOnly.get(2019)!, m2020 = fx.monthOnly.get(2020)!, y2024 = fx.yearOnly.get(2024)!;

  it("the fixture really has such dates", () => {
    expect(y2019).toBe(fx.incidents.get(2019));
    expect(m2020).toBe(fx.incidents.get(2020));
    expect(y2024).toBeGreaterThan(50);
    expect(y2024).toBeLessThan(fx.incidents.get(2024)!);
  });

  it("counts every incident in its year's totals", () => {
    for (const [y, n] of fx.incidents) {
      expect(agg.headline.years.find((f) => f.year === y)?.incidents, String(y)).toBe(n);
      expect(incidents.filter((i) => Number(i.year) === y).length, String(y)).toBe(n);
    }
  });

  it("counts incidents by the precision their date was recorded to (meta.date_known)", () => {
    expect(agg.meta.date_known["2019"]).toEqual({ day: 0, month: 0, year: y2019 });
    expect(agg.meta.date_known["2020"]).toEqual({ day: 0, month: m2020, year: 0 });
    expect(agg.meta.date_known["2024"]).toEqual({ day: fx.incidents.get(2024)! - y2024, month: 0, year: y2024 });
    expect(agg.meta.date_known["2021"]).toEqual({ day: fx.incidents.get(2021), month: 0, year: 0 });
  });

  it("publishes no finer date for them in incidents.csv: the year exactly, the month where protection allows", () => {
    const of = (y: number) => incidents.filter((i) => Number(i.year) === y);
    const forms = (y: number) => new Set(of(y).map((i) => dateLevelOf(i.date)));
    expect(forms(2020)).not.toContain("week");
    // Protection publishes weeks this time: the other years show them; a month stays a month.
    expect(forms(2021)).toContain("week");
    expect(of(2019).every((i) => i.date === "2019")).toBe(true);
    // A month, or the year where a month held fewer than k: never a week or a day.
    expect(of(2020).every((i) => /^2020(-(0[1-9]|1[0-2]))?$/.test(i.date))).toBe(true);
    expect(of(2020).filter((i) => i.date !== "2020").length).toBeGreaterThan(m2020 * 0.9);
    expect(of(2024).filter((i) => i.date === "2024").length).toBeGreaterThanOrEqual(y2024);
  });

  it("keeps the own date of a complaint about an incident dated only to the year (there is no finer incident date to hide)", () => {
    const complaints = csvParse(fs.readFileSync(path.join(out, "downloads/complaints.csv"), "utf8"));
    const year2019 = new Set(incidents.filter((i) => i.date === "2019").map((i) => i.incident));
    const about2019 = complaints.filter((c) => c.incident && year2019.has(c.incident));
    expect(about2019.length).toBeGreaterThan(10);
    // At the release's precision (weeks) like other complaints, or the year where a week holds fewer than k complaints;
    // were they treated as incidents moved to the year by protection, every one would be a year.
    const weeks = about2019.filter((c) => dateLevelOf(c.received_date) === "week").length;
    expect(weeks).toBeGreaterThan(5);
    expect(about2019.every((c) => ["week", "year"].includes(dateLevelOf(c.received_date)))).toBe(true);
  });

  it("does not count them as detail disclosure control gave up", () => {
    const date = agg.meta.disclosure!.fields.find((f) => f.field === "date")!;
    const dayRecorded = [...fx.incidents.values()].reduce((a, b) => a + b, 0) - y2019 - m2020 - y2024;
    // Only dates recorded to the day can have been generalised: the others are published as recorded or coarser than a month.
    const monthsGeneralised = incidents.filter((i) => Number(i.year) === 2020 && !/^2020-\d{2}$/.test(i.date)).length;
    expect(date.generalised).toBeLessThanOrEqual(dayRecorded + monthsGeneralised);
    expect(agg.meta.disclosure!.dates.day).toBeLessThanOrEqual(dayRecorded);
  });

  it("finds no part year: a year of year-only dates is a whole year of records", () => {
    // The last week-dated incident of 2024 is in June (week 26); without the year-only dates of 2024 that would read as a part year.
    expect(incidents.filter((i) => i.date.startsWith("2024-W")).map((i) => i.date).sort().at(-1)).toMatch(/^2024-W2[4-6]$/);
    expect(agg.meta.part_years).toEqual([]);
    expect(agg.meta.period).toEqual({ from: "2019-01", through: "2024-12" });
  });

  it("breaks no figure down finer than the year (so none leaves them out), and says so for any that would", () => {
    for (const f of FIGURES) {
      const t = agg.tables[f.id];
      for (const c of t.columns) expect(c.key, `${f.id}.${c.key}`).not.toMatch(/(^|_)(month|quarter|week|weekday|hour|period|date)($|_)/);
    }
    expect(leftOutNote(agg.meta.date_known, 2019, "month")).toBe(`${y2019.toLocaleString("en-US")} incidents in 2019 are dated only to the year and are not in this chart.`);
    expect(leftOutNote(agg.meta.date_known, 2020, "month")).toBeNull();
    expect(leftOutNote(agg.meta.date_known, 2020, "day", "table")).toBe(`${m2020} incidents in 2020 are dated only to the month and are not in this table.`);
    expect(leftOutNote(agg.meta.date_known, 2021, "day")).toBeNull();
    // Over the years a figure shows (ChartFigure, for a figure whose view says it places incidents within the year).
    expect(leftOutNotes(agg.meta.date_known, agg.meta.years, "day")).toEqual([
      `${y2019.toLocaleString("en-US")} incidents in 2019 are dated only to the year and are not in this chart.`,
      `${m2020} incidents in 2020 are dated only to the month and are not in this chart.`,
      `${y2024} incidents in 2024 are dated only to the year and are not in this chart.`,
    ]);
    expect(leftOutNotes(agg.meta.date_known, [2021, 2022, 2023], "day")).toEqual([]);
    const both = { "2015": { day: 3, month: 8, year: 12 } };
    expect(leftOutNote(both, 2015, "day")).toBe("12 incidents in 2015 are dated only to the year and 8 only to the month; none of them is in this chart.");
    expect(leftOutNote(both, 2015, "month")).toBe("12 incidents in 2015 are dated only to the year and are not in this chart.");
    expect(leftOutNote({ "2015": { day: 3, month: 0, year: 1 } }, 2015, "month")).toBe("1 incident in 2015 is dated only to the year and is not in this chart.");
  });

  it("says how many in words: data dictionary, methodology, incident dates", () => {
    const dict = fs.readFileSync(path.join(out, "downloads/data-dictionary.md"), "utf8");
    const all = [...fx.incidents.values()].reduce((a, b) => a + b, 0);
    expect(dict).toContain(`${(y2019 + y2024).toLocaleString("en-US")} incidents of ${all.toLocaleString("en-US")} were recorded by the department only to the year (a bare year, such as 2015, in the records), and ${m2020} incidents only to the month`);
    expect(dict).toContain(`- ${y2019} incidents in 2019 are dated only to the year, as the department recorded them.`);
    expect(dict).toContain(`- ${m2020} incidents in 2020 are dated only to the month, as the department recorded them.`);
    expect(dateKnownStatement(agg.meta.date_known)).toContain("No day is made up for them");
    expect(dateKnownSentences(agg.meta.date_known, 2021)).toEqual([]);
    expect(dateKnownText("2019", agg.meta.date_known)).toBe("2019 (date not recorded more precisely)");
    expect(dateKnownText("2024", agg.meta.date_known)).toBe("2024 (date not recorded, or not published, more precisely)");
    expect(dateKnownText("2020-03", agg.meta.date_known)).toBe("March 2020 (day not recorded)");
    expect(dateKnownText("2021-03-04", agg.meta.date_known)).toBe("4 March 2021");
  });
});

describe("the same department publishing dates as recorded (publish_exact: date)", () => {
  const { fx, agg, incidents } = build({ publish_exact: ["date"] });
  it("publishes days where the department recorded them, and never a day where it did not", () => {
    const of = (y: number) => incidents.filter((i) => Number(i.year) === y);
    expect(of(2021).every((i) => dateLevelOf(i.date) === "day")).toBe(true);
    expect(of(2019).map((i) => i.date)).toEqual(Array(fx.yearOnly.get(2019)).fill("2019"));
    expect(of(2020).every((i) => /^2020-(0[1-9]|1[0-2])$/.test(i.date))).toBe(true);
    expect(of(2024).filter((i) => i.date === "2024").length).toBe(fx.yearOnly.get(2024));
    const days2024 = of(2024).filter((i) => dateLevelOf(i.date) === "day").map((i) => i.date).sort();
    expect(days2024.length).toBe(fx.incidents.get(2024)! - fx.yearOnly.get(2024)!);
    expect(days2024.at(-1)).toMatch(/^2024-06-/);
    expect(agg.meta.disclosure!.dates).toMatchObject({ year: fx.yearOnly.get(2019)! + fx.yearOnly.get(2024)!, month: fx.monthOnly.get(2020), week: 0, quarter: 0 });
    expect(agg.meta.part_years).toEqual([]);
  });
});
