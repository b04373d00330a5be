// End to end: build the sample department's site, serve it on 127.0.0.1, read it in real Chromium.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { csvParse } from "d3-dsv";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentRecord } from "../../src/lib/aggregates.ts";
import { FILTER, incidentFilters, incidentSearchParts } from "../../src/lib/incidents.ts";
import { WITHHELD, WITHHELD_LABEL } from "../../src/lib/schema/disclosure.ts";
import { FIXTURES, readTree } from "../helpers.ts";
import { launchChromium, serveStatic } from "./browser.ts";
import { ROOT, aggregatesOf, buildSample, crawl, pageType, type Built } from "./build.ts";
import { checkWideTables, printStyleProblems, printedFill } from "./checks.ts";
import { districtChartsPath } from "../../src/lib/slug.ts";

let built: Built;
let browser: Browser;
let server: { origin: string; close: () => Promise<void> };
let pages: { status: Map<string, number>; from: Map<string, string>; html: Map<string, string> };
/** One URL of each page type, e.g. "/incidents/:year/" -> "http://127.0.0.1:port/incidents/2022/". */
const examples = new Map<string, string>();
/** The sample department's release version (its release page is /releases/<version>/). */
const SAMPLE_VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, "data", "config.json"), "utf8")).version;

beforeAll(async () => {
  built = buildSample("/");
  server = await serveStatic(built.dist);
  browser = await launchChromium();
  pages = await crawl(server.origin + "/", server.origin);
  const districts = aggregatesOf(built).meta.districts.map((d) => d.code);
  for (const url of pages.html.keys()) {
    const t = pageType(new URL(url).pathname, districts);
    if (!examples.has(t)) examples.set(t, url);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page, recording console errors and requests to other origins. */
async function open(url: string, viewport = { width: 1280, height: 900 }): Promise<{ ctx: BrowserContext; page: Page; errors: string[]; foreign: string[] }> {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (req) => {
    const u = req.url();
    if (!u.startsWith(server.origin) && !u.startsWith("data:") && !u.startsWith("blob:")) foreign.push(u);
  });
  const res = await page.goto(url, { waitUntil: "networkidle" });
  expect(res?.status(), url).toBe(200);
  return { ctx, page, errors, foreign };
}

describe("sample site", () => {
  it("has every page type the site promises", () => {
    const types = [...examples.keys()];
    for (const t of ["/", "/explore/", "/explore/:year/", "/reports/", "/reports/:year/", "/policy/", "/policy/:slug/", "/incidents/", "/complaints/", "/search/", "/data/", "/methodology/"]) {
      expect(types, t).toContain(t);
    }
    expect(types).toContain("/explore/district/:district/");
    expect(types).toContain("/incidents/:year/");
    expect(types).toContain("/incidents/:year/:district/");
    expect(types).toContain("/incidents/:year/:district/:part/");
    for (const t of ["/charts/", "/charts/:figure/", "/charts/:figure/embed/"]) expect(types).toContain(t);
  });

  it("every published incident has a citable address that resolves to its record", () => {
    const incidentsCsv = csvParse(fs.readFileSync(path.join(built.out, "downloads/incidents.csv"), "utf8"));
    const anchors = new Set<string>();
    for (const [url, html] of pages.html) {
      if (!new URL(url).pathname.startsWith("/incidents/")) continue;
      for (const m of html.matchAll(/\sid="([0-9a-f]{16})"/g)) anchors.add(m[1]);
    }
    const missing = incidentsCsv.filter((r) => !anchors.has(r.incident!)).map((r) => r.incident);
    expect(incidentsCsv.length).toBeGreaterThan(1000);
    expect(missing).toEqual([]);
  });

  it("every internal link resolves (no 404)", () => {
    const broken = [...pages.status].filter(([, s]) => s !== 200).map(([u, s]) => `${s} ${u} (linked from ${pages.from.get(u)})`);
    expect(broken).toEqual([]);
    expect(pages.html.size).toBeGreaterThan(50);
  });

  it("ships no JavaScript except the search page's", () => {
    const withScript = [...pages.html]
      .filter(([u]) => !new URL(u).pathname.startsWith("/search/"))
      .filter(([, h]) => /<script(?![^>]*type="application\/ld\+json")/.test(h))
      .map(([u]) => u);
    expect(withScript).toEqual([]);
  });

  it("each page type loads with no console error, no request to another origin, and zero axe violations", { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    for (const [type, url] of examples) {
      const { ctx, page, errors, foreign } = await open(url);
      const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
      for (const v of axe.violations) failures.push(`${type}: axe ${v.id} (${v.impact}) on ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
      for (const e of errors) failures.push(`${type}: console error ${e}`);
      for (const f of foreign) failures.push(`${type}: request to another origin ${f}`);
      const h1 = await page.locator("h1").count();
      if (h1 !== 1) failures.push(`${type}: ${h1} h1 elements`);
      const levels = await page.locator("main h1, main h2, main h3, main h4, main h5, main h6").evaluateAll((els) => els.map((e) => Number(e.tagName[1])));
      levels.forEach((l, i) => i > 0 && l > levels[i - 1] + 1 && failures.push(`${type}: heading h${l} follows h${levels[i - 1]}`));
      if ((await page.getAttribute("html", "lang")) !== "en") failures.push(`${type}: no lang`);
      await ctx.close();
    }
    expect(failures).toEqual([]);
  });

  it("at 390 px wide no page type scrolls sideways", { timeout: 600_000 }, async () => {
    const wide: string[] = [];
    for (const [type, url] of examples) {
      const { ctx, page } = await open(url, { width: 390, height: 844 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) wide.push(`${type} (${overflow}px)`);
      await ctx.close();
    }
    expect(wide).toEqual([]);
  });

  it("the skip link moves focus to the main content", async () => {
    const { ctx, page } = await open(server.origin + "/");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    // The fragment change is synchronous in the page; read it there rather than from the
    // driver's view of the URL, which can lag behind under load.
    await page.waitForFunction(() => location.hash === "#main", undefined, { timeout: 5_000 });
    // The next Tab continues from the main content, not from the header navigation.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("main"))).toBe(true);
    await ctx.close();
  });

  it("home page headline figures match the generated data", async () => {
    const agg = JSON.parse(fs.readFileSync(path.join(built.out, "site/aggregates.json"), "utf8"));
    const { ctx, page } = await open(server.origin + "/");
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain(agg.headline.latest.calls_dispatched.toLocaleString("en-US"));
    expect(text).toContain(agg.headline.latest.force_per_1000_dispatched.toFixed(2));
    await expect(page.locator(".synthetic").textContent()).resolves.toContain("Synthetic sample data");
    await ctx.close();
  });

  it("the home page and the annual reports state deaths and firearm discharges with the numbers in the downloaded records; the latest report is axe-clean and fits 390 px", { timeout: 300_000 }, async () => {
    const latest = JSON.parse(fs.readFileSync(path.join(built.out, "site/aggregates.json"), "utf8")).headline.latest.year as number;
    // Counted here from the record-level downloads, not read from the figure table.
    const subjects = csvParse(fs.readFileSync(path.join(built.out, "downloads/subjects.csv"), "utf8"));
    const incidents = csvParse(fs.readFileSync(path.join(built.out, "downloads/incidents.csv"), "utf8"));
    const counts = (y: number) => {
      const withType = (t: string) => incidents.filter((r) => r.year === String(y) && r.force_types!.split("|").includes(t)).length;
      return { deaths: subjects.filter((r) => r.year === String(y) && r.injury === "death").length, person: withType("firearm_discharge"), animal: withType("firearm_discharge_animal"), unintended: withType("firearm_discharge_unintentional") };
    };
    const sentences = (c: ReturnType<typeof counts>) => [
      `${c.deaths} ${c.deaths === 1 ? "person" : "people"} died following the use of force`,
      `officers fired at a person in ${c.person} incident${c.person === 1 ? "" : "s"}`,
      `at an animal in ${c.animal} incident${c.animal === 1 ? "" : "s"}`,
      `discharged unintentionally in ${c.unintended} incident${c.unintended === 1 ? "" : "s"}`,
    ];
    // A year with every kind of discharge, so that no count is checked only as zero.
    const years = [...new Set(incidents.map((r) => Number(r.year)))];
    const busy = years.find((y) => Object.values(counts(y)).every((n) => n > 0));
    expect(busy, "a year with deaths and every kind of discharge").toBeDefined();
    for (const [p, y] of [["/", latest], [`/reports/${latest}/`, latest], [`/reports/${busy}/`, busy!]] as const) {
      const { ctx, page } = await open(server.origin + p);
      const lead = (await page.locator("p.gravest").first().innerText()).replace(/\s+/g, " ");
      expect(lead, p).toContain(`In ${y}, `);
      for (const want of sentences(counts(y))) expect(lead, p).toContain(want);
      if (p === `/reports/${latest}/`) {
        // The report's figures: deaths and discharges, force by type, race and ethnicity, districts.
        for (const id of ["gravest-outcomes", "force-types", "subjects-by-race", "districts"]) {
          const fig = page.locator(`figure#${id}`);
          await expect(fig.count(), id).resolves.toBe(1);
          await expect(fig.locator("p.summary").count(), id).resolves.toBe(1);
          await expect(fig.locator("table").count(), id).resolves.toBe(1);
          await expect(fig.locator("a", { hasText: /^CSV$/ }).count(), id).resolves.toBe(1);
        }
        const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
        expect(axe.violations.map((v) => `${v.id} (${v.impact}) on ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`)).toEqual([]);
        await page.setViewportSize({ width: 390, height: 844 });
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      }
      await ctx.close();
    }
  });

  it("every chart's CSV download holds the same numbers as its data table", { timeout: 300_000 }, async () => {
    const { ctx, page } = await open(examples.get("/explore/")!);
    const figures = await page.locator("figure[id]").all();
    expect(figures.length).toBeGreaterThan(8);
    let compared = 0;
    for (const fig of figures) {
      const csvHref = await fig.locator("a", { hasText: /^CSV$/ }).first().getAttribute("href");
      const csv = csvParse(await (await page.request.get(new URL(csvHref!, page.url()).href)).text());
      const headers = (await fig.locator("table thead th").allTextContents()).map((h) => h.trim());
      const rows = await fig.locator("table tbody tr").all();
      // Each table row must be a CSV row: the same numbers in the columns the table shows.
      const numbersOf = (cells: string[]) => cells.map((c) => c.replace(/,/g, "").trim()).filter((c) => /^-?\d+(\.\d+)?$/.test(c)).map(Number);
      const csvNumbers = csv.map((r) => Object.values(r).filter((v) => v !== undefined && /^-?\d+(\.\d+)?$/.test(v)).map(Number));
      for (const row of rows) {
        const nums = numbersOf(await row.locator("th, td").allTextContents());
        const match = csvNumbers.some((cn) => nums.every((n) => cn.some((c) => Math.abs(c - n) < 0.006)));
        expect(match, `${await fig.getAttribute("id")}: row ${nums.join(",")} (headers ${headers.join("|")}) not in CSV`).toBe(true);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
    await ctx.close();
  });

  it("the district map has one linked shape per district, whose links resolve, with the districts table's numbers, axe-clean at 1280 and 390 px", { timeout: 300_000 }, async () => {
    const agg = aggregatesOf(built) as unknown as { meta: { districts: { code: string; name: string }[] }; headline: { latest: { year: number } } };
    const year = agg.headline.latest.year;
    for (const [width, which] of [[1280, "wide"], [390, "narrow"]] as const) {
      const { ctx, page } = await open(examples.get("/explore/")!, { width, height: 900 });
      const map = page.locator(`#district-map .svg.${which} svg`);
      await expect(map.isVisible()).resolves.toBe(true);
      await expect(page.locator(`#district-map .svg.${which === "wide" ? "narrow" : "wide"} svg`).isVisible()).resolves.toBe(false);
      // One link per district, each around the district's shape, to the district's page, which resolves.
      const links = await map.locator("a").evaluateAll((as) => as.map((a) => ({ href: a.getAttribute("href")!, name: a.getAttribute("aria-label")!, shapes: a.querySelectorAll("path").length })));
      expect(links.map((l) => l.href).sort()).toEqual(agg.meta.districts.map((d) => districtChartsPath(d.code)).sort());
      for (const l of links) {
        expect(l.shapes).toBe(1);
        expect(pages.status.get(new URL(l.href, server.origin).href), l.href).toBe(200);
      }
      // The numbers in the links' names and on the map are the districts table's for the year.
      const table = page.locator("#districts table");
      const headers = (await table.locator("thead th").allTextContents()).map((h) => h.trim());
      const rateCol = headers.indexOf("Force per 1,000 dispatched calls");
      expect(rateCol).toBeGreaterThan(0);
      const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent!.trim())));
      const labels = (await map.locator("g.labels text").allTextContents()).map((t) => t.trim());
      for (const d of agg.meta.districts) {
        const row = rows.find((r) => r[0] === d.name);
        expect(row, d.name).toBeDefined();
        const link = links.find((l) => l.href === districtChartsPath(d.code))!;
        expect(link.name).toBe(`${d.name}: ${row![rateCol]} per 1,000 dispatched calls`);
        expect(labels).toContain(row![rateCol]);
      }
      const summary = await page.locator("#district-map .summary").textContent();
      expect(summary).toMatch(new RegExp(`^In ${year}, the rate of force on dispatched calls was highest in `));
      const axe = await new AxeBuilder({ page }).include("#district-map").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
      expect(axe.violations.map((v) => `${v.id} (${v.impact}) on ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`)).toEqual([]);
      const box = await map.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      // The districts are reached by the keyboard, each link in turn.
      await map.locator("a").first().focus();
      expect(await page.evaluate(() => document.activeElement?.getAttribute("href"))).toBe(links[0].href);
      await ctx.close();
    }
    // Each year's page maps that year.
    const html = pages.html.get(`${server.origin}/explore/${year - 1}/`)!;
    expect(html).toContain(`Map: force per 1,000 dispatched calls by district, ${year - 1}`);
  });

  it("search finds an incident by a phrase of its summary, a filter narrows the results, the address keeps both, and the page stays axe-clean", { timeout: 120_000 }, async () => {
    // A summary phrase that occurs in few incidents, from the published data.
    const incidentsCsv = csvParse(fs.readFileSync(path.join(built.out, "downloads/incidents.csv"), "utf8"));
    const withSummary = incidentsCsv.filter((r) => r.summary && r.summary.length > 80 && r.district !== "withheld");
    // A target whose first sentence is found in a few incidents of more than one district, so that
    // filtering by its district must narrow the results.
    const phraseOf = (r: (typeof incidentsCsv)[number]) => r.summary!.split(/[.;]/)[0];
    const target = withSummary.find((r) => {
      const same = incidentsCsv.filter((o) => o.summary?.includes(phraseOf(r)));
      return same.length <= 20 && new Set(same.map((o) => o.district)).size > 1;
    });
    if (!target) throw new Error("no incident whose first sentence is found in a few incidents of more than one district");
    const { ctx, page, errors, foreign } = await open(server.origin + "/search/");
    const input = page.getByRole("searchbox", { name: "Words to search for" });
    const phrase = phraseOf(target);
    await input.fill(phrase);
    // Results fill in as their fragments load: wait until the target's link is there (or time
    // out), then until the live region states a count.
    const found = await page
      .waitForFunction(
        (id) => [...document.querySelectorAll<HTMLAnchorElement>("#search-results a")].some((a) => a.href.includes(id)),
        target.incident!,
        { timeout: 15_000 },
      )
      .then(() => true, () => false);
    expect(found, `no search result links to incident ${target.incident}`).toBe(true);
    const status = page.getByRole("status");
    await page.waitForFunction(() => /\d/.test(document.querySelector("[role=status]")?.textContent ?? ""), undefined, { timeout: 15_000 });
    const before = await status.textContent();
    const total = Number(/(\d[\d,]*)/.exec(before ?? "")?.[1].replace(/,/g, ""));
    // Each result is a heading with a link and an excerpt with the words found marked.
    const first = page.locator("#search-results > li").first();
    await expect(first.getByRole("heading").getByRole("link").count()).resolves.toBe(1);
    await expect(page.locator("#search-results mark").count()).resolves.toBeGreaterThan(0);
    // Narrow by the target's district.
    const districtName = aggregatesOf(built).meta.districts.find((d) => d.code === target.district) as unknown as { name: string };
    const group = page.locator("#search-filters details").filter({ hasText: /district/i }).first();
    await group.locator("summary").first().click();
    await group.getByRole("group", { name: /district/i }).getByLabel(districtName.name, { exact: false }).first().check();
    await page.waitForFunction((prev) => document.querySelector("[role=status]")?.textContent !== prev, before);
    const after = await status.textContent();
    const narrowed = Number(/(\d[\d,]*)/.exec(after ?? "")?.[1].replace(/,/g, ""));
    expect(narrowed).toBeGreaterThan(0);
    expect(narrowed).toBeLessThan(total);
    // The address holds the search, and opening it gives the same results.
    const url = new URL(page.url());
    expect(url.searchParams.get("q")).toBe(phrase.trim());
    expect(url.searchParams.getAll("district")).toEqual([districtName.name]);
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    expect(axe.violations.map((v) => `${v.id} (${v.impact}) on ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`)).toEqual([]);
    const shared = await ctx.newPage();
    await shared.goto(url.href, { waitUntil: "networkidle" });
    await shared.waitForFunction((want) => document.querySelector("[role=status]")?.textContent === want, after, { timeout: 15_000 });
    expect(await shared.getByRole("searchbox").inputValue()).toBe(phrase.trim());
    expect(await shared.getByLabel(districtName.name, { exact: false }).first().isChecked()).toBe(true);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await ctx.close();
  });

  it("wide tables scroll in a focusable region, keep their first column in view and say so where they cannot fit, at 1280 and 390 px", { timeout: 300_000 }, async () => {
    const failures: string[] = [];
    const scrolled: Record<number, number> = { 1280: 0, 390: 0 };
    for (const type of ["/explore/", "/explore/:year/", "/data/", "/reports/:year/", "/complaints/", "/incidents/", "/incidents/:year/", "/incidents/:year/:district/:part/", "/methodology/"]) {
      for (const width of [1280, 390]) {
        const { ctx, page } = await open(examples.get(type)!, { width, height: 900 });
        const r = await checkWideTables(page);
        failures.push(...r.problems.map((p) => `${type} at ${width}px: ${p}`));
        scrolled[width] += r.scrolling;
        await ctx.close();
      }
    }
    expect(failures).toEqual([]);
    // Some tables are wider than the page at both widths, so the checks above had something to check.
    expect(scrolled[1280]).toBeGreaterThan(0);
    expect(scrolled[390]).toBeGreaterThan(5);
  });

  it("the annual report prints without a mostly empty page, a forced page break or a tall block that may not break", { timeout: 120_000 }, async () => {
    for (const year of aggregatesOf(built).meta.years.slice(-2)) {
      const { ctx, page } = await open(`${server.origin}/reports/${year}/`);
      expect(await printStyleProblems(page), String(year)).toEqual([]);
      const fill = await printedFill(page);
      expect(fill.sparse, `${year}: ${fill.fills.map((f) => f.toFixed(2)).join(" ")}`).toEqual([]);
      expect(fill.pages).toBeGreaterThan(2);
      await ctx.close();
    }
  });

  it("without --site: the build says what is left out, robots.txt names no sitemap, and there is no sitemap or canonical link", () => {
    expect(built.log).toMatch(/warning: no --site address given .*Citations, canonical links and the social previews cannot be absolute addresses.*no sitemap\.xml is written/);
    expect(fs.readFileSync(path.join(built.dist, "robots.txt"), "utf8")).toBe("User-agent: *\nAllow: /\n");
    expect(fs.existsSync(path.join(built.dist, "sitemap.xml"))).toBe(false);
    expect([...pages.html.values()].filter((h) => h.includes('rel="canonical"'))).toEqual([]);
    // The social preview still names the page and the site.
    expect(pages.html.get(server.origin + "/data/")).toMatch(/<meta property="og:title" content="Data downloads">/);
  });

  it("search: with a filter chosen, every count shown beside a filter value equals the recount of the published incidents CSV, and the results are those incidents", { timeout: 120_000 }, async () => {
    // The published incidents, with the text the search indexes for each (its heading and body).
    const names = new Map([...(aggregatesOf(built).meta.districts as unknown as { code: string; name: string }[]).map((d): [string, string] => [d.code, d.name]), [WITHHELD, WITHHELD_LABEL]]);
    const records = csvParse(fs.readFileSync(path.join(built.out, "downloads/incidents.csv"), "utf8")).map((r) => ({
      ...r, year: Number(r.year), district_name: names.get(r.district!) ?? r.district!, call_type: r.call_type || null,
      highest_force_level: r.highest_force_level ? Number(r.highest_force_level) : null, force_types: r.force_types ? r.force_types.split("|") : [],
      most_severe_subject_injury: r.most_severe_subject_injury || null, review_finding: r.review_finding || null, summary: r.summary || null,
    }) as unknown as IncidentRecord);
    const tokens = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const words = records.map((rec) => {
      const { heading, body } = incidentSearchParts(rec);
      // Also each piece with its inner punctuation dropped ("mental-health" as "mentalhealth").
      return new Set([...tokens(`${heading} ${body}`), ...`${heading} ${body}`.toLowerCase().split(/\s+/).map((w) => w.replace(/[^\p{L}\p{N}]/gu, ""))]);
    });
    // A summary word found in a few hundred incidents whose first four letters begin no other word
    // of any incident, so that neither stemming nor matching by prefix can find anything else.
    const vocabulary = new Set(words.flatMap((w) => [...w]));
    const prefixes = new Map<string, number>();
    for (const w of vocabulary) prefixes.set(w.slice(0, 4), (prefixes.get(w.slice(0, 4)) ?? 0) + 1);
    const df = (w: string) => words.filter((ws) => ws.has(w)).length;
    const query = [...vocabulary].filter((w) => /^[a-z]{6,}$/.test(w) && prefixes.get(w.slice(0, 4)) === 1).sort().find((w) => df(w) >= 100 && df(w) <= 800);
    if (!query) throw new Error("no summary word found in 100 to 800 incidents whose first four letters begin no other word");
    const matched = records.filter((_, i) => words[i].has(query));
    // One value of a filter that differs inside a unit, the one with most incidents short of all.
    const labels = (rec: IncidentRecord) => incidentFilters(rec);
    const byInjury = new Map<string, number>();
    for (const rec of matched) byInjury.set(labels(rec)[FILTER.injury][0], (byInjury.get(labels(rec)[FILTER.injury][0]) ?? 0) + 1);
    const [injury] = [...byInjury].filter(([, n]) => n < matched.length).sort((a, b) => b[1] - a[1])[0];
    const kept = matched.filter((rec) => labels(rec)[FILTER.injury][0] === injury);
    // The counts a reader must see: a filter's own counts ignore its own choice.
    const want: Record<string, Record<string, number>> = {};
    for (const name of Object.values(FILTER)) {
      want[name] = {};
      for (const rec of name === FILTER.injury ? matched : kept) {
        const v = labels(rec)[name][0];
        want[name][v] = (want[name][v] ?? 0) + 1;
      }
    }

    const { ctx, page, errors, foreign } = await open(`${server.origin}/search/`);
    const filterFiles: string[] = [];
    page.on("request", (req) => /\.pf_filter$/.test(req.url()) && filterFiles.push(req.url()));
    await page.goto(`${server.origin}/search/?${new URLSearchParams([["q", query], [FILTER.injury, injury]])}`, { waitUntil: "networkidle" });
    await page.waitForFunction(() => /\d/.test(document.querySelector("[role=status]")?.textContent ?? ""), undefined, { timeout: 20_000 });
    expect(await page.getByRole("status").textContent()).toBe(`${kept.length.toLocaleString("en-US")} result${kept.length === 1 ? "" : "s"} for “${query}” with the chosen filters.`);
    const shown = await page.locator(".filter-group").evaluateAll((groups) =>
      Object.fromEntries(groups.map((g) => [
        g.querySelector(".filter-name")!.textContent,
        Object.fromEntries([...g.querySelectorAll("li")].map((li) => [(li.querySelector("input") as HTMLInputElement).value, Number(li.querySelector(".filter-count")!.textContent!.replace(/\D/g, ""))])),
      ])),
    );
    expect(Object.keys(shown)).toEqual(Object.values(FILTER));
    for (const name of Object.values(FILTER)) {
      // Every value the page lists, with its count (0 when none of the incidents has it), and no value left out.
      const expected = Object.fromEntries(Object.keys(shown[name]).map((v) => [v, want[name][v] ?? 0]));
      expect(shown[name], name).toEqual(expected);
      for (const v of Object.keys(want[name])) expect(Object.keys(shown[name]), `${name}: ${v}`).toContain(v);
    }
    expect(shown[FILTER.injury][injury]).toBe(kept.length);
    expect(shown[FILTER.type].Incident).toBe(kept.length);
    // The results shown are among those incidents, each linked to its own address.
    const links = await page.locator("#search-results h3 a").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links.length).toBe(Math.min(10, kept.length));
    const ids = new Set(kept.map((r) => r.incident));
    for (const href of links) {
      const u = new URL(href);
      expect(u.pathname).toMatch(/^\/incidents\/\d{4}\/[a-z0-9-]+\/[a-z0-9]+\/$/);
      expect(ids.has(u.hash.slice(1)), href).toBe(true);
      expect((await fetch(u.origin + u.pathname)).status).toBe(200);
    }
    // The counts come from the unit file: no Pagefind filter file is fetched.
    expect(filterFiles).toEqual([]);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await ctx.close();
  });

  it("every page carries the Content-Security-Policy as the first element of its <head>", () => {
    const missing = [...pages.html].filter(([, h]) => !/<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]+">/.test(h)).map(([u]) => u);
    expect(pages.html.size).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it("no department id, case number or address from the input appears in the built site", () => {
    const secrets = new Set<string>();
    for (const t of ["incidents", "subjects"]) {
      const dir = path.join(ROOT, "data", t);
      for (const f of fs.readdirSync(dir)) {
        for (const r of csvParse(fs.readFileSync(path.join(dir, f), "utf8"))) {
          for (const k of ["incident_id", "subject_id", "case_number"]) if (r[k] && r[k]!.length >= 6) secrets.add(r[k]!);
        }
      }
    }
    expect(secrets.size).toBeGreaterThan(1000);
    const found: string[] = [];
    for (const [file, bytes] of readTree(built.dist)) {
      if (!/\.(html|csv|json|md|txt)$/.test(file)) continue;
      const text = bytes.toString("utf8");
      for (const token of text.split(/[^A-Za-z0-9-]+/)) if (secrets.has(token)) found.push(`${token} in ${file}`);
      // Street addresses of the input are hundred-block addresses: none may appear.
      const block = /\b\d{2,6} block of\b/i.exec(text);
      if (block) found.push(`"${block[0]}" in ${file}`);
    }
    expect(found).toEqual([]);
  });
});

// The site deployed under a sub-path (--base /uof/). Built in this file, after the root build,
// because two Astro builds of one project at the same time share caches.
describe("sub-path build (/uof/)", () => {
  let sub: Built;
  let subServer: { origin: string; close: () => Promise<void> };
  let subPages: Awaited<ReturnType<typeof crawl>>;
  const SITE = "https://data.example.gov";
  beforeAll(async () => {
    sub = buildSample("/uof/", undefined, ["--site", SITE]);
    // The static host's web root holds the site in its uof/ folder; a missing address gets its 404 page.
    subServer = await serveStatic(path.join(sub.work, "site"), "/", { notFound: "uof/404.html" });
    subPages = await crawl(subServer.origin + "/uof/", subServer.origin);
  });
  afterAll(async () => {
    await subServer?.close();
  });

  it("crawling every internal link from /uof/ finds no broken link and none outside the base", async () => {
    const { status, from, html } = subPages;
    const broken = [...status].filter(([, st]) => st !== 200).map(([u, st]) => `${st} ${u} (linked from ${from.get(u)})`);
    expect(broken).toEqual([]);
    expect(html.size).toBeGreaterThan(50);
    const outside = [...status.keys()].filter((u) => !new URL(u).pathname.startsWith("/uof/"));
    expect(outside).toEqual([]);
  });

  it("with --site: sitemap.xml lists every page by its absolute address under the base, and robots.txt names it", () => {
    const sitemap = fs.readFileSync(path.join(sub.dist, "sitemap.xml"), "utf8");
    const listed = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]).sort();
    const crawled = [...subPages.html.keys()].map((u) => SITE + new URL(u).pathname).sort();
    expect(listed).toEqual(crawled);
    expect(listed.length).toBeGreaterThan(50);
    expect(fs.readFileSync(path.join(sub.dist, "robots.txt"), "utf8")).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${SITE}/uof/sitemap.xml\n`);
  });

  it("with --site: every page has a canonical link to its own absolute address, and a social preview with it; citations and JSON-LD are absolute", async () => {
    const wrong: string[] = [];
    const images = new Set<string>();
    for (const [url, html] of subPages.html) {
      // A chart-only page for embedding is not indexed and is never the page to link to: its chart's page is.
      if (/\/embed\/$/.test(new URL(url).pathname)) {
        if (!html.includes('<meta name="robots" content="noindex">')) wrong.push(`${url}: an embed page without noindex`);
        continue;
      }
      // The newest release's page at /releases/latest/ names its versioned address as the one to cite and index.
      const latest = new URL(url).pathname === "/uof/releases/latest/";
      const own = SITE + (latest ? `/uof/releases/${SAMPLE_VERSION}/` : new URL(url).pathname);
      const canonical = html.match(/<link rel="canonical" href="([^"]+)">/g) ?? [];
      if (canonical.length !== 1 || canonical[0] !== `<link rel="canonical" href="${own}">`) wrong.push(`${url}: ${canonical.join(" ") || "no canonical link"}`);
      // The home page and each chart's page preview with the chart's image; the other pages with none.
      const path0 = new URL(url).pathname;
      const chart = path0 === "/uof/" ? "rate-by-year" : /^\/uof\/charts\/([a-z-]+)\/$/.exec(path0)?.[1];
      const image = chart && chart !== "gravest-outcomes" ? `${SITE}/uof/charts/${chart}/chart.png` : null;
      for (const tag of [`<meta property="og:url" content="${own}">`, '<meta property="og:site_name" content="Riverton PD (sample)">', `<meta name="twitter:card" content="${image ? "summary_large_image" : "summary"}">`]) if (!html.includes(tag)) wrong.push(`${url}: no ${tag}`);
      if (!/<meta property="og:title" content="[^"]+">/.test(html) || !/<meta property="og:description" content="[^"]+">/.test(html)) wrong.push(`${url}: no og:title or og:description`);
      if (image) {
        if (!html.includes(`<meta property="og:image" content="${image}">`)) wrong.push(`${url}: no og:image ${image}`);
        images.add(image);
      } else if (html.includes("og:image")) wrong.push(`${url}: an og:image where there is no chart`);
    }
    expect(wrong).toEqual([]);
    // Each preview image is there: the address under the site is the served file.
    expect(images.size).toBeGreaterThan(10);
    for (const image of images) {
      const res = await fetch(subServer.origin + image.slice(SITE.length));
      expect(res.status, image).toBe(200);
      expect(res.headers.get("content-type"), image).toMatch(/^image\/png/);
    }
    const data = subPages.html.get(subServer.origin + "/uof/data/")!;
    expect(data).toContain(`${SITE}/uof/data/</p></blockquote>`);
    expect(data).toContain(`url = {${SITE}/uof/data/}`);
    expect(data).toContain(`"contentUrl": "${SITE}/uof/downloads/incidents.csv"`);
  });

  it("the 404 page, served for a missing address at any depth, has its styles, working links to search and home, and zero axe violations", { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    for (const missing of ["/uof/no-such-page/", "/uof/incidents/2024/nowhere/07/deeper/", "/uof/explore/district/North Side/"]) {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await ctx.newPage();
      const css: string[] = [];
      page.on("response", (r) => r.url().endsWith(".css") && css.push(`${r.status()} ${new URL(r.url()).pathname}`));
      const res = await page.goto(subServer.origin + encodeURI(missing), { waitUntil: "networkidle" });
      expect(res?.status(), missing).toBe(404);
      expect(await page.locator("h1").textContent()).toBe("Page not found");
      // Its stylesheets load from under the base, wherever it is served: the page is styled.
      if (css.length === 0 || css.some((c) => !/^200 \/uof\/_astro\//.test(c))) failures.push(`${missing}: stylesheets ${css.join(", ") || "none"}`);
      if ((await page.locator(".skip").evaluate((e) => getComputedStyle(e).position)) !== "absolute") failures.push(`${missing}: page not styled`);
      const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
      for (const h of hrefs) if (!/^(\/uof\/|#|mailto:|https:\/\/)/.test(h)) failures.push(`${missing}: link ${h} is not root-absolute under the base`);
      for (const [name, target] of [["Go to the home page", "/uof/"], ["Search the site", "/uof/search/"]]) {
        if ((await page.getByRole("link", { name }).getAttribute("href")) !== target) failures.push(`${missing}: no link "${name}" to ${target}`);
      }
      for (const h of hrefs.filter((x) => x.startsWith("/uof/"))) {
        const st = (await fetch(subServer.origin + h)).status;
        if (st !== 200) failures.push(`${missing}: link ${h} gives ${st}`);
      }
      const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
      for (const v of axe.violations) failures.push(`${missing}: axe ${v.id} (${v.impact}) on ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
      await ctx.close();
    }
    expect(failures).toEqual([]);
    const html = fs.readFileSync(path.join(sub.dist, "404.html"), "utf8");
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).not.toContain('rel="canonical"');
  });
});

