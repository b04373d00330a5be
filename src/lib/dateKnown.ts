// Dates the department recorded only to the year or the month (a yearly file without a date
// column): how pages say so, rather than showing a day that was never known.
import type { Aggregates } from "./aggregates.ts";
import { dateLevelOf, dateText } from "./schema/disclosure.ts";

/** meta.date_known: incidents of each year by the precision their date was recorded to. */
export type DateKnownMeta = Aggregates["meta"]["date_known"] | undefined;

const count = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "incident" : "incidents"}`;
const are = (n: number) => (n === 1 ? "is" : "are");

/** Years (in order) with incidents dated only to the year or only to the month. */
export function coarseYears(known: DateKnownMeta): { year: number; month: number; yearOnly: number }[] {
  return Object.entries(known ?? {})
    .filter(([, c]) => c.year > 0 || c.month > 0)
    .map(([y, c]) => ({ year: Number(y), month: c.month, yearOnly: c.year }))
    .sort((a, b) => a.year - b.year);
}

/**
 * "12 incidents in 2015 are dated only to the year, as the department recorded them.", and the
 * same for dates known only to the month; for one year, or every year when none is given.
 */
export function dateKnownSentences(known: DateKnownMeta, year?: number): string[] {
  const out: string[] = [];
  for (const c of coarseYears(known)) {
    if (year !== undefined && c.year !== year) continue;
    if (c.yearOnly > 0) out.push(`${count(c.yearOnly)} in ${c.year} ${are(c.yearOnly)} dated only to the year, as the department recorded them.`);
    if (c.month > 0) out.push(`${count(c.month)} in ${c.year} ${are(c.month)} dated only to the month, as the department recorded them.`);
  }
  return out;
}

/**
 * The sentence beside a figure by month, quarter, weekday or hour that leaves out incidents whose
 * date is not known that finely: "12 incidents in 2015 are dated only to the year and are not in
 * this chart." A month figure leaves out year-only dates; a weekday or hour figure month-only too.
 */
export function leftOutNote(known: DateKnownMeta, year: number, finest: "month" | "day", what = "chart"): string | null {
  const c = known?.[String(year)];
  if (!c) return null;
  const y = c.year, m = finest === "day" ? c.month : 0;
  if (y > 0 && m > 0) return `${count(y)} in ${year} ${are(y)} dated only to the year and ${m.toLocaleString("en-US")} only to the month; none of them is in this ${what}.`;
  if (y > 0) return `${count(y)} in ${year} ${are(y)} dated only to the year and ${are(y)} not in this ${what}.`;
  if (m > 0) return `${count(m)} in ${year} ${are(m)} dated only to the month and ${are(m)} not in this ${what}.`;
  return null;
}

/**
 * A published incident date for readers, saying where the department recorded no finer date:
 * "2015 (date not recorded more precisely)", "March 2015 (day not recorded)". Where a year also
 * holds dates that disclosure control published coarser, the words allow for both.
 */
export function dateKnownText(date: string, known: DateKnownMeta): string {
  const text = dateText(date);
  const c = known?.[date.slice(0, 4)];
  if (!c) return text;
  const level = dateLevelOf(date);
  if (level === "year" && c.year > 0) {
    return c.day === 0 && c.month === 0 ? `${text} (date not recorded more precisely)` : `${text} (date not recorded, or not published, more precisely)`;
  }
  // No day recorded that year: a month is as the department recorded it.
  if (level === "month" && c.month > 0) return c.day === 0 ? `${text} (day not recorded)` : `${text} (day not recorded, or not published)`;
  return text;
}

/** Incidents, all years together, whose date was recorded only to the year, and only to the month. */
export function coarseTotals(known: DateKnownMeta): { year: number; month: number; all: number } {
  let year = 0, month = 0, all = 0;
  for (const c of Object.values(known ?? {})) {
    year += c.year;
    month += c.month;
    all += c.day + c.month + c.year;
  }
  return { year, month, all };
}

/**
 * For the methodology and data dictionary: how many incidents' dates the department recorded only
 * to the year or the month, and that no finer date is made up for them; null when there are none.
 */
export function dateKnownStatement(known: DateKnownMeta): string | null {
  const t = coarseTotals(known);
  if (t.year === 0 && t.month === 0) return null;
  const parts = [
    t.year > 0 ? `${count(t.year)} of ${t.all.toLocaleString("en-US")} ${t.year === 1 ? "was" : "were"} recorded by the department only to the year (a bare year, such as 2015, in the records)` : "",
    t.month > 0 ? `${count(t.month)} only to the month (such as 2015-03)` : "",
  ].filter(Boolean);
  return (
    `Some incidents' dates are known only to the year or month: ${parts.join(", and ")}. ` +
    "No day is made up for them: they count in their year's totals and yearly figures, a date known only to the year is in no month, quarter, weekday or hour, and one known only to the month in no weekday or hour. Disclosure control never counts them as detail it gave up."
  );
}

/**
 * Beside a figure counted by year: the incidents dated only to the year or month (in one year, or
 * every year), and that they count in their year; undefined when there are none.
 */
export function yearsNote(known: DateKnownMeta, year?: number): string | undefined {
  const said = dateKnownSentences(known, year);
  if (said.length === 0) return undefined;
  return `${said.join(" ")} They count in their year's figures here; no finer date is made up for them.`;
}

/** leftOutNote for each of the years a figure shows, in order; empty when none leaves any out. */
export function leftOutNotes(known: DateKnownMeta, years: readonly number[], finest: "month" | "day", what = "chart"): string[] {
  return years.map((y) => leftOutNote(known, y, finest, what)).filter((t): t is string => t !== null);
}
