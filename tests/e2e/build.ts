// Builds the sample department's site for the browser tests and crawls its internal links.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { districtSlug } from "../../src/lib/slug.ts";
import { cleanEnv, copyDepartment, tmpDir } from "../helpers.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** A production build of the sample site in a temporary folder. */
export interface Built {
  work: string;
  out: string;
  dist: string;
  /** What the build printed. */
  log: string;
}


/** Runs the real build command (pipeline, site, search index) on data/ (or another department's folder). */
export function buildSample(base = "/", dataDir = path.join(ROOT, "data"), extra: string[] = []): Built {
  const work = tmpDir("uof-e2e-");
  // A copy, so that what a run writes into the department's folder (its key and key check) stays
  // out of the repository's folders.
  const dept = path.join(work, path.basename(dataDir));
  copyDepartment(dataDir, dept);
  const out = path.join(work, "generated");
  // Under a sub-path the site is served from <root>/<base>, so build into that folder.
  const dist = path.join(work, "site", base.replace(/^\/|\/$/g, ""));
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/cli.ts"), "build", "--data", dept, "--out", out, "--dist", dist, "--base", base, "--report", path.join(work, "report.md"), ...extra],
    { cwd: ROOT, encoding: "utf8", env: { ...cleanEnv(), UOF_PSEUDONYM_KEY: "e2e-key-0123456789abcdef" } },
  );
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  return { work, out, dist, log: r.stdout + r.stderr };
}

/** The internal links of an HTML page, resolved against its URL, without fragments. */
export function linksOf(html: string, pageUrl: string, origin: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
    const raw = m[1].replace(/&amp;/g, "&");
    if (/^(mailto:|tel:|data:|#)/.test(raw)) continue;
    const u = new URL(raw, pageUrl);
    if (u.origin !== origin) continue;
    u.hash = "";
    out.push(u.href);
  }
  return out;
}

/** Fetches every page reachable from start through internal links; returns status by URL and where each was linked from. */
export async function crawl(start: string, origin: string, limit = 20000): Promise<{ status: Map<string, number>; from: Map<string, string>; html: Map<string, string> }> {
  const status = new Map<string, number>();
  const from = new Map<string, string>();
  const html = new Map<string, string>();
  const queue = [start];
  from.set(start, "(start)");
  while (queue.length > 0 && status.size < limit) {
    const batch = queue.splice(0, 16);
    await Promise.all(
      batch.map(async (url) => {
        if (status.has(url)) return;
        const res = await fetch(url);
        status.set(url, res.status);
        const type = res.headers.get("content-type") ?? "";
        if (!res.ok || !type.startsWith("text/html")) {
          await res.arrayBuffer();
          return;
        }
        const text = await res.text();
        html.set(url, text);
        for (const l of linksOf(text, url, origin)) {
          if (!from.has(l)) {
            from.set(l, url);
            queue.push(l);
          }
        }
      }),
    );
  }
  return { status, from, html };
}

/** The page type of a URL path: years, districts, pseudonyms, page numbers and slugs replaced by placeholders. */
export function pageType(pathname: string, districts: string[]): string {
  const segs = pathname.split("/").filter(Boolean);
  return (
    "/" +
    segs
      .map((s, i) => {
        if (/^\d{4}$/.test(s)) return ":year";
        if (/^[0-9a-f]{16}$/.test(s)) return ":id";
        if (districts.some((d) => districtSlug(d) === s)) return ":district";
        // The part of the year a listing holds: a month, a week (w11), a quarter (q1) or the whole year (all), as dates are published.
        if (segs[0] === "incidents" && i === 3 && /^(\d{2}|w\d{2}|q[1-4]|all)$/.test(s)) return ":part";
        if (/^\d{1,3}$/.test(s)) return ":page";
        if (i > 0 && segs[0] === "policy") return ":slug";
        if (i === 1 && segs[0] === "charts") return ":figure";
        return s;
      })
      .join("/") +
    (segs.length ? "/" : "")
  );
}

/** Reads the generated aggregates of a build. */
export function aggregatesOf(b: Built): { meta: { districts: { code: string }[]; years: number[] } } {
  return JSON.parse(fs.readFileSync(path.join(b.out, "site/aggregates.json"), "utf8"));
}
