// Aggregate stage: computes, from the published (protected) tables, the numbers every chart
// needs, each as a figure table with its own caveats. What each figure counts lives in its
// module (src/figures/); this stage runs them and adds the headline and the site's metadata.
import type { Aggregates, DateKnownCounts, FieldCoverage, FigureTable, PolicyChange } from "../../src/lib/aggregates.ts";
import { NOT_REPORTED_TEXT } from "../../src/lib/coverage.ts";
import { listText } from "../../src/lib/methodology.ts";
import { notReportedFields } from "./coverage.ts";
import type { DepartmentConfig, PolicySection } from "../../src/lib/schema/config.ts";
import type { PublishedData } from "./anonymize.ts";
import type { ProtectionReport } from "../../src/lib/schema/disclosure.ts";
import { FIGURES } from "../../src/figures/index.ts";
import { makeContext } from "../../src/figures/context.ts";
import { round } from "../../src/figures/count.ts";
import type { Draft } from "../../src/figures/types.ts";
import { comparable, partOf, partYears } from "../../src/lib/period.ts";

export { NOT_RECORDED } from "../../src/figures/count.ts";

/**
 * A figure as published: not reported (no rows, one note, missing naming what it needs) when the
 * department lacks something it cannot be made without; otherwise as computed, missing naming
 * what it shows as not reported (also).
 */
export function decide(t: Draft, need: string[], also: string[] = []): FigureTable {
  if (need.length > 0) {
    return { ...t, rows: [], notes: [`${NOT_REPORTED_TEXT}: ${listText(need)}.`], status: "not_reported", missing: need };
  }
  return { ...t, status: "reported", missing: also };
}

/**
 * Computes every figure table from the published (protected) data. coverage says which fields
 * the department reports (see coverage.ts); a field it does not know counts as reported.
 * disclosure is what the protect stage did; lastIncidentDate and firstIncidentDate the latest and
 * earliest incidents' dates as recorded, before dates were generalised (for the part year and
 * meta.period).
 */
export function aggregate(
  pub: PublishedData,
  config: DepartmentConfig,
  policy: PolicySection[],
  coverage: Record<string, FieldCoverage>,
  disclosure: ProtectionReport,
  lastIncidentDate: string,
  firstIncidentDate: string,
  dateKnown: Record<string, DateKnownCounts> = {},
): Aggregates {
  const k = config.privacy_threshold;
  const ctx = makeContext(pub, config, coverage);
  const { years, yearFigures: figures } = ctx;
  const tables: Record<string, FigureTable> = {};
  for (const f of FIGURES) {
    const { table, need = [], also = [] } = f.compute(ctx);
    tables[f.id] = decide(table, need, also);
  }
  const notReported: string[] = [];
  if (pub.calls_for_service.length === 0) notReported.push("calls_for_service");
  if (pub.arrests.length === 0) notReported.push("arrests");
  if (pub.population.length === 0 && config.population === undefined) notReported.push("population");
  if (pub.officers.length === 0) notReported.push("officers");
  if (pub.complaints.length === 0) notReported.push("complaints");
  if (pub.training.length === 0) notReported.push("training");

  const withCalls = figures.filter((f) => f.incidents > 0 && f.calls_dispatched !== null);
  const latest = withCalls.at(-1) ?? figures.at(-1) ?? { year: 0, incidents: 0, subjects: 0, dispatched_incidents: 0, calls_911: null, calls_dispatched: null, force_per_1000_dispatched: null };
  const previous = figures.find((f) => f.year === latest.year - 1) ?? null;
  // Part years at the start and end of the records (an export taken mid-year, records that begin
  // in April): named as such and never compared with a full year. The first and last incidents'
  // dates as recorded (published dates may be coarser): where the data begins and ends is no one's detail.
  const callMonths = pub.calls_for_service.map((c) => c.period).sort();
  const parts = partYears({
    years,
    incidents: new Map(figures.map((f) => [f.year, f.incidents])),
    dataFrom: config.data_from,
    dataThrough: config.data_through,
    firstCallsMonth: callMonths[0],
    lastCallsMonth: callMonths.at(-1),
    firstIncident: firstIncidentDate,
    lastIncident: lastIncidentDate,
    coarse: new Map(Object.entries(dateKnown).map(([y, c]) => [Number(y), c.year])),
    gaps: config.not_covered,
  });
  const comparableYears = previous !== null && comparable(parts, latest.year, previous.year);
  const pct = (a: number | null, b: number | null | undefined) => (!comparableYears || a === null || b === null || b === undefined || b === 0 ? null : round(((a - b) / b) * 100, 1));

  const policyChanges: PolicyChange[] = policy
    .filter((p) => p.previous_effective !== undefined)
    .map((p) => ({ date: p.effective, section: p.section, slug: p.slug, title: p.title, summary: p.change_summary ?? null }))
    .sort((a, b) => a.date.localeCompare(b.date));

  // The span the records cover: as config.json states it (a day), else from the part years (a
  // month), else whole years: a first incident on 3 February does not mean the records begin then.
  const firstYear = years[0] ?? Number(firstIncidentDate.slice(0, 4));
  const lastYear = years.at(-1) ?? Number(lastIncidentDate.slice(0, 4));
  const period = {
    from: config.data_from ?? partOf(parts, firstYear)?.from ?? `${firstYear}-01`,
    through: config.data_through ?? partOf(parts, lastYear)?.through ?? `${lastYear}-12`,
  };

  return {
    meta: {
      department: config.name,
      short_name: config.short_name ?? config.name,
      jurisdiction: config.jurisdiction,
      synthetic: config.synthetic,
      version: config.version,
      released: config.released,
      licence: config.licence,
      contact: config.contact,
      privacy_threshold: k,
      date_precision: config.date_precision,
      location_grain: config.location_grain,
      years,
      period,
      not_covered: config.not_covered,
      part_years: parts,
      districts: config.districts,
      policy_changes: policyChanges,
      not_reported: notReported,
      coverage,
      not_reported_fields: notReportedFields(coverage),
      disclosure,
      date_known: dateKnown,
    },
    headline: {
      latest,
      previous,
      rate_change_pct: pct(latest.force_per_1000_dispatched, previous?.force_per_1000_dispatched),
      incidents_change_pct: pct(latest.incidents, previous?.incidents),
      years: figures,
    },
    tables,
  };
}
