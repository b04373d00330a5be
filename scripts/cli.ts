// Command line: `data` runs the pipeline; `build` runs it and then builds the static site;
// `import` only turns a department's own export into the canonical tables.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { siteHeapMB, withHeapLimit } from "./heap.ts";
import path from "node:path";
import { parseArgs } from "node:util";
import { IMPORTED_TABLES } from "../src/lib/schema/mapping.ts";
import type { TableName } from "../src/lib/schema/tables.ts";
import { mappingPath, runImport } from "./import/run.ts";
import { describeFailure, withoutTrace, writeFailureReport } from "./failure.ts";
import { acquire, LockTimeout, releaseAll } from "./lock.ts";
import { diskIo } from "./pipeline/io.ts";
import { draftConfigProblems, readConfig } from "./pipeline/department.ts";
import { checkText, resolveKey } from "./pipeline/keys.ts";
import { consoleLogger, type Logger } from "./pipeline/log.ts";
import { abandonOutput, beginOutput, commitOutput, recoverOutput } from "./pipeline/output.ts";
import { formatProblem, InputError, logProblems, type Problem } from "./pipeline/problems.ts";
import { runPipeline } from "./pipeline/run.ts";
import { HISTORY_DIR, recordRelease } from "./release/stage.ts";

/** The kit's own folder (where astro.config.mjs is), whatever the working directory. */
const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
/** Locked by a build for its Astro step: Astro keeps caches in the kit's folder. */
const SITE_BUILD = path.join(ROOT, "site-build");

const USAGE = `Usage: npm run data -- [options]     validate, anonymize and aggregate a department's data
       npm run build -- [options]    the same, then build the static site into dist/
       npm run release -- [options]  the same as data, then record the release in the department's
                                     release history (releases/ in its folder), so that later
                                     releases are compared with it and it stays downloadable
       npm run import -- [options]   only turn the department's own export into the canonical
                                     tables through its mapping.json, and write the import report

When the data folder has a mapping.json, data and build run the import first.

Options:
  --data DIR          the department's folder (default: data)
  --out DIR           the generated folder (default: generated)
  --report FILE       where the full data report goes (default: reports/<data folder name>-report.md)
  --allow-rejected    publish the valid rows even if some rows are rejected; each rejected row is listed
  --release           (data, build) record this release in the department's release history once
                      the run has succeeded (what npm run release does); a version already
                      recorded with other content is refused
  --new-pseudonyms    start new pseudonyms on purpose: with a new or lost key, every incident's address
                      and citation of the previous release stops resolving (refused without this flag)
  --source DIR        (import) the folder holding the export files mapping.json names (default: the data folder)
  --imported DIR      (import) where the canonical tables built from the export go (default: imported/<data folder name>)
  --base PATH         (build) the URL path the site is served under, e.g. /uof/ (default: /)
  --site URL          (build) the public address, e.g. https://data.example.gov, used in citations,
                      canonical links, social previews and sitemap.xml (without it: paths, no sitemap)
  --dist DIR          (build) where the site is written (default: dist)
  -h, --help          this text

The pseudonym key is read from the UOF_PSEUDONYM_KEY environment variable, or from the
file .pseudonym-key in the data folder (created on first run; keep it secret, keep it
the same between releases so pseudonyms stay stable, never commit it). The file
pseudonym-key.check beside it records which key made the releases (it holds no secret).

Output folders (generated/, dist/, imported/...) are links to complete builds kept beside
them in .<name>.builds/: a run that stops at any moment leaves the previous output whole.`;

/** The parsed command line. */
interface Options {
  command: "data" | "build" | "import" | "release";
  /** Record the release in the department's history once the run has succeeded. */
  record: boolean;
  dataDir: string;
  out: string;
  report: string;
  importReport: string;
  importedDir: string;
  allowRejected: boolean;
  newPseudonyms: boolean;
  source?: string;
  imported?: string;
  base: string;
  site?: string;
  dist: string;
}

