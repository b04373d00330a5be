// Benchmark: the whole build command (pipeline, astro build, search index) on the sample
// department and on a synthetic 100k-incident one, in both incident page layouts, with the
// size of what it writes and the bytes a browser fetches for the home page and for one search,
// without and with a filter (the search weight). Prints figures against their targets; asserts nothing.
//
//   npm run bench:site
//   BENCH_CASES=sample npm run bench:site                 only the committed sample
//   BENCH_LAYOUTS=grouped BENCH_INCIDENTS=100000 npm run bench:site
//   BENCH_QUERY=taser BENCH_KEEP=1 npm run bench:site       another query; keep the built sites
//   BENCH_FILTER="injury" npm run bench:site                another filter for the filtered search
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { launchChromium, serveStatic } from "../../tests/e2e/browser.ts";
import { copyDepartment } from "../../tests/helpers.ts";
import { generateSample } from "../sample/generate.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const CLI = path.join(ROOT, "scripts/cli.ts");
const KEY = "bench-key-0123456789abcdef";
const TIME = "/usr/bin/time";

interface Build {
  seconds: number;
  /** Largest single process (GNU time %M), MB; null without /usr/bin/time. */
  maxProcessMB: number | null;
  /** Largest sum over the whole process tree, sampled every 100 ms from /proc, MB. */
  peakTreeMB: number | null;
  /** The processes alive at that peak, largest first: "astro.js 1,234 MB". */
  atPeak: string[];
  /** Seconds of each stage, from the build's own log lines. */
  stages: Record<string, number>;
}

/** A process of the build and its resident memory. */
interface Proc { pid: number; kb: number; name: string }

/** The processes of a tree (a process and all its descendants) with their resident memory (Linux /proc); null elsewhere. */
function treeProcs(root: number): Proc[] | null {
  if (!fs.existsSync("/proc/self/status")) return null;
  const children = new Map<number, number[]>();
  const procs = new Map<number, Proc>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const pid = Number(entry);
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean);
      // The script or binary that tells the build's processes apart: cli.ts, astro.js, search.ts, pagefind.
      const name = path.basename(cmd.findLast((a) => /\.(ts|js|mjs)$/.test(a)) ?? cmd[0] ?? "?");
      procs.set(pid, { pid, kb, name });
      const list = children.get(ppid);
      if (list) list.push(pid);
      else children.set(ppid, [pid]);
    } catch {
      // The process ended while we looked.
    }
  }
  const out: Proc[] = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    const proc = procs.get(p);
    if (proc) out.push(proc);
    stack.push(...(children.get(p) ?? []));
  }
  return out;
}

/** Runs the real build command in a child process, timing it and sampling its memory. */
async function build(dataDir: string, work: string, layout: string): Promise<Build> {
  const timeFile = path.join(work, "time.txt");
  const useTime = fs.existsSync(TIME);
  // A copy of the department's folder, so that the key check a run writes there stays out of it.
  const dept = path.join(work, "dept");
  copyDepartment(dataDir, dept);
  const args = [TSX, CLI, "build", "--data", dept, "--out", path.join(work, "generated"), "--dist", path.join(work, "dist"), "--report", path.join(work, "report.md")];
  const [cmd, argv] = useTime ? [TIME, ["-f", "%e %M", "-o", timeFile, process.execPath, ...args]] : [process.execPath, args];
  const t0 = performance.now();
  const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, UOF_PSEUDONYM_KEY: KEY, UOF_INCIDENT_PAGES: layout, ASTRO_TELEMETRY_DISABLED: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  let peak: number | null = null;
  let atPeak: Proc[] = [];
  const timer = setInterval(() => {
    const procs = treeProcs(child.pid!);
    if (procs === null) return;
    const kb = procs.reduce((n, p) => n + p.kb, 0);
    if (kb > (peak ?? -1)) {
      peak = kb;
      atPeak = procs;
    }
  }, 100);
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  clearInterval(timer);
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`build failed (exit ${code}):\n${log.slice(-3000)}`);
  let seconds = wall;
  let maxProcessMB: number | null = null;
  if (useTime) {
    const [e, m] = fs.readFileSync(timeFile, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number);
    seconds = e;
    maxProcessMB = m / 1024;
  }
  const stages: Record<string, number> = {};
  const pipeline = /done in ([\d.]+) s/.exec(log);
  const search = /^search\s.*\(([\d.]+) s\)$/m.exec(log);
  const site = /^site\s.*\(([\d.]+) s\)$/m.exec(log);
  if (pipeline) stages.pipeline = Number(pipeline[1]);
  const csp = /^csp\s.*\(([\d.]+) s\)$/m.exec(log);
  if (site && search) stages["astro build"] = Number(site[1]) - Number(search[1]) - (csp ? Number(csp[1]) : 0);
  if (search) stages["search index"] = Number(search[1]);
  if (csp) stages["content security policy"] = Number(csp[1]);
  const top = atPeak.filter((p) => p.kb > 100 * 1024).sort((a, b) => b.kb - a.kb).map((p) => `${p.name} ${n(Math.round(p.kb / 1024))} MB`);
  return { seconds, maxProcessMB, peakTreeMB: peak === null ? null : peak / 1024, atPeak: top, stages };
}

