// The re-identification check, against a count made independently from the published downloads.
import { csvParse } from "d3-dsv";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeSampleFolder } from "../../scripts/sample/cli.ts";
import { generateSample } from "../../scripts/sample/generate.ts";
import { anonymizationStatements } from "../../src/lib/methodology.ts";
import { run, tmpDir } from "../helpers.ts";

type Row = Record<string, string>;
const read = (file: string) => csvParse(fs.readFileSync(file, "utf8")) as unknown as Row[];

/** Subjects whose (incident date cut to `chars`, district, age band, sex, race) no other published subject has. */
function uniqueFromDownloads(out: string, chars: number): { unique: number; incidents: number; subjects: number } {
  const incidents = new Map(read(path.join(out, "downloads/incidents.csv")).map((r) => [r.incident, r]));
  const subjects = read(path.join(out, "downloads/subjects.csv"));
  const keyOf = (s: Row) => {
    const i = incidents.get(s.incident)!;
    return JSON.stringify([i.date.slice(0, chars), i.district, s.age_band, s.sex, s.race_ethnicity]);
  };
  const counts = new Map<string, number>();
  for (const s of subjects) counts.set(keyOf(s), (counts.get(keyOf(s)) ?? 0) + 1);
  const lone = subjects.filter((s) => counts.get(keyOf(s)) === 1);
  return { unique: lone.length, incidents: new Set(lone.map((s) => s.incident)).size, subjects: subjects.length };
}

describe("re-identification check", () => {
  let data: string;
  beforeAll(() => {
    data = path.join(tmpDir(), "data");
    writeSampleFolder(data, generateSample({ seed: 7, firstYear: 2022, years: 2, incidentsPerYear: 400, districts: 3 }));
  });

  it("counts subjects unique on date, district, age band, sex and race as the downloads show them, and what month dates would give", () => {
    const out = path.join(tmpDir(), "generated");
    const r = run(data, out);
    expect(r.error).toBeNull();
    const check = JSON.parse(fs.readFileSync(path.join(out, "site/aggregates.json"), "utf8")).meta.unique_records;
    const day = uniqueFromDownloads(out, 10);
    const month = uniqueFromDownloads(out, 7);
    expect(check.subjects).toBe(day.subjects);
    expect(check.unique).toBe(day.unique);
    expect(check.incidents).toBe(day.incidents);
    expect(check.unique_if_month).toBe(month.unique);
    // A real spread, so the comparison means something: some unique, some not, and fewer by month.
    expect(day.unique).toBeGreaterThan(0);
    expect(day.unique).toBeLessThan(day.subjects);
    expect(month.unique).toBeLessThan(day.unique);
    expect(check.fields).toEqual(["incident date", "district", "age band", "sex", "race or ethnicity"]);
    // The terminal and the report state the figure; the report names the incidents concerned.
    expect(r.log.some((l) => l.includes(`${day.unique.toLocaleString("en-US")} of ${day.subjects.toLocaleString("en-US")} subject records`))).toBe(true);
    const report = fs.readFileSync(r.reportPath, "utf8");
    expect(report).toMatch(/Re-identification check: .* Incidents concerned \(pseudonyms\): [0-9a-f]{16}/);
    // The methodology page states the same figure.
    const statement = anonymizationStatements(JSON.parse(fs.readFileSync(path.join(out, "site/aggregates.json"), "utf8")).meta).find((s) => s.topic === "unique-records");
    expect(statement?.text).toContain(`${day.unique.toLocaleString("en-US")} of the ${day.subjects.toLocaleString("en-US")} subject records`);
  });

  it("with dates published to the month, checks the month and offers no further month figure", () => {
    const monthly = path.join(tmpDir(), "data");
    fs.cpSync(data, monthly, { recursive: true });
    const configPath = path.join(monthly, "config.json");
    fs.writeFileSync(configPath, JSON.stringify({ ...JSON.parse(fs.readFileSync(configPath, "utf8")), date_precision: "month" }));
    const out = path.join(tmpDir(), "generated");
    expect(run(monthly, out).error).toBeNull();
    const check = JSON.parse(fs.readFileSync(path.join(out, "site/aggregates.json"), "utf8")).meta.unique_records;
    expect(check.unique).toBe(uniqueFromDownloads(out, 7).unique);
    expect(check.unique_if_month).toBeNull();
    expect(check.fields[0]).toBe("incident month");
  });
});
