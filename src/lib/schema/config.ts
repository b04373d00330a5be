// The department configuration (data/config.json) and the policy-section front matter.
import { z } from "zod";
import { isRealDate } from "./fields.ts";
import { POLICY_SECTION, keysOf } from "./vocab.ts";
import { DEFAULT_QUASI_IDENTIFIERS, QUASI_IDENTIFIERS } from "./disclosure.ts";
import { DEFAULT_BOUNDARIES_FILE, DEFAULT_BOUNDARIES_KEY } from "./boundaries.ts";
import { SINGLE_VALUE_FIELDS } from "./tables.ts";
import { slug } from "../slug.ts";

/** A real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
const isoDate = z.string().refine((s) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m !== null && +m[1] >= 1950 && +m[1] <= 2100 && isRealDate(+m[1], +m[2], +m[3]);
}, "a real date written YYYY-MM-DD, for example 2025-02-28");

/** Whether a time zone is one the system knows (an IANA name such as America/Chicago, or UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Whether a file name stays inside the department's folder (relative, no "..") and names a GeoJSON file. */
export function isBoundariesFile(s: string): boolean {
  return !/^[\\/]|^[A-Za-z]:|[\u0000-\u001f]/.test(s) && !s.split(/[\\/]/).includes("..") && /[^\\/]\.(?:geojson|json)$/i.test(s);
}

/** The URL schemes a link of the department's may use: others (javascript:, data:, vbscript:) would run or hide content. */
export const URL_SCHEMES = ["https:", "http:", "mailto:"] as const;

/** Whether a URL is absolute, with one of URL_SCHEMES, and (for a web address) a host. */
export function isSafeUrl(s: string): boolean {
  if (!URL.canParse(s)) return false;
  const u = new URL(s);
  if (!(URL_SCHEMES as readonly string[]).includes(u.protocol)) return false;
  return u.protocol === "mailto:" ? u.pathname.length > 0 : u.hostname.length > 0;
}

const safeUrl = z.string().refine(isSafeUrl, "an address starting with https://, http:// or mailto:");

/**
 * Whether a district code can be used: the department's own code as its data files write it
 * ("North Side", "Zone 3/B", "Rivière"), 1 to 40 characters, no space at either end, no control
 * character, and at least one letter or digit, from which its page address is made (slug.ts).
 */
export function isDistrictCode(code: string): boolean {
  return code.length >= 1 && code.length <= 40 && code === code.trim() && !/[\u0000-\u001f\u007f-\u009f]/.test(code) && slug(code) !== "";
}

/** What mapping:init writes into a new config.json where a person has to fill in the real value. */
export const PLACEHOLDER = "EDIT ME";
/** The version mapping:init writes into a new config.json, until the department names its release. */
export const DRAFT_VERSION = "0.1-draft";
/** A placeholder in any spelling: "EDIT ME", "edit-me", "EDIT_ME" (the draft's contact address has EDIT-ME). */
export const PLACEHOLDER_PATTERN = /\bedit[\s_-]*me\b/i;