/** A step of the build that ran in a child process and failed; its output goes to the report. */
class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly output: string,
  ) {
    super(`the ${step} failed`);
  }
}

/** Prints the problems that stop a run, writes them to the report, and throws. */
function refuse(problems: Problem[], o: Options, log: Logger, reportPath: string): never {
  log.info(`\n${problems.length} problem(s) found; nothing was published and ${o.out} was left as it was.`);
  logProblems((l) => log.info(l), problems);
  diskIo.writeText(reportPath, `# Data report\n\n## Problems (${problems.length})\n\n${problems.map((p) => `- ${formatProblem(p)}`).join("\n")}\n`);
  log.info(`Full list: ${reportPath}`);
  throw new InputError(problems, `${problems.length} problem(s)`);
}

/** The import stage, when the folder has a mapping: the tables it built, or null. */
function importStage(o: Options, log: Logger): { dir: string; tables: readonly TableName[] } | null {
  if (!mappingPath(diskIo, o.dataDir)) {
    if (o.command === "import") refuse([{ file: path.join(o.dataDir, "mapping.json"), line: null, column: null, field: null, value: null, expected: "a mapping.json: there is nothing to import", fix: `draft one with npm run mapping:init -- <export.csv> --out ${o.dataDir}` }], o, log, o.importReport);
    return null;
  }
  const problems: Problem[] = [];
  const configNotes: string[] = [];
  // Only `import` may run on a draft config.json (to try a mapping); data and build refuse it.
  const config = readConfig(diskIo, o.dataDir, problems, configNotes, { refuseDraft: o.command !== "import" });
  if (!config) refuse(problems, o, log, o.importReport);
  const imported = runImport(diskIo, { dataDir: o.dataDir, sourceDir: o.source, outDir: o.importedDir, reportPath: o.importReport, allowRejected: o.allowRejected, config, log, configNotes });
  // Calls counted from a dispatch export are read from the imported folder too.
  return { dir: o.importedDir, tables: imported.calls ? [...IMPORTED_TABLES, "calls_for_service"] : IMPORTED_TABLES };
}

/** `data`: the key check, the import (when there is a mapping) and the pipeline. */
function runData(o: Options, log: Logger): void {
  // A draft config.json stops the run before anything is written (not even a new pseudonym key).
  const draft = draftConfigProblems(diskIo, o.dataDir);
  if (draft.length > 0) {
    log.info(`${path.join(o.dataDir, "config.json")} is still the draft mapping:init wrote: fill in ${draft.length === 1 ? "this field" : `these ${draft.length} fields`} first.`);
    refuse(draft, o, log, o.report);
  }
  const problems: Problem[] = [];
  const key = resolveKey({ dataDir: o.dataDir, outDir: o.out, envKey: process.env.UOF_PSEUDONYM_KEY, restart: o.newPseudonyms }, problems);
  if (!key) refuse(problems, o, log, o.report);
  for (const n of key.notes) log.info(n);
  const imported = importStage(o, log) ?? undefined;
  runPipeline(diskIo, { dataDir: o.dataDir, outDir: o.out, key: key.key, keyCheck: key.fingerprint, allowRejected: o.allowRejected, reportPath: o.report, log, imported });
  if (key.writeCheck) diskIo.writeText(key.writeCheck, checkText(key.fingerprint));
}

