// The release stage of a data run: once the new generated folder is written, and before it becomes
// the output, the release is compared with the one before it (from the department's release
// history), its change list, README and bundle are written, and every earlier release is rebuilt
// from its snapshot so that it stays downloadable. `recordRelease` then adds a published release
// to the history.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Aggregates } from "../../src/lib/aggregates.ts";
import type { DepartmentConfig } from "../../src/lib/schema/config.ts";
import { monthOf, monthPath } from "../../src/lib/incidents.ts";
import type { Changes, Move, PseudonymContinuity, ReleaseEntry, ReleaseFile, ReleaseIndex, YearMark } from "../../src/lib/releases.ts";
import type { Logger } from "../pipeline/log.ts";
import { InputError, type Problem } from "../pipeline/problems.ts";
import { KEY_CHECK_FILE, readCheck } from "../pipeline/keys.ts";
import { bundleName, writeChunks, zipChunks, zipFolderChunks } from "./bundle.ts";
import { bundleReadme } from "./readme.ts";
import { compareReleases, csvRows, releaseFromDir, type ReleaseText } from "./changes.ts";
import { fileBytes, lineAt, lineCount, readReleaseFiles, type Lines, type ReleaseFiles } from "./snapshot.ts";
import { applyRecorded, HISTORY_DIR, HISTORY_FILE, readHistory, recordRelease as record } from "./history.ts";
import type { ReleaseHistory, ReleaseRecord } from "../../src/lib/schema/releases.ts";

export { HISTORY_DIR };
/** Files of a release that describe the others and are rewritten after them. */
const SUMS = "SHA256SUMS.txt";
const CHANGES = "changes.json";
const README = "README.md";

/** What the stage needs from the run. */
export interface StageContext {
  dataDir: string;
  /** The output folder as it was before this run (its bundles are reused where their checksums match). */
  outDir: string;
  config: DepartmentConfig;
  meta: Aggregates["meta"];
  /** Fingerprint of the pseudonym key (keys.ts), or null when not known (tests). */
  keyCheck: string | null;
  /** The data page's address as citations name it (absolute when the site's address is known). */
  dataUrl: string;
  log: Logger;
}

