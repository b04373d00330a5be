// One-sentence, plain-language summaries of a figure table's rows (each figure's own sentence
// lives in its module, src/figures/), and the text of a table cell. A suppressed or unreported
// cell is never read as zero: it is said in words.
import type { Cell, FigureTable } from "./aggregates.ts";
import { FIGURES, QUESTIONS, figureById, type Question } from "../figures/index.ts";
import { rateTrendSummary } from "../figures/rate-by-year.ts";
import { NOT_REPORTED, change, isNum, listOf } from "../figures/text.ts";
import type { SummaryOptions } from "../figures/types.ts";
import { partOf } from "./period.ts";

export { NOT_REPORTED, change, rateTrendSummary, QUESTIONS, type Question, type SummaryOptions };

type Row = Record<string, Cell>;

/** Digits a column's numbers are shown with: 2 for rates, 1 for shares, otherwise as needed up to 1. */
export function digitsFor(key: string, value: number): number {
  if (key.includes("per_")) return 2;
  if (key.startsWith("share")) return 1;
  return Number.isInteger(value) ? 0 : 1;
}

/** Why a cell is empty: "suppressed" where the row's note says so, otherwise "not reported". */
export function missingText(row: Row): string {
  return row.note === "suppressed" ? "suppressed" : "not reported";
}

/** A table cell as readers see it: formatted numbers; null as "suppressed" or "not reported", never 0. */
export function cellText(row: Row, key: string, type: "string" | "number"): string {
  const v = row[key];
  if (v === null || v === undefined || v === "") {
    if (key === "level") return "not recorded";
    if (key === "note") return "";
    // A share is empty only when hidden or when there is nothing to take a share of (0 of 0).
    if (key.startsWith("share") && row.note !== "suppressed") return "none to compare";
    return missingText(row);
  }
  if (type === "number" && isNum(v)) {
    if (key === "year") return String(v);
    const d = digitsFor(key, v);
    return v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
  }
  return String(v);
}

/** The year a summary is about: the one asked for, else the latest in the rows. */
function focusYear(rows: Row[], opts: SummaryOptions): number | null {
  if (opts.year !== undefined) return opts.year;
  const years = rows.map((r) => r.year).filter(isNum);
  return years.length ? Math.max(...years) : null;
}

/** One plain-language sentence on a figure table's rows, for one year (default: the latest). */
export function summarize(id: string, rows: Row[], opts: SummaryOptions = {}): string {
  const figure = figureById(id);
  if (!figure) throw new Error(`no summary for figure ${id}`);
  const y = focusYear(rows, opts);
  if (y === null) return figure.empty ?? "There are no figures to summarise.";
  // A part year is never compared with a full year: the summary is given without the year
  // before when either is a part year, and says which is.
  const part = partOf(opts.partYears, y);
  const before = partOf(opts.partYears, y - 1);
  if (!part && !before) return figure.summary(rows, y, opts);
  const hadBefore = rows.some((r) => r.year === y - 1);
  let text = figure.summary(rows.filter((r) => r.year !== y - 1), y, opts);
  if (part) {
    const lead = `In ${y},`;
    text = text.startsWith(lead) ? `In ${y} (${part.label} only),${text.slice(lead.length)}` : `${text} ${y} covers ${part.label} only.`;
    if (hadBefore) text += ` A part year, so it is not compared with ${y - 1}.`;
  } else if (before && hadBefore) text += ` ${y - 1} covers ${before.label} only, so it is not compared.`;
  return text;
}

/** A figure's sentence: what it lacks when the department does not report it, else its summary. */
export function figureSummary(table: Pick<FigureTable, "id" | "rows" | "status" | "missing">, opts: SummaryOptions = {}): string {
  if (table.status === "not_reported") {
    const what = table.missing.length ? `: ${listOf(table.missing)}` : "";
    return `Not reported by this department${what}, so this figure cannot be given.`;
  }
  return summarize(table.id, table.rows, opts);
}

/** The figure ids that have a summary. */
export const SUMMARY_IDS = FIGURES.map((f) => f.id);
