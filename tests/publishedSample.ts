// A generated department built with the real pipeline, for tests that count its published
// downloads themselves, independently of the pipeline's own figures.
import fs from "node:fs";
import path from "node:path";
import { csvParse } from "d3-dsv";
import { writeSampleFolder } from "../scripts/sample/cli.ts";
import { generateSample } from "../scripts/sample/generate.ts";
import type { Aggregates } from "../src/lib/aggregates.ts";
import type { ProtectionReport } from "../src/lib/schema/disclosure.ts";
import { run, tmpDir } from "./helpers.ts";

/** Builds a sample (config.json edited first) and reads back its downloads, disclosure report, log and aggregates. */
export function publishedSample(sample: Parameters<typeof generateSample>[0], edit: (config: Record<string, unknown>) => void = () => {}) {
  const dir = path.join(tmpDir(), "dept");
  writeSampleFolder(dir, generateSample(sample));
  const file = path.join(dir, "config.json");
  const config = JSON.parse(fs.readFileSync(file, "utf8"));
  edit(config);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  const out = path.join(path.dirname(dir), "generated");
  const r = run(dir, out);
  if (r.error) throw r.error;
  const csv = (name: string) => csvParse(fs.readFileSync(path.join(out, "downloads", name), "utf8"));
  const pkg = JSON.parse(fs.readFileSync(path.join(out, "downloads/datapackage.json"), "utf8")) as { disclosure_control: ProtectionReport };
  const agg = JSON.parse(fs.readFileSync(path.join(out, "site/aggregates.json"), "utf8")) as Aggregates;
  return { csv, report: pkg.disclosure_control, log: r.log, agg };
}
