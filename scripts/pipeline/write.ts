// Write stage (formatting half): turns published tables and figures into the files of the
// generated folder: CSV downloads, a Frictionless datapackage.json, checksums and page JSON.
import { ANOTHER_CATEGORY, WITHHELD, WITHHELD_LABEL } from "../../src/lib/schema/disclosure.ts";
import { createHash } from "node:crypto";
import { csvFormatRows } from "d3-dsv";
import type { z } from "zod";
import type { Aggregates, FigureTable, IncidentRecord } from "../../src/lib/aggregates.ts";
import { dictionaryMarkdown } from "../../src/lib/dictionary.ts";
import { guardFormula } from "../../src/lib/formula.ts";
import type { DepartmentConfig, PolicySection } from "../../src/lib/schema/config.ts";
import { LIST_DELIMITER, metaOf } from "../../src/lib/schema/fields.ts";
import { PUBLISHED_TABLES, publishedMetaOf, type PublishedMeta } from "../../src/lib/schema/published.ts";
import { TABLES, fieldsOf } from "../../src/lib/schema/tables.ts";
import type { PublishedData } from "./anonymize.ts";
import { Sha256Thread } from "./digest.ts";
import { ByteSink, cellWriter, rowWriter, type Format } from "./encode.ts";
import { ArrayColumn, ColumnTable, DictColumn, RefColumn, rowsByTarget, type Column } from "./table.ts";
import { BOUNDARIES_DOWNLOAD, BOUNDARIES_SITE_FILE, type PublishedBoundaries } from "../../src/lib/schema/boundaries.ts";
import { boundariesGeoJson, boundariesResource } from "./boundaries.ts";

/** The files of the generated folder, produced one at a time: [relative path, content]. */
export type OutputFiles = Iterable<[string, Content]>;

type Value = string | number | null | undefined | string[];

const NEEDS_QUOTES = /[",\n\r]/;

/**
 * One CSV cell: empty for null, lists joined, text a spreadsheet would take for a formula
 * prefixed with ' (src/lib/formula.ts; numbers never), quoted (RFC 4180) where needed.
 */
export function cellText(v: Value): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return String(v);
  const s = guardFormula(Array.isArray(v) ? v.join(LIST_DELIMITER) : v);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// Rows per chunk of a large file: a whole file of a million rows would exceed the longest string
// V8 allows, and chunks of a few thousand rows are made, written and dropped while still young.
const CHUNK_ROWS = 4096;

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

/** Values as CSV cells. */
export const CSV: Format = { value: (v) => cellText(v as Value), missingNumber: "", quotePlain: ",", formulaGuard: true };
/** Values as JSON (undefined, which JSON.stringify leaves out of objects, is null in arrays); text exactly as it is. */
export const JSON_VALUES: Format = { value: (v) => (v === undefined ? "null" : JSON.stringify(v)), missingNumber: "null", quotePlain: true, formulaGuard: false };

/** Formats a table held as columns as CSV, like toCsvChunks, in chunks of bytes made as they are read. */
export function* tableCsvChunks(columns: string[], table: ColumnTable<object>): Generator<Uint8Array> {
  const sink = new ByteSink();
  sink.text(csvFormatRows([columns]) + "\n");
  const row = rowWriter(columns.map((c) => cellWriter((table.columns as Record<string, Column<unknown>>)[c], CSV)), 44);
  for (let i = 0; i < table.length; i++) {
    row(sink, i);
    sink.byte(10);
    if (sink.pos >= ByteSink.CHUNK_BYTES) yield sink.take();
  }
  if (sink.pos > 0) yield sink.take();
}

/** Formats rows as one CSV string (for small tables). */
export function toCsv(columns: string[], rows: readonly object[]): string {
  return toCsvChunks(columns, rows).join("");
}

/**
 * File content: a string, or chunks written one after another (text or UTF-8 bytes). Chunks
 * are made as they are read, and a chunk of bytes may be overwritten once the next is read.
 */
export type Content = string | Iterable<string | Uint8Array>;

/**
 * Chunks of a large file, made as the file is written, encoded once, and hashed and counted on
 * the way: the whole file is never in memory. The SHA-256 and byte count are known once the
 * chunks have been read to the end (they are read again if asked for before).
 */
class MeasuredChunks implements Iterable<Uint8Array> {
  private digest: string | null = null;
  private size = 0;
  constructor(
    private readonly make: () => Iterable<string | Uint8Array>,
    /** Hashes on a helper thread, file after file. */
    private readonly hasher: Sha256Thread,
  ) {}
  *[Symbol.iterator](): Generator<Uint8Array> {
    let size = 0;
    for (const chunk of this.make()) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      this.hasher.update(bytes);
      size += bytes.length;
      yield bytes;
    }
    this.digest = this.hasher.digest();
    this.size = size;
  }
  private measure(): void {
    if (this.digest === null) for (const _ of this);
  }
  get sha256(): string {
    this.measure();
    return this.digest!;
  }
  get bytes(): number {
    this.measure();
    return this.size;
  }
}

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

