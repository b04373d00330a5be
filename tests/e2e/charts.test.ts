// End to end: the chart pages, chart-only embed pages and chart images of the sample site built
// under a sub-path (--base /uof/), served on 127.0.0.1 and read in real Chromium. (site.test.ts
// crawls and checks the same pages of a root build among every page type.)
import fs from "node:fs";
import http from "node:http";
import zlib from "node:zlib";
import type { AddressInfo } from "node:net";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { Resvg } from "@resvg/resvg-js";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIGURES } from "../../src/figures/index.ts";
import { PNG_SCALE, pngOptions, svgSize } from "../../src/lib/chartImage.ts";
import { chartLabels, notInTable, numbersIn, tableNumbers } from "../chartNumbers.ts";
import { colourCount, decodePng } from "../png.ts";
import { launchChromium, serveStatic } from "./browser.ts";
import { buildSample, type Built } from "./build.ts";

const BASE = "/uof/";
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

let built: Built;
let browser: Browser;
let server: { origin: string; close: () => Promise<void> };
/** Figure ids with a chart in the sample (every figure: the sample reports them all). */
let ids: string[];

beforeAll(async () => {
  built = buildSample(BASE);
  server = await serveStatic(path.join(built.work, "site"));
  browser = await launchChromium();
  ids = FIGURES.map((f) => f.id).filter((id) => fs.existsSync(path.join(built.dist, "charts", id, "chart.png")));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const url = (p: string) => `${server.origin}${BASE}${p.replace(/^\//, "")}`;
async function get(p: string): Promise<{ status: number; type: string; body: Buffer }> {
  const res = await fetch(url(p));
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: Buffer.from(await res.arrayBuffer()) };
}

describe("chart pages under /uof/", () => {
  it("the sample has a chart image for every figure, and /charts/ links to every figure's page", async () => {
    // Every figure but the table of deaths and firearm discharges (exact counts, no chart).
    expect(ids).toEqual(FIGURES.map((f) => f.id).filter((id) => id !== "gravest-outcomes"));
    const list = (await get("/charts/")).body.toString("utf8");
    for (const f of FIGURES) expect(list, f.id).toContain(`href="${BASE}charts/${f.id}/"`);
  });

  it("each chart page links to its PNG, SVG, CSV and JSON, which resolve, cites its own address and gives embed code for its chart-only page", async () => {
    for (const id of ids) {
      const page = await get(`/charts/${id}/`);
      expect(page.status, id).toBe(200);
      const html = page.body.toString("utf8");
      const want: [string, RegExp][] = [
        [`charts/${id}/chart.png`, /^image\/png/],
        [`charts/${id}/chart.svg`, /^image\/svg\+xml/],
        [`downloads/figures/${id}.csv`, /^text\/csv/],
        [`downloads/figures/${id}.json`, /^application\/json/],
        [`charts/${id}/embed/`, /^text\/html/],
      ];
      for (const [p, type] of want) {
        expect(html, `${id} links to ${p}`).toContain(`href="${BASE}${p}"`);
        const r = await get(p);
        expect(r.status, p).toBe(200);
        expect(r.type, p).toMatch(type);
      }
      // The figure's chart and table are on the page, under one h1.
      expect(html.match(/<h1[\s>]/g)?.length, id).toBe(1);
      expect(html, id).toMatch(/<svg [^>]*role="img"/);
      expect(html, id).toContain("<table>");
      // Citation of this page, embed code for the chart-only page (as text to copy).
      expect(html, id).toMatch(new RegExp(`\\[Chart; synthetic sample data\\]\\. In Use of force on calls for police service, version [^<]+ ${BASE}charts/${id}/`));
      expect(html, id).toMatch(new RegExp(`&lt;iframe src=&quot;${BASE}charts/${id}/embed/&quot; title=&quot;[^&]+[^<]*width=&quot;\\d+&quot; height=&quot;\\d+&quot;`));
    }
  });

  it("each chart.svg writes only numbers (or shares) of its figure's CSV, with the department and its chart page's address", async () => {
    const problems: string[] = [];
    let compared = 0;
    const department = JSON.parse(fs.readFileSync(path.join(built.out, "site/aggregates.json"), "utf8")).meta.department as string;
    for (const id of ids) {
      const svg = (await get(`/charts/${id}/chart.svg`)).body.toString("utf8");
      const json = JSON.parse((await get(`/downloads/figures/${id}.json`)).body.toString("utf8")) as { columns: { label: string }[] };
      const table = tableNumbers((await get(`/downloads/figures/${id}.csv`)).body.toString("utf8"), json.columns.map((c) => c.label));
      const written = chartLabels(svg).flatMap(numbersIn);
      for (const w of notInTable(written, table)) problems.push(`${id}: ${w.text}`);
      compared += written.length;
      expect(svg, id).toContain(`Source: ${department.replace(/&/g, "&amp;")}`);
      expect(svg, id).toContain(`>${BASE}charts/${id}/</text>`);
    }
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(100);
  });

  it("each chart.png decodes at twice the SVG's size, is not blank, and is chart.svg drawn", { timeout: 120_000 }, async () => {
    for (const id of ids) {
      const svg = (await get(`/charts/${id}/chart.svg`)).body.toString("utf8");
      const img = decodePng((await get(`/charts/${id}/chart.png`)).body);
      const { width, height } = svgSize(svg);
      expect([img.width, img.height], id).toEqual([width * PNG_SCALE, height * PNG_SCALE]);
      expect(colourCount(img), id).toBeGreaterThan(20);
      const drawn = new Resvg(svg, pngOptions()).render();
      expect(Buffer.from(img.rgba).equals(Buffer.from(drawn.pixels)), id).toBe(true);
    }
  });

  it("each chart-only page has the chart, its title and a source line linking to the chart page in the top window, no navigation, no script, and asks not to be indexed", async () => {
    for (const id of ids) {
      const html = (await get(`/charts/${id}/embed/`)).body.toString("utf8");
      expect(html, id).toContain('<meta name="robots" content="noindex">');
      expect(html, id).toMatch(/<head><meta http-equiv="Content-Security-Policy"/);
      expect(html, id).not.toMatch(/<nav|class="skip"|<script|<style|style="/);
      expect(html, id).toMatch(new RegExp(`<a href="${BASE}charts/${id}/" target="_top"[^>]*>Table, notes and downloads</a>`));
      expect(html, id).toContain("Synthetic sample data.");
      expect(html, id).toMatch(/licence <a href="[^"]+" target="_top"[^>]*>Creative Commons/);
      expect(html, id).toContain("The values are in the data table on the chart's page");
    }
  });

  it("the site's search finds the chart pages, not the chart-only pages", () => {
    const dir = path.join(built.dist, "pagefind/fragment");
    const urls = new Set<string>();
    for (const f of fs.readdirSync(dir)) {
      // A fragment file is gzip'd JSON after a "pagefind_dcd" marker: one page, or a group of them by id.
      const text = zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString("utf8").replace(/^pagefind_dcd/, "");
      const json = JSON.parse(text) as { url?: string } | Record<string, { url: string }>;
      for (const page of typeof json.url === "string" ? [json as { url: string }] : Object.values(json as Record<string, { url: string }>)) urls.add(page.url);
    }
    // Pagefind keeps addresses without the base, which it adds when it shows a result.
    for (const id of ids) {
      expect(urls.has(`/charts/${id}/`), id).toBe(true);
      expect(urls.has(`/charts/${id}/embed/`), id).toBe(false);
    }
    expect(urls.has("/methodology/")).toBe(true);
  });

  it("the header files let other sites frame each chart-only page, and no other page", () => {
    const headers = fs.readFileSync(path.join(built.dist, "_headers"), "utf8");
    const rules = [...headers.matchAll(/^(\/\S*)$/gm)].map((m) => m[1]);
    expect(rules).toEqual(["/*", ...ids.map((id) => `${BASE}charts/${id}/embed/`).sort()]);
  });

  it("chart pages and chart-only pages have zero axe violations and do not scroll sideways at 390 px", { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    const pages = ["/charts/", ...ids.flatMap((id) => [`/charts/${id}/`, `/charts/${id}/embed/`])];
    for (const p of pages) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      const res = await page.goto(url(p), { waitUntil: "load" });
      if (res?.status() !== 200) failures.push(`${p}: status ${res?.status()}`);
      const axe = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      for (const v of axe.violations) failures.push(`${p}: axe ${v.id} (${v.impact}) on ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
      for (const e of errors) failures.push(`${p}: console error ${e}`);
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) failures.push(`${p}: scrolls sideways by ${overflow}px at 390 px`);
      await ctx.close();
    }
    expect(failures).toEqual([]);
  });

  it("the embed code, pasted into a page of another origin, shows the chart: the wide drawing in a wide frame, the narrow one in a small frame", { timeout: 120_000 }, async () => {
    const id = "rate-by-year";
    const html = (await get(`/charts/${id}/`)).body.toString("utf8");
    const code = /<pre class="code"[^>]*><code[^>]*>(&lt;iframe[^<]*)<\/code><\/pre>/.exec(html)![1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
    // The site was built without its address, so the code's address is a path: put the origin in front, as the page says.
    const snippet = code.replace(`src="${BASE}`, `src="${server.origin}${BASE}`);
    const sizes = [/width="(\d+)" height="(\d+)"/.exec(snippet)!.slice(1).map(Number), [360, 600]];
    const other = http.createServer((_req, res) => {
      const frames = sizes.map(([w, h]) => snippet.replace(/width="\d+" height="\d+"/, `width="${w}" height="${h}"`)).join("\n");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><html lang="en"><title>Host</title><body>${frames}</body></html>`);
    });
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
    try {
      const page = await ctx.newPage();
      await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`, { waitUntil: "load" });
      // The frames load lazily, once laid out in view: wait for both.
      const embedded = () => page.frames().filter((f) => f.url().includes(`/charts/${id}/embed/`));
      for (let t = 0; t < 100 && embedded().length < 2; t++) await page.waitForTimeout(100);
      const frames = embedded();
      expect(frames.length).toBe(2);
      for (const [i, frame] of frames.entries()) {
        await frame.waitForLoadState("load");
        const shown = await frame.evaluate(() => [...document.querySelectorAll(".svg")].filter((d) => getComputedStyle(d).display !== "none").map((d) => d.className));
        expect(shown, `frame ${i}`).toEqual([i === 0 ? "svg wide" : "svg narrow"]);
        const fit = await frame.evaluate(() => ({ over: document.documentElement.scrollWidth - document.documentElement.clientWidth, svg: Math.max(...[...document.querySelectorAll(".svg svg")].map((s) => s.getBoundingClientRect().width)) }));
        expect(fit.over, `frame ${i} scrolls sideways`).toBeLessThanOrEqual(0);
        expect(fit.svg).toBeGreaterThan(300);
      }
      // The default frame holds the whole wide chart page without scrolling.
      const tall = await frames[0].evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight);
      expect(tall).toBeLessThanOrEqual(0);
    } finally {
      await ctx.close();
      await new Promise((r) => other.close(r));
    }
  });
});
