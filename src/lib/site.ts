// Build-time access to the generated data, for the pages.
import fs from "node:fs";
import path from "node:path";
import type { Aggregates, IncidentRecord } from "./aggregates.ts";
import type { PolicySection } from "./schema/config.ts";
import { monthName } from "./incidents.ts";

/** Folder the pipeline wrote (UOF_GENERATED, default generated/). */
export const generatedDir = path.resolve(process.env.UOF_GENERATED ?? "generated");

function readJson<T>(rel: string): T {
  const file = path.join(generatedDir, rel);
  if (!fs.existsSync(file)) throw new Error(`${file} not found: run "npm run data" (or "npm run build") first`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

let aggregates: Aggregates | null = null;
let policy: PolicySection[] | null = null;
const incidents = new Map<number, IncidentRecord[]>();

/** The aggregated figures; fails with a clear message when the pipeline has not run. */
export function loadAggregates(): Aggregates {
  return (aggregates ??= readJson<Aggregates>("site/aggregates.json"));
}

/** The department's policy sections, sorted by file name. */
export function loadPolicy(): PolicySection[] {
  return (policy ??= readJson<PolicySection[]>("site/policy.json"));
}

/** The published incidents of one year, by date. */
export function loadIncidents(year: number): IncidentRecord[] {
  let list = incidents.get(year);
  if (!list) {
    const rel = `site/incidents/${year}.json`;
    list = fs.existsSync(path.join(generatedDir, rel)) ? expandIncidents(readJson<CompactIncidents>(rel)) : [];
    incidents.set(year, list);
  }
  return list;
}

/** The compact form the pipeline writes: column names once, rows as arrays, subjects last. */
interface CompactIncidents {
  incident_columns: string[];
  subject_columns: string[];
  rows: unknown[][];
}

function expandIncidents(c: CompactIncidents): IncidentRecord[] {
  const n = c.incident_columns.length;
  return c.rows.map((r) => {
    const rec: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) rec[c.incident_columns[i]] = r[i];
    rec.subjects = (r[n] as unknown[][]).map((s) => Object.fromEntries(c.subject_columns.map((k, j) => [k, s[j]])));
    return rec as unknown as IncidentRecord;
  });
}

/** Years that have incidents. */
export function incidentYears(): number[] {
  const dir = path.join(generatedDir, "site/incidents");
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).map((f) => Number(f.replace(/\.json$/, ""))).filter(Number.isFinite).sort((a, b) => a - b);
}

/** A path inside the site, under the configured base. */
export function href(p: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, "");
  return `${base}/${p.replace(/^\//, "")}`;
}

/** Formats a number for readers: 12,345 or 4.56; "not reported" for null. */
export function fmt(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined) return "not reported";
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The label of a vocabulary value; "Not recorded" for an empty value. */
export function labelOf(vocab: Readonly<Record<string, string>>, value: string | null | undefined): string {
  if (value === null || value === undefined || value === "" || value === "not_recorded") return "Not recorded";
  return vocab[value] ?? value;
}

/** The span of years as a reader says it: "2017 to 2020", or "2017" for one year ("" for none). */
export function yearSpan(years: readonly number[]): string {
  if (years.length === 0) return "";
  return years.length === 1 || years[0] === years.at(-1) ? String(years[0]) : `${years[0]} to ${years.at(-1)}`;
}

/** "from 2017 to 2020", or "in 2017" for one year. */
export function fromYears(years: readonly number[]): string {
  return years.length > 1 && years[0] !== years.at(-1) ? `from ${years[0]} to ${years.at(-1)}` : `in ${years[0]}`;
}

/**
 * The span the records cover as readers say it: "April 2019 to June 2024". A day stated in
 * config.json is shown as a day unless it starts (from) or ends (through) its month.
 */
export function periodText(period: { from: string; through: string }): string {
  const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const show = (d: string, end: boolean) => {
    const [y, m, day] = d.split("-").map(Number);
    const month = `${monthName(String(m))} ${y}`;
    if (day === undefined || day === (end ? lastDay(y, m) : 1)) return month;
    return `${day} ${month}`;
  };
  if (!period.from || !period.through) return "";
  const from = show(period.from, false);
  const through = show(period.through, true);
  return from === through ? from : `${from} to ${through}`;
}
