// Fault tests (run by .ci/run, not by npm test: each builds the site several times). A build is
// killed with SIGKILL at points of the pipeline write, Astro, the search index and the swaps; its
// output folders are watched the whole time. Invariant: generated/ and dist/ each exist at every
// moment and are each either the complete previous output or the complete new one; the next run
// succeeds and leaves nothing behind. Also: a full disk, and two builds started together.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, FIXTURES, outputLeftovers, readTree, tmpDir } from "../helpers.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const KEY = "faults-key-0123456789abcdef";
const SMALL = path.join(FIXTURES, "small", "input");

type Tree = Map<string, Buffer>;

/** A department folder: the small fixture under another name and version. */
function department(dir: string, name: string, version: string): string {
  fs.cpSync(SMALL, dir, { recursive: true });
  const config = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8"));
  fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ ...config, name, short_name: name.split(" (")[0], version }, null, 2));
  return dir;
}

function args(dept: string, extra: string[] = []): string[] {
  return [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/cli.ts"), "build", "--data", dept, "--out", "generated", "--dist", "dist", "--report", path.join(path.dirname(dept), "report.md"), ...extra];
}

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...cleanEnv(), UOF_PSEUDONYM_KEY: KEY, NO_COLOR: "1", ASTRO_TELEMETRY_DISABLED: "1", ...extra });

