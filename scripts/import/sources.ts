// The files of one mapping source, with the constant values a file may give its rows
// ({ "file": "uof-2015.xls", "values": { "incidents.date": "2015" } }).
import type { FieldSpec, SourceSpec } from "../../src/lib/schema/mapping.ts";

/** One file of a source: its name and the canonical values given for its rows. */
export interface SourceFile {
  name: string;
  values: Record<string, string>;
}

/** The files a source names, in order. */
export function sourceFiles(source: SourceSpec): SourceFile[] {
  if (source.files === undefined) return [{ name: source.file!, values: {} }];
  return source.files.map((f) => (typeof f === "string" ? { name: f, values: {} } : { name: f.file, values: f.values }));
}

/** Whether every file of a source supplies a field, by a mapping or by its own values. */
export function suppliesField(source: SourceSpec, target: string): boolean {
  if (source.fields[target as keyof typeof source.fields]) return true;
  return sourceFiles(source).every((f) => f.values[target] !== undefined);
}

/** The source as one file reads it: its per-file values replace the source's own specs for those fields. */
export function forFile(source: SourceSpec, file: SourceFile): SourceSpec {
  if (Object.keys(file.values).length === 0) return source;
  const fields: Record<string, FieldSpec | undefined> = { ...source.fields };
  for (const [target, value] of Object.entries(file.values)) fields[target] = { value, note: "a value given for this file in mapping.json" };
  return { ...source, fields: fields as SourceSpec["fields"] };
}
