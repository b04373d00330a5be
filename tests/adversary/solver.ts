// A bounds solver for hidden table cells, as an attacker would use it: every hidden cell is an
// unknown non-negative number, everything published gives linear equalities between them (and
// recounts from the record downloads give bounds), and a linear program finds the least and the
// greatest value each hidden cell can take. A small dense two-phase simplex (Bland's rule, so it
// cannot cycle), run per connected group of unknowns.

/** One equality: the sum of coef * unknown over terms equals rhs. */
export interface Equation {
  terms: [index: number, coef: number][];
  rhs: number;
  /** What the equation says, for messages. */
  why?: string;
}

/** Unknowns (with their own bounds) and the equalities between them. */
export interface LinearSystem {
  names: string[];
  lower: number[];
  /** Infinity where nothing bounds an unknown from above. */
  upper: number[];
  equations: Equation[];
}

export interface Bounds {
  /** Least and greatest value of each unknown over every solution (integer-rounded LP bounds). */
  lower: number[];
  upper: number[];
  /** Groups of unknowns whose equations have no solution: the published figures contradict each other. */
  infeasible: { names: string[]; equations: string[] }[];
}

const EPS = 1e-9;

type Tableau = { rows: Float64Array[]; basis: number[]; width: number };

function pivot(t: Tableau, cost: Float64Array | null, r: number, j: number): void {
  const pr = t.rows[r];
  const p = pr[j];
  for (let c = 0; c < t.width; c++) pr[c] /= p;
  const elim = (row: Float64Array) => {
    const f = row[j];
    if (Math.abs(f) < EPS) return;
    for (let c = 0; c < t.width; c++) row[c] -= f * pr[c];
  };
  for (let i = 0; i < t.rows.length; i++) if (i !== r) elim(t.rows[i]);
  if (cost) elim(cost);
  t.basis[r] = j;
}

/** Minimizes over the tableau with a reduced-cost row; only columns below `allowed` may enter. */
function iterate(t: Tableau, cost: Float64Array, allowed: number): "optimal" | "unbounded" {
  const rhs = t.width - 1;
  for (let guard = 0; guard < 100_000; guard++) {
    let j = -1;
    for (let c = 0; c < allowed; c++) {
      if (cost[c] < -EPS) {
        j = c;
        break;
      }
    }
    if (j < 0) return "optimal";
    let r = -1;
    let best = Infinity;
    for (let i = 0; i < t.rows.length; i++) {
      const a = t.rows[i][j];
      if (a <= EPS) continue;
      const ratio = t.rows[i][rhs] / a;
      if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && r >= 0 && t.basis[i] < t.basis[r])) {
        best = ratio;
        r = i;
      }
    }
    if (r < 0) return "unbounded";
    pivot(t, cost, r, j);
  }
  throw new Error("simplex: too many iterations");
}

/**
 * A feasible basis of { A x = b, 0 <= x <= u } (upper bounds as rows with slacks), or null when
 * there is none. Columns: the n unknowns, one slack per finite upper bound, then artificials.
 */
function feasible(n: number, eqs: Equation[], upper: number[]): { t: Tableau; structural: number } | null {
  const bounded = upper.map((u, j) => (Number.isFinite(u) ? j : -1)).filter((j) => j >= 0);
  const m = eqs.length + bounded.length;
  const structural = n + bounded.length;
  const width = structural + m + 1;
  const rows: Float64Array[] = [];
  eqs.forEach((e) => {
    const row = new Float64Array(width);
    for (const [j, c] of e.terms) row[j] += c;
    row[width - 1] = e.rhs;
    rows.push(row);
  });
  bounded.forEach((j, s) => {
    const row = new Float64Array(width);
    row[j] = 1;
    row[n + s] = 1;
    row[width - 1] = upper[j];
    rows.push(row);
  });
  for (const row of rows) if (row[width - 1] < 0) for (let c = 0; c < width; c++) row[c] = -row[c];
  rows.forEach((row, i) => (row[structural + i] = 1));
  const t: Tableau = { rows, basis: rows.map((_, i) => structural + i), width };
  // Phase 1: minimize the sum of the artificials.
  const cost = new Float64Array(width);
  for (const row of rows) for (let c = 0; c < width; c++) if (c < structural || c === width - 1) cost[c] -= row[c];
  iterate(t, cost, structural);
  if (-cost[width - 1] > 1e-7) return null;
  // Drive artificials out of the basis where a structural column can replace them (else the row is redundant).
  for (let i = 0; i < rows.length; i++) {
    if (t.basis[i] < structural) continue;
    for (let c = 0; c < structural; c++) {
      if (Math.abs(rows[i][c]) > 1e-7) {
        pivot(t, null, i, c);
        break;
      }
    }
  }
  return { t, structural };
}