function sha256(content: string): string {
  return createHash("sha256").update(content).digest("hex");
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

/** The data package's profile: the Data Package 2.1 JSON Schema (a copy is kept in tests/fixtures/datapackage-profile/). */
export const DATAPACKAGE_PROFILE = "https://datapackage.org/profiles/2.1/datapackage.json";

/**
 * Keys between the published tables: each table's primary key (also what a release compares
 * rows by) and the columns that point at another table's key (a blank value points nowhere).
 * force_uses has none: nothing in a department's data makes its rows unique (the same force
 * type used twice on one subject by one officer is two rows alike, and the officer may be blank).
 */
export const TABLE_KEYS: Record<string, { primaryKey?: string[]; foreignKeys?: { fields: string[]; table: string; key: string[] }[] }> = {
  incidents: { primaryKey: ["incident"] },
  subjects: { primaryKey: ["subject"], foreignKeys: [{ fields: ["incident"], table: "incidents", key: ["incident"] }] },
  force_uses: {
    foreignKeys: [
      { fields: ["incident"], table: "incidents", key: ["incident"] },
      { fields: ["subject"], table: "subjects", key: ["subject"] },
    ],
  },
  officers: { primaryKey: ["officer", "incident"], foreignKeys: [{ fields: ["incident"], table: "incidents", key: ["incident"] }] },
  complaints: { primaryKey: ["complaint"], foreignKeys: [{ fields: ["incident"], table: "incidents", key: ["incident"] }] },
  calls_for_service: { primaryKey: ["period", "call_type", "district"] },
  arrests: { primaryKey: ["period", "district"] },
  population: { primaryKey: ["year", "district", "race_ethnicity"] },
  training: { primaryKey: ["year"] },
};

/** The table schema of a published table: fields, blank as the missing value, its keys among the tables published. */
function tableSchema(name: string, fields: Record<string, unknown>[], published: ReadonlySet<string>): Record<string, unknown> {
  const keys = TABLE_KEYS[name] ?? {};
  const schema: Record<string, unknown> = { fields, missingValues: [""] };
  if (keys.primaryKey) schema.primaryKey = keys.primaryKey;
  const fks = (keys.foreignKeys ?? []).filter((k) => published.has(k.table));
  if (fks.length) schema.foreignKeys = fks.map((k) => ({ fields: k.fields, reference: { resource: k.table.replace(/_/g, "-"), fields: k.key } }));
  return schema;
}

/** A figure table's CSV as a data resource: one field per column, numbers as numbers. */
function figureResource(t: FigureTable, csv: string): Record<string, unknown> {
  return {
    name: `figure-${t.id}`,
    type: "table",
    title: t.title,
    description: t.description,
    path: `figures/${t.id}.csv`,
    format: "csv",
    mediatype: "text/csv",
    encoding: "utf-8",
    bytes: Buffer.byteLength(csv),
    hash: `sha256:${sha256(csv)}`,
    rows: t.rows.length,
    schema: { fields: t.columns.map((c) => ({ name: c.key, title: c.label, type: c.type === "number" ? "number" : "string" })), missingValues: [""] },
  };
}

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
function* incidentFiles(pub: PublishedData, config: DepartmentConfig): Generator<[string, Iterable<Uint8Array>]> {
  const I = pub.incidents.columns as unknown as Record<string, Column<unknown>>;
  const S = pub.subjects.columns as unknown as Record<string, Column<unknown>>;
  const n = pub.incidents.length;
  // Each incident's subjects, in table order: subjects[first[k] .. first[k + 1]) belong to incident k.
  const { start: first, rows: subjects } = rowsByTarget((pub.subjects.columns.incident as RefColumn).refs, n);

  const names = new Map([...config.districts.map((d): [string, string] => [d.code, d.name]), [WITHHELD, WITHHELD_LABEL]]);
  const district = I.district as Column<string>;
  const districtName = district instanceof DictColumn
    ? district.map((d) => names.get(d) ?? d)
    : new ArrayColumn(Array.from({ length: n }, (_, k) => names.get(district.get(k)) ?? district.get(k)));
  const incidentRow = rowWriter(INCIDENT_COLUMNS.map((c) => cellWriter(c === "district_name" ? districtName : I[c], JSON_VALUES)), 44);
  const subjectRow = rowWriter(SUBJECT_COLUMNS.map((c) => cellWriter(S[c], JSON_VALUES)), 44);

  const years = new Map<number, number[]>();
  const year = I.year as Column<number>;
  for (let k = 0; k < n; k++) {
    const list = years.get(year.get(k));
    if (list) list.push(k);
    else years.set(year.get(k), [k]);
  }
  // Sorted by date, then pseudonym: dates compared by their rank among the distinct dates.
  const date = I.date as DictColumn<string>;
  const order = date.values.map((v, c) => [v ?? "", c] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const rank = new Int32Array(date.values.length);
  order.forEach(([v, c], r) => (rank[c] = r > 0 && order[r - 1][0] === v ? rank[order[r - 1][1]] : r));
  const pid = I.incident as Column<string>;
  for (const [y, rows] of [...years].sort((a, b) => a[0] - b[0])) {
    // Each pseudonym read once (reading one may cut it out of a larger text).
    const pids = rows.map((k) => pid.get(k));
    const order = rows.map((_, j) => j).sort((a, b) => {
      const d = rank[date.codes[rows[a]]] - rank[date.codes[rows[b]]];
      return d !== 0 ? d : pids[a] < pids[b] ? -1 : 1;
    });
    const list = order.map((j) => rows[j]);
    // [incident cells..., [[subject cells...], ...]], as JSON.stringify writes an array; made as the file is written.
    function* chunks(): Generator<Uint8Array> {
      const sink = new ByteSink();
      sink.text(`{"incident_columns":${JSON.stringify(INCIDENT_COLUMNS)},"subject_columns":${JSON.stringify(SUBJECT_COLUMNS)},"rows":[\n`);
      for (let at = 0; at < list.length; at++) {
        const k = list[at];
        if (at > 0) sink.text(",\n");
        sink.byte(91);
        incidentRow(sink, k);
        sink.text(",[");
        for (let j = first[k]; j < first[k + 1]; j++) {
          if (j > first[k]) sink.byte(44);
          sink.byte(91);
          subjectRow(sink, subjects[j]);
          sink.byte(93);
        }
        sink.text("]]");
        if (sink.pos >= ByteSink.CHUNK_BYTES) yield sink.take();
      }
      sink.text("\n]}\n");
      yield sink.take();
    }
    yield [`site/incidents/${y}.json`, chunks()];
  }
}

/**
 * Builds every output file, one at a time so that only one large file is in memory at once.
 * Same input, same bytes: nothing here reads a clock.
 */
export function* formatOutputs(pub: PublishedData, agg: Aggregates, config: DepartmentConfig, policy: PolicySection[], boundaries: PublishedBoundaries | null = null): Generator<[string, Content]> {
  // The downloads' SHA-256 are computed on a helper thread while the next chunks are made.
  const hasher = new Sha256Thread();
  try {
    const sums: [string, string][] = [];
    const emit = (p: string, content: string): [string, Content] => {
      if (p.startsWith("downloads/")) sums.push([p.slice("downloads/".length), sha256(content)]);
      return [p, content];
    };
    const cols = publishedColumns();
    const resources: Record<string, unknown>[] = [];
    const order = ["incidents", "subjects", "force_uses", "officers", "complaints", "calls_for_service", "arrests", "population", "training"] as const;
    const skipped = (name: (typeof order)[number]) => pub[name].length === 0 && name in TABLES && !TABLES[name as keyof typeof TABLES].required;
    const published = new Set<string>(order.filter((name) => !skipped(name)));
    for (const name of order) {
      const rows = pub[name];
      if (!published.has(name)) continue;
      const csv = new MeasuredChunks(() => (rows instanceof ColumnTable ? tableCsvChunks(cols[name].columns, rows) : toCsvChunks(cols[name].columns, rows)), hasher);
      // Written first, then measured: the generator resumes here once the file is on disk.
      yield [`downloads/${name}.csv`, csv];
      sums.push([`${name}.csv`, csv.sha256]);
      resources.push({
        name: name.replace(/_/g, "-"),
        type: "table",
        title: TABLES[name].title,
        description: RESOURCE_DESCRIPTION[name],
        path: `${name}.csv`,
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        bytes: csv.bytes,
        hash: `sha256:${csv.sha256}`,
        rows: rows.length,
        schema: tableSchema(name, cols[name].fields, published),
      });
    }
    // The district outlines, where the department gave them: a download and the map's copy.
    if (boundaries) {
      const geojson = boundariesGeoJson(boundaries, config);
      yield emit(`downloads/${BOUNDARIES_DOWNLOAD}`, geojson);
      resources.push(boundariesResource(Buffer.byteLength(geojson), sha256(geojson)));
      yield [BOUNDARIES_SITE_FILE, JSON.stringify(boundaries) + "\n"];
    }
    // A figure the department cannot supply has no files: an empty CSV would read as "none".
    for (const t of Object.values(agg.tables)) {
      if (t.status === "not_reported") continue;
      const files = figureFiles(t);
      for (const [p, c] of files) yield emit(p, c);
      resources.push(figureResource(t, files[0][1]));
    }
    const datapackage = {
      $schema: DATAPACKAGE_PROFILE,
      name: config.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""),
      title: `${config.name}: use of force on calls for police service`,
      description: `Anonymized use-of-force incidents, subjects and force types, ${pub.calls_for_service.length ? "with calls for service as denominators" : "without calls for service (not reported by this department)"}, published by ${config.name} for ${config.jurisdiction}.${config.synthetic ? " SYNTHETIC SAMPLE DATA: not real incidents." : ""}`,
      version: config.version,
      // RFC 3339 date-time, as the profile requires: the release day, never the clock.
      created: `${config.released}T00:00:00Z`,
      licenses: [{ name: config.licence.id, title: config.licence.name, path: config.licence.url }],
      contributors: [{ title: config.name, roles: ["publisher"] }],
      resources,
      // The disclosure-control model and what it did, for readers who check the protection themselves.
      ...(agg.meta.disclosure ? { disclosure_control: { ...agg.meta.disclosure, withheld_value: WITHHELD, another_category_value: ANOTHER_CATEGORY } } : {}),
    };
    yield emit("downloads/datapackage.json", JSON.stringify(datapackage, null, 2) + "\n");
    yield emit("downloads/data-dictionary.md", dictionaryMarkdown(agg.meta));
    const lines = sums.sort((a, b) => a[0].localeCompare(b[0])).map(([p, h]) => `${h}  ${p}`);
    yield ["downloads/SHA256SUMS.txt", lines.join("\n") + "\n"];
    yield ["site/aggregates.json", JSON.stringify(agg, null, 2) + "\n"];
    yield ["site/policy.json", JSON.stringify(policy, null, 2) + "\n"];
    yield* incidentFiles(pub, config);
  } finally {
    hasher.stop();
  }
}
