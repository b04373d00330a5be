// The mapping file: how a department's own export becomes the canonical tables, declared, never coded.
// data/mapping.json is validated with this schema; `npm run mapping:schema` writes its JSON Schema
// (src/lib/schema/mapping.schema.json) so editors can complete and check a mapping as it is typed.
import { z } from "zod";
import { metaOf } from "./fields.ts";
import { TABLES, type TableName } from "./tables.ts";
import { callsSpecOf } from "./callsMapping.ts";

/** The tables an export's rows are turned into (the others are supplied as canonical CSV files). */
export const IMPORTED_TABLES = ["incidents", "subjects", "officers", "force_uses"] as const satisfies readonly TableName[];
export type ImportedTable = (typeof IMPORTED_TABLES)[number];

/** Fields a mapping fills from the export: everything but the keys (built from `keys`) and direct identifiers (dropped). */
export const MAPPABLE_FIELDS: string[] = IMPORTED_TABLES.flatMap((t) =>
  Object.entries(TABLES[t].schema.shape)
    .filter(([name, schema]) => !/_id$/.test(name) && metaOf(schema as z.ZodType).publish !== "never")
    .map(([name]) => `${t}.${name}`),
);

/** Named yes/no vocabularies; or list the labels yourself. */
export const BOOLEAN_PRESETS = {
  yes_no: { true: ["yes"], false: ["no"] },
  y_n: { true: ["y"], false: ["n"] },
  true_false: { true: ["true"], false: ["false"] },
  "1_0": { true: ["1"], false: ["0"] },
} as const;

const label = z
  .union([z.string(), z.array(z.string()).min(1)])
  .describe("A column name as in the export's header (case, spaces, underscores and a byte-order mark do not matter), or a list of alternative names: the first the file has (for yearly files whose names drift).");

const booleanSpec = z
  .union([
    z.enum(Object.keys(BOOLEAN_PRESETS) as [keyof typeof BOOLEAN_PRESETS, ...(keyof typeof BOOLEAN_PRESETS)[]]),
    z.object({
      true: z.array(z.string()).min(1).describe("Labels meaning yes."),
      false: z.array(z.string()).min(1).describe("Labels meaning no."),
      unknown: z.array(z.string()).optional().describe("Labels meaning the department recorded 'unknown'."),
    }).strict(),
  ])
  .describe("How the export writes yes and no: yes_no, y_n, true_false, 1_0, or your own lists. Case and spaces do not matter.");

const splitSpec = z
  .union([
    z.string().min(1),
    z.object({
      delimiter: z.string().min(1).describe("Text between the values, e.g. \"; \" or \"/\"."),
      match_known: z.boolean().optional().describe("Split by finding the labels listed in `values` (longest first) instead of cutting at every delimiter: for labels that themselves contain the delimiter."),
    }).strict(),
  ])
  .describe("The cell holds several values: the delimiter between them, or {delimiter, match_known}.");

/** What a value spec does with one source cell (or several, for `columns`). */
const cellOptions = {
  blank: z.array(z.string()).optional().describe("More markers that mean 'no value' in this column, e.g. \"-\", \"NULL\", \"1900-01-02\" (the source's `blank` list applies too)."),
  split: splitSpec.optional(),
  values: z
    .record(z.string(), z.string().nullable())
    .optional()
    .describe("The department's labels -> canonical values (see the data dictionary). Case and spaces in the labels do not matter. null drops the label (e.g. a 'none' that sits beside real values in a list)."),
  boolean: booleanSpec.optional(),
  unmapped: z
    .enum(["reject", "blank"])
    .optional()
    .describe("A label not in `values` (or `boolean`): reject the row (default), or read it as blank. Either way every such label is listed in the import report with its count."),
  format: z
    .string()
    .optional()
    .describe("Date or time layout: YYYY YY MM M DD D HH H hh h mm ss A (AM/PM) Z (UTC offset such as +00 or -05:00), other characters literal. Example: \"MM/DD/YYYY hh:mm:ss A\". For incidents.date, \"YYYY\" (or \"YYYY-MM\") reads a date known only to the year (or month). Workbook date cells arrive as YYYY-MM-DD (YYYY-MM-DDTHH:mm with a time, HH:mm for a time alone)."),
  utc: z
    .boolean()
    .optional()
    .describe("The value is a moment written in UTC (e.g. local midnight exported as 05:00:00+00): convert it to config.json's timezone before taking the date or time."),
  pad_left: z.number().int().min(1).max(12).optional().describe("Left-pad the cell with zeros to this many characters first (times such as \"210\" meaning 02:10)."),
  years_from_date: z
    .boolean()
    .optional()
    .describe("The column holds a date (a hire or commission date, or a date of birth; read with `format`): the value is the whole years from it to the row's incident date. For officers.years_of_service or an age. The date itself is never kept; a date after the incident rejects the row."),
  pick: z
    .enum(["first", "highest", "lowest"])
    .optional()
    .describe("Several values for a one-value field: keep the first, or the highest/lowest in the canonical order (injury, resistance, force level)."),
};

