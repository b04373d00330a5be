// The figure modules: one per figure, each read by the pipeline, the pages, the import report
// and the tests. These check that the registry holds together.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIGURES, QUESTIONS, figureById } from "../../src/figures/index.ts";
import { TABLES } from "../../src/lib/schema/tables.ts";
import { FIGURE_POLICY } from "../../src/lib/policyLinks.ts";
import { POLICY_SECTION } from "../../src/lib/schema/vocab.ts";
import { notReportedFigures } from "../../scripts/import/coverage.ts";
import type { Aggregates } from "../../src/lib/aggregates.ts";
import { FIXTURES, run, tmpDir } from "../helpers.ts";

describe("figure modules", () => {
  const out = path.join(tmpDir(), "generated");
  const r = run(path.join(FIXTURES, "small", "input"), out);
  const agg = JSON.parse(fs.readFileSync(path.join(out, "site", "aggregates.json"), "utf8")) as Aggregates;

  it("ids are unique, and the pipeline writes exactly one table per module, in the modules' order", () => {
    expect(r.error).toBeNull();
    const ids = FIGURES.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(agg.tables)).toEqual(ids);
  });

  it("each module's title is its table's title", () => {
    for (const f of FIGURES) expect(agg.tables[f.id].title, f.id).toBe(f.title);
  });

  it("every question's figures are modules, and every module answers one question", () => {
    const listed = QUESTIONS.flatMap((q) => q.figures);
    expect(listed.sort()).toEqual(FIGURES.map((f) => f.id).sort());
    for (const id of listed) expect(figureById(id)).toBeDefined();
    expect(QUESTIONS.every((q) => q.figures.length > 0)).toBe(true);
  });

  it("fields name real tables and columns; policy keys are policy sections", () => {
    for (const f of FIGURES) {
      expect(f.fields.length, f.id).toBeGreaterThan(0);
      for (const key of f.fields) {
        const [table, field] = key.split(".");
        expect(Object.keys(TABLES), `${f.id}: ${key}`).toContain(table);
        if (field) expect(Object.keys(TABLES[table as keyof typeof TABLES].schema.shape), `${f.id}: ${key}`).toContain(field);
      }
      for (const p of f.policy) expect(Object.keys(POLICY_SECTION)).toContain(p);
      expect(FIGURE_POLICY[f.id]).toEqual(f.policy);
    }
  });

  it("the import report names the figures a missing field takes away, from the modules", () => {
    const lost = notReportedFigures(["subjects.sex", "complaints", "incidents.time"]);
    expect(lost.get("subjects.sex")).toEqual(["Subjects by sex"]);
    expect(lost.get("complaints")).toEqual(["Complaints received and their findings"]);
    expect(lost.get("incidents.time")).toEqual(["time of day on incident pages"]);
  });

  it("every module draws its figure for the latest year and for all years without throwing, with a summary sentence", () => {
    const focus = agg.headline.latest.year;
    for (const f of FIGURES) {
      const table = agg.tables[f.id];
      if (table.status === "not_reported") continue;
      for (const trend of [true, false]) {
        const v = f.view(table, { focus, trend, year: trend ? undefined : focus, changes: agg.meta.policy_changes, agg, partYears: [{ year: focus, from: `${focus}-01`, through: `${focus}-06`, label: "January to June" }] });
        if (v.svg) {
          expect(v.svg.wide, f.id).toMatch(/^<svg/);
          expect(v.svg.narrow, f.id).toMatch(/^<svg/);
        }
        for (const c of v.columns ?? []) expect(table.columns.map((x) => x.key), f.id).toContain(c);
      }
      expect(f.summary(table.rows, focus, {}), f.id).toMatch(/\.$/);
    }
  });
});
