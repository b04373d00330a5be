// What the methodology page says about anonymization and data gaps, generated from the
// release metadata and the schema, so the page states exactly what this release did.
import type { Aggregates } from "./aggregates.ts";
import { metaOf, type PublishRule } from "./schema/fields.ts";
import { TABLES, TABLE_NAMES, fieldsOf, type TableName } from "./schema/tables.ts";
import { AGE_BAND, FORCE_LEVEL, FORCE_TYPE, FORCE_TYPE_LEVEL, INJURY, INJURY_ORDER, SERVICE_BAND } from "./schema/vocab.ts";
import { IDENTIFIER_KINDS_TEXT, scannedFields as scanned } from "../../scripts/pipeline/scan.ts";

/** The release metadata the statements depend on. */
export type MethodMeta = Pick<Aggregates["meta"], "privacy_threshold" | "date_precision" | "location_grain" | "not_reported"> &
  Partial<Pick<Aggregates["meta"], "districts" | "unique_records">>;

/** One statement of what was done to the data, under a short topic name. */
export interface Statement {
  /** Stable key: pseudonyms, identifiers, ages, dates, times, locations, small-counts, unique-records, free-text. */
  topic: string;
  /** Short heading a reader scans. */
  title: string;
  /** What was done, in plain language. */
  text: string;
}

/** A table the department did not supply, and what readers therefore cannot see. */
export interface DataGap {
  table: string;
  title: string;
  /** "Not reported by this department", never a zero. */
  status: string;
  consequence: string;
}

/** Input fields, by table, that anonymization treats with a given rule. */
export function fieldsWithRule(rule: PublishRule): { table: TableName; fields: string[] }[] {
  return TABLE_NAMES.map((table) => ({ table, fields: fieldsOf(table).filter(([, s]) => metaOf(s).publish === rule).map(([n]) => n) })).filter(
    (t) => t.fields.length > 0,
  );
}

/** Free-text fields that are published, and so scanned for identifiers, by table. */
export function scannedFields(): { table: TableName; fields: string[] }[] {
  return TABLE_NAMES.map((table) => ({
    table,
    fields: scanned(table),
  })).filter((t) => t.fields.length > 0);
}

/** "a, b and c" (or "a, b or c"). */
export function listText(items: readonly string[], conjunction = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}

const byTable = (groups: { table: TableName; fields: string[] }[]) =>
  groups.map((g) => `${listText(g.fields)} (${TABLES[g.table].title.toLowerCase()})`).join("; ");

const bandLabels = (vocab: Record<string, string>) => Object.entries(vocab).filter(([k]) => k !== "unknown").map(([, v]) => v);