/** How rows of one record combine on a field (see `combine` below; any_yes is the older name of any). */
export type CombineSpec =
  | "first" | "last" | "any" | "all" | "highest" | "lowest" | "most_frequent" | "any_yes"
  | { any: string } | { all: string } | { priority: string[] };

const combineSpec = z
  .union([
    z.enum(["first", "last", "any", "all", "highest", "lowest", "most_frequent", "any_yes"]),
    z.object({ any: z.string().describe("This canonical value if any row has it; otherwise the first row's value.") }).strict(),
    z.object({ all: z.string().describe("This canonical value only if every row with a value has it; otherwise the first other value.") }).strict(),
    z.object({ priority: z.array(z.string()).min(1).describe("Canonical values, most important first: the first one any row has wins; values not listed come after, the first row's first.") }).strict(),
  ])
  .describe(
    "When several rows describe one incident, subject or officer and disagree on this field (rows without a value do not count): " +
      "first or last row's value; any (yes/no field: yes if any row says yes) or {\"any\": value}; all (yes only if every row says yes) or {\"all\": value}; " +
      "highest or lowest in the field's canonical order; most_frequent (a tie goes to the value seen first); {\"priority\": [values]}. " +
      "Default: any for yes/no fields, highest for injury and resistance, first otherwise. The import report shows what each rule would give.",
  );

export interface FieldSpec {
  column?: string | string[];
  columns?: (string | string[])[];
  not_reported?: true;
  code_book?: string;
  flags?: Record<string, string>;
  first_of?: FieldSpec[];
  value?: string;
  when_several?: string;
  when_none?: string | null;
  combine?: CombineSpec;
  blank?: string[];
  split?: string | { delimiter: string; match_known?: boolean };
  values?: Record<string, string | null>;
  boolean?: keyof typeof BOOLEAN_PRESETS | { true: string[]; false: string[]; unknown?: string[] };
  unmapped?: "reject" | "blank";
  format?: string;
  utc?: boolean;
  pad_left?: number;
  pick?: "first" | "highest" | "lowest";
  years_from_date?: boolean;
  note?: string;
}