function sha256File(file: string): string {
  const h = createHash("sha256");
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(8 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest("hex");
}

/** Every file under dir, as paths relative to it with "/" separators, sorted. */
export function listFiles(dir: string, under = ""): string[] {
  if (!fs.existsSync(path.join(dir, under))) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, under), { withFileTypes: true })) {
    const rel = under ? `${under}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}


/** The checksum list of a release's files (sha256sum's format), over every file but itself. */
function sumsText(files: ReleaseFile[]): string {
  return files.filter((f) => f.path !== SUMS).map((f) => `${f.sha256}  ${f.path}`).join("\n") + "\n";
}

/** A release's files as the change computation reads them. */
function textOf(files: ReleaseFiles): ReleaseText {
  return {
    paths: () => [...files.keys()],
    lines: (p: string) => {
      const f = files.get(p);
      return f ? linesOf(f) : null;
    },
  };
}

/** The lines of a file held as a snapshot's lines, as strings. */
function* linesOf(f: Lines): Generator<string> {
  const n = lineCount(f);
  for (let i = 0; i < n; i++) yield lineAt(f, i).toString("utf8");
}

/** A small file's whole text. */
const textOfFile = (f: Lines) => f.data.toString("utf8");

/** Figure ids and titles of a release, from its figures/<id>.json files. */
function figuresOf(files: ReleaseFiles): { id: string; title: string }[] {
  const out: { id: string; title: string }[] = [];
  for (const p of [...files.keys()].sort()) {
    const m = /^figures\/(.+)\.json$/.exec(p);
    if (!m) continue;
    const text = textOfFile(files.get(p)!);
    out.push({ id: m[1], title: (JSON.parse(text) as { title: string }).title });
  }
  return out;
}

/** The changes of a recorded release, from its files (its changes.json), or null when it has none. */
function changesOf(files: ReleaseFiles): Changes | null {
  const f = files.get(CHANGES);
  return f ? (JSON.parse(textOfFile(f)) as Changes) : null;
}

function summaryOf(c: Changes | null): ReleaseEntry["summary"] {
  if (!c || c.previous === null) return null;
  const count = (k: "added" | "withdrawn" | "revised" | "protection") => c.tables.reduce((n, t) => n + t[k].length, 0);
  const inc = c.tables.find((t) => t.table === "incidents");
  return {
    added: count("added"), withdrawn: count("withdrawn"), revised: count("revised"), protection: count("protection"), moved: c.moved.length, totals: c.totals.length,
    ...(inc ? { incidents: { added: inc.added.length, withdrawn: inc.withdrawn.length, revised: inc.revised.length } } : {}),
  };
}

/** The release folder of the output: releases/<version>/. */
function releaseDir(tmp: string, version: string): string {
  return path.join(tmp, "releases", version);
}

/**
 * Writes an earlier release into the new output from its files: its figure tables, changes,
 * checksums and bundle (the previous output's copy when its checksum is the recorded one).
 */
function writeEarlier(tmp: string, ctx: StageContext, entry: ReleaseRecord, files: ReleaseFiles): { files: number; bytes: number } {
  const dir = releaseDir(tmp, entry.version);
  let count = 0;
  let bytes = 0;
  for (const [p, f] of files) {
    if (!p.startsWith("figures/") && p !== CHANGES && p !== SUMS) continue;
    bytes += writeChunks(path.join(dir, p), fileBytes(f));
    count++;
  }
  const zip = path.join(dir, entry.bundle.name);
  const cached = path.join(ctx.outDir, "releases", entry.version, entry.bundle.name);
  if (fs.existsSync(cached) && fs.statSync(cached).size === entry.bundle.bytes && sha256File(cached) === entry.bundle.sha256) {
    fs.copyFileSync(cached, zip);
    bytes += entry.bundle.bytes;
  } else {
    bytes += writeChunks(zip, zipChunks([...files].map(([name, l]) => ({ name, chunks: () => fileBytes(l) })), entry.released));
    const sha = sha256File(zip);
    // The files inside were checked against their recorded checksums; only the container can differ
    // (a newer ZIP library): the rebuilt one is published and the log says so.
    if (sha !== entry.bundle.sha256) ctx.log.info(`${"release".padEnd(10)} note: the bundle of release ${entry.version} was rebuilt from its recorded files (each matches its recorded checksum), but the ZIP file itself differs from the one first published (SHA-256 ${entry.bundle.sha256.slice(0, 12)}…).`);
  }
  return { files: count + 1, bytes };
}

/** The grouped-layout page of each incident of a release, from its incidents.csv (only the pseudonyms asked for). */
function pagesOf(files: ReleaseText, wanted: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  if (wanted.size === 0) return out;
  const lines = files.lines("incidents.csv");
  if (!lines) return out;
  let at: Record<string, number> | null = null;
  for (const row of csvRows(lines)) {
    if (!at) {
      at = Object.fromEntries(row.map((c, i) => [c, i]));
      continue;
    }
    const pid = row[at.incident];
    if (wanted.has(pid)) out.set(pid, monthPath(Number(row[at.year]), row[at.district], monthOf(row[at.date])));
  }
  return out;
}

/** Problems with the release history stop the run like problems with the data. */
function refuse(problems: Problem[]): never {
  throw new InputError(problems, `${problems.length} problem(s) with the release history`);
}

/**
 * The stage itself (Io.replaceFolder's finish step): tmp is the new generated folder, complete
 * but not yet the output. Returns the files and bytes it added.
 */
export function releaseStage(tmp: string, ctx: StageContext): { files: number; bytes: number } {
  const { config, log } = ctx;
  const { history, problems } = readHistory(ctx.dataDir);
  if (problems.length > 0) refuse(problems);
  const downloads = path.join(tmp, "downloads");
  let count = 0;
  let bytes = 0;
  const recordedHere = history.releases.findIndex((r) => r.version === config.version);
  const newest = history.releases.at(-1);
  const configField = (field: string, value: string, expected: string, fix: string): Problem => ({ file: path.join(ctx.dataDir, "config.json"), line: null, column: null, field, value, expected, fix });
  // The site shows its newest release: an older one built again would hide the releases after it.
  if (recordedHere >= 0 && recordedHere < history.releases.length - 1) {
    refuse([configField("version", config.version, `the newest release or a new one: ${config.version} is older than release ${newest!.version}, the newest in ${path.join(ctx.dataDir, HISTORY_DIR, HISTORY_FILE)}`, `build the newest release (${newest!.version}) or a new version; every earlier release stays published from its snapshot`)]);
  }
  if (recordedHere < 0 && newest && config.released < newest.released) {
    refuse([configField("released", config.released, `a date on or after ${newest.released}, when release ${newest.version} (the newest in the release history) came out`, "set released to the date of this release")]);
  }
  // The releases before this one, oldest first; the last of them is the one compared with.
  const earlier = recordedHere >= 0 ? history.releases.slice(0, recordedHere) : history.releases;
  const t0 = performance.now();

  // Every earlier release, rebuilt from its snapshot in order (each is a delta on the one before).
  let prevFiles: ReleaseFiles | null = null;
  const entries: ReleaseEntry[] = [];
  const marks: YearMark[] = [];
  const moves: (Move & { version: string; released: string })[] = [];
  for (const entry of earlier) {
    // Rebuilt and checked against its recorded checksums; the one before is let go.
    prevFiles = applyRecorded(ctx.dataDir, entry, prevFiles);
    const w = writeEarlier(tmp, ctx, entry, prevFiles);
    count += w.files;
    bytes += w.bytes;
    const changes = changesOf(prevFiles);
    if (changes) {
      for (const y of changes.years) marks.push({ ...y, version: entry.version, released: entry.released });
      for (const m of changes.moved) moves.push({ ...m, version: entry.version, released: entry.released });
    }
    entries.push({
      version: entry.version, released: entry.released, notes: entry.notes, recorded: true,
      pseudonyms: changes?.pseudonyms ?? "first", previous: entry.base,
      bundle: { path: `releases/${entry.version}/${entry.bundle.name}`, sha256: entry.bundle.sha256, bytes: entry.bundle.bytes },
      files: entry.files, figures: figuresOf(prevFiles), summary: summaryOf(changes), years: entry.years ?? [],
    });
  }
  const previous = earlier.at(-1) ?? null;

  // This release compared with the one before it.
  const curPaths = listFiles(downloads).filter((p) => p !== SUMS && p !== CHANGES && p !== README);
  const curText = releaseFromDir(downloads);
  const pseudonyms: PseudonymContinuity = previous === null ? "first" : previous.key === (ctx.keyCheck ?? "") ? "same" : "restarted";
  const notes = (config.release_notes ?? "").trim();
  const t1 = performance.now();
  const changes = compareReleases(prevFiles ? textOf(prevFiles) : null, curText, {
    version: config.version, released: config.released, notes,
    previous: previous ? { version: previous.version, released: previous.released } : null, pseudonyms,
  });
  if (previous) log.info(`${"release".padEnd(10)} compared with release ${previous.version} in ${((performance.now() - t1) / 1000).toFixed(2)} s: ${summaryLine(changes)}`);
  for (const m of changes.moved) moves.push({ ...m, version: config.version, released: config.released });
  for (const y of changes.years) marks.push({ ...y, version: config.version, released: config.released });
  const changesText = JSON.stringify(changes, null, 2) + "\n";
  fs.writeFileSync(path.join(downloads, CHANGES), changesText);

  // The README and the checksums of every file of the release (the README and changes included).
  const resources = new Map((JSON.parse(fs.readFileSync(path.join(downloads, "datapackage.json"), "utf8")) as { resources: { path: string; rows?: number; description?: string }[] }).resources.map((r) => [r.path, r]));
  const described = [...curPaths, CHANGES].map((p) => ({ path: p, bytes: fs.statSync(path.join(downloads, p)).size, rows: resources.get(p)?.rows ?? null, description: resources.get(p)?.description ?? null }));
  const readme = bundleReadme({ config, meta: ctx.meta, files: described, url: ctx.dataUrl });
  fs.writeFileSync(path.join(downloads, README), readme);
  const files: ReleaseFile[] = [...curPaths, CHANGES, README].sort().map((p) => {
    const f = path.join(downloads, p);
    return { path: p, sha256: sha256File(f), bytes: fs.statSync(f).size };
  });
  fs.writeFileSync(path.join(downloads, SUMS), sumsText(files));
  files.push({ path: SUMS, sha256: sha256File(path.join(downloads, SUMS)), bytes: fs.statSync(path.join(downloads, SUMS)).size });
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  count += 2;

  // A version already recorded must be what was recorded: a published release never changes.
  if (recordedHere >= 0) {
    const was = history.releases[recordedHere];
    const differ = differingFiles(was.files, files);
    if (differ.length > 0) {
      refuse([{
        file: path.join(ctx.dataDir, "config.json"), line: null, column: null, field: "version", value: config.version,
        expected: `a version not yet released: release ${config.version} was recorded on ${was.released} with other content (${differ.slice(0, 5).join(", ")}${differ.length > 5 ? `, and ${differ.length - 5} more` : ""} differ)`,
        fix: `give this release a new version in config.json (and its date in released), so that release ${config.version} stays as it was published; if release ${config.version} was never published, remove its entry from ${path.join(ctx.dataDir, HISTORY_DIR, HISTORY_FILE)} and its snapshot file`,
      }]);
    }
  }

  // This release's own folder: bundle, figure tables, changes and checksums.
  const dir = releaseDir(tmp, config.version);
  const name = bundleName(config.short_name ?? config.name, config.version);
  const zipBytes = writeChunks(path.join(dir, name), zipFolderChunks(downloads, files.map((f) => f.path), config.released));
  const zipSha = sha256File(path.join(dir, name));
  for (const f of files) {
    if (!f.path.startsWith("figures/") && f.path !== CHANGES && f.path !== SUMS) continue;
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.copyFileSync(path.join(downloads, f.path), path.join(dir, f.path));
    count++;
    bytes += f.bytes;
  }
  count++;
  bytes += zipBytes;
  entries.push({
    version: config.version, released: config.released, notes, recorded: recordedHere >= 0, pseudonyms,
    previous: previous?.version ?? null,
    bundle: { path: `releases/${config.version}/${name}`, sha256: zipSha, bytes: zipBytes },
    files, figures: figuresOf(readReleaseFiles(downloads, files.filter((f) => /^figures\/.+\.json$/.test(f.path)).map((f) => f.path))),
    summary: summaryOf(changes), years: ctx.meta.years,
  });

  // Every old address that now holds a note: where each moved or withdrawn incident is now.
  const now = pagesOf(curText, new Set(moves.map((m) => m.incident)));
  // One note per old address and incident (the latest release's), none where the incident is now.
  const byAddress = new Map<string, (typeof moves)[number]>();
  for (const m of moves) byAddress.set(`${m.from}#${m.incident}`, { ...m, to: now.get(m.incident) ?? null });
  const moved = [...byAddress.values()].filter((m) => m.from !== m.to);
  const index: ReleaseIndex = {
    current: config.version,
    next_update: config.next_update ?? null,
    releases: entries.reverse(),
    year_marks: marks,
    moved,
  };
  const indexText = JSON.stringify(index, null, 2) + "\n";
  fs.writeFileSync(path.join(tmp, "site", "releases.json"), indexText);
  count++;
  bytes += Buffer.byteLength(indexText) + Buffer.byteLength(changesText) + Buffer.byteLength(readme);
  log.info(`${"release".padEnd(10)} release ${config.version}${previous ? ` (after ${previous.version})` : " (the first in the history)"}: bundle ${name}, ${(zipBytes / 1e6).toFixed(1)} MB; ${earlier.length} earlier release(s) kept (${((performance.now() - t0) / 1000).toFixed(2)} s)`);
  return { files: count, bytes };
}

