// The department's release history: releases/releases.json lists every recorded release, oldest
// first, and releases/<version>.snapshot.gz keeps each one's files as a delta against the one
// before. Replaying the snapshots from the first gives any release's files byte for byte.
import fs from "node:fs";
import path from "node:path";
import { InputError, type Problem } from "../pipeline/problems.ts";
import { releaseHistorySchema, VERSION_PATTERN, type ReleaseHistory, type ReleaseRecord } from "../../src/lib/schema/releases.ts";
import { applySnapshot, encodeSnapshot, sha256, SnapshotError, type ReleaseFiles } from "./snapshot.ts";

/** The history's folder inside the department's folder, and its index file. */
export const HISTORY_DIR = "releases";
export const HISTORY_FILE = "releases.json";

export function historyDir(dataDir: string): string {
  return path.join(dataDir, HISTORY_DIR);
}
function historyFile(dataDir: string): string {
  return path.join(historyDir(dataDir), HISTORY_FILE);
}
/** Largest part of a snapshot file (a larger snapshot is split, see snapshotParts). */
export const SNAPSHOT_PART_BYTES = 45 * 1000 * 1000;

/** The files holding a recorded release's snapshot, in order. */
export function snapshotParts(r: Pick<ReleaseRecord, "snapshot" | "parts">): string[] {
  return [r.snapshot, ...Array.from({ length: (r.parts ?? 1) - 1 }, (_, i) => `${r.snapshot}.${i + 2}`)];
}

export function snapshotName(version: string): string {
  return `${version}.snapshot.gz`;
}

const EMPTY: ReleaseHistory = { format: 1, releases: [] };

/** The history and what is wrong with it; a missing folder or file is an empty history. */
export function readHistory(dataDir: string): { history: ReleaseHistory; problems: Problem[] } {
  const file = historyFile(dataDir);
  if (!fs.existsSync(file)) return { history: structuredClone(EMPTY), problems: [] };
  const whole = (expected: string, fix: string, value: string | null = null): Problem => ({ file, line: null, column: null, field: null, value, expected, fix });
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    return { history: structuredClone(EMPTY), problems: [whole("valid JSON", `repair it (${(e as Error).message}), for example by restoring it from the repository's history`)] };
  }
  const parsed = releaseHistorySchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i): Problem => ({
      file, line: null, column: null,
      field: fieldPath(i.path),
      value: null,
      expected: i.message,
      fix: "correct this field; the file is written by `npm run release`, so restoring it from the repository's history is usually the fix",
    }));
    return { history: structuredClone(EMPTY), problems };
  }
  const history = parsed.data;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  history.releases.forEach((r, i) => {
    const at = (f: string, value: string | null, expected: string): Problem => ({
      file, line: null, column: null, field: `releases[${i}].${f}`, value, expected,
      fix: "the history must list releases oldest first, each once, each based on the one before; restore the file from the repository's history",
    });
    if (seen.has(r.version)) problems.push(at("version", r.version, "each version once"));
    seen.add(r.version);
    const base = i === 0 ? null : history.releases[i - 1].version;
    if (r.base !== base) problems.push(at("base", r.base, base === null ? "null (the first release)" : `"${base}", the release before it`));
    if (r.snapshot !== snapshotName(r.version)) problems.push(at("snapshot", r.snapshot, `"${snapshotName(r.version)}"`));
    const paths = r.files.map((f) => f.path);
    if (paths.some((p, k) => k > 0 && paths[k - 1] >= p)) problems.push(at("files", null, "files listed once each, in path order"));
  });
  return { history: problems.length ? structuredClone(EMPTY) : history, problems };
}

function fieldPath(p: readonly PropertyKey[]): string {
  let s = "";
  for (const k of p) s += typeof k === "number" ? `[${k}]` : s === "" ? String(k) : `.${String(k)}`;
  return s || "(the whole file)";
}

/** The files list of a release, in path order. */
export function fileList(files: ReleaseFiles): ReleaseRecord["files"] {
  return [...files.keys()].sort().map((p) => {
    const data = files.get(p)!.data;
    return { path: p, sha256: sha256(data), bytes: data.length };
  });
}

function stop(problem: Problem): never {
  throw new InputError([problem], "The release history cannot be read back.");
}

/**
 * The files of a recorded release, rebuilt by replaying the snapshots from the first release.
 * Every snapshot must be present and every file must match its recorded sha256.
 */
export function reconstruct(dataDir: string, history: ReleaseHistory, version: string): ReleaseFiles {
  const upTo = history.releases.findIndex((r) => r.version === version);
  if (upTo === -1) throw new Error(`release ${version} is not in the release history (${historyFile(dataDir)})`);
  let files: ReleaseFiles | null = null;
  // Each release's files replace the one before's as they are built, so one release is held at a time.
  for (const r of history.releases.slice(0, upTo + 1)) files = applyRecorded(dataDir, r, files);
  return files!;
}