// A department whose export lacks calls for service, subjects' age, sex and race or ethnicity,
// and review findings (tests/fixtures/partial, synthetic). Small, so its build takes seconds;
// built after the others, never beside them.
describe("a department that does not report some fields (fixture partial)", () => {
  let part: Built;
  let partServer: { origin: string; close: () => Promise<void> };
  beforeAll(async () => {
    part = buildSample("/", path.join(FIXTURES, "partial", "input"));
    partServer = await serveStatic(part.dist);
  });
  afterAll(async () => {
    await partServer?.close();
  });

  it("every internal link resolves: no download link to a figure that is not reported", async () => {
    const { status, from } = await crawl(partServer.origin + "/", partServer.origin);
    const broken = [...status].filter(([, st]) => st !== 200).map(([u, st]) => `${st} ${u} (linked from ${from.get(u)})`);
    expect(broken).toEqual([]);
    expect([...status.keys()].some((u) => u.endsWith("/downloads/figures/review-findings.csv"))).toBe(false);
  });

  it("shows not-reported boxes naming what is missing, with zero axe violations", { timeout: 300_000 }, async () => {
    const failures: string[] = [];
    const expectBoxes: Record<string, string[]> = {
      "/": ["calls for service"],
      "/explore/": ["calls for service", "subjects' sex", "subjects' race or ethnicity", "subjects' age", "review findings", "district boundaries"],
      "/reports/2024/": ["calls for service", "review findings"],
    };
    for (const p of ["/", "/explore/", "/reports/2024/", "/data/", "/methodology/"]) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      const res = await page.goto(partServer.origin + p, { waitUntil: "networkidle" });
      expect(res?.status(), p).toBe(200);
      const boxes = await page.locator(".not-reported[role=note]").allInnerTexts();
      for (const want of expectBoxes[p] ?? []) if (!boxes.some((b) => b.startsWith("Not reported by this department") && b.includes(want))) failures.push(`${p}: no box naming ${want}`);
      const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
      for (const v of axe.violations) failures.push(`${p}: axe ${v.id} (${v.impact}) on ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
      const text = await page.locator("main").innerText();
      if (/\bNaN\b/.test(text)) failures.push(`${p}: NaN on the page`);
      await ctx.close();
    }
    expect(failures).toEqual([]);
  });

  it("without district boundaries the map is a box naming them, with no map and no link to a boundaries download", () => {
    for (const page of ["explore/index.html", "explore/2024/index.html"]) {
      const html = fs.readFileSync(path.join(part.dist, page), "utf8");
      const at = html.indexOf('id="district-map"');
      expect(at, page).toBeGreaterThan(0);
      const figure = html.slice(at, html.indexOf("</figure>", at));
      expect(figure).toMatch(/Not reported by this department/);
      expect(figure).toMatch(/does not include district boundaries and calls for service \(counts of dispatched calls\), so this map cannot be made/);
      expect(figure).not.toContain("<svg");
      expect(html).not.toContain("districts.geojson");
    }
    expect(fs.existsSync(path.join(part.dist, "downloads/districts.geojson"))).toBe(false);
  });

  it("the home page says the rate is not reported, never 0 or NaN", async () => {
    const html = fs.readFileSync(path.join(part.dist, "index.html"), "utf8");
    const glance = html.slice(html.indexOf('class="figures"'), html.indexOf("</ul>", html.indexOf('class="figures"')));
    expect(glance).toMatch(/Not reported by this department<\/span> force incidents per 1,000 dispatched calls/);
    expect(glance).not.toMatch(/>0(\.00)?<\/span> force incidents per 1,000/);
  });

  it("says deaths and officers' injuries are not reported where injuries have no severity and officers no injury field, never 0", () => {
    for (const p of ["index.html", "reports/2024/index.html"]) {
      const html = fs.readFileSync(path.join(part.dist, p), "utf8");
      const text = html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
      expect(text, p).toContain("deaths following the use of force are not reported by this department");
      expect(text, p).toContain("a firearm was discharged unintentionally in 1 incident");
      expect(text, p).not.toMatch(/\b0 people died|\b0 seriously|\b0 of \d+ officers/);
    }
    const report = fs.readFileSync(path.join(part.dist, "reports/2024/index.html"), "utf8").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(report).toContain("injuries to officers: not reported by this department");
  });

  it("the data page lists the fields and figures the department does not report", () => {
    const html = fs.readFileSync(path.join(part.dist, "data/index.html"), "utf8");
    for (const f of ["subjects.race_ethnicity", "subjects.sex", "subjects.age", "incidents.review_finding", "calls_for_service"]) expect(html, f).toMatch(new RegExp(`<code[^>]*>${f.replace(".", "\\.")}</code>`));
    expect(html).toContain("Force reviews by finding: needs review findings");
    expect(html).not.toContain("/downloads/calls_for_service.csv");
  });
});

// A department that writes its own district codes with spaces, capitals, accents and punctuation,
// whose contact origin is unknown in every record and whose officers have no injury column
// (tests/fixtures/own-codes, synthetic), deployed under /uof/ with its public address.
describe("a department with its own district codes and no contact origin (fixture own-codes)", () => {
  let own: Built;
  let ownServer: { origin: string; close: () => Promise<void> };
  let ownPages: Awaited<ReturnType<typeof crawl>>;
  beforeAll(async () => {
    own = buildSample("/uof/", path.join(FIXTURES, "own-codes", "input"), ["--site", "https://data.example.gov"]);
    ownServer = await serveStatic(path.join(own.work, "site"), "/", { notFound: "uof/404.html" });
    ownPages = await crawl(ownServer.origin + "/uof/", ownServer.origin);
  });
  afterAll(async () => {
    await ownServer?.close();
  });

  it("every link made from a district code is its slug, the same on every page, and every internal link resolves", () => {
    const broken = [...ownPages.status].filter(([, st]) => st !== 200).map(([u, st]) => `${st} ${u} (linked from ${ownPages.from.get(u)})`);
    expect(broken).toEqual([]);
    // Page addresses are lower-case letters, digits and hyphens only: no space, capital, accent or %-escape.
    // (A release's page is addressed by the department's version, such as 2025.1: letters, digits, ".", "_" and "-".)
    const odd = [...ownPages.html.keys()].map((u) => new URL(u).pathname).filter((p) => !/^\/uof\/([a-z0-9-]+\/)*$/.test(p) && !/^\/uof\/releases\/own-codes\.1\/$/.test(p));
    expect(odd).toEqual([]);
    const paths = new Set([...ownPages.html.keys()].map((u) => new URL(u).pathname));
    for (const slug of ["north-side", "riviere", "zone-3-b-old-town", "st-john-s"]) {
      expect(paths, slug).toContain(`/uof/explore/district/${slug}/`);
      expect(paths, slug).toContain(`/uof/incidents/2023/${slug}/`);
    }
    const sitemap = fs.readFileSync(path.join(own.dist, "sitemap.xml"), "utf8");
    expect([...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname).sort()).toEqual([...paths].sort());
  });

  it("the home page says force on dispatched calls is not reported, never 0", () => {
    const html = ownPages.html.get(ownServer.origin + "/uof/")!;
    const glance = html.slice(html.indexOf('class="figures"'), html.indexOf("</ul>", html.indexOf('class="figures"')));
    expect(glance).toMatch(/Not reported by this department<\/span> how many of them were on dispatched calls: the department does not report how each encounter began \(not one record gives it, each says unknown\)/);
    expect(glance).toMatch(/Not reported by this department<\/span> force incidents per 1,000 dispatched calls/);
    expect(glance).not.toMatch(/of them on dispatched calls/);
  });

  it("the data page lists contact origin and officers' injuries as not reported, with why, and the span of the records", () => {
    const text = ownPages.html.get(ownServer.origin + "/uof/data/")!.replace(/<[^>]+>/g, "").replace(/&#39;/g, "'");
    expect(text).toContain("how each encounter began (contact origin) (incidents.contact_origin): not one record gives it, each says unknown.");
    expect(text).toContain("officers' injuries (officers.injury): the department's files have no such column.");
    expect(text).toContain("RecordsFrom March 2022 to December 2023");
  });

  it("the district, home and data pages have zero axe violations at 390 px", { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    for (const p of ["/uof/", "/uof/data/", "/uof/explore/district/zone-3-b-old-town/", "/uof/incidents/2023/st-john-s/"]) {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await ctx.newPage();
      expect((await page.goto(ownServer.origin + p, { waitUntil: "networkidle" }))?.status(), p).toBe(200);
      const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
      for (const v of axe.violations) failures.push(`${p}: axe ${v.id} (${v.impact}) on ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
      const wide = await checkWideTables(page);
      failures.push(...wide.problems.map((x) => `${p}: ${x}`));
      await ctx.close();
    }
    expect(failures).toEqual([]);
  });
});
