// The department configuration (data/config.json) and the policy-section front matter.
import { z } from "zod";
import { POLICY_SECTION, keysOf } from "./vocab.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date written YYYY-MM-DD");

/** The department configuration, data/config.json. */
export const departmentConfig = z
  .object({
    name: z.string().min(1).describe("Full name of the department or office publishing the data."),
    short_name: z.string().min(1).optional().describe("Short name used in page titles; defaults to name."),
    jurisdiction: z.string().min(1).describe("The area the department serves, e.g. City of Riverton."),
    contact: z
      .object({
        email: z.string().email().optional().describe("Address for questions about the data."),
        url: z.string().url().optional().describe("Web page for questions about the data."),
        phone: z.string().optional().describe("Public phone line for questions about the data."),
      })
      .strict()
      .describe("How readers reach the department about the data."),
    licence: z
      .object({
        id: z.string().min(1).describe("SPDX identifier of the data licence, e.g. CC-BY-4.0."),
        name: z.string().min(1).describe("Licence name as readers see it."),
        url: z.string().url().describe("Where the licence text is published."),
      })
      .strict()
      .describe("Licence of the published dataset."),
    population: z.number().int().positive().optional().describe("Resident population of the jurisdiction, if no population table is supplied."),
    location_grain: z
      .enum(["district", "beat"])
      .default("district")
      .describe("Finest location published: district, or beat if the department opts in."),
    date_precision: z
      .enum(["day", "month"])
      .default("day")
      .describe("Finest date published in incident-level downloads."),
    privacy_threshold: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe("Counts below this are suppressed in published tables."),
    timezone: z.string().default("UTC").describe("IANA time zone of the department's dates and times."),
    districts: z
      .array(
        z.object({
          code: z.string().min(1).describe("District code as it appears in the data files."),
          name: z.string().min(1).describe("District name readers see."),
        }).strict(),
      )
      .min(1)
      .describe("Every district; a district code in the data that is not listed here is an error."),
    synthetic: z.boolean().default(false).describe("True when the data is synthetic sample data; every page then says so."),
    version: z.string().min(1).describe("Version of this data release, e.g. 2025.1."),
    released: isoDate.describe("Date of this data release."),
    data_through: isoDate
      .optional()
      .describe(
        "Last day the data of this release covers. Where it falls before 31 December, the latest year is shown as a part year and not compared with the year before; an incident dated later is an error. Without it the end is read from the calls-for-service table, or guessed from the last incident.",
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
