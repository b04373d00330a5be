// Write stage (formatting half): turns published tables and figures into the files of the
// generated folder: CSV downloads, a Frictionless datapackage.json, checksums and page JSON.
import { createHash } from "node:crypto";
import { csvFormatRows } from "d3-dsv";
import type { z } from "zod";
import type { Aggregates, FigureTable, IncidentRecord } from "../../src/lib/aggregates.ts";
import { dictionaryMarkdown } from "../../src/lib/dictionary.ts";
import type { DepartmentConfig, PolicySection } from "../../src/lib/schema/config.ts";
import { LIST_DELIMITER, metaOf } from "../../src/lib/schema/fields.ts";
import { PUBLISHED_TABLES, publishedMetaOf, type PublishedData, type PublishedMeta } from "../../src/lib/schema/published.ts";
import { TABLES, fieldsOf } from "../../src/lib/schema/tables.ts";

/** The files of the generated folder, produced one at a time: [relative path, content]. */
export type OutputFiles = Iterable<[string, Content]>;

type Value = string | number | null | undefined | string[];

const NEEDS_QUOTES = /[",\n\r]/;

/** One CSV cell: empty for null, lists joined, quoted (RFC 4180) where needed. */
function cellText(v: Value): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return String(v);
  const s = Array.isArray(v) ? v.join(LIST_DELIMITER) : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// Rows per chunk of a large file: a whole file of a million rows would exceed the longest string V8 allows.
const CHUNK_ROWS = 50_000;

/** Formats rows as CSV with the given column order (LF line endings, header first), in chunks. */
export function toCsvChunks(columns: string[], rows: readonly object[]): string[] {
  const chunks: string[] = [csvFormatRows([columns]) + "\n"];
  const n = columns.length;
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const end = Math.min(rows.length, start + CHUNK_ROWS);
    const lines: string[] = new Array(end - start);
    for (let i = start; i < end; i++) {
      const r = rows[i] as Record<string, Value>;
      let line = cellText(r[columns[0]]);
      for (let c = 1; c < n; c++) line += "," + cellText(r[columns[c]]);
      lines[i - start] = line;
    }
    chunks.push(lines.join("\n") + "\n");
  }
  return chunks;
}

/** Formats rows as one CSV string (for small tables). */
export function toCsv(columns: string[], rows: readonly object[]): string {
  return toCsvChunks(columns, rows).join("");
}

/** File content: a string, or chunks written one after another. */
export type Content = string | string[];

/** The Frictionless field descriptor of a column. */
function fieldDescriptor(name: string, m: Pick<PublishedMeta, "description" | "type" | "vocab" | "delimiter">, required = false) {
  const d: Record<string, unknown> = { name, type: m.type, description: m.description };
  if (m.type === "list") {
    d.delimiter = m.delimiter ?? LIST_DELIMITER;
    d.itemType = "string";
  }
  const constraints: Record<string, unknown> = {};
  if (required) constraints.required = true;
  if (m.vocab && m.type !== "list") constraints.enum = Object.keys(m.vocab);
  if (Object.keys(constraints).length) d.constraints = constraints;
  return d;
}

function sha256(content: Content): string {
  const h = createHash("sha256");
  for (const c of typeof content === "string" ? [content] : content) h.update(c);
  return h.digest("hex");
}

/** Bytes of a content in UTF-8. */
export function byteLength(content: Content): number {
  if (typeof content === "string") return Buffer.byteLength(content);
  let n = 0;
  for (const c of content) n += Buffer.byteLength(c);
  return n;
}

/** What each downloadable table holds, one row per what. */
const RESOURCE_DESCRIPTION: Record<string, string> = {
  incidents: "One row per incident in which force was used, anonymized.",
  subjects: "One row per person on whom force was used, anonymized.",
  force_uses: "One row per type of force used on a subject.",
  officers: "One row per officer involvement in an incident, anonymized.",
  complaints: "One row per complaint about force or conduct, anonymized.",
  calls_for_service: "Calls for service by month, call type and district: the denominators of the rates.",
  arrests: "Arrests by month and district.",
  population: "Resident population by year (whole jurisdiction, and by race or ethnicity where supplied).",
  training: "Training figures by year.",
};

/** Column order and field descriptors of every published record table. */
export function publishedColumns(): Record<string, { columns: string[]; fields: Record<string, unknown>[] }> {
  const out: Record<string, { columns: string[]; fields: Record<string, unknown>[] }> = {};
  for (const [name, schema] of Object.entries(PUBLISHED_TABLES)) {
    const shape = schema.shape as Record<string, z.ZodType>;
    out[name] = { columns: Object.keys(shape), fields: Object.entries(shape).map(([n, s]) => fieldDescriptor(n, publishedMetaOf(s))) };
  }
  for (const name of ["calls_for_service", "arrests", "population", "training"] as const) {
    const fields = fieldsOf(name);
    out[name] = { columns: fields.map(([n]) => n), fields: fields.map(([n, s]) => fieldDescriptor(n, metaOf(s), metaOf(s).required)) };
  }
  return out;
}

function figureFiles(t: FigureTable): [string, string][] {
  return [
    [`downloads/figures/${t.id}.csv`, toCsv(t.columns.map((c) => c.key), t.rows)],
    [`downloads/figures/${t.id}.json`, JSON.stringify({ id: t.id, title: t.title, description: t.description, notes: t.notes, columns: t.columns, rows: t.rows }, null, 2) + "\n"],
  ];
}