/** Runs a step of the build in a child process, its output kept for the report; throws StepFailed. */
function step(name: string, args: string[], env: NodeJS.ProcessEnv, log: Logger): void {
  const r = spawnSync(process.execPath, args, { env, cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 << 20 });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? `\n${r.error.message}` : ""}`;
  if (r.status !== 0) throw new StepFailed(name, output + (r.signal ? `\n(stopped by ${r.signal})` : ""));
  for (const line of withoutTrace(output)) log.info(line);
}

/** `build`: the data stage in a process of its own (its memory is given back), then the site, its search index, and the swap. */
function runBuild(o: Options, log: Logger, token: string): number {
  const dataArgs = ["data", "--data", o.dataDir, "--out", o.out, "--report", o.report, ...(o.allowRejected ? ["--allow-rejected"] : []), ...(o.newPseudonyms ? ["--new-pseudonyms"] : []), ...(o.source ? ["--source", o.source] : []), ...(o.imported ? ["--imported", o.imported] : [])];
  const site = o.site ?? process.env.UOF_SITE ?? "";
  // The data stage writes the bundle's README, whose citation names the site's address.
  const data = spawnSync(process.execPath, [TSX, import.meta.filename, ...dataArgs], { stdio: "inherit", env: { ...process.env, UOF_LOCK_TOKEN: token, UOF_SITE: site, UOF_BASE: o.base } });
  if (data.status !== 0) return data.status ?? 1;
  const t0 = performance.now();
  if (!site) {
    log.info(`${"site".padEnd(10)} warning: no --site address given (e.g. --site https://data.example.gov). Citations, canonical links and the social previews cannot be absolute addresses, so citations and dataset metadata carry paths, canonical links are left out and no sitemap.xml is written. Fine for a preview; pass --site (or set UOF_SITE) for the public site.`);
  }
  // The site is built into a build folder of its own and made the output in one step (output.ts),
  // so a failed or interrupted build leaves the previous site.
  const tmpDist = beginOutput(o.dist);
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, UOF_GENERATED: path.resolve(o.out), UOF_BASE: o.base, UOF_SITE: site, UOF_DIST: tmpDist, ASTRO_TELEMETRY_DISABLED: "1" };
    // Vite reads BASE_URL (and MODE) from the environment too; only --base decides the base path.
    delete env.BASE_URL;
    delete env.MODE;
    // Astro writes its server chunks to <kit>/.astro/ when the output folder is outside the kit's
    // folder, and a build that was killed leaves them there for the next to copy into its site:
    // start from none (this run holds the kit's site-build lock).
    fs.rmSync(path.join(ROOT, ".astro"), { recursive: true, force: true });
    // Run from the kit's folder: Astro resolves the site's own packages from the working directory.
    step("site build", [path.join(ROOT, "node_modules/astro/astro.js"), "build", "--silent", "--root", ROOT], { ...env, NODE_OPTIONS: withHeapLimit(env.NODE_OPTIONS, siteHeapMB(o.out)) }, log);
    step("search index", [TSX, path.join(ROOT, "scripts/search.ts"), "--dist", tmpDist, "--generated", path.resolve(o.out)], env, log);
    // The Content-Security-Policy goes into every page, and the static hosts' header files beside them (scripts/csp.ts).
    step("Content-Security-Policy step", [TSX, path.join(ROOT, "scripts/csp.ts"), "--dist", tmpDist], env, log);
    commitOutput(o.dist, tmpDist);
  } catch (e) {
    abandonOutput(tmpDist);
    throw e;
  }
  log.info(`${"site".padEnd(10)} built into ${o.dist} (${((performance.now() - t0) / 1000).toFixed(2)} s)`);
  return 0;
}

