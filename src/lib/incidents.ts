// Incident pages: how incidents are grouped into pages, paged, addressed, labelled and filtered
// in search. Pure functions of the incident records, shared by the pages and scripts/search.ts.
import type { IncidentRecord } from "./aggregates.ts";
import { districtSlug } from "./slug.ts";
import { dateKnownText, type DateKnownMeta } from "./dateKnown.ts";
import { ANOTHER_CATEGORY, ANOTHER_CATEGORY_TEXT, PROTECTED_VOCAB, WITHHELD, WITHHELD_LABEL, dateLevelOf, dateText } from "./schema/disclosure.ts";
import {
  CALL_TYPE, CONTACT_ORIGIN, DISCIPLINE, FLAG, FORCE_LEVEL, FORCE_TYPE, INJURY,
  RESISTANCE, REVIEW_BODY, REVIEW_FINDING, REVIEW_STATUS, WEAPON, type Vocabulary,
} from "./schema/vocab.ts";

/** A published subject of an incident, as its page shows it. */
export type SubjectRecord = IncidentRecord["subjects"][number];

/**
 * How incidents are laid out in pages. "grouped" (the default): one page per year, district and
 * month, each incident an anchor on it. "single": one page per incident. Both are kept so that
 * `npm run bench:site` can measure them against each other (UOF_INCIDENT_PAGES=single).
 */
export type IncidentPageMode = "grouped" | "single";

/** The incident page layout the build uses (UOF_INCIDENT_PAGES, default grouped). */
export function incidentPageMode(env: Record<string, string | undefined> = process.env): IncidentPageMode {
  const v = env.UOF_INCIDENT_PAGES ?? "grouped";
  if (v !== "grouped" && v !== "single") throw new Error(`UOF_INCIDENT_PAGES must be "grouped" or "single", got "${v}"`);
  return v;
}

/** Incidents per listing page in the "single" layout. */
export const LISTING_PAGE_SIZE = 50;

// ---------------------------------------------------------------------------------------------
// Addresses (paths without the base; pages pass them through href())

// The URL segment of a district code (src/lib/slug.ts), the same on every page.
export { districtSlug };

/**
 * The part of the year a published date falls in, as the listing pages group them: its two-digit
 * month (a day or a month), "w11" (a week of the year), "q1" (a quarter) or "all" (a year).
 */
export function monthOf(date: string): string {
  switch (dateLevelOf(date)) {
    case "week":
      return `w${date.slice(6)}`;
    case "quarter":
      return `q${date.slice(6)}`;
    case "year":
      return "all";
    default:
      return date.slice(5, 7);
  }
}

/** How a district reads in a heading, and in a sentence ("in Northgate"; the withheld group says why it has no name). */
export function districtHeading(code: string, name: string): string {
  return code === WITHHELD ? "District withheld to protect privacy" : name;
}
export function districtPhrase(code: string, name: string): string {
  return code === WITHHELD ? "with their district withheld to protect privacy" : `in ${name}`;
}

/** A part of the year (monthOf) as readers read it: "March 2024", "week 11 of 2024", "January to March 2024", "2024". */
export function partName(part: string, year: number): string {
  if (part === "all") return String(year);
  if (part.startsWith("w")) return dateText(`${year}-W${part.slice(1)}`);
  if (part.startsWith("q")) return dateText(`${year}-Q${part.slice(1)}`);
  return `${monthName(part)} ${year}`;
}

/** /incidents/ */
export const INCIDENTS_PATH = "/incidents/";

/** /incidents/<year>/ */
export function yearPath(year: number): string {
  return `/incidents/${year}/`;
}

/** /incidents/<year>/<district>/, or its page n (n >= 2): /incidents/<year>/<district>/<n>/ */
export function districtPath(year: number, district: string, page = 1): string {
  const p = `/incidents/${year}/${districtSlug(district)}/`;
  return page > 1 ? `${p}${page}/` : p;
}

/** /incidents/<year>/<district>/<month>/ (the grouped layout). */
export function monthPath(year: number, district: string, month: string): string {
  return `/incidents/${year}/${districtSlug(district)}/${month}/`;
}

/**
 * The stable, citable address of an incident. Grouped: its month page and its pseudonym as the
 * anchor. Single: its own page. Either way keyed on the pseudonym, which is stable across releases.
 */
