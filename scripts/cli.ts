// Command line: `data` runs the pipeline; `build` runs it and then builds the static site.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { diskIo } from "./pipeline/io.ts";
import { consoleLogger } from "./pipeline/log.ts";
import { InputError } from "./pipeline/problems.ts";
import { readConfig } from "./pipeline/department.ts";
import { runPipeline } from "./pipeline/run.ts";
import { formatProblem, type Problem } from "./pipeline/problems.ts";
import { mappingPath, runImport } from "./import/run.ts";
import { IMPORTED_TABLES } from "../src/lib/schema/mapping.ts";

/** The kit's own folder (where astro.config.mjs is), whatever the working directory. */
const ROOT = path.resolve(import.meta.dirname, "..");

const USAGE = `Usage: npm run data -- [options]     validate, anonymize and aggregate a department's data
       npm run build -- [options]    the same, then build the static site into dist/
       npm run import -- [options]   only turn the department's own export into the canonical
                                     tables through its mapping.json, and write the import report

When the data folder has a mapping.json, data and build run the import first.

Options:
  --data DIR          the department's folder (default: data)
  --out DIR           the generated folder (default: generated)
  --report FILE       where the full data report goes (default: reports/<data folder name>-report.md)
  --allow-rejected    publish the valid rows even if some rows are rejected; each rejected row is listed
  --source DIR        (import) the folder holding the export files mapping.json names (default: the data folder)
  --imported DIR      (import) where the canonical tables built from the export go (default: imported/<data folder name>)
  --base PATH         (build) the URL path the site is served under, e.g. /uof/ (default: /)
  --site URL          (build) the public address, e.g. https://data.example.gov, used in citations
  --dist DIR          (build) where the site is written (default: dist)
  -h, --help          this text

The pseudonym key is read from the UOF_PSEUDONYM_KEY environment variable, or from the
file .pseudonym-key in the data folder (created on first run; keep it secret, keep it
the same between releases so pseudonyms stay stable, never commit it).`;