/** Reads the command line; a string is a usage error to print. */
function options(argv: string[]): Options | string | 0 {
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
        "new-pseudonyms": { type: "boolean", default: false },
        release: { type: "boolean", default: false },
        source: { type: "string" },
        imported: { type: "string" },
        base: { type: "string", default: "/" },
        site: { type: "string" },
        dist: { type: "string", default: "dist" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (e) {
    return `${(e as Error).message}\n\n${USAGE}`;
  }
  if (values.help) return 0;
  if (command !== "data" && command !== "build" && command !== "import" && command !== "release") return USAGE;
  if (values.release && command === "import") return `--release records a published release: use it with data or build\n\n${USAGE}`;
  // The address goes into every canonical link and citation: an https:// (or http://) origin, optionally with a path.
  if (values.site !== undefined && !/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/.test(values.site)) return `--site must be the site's public address, such as https://data.example.gov; got "${values.site}"\n\n${USAGE}`;
  const name = path.basename(path.resolve(values.data));
  return {
    command,
    record: command === "release" || values.release,
    dataDir: values.data,
    out: values.out,
    report: values.report ?? path.join("reports", `${name}-report.md`),
    importReport: path.join("reports", `${name}-import.md`),
    importedDir: values.imported ?? path.join("imported", name),
    allowRejected: values["allow-rejected"],
    newPseudonyms: values["new-pseudonyms"],
    source: values.source,
    imported: values.imported,
    base: values.base,
    site: values.site,
    dist: values.dist,
  };
}

/** Runs a command; returns the exit status. Every failure ends in one located message, never a trace. */
export async function main(argv: string[]): Promise<number> {
  const o = options(argv);
  if (o === 0) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (typeof o === "string") {
    process.stderr.write(o + "\n");
    return 2;
  }
  const log = consoleLogger();
  if (!fs.existsSync(o.dataDir) || !fs.statSync(o.dataDir).isDirectory()) {
    process.stderr.write(`${o.dataDir}: no such folder. Pass the department's folder with --data DIR.\n`);
    return 2;
  }
  const hasMapping = mappingPath(diskIo, o.dataDir) !== null;
  // What this run writes: each output folder is locked, so two runs cannot mix them; a build also
  // locks the kit's own folder, as Astro keeps caches there.
  const outputsWritten = o.command === "import" ? [o.importedDir] : [o.out, ...(hasMapping ? [o.importedDir] : []), ...(o.command === "build" ? [o.dist] : [])];
  // Recording a release writes the department's release history: locked too.
  const targets = [...outputsWritten, ...(o.command === "build" ? [SITE_BUILD] : []), ...(o.record ? [path.join(o.dataDir, HISTORY_DIR)] : [])];
  const outputs = o.command === "import" ? o.importedDir : o.command === "build" ? `${o.out} and ${o.dist}` : o.out;
  let release = () => {};
  try {
    const lock = await acquire(targets, {
      command: `${o.command} --data ${o.dataDir}`,
      inherited: process.env.UOF_LOCK_TOKEN,
      onWait: (h, file) => log.info(`Waiting for process ${h.pid} (${h.command}, started ${h.since}), which is writing the same output (${file}); this run goes on when it ends.`),
    });
    release = lock.release;
    // What an interrupted run left is put right first, even if this run is then refused.
    for (const t of outputsWritten) recoverOutput(t);
    if (o.command === "import") {
      importStage(o, log);
      return 0;
    }
    if (o.command === "data" || o.command === "release") {
      runData(o, log);
      if (o.record) recordRelease(o.dataDir, o.out, log);
      return 0;
    }
    const built = runBuild(o, log, lock.token);
    // Recorded only once the site is built: a release in the history is one that was published.
    if (built === 0 && o.record) recordRelease(o.dataDir, o.out, log);
    return built;
  } catch (e) {
    if (e instanceof InputError) return 1;
    if (e instanceof LockTimeout) {
      log.info(`Stopped: ${e.message}. If that process is stuck, stop it and run again.`);
      return 1;
    }
    const report = o.command === "import" ? o.importReport : o.report;
    if (e instanceof StepFailed) {
      const lines = withoutTrace(e.output);
      log.info(`\nThe ${e.step} failed; nothing was published and ${o.dist} was left as it was.`);
      for (const l of lines.slice(0, 20)) log.info(`  ${l}`);
      // Appended to the report the data stage of this run wrote.
      log.info(writeFailureReport(report, e, e.step, e.output, fs.existsSync(report)));
      return 1;
    }
    log.info(`\nStopped: ${describeFailure(e)}\nNothing was published; ${outputs} ${o.command === "build" ? "were" : "was"} left as it was.`);
    log.info(writeFailureReport(report, e, `${o.command} run`));
    return 1;
  } finally {
    release();
  }
}

// A signal or an error that escapes main still gives the locks back and prints no trace.
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    releaseAll();
    process.exit(sig === "SIGINT" ? 130 : 143);
  });
}
process.on("uncaughtException", (e) => {
  releaseAll();
  process.stderr.write(`Stopped: ${describeFailure(e)}\n`);
  process.exit(1);
});

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
