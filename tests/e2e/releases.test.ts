// The release pages over a built site whose generated folder has a release history
// (tests/fixtures/releases/make-fixture.ts): the list of releases, each release's page and the
// newest, the Atom feed, the notes at moved and withdrawn incidents' old addresses, the bundles in
// the Dataset JSON-LD, revised years marked on chart pages and reports, and, in Chromium, zero axe
// violations and no sideways scroll at 390 px.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { DOMParser, parseHTML } from "linkedom";
import { beforeAll, describe, expect, it } from "vitest";
import { makeReleaseFixture, type ReleaseFixture } from "../fixtures/releases/make-fixture.ts";
import type { ReleaseIndex } from "../../src/lib/releases.ts";
import { servedInChromium } from "./browser.ts";
import { checkWideTables } from "./checks.ts";
import { buildSiteFrom, generateSample } from "./siteFrom.ts";

const SITE = "https://data.example.gov";
let fx: ReleaseFixture;
let idx: ReleaseIndex;
let gen: string;
let dist: string;

const html = (p: string) => fs.readFileSync(path.join(dist, p, "index.html"), "utf8");
const doc = (p: string) => parseHTML(html(p)).document;
/** The visible text of a page's main content, spaces collapsed. */
const text = (p: string) => (doc(p).querySelector("main")?.textContent ?? "").replace(/\s+/g, " ");

beforeAll(async () => {
  gen = generateSample();
  fx = makeReleaseFixture(gen);
  idx = JSON.parse(fs.readFileSync(path.join(gen, "site/releases.json"), "utf8"));
  dist = await buildSiteFrom(gen, SITE);
}, 600_000);

