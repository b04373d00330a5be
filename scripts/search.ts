// Search index: after `astro build`, indexes the built site and the incident records with
// Pagefind's Node API (its binary comes inside the npm package: nothing is downloaded) into
// <dist>/pagefind. Run by `scripts/cli.ts build` on the temporary dist before it is swapped in.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import * as pagefind from "pagefind";
import {
  SEARCH_SHARD_MAX, incidentFilters, incidentPageMode, incidentPath, incidentSearchText, incidentTitle, searchBundlePath, searchShards,
  type IncidentPageMode,
} from "../src/lib/incidents.ts";

/** Top-level entries of the built site that are not pages to index. */
const NOT_INDEXED = new Set(["incidents", "search", "pagefind", "downloads", "_astro", "404.html"]);

/**
 * Fragment files (one per record) are bundled into shared files above this many records per
 * index, so a 100k-incident site (ten indexes) stays far below the 20,000-file cap of some static
 * hosts; a search result fetches its shared file whole (about 20 incidents, 10 KB gzipped).
 */
export const MAX_FRAGMENTS = 500;

/** What to index and where the pages' data is. */
export interface SearchOptions {
  /** The built site; the index goes to <dist>/pagefind. */
  dist: string;
  /** The site's loaders (src/lib/site.ts), reading the generated folder the site was built from. */
  site: Pick<typeof import("../src/lib/site.ts"), "incidentYears" | "loadIncidents"> & Partial<Pick<typeof import("../src/lib/site.ts"), "loadAggregates">>;
  mode: IncidentPageMode;
  maxFragments?: number;
  /** Most incidents per index (default SEARCH_SHARD_MAX). */
  shardMax?: number;
  log?: (line: string) => void;
}

/** What was indexed. */
export interface SearchResult {
  pages: number;
  incidents: number;
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
 * Builds the search indexes. The site's pages (policy and the rest, minus the incident and search
 * pages) are indexed from the built HTML. Incidents are custom records, one per incident with its
 * own filters and its citable address as the URL (Pagefind filters apply to whole pages, and a
 * month page holds many incidents), split into indexes of at most SEARCH_SHARD_MAX incidents that
 * are written one at a time, each by a fresh Pagefind process, to bound memory.
 */
export async function buildSearchIndex(o: SearchOptions): Promise<SearchResult> {
  const log = o.log ?? (() => {});
  const root = path.join(o.dist, "pagefind");
  fs.rmSync(root, { recursive: true, force: true });
  const years = o.site.incidentYears();
  // Filters on fields the department does not report are left out (they would offer only "Not recorded").
  const notReported = new Set(o.site.loadAggregates?.().meta.not_reported_fields ?? []);
  const shards = searchShards(years.map((y) => [y, o.site.loadIncidents(y).length] as const), o.shardMax ?? SEARCH_SHARD_MAX);
  let pageCount = 0;
  let incidents = 0;
  try {
    for (let n = 0; n < Math.max(shards.length, 1); n++) {
      const { index, errors } = await pagefind.createIndex({ forceLanguage: "en", maxFragments: o.maxFragments ?? MAX_FRAGMENTS });
      check("start", errors);
      if (!index) throw new Error("Pagefind returned no index");
      if (n === 0) {
        for (const rel of pageFiles(o.dist)) {
          const content = fs.readFileSync(path.join(o.dist, rel), "utf8");
          // A page that asks search engines to leave it out (a chart-only page for embedding) stays out of the site's search too.
          if (/<meta name="robots" content="noindex"/.test(content)) continue;
          const page = await index.addHTMLFile({ sourcePath: rel, content });
          check(`index ${rel}`, page.errors);
          pageCount++;
        }
      }
      for (const part of shards[n] ?? []) {
        const records = o.site.loadIncidents(part.year);
        // The service answers in order; a few hundred requests in flight keep it busy.
        for (let i = part.from; i < part.to; i += 500) {
          const batch = records.slice(i, Math.min(i + 500, part.to)).map((rec) =>
            index.addCustomRecord({
              url: incidentPath(rec, o.mode),
              content: escapeHtml(incidentSearchText(rec)),
              language: "en",
              meta: { title: `${incidentTitle(rec)}, ${rec.district_name}`, type: "Incident" },
              filters: incidentFilters(rec, notReported),
            }),
          );
          for (const r of await Promise.all(batch)) check("index an incident", r.errors);
          incidents += batch.length;
        }
      }
      const out = path.join(o.dist, searchBundlePath(n));
      const written = await index.writeFiles({ outputPath: out });
      check(`write ${out}`, written.errors);
      for (const f of fs.readdirSync(out)) if (n > 0 ? !SHARD_KEEP.test(f) : UNUSED_UI.test(f)) fs.rmSync(path.join(out, f), { recursive: true });
      // A fresh process for the next index gives back this one's memory.
      await pagefind.close();
    }
    const size = treeSize(root);
    log(`indexed ${pageCount.toLocaleString("en-US")} pages and ${incidents.toLocaleString("en-US")} incidents in ${Math.max(shards.length, 1)} index(es): ${size.files.toLocaleString("en-US")} files, ${(size.bytes / 1e6).toFixed(1)} MB`);
    return { pages: pageCount, incidents, indexes: Math.max(shards.length, 1), ...size };
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
      "max-fragments": { type: "string" },
    },
  });
  if (!values.dist) {
    process.stderr.write("Usage: tsx scripts/search.ts --dist DIR [--generated DIR] [--max-fragments N]\n");
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
    maxFragments: values["max-fragments"] ? Number(values["max-fragments"]) : undefined,
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
