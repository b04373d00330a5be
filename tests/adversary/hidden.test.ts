// Hidden (suppressed) cells of the figure tables must not be derivable: neither from the other
// published figures (row and column totals, the same quantity in two tables), nor by recounting
// the record downloads. A hidden cell is determined when its bounds are narrower than k, or when
// a recount from the downloads gives it exactly.
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { attackHiddenCells, readFigures, readRecords, recountMismatches, type HiddenReport } from "./hidden.ts";
import { publishedK } from "./outside.ts";

function summary(r: HiddenReport, what: string): string {
  const det = r.cells.filter((c) => c.determined);
  const byTable = new Map<string, [number, number]>();
  for (const c of r.cells) {
    const e = byTable.get(c.table) ?? [0, 0];
    e[0]++;
    if (c.determined) e[1]++;
    byTable.set(c.table, e);
  }
  return `${what}: ${r.cells.length} hidden cell(s), ${det.length} determined (k=${r.k}; ${r.equations} equation(s))` +
    [...byTable].map(([t, [n, d]]) => `\n    ${t}: ${n} hidden, ${d} determined`).join("");
}

describe("hidden cells of the sample's figure tables cannot be worked out", () => {
  const sample = inject("sample");

  it("no hidden cell is determined by the published figures and the record downloads", () => {
    if (!sample.ok) throw new Error(`the sample build failed: ${sample.error}`);
    const downloads = path.join(sample.value.dist, "downloads");
    const { k, source } = publishedK(downloads);
    const figs = readFigures(downloads);
    const tablesOnly = attackHiddenCells(figs, null, k);
    const full = attackHiddenCells(figs, readRecords(downloads), k);
    console.log(`k = ${k} (${source})`);
    console.log(summary(tablesOnly, "from the figure tables alone"));
    console.log(summary(full, "with recounts from the record downloads"));
    if (full.contradictions.length) console.log(`published figures that disagree:\n  ${full.contradictions.slice(0, 10).join("\n  ")}`);
    expect(figs.size, "figure tables read").toBeGreaterThan(5);
    expect(full.infeasible, "published figures and records contradict each other").toEqual([]);
    const det = full.cells.filter((c) => c.determined);
    const list = det.slice(0, 25).map((c) => `${c.table} [${c.label}] ${c.column}: ${c.lower}..${c.upper} (${c.determined})`);
    expect(list, `${det.length} of ${full.cells.length} hidden cells are determined:\n${list.join("\n")}${det.length > 25 ? `\n... and ${det.length - 25} more` : ""}`).toEqual([]);
  });

  it("the published figures agree with each other and with recounts of the downloads where cells are shown", () => {
    if (!sample.ok) throw new Error(`the sample build failed: ${sample.error}`);
    const downloads = path.join(sample.value.dist, "downloads");
    const figs = readFigures(downloads);
    const { k } = publishedK(downloads);
    const r = attackHiddenCells(figs, null, k);
    // Quantities published twice agree (otherwise the attack model above is wrong, or the site is).
    expect(r.contradictions).toEqual([]);
    console.log(`quantities published twice, checked equal: ${r.checked}`);
    expect(r.checked).toBeGreaterThan(10);
    // The recounts an attacker makes reproduce every shown cell they cover (so a recount is a real derivation).
    const m = recountMismatches(figs, readRecords(downloads));
    console.log(`shown cells recounted from the downloads: ${m.checked}, mismatches: ${m.mismatches.length}`);
    expect(m.checked).toBeGreaterThan(100);
    expect(m.mismatches).toEqual([]);
  });
});
