// The `calls` section of mapping.json: how a dispatch (computer-aided dispatch, CAD) export, one row
// per call, is counted into calls_for_service.csv, the denominators of the force-per-call rates.
import { z } from "zod";
import type { FieldSpec } from "./mapping.ts";

/** Where a call came from (the canonical values of the `origin` field). */
export const CALL_ORIGIN = {
  "911": "A 911 (emergency) call",
  phone: "A non-emergency phone line",
  alarm: "An alarm company or automatic alarm",
  online: "Text, online report or walk-in",
  officer_initiated: "Started by an officer (on-view, traffic or pedestrian stop): never in the denominator",
  other: "Other",
  unknown: "Unknown",
} as const;

/** The fields of a dispatch export: each a field spec, as in `sources[].fields`. */
export const CALL_FIELDS = {
  time: "When the call was received (a date, or a date and time with its `format`): gives the month.",
  call_type: "What the call was about: the department's labels -> canonical call types (as incidents.call_type). A blank cell counts as unknown.",
  district: "The district (or a beat mapped to its district) the call was in: a code listed in config.json.",
  origin: "How the call came in -> 911, phone, alarm, online, officer_initiated, other or unknown. 911 calls make calls_911; officer-initiated calls are never counted as dispatched. Without it calls_911 is not reported.",
  dispatched: "Whether an officer was dispatched: a yes/no field spec (e.g. a disposition mapped to yes/no), or {\"present\": column} (yes when the column has a value, e.g. a dispatch time).",
} as const;

/** A field that is yes when a column (any of several) has a value. */
export interface PresentSpec {
  present: string | string[];
  note?: string;
}

/** One filter rule: rows outside `keep`, or inside `drop`, are left out of the counts (and counted in the report). */
export interface CallFilter {
  column: string;
  keep?: string[];
  drop?: string[];
  note?: string;
}

const label = z.string().describe("A column name exactly as in the export's header (case, doubled spaces and a byte-order mark do not matter).");

/** The `calls` section's schema, built from the field-spec schema of mapping.ts (passed in: mapping.ts includes this section). */
export function callsSpecOf(fieldSpec: z.ZodType<FieldSpec>) {
  const presentSpec = z
    .object({
      present: z.union([label, z.array(label).min(1)]).describe("Column(s) whose value, when there is one, means yes (e.g. the dispatch time). Blank markers count as no value."),
      note: z.string().optional().describe("Your own note on this choice; shown in the import report."),
    })
    .strict();
  const filterRule = z
    .object({
      column: label,
      keep: z.array(z.string()).min(1).optional().describe("Count only rows whose cell is one of these labels (\"\" for a blank cell)."),
      drop: z.array(z.string()).min(1).optional().describe("Leave out rows whose cell is one of these labels (\"\" for a blank cell), e.g. test calls or duplicates."),
      note: z.string().optional().describe("Why; shown in the import report."),
    })
    .strict()
    .refine((r) => (r.keep === undefined) !== (r.drop === undefined), { message: "give keep or drop (not both)" });
  return z
    .object({
      description: z.string().optional().describe("What this export is, in a sentence."),
      file: z.string().optional().describe("The dispatch export's file name, in the data folder (or the folder passed with --source)."),
      files: z.array(z.string()).min(1).optional().describe("Several files with the same layout (e.g. one per year), read as one."),
      delimiter: z.string().length(1).optional().describe("Column delimiter (default \",\")."),
      blank: z.array(z.string()).optional().describe("Markers that mean 'no value' in every column, e.g. [\"-\", \"NULL\"]. Blank cells always do."),
      fields: z
        .object({
          time: fieldSpec.describe(CALL_FIELDS.time),
          call_type: fieldSpec.describe(CALL_FIELDS.call_type),
          district: fieldSpec.describe(CALL_FIELDS.district),
          origin: fieldSpec.optional().describe(CALL_FIELDS.origin),
          dispatched: z
            .union([presentSpec, fieldSpec], { error: (i) => (i.input === undefined ? 'a rule for which calls an officer was dispatched to: {"present": column} or a yes/no field spec (every call: {"value": "yes"})' : undefined) })
            .describe(CALL_FIELDS.dispatched),
        })
        .strict()
        .describe("Call field -> where its value comes from."),
      filter: z.array(filterRule).optional().describe("Rows that are not calls for police service (test calls, duplicates, other agencies): left out, and counted in the import report."),
    })
    .strict()
    .refine((s) => (s.file === undefined) !== (s.files === undefined), { message: "give file or files (not both)" })
    .describe("A dispatch export, one row per call: counted into calls_for_service.csv (calls by month, district and call type).");
}

/** The `calls` section as read. */
export type CallsSpec = z.infer<ReturnType<typeof callsSpecOf>>;