/** Applies one recorded release's snapshot to the release before it and checks the result against the record. */
export function applyRecorded(dataDir: string, r: ReleaseRecord, prev: ReleaseFiles | null): ReleaseFiles {
  const file = path.join(historyDir(dataDir), r.snapshot);
  const problem = (field: string | null, expected: string, fix: string): Problem => ({ file, line: null, column: null, field, value: null, expected, fix });
  const restore = `restore ${r.snapshot} from the repository's history (for example git checkout -- ${path.join(HISTORY_DIR, r.snapshot)}); every later release is rebuilt from it`;
  const parts = snapshotParts(r).map((p) => path.join(historyDir(dataDir), p));
  for (const p of parts) if (!fs.existsSync(p)) stop({ ...problem(null, `the snapshot of release ${r.version}, which releases.json lists`, restore), file: p });
  let files: ReleaseFiles;
  try {
    const gz = parts.length === 1 ? fs.readFileSync(file) : Buffer.concat(parts.map((p) => fs.readFileSync(p)));
    files = applySnapshot(prev, gz, file, { releasePrevious: true });
  } catch (e) {
    if (e instanceof SnapshotError) stop(problem(e.file, `a snapshot that rebuilds release ${r.version} (${e.message})`, restore));
    throw e;
  }
  const got = fileList(files);
  const want = r.files;
  const gotBy = new Map(got.map((f) => [f.path, f]));
  for (const f of want) {
    const g = gotBy.get(f.path);
    if (!g) stop(problem(f.path, `release ${r.version}'s file ${f.path}, which releases.json lists`, restore));
    if (g.sha256 !== f.sha256 || g.bytes !== f.bytes) stop(problem(f.path, `the sha256 ${f.sha256} that releases.json records for release ${r.version}`, restore));
  }
  if (got.length !== want.length) {
    const extra = got.filter((f) => !want.some((w) => w.path === f.path)).map((f) => f.path);
    stop(problem(extra[0] ?? null, `only the files releases.json lists for release ${r.version}`, restore));
  }
  return files;
}

/** A release to record. */
export interface NewRelease {
  version: string;
  released: string;
  notes: string;
  /** Fingerprint of the pseudonym key (keyFingerprint in scripts/pipeline/keys.ts). */
  key: string;
  files: ReleaseFiles;
  bundle: { name: string; sha256: string; bytes: number };
  /** Years its records cover. */
  years?: number[];
}

export interface RecordResult {
  status: "recorded" | "already recorded";
  record: ReleaseRecord;
  /** Size of the snapshot file (of the new one, or the one already recorded). */
  snapshotBytes: number;
}

/** Writes a file through a temporary file in the same folder and a rename, so it is whole or absent. */
function writeAtomic(file: string, data: Uint8Array | string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Records a release: writes releases/<version>.snapshot.gz as a delta against the newest recorded
 * release, then rewrites releases.json (last, through a rename, so a record cut short leaves the
 * history as it was). A version already recorded with the same files is left as it is; with
 * other files it is refused.
 */
export function recordRelease(dataDir: string, release: NewRelease, partBytes = SNAPSHOT_PART_BYTES): RecordResult {
  const { history, problems } = readHistory(dataDir);
  if (problems.length) throw new InputError(problems, "The release history has problems; nothing was recorded.");
  const { version } = release;
  if (!VERSION_PATTERN.test(version)) {
    throw new Error(`release version "${version}" cannot be recorded: expected letters, digits, '.', '_' and '-', starting with a letter or digit (for example 2025.1); change "version" in config.json`);
  }
  const files = fileList(release.files);
  const existing = history.releases.find((r) => r.version === version);
  if (existing) {
    if (JSON.stringify(existing.files) === JSON.stringify(files)) {
      const bytes = snapshotParts(existing).map((p) => path.join(historyDir(dataDir), p)).reduce((n, p) => n + (fs.existsSync(p) ? fs.statSync(p).size : 0), 0);
      return { status: "already recorded", record: existing, snapshotBytes: bytes };
    }
    throw new Error(`release ${version} is already recorded (released ${existing.released}) with other files; a recorded release never changes. Give this release a new version in config.json (for example ${version}.1 or the next number)`);
  }
  const latest = history.releases.at(-1) ?? null;
  const prev = latest ? reconstruct(dataDir, history, latest.version) : null;
  const gz = encodeSnapshot(prev, release.files);
  const record: ReleaseRecord = {
    version,
    released: release.released,
    notes: release.notes,
    base: latest?.version ?? null,
    key: release.key,
    snapshot: snapshotName(version),
    ...(gz.length > partBytes ? { parts: Math.ceil(gz.length / partBytes) } : {}),
    files,
    bundle: { name: release.bundle.name, sha256: release.bundle.sha256, bytes: release.bundle.bytes },
    ...(release.years ? { years: release.years } : {}),
  };
  const next: ReleaseHistory = { format: 1, releases: [...history.releases, record] };
  const checked = releaseHistorySchema.safeParse(next);
  if (!checked.success) {
    const i = checked.error.issues[0];
    throw new Error(`release ${version} cannot be recorded: ${fieldPath(i.path)}: expected ${i.message}`);
  }
  // The snapshot must rebuild the release before anything is written.
  applySnapshot(prev, gz, snapshotName(version), { checkOnly: true, releasePrevious: true });
  const dir = historyDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  // In parts where it is large, each a plain slice of the bytes (cat joins them).
  snapshotParts(record).forEach((p, i) => writeAtomic(path.join(dir, p), gz.subarray(i * partBytes, (i + 1) * partBytes)));
  writeAtomic(historyFile(dataDir), JSON.stringify(next, null, 2) + "\n");
  return { status: "recorded", record, snapshotBytes: gz.length };
}
