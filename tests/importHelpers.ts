// Shared by the import's unit tests: a synthetic department, a data folder holding an export and
// its mapping, and one import run whose result, problems, log and report the tests read.
import fs from "node:fs";
import path from "node:path";
import { csvParse } from "d3-dsv";
import { runImport } from "../scripts/import/run.ts";
import { diskIo } from "../scripts/pipeline/io.ts";
import { memoryLogger } from "../scripts/pipeline/log.ts";
import { formatProblem, type InputError } from "../scripts/pipeline/problems.ts";
import { departmentConfig } from "../src/lib/schema/config.ts";
import { tmpDir } from "./helpers.ts";

/** A made-up department with two districts, N and S. */
export const LAKESIDE = {
  name: "Lakeside Police Department (synthetic test data)",
  jurisdiction: "Town of Lakeside",
  contact: { email: "data@lakeside.example" },
  licence: { id: "CC-BY-4.0", name: "Creative Commons Attribution 4.0", url: "https://creativecommons.org/licenses/by/4.0/" },
  timezone: "America/New_York",
  districts: [
    { code: "N", name: "North" },
    { code: "S", name: "South" },
  ],
  synthetic: true,
  version: "test",
  released: "2026-01-01",
};

/** A data folder (in a new temporary folder named with prefix) with config.json, mapping.json and the given files. */
export function importFolder(prefix: string, files: Record<string, string | Uint8Array>, mapping: unknown, config: unknown = LAKESIDE): string {
  const dir = path.join(tmpDir(prefix), "dept");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  fs.writeFileSync(path.join(dir, "mapping.json"), JSON.stringify(mapping));
  return dir;
}

/** Imports a data folder into imported/ beside it: the result, or the error and its problems as printed. */
export function importIn(dir: string, opts: { allowRejected?: boolean; config?: unknown } = {}) {
  const log = memoryLogger();
  const outDir = path.join(path.dirname(dir), "imported");
  const reportPath = path.join(path.dirname(dir), "import-report.md");
  const report = () => (fs.existsSync(reportPath) ? fs.readFileSync(reportPath, "utf8") : "");
  try {
    const result = runImport(diskIo, { dataDir: dir, outDir, reportPath, allowRejected: opts.allowRejected ?? false, config: departmentConfig.parse(opts.config ?? LAKESIDE), log });
    return { result, error: null, problems: [] as string[], log: log.lines, outDir, report: report() };
  } catch (error) {
    const problems = (error as InputError).problems?.map(formatProblem);
    // Anything but a located input error is a fault in the test or the code: let it fail loudly.
    if (!problems) throw error;
    return { result: null, error: error as InputError, problems, log: log.lines, outDir, report: report() };
  }
}

/** A canonical table the import wrote (empty when it wrote none). */
export function importedTable(outDir: string, name: string) {
  const file = path.join(outDir, `${name}.csv`);
  return csvParse(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
}
