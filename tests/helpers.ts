// Shared test helpers: temporary folders, fixture copies and pipeline runs without the CLI.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { csvFormat, csvFormatRows, csvParse } from "d3-dsv";
import { diskIo } from "../scripts/pipeline/io.ts";
import { parseCsv } from "../scripts/pipeline/parse.ts";
import { memoryLogger } from "../scripts/pipeline/log.ts";
import { runPipeline } from "../scripts/pipeline/run.ts";
import type { Aggregates } from "../src/lib/aggregates.ts";

export const TEST_KEY = "test-key-0123456789abcdef";
export const FIXTURES = path.resolve(import.meta.dirname, "fixtures");

/** A fresh temporary folder. */
export function tmpDir(prefix = "uof-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Copies a fixture's input folder to a temporary folder and returns its path. */
export function copyFixture(name: string): string {
  const dir = path.join(tmpDir(), "data");
  fs.cpSync(path.join(FIXTURES, name, "input"), dir, { recursive: true });
  return dir;
}

/**
 * Copies a department's folder without its pseudonym key and key check, so that what a build
 * writes into the folder stays out of the repository's own folders.
 */
export function copyDepartment(from: string, to: string): string {
  fs.cpSync(from, to, { recursive: true, filter: (src) => !/\.pseudonym-key$|pseudonym-key\.check$/.test(src) });
  return to;
}

/** Every file under a folder (following links, as output folders are links to builds): relative path -> bytes. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort((a, b) => a.localeCompare(b))) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/**
 * What interrupted or failed runs left beside an output folder: half-written builds, builds no
 * longer in use, spare links and renamed copies. Empty when the output is clean.
 */
export function outputLeftovers(output: string): string[] {
  const parent = path.dirname(output);
  const base = path.basename(output);
  const left = fs.readdirSync(parent).filter((n) => n.startsWith(`${base}.`) && /^(tmp|old|link)-/.test(n.slice(base.length + 1)));
  const store = path.join(parent, `.${base}.builds`);
  if (fs.existsSync(store)) {
    const current = fs.lstatSync(output, { throwIfNoEntry: false })?.isSymbolicLink() ? path.basename(fs.readlinkSync(output)) : null;
    for (const b of fs.readdirSync(store)) if (b !== current) left.push(path.join(`.${base}.builds`, b));
  }
  return left;
}

/** Runs the pipeline on a folder; returns the result or the thrown error, and the log. */
export function run(dataDir: string, outDir: string, opts: { allowRejected?: boolean; key?: string } = {}) {
  const log = memoryLogger();
  const reportPath = path.join(path.dirname(outDir), "report.md");
  try {
    const result = runPipeline(diskIo, { dataDir, outDir, key: opts.key ?? TEST_KEY, allowRejected: opts.allowRejected ?? false, reportPath, log });
    return { result, error: null, log: log.lines, reportPath };
  } catch (error) {
    return { result: null, error: error as Error, log: log.lines, reportPath };
  }
}

/** Replaces one cell of a CSV file, located by the 1-based line its row starts on and the column name. */
export function setCell(file: string, line: number, column: string, value: string): void {
  const parsed = parseCsv({ path: file, text: fs.readFileSync(file, "utf8") });
  const col = parsed.header.indexOf(column);
  const row = parsed.lines.indexOf(line);
  if (col < 0 || row < 0) throw new Error(`no column ${column} or row at line ${line} in ${file}`);
  parsed.rows[row][col] = value;
  fs.writeFileSync(file, csvFormatRows([parsed.header, ...parsed.rows]) + "\n");
}

/**
 * The environment without what the test runner adds (BASE_URL, MODE, DEV, PROD, SSR, VITEST...),
 * which would leak into a site build as if a user had set it.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(BASE_URL|MODE|DEV|PROD|SSR|VITEST.*|TEST|NODE_ENV)$/.test(k)) delete env[k];
  return env;
}

/**
 * Runs the pipeline on a copy of a fixture's input, changed by edit (given the copy's folder),
 * and returns the aggregates it wrote.
 */
export function aggregatesOfFixture(name: string, edit: (dir: string) => void = () => {}): Aggregates {
  const dir = copyFixture(name);
  edit(dir);
  const out = path.join(path.dirname(dir), "generated");
  const r = run(dir, out);
  if (r.error) throw r.error;
  return JSON.parse(fs.readFileSync(path.join(out, "site", "aggregates.json"), "utf8"));
}

/** Rewrites a CSV file through a function of its rows (and, if given, of its columns). */
export function editCsv(file: string, f: (rows: Record<string, string>[]) => Record<string, string>[], columns: (cols: string[]) => string[] = (c) => c): void {
  const parsed = csvParse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  const rows = f(parsed.map((r) => ({ ...r }) as Record<string, string>));
  fs.writeFileSync(file, csvFormat(rows, columns(parsed.columns)) + "\n");
}
