// End to end: a department whose every text field holds markup, script and spreadsheet formulas
// (tests/fixtures/hostile, synthetic), built with the real command, served on 127.0.0.1 and read
// in real Chromium. Its strings must show as the text they are on every page, in page titles,
// charts, structured data, search filters and results, and run nothing; every page must carry
// the Content-Security-Policy, and no page may trip it, the search page included.
import fs from "node:fs";
import path from "node:path";
import { csvParseRows } from "d3-dsv";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSP_META } from "../../scripts/csp.ts";
import { FIXTURES } from "../helpers.ts";
import { launchChromium, serveStatic } from "./browser.ts";
import { buildSample, crawl, pageType, type Built } from "./build.ts";

const INPUT = path.join(FIXTURES, "hostile", "input");
const config = JSON.parse(fs.readFileSync(path.join(INPUT, "config.json"), "utf8"));
const DEPARTMENT: string = config.name;
const SHORT: string = config.short_name;
const JURISDICTION: string = config.jurisdiction;
const LICENCE: string = config.licence.name;
const HARBOR: string = config.districts[0].name;
const NORTH: string = config.districts[1].name;
const SUMMARY = "Officers arrived.<script>alert(8)</script> The subject was handcuffed.";
const POLICY_TITLE = "Continuum <img src=x onerror=alert(13)>";

let built: Built;
let browser: Browser;
let server: { origin: string; close: () => Promise<void> };
let pages: Awaited<ReturnType<typeof crawl>>;
/** One URL of each page type. */
const examples = new Map<string, string>();

