// The numbers a chart writes, and whether each is a number of its table: for tests that hold
// the chart images (standalone SVG, and so the PNG drawn from it) to the figure's CSV.
import { csvParse } from "d3-dsv";
import { parseHTML } from "linkedom";

/** A number as written: its value and how many digits follow the decimal point. */
export interface Written {
  text: string;
  value: number;
  digits: number;
}

const NUMBER = /\d[\d,]*(?:\.\d+)?/g;

/** The numbers in a piece of text ("1,234 (5.5%)" -> 1234 and 5.5). */
export function numbersIn(text: string): Written[] {
  return [...text.matchAll(NUMBER)].map((m) => {
    const s = m[0].replace(/,(?!\d{3})/g, "").replace(/,$/, "");
    return { text: s, value: Number(s.replace(/,/g, "")), digits: s.includes(".") ? s.split(".")[1].length : 0 };
  });
}

/**
 * The text of the chart's labels and values in a standalone SVG: every <text> of the chart (the
 * nested <svg>) but its axes, whose tick labels are points of a scale rather than values. The
 * lines of a multi-line label are joined by a space.
 */
export function chartLabels(svg: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
  const chart = document.querySelector("svg svg");
  if (!chart) throw new Error("no chart inside the standalone SVG");
  return [...chart.querySelectorAll("text")]
    .filter((t) => !/axis/.test(t.closest("g[aria-label]")?.getAttribute("aria-label") ?? ""))
    .map((t) => {
      const lines = [...t.querySelectorAll("tspan")].map((s) => s.textContent ?? "");
      return lines.length ? lines.join(" ") : (t.textContent ?? "");
    });
}

/** The numbers a chart of a table may write: its own, and shares (percentages) made from them. */
export interface TableNumbers {
  /** Every number in every cell, and in the column labels ("per 1,000 calls"). */
  literal: number[];
  /** Shares of 100 or less: one cell of a row over another of the same row, and a cell over its column's total within a year (or within a year and one other column's value). */
  shares: number[];
}

/** The numbers of a figure's CSV (and its column labels, which the chart's headings repeat). */
export function tableNumbers(csv: string, labels: readonly string[] = []): TableNumbers {
  const rows = csvParse(csv);
  const cols = rows.columns;
  const literal = [...rows.flatMap((r) => cols.flatMap((c) => numbersIn(r[c] ?? "").map((n) => n.value))), ...labels.flatMap((l) => numbersIn(l).map((n) => n.value))];
  const isNum = (v: string | undefined) => v !== undefined && /^-?\d+(\.\d+)?$/.test(v);
  const shares: number[] = [];
  const keep = (v: number) => Number.isFinite(v) && v >= 0 && v <= 100 && shares.push(v);
  for (const r of rows) {
    const nums = cols.filter((c) => isNum(r[c])).map((c) => Number(r[c]));
    for (const a of nums) for (const b of nums) if (b > 0 && a <= b) keep((100 * a) / b);
  }
  const year = cols.includes("year") ? "year" : null;
  for (const c of cols) {
    for (const k of [null, ...cols.filter((o) => o !== c && o !== year)]) {
      const groups = new Map<string, (typeof rows)[number][]>();
      for (const r of rows) {
        if (!isNum(r[c])) continue;
        const g = `${year ? r[year] : ""}|${k ? r[k] : ""}`;
        groups.set(g, [...(groups.get(g) ?? []), r]);
      }
      for (const g of groups.values()) {
        const total = g.reduce((t, r) => t + Number(r[c]), 0);
        if (total > 0) for (const r of g) keep((100 * Number(r[c])) / total);
      }
    }
  }
  return { literal, shares };
}

const near = (v: number, w: Written) => Math.abs(v - w.value) <= 0.5 * 10 ** -w.digits + 1e-9;

/** The written numbers that are neither a table number nor (for 100 or less) a share of table numbers, rounded to the digits shown. */
export function notInTable(written: Written[], t: TableNumbers): Written[] {
  return written.filter((w) => !t.literal.some((v) => near(v, w)) && !(w.value <= 100 && t.shares.some((v) => near(v, w))));
}