export const fieldSpec: z.ZodType<FieldSpec> = z.lazy(() =>
  z
    .object({
      column: label.optional(),
      columns: z.array(label).min(1).optional().describe("Several columns read as one list, e.g. \"Weapon Used 1\" .. \"Weapon Used 5\"; for a one-value field, the first that has a value."),
      flags: z
        .record(z.string(), z.string())
        .optional()
        .describe("Wide yes/no columns -> the canonical value each one stands for, e.g. {\"Taser Used\": \"ced\"}. With `boolean` saying what yes looks like."),
      first_of: z.array(fieldSpec).min(1).optional().describe("Try these specs in order; the first that gives a value wins (e.g. ethnicity 'H' before race)."),
      value: z.string().optional().describe("A constant canonical value for every row."),
      not_reported: z
        .literal(true)
        .optional()
        .describe("The export does not have this field: the site says \"not reported by this department\" (a required coded field is written as unknown in every record, an optional one is left out). Say why in note."),
      code_book: z
        .string()
        .optional()
        .describe("A CSV in the department's folder with the columns column,code,label (and optionally value, a canonical value): the cells are codes, read through the book's label (then `values`) or value. Codes not in the book are listed in the import report and read as `unmapped` says."),
      when_several: z
        .string()
        .optional()
        .describe("`flags` for a one-value field when more than one flag is yes (contradictory flags): \"reject\", \"first\", or a canonical value such as \"unknown\". Counted in the report."),
      when_none: z.string().nullable().optional().describe("`flags` when no flag is yes: a canonical value, or null for blank (default)."),
      combine: combineSpec.optional(),
      note: z.string().optional().describe("Your own note on this choice; shown in the import report."),
      ...cellOptions,
    })
    .strict()
    .refine((s) => [s.column, s.columns, s.flags, s.first_of, s.value, s.not_reported].filter((x) => x !== undefined).length === 1, {
      message: "give exactly one of column, columns, flags, first_of, value or not_reported",
    }),
);

const entityKey = z.union([
  z.enum(["per_incident", "per_row", "by_position"]),
  z.object({
    match: z
      .array(z.string())
      .min(1)
      .describe("Canonical fields of the person (e.g. \"subjects.race_ethnicity\", \"subjects.sex\", \"subjects.age\"): rows of one incident whose values of these fields are all equal describe one person. For exports where each officer's row repeats the incident's people."),
    by_position: z.boolean().optional().describe("The person fields hold lists, one item per person, as with by_position: each item is matched on its own."),
    when_blank: z
      .enum(["per_incident", "per_row", "reject"])
      .optional()
      .describe("A person whose match fields are all blank: one shared record per incident (default), a record of their own, or reject the row."),
  }).strict(),
  z.object({
    columns: z.array(label).min(1).describe("Columns whose values together identify the person within the incident."),
    when_blank: z
      .enum(["per_incident", "per_row", "reject"])
      .optional()
      .describe("A row whose key columns are all blank: one shared record per incident (default), a record of its own, or reject the row."),
  }).strict(),
]);

export const GRAINS = {
  incident: "one row per incident",
  subject: "one row per subject (person force was used on)",
  officer: "one row per officer's force report",
  officer_force: "one row per officer per type of force",
} as const;

/** One file of a source with several: its name, or its name and constant canonical values for its rows. */
export const fileEntry = z.union([
  z.string(),
  z.object({
    file: z.string().describe("The file's name."),
    values: z
      .record(z.string(), z.string())
      .describe("Canonical field (table.field) -> a constant canonical value for every row of this file, e.g. {\"incidents.date\": \"2015\"} for a yearly file with no date column. A date may be a year (YYYY) or a month (YYYY-MM) when that is all the file says."),
  }).strict(),
]);
export type FileEntry = z.infer<typeof fileEntry>;