beforeAll(async () => {
  built = buildSample("/", INPUT);
  server = await serveStatic(built.dist);
  browser = await launchChromium();
  pages = await crawl(server.origin + "/", server.origin);
  for (const url of pages.html.keys()) {
    const t = pageType(new URL(url).pathname, ["H", "N"]);
    if (!examples.has(t)) examples.set(t, url);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** What a page did that it must not: dialogs, console errors, uncaught errors, CSP violations. */
interface Watch {
  ctx: BrowserContext;
  page: Page;
  dialogs: string[];
  errors: string[];
  violations: () => Promise<string[]>;
}

/** Opens a page, recording dialogs (dismissed), console errors and Content-Security-Policy violations. */
async function open(url: string, viewport = { width: 1280, height: 900 }): Promise<Watch> {
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  // Added by the browser driver, not the page, so the page's policy does not apply to it.
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
  });
  const res = await page.goto(url, { waitUntil: "networkidle" });
  expect(res?.status(), url).toBe(200);
  const violations = () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  return { ctx, page, dialogs, errors, violations };
}

describe("a department whose text fields hold markup and formulas (fixture hostile)", () => {
  it("builds every page type", () => {
    for (const t of ["/", "/explore/", "/explore/:year/", "/explore/district/:district/", "/reports/:year/", "/policy/", "/policy/:slug/", "/incidents/", "/incidents/:year/", "/incidents/:year/:district/", "/incidents/:year/:district/:part/", "/complaints/", "/search/", "/data/", "/methodology/"]) {
      expect([...examples.keys()], t).toContain(t);
    }
  });

  it("every page carries the Content-Security-Policy as the first element of its <head>", () => {
    expect(pages.html.size).toBeGreaterThan(20);
    const missing = [...pages.html].filter(([, html]) => !html.includes(`<head>${CSP_META}`)).map(([u]) => u);
    expect(missing).toEqual([]);
    for (const f of ["_headers", ".htaccess", "staticwebapp.config.json"]) expect(fs.existsSync(path.join(built.dist, f)), f).toBe(true);
  });

  it("the violation listener works: an inline style added by script is reported as a CSP violation", async () => {
    const w = await open(examples.get("/")!);
    await w.page.evaluate(() => {
      const s = document.createElement("style");
      s.textContent = "body { color: red }";
      document.head.append(s);
    });
    await expect.poll(w.violations).toEqual([expect.stringMatching(/^style-src-elem blocked inline/)]);
    await w.ctx.close();
  });

  it("every page type opens no dialog, logs no error, trips no CSP rule, and shows the department's strings as literal text", { timeout: 300_000 }, async () => {
    const failures: string[] = [];
    for (const [type, url] of examples) {
      const w = await open(url);
      for (const d of w.dialogs) failures.push(`${type}: dialog ${d}`);
      for (const e of w.errors) failures.push(`${type}: console error ${e}`);
      for (const v of await w.violations()) failures.push(`${type}: CSP violation ${v}`);
      const title = await w.page.title();
      if (!title.endsWith(` | ${SHORT}`)) failures.push(`${type}: title ${JSON.stringify(title)}`);
      const description = await w.page.locator('meta[name="description"]').getAttribute("content");
      if (!description) failures.push(`${type}: no description`);
      const text = await w.page.locator("body").innerText();
      // The chart-only page for embedding has no site frame: its one line of source names the department and the licence.
      const shown = type === "/charts/:figure/embed/" ? [DEPARTMENT, LICENCE] : [SHORT, DEPARTMENT, JURISDICTION, LICENCE];
      for (const s of shown) if (!text.includes(s)) failures.push(`${type}: ${JSON.stringify(s)} not shown as text`);
      // Nothing from the department's strings became an element or an attribute.
      const injected = await w.page.evaluate(() =>
        [...document.querySelectorAll("img, iframe, object, embed, b[onmouseover], svg[onload], script:not([src]):not([type='application/ld+json'])")].map((e) => e.outerHTML.slice(0, 80)),
      );
      for (const e of injected) failures.push(`${type}: element from data ${e}`);
      const handlers = await w.page.evaluate(() => [...document.querySelectorAll("*")].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name) || (/href|src/.test(a.name) && /^\s*javascript:/i.test(a.value))).map((a) => `${e.localName} ${a.name}`)));
      for (const h of handlers) failures.push(`${type}: ${h}`);
      await w.ctx.close();
    }
    expect(failures).toEqual([]);
  });

  it("district names, summaries, call-type labels and policy text read as written where they are shown", async () => {
    const checks: [string, string[]][] = [
      ["/explore/", [HARBOR, NORTH]],
      ["/explore/district/:district/", [HARBOR]],
      ["/incidents/:year/", [HARBOR, NORTH]],
      ["/policy/:slug/", []],
    ];
    const failures: string[] = [];
    for (const [type, strings] of checks) {
      const w = await open(examples.get(type)!);
      const text = await w.page.locator("main").innerText();
      for (const s of strings) if (!text.includes(s)) failures.push(`${type}: ${JSON.stringify(s)} not shown`);
      await w.ctx.close();
    }
    expect(failures).toEqual([]);
    // A chart's labels are SVG text.
    const w = await open(examples.get("/explore/")!);
    const svgText = await w.page.locator("figure#districts svg").first().textContent();
    expect(svgText).toContain(HARBOR);
    // The district map: each district's link is named with its name as written.
    const mapLinks = await w.page.locator("#district-map .svg.wide svg a").evaluateAll((as) => as.map((a) => a.getAttribute("aria-label")));
    expect(mapLinks.map((n) => n!.replace(/: .*$/, ""))).toEqual([HARBOR, NORTH]);
    await w.ctx.close();
    // An incident's summary and call-type label on its month page.
    const month = [...pages.html.keys()].find((u) => new URL(u).pathname === "/incidents/2022/h/03/")!;
    const m = await open(month);
    const monthText = await m.page.locator("main").innerText();
    expect(monthText).toContain(SUMMARY);
    expect(monthText).toContain("<img src=x onerror=alert(11)>");
    await m.ctx.close();
    // The policy section: its title as text, raw HTML and script links dropped, code kept as text.
    const p = await open(server.origin + "/policy/continuum/");
    expect(await p.page.locator("h1").innerText()).toBe(POLICY_TITLE);
    const policy = await p.page.locator("main").innerText();
    expect(policy).toContain("</script><script>alert(14)</script> Added <b>handcuffing</b> & escort.");
    expect(policy).toContain("<b>code</b>");
    expect(await p.page.locator("main a[href*='script:' i]").count()).toBe(0);
    expect(await p.page.locator("main").getByText("Click here").count()).toBe(1);
    await p.ctx.close();
  });

  it("the data page's JSON-LD parses to the department's exact strings", async () => {
    const w = await open(examples.get("/data/")!);
    const ld = JSON.parse((await w.page.locator('script[type="application/ld+json"]').textContent())!);
    expect(ld.publisher.name).toBe(DEPARTMENT);
    expect(ld.spatialCoverage).toBe(JURISDICTION);
    expect(await w.page.locator("h1").count()).toBe(1);
    await w.ctx.close();
  });

  it("the department's release notes read as written on the release page, in the feed and in the bundle's README, and run nothing", async () => {
    const NOTES: string = config.release_notes;
    const w = await open(`${server.origin}/releases/${config.version}/`);
    expect(w.dialogs).toEqual([]);
    expect(await w.violations()).toEqual([]);
    const shown = await w.page.locator("main").innerText();
    expect(shown).toContain("Corrected <script>alert(21)</script> two districts.");
    expect(shown).toContain(']]></summary><entry><title>forged</title></entry> & =HYPERLINK("http://x") "quoted"');
    expect(await w.page.locator("main script").count()).toBe(0);
    await w.ctx.close();
    // The feed is still one well-formed entry, with the notes as its text.
    const feed = fs.readFileSync(path.join(built.dist, "releases", "feed.xml"), "utf8");
    const { DOMParser } = await import("linkedom");
    const doc = new DOMParser().parseFromString(feed, "text/xml");
    expect(doc.querySelectorAll("entry").length).toBe(1);
    expect(feed).not.toContain("<title>forged</title>");
    // The bundle's README quotes the notes line by line; nothing in them starts a heading or block.
    const readme = fs.readFileSync(path.join(built.out, "downloads", "README.md"), "utf8");
    for (const line of NOTES.split("\n").filter(Boolean)) expect(readme).toContain(`> ${line}`);
  });

  it("search: the hostile district is a filter shown as text; searching and filtering show it literally, and nothing runs or trips the policy", { timeout: 120_000 }, async () => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const w = await open(server.origin + "/search/", viewport);
      await w.page.getByRole("searchbox", { name: "Words to search for" }).fill(HARBOR);
      await w.page.waitForFunction(() => /\d+ results? for/.test(document.querySelector("[role=status]")?.textContent ?? ""), undefined, { timeout: 20_000 });
      const group = w.page.locator("#search-filters details").filter({ hasText: /district/i }).first();
      await group.locator("summary").click();
      const labels = await group.locator("label").allInnerTexts();
      expect(labels.map((l) => l.replace(/\s*\(\d+\)$/, ""))).toEqual(expect.arrayContaining([HARBOR, NORTH]));
      const before = await w.page.getByRole("status").textContent();
      await group.getByLabel(HARBOR).check();
      await w.page.waitForFunction((prev) => document.querySelector("[role=status]")?.textContent !== prev, before);
      expect(new URL(w.page.url()).searchParams.getAll("district")).toEqual([HARBOR]);
      const results = w.page.locator("#search-results > li");
      expect(await results.count()).toBeGreaterThan(0);
      const titles = await w.page.locator("#search-results h3").allInnerTexts();
      expect(titles.length).toBeGreaterThan(0);
      for (const t of titles) expect(t).toContain(HARBOR);
      const excerpts = (await w.page.locator("#search-results .result-excerpt").allInnerTexts()).join("\n");
      expect(excerpts).toContain(HARBOR);
      expect(await w.page.locator("#search img, #search svg, #search script").count()).toBe(0);
      // The summary with a script in it, found by its words, reads as written.
      await w.page.getByRole("searchbox").fill("arrived handcuffed");
      await w.page.waitForFunction(() => document.querySelectorAll("#search-results .result-excerpt").length > 0 && /result/.test(document.querySelector("[role=status]")?.textContent ?? ""), undefined, { timeout: 20_000 });
      await expect.poll(() => w.page.locator("#search-results .result-excerpt").allInnerTexts().then((t) => t.join("\n"))).toContain("<script>alert(8)</script>");
      // Policy pages found by a word of their hostile title show it as text.
      await group.getByLabel(HARBOR).uncheck();
      await w.page.getByRole("searchbox").fill("continuum");
      await expect.poll(() => w.page.locator("#search-results h3").allInnerTexts()).toContain(POLICY_TITLE);
      expect(w.dialogs).toEqual([]);
      expect(w.errors).toEqual([]);
      expect(await w.violations()).toEqual([]);
      const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `scrolls sideways at ${viewport.width} px`).toBeLessThanOrEqual(0);
      await w.ctx.close();
    }
  });

  it("the CSV downloads hold formulas as inert text: a leading ' on each, and the value back when it is removed", () => {
    const rows = csvParseRows(fs.readFileSync(path.join(built.dist, "downloads/incidents.csv"), "utf8"));
    const header = rows[0];
    const col = (name: string) => rows.slice(1).map((r) => r[header.indexOf(name)]);
    expect(col("summary")).toContain(`'=HYPERLINK("http://evil.example/","x") officers used a joint lock.`);
    expect(col("summary")).toContain("'-2 officers took the subject to the ground.");
    expect(col("call_type_raw")).toEqual(expect.arrayContaining(["'@SUM(1)", "'=cmd|' /C calc'!A0"]));
    for (const r of rows.slice(1)) for (const cell of r) expect(/^[=+\-@\t\r]/.test(cell) && !Number.isFinite(Number(cell)), cell).toBe(false);
    const uses = csvParseRows(fs.readFileSync(path.join(built.dist, "downloads/force_uses.csv"), "utf8")).flat();
    expect(uses).toEqual(expect.arrayContaining(["'+ESCORT", "'=L1"]));
  });
});
