// How precisely the department recorded its incidents' dates, counted per year before disclosure
// control: a yearly file without a date column gives dates known only to the year (YYYY).
import type { DateKnownCounts } from "../../src/lib/aggregates.ts";
import { dateKnown } from "../../src/lib/schema/fields.ts";
import type { Column } from "./table.ts";

/** Incidents by year ("2015") and the precision their date was recorded to: day, month or year. */
export function dateKnownByYear(dates: Column<string | null>, n: number): Record<string, DateKnownCounts> {
  const out: Record<string, DateKnownCounts> = {};
  for (let i = 0; i < n; i++) {
    const d = dates.get(i);
    if (d === null || d === undefined) continue;
    const y = d.slice(0, 4);
    const e = (out[y] ??= { day: 0, month: 0, year: 0 });
    e[dateKnown(d)]++;
  }
  // Years in order, so the published meta reads the same every run.
  return Object.fromEntries(Object.entries(out).sort((a, b) => a[0].localeCompare(b[0])));
}
