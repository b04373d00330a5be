import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, InputError } from "../../scripts/pipeline/problems.ts";
import { FIXTURES, copyFixture, readTree, run, setCell, tmpDir } from "../helpers.ts";

// Golden case: tests/fixtures/<case>/input -> tests/fixtures/<case>/expected, byte for byte.
// After a deliberate change, refresh with UPDATE_GOLDEN=1 npx vitest run tests/unit/pipeline.test.ts and review the diff.
describe("runPipeline golden cases", () => {
  for (const name of ["small"]) {
    it(`${name}: output matches expected/ byte for byte`, () => {
      const out = path.join(tmpDir(), "generated");
      const r = run(path.join(FIXTURES, name, "input"), out);
      expect(r.error).toBeNull();
      const expectedDir = path.join(FIXTURES, name, "expected");
      if (process.env.UPDATE_GOLDEN) {
        fs.rmSync(expectedDir, { recursive: true, force: true });
        // The output folder is a link to its build; copy what it points to.
        fs.cpSync(fs.realpathSync(out), expectedDir, { recursive: true });
      }
      const got = readTree(out);
      const want = readTree(expectedDir);
      expect([...got.keys()]).toEqual([...want.keys()]);
      for (const [p, bytes] of want) expect(got.get(p)!.toString("utf8"), p).toBe(bytes.toString("utf8"));
    });
  }

  it("small: reconciles rows read = published + rejected for each table", () => {
    const r = run(path.join(FIXTURES, "small", "input"), path.join(tmpDir(), "generated"));
    const byTable = Object.fromEntries(r.result!.reconciliation.map((x) => [x.table, x]));
    expect(byTable.incidents).toEqual({ table: "incidents", read: 5, published: 5, rejected: 0 });
    expect(byTable.force_uses).toEqual({ table: "force_uses", read: 7, published: 7, rejected: 0 });
    expect(r.log.some((l) => /incidents\s+read 5 = published 5 \+ rejected 0/.test(l))).toBe(true);
  });

  it("two runs on the same input give identical bytes", () => {
    const a = path.join(tmpDir(), "a");
    const b = path.join(tmpDir(), "b");
    run(path.join(FIXTURES, "small", "input"), a);
    run(path.join(FIXTURES, "small", "input"), b);
    const ta = readTree(a);
    const tb = readTree(b);
    expect(ta.size).toBeGreaterThan(10);
    for (const [p, bytes] of ta) expect(bytes.equals(tb.get(p)!), p).toBe(true);
  });

  it("computes force per 1,000 dispatched calls from dispatched incidents only", () => {
    const out = path.join(tmpDir(), "generated");
    run(path.join(FIXTURES, "small", "input"), out);
    const agg = JSON.parse(fs.readFileSync(path.join(out, "site/aggregates.json"), "utf8"));
    const y2022 = agg.tables["rate-by-year"].rows.find((r: { year: number }) => r.year === 2022);
    // E-1 and E-3 were dispatched (E-2 was officer-initiated); 110+75+30+58 dispatched calls.
    expect(y2022.dispatched_incidents).toBe(2);
    expect(y2022.calls_dispatched).toBe(273);
    expect(y2022.force_per_1000_dispatched).toBe(Math.round((2 / 273) * 1000 * 100) / 100);
    expect(agg.headline.latest.year).toBe(2023);
    expect(agg.meta.policy_changes[0].date).toBe("2020-01-01");
  });
});