describe("release pages built from a release history", () => {
  it("/releases/ lists every release newest first, with its notes, bundle size and checksum and a link to its page", () => {
    const d = doc("releases");
    const headings = [...d.querySelectorAll(".releases h3 a")].map((a) => [a.textContent, a.getAttribute("href")]);
    expect(headings).toEqual([[`Release ${fx.current}`, `/releases/${fx.current}/`], [`Release ${fx.previous}`, `/releases/${fx.previous}/`]]);
    const t = text("releases");
    for (const r of idx.releases) {
      expect(t).toContain(r.bundle.sha256);
      expect(t).toContain(r.notes);
      expect(d.querySelector(`a[href="/${r.bundle.path}"]`)).not.toBeNull();
    }
    expect(t).toContain("Versions and citations");
  });

  it("a release's page shows the notes, the bundle, its figure tables and the changes by table, linking pseudonyms that still exist", () => {
    const p = `releases/${fx.current}`;
    const d = doc(p);
    const t = text(p);
    const cur = idx.releases[0];
    expect(t).toContain(cur.notes);
    expect(d.querySelector(`a[href="/${cur.bundle.path}"]`)).not.toBeNull();
    expect(d.querySelector(`a[href="/releases/${fx.current}/changes.json"]`)).not.toBeNull();
    for (const f of cur.figures) expect(d.querySelector(`a[href="/releases/${fx.current}/figures/${f.id}.csv"]`), f.id).not.toBeNull();
    // The moved incident still exists: its pseudonym links to its current address.
    expect(d.querySelector(`a[href="${fx.moved.to}#${fx.moved.incident}"]`)).not.toBeNull();
    // The withdrawn one does not: shown, not linked.
    expect(t).toContain(fx.withdrawn.incident);
    expect(d.querySelector(`a[href$="#${fx.withdrawn.incident}"].pid`)).toBeNull();
    // 230 added subjects: 200 shown and a sentence pointing to the full list.
    expect(t).toContain("The first 200 are shown; the full list of 230 is in changes.json");
    expect(t).toContain("Changes in privacy protection only");
    expect(t).toContain("Force by district: totals that moved");
    const totals = [...d.querySelectorAll("table")].find((tb) => tb.querySelector("caption")?.textContent === "Force by district: totals that moved");
    const rows = [...(totals?.querySelectorAll("tbody tr") ?? [])].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([["2023", "D5", "All force incidents", "61", "60"], ["2023", rows[1]?.[1], "All force incidents", "40", "41"]]);
    expect(t).toContain(`${fx.moved.incident}: from ${fx.moved.from} to ${fx.moved.to}`);
  });

  it("the first release says there is nothing earlier to compare with", () => {
    expect(text(`releases/${fx.previous}`)).toContain("This is the first release: there is nothing earlier to compare it with.");
  });

  it("/releases/latest/ shows the newest release with a canonical link to its own address, and no script or refresh", () => {
    const d = doc("releases/latest");
    expect(d.querySelector('link[rel="canonical"]')?.getAttribute("href")).toBe(`${SITE}/releases/${fx.current}/`);
    expect(d.querySelector('meta[http-equiv="refresh"]')).toBeNull();
    expect(d.querySelectorAll("script:not([type='application/ld+json'])").length).toBe(0);
    expect(text("releases/latest")).toContain(idx.releases[0].bundle.sha256);
  });

  it("the release files are copied into the site, byte for byte", () => {
    for (const r of idx.releases) {
      const b = fs.readFileSync(path.join(dist, r.bundle.path));
      expect(crypto.createHash("sha256").update(b).digest("hex")).toBe(r.bundle.sha256);
      expect(fs.existsSync(path.join(dist, "releases", r.version, "changes.json"))).toBe(true);
    }
  });

  it("the Atom feed parses, with one entry per release linking to its page", () => {
    const xml = fs.readFileSync(path.join(dist, "releases/feed.xml"), "utf8");
    const feed = new DOMParser().parseFromString(xml, "text/xml");
    const root = feed.documentElement;
    expect(root.tagName).toBe("feed");
    expect(root.getAttribute("xmlns")).toBe("http://www.w3.org/2005/Atom");
    const entries = [...root.getElementsByTagName("entry")];
    expect(entries.length).toBe(idx.releases.length);
    for (const [i, e] of entries.entries()) {
      const r = idx.releases[i];
      expect(e.getElementsByTagName("id")[0].textContent).toBe(`${SITE}/releases/${r.version}/`);
      expect(e.getElementsByTagName("updated")[0].textContent).toBe(`${r.released}T00:00:00Z`);
      expect(e.getElementsByTagName("link")[0].getAttribute("href")).toBe(`${SITE}/releases/${r.version}/`);
      expect(e.getElementsByTagName("summary")[0].textContent).toContain(r.notes);
    }
    // Every page names the feed in its head.
    expect(doc("").querySelector('link[rel="alternate"][type="application/atom+xml"]')?.getAttribute("href")).toBe(`${SITE}/releases/feed.xml`);
  });

  it("a moved incident's old address keeps an entry at its anchor that links to the new address", () => {
    const d = doc(fx.moved.from.slice(1));
    const note = d.getElementById(fx.moved.incident);
    expect(note?.textContent?.replace(/\s+/g, " ")).toContain(`moved to`);
    expect(note?.textContent).toContain(`release ${fx.current}: its district was corrected.`);
    expect(note?.querySelector(`a[href="${fx.moved.to}#${fx.moved.incident}"]`)).not.toBeNull();
    // And the new address has the incident.
    expect(doc(fx.moved.to.slice(1)).getElementById(fx.moved.incident)?.tagName).toBe("ARTICLE");
  });

  it("a withdrawn incident's old page, which has no incident left, is still made with its note, and its district page links to it", () => {
    const d = doc(fx.withdrawn.from.slice(1));
    const note = d.getElementById(fx.withdrawn.incident);
    expect(note?.textContent?.replace(/\s+/g, " ")).toContain(`was withdrawn in release ${fx.current} (see the release notes)`);
    expect(note?.querySelector(`a[href="/releases/${fx.current}/"]`)).not.toBeNull();
    const district = fx.withdrawn.from.replace(/[^/]+\/$/, "");
    expect(doc(district.slice(1)).querySelector(`a[href="${fx.withdrawn.from}"]`)).not.toBeNull();
  });

  it("a move whose old address is the incident's current one leaves no note", () => {
    const d = doc(fx.unmoved.from.slice(1));
    expect(d.getElementById(fx.unmoved.incident)?.tagName).toBe("ARTICLE");
    expect(d.querySelectorAll(".moved-note").length).toBe(0);
  });

  it("the Dataset JSON-LD lists every release's bundle beside the current files, with the version and date", () => {
    const ld = JSON.parse(doc("data").querySelector('script[type="application/ld+json"]')!.textContent!);
    expect(ld.version).toBe(fx.current);
    expect(ld.dateModified).toBe(idx.releases[0].released);
    const zips = ld.distribution.filter((d: { encodingFormat: string }) => d.encodingFormat === "application/zip");
    expect(zips.map((z: { contentUrl: string }) => z.contentUrl)).toEqual(idx.releases.map((r) => `${SITE}/${r.bundle.path}`));
    expect(zips[0].name).toContain(fx.current);
    expect(zips[0].uploadDate).toBe(idx.releases[0].released);
    expect(ld.distribution.some((d: { contentUrl: string }) => d.contentUrl === `${SITE}/downloads/incidents.csv`)).toBe(true);
    // The changelog section keeps its id and now tells the history.
    expect(doc("data").getElementById("changelog")?.textContent).toContain("Releases and what changed");
    expect(text("data")).not.toContain("does not yet compare a release");
  });

  it("revised years are marked with every chart that shows them and in that year's report, linking to the release", () => {
    const mark = `2023 was revised in release ${fx.current} (released ${idx.releases[0].released}): 3 incidents added, 1 withdrawn, 5 revised.`;
    const count = (t: string, part: string) => t.split(part).length - 1;
    // A chart's page marks every year its table and downloads cover.
    expect(text("charts/districts")).toContain(mark);
    // The year's report says it once, at the top, and not again under each of its charts.
    expect(doc("reports/2023").querySelector(`article > .revised a[href="/releases/${fx.current}/"]`)).not.toBeNull();
    expect(count(text("reports/2023"), mark)).toBe(1);
    // Another year's report has no note of its own, but its chart of every year marks 2023.
    expect(doc("reports/2024").querySelector("article > .revised")).toBeNull();
    expect(doc("reports/2024").querySelector("#rate-by-year")?.closest("figure, section")?.textContent?.replace(/\s+/g, " ")).toContain(mark);
    // Trend charts carry the mark wherever they appear; a chart of 2024 alone does not.
    const home = doc("");
    expect(home.querySelector("#rate-by-year")?.closest("figure, section")?.textContent?.replace(/\s+/g, " ")).toContain(mark);
    const explore = doc("explore");
    const figureText = (id: string) => (explore.getElementById(id)?.closest("figure, section")?.textContent ?? "").replace(/\s+/g, " ");
    expect(figureText("rate-by-year")).toContain(mark);
    expect(figureText("rate-by-year")).toContain(`2022 was revised in release ${fx.current}`);
    expect(figureText("subject-injuries")).not.toContain("was revised in release");
    expect(text("explore/2023")).toContain(mark);
  });

  it("chart images and embeds outside the site name the revised years they draw", () => {
    const line = `2022 and 2023 were revised in release ${fx.current}.`;
    expect(fs.readFileSync(path.join(dist, "charts/rate-by-year/chart.svg"), "utf8")).toContain(line);
    expect(text("charts/rate-by-year/embed")).toContain(line);
    // The chart of districts draws 2024 alone, which no release revised.
    expect(fs.readFileSync(path.join(dist, "charts/districts/chart.svg"), "utf8")).not.toContain("revised in release");
  });

  it("the home, data and chart pages say when the data was last updated and when the next update is expected", () => {
    for (const p of ["", "data", "charts/districts"]) {
      const t = text(p);
      expect(t, p).toContain(`Last updated March 1, 2025 (release ${fx.current}).`);
      expect(t, p).toContain("Next update expected March 2026.");
    }
  });

  describe("in Chromium", () => {
    const served = servedInChromium(() => dist);
    it("the release pages and the old incident pages have zero axe violations and no sideways scroll at 390 px", { timeout: 300_000 }, async () => {
      const failures: string[] = [];
      for (const width of [1280, 390]) {
        const ctx = await served.browser().newContext({ viewport: { width, height: 900 } });
        const page = await ctx.newPage();
        for (const p of ["/releases/", `/releases/${fx.current}/`, `/releases/${fx.previous}/`, "/releases/latest/", fx.moved.from, fx.withdrawn.from]) {
          await page.goto(served.origin() + p);
          const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
          for (const v of axe.violations) failures.push(`${p} at ${width}: axe ${v.id} (${v.impact}) on ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
          for (const problem of (await checkWideTables(page)).problems) failures.push(`${p} at ${width}: ${problem}`);
        }
        await ctx.close();
      }
      expect(failures).toEqual([]);
    });
  });
});
