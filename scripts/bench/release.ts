// Benchmark: release snapshots. A synthetic department is built through the pipeline twice, the
// second time with one more year of data (as a yearly update), and about 1% of the past lines
// of the second release's downloads are then revised; both releases are recorded in a release
// history. Prints each snapshot's size, the time to encode, apply, record and rebuild, and peak
// memory (each measured in a process of its own). Asserts nothing.
//
//   npm run bench:release                          the committed sample and 100k incidents
//   npm run bench:release -- --incidents 1000000   another size (or "sample"; several: 100000,1000000)
//   BENCH_KEEP=1 npm run bench:release              keep the releases and the history, and print where
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { diskIo } from "../pipeline/io.ts";
import { runPipeline } from "../pipeline/run.ts";
import { defaultSampleOptions, generateSample, type SampleOptions } from "../sample/generate.ts";
import { readHistory, reconstruct, recordRelease } from "../release/history.ts";
import { compareReleases, releaseFromDir } from "../release/changes.ts";
import { listFiles } from "../release/stage.ts";
import { applySnapshot, encodeSnapshot, readReleaseFiles, sha256, type ReleaseFiles } from "../release/snapshot.ts";
import { measureInChild, reportFromChild } from "./child.ts";

const SELF = import.meta.filename;
const KEY = "bench-key-0123456789abcdef";
const FINGERPRINT = "0123456789abcdef0123456789abcdef";
const BUNDLE = { name: "bench.zip", sha256: "0".repeat(64), bytes: 0 };
/** One past line in this many is revised in release 2. */
const REVISE_EVERY = 100;


function downloads(root: string, release: 1 | 2): ReleaseFiles {
  const dir = path.join(root, `r${release}`, "generated", "downloads");
  return readReleaseFiles(dir, listFiles(dir));
}

function child(mode: string, root: string): void {
  const t0 = performance.now();
  if (mode === "pipeline1" || mode === "pipeline2") {
    const base = path.join(root, `r${mode.at(-1)}`);
    runPipeline(diskIo, {
      dataDir: path.join(base, "data"), outDir: path.join(base, "generated"), key: KEY, allowRejected: false,
      reportPath: path.join(base, "report.md"), log: { info: () => {}, progress: () => {} },
    });
    reportFromChild(t0, {});
  } else if (mode === "encode") {
    // Snapshot sizes and the time to encode and apply each, with both releases in memory.
    const r1 = downloads(root, 1);
    const r2 = downloads(root, 2);
    const bytes1 = [...r1.values()].reduce((n, l) => n + l.data.length, 0);
    const bytes2 = [...r2.values()].reduce((n, l) => n + l.data.length, 0);
    let t = performance.now();
    const s1 = encodeSnapshot(null, r1);
    const encode1 = (performance.now() - t) / 1000;
    t = performance.now();
    const s2 = encodeSnapshot(r1, r2);
    const encode2 = (performance.now() - t) / 1000;
    t = performance.now();
    const a1 = applySnapshot(null, s1);
    const apply1 = (performance.now() - t) / 1000;
    t = performance.now();
    const a2 = applySnapshot(a1, s2);
    const apply2 = (performance.now() - t) / 1000;
    for (const [p, l] of r2) if (sha256(a2.get(p)!.data) !== sha256(l.data)) throw new Error(`${p} does not round trip`);
    reportFromChild(t0, { files: r2.size, bytes1, bytes2, snapshot1: s1.length, snapshot2: s2.length, encode1, encode2, apply1, apply2 });
  } else if (mode === "record") {
    // Recording both releases into a department's history, as `npm run release` would.
    const dept = path.join(root, "dept");
    fs.rmSync(dept, { recursive: true, force: true });
    let t = performance.now();
    recordRelease(dept, { version: "1", released: "2025-01-31", notes: "", key: FINGERPRINT, files: downloads(root, 1), bundle: BUNDLE });
    const record1 = (performance.now() - t) / 1000;
    t = performance.now();
    recordRelease(dept, { version: "2", released: "2026-01-31", notes: "", key: FINGERPRINT, files: downloads(root, 2), bundle: BUNDLE });
    const record2 = (performance.now() - t) / 1000;
    reportFromChild(t0, { record1, record2 });
  } else if (mode === "compare") {
    // What changed between the two releases, as the data stage computes it for the change page.
    const dir = (r: number) => path.join(root, `r${r}`, "generated", "downloads");
    const c = compareReleases(releaseFromDir(dir(1)), releaseFromDir(dir(2)), {
      version: "2", released: "2026-01-31", notes: "", previous: { version: "1", released: "2025-01-31" }, pseudonyms: "same",
    });
    const rows = (k: "added" | "withdrawn" | "revised" | "protection") => c.tables.reduce((n, t) => n + t[k].length, 0);
    reportFromChild(t0, { added: rows("added"), withdrawn: rows("withdrawn"), revised: rows("revised"), protection: rows("protection"), moved: c.moved.length, totals: c.totals.length });
  } else if (mode === "reconstruct") {
    // Rebuilding the newest release from the history alone, as the data stage does for old releases.
    const dept = path.join(root, "dept");
    const { history } = readHistory(dept);
    const files = reconstruct(dept, history, "2");
    reportFromChild(t0, { files: files.size });
  } else throw new Error(`unknown mode ${mode}`);
}

