// A site built from a force export and a synthetic dispatch export (mapping.json's calls section):
// the real build command counts the calls, and the home page gives the rate per 1,000 dispatched
// calls computed here from what the dispatch export was generated to add up to.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchDepartment, type DispatchDepartment } from "../dispatchSample.ts";
import { tmpDir } from "../helpers.ts";
import { buildSample, type Built } from "./build.ts";

describe("a site built from a dispatch export", () => {
  let dept: DispatchDepartment;
  let built: Built;
  beforeAll(() => {
    dept = dispatchDepartment(path.join(tmpDir("uof-dispatch-site-"), "dispatch-dept"), { seed: 5, years: 2, firstYear: 2023, incidentsPerYear: 50, districts: 3 });
    built = buildSample("/", dept.dir);
  });
  afterAll(() => {
    if (built) fs.rmSync(built.work, { recursive: true, force: true });
    if (dept) fs.rmSync(path.dirname(dept.dir), { recursive: true, force: true });
  });

  it("counts the calls during the build and says so in its log", () => {
    expect(built.log).toMatch(/calls +dispatch\.csv: read [\d,]+ = used [\d,]+ \+ filtered [\d,]+ \+ rejected 0/);
  });

  it("the home page gives the latest year's force per 1,000 dispatched calls", () => {
    const calls = dept.intended.filter((c) => c.period.startsWith("2024-")).reduce((s, c) => s + c.calls_dispatched, 0);
    const rate = (1000 * dept.incidents.get(2024)!.dispatched) / calls;
    expect(calls).toBeGreaterThan(1000);
    const home = fs.readFileSync(path.join(built.dist, "index.html"), "utf8");
    const figure = (value: string, words: string) => new RegExp(`<span class="value"[^>]*>${value.replace(/\./g, "\\.")}</span> ${words}`);
    expect(home).toMatch(figure(calls.toLocaleString("en-US"), "calls to which an officer was dispatched"));
    expect(home).toMatch(figure(rate.toFixed(2), "force incidents per 1,000 dispatched calls"));
    expect(home).not.toMatch(/force incidents per 1,000 dispatched calls: without counts of dispatched calls/);
  });
});