/** Builds synchronously; throws with the output when it fails. */
function buildSync(cwd: string, dept: string): string {
  const r = spawnSync(process.execPath, args(dept), { cwd, env: env(), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build failed in ${cwd}:\n${r.stdout}${r.stderr}`);
  return r.stdout + r.stderr;
}

/** Copies a work folder, keeping output links as links. */
function copyWork(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
}

const snapshot = (p: string): Tree | null => (fs.existsSync(p) ? readTree(p) : null);

/** Which complete output a folder holds: "previous", "new", or a description of what is wrong. */
function which(tree: Tree | null, previous: Tree, next: Tree): string {
  if (tree === null) return "missing";
  const same = (a: Tree, b: Tree) => a.size === b.size && [...a].every(([k, v]) => b.get(k)?.equals(v));
  if (same(tree, previous)) return "previous";
  if (same(tree, next)) return "new";
  const differ = (a: Tree, b: Tree) => [...new Set([...a.keys(), ...b.keys()])].filter((k) => !a.get(k)?.equals(b.get(k) ?? Buffer.alloc(0)));
  return `a mix (${tree.size} files; against the previous output ${differ(tree, previous).slice(0, 4).join(", ")}; against the new ${differ(tree, next).slice(0, 4).join(", ")})`;
}

/** Watches paths every few milliseconds and records any moment one of them was missing. */
function watchExists(paths: string[]): { stop: () => string[] } {
  const missing: string[] = [];
  const timer = setInterval(() => {
    for (const p of paths) if (!fs.existsSync(p)) missing.push(`${path.basename(p)} at ${new Date().toISOString()}`);
  }, 2);
  return { stop: () => (clearInterval(timer), missing) };
}

/** Starts a build in its own process group. */
function start(cwd: string, dept: string, extraEnv: NodeJS.ProcessEnv = {}): { child: ChildProcess; output: () => string; done: Promise<number | null> } {
  const child = spawn(process.execPath, args(dept), { cwd, env: env(extraEnv), detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const done = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  return { child, output: () => out, done };
}

async function until(test: () => boolean, what: string, ms = 240_000): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** A file exists in any half-written build of an output. */
function writing(output: string, inside = ""): boolean {
  const store = path.join(path.dirname(output), `.${path.basename(output)}.builds`);
  if (!fs.existsSync(store)) return false;
  return fs.readdirSync(store).some((b) => b.startsWith("tmp-") && fs.existsSync(path.join(store, b, inside)) && (inside !== "" || fs.readdirSync(path.join(store, b)).length > 0));
}

let base: string;
let deptNew: string;
let prev: { generated: Tree; dist: Tree };
let next: { generated: Tree; dist: Tree };

beforeAll(() => {
  base = tmpDir("uof-faults-");
  // The previous release, built in base/prev; the new input's complete output, built in base/ref.
  const deptOld = department(path.join(base, "old"), "Example Police Department (test fixture)", "test.1");
  deptNew = department(path.join(base, "new"), "Example Police Department (test fixture, revised)", "test.2");
  fs.mkdirSync(path.join(base, "prev"));
  buildSync(path.join(base, "prev"), deptOld);
  fs.mkdirSync(path.join(base, "ref"));
  buildSync(path.join(base, "ref"), deptNew);
  prev = { generated: readTree(path.join(base, "prev/generated")), dist: readTree(path.join(base, "prev/dist")) };
  next = { generated: readTree(path.join(base, "ref/generated")), dist: readTree(path.join(base, "ref/dist")) };
  // The two differ, so that "previous or new" means something.
  expect(which(next.dist, prev.dist, prev.dist)).not.toBe("previous");
}, 600_000);

afterAll(() => {
  if (base) fs.rmSync(base, { recursive: true, force: true });
});

/** Kills a build of the new input at a point, checks the invariant there and after a clean run. */
async function killAt(point: { pause?: string; when?: (work: string) => boolean }, label: string, setup?: (work: string) => void): Promise<Last> {
  const work = path.join(base, `case-${label}`);
  copyWork(path.join(base, "prev"), work);
  setup?.(work);
  const marker = path.join(base, `marker-${label}`);
  const watch = watchExists([path.join(work, "generated"), path.join(work, "dist")]);
  const run = start(work, deptNew, point.pause ? { UOF_FAULT_PAUSE: point.pause, UOF_FAULT_MARKER: marker } : {});
  try {
    await until(() => (point.pause ? fs.existsSync(marker) : point.when!(work)) || run.child.exitCode !== null, `the build to reach ${label}`);
    expect(run.child.exitCode, `the build ended before ${label}:\n${run.output()}`).toBeNull();
  } finally {
    killGroup(run.child);
  }
  await run.done;
  const gaps = watch.stop();
  const leftAfterKill = fs.readdirSync(work).sort();
  const state = { generated: which(snapshot(path.join(work, "generated")), prev.generated, next.generated), dist: which(snapshot(path.join(work, "dist")), prev.dist, next.dist) };
  // The next run cleans up and publishes the new output.
  const after = spawnSync(process.execPath, args(deptNew), { cwd: work, env: env(), encoding: "utf8" });
  return { gaps, state, after, work, leftAfterKill };
}

/** What a killed build left, and the run after it. */
type Last = { gaps: string[]; state: { generated: string; dist: string }; after: ReturnType<typeof spawnSync>; work: string; leftAfterKill: string[] };

function expectRecovered(l: Last): void {
  expect(l.after.status, `${l.after.stdout}${l.after.stderr}`).toBe(0);
  expect(which(readTree(path.join(l.work, "generated")), prev.generated, next.generated)).toBe("new");
  expect(which(readTree(path.join(l.work, "dist")), prev.dist, next.dist)).toBe("new");
  expect(outputLeftovers(path.join(l.work, "generated"))).toEqual([]);
  expect(outputLeftovers(path.join(l.work, "dist"))).toEqual([]);
  expect(fs.readdirSync(l.work).filter((n) => n.endsWith(".lock") || n.includes(".lock."))).toEqual([]);
}

describe("SIGKILL at any point of a build", () => {
  const cases: [string, { pause?: string; when?: (work: string) => boolean }, { generated: string[]; dist: string[] }][] = [
    ["pipeline write (generated half written)", { pause: "generated-write" }, { generated: ["previous"], dist: ["previous"] }],
    ["between the generated build's completion and its swap", { pause: "generated-swap" }, { generated: ["previous"], dist: ["previous"] }],
    ["after the generated swap, before the old build is removed", { pause: "generated-cleanup" }, { generated: ["new"], dist: ["previous"] }],
    ["Astro writing the site", { when: (w) => writing(path.join(w, "dist")) }, { generated: ["new"], dist: ["previous"] }],
    ["the search index being written", { when: (w) => writing(path.join(w, "dist"), "pagefind") }, { generated: ["new"], dist: ["previous"] }],
    ["between the site build's completion and its swap", { pause: "dist-swap" }, { generated: ["new"], dist: ["previous"] }],
    ["after the site swap, before the old site is removed", { pause: "dist-cleanup" }, { generated: ["new"], dist: ["new"] }],
  ];
  for (const [label, point, want] of cases) {
    it(`killed at: ${label}`, { timeout: 600_000 }, async () => {
      const l = await killAt(point, label.replace(/[^a-z]+/gi, "-"));
      expect(l.gaps, "a moment when an output folder did not exist").toEqual([]);
      expect(want.generated).toContain(l.state.generated);
      expect(want.dist).toContain(l.state.dist);
      expectRecovered(l);
    });
  }

  it("an older kit's real dist/ folder, killed between the two renames that make it a link, is restored by the next run", { timeout: 600_000 }, async () => {
    const l = await killAt({ pause: "dist-migrate" }, "migrate", (work) => {
      // dist as an older kit left it: a real folder.
      const real = fs.realpathSync(path.join(work, "dist"));
      fs.rmSync(path.join(work, "dist"));
      fs.cpSync(real, path.join(work, "dist"), { recursive: true });
      fs.rmSync(path.dirname(real), { recursive: true });
    });
    // The one moment without dist/: between renaming the old folder aside and putting the link in its place.
    expect(l.state.dist).toBe("missing");
    expect(l.leftAfterKill.some((n) => n.startsWith("dist.old-"))).toBe(true);
    expectRecovered(l);
  });
});

describe("a full disk", () => {
  let mount: string | null = null;
  let why = "";
  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uof-full-"));
    const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", dir], { encoding: "utf8" });
    if (r.status === 0) mount = dir;
    else why = `mount -t tmpfs failed (${(r.stderr || r.error?.message || "").trim()}): the full-disk tests need to mount a small tmpfs, which needs root (as in CI)`;
  });
  afterAll(() => {
    if (mount) spawnSync("umount", [mount]);
  });

  /** Copies the previous release onto the small disk and fills it, leaving `free` bytes. */
  function fill(label: string, free: number): string {
    if (!mount) throw new Error(why);
    const work = path.join(mount, label);
    copyWork(path.join(base, "prev"), work);
    const st = fs.statfsSync(mount);
    const avail = st.bavail * st.bsize;
    fs.writeFileSync(path.join(mount, `filler-${label}`), Buffer.alloc(Math.max(0, avail - free)));
    return work;
  }

  for (const [label, free, stage] of [["while the data is written", 64 << 10, "data"], ["while the site is written", 700 << 10, "site"]] as const) {
    it(`ends with a located message and the previous output whole, ${label}`, { timeout: 600_000 }, () => {
      const work = fill(stage, free);
      try {
      const report = path.join(base, `report-full-${stage}.md`);
      const r = spawnSync(process.execPath, [...args(deptNew).slice(0, -1), report], { cwd: work, env: env(), encoding: "utf8" });
      const output = r.stdout + r.stderr;
      expect(r.status, output).toBe(1);
      expect(output).toMatch(stage === "data" ? /generated\/?.*: no space is left on the device \(ENOSPC/ : /The (site build|search index) failed; nothing was published and dist was left as it was/);
      expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(which(readTree(path.join(work, "generated")), prev.generated, next.generated)).toBe(stage === "data" ? "previous" : "new");
      expect(which(readTree(path.join(work, "dist")), prev.dist, next.dist)).toBe("previous");
      expect(outputLeftovers(path.join(work, "generated"))).toEqual([]);
      expect(outputLeftovers(path.join(work, "dist"))).toEqual([]);
      // With space again, the same build goes through.
      fs.rmSync(path.join(mount!, `filler-${stage}`));
      const again = spawnSync(process.execPath, args(deptNew), { cwd: work, env: env(), encoding: "utf8" });
      expect(again.status, again.stdout + again.stderr).toBe(0);
      expect(which(readTree(path.join(work, "dist")), prev.dist, next.dist)).toBe("new");
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
        fs.rmSync(path.join(mount!, `filler-${stage}`), { force: true });
      }
    });
  }
});

describe("two builds started together in one checkout", () => {
  it("the second waits for the first, naming it, and each site carries its own department's numbers", { timeout: 600_000 }, async () => {
    const work = path.join(base, "concurrent");
    fs.mkdirSync(work);
    const other = department(path.join(base, "other"), "Other Town Police Department (test fixture)", "other.1");
    // Another population, so that its per-resident rates differ as well as its name.
    const cfg = JSON.parse(fs.readFileSync(path.join(other, "config.json"), "utf8"));
    fs.writeFileSync(path.join(other, "config.json"), JSON.stringify({ ...cfg, population: 12345 }));
    const a = start(work, deptNew);
    await new Promise((r) => setTimeout(r, 1000));
    const b = start(work, other);
    const [codeA, codeB] = await Promise.all([a.done, b.done]);
    expect(codeA, a.output()).toBe(0);
    expect(codeB, b.output()).toBe(0);
    // (The process named is the first build's command-line process, a child of the one started here.)
    expect(b.output()).toMatch(/Waiting for process \d+ \(build --data \S*\/new, started [^)]+\), which is writing the same output/);
    // The last build is the other department's, and its site was built from its own data.
    const agg = JSON.parse(fs.readFileSync(path.join(work, "generated/site/aggregates.json"), "utf8"));
    expect(agg.meta.department).toBe("Other Town Police Department (test fixture)");
    const home = fs.readFileSync(path.join(work, "dist/index.html"), "utf8");
    expect(home).toContain("Other Town Police Department");
    expect(home).not.toContain("revised");
    expect(fs.readFileSync(path.join(work, "dist/downloads/incidents.csv"))).toEqual(fs.readFileSync(path.join(work, "generated/downloads/incidents.csv")));
    expect(outputLeftovers(path.join(work, "dist"))).toEqual([]);
  });
});