interface Part { files: number; bytes: number }

/** Files and bytes of a built site: HTML, search index, downloads, other. */
function distSize(dist: string): Record<"html" | "search index" | "downloads" | "other" | "total", Part> {
  const out = { html: { files: 0, bytes: 0 }, "search index": { files: 0, bytes: 0 }, downloads: { files: 0, bytes: 0 }, other: { files: 0, bytes: 0 }, total: { files: 0, bytes: 0 } };
  for (const e of fs.readdirSync(dist, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    const rel = path.relative(dist, full);
    const size = fs.statSync(full).size;
    const part = rel.startsWith("pagefind/") ? out["search index"] : rel.startsWith("downloads/") ? out.downloads : rel.endsWith(".html") ? out.html : out.other;
    part.files++;
    part.bytes += size;
    out.total.files++;
    out.total.bytes += size;
  }
  return out;
}

interface Fetched { requests: number; bytes: number; gzipBytes: number; otherOrigins: number; note: string }

/** The search weight target: bytes a search fetches, gzipped, with or without a filter. */
const SEARCH_TARGET = 500 * 1024;

/**
 * Loads pages in Chromium over a local server and sums the bodies of every response: the home
 * page; the search page with a query typed in; and the search page opened at the address of that
 * query with one value of one filter chosen (`filter`: the value with the fewest results, at least
 * a page of them, so the first results come from as many search units as a filter can spread them).
 */
async function browserBytes(dist: string, query: string, filter: string): Promise<{ home: Fetched; search: Fetched; filtered: Fetched }> {
  const server = await serveStatic(dist);
  const browser = await launchChromium();
  try {
    const visit = async (pathname: string, act?: (page: import("playwright-core").Page) => Promise<string>): Promise<Fetched> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const bodies: Promise<void>[] = [];
      const f: Fetched = { requests: 0, bytes: 0, gzipBytes: 0, otherOrigins: 0, note: "" };
      page.on("request", (req) => {
        if (!req.url().startsWith(server.origin) && !req.url().startsWith("data:")) f.otherOrigins++;
      });
      page.on("response", (res) => {
        bodies.push(res.body().then((b) => {
          f.requests++;
          f.bytes += b.length;
          f.gzipBytes += gzipSync(b).length;
        }, () => {}));
      });
      await page.goto(server.origin + pathname, { waitUntil: "networkidle" });
      if (act) f.note = await act(page);
      await page.waitForLoadState("networkidle");
      await Promise.all(bodies);
      await context.close();
      return f;
    };
    const settled = async (page: import("playwright-core").Page): Promise<string> => {
      await page.waitForFunction(() => /\d/.test(document.getElementById("search-status")?.textContent ?? ""), undefined, { timeout: 60_000 });
      await page.locator("#search-results > li").first().waitFor({ timeout: 60_000 });
      return (await page.locator("#search-status").textContent())?.trim() ?? "";
    };
    const home = await visit("/");
    let choice: { param: string; value: string } | null = null;
    const search = await visit("/search/", async (page) => {
      await page.locator("#search-input").fill(query);
      const note = await settled(page);
      // The filter's values and their counts for this query, as the page shows them.
      const values = await page.locator(".filter-group").evaluateAll((groups, name) => {
        const group = groups.find((g) => g.querySelector(".filter-name")?.textContent === name);
        return [...(group?.querySelectorAll("li") ?? [])].map((li) => ({
          value: (li.querySelector("input") as HTMLInputElement).value,
          count: Number(li.querySelector(".filter-count")?.textContent?.replace(/\D/g, "") ?? 0),
        }));
      }, filter);
      const pick = values.filter((v) => v.count >= 10).sort((a, b) => a.count - b.count)[0];
      if (pick) choice = { param: filter.replace(/ /g, "-"), value: pick.value };
      return note;
    });
    const c = choice as { param: string; value: string } | null;
    const filtered = c
      ? await visit(`/search/?${new URLSearchParams([["q", query], [c.param, c.value]])}`, async (page) => `${filter}: ${c.value}; ${await settled(page)}`)
      : { requests: 0, bytes: 0, gzipBytes: 0, otherOrigins: 0, note: `no value of "${filter}" has 10 results for this query` };
    return { home, search, filtered };
  } finally {
    await browser.close();
    await server.close();
  }
}