/** Finds the secret pseudonym key, creating the key file on first use. */
export function resolveKey(dataDir: string, log: (s: string) => void): string {
  const env = process.env.UOF_PSEUDONYM_KEY;
  if (env) {
    if (env.length < 16) throw new Error("UOF_PSEUDONYM_KEY must be at least 16 characters");
    return env;
  }
  const file = path.join(dataDir, ".pseudonym-key");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const key = randomBytes(32).toString("hex");
  fs.writeFileSync(file, key + "\n", { mode: 0o600 });
  log(`Created a new pseudonym key in ${file}. Keep it secret and keep it: the same key gives the same pseudonyms next release.`);
  return key;
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        data: { type: "string", default: "data" },
        out: { type: "string", default: "generated" },
        report: { type: "string" },
        "allow-rejected": { type: "boolean", default: false },
        source: { type: "string" },
        imported: { type: "string" },
        base: { type: "string", default: "/" },
        site: { type: "string" },
        dist: { type: "string", default: "dist" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help || (command !== "data" && command !== "build" && command !== "import")) {
    process.stderr.write(USAGE + "\n");
    return values.help ? 0 : 2;
  }
  const log = consoleLogger();
  const dataDir = values.data;
  if (!fs.existsSync(dataDir) || !fs.statSync(dataDir).isDirectory()) {
    process.stderr.write(`${dataDir}: no such folder. Pass the department's folder with --data DIR.\n`);
    return 2;
  }
  const reportPath = values.report ?? path.join("reports", `${path.basename(path.resolve(dataDir))}-report.md`);
  const name = path.basename(path.resolve(dataDir));
  const importedDir = values.imported ?? path.join("imported", name);
  /** The import stage, when the folder has a mapping: the tables it built, or null. */
  const importStage = (): { dir: string; tables: readonly (typeof IMPORTED_TABLES)[number][] } | null => {
    if (!mappingPath(diskIo, dataDir)) {
      if (command === "import") {
        process.stderr.write(`${dataDir} has no mapping.json: there is nothing to import. Draft one with npm run mapping:init -- <export.csv> --out ${dataDir}\n`);
        throw new InputError([], "no mapping");
      }
      return null;
    }
    const problems: Problem[] = [];
    const configPath = path.join(dataDir, "config.json");
    const configNotes: string[] = [];
    const config = readConfig(diskIo, dataDir, problems, configNotes);
    if (!config) {
      if (!problems.length) problems.push({ file: configPath, line: null, column: null, field: null, value: null, expected: "a configuration file", fix: "create config.json as the README describes" });
      for (const p of problems) log.info(formatProblem(p));
      throw new InputError(problems, "bad config");
    }
    runImport(diskIo, { dataDir, sourceDir: values.source, outDir: importedDir, reportPath: path.join("reports", `${name}-import.md`), allowRejected: values["allow-rejected"], config, log, configNotes });
    return { dir: importedDir, tables: IMPORTED_TABLES };
  };
  if (command === "import") {
    try {
      importStage();
    } catch (e) {
      if (e instanceof InputError) return 1;
      throw e;
    }
    return 0;
  }
  if (command === "data") {
    try {
      const imported = importStage() ?? undefined;
      const key = resolveKey(dataDir, log.info);
      runPipeline(diskIo, { dataDir, outDir: values.out, key, allowRejected: values["allow-rejected"], reportPath, log, imported });
    } catch (e) {
      if (e instanceof InputError) return 1;
      throw e;
    }
    return 0;
  }
  // build: the pipeline runs in a process of its own, so its memory is given back before the site is built.
  const dataArgs = ["data", "--data", dataDir, "--out", values.out, "--report", reportPath, ...(values["allow-rejected"] ? ["--allow-rejected"] : []), ...(values.source ? ["--source", values.source] : []), ...(values.imported ? ["--imported", values.imported] : [])];
  const data = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), import.meta.filename, ...dataArgs], { stdio: "inherit" });
  if (data.status !== 0) return data.status ?? 1;
  // The site is built into a temporary sibling and swapped in whole, so a failed build leaves the previous site.
  const dist = path.resolve(values.dist);
  const tmpDist = `${dist}.tmp-${process.pid}`;
  const env: NodeJS.ProcessEnv = { ...process.env, UOF_GENERATED: path.resolve(values.out), UOF_BASE: values.base, UOF_SITE: values.site ?? process.env.UOF_SITE ?? "", UOF_DIST: tmpDist, ASTRO_TELEMETRY_DISABLED: "1" };
  // Vite reads BASE_URL (and MODE) from the environment too; only --base decides the base path.
  delete env.BASE_URL;
  delete env.MODE;
  const t0 = performance.now();
  // Run from the kit's folder: Astro resolves the site's own packages from the working directory.
  const astro = spawnSync(process.execPath, [path.join(ROOT, "node_modules/astro/astro.js"), "build", "--silent", "--root", ROOT], { stdio: "inherit", env, cwd: ROOT });
  if (astro.status !== 0) {
    fs.rmSync(tmpDist, { recursive: true, force: true });
    process.stderr.write(`The site build failed; ${values.dist} was left as it was.\n`);
    return astro.status ?? 1;
  }
  // The search index goes into the temporary dist too, so a failed index also leaves the previous site.
  const search = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/search.ts"), "--dist", tmpDist, "--generated", path.resolve(values.out)], { stdio: "inherit", env });
  if (search.status !== 0) {
    fs.rmSync(tmpDist, { recursive: true, force: true });
    process.stderr.write(`The search index failed; ${values.dist} was left as it was.\n`);
    return search.status ?? 1;
  }
  const old = `${dist}.old-${process.pid}`;
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(tmpDist, dist);
  fs.rmSync(old, { recursive: true, force: true });
  log.info(`${"site".padEnd(10)} built into ${values.dist} (${((performance.now() - t0) / 1000).toFixed(2)} s)`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
