// Search index: after `astro build`, indexes the built site and the incident records with
// Pagefind's Node API (its binary comes inside the npm package: nothing is downloaded) into
// <dist>/pagefind. Run by `scripts/cli.ts build` on the temporary dist before it is swapped in.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import * as pagefind from "pagefind";
import { incidentFilters, incidentPageMode, incidentPath, incidentSearchText, incidentTitle, type IncidentPageMode } from "../src/lib/incidents.ts";

/** Top-level entries of the built site that are not pages to index. */
const NOT_INDEXED = new Set(["incidents", "search", "pagefind", "downloads", "_astro", "404.html"]);

/**
 * Fragment files (one per record) are bundled into shared files above this many records, so a
 * 100k-incident site stays far below the 20,000-file cap of some static hosts; each shared file
 * then holds about records / 2,000 fragments, which a search result fetches whole.
 */
export const MAX_FRAGMENTS = 2000;

/** What to index and where the pages' data is. */
export interface SearchOptions {
  /** The built site; the index goes to <dist>/pagefind. */
  dist: string;
  /** The site's loaders (src/lib/site.ts), reading the generated folder the site was built from. */
  site: Pick<typeof import("../src/lib/site.ts"), "incidentYears" | "loadIncidents">;
  mode: IncidentPageMode;
  maxFragments?: number;
  log?: (line: string) => void;
}

/** What was indexed. */
export interface SearchResult {
  pages: number;
  incidents: number;
  files: number;
  bytes: number;
}

/** The Pagefind glob of the site's pages other than the incident pages and the search page. */
export function pageGlob(dist: string): string {
  const parts: string[] = [];
  for (const e of fs.readdirSync(dist, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (NOT_INDEXED.has(e.name)) continue;
    if (e.isDirectory()) parts.push(`${e.name}/**/*.html`);
    else if (e.name.endsWith(".html")) parts.push(e.name);
  }
  return parts.length === 1 ? parts[0] : `{${parts.join(",")}}`;
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

/**
 * Builds the index. Grouped layout: the incidents are custom records, one per incident with its
 * own filters and its anchor as the URL (Pagefind filters apply to whole pages, and a month page
 * holds many incidents). Single layout: the incident pages are indexed as pages, their filters
 * from data-pagefind-filter.
 */
export async function buildSearchIndex(o: SearchOptions): Promise<SearchResult> {
  const log = o.log ?? (() => {});
  const out = path.join(o.dist, "pagefind");
  fs.rmSync(out, { recursive: true, force: true });
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: "en", maxFragments: o.maxFragments ?? MAX_FRAGMENTS });
    check("start", errors);
    if (!index) throw new Error("Pagefind returned no index");
    const pages = await index.addDirectory({ path: o.dist, glob: pageGlob(o.dist) });
    check(`index the pages of ${o.dist}`, pages.errors);
    const pageCount = pages.page_count;
    let incidents = 0;
    if (o.mode === "single") {
      // Incident pages are /incidents/<16 hex digits>/; the year and listing pages are not indexed.
      const r = await index.addDirectory({ path: o.dist, glob: `incidents/${"?".repeat(16)}/index.html` });
      check("index the incident pages", r.errors);
      incidents = r.page_count;
    } else {
      for (const year of o.site.incidentYears()) {
        const records = o.site.loadIncidents(year);
        // The service answers in order; a few hundred requests in flight keep it busy.
        for (let i = 0; i < records.length; i += 500) {
          const batch = records.slice(i, i + 500).map((rec) =>
            index.addCustomRecord({
              url: incidentPath(rec, "grouped"),
              content: incidentSearchText(rec),
              language: "en",
              meta: { title: `${incidentTitle(rec)}, ${rec.district_name}` },
              filters: incidentFilters(rec),
            }),
          );
          for (const r of await Promise.all(batch)) check("index an incident", r.errors);
          incidents += batch.length;
        }
      }
    }
    const written = await index.writeFiles({ outputPath: out });
    check(`write ${out}`, written.errors);
    const size = treeSize(out);
    log(`indexed ${pageCount.toLocaleString("en-US")} pages and ${incidents.toLocaleString("en-US")} incidents: ${size.files.toLocaleString("en-US")} files, ${(size.bytes / 1e6).toFixed(1)} MB`);
    return { pages: pageCount, incidents, ...size };
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