/** min (sign * x_j) from a feasible basis; returns the optimum of x_j, or +-Infinity. */
function optimize(base: { t: Tableau; structural: number }, j: number, sign: 1 | -1): number {
  const t: Tableau = { rows: base.t.rows.map((r) => r.slice()), basis: [...base.t.basis], width: base.t.width };
  const rhs = t.width - 1;
  const cost = new Float64Array(t.width);
  cost[j] = sign;
  // Price out the basic columns.
  t.rows.forEach((row, i) => {
    const cb = t.basis[i] === j ? sign : 0;
    if (cb !== 0) for (let c = 0; c < t.width; c++) cost[c] -= cb * row[c];
  });
  const status = iterate(t, cost, base.structural);
  if (status === "unbounded") return sign > 0 ? -Infinity : Infinity;
  return sign * -cost[rhs];
}

/** The least and greatest value of every unknown, each connected group of unknowns solved on its own. */
export function solveBounds(sys: LinearSystem): Bounds {
  const n = sys.names.length;
  const parent = sys.names.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (const e of sys.equations) for (let a = 1; a < e.terms.length; a++) parent[find(e.terms[a][0])] = find(e.terms[0][0]);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = find(i);
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  }
  const eqsOf = new Map<number, Equation[]>();
  for (const e of sys.equations) {
    if (e.terms.length === 0) continue;
    const g = find(e.terms[0][0]);
    const list = eqsOf.get(g);
    if (list) list.push(e);
    else eqsOf.set(g, [e]);
  }
  const lower = [...sys.lower];
  const upper = [...sys.upper];
  const infeasible: Bounds["infeasible"] = [];
  for (const [g, members] of groups) {
    const local = new Map(members.map((v, i) => [v, i]));
    // Shift each unknown by its lower bound: x = lower + y, y >= 0.
    const eqs: Equation[] = (eqsOf.get(g) ?? []).map((e) => ({
      terms: e.terms.map(([v, c]) => [local.get(v)!, c] as [number, number]),
      rhs: e.rhs - e.terms.reduce((s, [v, c]) => s + c * sys.lower[v], 0),
      why: e.why,
    }));
    const ub = members.map((v) => sys.upper[v] - sys.lower[v]);
    if (ub.some((u) => u < -EPS)) {
      infeasible.push({ names: members.map((v) => sys.names[v]), equations: ["a lower bound above its upper bound"] });
      continue;
    }
    const base = feasible(members.length, eqs, ub.map((u) => Math.max(0, u)));
    if (!base) {
      infeasible.push({ names: members.map((v) => sys.names[v]), equations: eqs.map((e) => e.why ?? "") });
      continue;
    }
    members.forEach((v, i) => {
      if (eqs.length === 0) return;
      const lo = optimize(base, i, 1);
      const hi = optimize(base, i, -1);
      lower[v] = Math.max(sys.lower[v], Math.ceil(sys.lower[v] + lo - 1e-6));
      upper[v] = Math.min(sys.upper[v], Number.isFinite(hi) ? Math.floor(sys.lower[v] + hi + 1e-6) : Infinity);
    });
  }
  return { lower, upper, infeasible };
}