export const sourceSpec = z
  .object({
    file: z.string().optional().describe("The export's file name, in the data folder (or the folder passed with --source)."),
    files: z.array(fileEntry).min(1).optional().describe("Several files with the same layout (e.g. one per year), read as one; each a file name, or {file, values} to give that file's rows a constant value."),
    sheet: z.union([z.string().min(1), z.number().int().min(1)]).optional().describe("Workbooks (.xlsx, .xls): the sheet to read, by name or number counted from 1. Default: the one sheet that has data (a workbook with several must say which)."),
    header_row: z.number().int().min(1).optional().describe("Workbooks: the row (as the spreadsheet numbers it) holding the column names. Default: found automatically, skipping title rows and empty rows above it; the import report says which row was taken."),
    grain: z.enum(Object.keys(GRAINS) as [keyof typeof GRAINS, ...(keyof typeof GRAINS)[]]).describe("What one row of the export describes."),
    delimiter: z.string().length(1).optional().describe("Column delimiter (default \",\")."),
    blank: z.array(z.string()).optional().describe("Markers that mean 'no value' in every column, e.g. [\"-\", \"NULL\", \"N/A\"]. Blank cells always do."),
    aliases: z
      .record(z.string(), z.array(z.string()).min(1))
      .optional()
      .describe("Other names a column has in some files, e.g. {\"Date Occurred\": [\"Occurred Date\", \"OCC_DATE\"]}: anywhere the mapping names the column, a file without it is read through the first alias it has."),
    filter: z
      .array(
        z
          .object({
            column: label,
            drop: z.array(z.string()).min(1).optional().describe("Rows whose cell is one of these labels are left out (case and spaces do not matter)."),
            keep: z.array(z.string()).min(1).optional().describe("Only rows whose cell is one of these labels are read; the others are left out."),
            note: z.string().optional().describe("Why these rows are left out; shown in the import report."),
          })
          .strict()
          .refine((f) => (f.drop === undefined) !== (f.keep === undefined), { message: "give drop or keep (not both)" }),
      )
      .optional()
      .describe("Rows to leave out before reading, e.g. [{\"column\": \"Subject Type\", \"drop\": [\"Animal\"]}]. Filtered rows are counted per filter and value: read = used + filtered + rejected."),
    duplicate_rows: z
      .enum(["drop", "keep"])
      .optional()
      .describe("Rows whose every cell equals an earlier row of this source: drop them (default; counted in the import report) or keep them."),
    repeated_headers: z.enum(["skip", "reject"]).optional().describe("Rows that repeat the header inside the file: skip them (default, each noted in the report) or reject them."),
    keys: z
      .object({
        incident: z
          .union([
            z.array(label).min(1),
            z.object({ first_of: z.array(z.array(label).min(1)).min(1).describe("Key column lists in order: the first with a value identifies the incident (e.g. [[\"Incident ID\"], [\"Case Number\"]]).") }).strict(),
          ])
          .describe("Columns whose values together identify the incident; rows with the same key are one incident. Or {first_of: [...]}: fallback keys, the first with a value."),
        subject: entityKey
          .optional()
          .describe("How rows group into subjects: key columns; per_incident (one subject per incident); per_row (each row is a subject); by_position (the subject fields hold lists, one item per person, aligned by position); {match: [fields]} (rows whose person fields are equal are one person). Default per_incident, or per_row for grain subject."),
        officer: entityKey
          .optional()
          .describe("How rows group into officers: key columns, per_row, per_incident (one officer record per incident) or match. Leave out when the export has no officer detail."),
        continuation_rows: z
          .boolean()
          .optional()
          .describe("A row with no incident key continues the incident of the row above it in the same file (exports that list more force types of one event on rows of their own, with the other cells empty). Counted in the import report."),
        per_file: z
          .boolean()
          .optional()
          .describe("The incident key restarts in each file (event numbers 1, 2, 3... in each year's file): rows of different files are never one incident."),
      })
      .strict(),
    drop: z
      .array(label)
      .default([])
      .describe("Columns never read: names, badge numbers, addresses, coordinates, any identifier. The import refuses to run while a column that looks like one is neither mapped nor listed here."),
    ignore: z.array(label).optional().describe("Other columns knowingly left unused (they are listed in the import report either way)."),
    fields: z
      .object(Object.fromEntries(MAPPABLE_FIELDS.map((f) => [f, fieldSpec.optional()])))
      .strict()
      .describe("Canonical field (table.field) -> where its value comes from."),
  })
  .strict()
  .refine((s) => (s.file === undefined) !== (s.files === undefined), { message: "give file or files (not both)" });

export const mappingSchema = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional().describe("What this mapping is for, in a sentence."),
    sources: z.array(sourceSpec).min(1).describe("The export's files. Rows of several sources that share an incident key are one incident."),
    calls: callsSpecOf(fieldSpec).optional(),
  })
  .strict();

export type Mapping = z.infer<typeof mappingSchema>;
export type SourceSpec = z.infer<typeof sourceSpec>;
export type EntityKey = z.infer<typeof entityKey>;

/** The JSON Schema of the mapping file, for editors. */
export function mappingJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(mappingSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { ...schema, title: "Use-of-force open data kit: import mapping" };
}