describe("data_through in config.json", () => {
  const withEnd = (end: string) => {
    const data = copyFixture("small");
    const configPath = path.join(data, "config.json");
    fs.writeFileSync(configPath, JSON.stringify({ ...JSON.parse(fs.readFileSync(configPath, "utf8")), data_through: end }));
    return data;
  };

  it("says where the data ends, over what the calls table suggests: a part year before 31 December, a full year on it", () => {
    const headlineOf = (data: string) => {
      const out = path.join(tmpDir(), "generated");
      expect(run(data, out).error).toBeNull();
      const agg = JSON.parse(fs.readFileSync(path.join(out, "site/aggregates.json"), "utf8"));
      // Where the latest year's part ends, if it is a part year.
      const through = agg.meta.part_years.find((p: { year: number }) => p.year === agg.headline.latest.year)?.through ?? null;
      return { ...agg.headline, through };
    };
    // The fixture's calls for service stop in January 2023, its incidents in May: the records run to May.
    expect(headlineOf(path.join(FIXTURES, "small", "input")).through).toBe("2023-05");
    const part = headlineOf(withEnd("2023-06-30"));
    expect(part.through).toBe("2023-06-30");
    expect(part.incidents_change_pct).toBeNull();
    const full = headlineOf(withEnd("2023-12-31"));
    expect(full.through).toBeNull();
    expect(full.incidents_change_pct).toBe(Math.round(((2 - 3) / 3) * 1000) / 10);
  });

  it("an incident dated after it is named by file, line and column", () => {
    const data = withEnd("2023-04-30");
    const r = run(data, path.join(path.dirname(data), "generated"));
    expect(r.error).toBeInstanceOf(InputError);
    const file = path.join(data, "incidents", "2023.csv");
    expect((r.error as InputError).problems.map(formatProblem)).toEqual([
      `${file}:3, column 3 "date": expected a date on or before 2023-04-30, the last day this release covers ("data_through" in config.json); got "2023-05-02". Fix: correct the date, or move data_through in config.json`,
    ]);
  });
});

describe("data_from in config.json, and meta.period", () => {
  const withConfig = (extra: Record<string, unknown>) => {
    const data = copyFixture("small");
    const configPath = path.join(data, "config.json");
    fs.writeFileSync(configPath, JSON.stringify({ ...JSON.parse(fs.readFileSync(configPath, "utf8")), ...extra }));
    return data;
  };
  const periodOf = (data: string) => {
    const out = path.join(tmpDir(), "generated");
    const r = run(data, out);
    expect(r.error).toBeNull();
    return JSON.parse(fs.readFileSync(path.join(out, "site/aggregates.json"), "utf8")).meta.period;
  };

  it("without them, the months of the first incident and of the last incident or month of calls, as recorded (not as published)", () => {
    // First incident 2022-03-04, last 2023-05-02; calls for service run to 2023-01. Disclosure control publishes years only.
    expect(periodOf(path.join(FIXTURES, "small", "input"))).toEqual({ from: "2022-01", through: "2023-05" });
  });

  it("with them, the days config.json states", () => {
    expect(periodOf(withConfig({ data_from: "2022-01-01", data_through: "2023-06-30" }))).toEqual({ from: "2022-01-01", through: "2023-06-30" });
  });

  it("an incident dated before data_from is named by file, line and column", () => {
    const data = withConfig({ data_from: "2022-04-01" });
    const r = run(data, path.join(path.dirname(data), "generated"));
    expect(r.error).toBeInstanceOf(InputError);
    const file = path.join(data, "incidents", "2022.csv");
    expect((r.error as InputError).problems.map(formatProblem)).toEqual([
      `${file}:2, column 3 "date": expected a date on or after 2022-04-01, the first day the records cover ("data_from" in config.json); got "2022-03-04". Fix: correct the date (is the year mistyped?), or move data_from in config.json`,
    ]);
  });

  it("a period the records do not cover makes its year a part year, and an incident dated inside it is named", () => {
    // The first incident is 2022-03-04: a gap of April to June 2022 holds none of them.
    const out = path.join(tmpDir(), "generated");
    expect(run(withConfig({ data_from: "2022-01-01", data_through: "2023-12-31", not_covered: [{ from: "2022-04-01", through: "2022-06-30", note: "A quarter's file was lost." }] }), out).error).toBeNull();
    const meta = JSON.parse(fs.readFileSync(path.join(out, "site/aggregates.json"), "utf8")).meta;
    expect(meta.part_years).toEqual([{ year: 2022, from: "2022-01", through: "2022-12", label: "January to December, without April to June" }]);
    const data = withConfig({ not_covered: [{ from: "2022-03-01", through: "2022-03-31" }] });
    const r = run(data, path.join(path.dirname(data), "generated"));
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as InputError).problems.map(formatProblem)).toEqual([
      `${path.join(data, "incidents", "2022.csv")}:2, column 3 "date": expected a date outside 2022-03-01 to 2022-03-31, which the records do not cover ("not_covered" in config.json); got "2022-03-04". Fix: correct the date, or correct not_covered in config.json`,
    ]);
  });
});

