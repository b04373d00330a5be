// Writes the synthetic sample department into a data folder:
//   npm run sample -- [--out data] [--seed N] [--incidents-per-year N] [--years N] [--first-year N] [--dispatch FILE]
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describeFailure } from "../failure.ts";
import { csvParse } from "d3-dsv";
import { dispatchExport, dispatchMapping, type CallsCell } from "./dispatch.ts";
import { defaultSampleOptions, generateSample, type SampleFiles, type SampleOptions } from "./generate.ts";

const USAGE = `usage: npm run sample -- [--out DIR] [--seed N] [--incidents-per-year N] [--years N] [--first-year N] [--districts N]
  --out DIR                 data folder to write (default: data)
  --seed N                  random seed (default: ${defaultSampleOptions.seed})
  --incidents-per-year N    force incidents per year, about (default: ${defaultSampleOptions.incidentsPerYear})
  --years N                 number of years (default: ${defaultSampleOptions.years})
  --first-year N            first year of data (default: ${defaultSampleOptions.firstYear})
  --districts N             number of districts (default: ${defaultSampleOptions.districts})
  --dispatch FILE           also write a synthetic dispatch export (one row per call) whose counts are the
                            sample's calls_for_service, and beside it FILE.mapping.json, its mapping's "calls" section`;

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}

const FLAGS: Record<string, keyof SampleOptions> = {
  "--seed": "seed",
  "--incidents-per-year": "incidentsPerYear",
  "--years": "years",
  "--first-year": "firstYear",
  "--districts": "districts",
};

/** Reads the command line into a folder and generator options. */
export function parseArgs(argv: readonly string[]): { out: string; options: Required<SampleOptions>; dispatch?: string } {
  const options: Required<SampleOptions> = { ...defaultSampleOptions };
  let out = "data";
  let dispatch: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (flag === "--help" || flag === "-h") throw new UsageError("");
    if (flag !== "--out" && flag !== "--dispatch" && !(flag in FLAGS)) throw new UsageError(`unknown option ${flag}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === "") throw new UsageError(`${flag} needs a value`);
    if (flag === "--out") {
      out = value;
      continue;
    }
    if (flag === "--dispatch") {
      dispatch = value;
      continue;
    }
    const key = FLAGS[flag];
    if (!/^\d+$/.test(value)) throw new UsageError(`${flag} expects a whole number, got "${value}"`);
    options[key] = Number(value);
  }
  if (options.years < 1) throw new UsageError("--years must be at least 1");
  if (options.districts < 1) throw new UsageError("--districts must be at least 1");
  if (options.firstYear < 1950 || options.firstYear + options.years - 1 > 2100) throw new UsageError("years must lie between 1950 and 2100");
  return { out, options, dispatch };
}

/** Top-level folders the sample writes, where its own earlier files are stale and removed. */
function generatedFolders(files: SampleFiles): Set<string> {
  const dirs = new Set<string>();
  for (const p of files.keys()) if (p.includes("/")) dirs.add(p.slice(0, p.indexOf("/")));
  return dirs;
}

/** Whether a file left in a generated folder by an earlier run is replaced (CSV tables, policy Markdown). */
function isStale(dir: string, name: string): boolean {
  return name.endsWith(".csv") || (dir === "policy" && name.endsWith(".md"));
}

/**
 * Writes the files into `out` all at once: builds the new folder beside it (keeping any other
 * files the folder holds, minus stale CSVs in the table folders written), then swaps it in.
 */
export function writeSampleFolder(out: string, files: SampleFiles): void {
  const target = path.resolve(out);
  const parent = path.dirname(target);
  const base = path.basename(target);
  const tmp = path.join(parent, `.${base}.tmp-${process.pid}`);
  const old = path.join(parent, `.${base}.old-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  try {
    const generated = generatedFolders(files);
    if (fs.existsSync(target)) {
      for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
        const from = path.join(target, entry.name);
        const to = path.join(tmp, entry.name);
        if (entry.isDirectory() && generated.has(entry.name)) {
          fs.cpSync(from, to, { recursive: true, filter: (src) => !(path.dirname(src) === from && isStale(entry.name, path.basename(src))) });
        } else {
          fs.cpSync(from, to, { recursive: true });
        }
      }
    }
    for (const [rel, text] of files) {
      const file = path.join(tmp, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(tmp, target);
    fs.rmSync(old, { recursive: true, force: true });
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(target) && fs.existsSync(old)) fs.renameSync(old, target);
    throw err;
  }
}

/** Data rows of a CSV text (lines after the header; the sample writes no line breaks inside cells). */
export function csvRowCount(text: string): number {
  let lines = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
  return Math.max(0, lines - 1);
}

/** Writes the synthetic dispatch export of a sample, and its mapping section beside it. */
export function writeDispatch(file: string, files: SampleFiles, seed: number): void {
  const config = JSON.parse(files.get("config.json")!) as { released: string; districts: { code: string }[] };
  const years = [...files.keys()].filter((k) => k.startsWith("calls_for_service/")).sort();
  function* cells(): Generator<CallsCell> {
    for (const y of years) for (const r of csvParse(files.get(y)!)) yield { period: r.period!, call_type: r.call_type!, district: r.district!, calls_911: Number(r.calls_911), calls_dispatched: Number(r.calls_dispatched) };
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const fd = fs.openSync(file, "w");
  // Lines written, less the header (the export has no line breaks inside cells).
  let rows = -1;
  try {
    for (const piece of dispatchExport(cells(), { seed, released: config.released })) {
      for (let i = piece.indexOf("\n"); i !== -1; i = piece.indexOf("\n", i + 1)) rows++;
      fs.writeSync(fd, piece);
    }
  } finally {
    fs.closeSync(fd);
  }
  const mappingFile = file.replace(/\.csv$/i, "") + ".mapping.json";
  fs.writeFileSync(mappingFile, JSON.stringify({ calls: dispatchMapping(path.basename(file), config.districts.map((d) => d.code)) }, null, 2) + "\n");
  process.stderr.write(`${file}  ${rows} rows (synthetic dispatch export)\n${mappingFile}  its mapping's "calls" section\n`);
}

function main(argv: readonly string[]): number {
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message) process.stderr.write(`sample: ${err.message}\n`);
      process.stderr.write(USAGE + "\n");
      return err.message ? 2 : 0;
    }
    throw err;
  }
  const { out, options, dispatch } = parsed;
  const started = performance.now();
  const files = generateSample(options);
  writeSampleFolder(out, files);
  let bytes = 0;
  for (const [rel, text] of files) {
    bytes += Buffer.byteLength(text);
    const what = rel.endsWith(".csv") ? `${csvRowCount(text)} rows` : `${Buffer.byteLength(text)} bytes`;
    process.stderr.write(`${path.join(out, rel)}  ${what}\n`);
  }
  if (dispatch) writeDispatch(dispatch, files, options.seed);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`sample: wrote ${files.size} files (${(bytes / 1e6).toFixed(1)} MB) to ${out} in ${seconds} s (seed ${options.seed})\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    // One located line, never a trace (a full disk, a folder that cannot be written...).
    console.error(`Stopped: ${describeFailure(e)}`);
    process.exitCode = 1;
  }
}