/** A release version: it becomes a URL segment (/releases/<version>/) and a file name. */
export const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** The department configuration, data/config.json. */
export const departmentConfig = z
  .object({
    name: z.string().min(1).describe("Full name of the department or office publishing the data."),
    short_name: z.string().min(1).optional().describe("Short name used in page titles; defaults to name."),
    jurisdiction: z.string().min(1).describe("The area the department serves, e.g. City of Riverton."),
    contact: z
      .object({
        email: z.string().email("a plain e-mail address such as data@example.gov").optional().describe("Address for questions about the data (a plain address; it becomes a mailto: link)."),
        url: safeUrl.optional().describe("Web page for questions about the data (https:, http: or mailto:)."),
        phone: z.string().optional().describe("Public phone line for questions about the data."),
      })
      .strict()
      .describe("How readers reach the department about the data."),
    licence: z
      .object({
        id: z.string().min(1).describe("SPDX identifier of the data licence, e.g. CC-BY-4.0."),
        name: z.string().min(1).describe("Licence name as readers see it."),
        url: safeUrl.describe("Where the licence text is published (https:, http: or mailto:)."),
      })
      .strict()
      .describe("Licence of the published dataset."),
    population: z.number().int().positive().optional().describe("Resident population of the jurisdiction, if no population table is supplied."),
    location_grain: z
      .enum(["district", "beat"])
      .default("district")
      .describe("Finest location published: district, or beat if the department opts in."),
    publish_summaries: z
      .boolean()
      .default(true)
      .describe("Whether incident summaries are published (downloads, incident pages, search). When false the summary column is emptied before publishing and is not scanned for identifiers."),
    date_precision: z
      .enum(["day", "month"])
      .default("day")
      .describe("Finest date the record-level downloads may carry; disclosure control publishes coarser dates (week, month, quarter or year) where the finest would single people out."),
    privacy_threshold: z
      .number()
      .int()
      .min(2)
      .max(100)
      .default(5)
      .describe("k of the disclosure-control model: every combination of quasi-identifiers a reader can assemble from the published records is shared by at least this many records, or not published."),
    quasi_identifiers: z
      .array(z.enum(QUASI_IDENTIFIERS))
      .min(1)
      .default([...DEFAULT_QUASI_IDENTIFIERS])
      .refine((l) => new Set(l).size === l.length, "each quasi-identifier once")
      .describe("Fields a reader could know about a person from elsewhere (a neighbour, a news report): disclosure control generalises or withholds them until each combination is shared by privacy_threshold records. Default: date, time, district, beat, age band, sex, race or ethnicity; add any of the others listed."),
    publish_exact: z
      .array(z.enum(QUASI_IDENTIFIERS))
      .default([])
      .refine((l) => new Set(l).size === l.length, "each field once")
      .describe("Quasi-identifiers published as recorded (for example date, to publish the day), left out of the disclosure-control model. This lowers the protection: the methodology and data pages say so, with how many records are then unique."),
    timezone: z
      .string()
      .refine(isTimeZone, "an IANA time zone such as America/Chicago, or UTC")
      .default("UTC")
      .describe("IANA time zone of the department's dates and times."),
    districts: z
      .array(
        z.object({
          code: z
            .string()
            .refine(isDistrictCode, "a district code of 1 to 40 characters with at least one letter or digit and no space at either end (its page address is made of its letters and digits)")
            .describe("District code exactly as it appears in the data files (any text of 1 to 40 characters with a letter or digit); its page address is made of its letters and digits, lower case."),
          name: z.string().min(1).describe("District name readers see."),
        }).strict(),
      )
      .min(1)
      .describe("Every district; a district code in the data that is not listed here is an error."),
    boundaries: z
      .object({
        file: z
          .string()
          .refine(isBoundariesFile, "a file name inside the department's folder ending in .geojson or .json, such as boundaries/districts.geojson (no leading /, no ..)")
          .default(DEFAULT_BOUNDARIES_FILE)
          .describe(`GeoJSON file of the district outlines, relative to the department's folder (default ${DEFAULT_BOUNDARIES_FILE}).`),
        key: z.string().min(1).default(DEFAULT_BOUNDARIES_KEY).describe(`Feature property holding each district's code, as listed in districts (default "${DEFAULT_BOUNDARIES_KEY}").`),
      })
      .strict()
      .optional()
      .describe(`District outlines for the map (WGS84 longitude and latitude). Without this key the file ${DEFAULT_BOUNDARIES_FILE} is used if present; with it, the file must be there.`),
    synthetic: z.boolean().default(false).describe("True when the data is synthetic sample data; every page then says so."),
    version: z
      .string()
      .regex(VERSION_PATTERN, "letters, digits, dots, dashes and underscores, starting with a letter or digit, at most 40 characters (it becomes the release's address, /releases/<version>/), e.g. 2025.1")
      .describe("Version of this data release, e.g. 2025.1: its address is /releases/<version>/ and every citation names it. Give each published release a new version."),
    released: isoDate.describe("Date of this data release."),
    release_notes: z
      .string()
      .max(20000)
      .optional()
      .describe("The department's explanation of this release, in plain text (blank lines separate paragraphs): what is new, what was corrected and why. Shown on the release's change page beside the differences the build finds, and kept in the release history."),
    next_update: z
      .string()
      .refine((s) => /^\d{4}-\d{2}$/.test(s) ? +s.slice(5) >= 1 && +s.slice(5) <= 12 : isoDate.safeParse(s).success, "a date written YYYY-MM-DD, or a month written YYYY-MM")
      .optional()
      .describe("When the department expects to publish its next update (YYYY-MM-DD, or YYYY-MM for a month), shown as \"next update expected\" on the home, data and chart pages."),
    data_from: isoDate
      .optional()
      .describe(
        "First day the records of this release cover, on or before data_through. An incident dated earlier is an error. Without it the start is read from the first incident (its month).",
      ),
    data_through: isoDate
      .optional()
      .describe(
        "Last day the data of this release covers. Where it falls before 31 December, the latest year is shown as a part year and not compared with the year before; an incident dated later is an error. Without it the end is read from the calls-for-service table, or guessed from the last incident.",
      ),
    not_covered: z
      .array(
        z
          .object({
            from: isoDate.describe("First day the records do not cover."),
            through: isoDate.describe("Last day the records do not cover."),
            note: z.string().optional().describe("Why, in a sentence (a lost or withheld file); shown where the year is labelled."),
          })
          .strict()
          .refine((g) => g.from <= g.through, { message: "from on or before through" }),
      )
      .default([])
      .describe(
        "Periods inside the release that the records do not cover (a quarter's file lost or withheld). A year with such a gap is shown as a part year and never compared with a full year; an incident dated inside a gap is an error.",
      ),
    single_value_fields: z
      .array(z.enum(SINGLE_VALUE_FIELDS as [string, ...string[]]))
      .default([])
      .refine((l) => new Set(l).size === l.length, "each field once")
      .describe(
        'Fields ("table.field") that really hold one single value in every record, e.g. "incidents.review_body" when a supervisor reviews every report. Without this, a yes/no or coded field with one value in every record (20 or more) is treated as not reported: it is what an export writes for a column it does not have. A field whose every value is unknown is never reported.',
      ),
  })
  .strict();

export type DepartmentConfig = z.infer<typeof departmentConfig>;

/** Front matter of one policy section (data/policy/*.md). */
export const policyFrontMatter = z
  .object({
    title: z.string().min(1).describe("Heading of the section."),
    section: z.enum(keysOf(POLICY_SECTION)).describe("Which part of the policy this is."),
    effective: isoDate.describe("Date this version of the section took effect."),
    previous_effective: isoDate.optional().describe("Date the version it replaced took effect."),
    change_summary: z.string().optional().describe("One sentence on what changed, shown on trend charts."),
    sample: z.boolean().default(false).describe("True when the text is sample text, not a real department's policy."),
  })
  .strict();

export type PolicyFrontMatter = z.infer<typeof policyFrontMatter>;

/** A policy section as the pipeline hands it on. */
export interface PolicySection extends PolicyFrontMatter {
  /** File name without .md; the section's URL slug. */
  slug: string;
  /** Markdown body. */
  body: string;
}
