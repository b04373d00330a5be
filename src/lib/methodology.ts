// What the methodology page says about anonymization and data gaps, generated from the
// release metadata and the schema, so the page states exactly what this release did.
import type { Aggregates } from "./aggregates.ts";
import { metaOf, type PublishRule } from "./schema/fields.ts";
import { TABLES, TABLE_NAMES, fieldsOf, type TableName } from "./schema/tables.ts";
import { DATE_LEVELS, QUASI_IDENTIFIER_LABEL, WIDE_AGE_BAND, type ProtectionReport } from "./schema/disclosure.ts";
import { AGE_BAND, FORCE_LEVEL, FORCE_TYPE, FORCE_TYPE_LEVEL, INJURY, INJURY_ORDER, SERVICE_BAND } from "./schema/vocab.ts";
import { IDENTIFIER_KINDS_TEXT, scannedFields as scanned } from "../../scripts/pipeline/scan.ts";
import { dateKnownStatement } from "./dateKnown.ts";

/** The release metadata the statements depend on. */
export type MethodMeta = Pick<Aggregates["meta"], "privacy_threshold" | "date_precision" | "location_grain" | "not_reported"> &
  Partial<Pick<Aggregates["meta"], "districts" | "disclosure" | "date_known">>;

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
  const d = meta.disclosure ?? null;
  out.push({
    topic: "ages",
    title: "Ages in bands",
    text:
      `Exact ages and dates of birth are never published. Each subject's age is published only as a band: ${listText(bandLabels(AGE_BAND).filter((b) => b !== AGE_BAND.adult))}` +
      (d?.fields.some((f) => f.field === "age_band" && (f.generalised > 0 || f.withheld > 0)) ? `, or a wider band (${listText(Object.values(WIDE_AGE_BAND)).toLowerCase()}) or none where disclosure control needed it (below)` : "") + ". " +
      "Where the department records only \"adult\" or \"juvenile\", the age is published as \"adult (age not recorded more precisely)\", 18 and over, or under 18: an adult is counted on its own, never split among the finer bands. " +
      `Officers' ages are published in the same bands, and their years of service, counted to the incident date, only as a band: ${listText(bandLabels(SERVICE_BAND)).toLowerCase()}; officers' hire dates are never published.`,
  });
  out.push(datesStatement(meta, d));
  out.push({
    topic: "times",
    title: "No times of day",
    text: "The time of day of an incident is not published.",
  });
  const nDistricts = meta.districts?.length;
  const districts = nDistricts ? ` (${nDistricts} district${nDistricts === 1 ? "" : "s"} in all)` : "";
  const placeWithheld = d?.fields.find((f) => f.field === "district")?.withheld ?? 0;
  out.push({
    topic: "locations",
    title: meta.location_grain === "beat" ? "Locations to the beat" : "Locations to the district",
    text:
      (meta.location_grain === "beat"
        ? `Locations are published to the beat within each district${districts}, the finest grain this department chose to publish. Street addresses and map coordinates are dropped.`
        : `Locations are published only as the district${districts}. Beats, street addresses and map coordinates are not published.`) +
      (placeWithheld > 0 ? ` The district of ${fmt(placeWithheld)} incident${placeWithheld === 1 ? " is" : "s are"} withheld to protect privacy (below).` : ""),
  });
  if (d) out.push(...disclosureStatements(d, k));
  else {
    out.push({
      topic: "small-counts",
      title: "Figures counted from the published records",
      text: "Every figure is counted from the published records.",
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
  officers: "officer injuries, and officers' age, sex, race or ethnicity and years of service, are not shown",
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

const fmt = (x: number) => x.toLocaleString("en-US");
const shareOf = (x: number, of: number) => (of === 0 ? "0%" : `${Math.round((x / of) * 1000) / 10}%`);

/** What precision dates are published at, from the run. */
function datesStatement(meta: MethodMeta, d: ProtectionReport | null): Statement {
  if (!d) {
    return {
      topic: "dates",
      title: meta.date_precision === "month" ? "Dates to the month" : "Dates to the day",
      text: meta.date_precision === "month" ? "Dates of incidents and of complaints are published to the month only." : "Dates of incidents and of complaints are published to the day, never finer.",
    };
  }
  const total = DATE_LEVELS.reduce((a, l) => a + d.dates[l], 0);
  const used = DATE_LEVELS.filter((l) => d.dates[l] > 0);
  const main = [...used].sort((a, b) => d.dates[b] - d.dates[a])[0] ?? "day";
  const forms: Record<string, string> = { day: "the day (2024-03-14)", week: "the week of the year (2024-W11: days 1 to 7 of the year are week 1)", month: "the month (2024-03)", quarter: "the quarter (2024-Q1)", year: "the year (2024)" };
  const exactDate = d.fields.some((f) => f.field === "date" && f.treatment === "exact");
  const recorded = dateKnownStatement(meta.date_known);
  return {
    topic: "dates",
    title: `Dates to the ${main}`,
    text:
      `Dates of incidents are published to ${used.map((l) => `${forms[l]} for ${fmt(d.dates[l])} of ${fmt(total)} (${shareOf(d.dates[l], total)})`).join("; ") || forms[main]}. ` +
      (exactDate ? "This department chose to publish dates as recorded (publish_exact in its configuration), outside the disclosure-control model. " : "") +
      "Complaints' dates are published to the same precision. Days to close a complaint are counted from the exact dates before they are generalised. Years are always exact." +
      (recorded ? ` ${recorded}` : ""),
  };
}

/** The disclosure-control model and what it did in this release, from the run. */
function disclosureStatements(d: ProtectionReport, k: number): Statement[] {
  const model = d.fields.filter((f) => f.treatment === "generalised");
  const exact = d.fields.filter((f) => f.treatment === "exact");
  const notPublished = d.fields.filter((f) => f.treatment === "not published");
  const s = d.subjects;
  const perField = model.map((f) => `${f.label}: ${f.level}${f.generalised || f.withheld ? ` (${[f.generalised ? `${fmt(f.generalised)} generalised` : "", f.withheld ? `${fmt(f.withheld)} withheld` : ""].filter(Boolean).join(", ")} of ${fmt(f.values)})` : ""}`);
  const out: Statement[] = [
    {
      topic: "disclosure-control",
      title: `Disclosure control: every combination shared by at least ${k}`,
      text:
        `The quasi-identifiers are the details someone may already know about a person from elsewhere: ${listText(d.fields.map((f) => QUASI_IDENTIFIER_LABEL[f.field]))}. ` +
        `Before publishing, the records are changed so that every combination of them that a reader can put together from the downloads (an incident's date and place with the age band, sex and race or ethnicity of each person force was used on) is shared by at least ${k} records (k-anonymity, k = ${k}). ` +
        "Each detail is first made coarser for the whole release, the least that works (dates to the week, month, quarter or year; age bands into wider bands; rare categories of sex or race into \"another category\"), then single values of the records still in groups smaller than that are withheld, marked \"withheld to protect privacy\". " +
        `In this release: ${perField.join("; ")}. ` +
        (notPublished.length ? `Not published in the records at all: ${listText(notPublished.map((f) => f.label))}. ` : "") +
        `Before this step ${fmt(s.before.records_in_small_groups)} of ${fmt(s.before.records)} subject records (${shareOf(s.before.records_in_small_groups, s.before.records)}) were in a group smaller than ${k}, and ${fmt(s.before.unique)} were the only one with their combination; after it, ${fmt(s.after.records_in_small_groups)} and ${fmt(s.after.unique)}. ` +
        `Incidents alone, on their date and place: ${fmt(d.incidents.before.records_in_small_groups)} in a group smaller than ${k} before, ${fmt(d.incidents.after.records_in_small_groups)} after. ` +
        `In all, ${(d.information_loss * 100).toFixed(1)}% of the detail of these fields was given up.` +
        (d.year_only_records > 0 ? ` ${fmt(d.year_only_records)} subject record(s) of a year with fewer than ${k} such records have only their year published.` : ""),
    },
    {
      topic: "small-counts",
      title: "No figure hidden, none that singles anyone out",
      text:
        "Every chart and table is counted from the same protected records that are published for download, so no figure can undo the protection of another. " +
        `A count by date, place, age band, sex or race or ethnicity is therefore either 0 or at least ${k} (only the group whose details are all withheld may be smaller); the build checks this and stops if it does not hold. ` +
        "Counts of what happened (force used, injuries, deaths, reviews) are published exactly, even when small: they are shared by records whose date, place and personal details are each shared by others, so a small count does not say who. " +
        "Deaths following force and firearm discharges are counted exactly, as departments publish them.",
    },
  ];
  const o = d.officers;
  if (o?.before && o.after) {
    const inModel = o.fields.filter((f) => f.treatment === "generalised");
    const absent = o.fields.filter((f) => f.treatment === "not reported");
    out.push({
      topic: "officers",
      title: `Officers' details: every combination shared by at least ${k}`,
      text:
        "Officers are public employees, but an officer's age band, sex, race or ethnicity and years of service, beside the date and place of an incident, can single out one officer in a small department. " +
        `So the officer records get the same protection: every combination of an incident's published ${listText(o.incident_fields.map((f) => QUASI_IDENTIFIER_LABEL[f]))} with an officer's details is shared by at least ${k} officer records, or the officer's details are withheld. ` +
        "Bands are first made wider for the whole release where that loses least (age bands into wider bands, years of service into 0 to 5, 6 to 20 and 21 years or more, rare categories into \"another category\"), then single values are withheld. " +
        `In this release: ${inModel.map((f) => `${f.label}: ${f.level}${f.generalised || f.withheld ? ` (${[f.generalised ? `${fmt(f.generalised)} generalised` : "", f.withheld ? `${fmt(f.withheld)} withheld` : ""].filter(Boolean).join(", ")} of ${fmt(f.values)})` : ""}`).join("; ")}. ` +
        (absent.length ? `Not reported by this department: ${listText(absent.map((f) => f.label))}. ` : "") +
        `Before this step ${fmt(o.before.records_in_small_groups)} of ${fmt(o.before.records)} officer records (${shareOf(o.before.records_in_small_groups, o.before.records)}) were in a group smaller than ${k}; after it, ${fmt(o.after.records_in_small_groups)}, each with every detail withheld (${fmt(o.fully_withheld)} officer records in all have every detail withheld). ` +
        "The figure \"Officers who used force\" counts these same protected records.",
    });
  }
  if (exact.length) {
    out.push({
      topic: "lowered-protection",
      title: "Protection lowered by this department's choice",
      text:
        `This department chose to publish ${listText(exact.map((f) => f.label))} as recorded, outside the disclosure-control model (publish_exact in its configuration). ` +
        `With ${exact.length === 1 ? "it" : "them"}, ${fmt((s.with_exact ?? s.after).unique)} of ${fmt(s.after.records)} subject records (${shareOf((s.with_exact ?? s.after).unique, s.after.records)}) are the only one with their combination of ${listText(d.fields.filter((f) => f.treatment !== "not published").map((f) => f.label))}: someone who already knows those details of a person could find their record.`,
    });
  }
  return out;
}

/** Two or three plain sentences for the data page: what disclosure control did to the downloads, and any protection lowered. */
export function disclosureSummary(d: ProtectionReport): string[] {
  const model = d.fields.filter((f) => f.treatment === "generalised");
  const exact = d.fields.filter((f) => f.treatment === "exact");
  const withheld = model.filter((f) => f.withheld > 0).map((f) => `${fmt(f.withheld)} ${f.label === "district" ? "districts" : `${f.label} values`}`);
  const total = DATE_LEVELS.reduce((a, l) => a + d.dates[l], 0);
  const main = [...DATE_LEVELS].sort((a, b) => d.dates[b] - d.dates[a])[0];
  const out = [
    `These files are protected by disclosure control: every combination of ${listText(model.map((f) => f.label))} that can be put together from them is shared by at least ${d.k} records. ` +
      `Dates are published to the ${main}${d.dates[main] < total ? " or coarser" : ""}; ` +
      (withheld.length ? `${listText(withheld)} are withheld (the value "withheld"); ` : "no value is withheld; ") +
      'rare categories may read "another_category". The methodology explains each step and how many records it touched.',
  ];
  if (exact.length) {
    const u = d.subjects.with_exact ?? d.subjects.after;
    out.push(
      `This department chose to publish ${listText(exact.map((f) => f.label))} as recorded, outside that protection. ` +
        `As a result ${fmt(u.unique)} of ${fmt(u.records)} subject records (${shareOf(u.unique, u.records)}) are the only one with their combination of these details.`,
    );
  }
  return out;
}
