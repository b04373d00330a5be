// Aggregate stage: computes, from the published (protected) tables, the numbers every chart
// needs, each as a figure table with its own caveats. What each figure counts lives in its
// module (src/figures/); this stage runs them and adds the headline and the site's metadata.
import type { Aggregates, FieldCoverage, FigureTable, PolicyChange } from "../../src/lib/aggregates.ts";
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
 * disclosure is what the protect stage did; lastIncidentDate the latest incident's date as
 * recorded, before dates were generalised (for the part year).
 */
export function aggregate(
  pub: PublishedData,
  config: DepartmentConfig,
  policy: PolicySection[],
  coverage: Record<string, FieldCoverage>,
  disclosure: ProtectionReport,
  lastIncidentDate: string,
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
  // A latest year whose last incident falls before December is a part year (an export taken
  // mid-year): it is named as such and not compared with the full year before.
  // The last incident's date as recorded (published dates may be coarser): where the data ends is no one's detail.
  const lastDate = lastIncidentDate;
  // "data_through" in config.json says exactly where the data ends. Without it, the last month of
  // the calls for service does. Without those, the last incident
  // does, when so many incidents would be expected in the months after it that none is implausible
  // (a small department may simply have had no incident in December).
  let latestThrough: string | null = null;
  const lastMonth = Number(lastDate.slice(5, 7));
  if (config.data_through) {
    const end = config.data_through;
    if (end.startsWith(`${latest.year}-`) && end.slice(5) !== "12-31") latestThrough = end.slice(0, 7);
  } else if (pub.calls_for_service.length > 0) {
    const lastPeriod = pub.calls_for_service.reduce((m, c) => (c.period > m ? c.period : m), "");
    if (lastPeriod.startsWith(`${latest.year}-`) && Number(lastPeriod.slice(5, 7)) < 12) latestThrough = lastPeriod;
  } else if (lastDate.startsWith(`${latest.year}-`) && lastMonth < 12) {
    const perMonth = previous && previous.incidents > 0 ? previous.incidents / 12 : latest.incidents / lastMonth;
    if (perMonth * (12 - lastMonth) >= 3) latestThrough = lastDate.slice(0, 7);
  }
  const pct = (a: number | null, b: number | null | undefined) => (latestThrough !== null || a === null || b === null || b === undefined || b === 0 ? null : round(((a - b) / b) * 100, 1));

  const policyChanges: PolicyChange[] = policy
    .filter((p) => p.previous_effective !== undefined)
    .map((p) => ({ date: p.effective, section: p.section, slug: p.slug, title: p.title, summary: p.change_summary ?? null }))
    .sort((a, b) => a.date.localeCompare(b.date));

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
      districts: config.districts,
      policy_changes: policyChanges,
      not_reported: notReported,
      coverage,
      not_reported_fields: notReportedFields(coverage),
      disclosure,
    },
    headline: {
      latest,
      previous,
      rate_change_pct: pct(latest.force_per_1000_dispatched, previous?.force_per_1000_dispatched),
      incidents_change_pct: pct(latest.incidents, previous?.incidents),
      latest_through: latestThrough,
      years: figures,
    },
    tables,
  };
}
