// Build-time access to the generated data, for the pages.
import fs from "node:fs";
import path from "node:path";
import type { Aggregates } from "./aggregates.ts";

/** Folder the pipeline wrote (UOF_GENERATED, default generated/). */
export const generatedDir = path.resolve(process.env.UOF_GENERATED ?? "generated");

let cached: Aggregates | null = null;

/** The aggregated figures; fails with a clear message when the pipeline has not run. */
export function loadAggregates(): Aggregates {
  if (cached) return cached;
  const file = path.join(generatedDir, "site", "aggregates.json");
  if (!fs.existsSync(file)) throw new Error(`${file} not found: run "npm run data" (or "npm run build") first`);
  cached = JSON.parse(fs.readFileSync(file, "utf8")) as Aggregates;
  return cached;
}

/** A path inside the site, under the configured base. */
export function href(p: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, "");
  return `${base}/${p.replace(/^\//, "")}`;
}

/** Formats a number for readers: 12,345 or 4.56; "not reported" for null. */
export function fmt(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined) return "not reported";
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