export function incidentPath(rec: Pick<IncidentRecord, "incident" | "year" | "district" | "date">, mode: IncidentPageMode): string {
  return mode === "single" ? `/incidents/${rec.incident}/` : `${monthPath(rec.year, rec.district, monthOf(rec.date))}#${rec.incident}`;
}

// ---------------------------------------------------------------------------------------------
// Grouping and paging

/** Incidents of one district (in one year). */
export interface DistrictGroup {
  code: string;
  name: string;
  slug: string;
  incidents: IncidentRecord[];
}

/**
 * Groups incidents by district: the configured districts first in their order (empty ones
 * included, so a table can show a zero), then any other code in the data, sorted.
 */
export function groupByDistrict(records: readonly IncidentRecord[], districts: readonly { code: string; name: string }[]): DistrictGroup[] {
  const groups = new Map<string, DistrictGroup>();
  for (const d of districts) groups.set(d.code, { code: d.code, name: d.name, slug: districtSlug(d.code), incidents: [] });
  const extra: DistrictGroup[] = [];
  for (const r of records) {
    let g = groups.get(r.district);
    if (!g) {
      g = { code: r.district, name: r.district_name || r.district, slug: districtSlug(r.district), incidents: [] };
      groups.set(r.district, g);
      extra.push(g);
    }
    g.incidents.push(r);
  }
  extra.sort((a, b) => a.code.localeCompare(b.code));
  const all = [...districts.map((d) => groups.get(d.code)!), ...extra];
  // Two codes with one URL segment would make two pages at one address.
  const bySlug = new Map<string, string>();
  for (const g of all) {
    const other = bySlug.get(g.slug);
    if (other !== undefined) throw new Error(`districts "${other}" and "${g.code}" have the same URL segment "${g.slug}"; give one of them another code`);
    bySlug.set(g.slug, g.code);
  }
  return all;
}

/** Incidents grouped by month ("01".."12"), months in order, only months that have incidents. */
export function groupByMonth(records: readonly IncidentRecord[]): [string, IncidentRecord[]][] {
  const months = new Map<string, IncidentRecord[]>();
  for (const r of records) {
    const m = monthOf(r.date);
    const list = months.get(m);
    if (list) list.push(r);
    else months.set(m, [r]);
  }
  return [...months].sort((a, b) => a[0].localeCompare(b[0]));
}

/** Splits a list into pages of at most `size` items; an empty list is one empty page. */
export function paginate<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new Error(`page size must be at least 1, got ${size}`);
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages.length ? pages : [[]];
}

// ---------------------------------------------------------------------------------------------
// Labels

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The name of a month "01".."12". */
export function monthName(month: string): string {
  const name = MONTH_NAMES[Number(month) - 1];
  if (!name) throw new Error(`invalid month: ${month}`);
  return name;
}

/**
 * A published date for readers: "4 March 2024", or "March 2024" at month precision; with
 * meta.date_known, "2015 (date not recorded more precisely)" where the department recorded no day.
 */
export function dateLabel(date: string, known?: DateKnownMeta): string {
  return known ? dateKnownText(date, known) : dateText(date);
}

/** NOT_RECORDED is what a reader sees for an empty field. */
export const NOT_RECORDED = "Not recorded";

/** The label of a vocabulary value; "Not recorded" for an empty one. */
export function vocabLabel(vocab: Vocabulary, value: string | null | undefined): string {
  if (value === null || value === undefined || value === "" || value === "not_recorded") return NOT_RECORDED;
  // Disclosure control's values read the same in every field.
  if (value === WITHHELD) return WITHHELD_LABEL;
  if (value === ANOTHER_CATEGORY) return ANOTHER_CATEGORY_TEXT;
  return vocab[value] ?? value;
}

/** Labels of a list of vocabulary values, joined; "Not recorded" for an empty or missing list. */
export function listLabel(vocab: Vocabulary, values: readonly string[] | null | undefined): string {
  if (!values || values.length === 0) return NOT_RECORDED;
  return values.map((v) => vocabLabel(vocab, v)).join("; ");
}

/** The level of force recorded only as types the continuum does not place (such as "physical force, kind not recorded"). */
export const NOT_ON_CONTINUUM = "Not on the continuum";

/** The highest-level category of people and incidents with no level: no force recorded, or force only of such types. */
export const NO_FORCE_LEVEL = "Not recorded or not on the continuum";

