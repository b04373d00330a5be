// What a department loses on the site when its export lacks a canonical field: named in the
// import report. Figures say which fields they read in their own modules (src/figures/); the
// other pages' uses of a field are listed here.
import { FIGURES } from "../../src/figures/index.ts";

/** Canonical field -> the pages (other than figures) that show it. */
const PAGE_USES: Record<string, string[]> = {
  "incidents.call_type": ["search filter by call type"],
  "incidents.time": ["time of day on incident pages"],
  "incidents.review_finding": ["review finding on incident pages"],
  "incidents.review_status": ["review status"],
  "incidents.review_body": ["who reviewed"],
  "incidents.arrest_made": ["arrests on incident pages"],
  "incidents.summary": ["incident summaries and their full-text search"],
  "incidents.discipline": ["discipline outcomes"],
  "subjects.resistance": ["resistance on incident pages"],
  "subjects.weapons": ["weapons on incident pages"],
  "officers.years_of_service": ["officers by years of service"],
};

/** For each field given, the charts and pages that will say "not reported by this department". */
export function notReportedFigures(fields: readonly string[]): Map<string, string[]> {
  const titles = (f: string) => FIGURES.filter((m) => m.fields.includes(f)).map((m) => m.title);
  return new Map(fields.map((f) => [f, [...titles(f), ...(PAGE_USES[f] ?? [])]]));
}
