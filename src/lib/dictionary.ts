// The data dictionary, generated from the zod schemas (no hand-written twin).
import { dateKnownSentences, dateKnownStatement } from "./dateKnown.ts";
import type { z } from "zod";
import type { Aggregates } from "./aggregates.ts";
import { FORMULA_GUARD_TEXT } from "./formula.ts";
import { coverageName, NOT_REPORTED_TEXT, notReportedReason } from "./coverage.ts";
import { metaOf } from "./schema/fields.ts";
import { PUBLISHED_TABLES, publishedMetaOf } from "./schema/published.ts";
import { TABLES, TABLE_NAMES, fieldsOf } from "./schema/tables.ts";

/** One row of the dictionary. */
export interface DictionaryField {
  name: string;
  type: string;
  description: string;
  values: string | null;
  /** For input fields: required, and what publishing does with it. */
  required?: boolean;
  publish?: string;
}

const PUBLISH_TEXT: Record<string, string> = {
  publish: "published as it is",
  pseudonym: "published only as a keyed pseudonym",
  derive: "used to derive a coarser published field, never published itself",
  never: "dropped: never published",
};

/** Published tables (what the downloads hold), field by field. */
export function publishedDictionary(): { table: string; fields: DictionaryField[] }[] {
  return Object.entries(PUBLISHED_TABLES).map(([table, schema]) => ({
    table,
    fields: Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, s]) => {
      const m = publishedMetaOf(s);
      return { name, type: m.type, description: m.description, values: m.vocab ? Object.keys(m.vocab).join(", ") : null };
    }),
  }));
}

/** Input tables (what a department's data/ folder holds), field by field. */
export function inputDictionary(): { table: string; required: boolean; fields: DictionaryField[] }[] {
  return TABLE_NAMES.map((table) => ({
    table,
    required: TABLES[table].required,
    fields: fieldsOf(table).map(([name, s]) => {
      const m = metaOf(s);
      return { name, type: m.type, description: m.description, values: m.vocab ? Object.keys(m.vocab).join(", ") : null, required: m.required, publish: PUBLISH_TEXT[m.publish] };
    }),
  }));
}

const esc = (s: string) => s.replace(/\|/g, "\\|");

/** What a release says about the data the department does not report. */
export type CoverageMeta = Pick<Aggregates["meta"], "not_reported" | "not_reported_fields" | "coverage"> & Partial<Pick<Aggregates["meta"], "date_known">>;

/** The tables and fields this department does not report, each with its plain-language name and why. */
export function notReportedList(meta: CoverageMeta): { key: string; name: string; why: string }[] {
  const tables = meta.not_reported.map((t) => ({ key: t, name: coverageName(t), why: "the department supplies no such table" }));
  const fields = meta.not_reported_fields.map((f) => ({ key: f, name: coverageName(f), why: notReportedReason(meta.coverage[f]) ?? "" }));
  return [...tables, ...fields];
}

/** The dictionary as Markdown, for the downloads; with the release's metadata, it lists what this department does not report. */
export function dictionaryMarkdown(meta?: CoverageMeta): string {
  const lines = ["# Data dictionary", "", "Generated from the kit's schema. Empty cells mean the value was not recorded. Multi-valued cells separate values with `|`.", "", `Spreadsheet formulas in the CSV files: ${FORMULA_GUARD_TEXT}`, ""];
  if (meta) {
    const gaps = notReportedList(meta);
    lines.push(`## ${NOT_REPORTED_TEXT}`, "");
    if (gaps.length === 0) lines.push("This department reports every table and field the figures use.", "");
    else {
      lines.push("These tables and fields are not in this department's data. Their columns, where the published files have them, are empty, and figures that need them are marked not reported; an empty cell here does not mean \"not recorded\".", "");
      for (const g of gaps) lines.push(`- \`${g.key}\` (${g.name}): ${g.why}.`);
      lines.push("");
    }
  }
  const recorded = meta ? dateKnownStatement(meta.date_known) : null;
  if (recorded) lines.push("## Dates known only to the year or month", "", recorded, "", ...dateKnownSentences(meta!.date_known).map((t) => `- ${t}`), "");
  lines.push("## Published tables (the downloads)", "");
  for (const t of publishedDictionary()) {
    lines.push(`### ${t.table}.csv`, "", "| field | type | description | values |", "|---|---|---|---|");
    for (const f of t.fields) lines.push(`| ${f.name} | ${f.type} | ${esc(f.description)} | ${esc(f.values ?? "")} |`);
    lines.push("");
  }
  lines.push("The tables calls_for_service, arrests, population and training are published with the same fields as the department supplies them (below).", "", "## Input tables (a department's data folder)", "");
  for (const t of inputDictionary()) {
    lines.push(`### ${t.table} (${t.required ? "required" : "optional"})`, "", "| field | type | required | description | values | publishing |", "|---|---|---|---|---|---|");
    for (const f of t.fields) lines.push(`| ${f.name} | ${f.type} | ${f.required ? "yes" : "no"} | ${esc(f.description)} | ${esc(f.values ?? "")} | ${f.publish} |`);
    lines.push("");
  }
  return lines.join("\n");
}
