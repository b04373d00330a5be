// What every figure's compute function reads: the published records, the department's
// configuration and coverage, and the denominators shared by several figures, computed once.
import type { FieldCoverage, YearFigures } from "../lib/aggregates.ts";
import { coverageName } from "../lib/coverage.ts";
import type { DepartmentConfig } from "../lib/schema/config.ts";
import type { PublishedData } from "../../scripts/pipeline/anonymize.ts";
import { isReported } from "../../scripts/pipeline/coverage.ts";
import { countRows, distinct, rate, where } from "./count.ts";

export interface FigureContext {
  pub: PublishedData;
  config: DepartmentConfig;
  coverage: Record<string, FieldCoverage>;
  /** Every year with incidents or calls for service, in order. */
  years: number[];
  /** Whether the department reports a canonical field ("table.field"). */
  has(key: string): boolean;
  /** [] when the department reports the field, else its plain-language name (for need/also). */
  lacks(key: string): string[];
  /** Whether there are counts of dispatched calls to divide by. */
  hasCalls: boolean;
  /** Whether the department reports how each encounter began (so which incidents were on dispatched calls). */
  hasOrigin: boolean;
  /** The plain-language name of calls for service. */
  CALLS: string;
  /** Dispatched calls by "year|call_type" and "year|d:district". */
  dispBy: Map<string, number>;
  /** Residents in a year: the nearest year's total, else the configured population. */
  popTotal(y: number): number | null;
  /** Whether incident row i was a dispatched call. */
  dispatched(i: number): boolean;
  /** Subjects by year (key: String(year)). */
  subByYear: Map<string, number>;
  /** The headline figures of every year. */
  yearFigures: YearFigures[];
  /** Arrests by year (empty when arrests are not reported). */
  arrestsByYear: Map<number, number>;
}

export function makeContext(pub: PublishedData, config: DepartmentConfig, coverage: Record<string, FieldCoverage>): FigureContext {
  const inc = pub.incidents.columns;
  const sub = pub.subjects.columns;
  const years = [...new Set([...distinct(inc.year), ...pub.calls_for_service.map((c) => Number(c.period.slice(0, 4)))])].sort();
  const has = (key: string) => isReported(coverage, key);
  const lacks = (key: string) => (has(key) ? [] : [coverageName(key)]);
  const hasCalls = pub.calls_for_service.length > 0 && has("calls_for_service.calls_dispatched");

  // Denominators by year (and call type, district).
  const callsByYear = new Map<number, { c911: number; c911Known: boolean; disp: number }>();
  const dispBy = new Map<string, number>();
  for (const c of pub.calls_for_service) {
    const y = Number(c.period.slice(0, 4));
    const e = callsByYear.get(y) ?? { c911: 0, c911Known: true, disp: 0 };
    if (c.calls_911 === null) e.c911Known = false;
    else e.c911 += c.calls_911;
    e.disp += c.calls_dispatched ?? 0;
    callsByYear.set(y, e);
    const kt = `${y}|${c.call_type}`;
    dispBy.set(kt, (dispBy.get(kt) ?? 0) + (c.calls_dispatched ?? 0));
    const kd = `${y}|d:${c.district}`;
    dispBy.set(kd, (dispBy.get(kd) ?? 0) + (c.calls_dispatched ?? 0));
  }
  const arrestsByYear = new Map<number, number>();
  for (const a of pub.arrests) {
    const y = Number(a.period.slice(0, 4));
    arrestsByYear.set(y, (arrestsByYear.get(y) ?? 0) + a.arrests);
  }
  const totals = pub.population.filter((p) => p.district === null && p.race_ethnicity === null);
  const popTotal = (y: number): number | null => {
    const exact = totals.find((p) => p.year === y);
    if (exact) return exact.population;
    if (totals.length > 0) return [...totals].sort((a, b) => Math.abs(a.year - y) - Math.abs(b.year - y))[0].population;
    return config.population ?? null;
  };

  const dispatched = where(inc.contact_origin, (o) => o === "dispatched");
  const incByYear = countRows([inc.year], ([y]) => String(y));
  const dispByYear = countRows([inc.year], ([y]) => String(y), dispatched);
  const subByYear = countRows([sub.year], ([y]) => String(y));
  // Without how each encounter began, no incident is known to be on a dispatched call: never 0.
  const hasOrigin = has("incidents.contact_origin");
  const yearFigures: YearFigures[] = years.map((y) => {
    const calls = callsByYear.get(y);
    const disp = hasOrigin ? (dispByYear.get(String(y)) ?? 0) : null;
    return {
      year: y, incidents: incByYear.get(String(y)) ?? 0, subjects: subByYear.get(String(y)) ?? 0, dispatched_incidents: disp,
      calls_911: calls && calls.c911Known ? calls.c911 : null,
      calls_dispatched: calls ? calls.disp : null,
      force_per_1000_dispatched: disp === null ? null : rate(disp, calls ? calls.disp : null, 1000),
    };
  });
  return {
    pub, config, coverage, years, has, lacks, hasCalls, hasOrigin, CALLS: coverageName("calls_for_service"),
    dispBy, popTotal, dispatched, subByYear, yearFigures, arrestsByYear,
  };
}
