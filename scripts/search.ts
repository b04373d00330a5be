// Search index: after `astro build`, indexes the built site and the incident records (in search
// units, src/lib/searchUnits.ts) with Pagefind's Node API (its binary comes inside the npm
// package: nothing is downloaded) into <dist>/pagefind, with the unit file the search page reads.
// Run by `scripts/cli.ts build` on the temporary dist before it is swapped in.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import * as pagefind from "pagefind";
import type { IncidentRecord } from "../src/lib/aggregates.ts";
import { SEARCH_SHARD_MAX, incidentPageMode, searchBundlePath, searchShards, type IncidentPageMode } from "../src/lib/incidents.ts";
import {
  INCIDENT_INDEX_FILE, UNIT_MAX, incidentIndexFile, planUnits, unitDictionary, unitHtml, unitOfUrl, unitUrl,
  type IndexedUnit, type PlannedUnit,
} from "../src/lib/searchUnits.ts";

/** Top-level entries of the built site that are not pages to index. */
const NOT_INDEXED = new Set(["incidents", "search", "pagefind", "downloads", "_astro", "404.html"]);

/** What to index and where the pages' data is. */
export interface SearchOptions {
  /** The built site; the index goes to <dist>/pagefind. */
  dist: string;
  /** The site's loaders (src/lib/site.ts), reading the generated folder the site was built from. */
  site: Pick<typeof import("../src/lib/site.ts"), "incidentYears" | "loadIncidents"> & Partial<Pick<typeof import("../src/lib/site.ts"), "loadAggregates">>;
  mode: IncidentPageMode;
  /** Most incidents per search unit (default UNIT_MAX). */
  unitMax?: number;
  /** Most incidents per index (default SEARCH_SHARD_MAX). */
  shardMax?: number;
  log?: (line: string) => void;
}

/** What was indexed. */
export interface SearchResult {
  pages: number;
  incidents: number;
  units: number;
  indexes: number;
  files: number;
  bytes: number;
}

/**
 * The site's pages to index, other than the incident pages and the search page: paths relative to
 * the site, in sorted order (so the index's bytes do not depend on the order in which a file
 * system lists a folder).
 */
export function pageFiles(dist: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(path.join(dist, rel)).sort()) {
      if (rel === "" && NOT_INDEXED.has(name)) continue;
      const r = rel ? `${rel}/${name}` : name;
      if (fs.statSync(path.join(dist, r)).isDirectory()) walk(r);
      else if (name.endsWith(".html")) out.push(r);
    }
  };
  walk("");
  return out;
}

function treeSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += fs.statSync(path.join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

function check(what: string, errors: string[]): void {
  if (errors.length) throw new Error(`Pagefind could not ${what}:\n  ${errors.join("\n  ")}`);
}

// What a merged index needs: its entry, metadata and chunks. The script, styles and WebAssembly
// come from the first index (merged instances reuse its loaded WebAssembly).
const SHARD_KEEP = /^(pagefind-entry\.json|pagefind\..*\.pf_meta|index|filter|fragment)$/;

// Pagefind's ready-made interfaces, which the search page does not use (public/search.js draws
// its own with Pagefind's JS API): they insert index text as HTML, so they are not published.
const UNUSED_UI = /^pagefind-(ui|modular-ui|component-ui|highlight)\.(js|css)$/;

/**
 * Text as HTML text: & < > escaped. Incident records go into the index escaped, so the excerpt
 * Pagefind makes from them is escaped text with <mark> around the words found, like the rest.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Fragment files (the text of a page or unit, fetched whole by a result that shows it) kept below
 * this many over all indexes; above it Pagefind bundles fragments into shared files. A 100k
 * department (one index, about 2,000 units) gets one file per unit, and a bigger one stays far
 * below the 20,000-file cap of some static hosts.
 */
export const FRAGMENT_FILES = 10_000;

/** A Pagefind file's JSON: gzip whose content starts with "pagefind_dcd". */
function readPagefindJson(file: string): Record<string, unknown> {
  const raw = zlib.gunzipSync(fs.readFileSync(file));
  if (raw.subarray(0, 12).toString("latin1") !== "pagefind_dcd") throw new Error(`${file}: not a Pagefind file`);
  return JSON.parse(raw.subarray(12).toString("utf8")) as Record<string, unknown>;
}

interface Fragment {
  url: string;
  anchors: { element: string; id: string; location: number }[];
  filters: Record<string, string[]>;
}

/** The pages an index holds, by Pagefind page hash, from its fragment files (single or bundled). */
function readFragments(bundle: string): Map<string, Fragment> {
  const out = new Map<string, Fragment>();
  const dir = path.join(bundle, "fragment");
  for (const f of fs.readdirSync(dir).sort()) {
    const json = readPagefindJson(path.join(dir, f));
    const name = f.replace(/\.pf_fragment$/, "");
    // A bundle file maps page hashes to fragments; a single one is the fragment itself.
    if (typeof json.url === "string") out.set(name, json as unknown as Fragment);
    else for (const [hash, frag] of Object.entries(json)) out.set(hash, frag as Fragment);
  }
  return out;
}

/**
 * Builds the search indexes. The site's pages (policy and the rest, minus the incident and search
 * pages) are indexed from the built HTML. Incidents are indexed in search units (src/lib/searchUnits.ts),
 * and the file the search page reads to tell their incidents apart is written beside the first
 * index. A large department's units are split into indexes of at most SEARCH_SHARD_MAX incidents,
 * written one at a time, each by a fresh Pagefind process, to bound memory.
 */
export async function buildSearchIndex(o: SearchOptions): Promise<SearchResult> {
  const log = o.log ?? (() => {});
  const root = path.join(o.dist, "pagefind");
  fs.rmSync(root, { recursive: true, force: true });
  const years = o.site.incidentYears();
  // Filters on fields the department does not report are left out (they would offer only "Not recorded").
  const notReported = new Set(o.site.loadAggregates?.().meta.not_reported_fields ?? []);
  const shards = searchShards(years.map((y) => [y, o.site.loadIncidents(y).length] as const), o.shardMax ?? SEARCH_SHARD_MAX);
  const shardRecords = (n: number): IncidentRecord[] => (shards[n] ?? []).flatMap((part) => o.site.loadIncidents(part.year).slice(part.from, part.to));
  const dict = unitDictionary((function* () {
    for (let n = 0; n < shards.length; n++) yield* shardRecords(n);
  })(), notReported);
  const indexes = Math.max(shards.length, 1);
  const maxFragments = Math.floor(FRAGMENT_FILES / indexes);
  const planned: PlannedUnit[] = [];
  const indexed: IndexedUnit[] = [];
  const pages: Record<string, string> = {};
  // Page hashes of all indexes: the search page tells units apart by hash, so a hash may not
  // repeat between indexes (Pagefind keeps them apart within one).
  const seen = new Set<string>();
  let pageCount = 0;
  let incidents = 0;
  try {
    for (let n = 0; n < indexes; n++) {
      const units = planUnits(shardRecords(n), dict, notReported, o.unitMax ?? UNIT_MAX);
      const first = planned.length;
      const out = path.join(o.dist, searchBundlePath(n));
      for (let salt = 0; ; salt++) {
        if (salt > 5) throw new Error(`search index ${n + 1}: page hashes repeat those of an earlier index`);
        const { index, errors } = await pagefind.createIndex({ forceLanguage: "en", maxFragments });
        check("start", errors);
        if (!index) throw new Error("Pagefind returned no index");
        if (n === 0) {
          pageCount = 0;
          for (const rel of pageFiles(o.dist)) {
            const content = fs.readFileSync(path.join(o.dist, rel), "utf8");
            // A page that asks search engines to leave it out (a chart-only page for embedding) stays out of the site's search too.
            if (/<meta name="robots" content="noindex"/.test(content)) continue;
            const page = await index.addHTMLFile({ sourcePath: rel, content });
            check(`index ${rel}`, page.errors);
            pageCount++;
          }
        }
        // The service answers in order; a few hundred requests in flight keep it busy.
        for (let i = 0; i < units.length; i += 200) {
          const batch = units.slice(i, i + 200).map((u, j) => index.addHTMLFile({ url: unitUrl(first + i + j, salt), content: unitHtml(u, o.mode, escapeHtml) }));
          for (const r of await Promise.all(batch)) check("index incidents", r.errors);
        }
        fs.rmSync(out, { recursive: true, force: true });
        const written = await index.writeFiles({ outputPath: out });
        check(`write ${out}`, written.errors);
        // A fresh process for the next index gives back this one's memory.
        await pagefind.close();
        const fragments = readFragments(out);
        if ([...fragments.keys()].some((h) => seen.has(h))) continue;
        const byUnit = new Map<number, IndexedUnit>();
        for (const [hash, f] of fragments) {
          seen.add(hash);
          const u = unitOfUrl(f.url);
          if (u !== null) byUnit.set(u, { hash, starts: f.anchors.filter((a) => a.id).map((a) => a.location).sort((a, b) => a - b) });
          else if (f.filters?.type?.[0]) pages[hash] = f.filters.type[0];
        }
        for (let u = 0; u < units.length; u++) {
          const got = byUnit.get(first + u);
          if (!got) throw new Error(`search unit ${first + u} is missing from the index written to ${out}`);
          indexed.push(got);
        }
        break;
      }
      planned.push(...units);
      incidents += units.reduce((k, u) => k + u.incidents.length, 0);
      for (const f of fs.readdirSync(out)) if (n > 0 ? !SHARD_KEEP.test(f) : UNUSED_UI.test(f)) fs.rmSync(path.join(out, f), { recursive: true });
    }
    fs.writeFileSync(path.join(root, INCIDENT_INDEX_FILE), JSON.stringify(incidentIndexFile(dict, planned, indexed, pages)));
    const size = treeSize(root);
    log(`indexed ${pageCount.toLocaleString("en-US")} pages and ${incidents.toLocaleString("en-US")} incidents in ${planned.length.toLocaleString("en-US")} units, ${indexes} index(es): ${size.files.toLocaleString("en-US")} files, ${(size.bytes / 1e6).toFixed(1)} MB`);
    return { pages: pageCount, incidents, units: planned.length, indexes, ...size };
  } finally {
    await pagefind.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dist: { type: "string" },
      generated: { type: "string", default: process.env.UOF_GENERATED ?? "generated" },
      "unit-max": { type: "string" },
    },
  });
  if (!values.dist) {
    process.stderr.write("Usage: tsx scripts/search.ts --dist DIR [--generated DIR] [--unit-max N]\n");
    return 2;
  }
  const t0 = performance.now();
  // The loaders read the folder named by UOF_GENERATED when they are first imported.
  process.env.UOF_GENERATED = path.resolve(values.generated);
  const site = await import("../src/lib/site.ts");
  await buildSearchIndex({
    dist: values.dist,
    site,
    mode: incidentPageMode(),
    unitMax: values["unit-max"] ? Number(values["unit-max"]) : undefined,
    log: (line) => process.stderr.write(`${"search".padEnd(10)} ${line} (${((performance.now() - t0) / 1000).toFixed(2)} s)\n`),
  });
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: Error) => {
      process.stderr.write(`search index failed: ${e.message}\n`);
      process.exitCode = 1;
    },
  );
}