/** Paths whose content differs between two file lists. */
function differingFiles(a: readonly ReleaseFile[], b: readonly ReleaseFile[]): string[] {
  const was = new Map(a.map((f) => [f.path, f.sha256]));
  const is = new Map(b.map((f) => [f.path, f.sha256]));
  return [...new Set([...was.keys(), ...is.keys()])].filter((p) => was.get(p) !== is.get(p)).sort();
}

/** One line on what changed, for the log. */
export function summaryLine(c: Changes): string {
  const s = summaryOf(c);
  if (!s) return "the first release";
  const restarted = c.pseudonyms === "restarted" ? " (new pseudonyms: records not compared)" : "";
  return `${s.added} rows added, ${s.withdrawn} withdrawn, ${s.revised} revised, ${s.protection} with other protection, ${s.moved} incidents moved, ${s.totals} figure totals moved${restarted}`;
}

/**
 * Records the release in the department's history: the generated folder's release (built from
 * that department's data by the run that just succeeded) as a snapshot against the last recorded one.
 */
export function recordRelease(dataDir: string, outDir: string, log: Logger): void {
  const index = JSON.parse(fs.readFileSync(path.join(outDir, "site", "releases.json"), "utf8")) as ReleaseIndex;
  const cur = index.releases.find((r) => r.version === index.current)!;
  if (cur.recorded) {
    log.info(`${"release".padEnd(10)} release ${cur.version} is already in the release history, with the same content; nothing to record.`);
    return;
  }
  const key = readCheck(path.join(outDir, KEY_CHECK_FILE));
  const downloads = path.join(outDir, "downloads");
  const files = readReleaseFiles(downloads, cur.files.map((f) => f.path));
  const name = path.basename(cur.bundle.path);
  const r = record(dataDir, {
    version: cur.version, released: cur.released, notes: cur.notes, key: key && key !== "unreadable" ? key : "",
    files, bundle: { name, sha256: cur.bundle.sha256, bytes: cur.bundle.bytes }, years: cur.years,
  });
  log.info(`${"release".padEnd(10)} recorded release ${cur.version} in ${path.join(dataDir, HISTORY_DIR)}: snapshot ${(r.snapshotBytes / 1e3).toFixed(1)} KB. Keep that folder with the department's data (commit it): later releases are compared with it, and it keeps this release downloadable.`);
}