/** What anonymization did in this release, one statement per protection. */
export function anonymizationStatements(meta: MethodMeta): Statement[] {
  const k = meta.privacy_threshold;
  const out: Statement[] = [];
  out.push({
    topic: "pseudonyms",
    title: "Identifiers replaced by pseudonyms",
    text:
      `The department's own record ids (${listText([...new Set(fieldsWithRule("pseudonym").flatMap((g) => g.fields))])}) are replaced by pseudonyms: the first 64 bits (16 hexadecimal digits) of a SHA-256 hash keyed with a secret key. ` +
      "The key is kept out of the code repository and out of this site, so a pseudonym cannot be turned back into the department's id, or checked by guessing ids. " +
      "The same key gives the same pseudonyms in the next release, so records can be followed from one release to the next.",
  });
  out.push({
    topic: "identifiers",
    title: "Direct identifiers dropped",
    text: `These columns of the department's export are dropped and never published: ${byTable(fieldsWithRule("never"))}.`,
  });
  out.push({
    topic: "ages",
    title: "Ages in bands",
    text:
      `Exact ages and dates of birth are never published. Each subject's age is published only as a band: ${listText(bandLabels(AGE_BAND))}. ` +
      `Officers' years of service are published only as a band: ${listText(bandLabels(SERVICE_BAND)).toLowerCase()}.`,
  });
  out.push({
    topic: "dates",
    title: meta.date_precision === "month" ? "Dates to the month" : "Dates to the day",
    text:
      meta.date_precision === "month"
        ? "Dates of incidents and of complaints are published to the month only (YYYY-MM): the day is removed. Days to close a complaint are counted from the exact dates before the day is removed."
        : "Dates of incidents and of complaints are published to the day (YYYY-MM-DD), never finer.",
  });
  out.push({
    topic: "times",
    title: "No times of day",
    text: "The time of day of an incident is not published.",
  });
  const nDistricts = meta.districts?.length;
  const districts = nDistricts ? ` (${nDistricts} district${nDistricts === 1 ? "" : "s"} in all)` : "";
  out.push({
    topic: "locations",
    title: meta.location_grain === "beat" ? "Locations to the beat" : "Locations to the district",
    text:
      meta.location_grain === "beat"
        ? `Locations are published to the beat within each district${districts}, the finest grain this department chose to publish. Street addresses and map coordinates are dropped.`
        : `Locations are published only as the district${districts}. Beats, street addresses and map coordinates are not published.`,
  });
  out.push({
    topic: "small-counts",
    title: k > 1 ? `Counts below ${k} hidden` : "No counts hidden",
    text:
      k > 1
        ? `In the tables about people (subjects by age band, by sex and by race or ethnicity; injuries to subjects by force level; injuries to officers; outcomes of mental-health calls), any count from 1 to ${k - 1} is hidden and marked "suppressed", with the share computed from it, so that no small group of people can be singled out. ` +
          "Where a single hidden count could be worked out from a published total, the next smallest count of that group is hidden too. " +
          "Zeros are shown, because a zero identifies nobody. The record-level downloads are not summary tables and carry the other protections listed here."
        : "This department set the small-count threshold to 1, so no count in the published tables is hidden.",
  });
  const u = meta.unique_records;
  if (u) {
    const share = (x: number) => (u.subjects === 0 ? "0%" : `${Math.round((x / u.subjects) * 1000) / 10}%`);
    const fmt = (x: number) => x.toLocaleString("en-US");
    const combination = listText(u.fields);
    out.push({
      topic: "unique-records",
      title: "Records unique on date, place and person",
      text:
        u.unique === 0
          ? `Each subject record was checked against all the others on its ${combination}. None is the only one with its combination.`
          : `Each subject record was checked against all the others on its ${combination}. ` +
            `${fmt(u.unique)} of the ${fmt(u.subjects)} subject records (${share(u.unique)}, in ${fmt(u.incidents)} incidents) are the only one with their combination. ` +
            "They are published as they are and flagged here, not altered: someone who already knows that a person of that age band, sex and race was involved in police force on that day in that area could find the record. " +
            (u.unique_if_month !== null
              ? `Publishing dates to the month only would leave ${fmt(u.unique_if_month)} (${share(u.unique_if_month)}) unique; this release publishes dates to the day.`
              : "Dates are already published to the month only."),
    });
  }
  const patterns = IDENTIFIER_KINDS_TEXT;
  out.push({
    topic: "free-text",
    title: "Free text scanned for identifiers",
    text:
      `Before anything is published, the free-text fields are read by a scan: ${byTable(scannedFields())}. ` +
      `It looks for anything like ${listText(patterns, "or")}, and for any value of the department's own identifier columns, such as a name, case number or address. ` +
      "A match stops the build and names the file, row and column, so a person fixes the text; nothing is silently published or silently deleted.",
  });
  return out;
}

/** What each optional table makes possible, for the sentence on its absence. */
const WITHOUT: Partial<Record<TableName, string>> = {
  calls_for_service: "force per 1,000 dispatched calls cannot be calculated, overall, by call type or by district",
  arrests: "force per 100 arrests cannot be calculated",
  population: "force per 10,000 residents and comparisons with residents cannot be calculated",
  officers: "officer injuries and officers' years of service are not shown",
  complaints: "complaints received and their findings are not shown",
  training: "training figures (crisis-intervention trained officers, de-escalation training hours) are not shown",
};

/** Titles of the tables a department may leave out. */
export function optionalTables(): string[] {
  return TABLE_NAMES.filter((t) => !TABLES[t].required).map((t) => TABLES[t].title);
}

/** The tables this department did not supply: shown as not reported, never as zero. */
export function dataGaps(meta: Pick<MethodMeta, "not_reported">): DataGap[] {
  return meta.not_reported.map((table) => {
    const known = table in TABLES ? TABLES[table as TableName] : null;
    const without = WITHOUT[table as TableName];
    return {
      table,
      title: known?.title ?? table,
      status: "Not reported by this department",
      consequence: without ? `Without it, ${without}.` : "Figures that need it are not shown.",
    };
  });
}

/** The use-of-force continuum: each level with the canonical force types at that level. */
export function continuumLevels(): { level: number; label: string; types: string[] }[] {
  return Object.entries(FORCE_LEVEL).map(([level, label]) => ({
    level: Number(level),
    label,
    types: (Object.keys(FORCE_TYPE) as (keyof typeof FORCE_TYPE)[]).filter((t) => FORCE_TYPE_LEVEL[t] === Number(level)).map((t) => FORCE_TYPE[t]),
  }));
}

/** Force types that carry no continuum level. */
export function unlevelledForceTypes(): string[] {
  return (Object.keys(FORCE_TYPE) as (keyof typeof FORCE_TYPE)[]).filter((t) => FORCE_TYPE_LEVEL[t] === null).map((t) => FORCE_TYPE[t]);
}

/** Injury levels, least to most severe. */
export function injuryLevels(): { key: string; label: string }[] {
  return INJURY_ORDER.map((key) => ({ key, label: INJURY[key] }));
}
