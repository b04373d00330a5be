// Words and numbers shared by the figures' summary sentences. A suppressed or unreported cell
// is never read as zero: it is said in words.
import type { Cell } from "../lib/aggregates.ts";
import { ANOTHER_CATEGORY, WITHHELD, WITHHELD_TEXT } from "../lib/schema/disclosure.ts";
import { shortPartLabel, type PartYear } from "../lib/period.ts";

/** Part years as charts take them: the year and its months ("Jan–Jun"). */
export function chartParts(parts: readonly PartYear[]): { year: number; label: string }[] {
  return parts.map((p) => ({ year: p.year, label: shortPartLabel(p) }));
}

export type Row = Record<string, Cell>;

/** The words for missing data that the department did not supply. */
export const NOT_REPORTED = "not reported by this department";

export const isNum = (v: Cell | undefined): v is number => typeof v === "number" && Number.isFinite(v);
export const n0 = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });
export const n1 = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
export const n2 = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const pct = (n: number) => `${n1(n)}%`;
export const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);
export const share = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : null);

/** The rows of one year. */
export const ofYear = (rows: Row[], year: number) => rows.filter((r) => r.year === year);

/** ", up from 4.40 in 2023" / ", down from ..." / ", the same as in 2023"; empty when there is nothing to compare with. */
export function change(now: number, prev: Cell | undefined, prevYear: number, format: (n: number) => string, missing = NOT_REPORTED): string {
  if (prev === undefined) return "";
  if (!isNum(prev)) return ` (the ${prevYear} figure is ${missing})`;
  if (format(now) === format(prev)) return `, the same as in ${prevYear}`;
  return `, ${now > prev ? "up" : "down"} from ${format(prev)} in ${prevYear}`;
}

/** The value of a key in the row of a given year (undefined when there is no such row). */
export function valueIn(rows: Row[], year: number, key: string, where: (r: Row) => boolean = () => true): Cell | undefined {
  const r = rows.find((x) => x.year === year && where(x));
  return r ? r[key] : undefined;
}

/** Sum of a key over rows, or null if any row's cell is missing. */
export function total(rows: Row[], key: string): number | null {
  let t = 0;
  for (const r of rows) {
    if (!isNum(r[key])) return null;
    t += r[key] as number;
  }
  return t;
}

// Groups that are not a category of people: never "the largest group".
export const OTHER_GROUPS = new Set(["unknown", "not_recorded", "other", WITHHELD, ANOTHER_CATEGORY]);

/** "; for 253 subjects it is withheld to protect privacy ..." where disclosure control withheld some, and a note of suppressed cells where there are any. */
export function suppressedNote(year: Row[]): string {
  const withheld = year.find((r) => r.group === WITHHELD);
  const w = withheld && isNum(withheld.subjects) && withheld.subjects > 0
    ? `; for ${n0(withheld.subjects)} subject${withheld.subjects === 1 ? "" : "s"} it is ${WITHHELD_TEXT}, so each group may hold up to ${n0(withheld.subjects)} more than shown`
    : "";
  return w + hiddenCells(year);
}

export function hiddenCells(year: Row[]): string {
  const hidden = year.filter((r) => r.note === "suppressed").length;
  return hidden ? `; ${hidden} group${hidden > 1 ? "s are" : " is"} suppressed because ${hidden > 1 ? "their counts are" : "its count is"} small` : "";
}

/** The k largest groups of people in a year's rows. */
export function largest(year: Row[], k: number): Row[] {
  return year.filter((r) => isNum(r.subjects) && !OTHER_GROUPS.has(String(r.group))).sort((a, b) => (b.subjects as number) - (a.subjects as number)).slice(0, k);
}

/** "a, b and c". */
export function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** A number as a chart label shows it: 12,345 or 4.35; "not reported" for a missing value. */
export function fmt(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined) return "not reported";
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
