// Counting over the published tables' columns, shared by the figures' compute functions: rows
// are counted per combination of dictionary codes, so a million rows cost a few passes.
import type { Cell, Column } from "../lib/aggregates.ts";
import { DictColumn, RefColumn, type Column as DataColumn } from "../../scripts/pipeline/table.ts";

export type { DataColumn };

/** Label used for a missing (empty) value: a state of its own, never counted as zero or unknown. */
export const NOT_RECORDED = "not_recorded";
export const NOT_RECORDED_LABEL = "Not recorded";

export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
export const rate = (n: number, d: number | null, per: number) => (d === null || d === 0 ? null : round((n / d) * per));
export const share = (n: number, d: number) => (d === 0 ? null : round((n / d) * 100, 1));
export const num = (key: string, label: string): Column => ({ key, label, type: "number" });
export const str = (key: string, label: string): Column => ({ key, label, type: "string" });
export const label = (vocab: Record<string, string>, v: string | null) => (v === null ? NOT_RECORDED_LABEL : vocab[v] ?? v);

export type Row = Record<string, Cell>;

export function countBy<T>(rows: T[], key: (r: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) {
    const k = key(r);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** A column as codes into values (a dictionary column as it is; any other encoded here). */
export function codesOf(col: DataColumn<unknown>): { codes: ArrayLike<number>; values: unknown[] } {
  if (col instanceof DictColumn) return { codes: col.codes, values: col.values };
  const index = new Map<unknown, number>();
  const values: unknown[] = [];
  const codes = new Uint32Array(col.length);
  for (let i = 0; i < col.length; i++) {
    const v = col.get(i);
    let c = index.get(v);
    if (c === undefined) index.set(v, (c = values.push(v) - 1));
    codes[i] = c;
  }
  return { codes, values };
}

/**
 * Counts rows (those that pass keep) by the values of some columns, keyed by key(values): the
 * rows are counted per combination of codes, and each combination's key is built once.
 */
export function countRows(cols: DataColumn<unknown>[], key: (values: unknown[]) => string, keep?: (i: number) => boolean): Map<string, number> {
  const n = cols[0].length;
  const parts = cols.map(codesOf);
  let size = 1;
  for (const p of parts) size *= p.values.length;
  const counts = size <= 1 << 22 ? new Float64Array(size) : null;
  const sparse = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (keep && !keep(i)) continue;
    let k = 0;
    for (const p of parts) k = k * p.values.length + p.codes[i];
    if (counts) counts[k]++;
    else sparse.set(k, (sparse.get(k) ?? 0) + 1);
  }
  const m = new Map<string, number>();
  const add = (k: number, count: number) => {
    const values = new Array<unknown>(parts.length);
    for (let j = parts.length - 1; j >= 0; j--) {
      const len = parts[j].values.length;
      values[j] = parts[j].values[k % len];
      k = Math.floor(k / len);
    }
    const name = key(values);
    m.set(name, (m.get(name) ?? 0) + count);
  };
  if (counts) {
    for (let k = 0; k < size; k++) if (counts[k] > 0) add(k, counts[k]);
  } else for (const [k, count] of sparse) add(k, count);
  return m;
}

/** A column of f(values of some columns), computed once per combination of their codes. */
export function derive<T>(cols: DataColumn<unknown>[], f: (values: unknown[]) => T | null): DictColumn<T> {
  const parts = cols.map(codesOf);
  const out = new DictColumn<T>();
  const seen = new Map<number, number>();
  for (let i = 0; i < cols[0].length; i++) {
    let k = 0;
    for (const p of parts) k = k * p.values.length + p.codes[i];
    let c = seen.get(k);
    if (c === undefined) {
      const v = f(parts.map((p) => p.values[p.codes[i]]));
      seen.set(k, (c = v === null ? 0 : out.codeOf(String(v), v)));
    }
    out.pushCode(c);
  }
  return out.seal();
}

/** A test of row i on one column's value, decided once per distinct value. */
export function where<T>(col: DataColumn<T>, test: (v: T) => boolean): (i: number) => boolean {
  const { codes, values } = codesOf(col as DataColumn<unknown>);
  const pass = values.map((v) => test(v as T));
  return (i) => pass[codes[i]];
}

/** The distinct values a column holds. */
export function distinct<T>(col: DataColumn<T>): T[] {
  const { codes, values } = codesOf(col as DataColumn<unknown>);
  const used = new Uint8Array(values.length);
  for (let i = 0; i < col.length; i++) used[codes[i]] = 1;
  return values.filter((_, c) => used[c]) as T[];
}

/** Values of a referenced table's column, read through a reference column (row by row). */
export function through<T>(ref: DataColumn<unknown>, col: DataColumn<T>): DictColumn<T> {
  const { codes, values } = codesOf(col as DataColumn<unknown>);
  const refs = (ref as RefColumn).refs;
  // Code 0 of the result stands for a reference to no row.
  const out = new Uint32Array(ref.length);
  for (let i = 0; i < ref.length; i++) out[i] = refs[i] < 0 ? 0 : codes[refs[i]] + 1;
  return DictColumn.sharing<T>([null, ...(values as T[])], out);
}

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