/** Field order of the compact incident files (site/incidents/<year>.json). */
export const INCIDENT_COLUMNS = [
  "incident", "date", "year", "district", "district_name", "beat", "contact_origin", "call_type", "call_type_raw",
  "officers_count", "subjects_count", "arrest_made", "bwc_activated", "deescalation_attempted", "crisis_trained_officer",
  "coresponder_present", "review_status", "review_body", "review_finding", "discipline", "highest_force_level",
  "force_types", "most_severe_subject_injury", "summary",
] as const satisfies readonly (keyof IncidentRecord)[];
export const SUBJECT_COLUMNS = [
  "subject", "age_band", "sex", "race_ethnicity", "perceived_armed", "confirmed_armed", "weapons", "resistance",
  "mental_health_crisis", "impaired", "injury", "medical_treatment", "hospitalized", "highest_force_level", "force_types",
] as const satisfies readonly (keyof IncidentRecord["subjects"][number])[];

/**
 * Incident records for the incident pages, one file per year. Rows are arrays in the column
 * order above (names written once), each ending with its subjects as arrays: a third of the size.
 */
function* incidentFiles(pub: PublishedData, config: DepartmentConfig): Generator<[string, string]> {
  const subjectsOf = new Map<string, unknown[][]>();
  for (const s of pub.subjects) {
    const row = SUBJECT_COLUMNS.map((c) => s[c]);
    const list = subjectsOf.get(s.incident);
    if (list) list.push(row);
    else subjectsOf.set(s.incident, [row]);
  }
  const names = new Map(config.districts.map((d) => [d.code, d.name]));
  const byYear = new Map<number, PublishedData["incidents"]>();
  for (const i of pub.incidents) {
    const list = byYear.get(i.year);
    if (list) list.push(i);
    else byYear.set(i.year, [i]);
  }
  for (const [year, list] of [...byYear].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.incident < b.incident ? -1 : 1));
    const parts: string[] = [];
    for (const i of list) {
      const rec = { ...i, district_name: names.get(i.district) ?? i.district } as Record<string, unknown>;
      parts.push(JSON.stringify([...INCIDENT_COLUMNS.map((c) => rec[c]), subjectsOf.get(i.incident) ?? []]));
    }
    yield [`site/incidents/${year}.json`, `{"incident_columns":${JSON.stringify(INCIDENT_COLUMNS)},"subject_columns":${JSON.stringify(SUBJECT_COLUMNS)},"rows":[\n${parts.join(",\n")}\n]}\n`];
  }
}

/**
 * Builds every output file, one at a time so that only one large file is in memory at once.
 * Same input, same bytes: nothing here reads a clock.
 */
export function* formatOutputs(pub: PublishedData, agg: Aggregates, config: DepartmentConfig, policy: PolicySection[]): Generator<[string, Content]> {
  const sums: [string, string][] = [];
  const emit = (p: string, content: Content): [string, Content] => {
    if (p.startsWith("downloads/")) sums.push([p.slice("downloads/".length), sha256(content)]);
    return [p, content];
  };
  const cols = publishedColumns();
  const resources: Record<string, unknown>[] = [];
  const order = ["incidents", "subjects", "force_uses", "officers", "complaints", "calls_for_service", "arrests", "population", "training"] as const;
  for (const name of order) {
    const rows = pub[name] as readonly object[];
    if (rows.length === 0 && name in TABLES && !TABLES[name as keyof typeof TABLES].required) continue;
    const csv = toCsvChunks(cols[name].columns, rows);
    const path = `downloads/${name}.csv`;
    const out = emit(path, csv);
    resources.push({
      name: name.replace(/_/g, "-"),
      title: TABLES[name].title,
      description: RESOURCE_DESCRIPTION[name],
      path: `${name}.csv`,
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      bytes: byteLength(csv),
      hash: `sha256:${sums.at(-1)![1]}`,
      rows: rows.length,
      schema: { fields: cols[name].fields },
    });
    yield out;
  }
  for (const t of Object.values(agg.tables)) for (const [p, c] of figureFiles(t)) yield emit(p, c);
  const datapackage = {
    $schema: "https://datapackage.org/profiles/2.0/datapackage.json",
    name: config.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""),
    title: `${config.name}: use of force on calls for police service`,
    description: `Anonymized use-of-force incidents, subjects and force types, with calls for service as denominators, published by ${config.name} for ${config.jurisdiction}.${config.synthetic ? " SYNTHETIC SAMPLE DATA: not real incidents." : ""}`,
    version: config.version,
    created: config.released,
    licenses: [{ name: config.licence.id, title: config.licence.name, path: config.licence.url }],
    contributors: [{ title: config.name, roles: ["publisher"] }],
    resources,
  };
  yield emit("downloads/datapackage.json", JSON.stringify(datapackage, null, 2) + "\n");
  yield emit("downloads/data-dictionary.md", dictionaryMarkdown());
  const lines = sums.sort((a, b) => a[0].localeCompare(b[0])).map(([p, h]) => `${h}  ${p}`);
  yield ["downloads/SHA256SUMS.txt", lines.join("\n") + "\n"];
  yield ["site/aggregates.json", JSON.stringify(agg, null, 2) + "\n"];
  yield ["site/policy.json", JSON.stringify(policy, null, 2) + "\n"];
  yield* incidentFiles(pub, config);
}