describe("bad input", () => {
  it("one bad cell: names file, line, column, value and expectation, and leaves the previous output untouched", () => {
    const data = copyFixture("small");
    const out = path.join(path.dirname(data), "generated");
    expect(run(data, out).error).toBeNull();
    const before = readTree(out);
    const file = path.join(data, "subjects.csv");
    setCell(file, 4, "age", "thirty");
    const r = run(data, out);
    expect(r.error).toBeInstanceOf(InputError);
    const problems = (r.error as InputError).problems;
    expect(problems.map(formatProblem)).toEqual([
      `${file}:4, column 4 "age": expected a whole number from 0 to 120; got "thirty". Fix: correct the cell, or leave it empty if the value was not recorded`,
    ]);
    expect(r.log.join("\n")).toContain(`${file}:4, column 4 "age"`);
    expect(fs.readFileSync(r.reportPath, "utf8")).toContain(`${file}:4, column 4 "age"`);
    const after = readTree(out);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [p, bytes] of before) expect(bytes.equals(after.get(p)!), p).toBe(true);
  });

  it("reports every problem, not just the first, with line numbers true across quoted line breaks", () => {
    const data = copyFixture("small");
    const f2023 = path.join(data, "incidents/2023.csv");
    setCell(f2023, 3, "date", "2023-02-30");
    setCell(f2023, 3, "call_type", "loud party");
    setCell(path.join(data, "calls_for_service.csv"), 2, "district", "EAST");
    const r = run(data, path.join(path.dirname(data), "generated"));
    const texts = (r.error as InputError).problems.map(formatProblem);
    expect(texts).toContain(`${f2023}:3, column 3 "date": expected a date written YYYY-MM-DD, for example 2024-03-09 (or YYYY-MM, or YYYY, where only the month or the year was recorded); got "2023-02-30". Fix: this column is required in incidents: fill the cell in`);
    expect(texts).toContain(`${f2023}:3, column 8 "call_type": expected one of domestic_disturbance, mental_health_crisis, assault_fight, disturbance, property_crime, weapons, suspicious_person, traffic, warrant_service, medical_emergency, other, unknown; got "loud party". Fix: correct the cell, or leave it empty if the value was not recorded`);
    expect(texts).toContain(`${path.join(data, "calls_for_service.csv")}:2, column 3 "district": expected a district code listed in config.json (N, S); got "EAST". Fix: use a listed code, or add the district to config.json`);
  });

  it("a subject whose incident was rejected is rejected too; --allow-rejected publishes the rest and lists them", () => {
    const data = copyFixture("small");
    setCell(path.join(data, "incidents/2022.csv"), 3, "date", "yesterday");
    const out = path.join(path.dirname(data), "generated");
    expect(run(data, out).error).toBeInstanceOf(InputError);
    const r = run(data, out, { allowRejected: true });
    expect(r.error).toBeNull();
    const rec = Object.fromEntries(r.result!.reconciliation.map((x) => [x.table, x]));
    expect(rec.incidents).toMatchObject({ read: 5, published: 4, rejected: 1 });
    expect(rec.subjects).toMatchObject({ read: 6, published: 5, rejected: 1 });
    expect(rec.force_uses).toMatchObject({ read: 7, published: 6, rejected: 1 });
    expect(r.log.filter((l) => l.startsWith("  ") && l.includes("("))).toHaveLength(3);
    expect(fs.readFileSync(path.join(out, "downloads/incidents.csv"), "utf8").split("\n").length).toBe(4 + 2 + 1); // header, 4 rows (one spans 2 lines), final newline
  });

  it("a missing required column stops the run with a file-level message", () => {
    const data = copyFixture("small");
    const f = path.join(data, "calls_for_service.csv");
    fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace("calls_dispatched", "dispatched"));
    const r = run(data, path.join(path.dirname(data), "generated"), { allowRejected: true });
    expect((r.error as InputError).problems.map(formatProblem)[0]).toBe(
      `${f}:1, "calls_dispatched": expected a column named "calls_dispatched" (required in calls_for_service); got "". Fix: add the column to the header row; columns found: period, call_type, district, calls_911, dispatched`.replace('; got ""', ""),
    );
  });

  it("an invalid config.json is reported by key, at the key's line, with the value found", () => {
    const data = copyFixture("small");
    const f = path.join(data, "config.json");
    fs.writeFileSync(f, fs.readFileSync(f, "utf8").replace('"privacy_threshold": 3', '"privacy_threshold": "three"'));
    const r = run(data, path.join(path.dirname(data), "generated"));
    expect((r.error as InputError).problems.map(formatProblem)).toEqual([
      `${f}:8, "privacy_threshold": expected number, received string; got "three". Fix: set this key as the data dictionary describes`,
    ]);
  });
});

