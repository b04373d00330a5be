// The bounds solver on small tables whose answers are known by hand.
import { describe, expect, it } from "vitest";
import { solveBounds, type LinearSystem } from "./solver.ts";

const K = 5;

/** A table of cells (null = hidden) with its published row and column totals, as a linear system. */
function tableSystem(cells: (number | null)[][], rowTotals: number[], colTotals: number[]): { sys: LinearSystem; at: [number, number][] } {
  const names: string[] = [];
  const at: [number, number][] = [];
  const index = cells.map((row, r) => row.map((v, c) => (v === null ? (at.push([r, c]), names.push(`r${r}c${c}`) - 1) : -1)));
  const equations: LinearSystem["equations"] = [];
  cells.forEach((row, r) => {
    const terms = row.flatMap((v, c) => (v === null ? [[index[r][c], 1] as [number, number]] : []));
    equations.push({ terms, rhs: rowTotals[r] - row.reduce<number>((s, v) => s + (v ?? 0), 0), why: `row ${r}` });
  });
  colTotals.forEach((total, c) => {
    const terms = cells.flatMap((row, r) => (row[c] === null ? [[index[r][c], 1] as [number, number]] : []));
    equations.push({ terms, rhs: total - cells.reduce((s, row) => s + (row[c] ?? 0), 0), why: `column ${c}` });
  });
  return { sys: { names, lower: names.map(() => 0), upper: names.map(() => Infinity), equations }, at };
}

const determined = (lo: number, hi: number) => hi - lo < K;

describe("bounds solver", () => {
  it("finds a lone hidden cell from its row total (subtraction)", () => {
    // Row 0: 3 (hidden) + 40 + 57 = 100.
    const { sys } = tableSystem([[null, 40, 57], [20, 30, 50]], [100, 100], [23, 70, 107]);
    const b = solveBounds(sys);
    expect(b.infeasible).toEqual([]);
    expect([b.lower[0], b.upper[0]]).toEqual([3, 3]);
    expect(determined(b.lower[0], b.upper[0])).toBe(true);
  });

  it("finds a hidden cell that needs two equations together (row, then column)", () => {
    // a b | 10      a + b = 10, a + c = 12, c + 50 = 53 -> c = 3, a = 9, b = 1.
    // c 50| 53
    const { sys } = tableSystem([[null, null], [null, 50]], [10, 53], [12, 51]);
    const b = solveBounds(sys);
    expect(b.lower).toEqual([9, 1, 3]);
    expect(b.upper).toEqual([9, 1, 3]);
  });

  it("leaves a correct complementary pattern undetermined: two hidden cells in each row and column of a 2x2 block", () => {
    // Hidden: the 2x2 block [[30, 25], [28, 35]] among published cells; every row and column total published.
    const cells = [
      [null, null, 100],
      [null, null, 120],
      [60, 70, 80],
    ];
    const truth = [[30, 25], [28, 35]];
    const rowTotals = [30 + 25 + 100, 28 + 35 + 120, 210];
    const colTotals = [30 + 28 + 60, 25 + 35 + 70, 300];
    const { sys, at } = tableSystem(cells, rowTotals, colTotals);
    const b = solveBounds(sys);
    expect(b.infeasible).toEqual([]);
    at.forEach(([r, c], i) => {
      expect(b.lower[i]).toBeLessThanOrEqual(truth[r][c]);
      expect(b.upper[i]).toBeGreaterThanOrEqual(truth[r][c]);
      expect(determined(b.lower[i], b.upper[i]), `cell ${r},${c}: ${b.lower[i]}..${b.upper[i]}`).toBe(false);
    });
    // By hand: a in [0, 55] (a + b = 55, a + c = 58, b + d = 60, c + d = 63).
    expect([b.lower[0], b.upper[0]]).toEqual([0, 55]);
  });

  it("uses bounds on unknowns (a recount) and reports contradictory figures", () => {
    const sys: LinearSystem = { names: ["x", "y"], lower: [0, 4], upper: [Infinity, 4], equations: [{ terms: [[0, 1], [1, 1]], rhs: 30 }] };
    const b = solveBounds(sys);
    expect([b.lower[0], b.upper[0]]).toEqual([26, 26]);
    const bad = solveBounds({ names: ["x", "y"], lower: [0, 0], upper: [Infinity, Infinity], equations: [{ terms: [[0, 1], [1, 1]], rhs: 3, why: "x + y = 3" }, { terms: [[0, 1]], rhs: 5, why: "x = 5" }] });
    expect(bad.infeasible).toHaveLength(1);
    expect(bad.infeasible[0].equations).toContain("x = 5");
  });

  it("keeps an unknown without an upper limit unbounded", () => {
    const b = solveBounds({ names: ["x", "y"], lower: [0, 0], upper: [Infinity, Infinity], equations: [{ terms: [[0, 1], [1, -1]], rhs: 2 }] });
    expect(b.lower).toEqual([2, 0]);
    expect(b.upper).toEqual([Infinity, Infinity]);
  });
});