/** "Level 3: Soft control"; "Not recorded" for null. */
export function forceLevelLabel(level: number | null | undefined, forceTypes?: readonly string[] | null): string {
  if (level === null || level === undefined) return forceTypes && forceTypes.length > 0 ? NOT_ON_CONTINUUM : NOT_RECORDED;
  const name = (FORCE_LEVEL as Record<number, string>)[level];
  return name ? `Level ${level}: ${name}` : `Level ${level}`;
}

/** "1 incident", "1,234 incidents". */
export function incidentCount(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "incident" : "incidents"}`;
}

/** A count for readers; "Not recorded" for null. */
export function countLabel(n: number | null | undefined): string {
  return n === null || n === undefined ? NOT_RECORDED : n.toLocaleString("en-US");
}

/** The heading of an incident: "4 March 2024: Domestic disturbance". */
export function incidentTitle(rec: Pick<IncidentRecord, "date" | "call_type" | "contact_origin">, known?: DateKnownMeta): string {
  // Without a call type (not recorded, or not reported at all), how the contact began names it.
  if (!rec.call_type) return `${dateLabel(rec.date, known)}: ${CONTACT_TITLE[rec.contact_origin] ?? vocabLabel(CONTACT_ORIGIN, rec.contact_origin)}`;
  return `${dateLabel(rec.date, known)}: ${vocabLabel(CALL_TYPE, rec.call_type)}`;
}

/** Short titles for incidents named by how the contact began. */
const CONTACT_TITLE: Record<string, string> = {
  dispatched: "Dispatched call",
  officer_initiated: "Officer-initiated contact",
  citizen_flagdown: "Flagged down by a member of the public",
  pre_planned: "Pre-planned operation",
  other: "Other contact",
  unknown: "Contact of unknown origin",
};

/** A labelled field of a record, as a page lists it. */
export type FieldRow = [label: string, value: string];

// Fields of an incident the page does not list as a row: shown elsewhere (heading, summary,
// subjects), or the incident's own id and year, which the address carries.
const SHOWN_ELSEWHERE = ["incident", "year", "date", "district_name", "summary", "subjects"] as const;

type IncidentFieldKey = Exclude<keyof IncidentRecord, (typeof SHOWN_ELSEWHERE)[number]>;

// Every other field of IncidentRecord has a label here; the type makes a new field a compile error.
const INCIDENT_FIELDS: Record<IncidentFieldKey, [string, (r: IncidentRecord) => string]> = {
  district: ["District", (r) => (r.district === WITHHELD ? WITHHELD_LABEL : `${r.district_name} (${r.district})`)],
  beat: ["Beat", (r) => (r.beat === WITHHELD ? WITHHELD_LABEL : r.beat ?? NOT_RECORDED)],
  contact_origin: ["How the contact began", (r) => vocabLabel(CONTACT_ORIGIN, r.contact_origin)],
  call_type: ["Call type", (r) => vocabLabel(CALL_TYPE, r.call_type)],
  call_type_raw: ["Call type as the department recorded it", (r) => r.call_type_raw ?? NOT_RECORDED],
  officers_count: ["Officers involved", (r) => countLabel(r.officers_count)],
  subjects_count: ["Subjects on whom force was used", (r) => countLabel(r.subjects_count)],
  highest_force_level: ["Highest force level", (r) => forceLevelLabel(r.highest_force_level, r.force_types)],
  force_types: ["Force types used", (r) => listLabel(FORCE_TYPE, r.force_types)],
  most_severe_subject_injury: ["Most severe injury to a subject", (r) => vocabLabel(INJURY, r.most_severe_subject_injury)],
  arrest_made: ["Arrest made", (r) => vocabLabel(FLAG, r.arrest_made)],
  bwc_activated: ["Body-worn camera activated", (r) => vocabLabel(FLAG, r.bwc_activated)],
  deescalation_attempted: ["De-escalation attempted", (r) => vocabLabel(FLAG, r.deescalation_attempted)],
  crisis_trained_officer: ["Crisis-trained officer present", (r) => vocabLabel(FLAG, r.crisis_trained_officer)],
  coresponder_present: ["Mental-health co-responder present", (r) => vocabLabel(FLAG, r.coresponder_present)],
  review_status: ["Review status", (r) => vocabLabel(REVIEW_STATUS, r.review_status)],
  review_body: ["Reviewed by", (r) => vocabLabel(REVIEW_BODY, r.review_body)],
  review_finding: ["Review finding", (r) => vocabLabel(REVIEW_FINDING, r.review_finding)],
  discipline: ["Discipline", (r) => vocabLabel(DISCIPLINE, r.discipline)],
};

/** The incident fields listed as rows, in order (the rest are in the heading, summary or address). */
export const INCIDENT_FIELD_KEYS = Object.keys(INCIDENT_FIELDS) as readonly IncidentFieldKey[];

/**
 * The labelled fields of an incident, in reading order. The beat is listed only where the
 * department publishes beats (otherwise it is never recorded, and the row would only be noise).
 */
export function incidentFields(rec: IncidentRecord, options: { beat: boolean; notReported?: ReadonlySet<string> }): FieldRow[] {
  return INCIDENT_FIELD_KEYS
    .filter((k) => k !== "beat" || options.beat)
    .map((k) => [INCIDENT_FIELDS[k][0], options.notReported?.has(`incidents.${k}`) ? NOT_REPORTED_BY_DEPARTMENT : INCIDENT_FIELDS[k][1](rec)]);
}

/** What a reader sees for a field the department's data does not have at all (not the same as a blank cell). */
export const NOT_REPORTED_BY_DEPARTMENT = "Not reported by this department";

/**
 * The fields a record page shows as not reported by this department: meta.not_reported_fields
 * as a set, with the published age band not reported only when both age and age band are not.
 */
export function notReportedSet(fields: readonly string[]): Set<string> {
  const set = new Set(fields);
  if (!(set.has("subjects.age") && set.has("subjects.age_band"))) set.delete("subjects.age_band");
  return set;
}

const SUBJECT_FIELDS: Record<Exclude<keyof SubjectRecord, "subject">, [string, (s: SubjectRecord) => string]> = {
  age_band: ["Age", (s) => vocabLabel(PROTECTED_VOCAB.age_band, s.age_band)],
  sex: ["Sex", (s) => vocabLabel(PROTECTED_VOCAB.sex, s.sex)],
  race_ethnicity: ["Race or ethnicity", (s) => vocabLabel(PROTECTED_VOCAB.race_ethnicity, s.race_ethnicity)],
  highest_force_level: ["Highest force level", (s) => forceLevelLabel(s.highest_force_level, s.force_types)],
  force_types: ["Force types used", (s) => listLabel(FORCE_TYPE, s.force_types)],
  injury: ["Injury", (s) => vocabLabel(INJURY, s.injury)],
  medical_treatment: ["Medical treatment", (s) => vocabLabel(FLAG, s.medical_treatment)],
  hospitalized: ["Hospitalized", (s) => vocabLabel(FLAG, s.hospitalized)],
  perceived_armed: ["Perceived as armed", (s) => vocabLabel(FLAG, s.perceived_armed)],
  confirmed_armed: ["Confirmed armed", (s) => vocabLabel(FLAG, s.confirmed_armed)],
  weapons: ["Weapons", (s) => listLabel(WEAPON, s.weapons)],
  resistance: ["Resistance", (s) => vocabLabel(RESISTANCE, s.resistance)],
  mental_health_crisis: ["Signs of mental-health crisis", (s) => vocabLabel(FLAG, s.mental_health_crisis)],
  impaired: ["Signs of impairment (alcohol or drugs)", (s) => vocabLabel(FLAG, s.impaired)],
};

/** The subject fields listed as rows, in order (the pseudonym is shown on its own). */
export const SUBJECT_FIELD_KEYS = Object.keys(SUBJECT_FIELDS) as readonly (keyof SubjectRecord)[];

/** The labelled fields of a subject, in reading order. */
export function subjectFields(s: SubjectRecord, notReported?: ReadonlySet<string>): FieldRow[] {
  return Object.entries(SUBJECT_FIELDS).map(([key, [label, value]]) => [label, notReported?.has(`subjects.${key}`) ? NOT_REPORTED_BY_DEPARTMENT : value(s)]);
}

// ---------------------------------------------------------------------------------------------
// Search filters and chart links

/** Search filter names, shared with the policy pages' "type" filter. */
export const FILTER = {
  type: "type",
  year: "year",
  district: "district",
  callType: "call type",
  forceLevel: "force level",
  injury: "injury",
  finding: "review finding",
} as const;

/** The "type" filter's value for incidents (policy pages are "Policy"). */
export const INCIDENT_TYPE = "Incident";

/** The search filters of an incident: each a single label, as the search page lists them. */
export function incidentFilters(rec: IncidentRecord, notReported?: ReadonlySet<string>): Record<string, string[]> {
  const out: Record<string, string[]> = {
    [FILTER.type]: [INCIDENT_TYPE],
    [FILTER.year]: [String(rec.year)],
    [FILTER.district]: [rec.district_name || rec.district],
    [FILTER.callType]: [vocabLabel(CALL_TYPE, rec.call_type)],
    [FILTER.forceLevel]: [forceLevelLabel(rec.highest_force_level, rec.force_types)],
    [FILTER.injury]: [vocabLabel(INJURY, rec.most_severe_subject_injury)],
    [FILTER.finding]: [vocabLabel(REVIEW_FINDING, rec.review_finding)],
  };
  // A filter on a field the department does not report would only offer "Not recorded": left out.
  if (notReported?.has("incidents.call_type")) delete out[FILTER.callType];
  if (notReported?.has("subjects.injury")) delete out[FILTER.injury];
  if (notReported?.has("incidents.review_finding")) delete out[FILTER.finding];
  return out;
}

/**
 * The text search indexes for an incident: a heading (its title and district) and a body (its
 * summary, force types and id). Field labels stay out ("Crisis-trained officer present: No" would
 * make every incident match "crisis"); the filters carry the coded fields.
 */
export function incidentSearchParts(rec: IncidentRecord): { heading: string; body: string } {
  return {
    heading: `${incidentTitle(rec)}, ${rec.district_name || rec.district}`,
    body: [
      rec.summary ?? "No summary published.",
      rec.force_types.length ? `${listLabel(FORCE_TYPE, rec.force_types)}.` : "",
      `Incident ${rec.incident}.`,
    ].filter(Boolean).join(" "),
  };
}

/**
 * Most incidents in one Pagefind index. Pagefind's memory while writing an index grows with the
 * words in it (incidents in search units: about 950 MB for 50k, 1.7 GB for 100k), so a larger
 * department's incidents are split into several indexes of at most this many, written one after
 * the other, that the search page merges (Pagefind's mergeIndex). Each index costs a search its
 * own metadata and word chunks (about 80 KB gzipped for a common word at 50k), so they are few.
 */
export const SEARCH_SHARD_MAX = 60_000;

/** A run of one year's incidents, by position in that year's list: [from, to). */
export interface ShardPart {
  year: number;
  from: number;
  to: number;
}

/**
 * Splits the incidents into search indexes: whole consecutive years while they fit in `max`
 * records; a year bigger than that is cut into equal runs. A pure function of the yearly counts,
 * so the search page and the indexer agree on it without talking to each other.
 */
export function searchShards(yearCounts: readonly (readonly [year: number, count: number])[], max = SEARCH_SHARD_MAX): ShardPart[][] {
  if (!(max >= 1)) throw new Error(`shard size must be at least 1, got ${max}`);
  const shards: ShardPart[][] = [];
  let current: ShardPart[] = [];
  let size = 0;
  for (const [year, count] of yearCounts) {
    if (count === 0) continue;
    if (count > max) {
      if (current.length) shards.push(current);
      current = [];
      size = 0;
      const k = Math.ceil(count / max);
      for (let i = 0; i < k; i++) shards.push([{ year, from: Math.floor((i * count) / k), to: Math.floor(((i + 1) * count) / k) }]);
      continue;
    }
    if (size + count > max && current.length) {
      shards.push(current);
      current = [];
      size = 0;
    }
    current.push({ year, from: 0, to: count });
    size += count;
  }
  if (current.length) shards.push(current);
  return shards;
}

/** Where search index n (0-based) goes, under the site: the first is Pagefind's own /pagefind/. */
export function searchBundlePath(n: number): string {
  return n === 0 ? "/pagefind/" : `/pagefind/incidents-${n + 1}/`;
}

/** Charts on /explore/ about the fields an incident page shows: [path, link text]. */
export const CHART_LINKS: readonly [string, string][] = [
  ["/explore/#rate-by-call-type", "Force per 1,000 dispatched calls, by call type"],
  ["/explore/#force-level-mix", "Incidents by highest force level"],
  ["/explore/#subject-injuries", "Injuries to subjects"],
  ["/explore/#districts", "Force by district"],
  ["/explore/#subjects-by-race", "Subjects by race or ethnicity"],
  ["/explore/#crisis-response", "Crisis response"],
  ["/explore/#deescalation-camera", "De-escalation and body-worn cameras"],
  ["/explore/#review-findings", "Review findings"],
];