describe("privacy canaries", () => {
  const CANARIES = { name: "Zebulon Quartermaine", badge: "B99871", address: "4417 Canaryfield Road", caseNo: "CASE-7741-CANARY" };

  it("names, badge numbers, case numbers and addresses in identifier and unknown columns reach no output", () => {
    const data = copyFixture("small");
    setCell(path.join(data, "subjects.csv"), 2, "name", CANARIES.name);
    setCell(path.join(data, "incidents/2022.csv"), 2, "address", CANARIES.address);
    setCell(path.join(data, "incidents/2022.csv"), 2, "case_number", CANARIES.caseNo);
    // An export column the schema does not know: dropped.
    const fu = path.join(data, "force_uses.csv");
    const lines = fs.readFileSync(fu, "utf8").trimEnd().split("\n");
    fs.writeFileSync(fu, lines.map((l, i) => `${l},${i === 0 ? "officer_badge" : CANARIES.badge}`).join("\n") + "\n");
    const out = path.join(path.dirname(data), "generated");
    const r = run(data, out);
    expect(r.error).toBeNull();
    const all = [...readTree(out).values()].map((b) => b.toString("utf8")).join("\n");
    for (const v of Object.values(CANARIES)) expect(all).not.toContain(v);
    expect(all).not.toContain("Quartermaine");
    expect(all).not.toContain("E-1"); // department ids are replaced by pseudonyms
  });

  it("a name, address or badge planted in free text stops the run naming the row", () => {
    for (const [field, value, what] of [
      ["summary", `Officers spoke with ${CANARIES.name} at the door.`, "a value from an identifier column"],
      ["summary", `Officers met the subject at ${CANARIES.address}.`, "a street address"],
      ["call_type_raw", `DISTURBANCE badge ${CANARIES.badge.slice(1)}`, "a badge or employee number"],
    ] as const) {
      const data = copyFixture("small");
      setCell(path.join(data, "subjects.csv"), 2, "name", CANARIES.name);
      const f = path.join(data, "incidents/2022.csv");
      setCell(f, 3, field, value);
      const out = path.join(path.dirname(data), "generated");
      const r = run(data, out);
      expect(r.error, field).toBeInstanceOf(InputError);
      const p = (r.error as InputError).problems;
      expect(p).toHaveLength(1);
      expect(p[0]).toMatchObject({ file: f, line: 3, field });
      expect(p[0].expected).toContain(what);
      expect(fs.existsSync(out)).toBe(false);
    }
  });
});