/** Writes a generated department, leaving out `dropYear` (the year release 2 adds). */
function writeDepartment(files: Map<string, string>, dataDir: string, dropYear: number | null): void {
  for (const [rel, content] of files) {
    let text = content;
    if (dropYear !== null) {
      if (new RegExp(`/${dropYear}\\.csv$`).test(rel)) continue;
      // Tables of every year in one file (population, training): leave out that year's rows.
      if (/^(population|training)\//.test(rel)) text = content.split("\n").filter((l) => !l.startsWith(`${dropYear},`)).join("\n");
    }
    const p = path.join(dataDir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
}

/** Revises about 1% of the lines release 2 shares with release 1 (changes one character near the end of each). */
function revisePastLines(root: string): number {
  const r1Dir = path.join(root, "r1", "generated", "downloads");
  const r2Dir = path.join(root, "r2", "generated", "downloads");
  let revised = 0;
  for (const rel of listFiles(r2Dir)) {
    if (!rel.endsWith(".csv") || !fs.existsSync(path.join(r1Dir, rel))) continue;
    const before = new Set<string>();
    // Line sets of the past release, one file at a time (files of a 1M department fit as Buffers, not as one string).
    for (const line of splitLines(fs.readFileSync(path.join(r1Dir, rel)))) before.add(line);
    const file = path.join(r2Dir, rel);
    const out: Buffer[] = [];
    let k = 0;
    for (const line of splitLines(fs.readFileSync(file))) {
      let l = line;
      if (k++ > 0 && before.has(line) && k % REVISE_EVERY === 0 && line.length > 2) {
        const c = line.charCodeAt(line.length - 2);
        l = line.slice(0, -2) + String.fromCharCode(c === 0x31 ? 0x32 : 0x31) + line.slice(-1);
        revised++;
      }
      out.push(Buffer.from(l + "\n"));
    }
    fs.writeFileSync(file, Buffer.concat(out));
  }
  return revised;
}

function* splitLines(data: Buffer): Iterable<string> {
  let at = 0;
  for (let i = data.indexOf(10); i !== -1; at = i + 1, i = data.indexOf(10, at)) yield data.toString("utf8", at, i);
  if (at < data.length) yield data.toString("utf8", at);
}

function options(size: string): SampleOptions {
  if (size === "sample") return { ...defaultSampleOptions };
  const n = Number(size);
  if (!(n > 0)) throw new Error(`--incidents takes "sample" or a number of incidents, got "${size}"`);
  const years = 10;
  return { seed: 7, firstYear: 2015, years, incidentsPerYear: Math.round(n / years), districts: 12 };
}

const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
const kb = (b: number) => `${b.toLocaleString("en-US")} bytes (${(b / 1e6).toFixed(3)} MB)`;
const s = (x: number) => `${x.toFixed(2)} s`;

function main(): void {
  const at = process.argv.indexOf("--incidents");
  const sizes = (at !== -1 ? process.argv[at + 1] ?? "" : "sample,100000").split(",");
  console.log(`Release snapshot benchmark on ${os.cpus().length} cores, Node ${process.version}`);
  for (const size of sizes) {
    const opts = options(size);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "uof-bench-release-"));
    try {
      const lastYear = opts.firstYear + opts.years - 1;
      let t = performance.now();
      const files = generateSample(opts);
      writeDepartment(files, path.join(root, "r1", "data"), lastYear);
      writeDepartment(files, path.join(root, "r2", "data"), null);
      files.clear();
      const p1 = measureInChild<object>(SELF, "pipeline1", root);
      const p2 = measureInChild<object>(SELF, "pipeline2", root);
      const revised = revisePastLines(root);
      const label = size === "sample" ? "the sample department" : `${Number(size).toLocaleString("en-US")} incidents`;
      console.log(`\n${label}: release 1 = ${opts.firstYear}-${lastYear - 1}, release 2 adds ${lastYear} and revises ${revised.toLocaleString("en-US")} past lines`);
      console.log(`  pipeline runs:            ${s(p1.seconds)}, ${s(p2.seconds)} (setup ${s((performance.now() - t) / 1000)} in all)`);
      const e = measureInChild<{ files: number; bytes1: number; bytes2: number; snapshot1: number; snapshot2: number; encode1: number; encode2: number; apply1: number; apply2: number }>(SELF, "encode", root);
      console.log(`  release files:            ${e.files}; ${mb(e.bytes1)} (release 1), ${mb(e.bytes2)} (release 2)`);
      console.log(`  snapshot of release 1:    ${kb(e.snapshot1)} (full copy), encoded in ${s(e.encode1)}, applied in ${s(e.apply1)}`);
      console.log(`  snapshot of release 2:    ${kb(e.snapshot2)} (delta), encoded in ${s(e.encode2)}, applied in ${s(e.apply2)}`);
      console.log(`  delta / full:             ${((100 * e.snapshot2) / e.snapshot1).toFixed(1)}%`);
      console.log(`  encode + apply process:   peak ${Math.round(e.maxRssMB)} MB`);
      const r = measureInChild<{ record1: number; record2: number }>(SELF, "record", root);
      console.log(`  record both releases:     ${s(r.record1)} + ${s(r.record2)} (rebuild, encode, verify, write), peak ${Math.round(r.maxRssMB)} MB`);
      const d = measureInChild<{ added: number; withdrawn: number; revised: number; protection: number; moved: number; totals: number }>(SELF, "compare", root);
      console.log(`  compare the two releases: ${s(d.seconds)}, peak ${Math.round(d.maxRssMB)} MB (rows: ${d.added.toLocaleString("en-US")} added, ${d.withdrawn.toLocaleString("en-US")} withdrawn, ${d.revised.toLocaleString("en-US")} revised, ${d.protection.toLocaleString("en-US")} protection only; ${d.moved.toLocaleString("en-US")} incidents moved; ${d.totals.toLocaleString("en-US")} totals moved)`);
      const c = measureInChild<{ files: number }>(SELF, "reconstruct", root);
      console.log(`  rebuild release 2:        ${s(c.seconds)} from its history (${c.files} files checked), peak ${Math.round(c.maxRssMB)} MB`);
    } finally {
      if (process.env.BENCH_KEEP) console.log(`  kept in ${root}`);
      else fs.rmSync(root, { recursive: true, force: true });
    }
  }
}

if (process.argv[2] === "--child") child(process.argv[3], process.argv[4]);
else main();