const kb = (b: number) => `${(b / 1024).toLocaleString("en-US", { maximumFractionDigits: 1 })} KB`;
const mb = (b: number) => `${(b / 1e6).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB`;
const n = (x: number) => x.toLocaleString("en-US");
const ok = (good: boolean) => (good ? "meets target" : "MISSES target");

async function runCase(name: string, dataDir: string, layout: string, query: string, filter: string, keep: boolean): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `uof-bench-site-${name.replace(/[^a-z0-9]+/gi, "")}-${layout}-`));
  try {
    console.log(`\n${name}, ${layout} incident pages`);
    const b = await build(dataDir, work, layout);
    const dist = path.join(work, "dist");
    const peak = Math.max(b.peakTreeMB ?? 0, b.maxProcessMB ?? 0);
    console.log(`  build time:            ${b.seconds.toFixed(1)} s (${Object.entries(b.stages).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(", ")}); ${ok(b.seconds < 300)} < 5 min`);
    console.log(`  peak memory:           ${b.peakTreeMB === null ? "n/a" : `${n(Math.round(b.peakTreeMB))} MB`} all processes together (${b.atPeak.join(", ")}), ${b.maxProcessMB === null ? "n/a" : `${n(Math.round(b.maxProcessMB))} MB`} largest process (GNU time); ${ok(peak < 2048)} < 2 GB`);
    const s = distSize(dist);
    for (const [k, v] of Object.entries(s)) console.log(`  dist ${(k + ":").padEnd(17)} ${n(v.files).padStart(7)} files ${mb(v.bytes).padStart(10)}`);
    console.log(`  dist targets:          ${ok(s.total.bytes < 1e9)} < 1 GB; ${s.total.files < 20_000 ? "fits" : "DOES NOT fit"} a 20,000-file host cap`);
    const { home, search, filtered } = await browserBytes(dist, query, filter);
    console.log(`  home page fetch:       ${home.requests} requests, ${kb(home.bytes)} (${kb(home.gzipBytes)} gzipped); ${ok(home.gzipBytes < 100 * 1024)} < 100 KB transferred; requests to other origins: ${home.otherOrigins}`);
    console.log(`  search weight:         "${query}": ${search.requests} requests, ${kb(search.gzipBytes)} gzipped (${kb(search.bytes)} as served); ${ok(search.gzipBytes < SEARCH_TARGET)} < 500 KB; "${search.note}"; requests to other origins: ${search.otherOrigins}`);
    console.log(`  search weight, filter: "${query}" and ${filtered.note.split("; ")[0]}: ${filtered.requests} requests, ${kb(filtered.gzipBytes)} gzipped (${kb(filtered.bytes)} as served); ${ok(filtered.requests > 0 && filtered.gzipBytes < SEARCH_TARGET)} < 500 KB; "${filtered.note.split("; ").slice(1).join("; ")}"; requests to other origins: ${filtered.otherOrigins}`);
    if (keep) console.log(`  kept in ${work}`);
  } finally {
    if (!keep) fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const cases = (process.env.BENCH_CASES ?? "sample,synthetic").split(",");
  const layouts = (process.env.BENCH_LAYOUTS ?? "grouped,single").split(",");
  const incidents = Number(process.env.BENCH_INCIDENTS ?? 100_000);
  const query = process.env.BENCH_QUERY ?? "crisis";
  const filter = process.env.BENCH_FILTER ?? "force level";
  const keep = process.env.BENCH_KEEP === "1";
  console.log(`Site benchmark on ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; bytes fetched are response bodies as served (uncompressed) and gzipped`);
  if (cases.includes("sample")) for (const layout of layouts) await runCase("sample", path.join(ROOT, "data"), layout, query, filter, keep);
  if (cases.includes("synthetic")) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uof-bench-data-"));
    try {
      const dataDir = path.join(dir, "data");
      const t0 = performance.now();
      const years = 10;
      const files = generateSample({ seed: 7, firstYear: 2015, years, incidentsPerYear: Math.round(incidents / years), districts: 12 });
      for (const [rel, content] of files) {
        const p = path.join(dataDir, rel);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, content);
      }
      files.clear();
      console.log(`\nsynthetic department: about ${n(incidents)} incidents, ${years} years, 12 districts, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      for (const layout of layouts) await runCase(`synthetic ${n(incidents)}`, dataDir, layout, query, filter, keep);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

await main();
