// Dates known only to the year or month, in the built site: the sample department with its 2019
// incidents dated only to the year and its 2020 incidents only to the month. The pages say so in
// words (data page, chart page, annual report, incident pages) and show no day for them.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { beforeAll, describe, expect, it } from "vitest";
import { servedInChromium } from "./browser.ts";
import { buildSample, type Built } from "./build.ts";
import { partialDatesSample, type PartialDates } from "../partialDates.ts";
import { districtSlug } from "../../src/lib/slug.ts";
import type { Aggregates } from "../../src/lib/aggregates.ts";

/** The text of a page: tags removed, entities read, spaces collapsed. */
function textOf(html: string): string {
  return html.replace(/<(script|style)[\s\S]*?<\/\1>/g, " ").replace(/<[^>]+>/g, " ").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ");
}

let fx: PartialDates;
let built: Built;
let agg: Aggregates;
const page = (p: string) => textOf(fs.readFileSync(path.join(built.dist, p, "index.html"), "utf8"));

beforeAll(() => {
  fx = partialDatesSample({ yearOnly: [2019], monthOnly: [2020] });
  built = buildSample("/", fx.dir);
  agg = JSON.parse(fs.readFileSync(path.join(built.out, "site", "aggregates.json"), "utf8"));
});

describe("a department whose 2019 incidents are dated only to the year and 2020's only to the month", () => {
  const y2019 = () => `${fx.yearOnly.get(2019)!.toLocaleString("en-US")} incidents in 2019 are dated only to the year, as the department recorded them.`;
  const m2020 = () => `${fx.monthOnly.get(2020)!.toLocaleString("en-US")} incidents in 2020 are dated only to the month, as the department recorded them.`;

  it("the data page and the methodology say how many, year by year", () => {
    const data = page("data");
    expect(data).toContain(y2019());
    expect(data).toContain(m2020());
    expect(data).toContain("No day is made up for them");
    expect(data).not.toContain("incidents in 2021 are dated only");
    expect(page("methodology")).toContain(`${fx.yearOnly.get(2019)!.toLocaleString("en-US")} incidents of`);
  });

  it("the rate chart's page and the annual report of each affected year say so; other years' reports do not", () => {
    const chart = page("charts/rate-by-year");
    expect(chart).toContain(`${y2019()} ${m2020()} They count in their year's figures here`);
    expect(page("reports/2019")).toContain(`${y2019()} They count in 2019's figures`);
    expect(page("reports/2020")).toContain(m2020());
    expect(page("reports/2021")).not.toContain("dated only to the");
    // No part year: 2019's dates are not known to begin late.
    expect(agg.meta.part_years).toEqual([]);
  });

  it("an incident of 2019 shows its year, not a day, and says why", () => {
    const d = agg.meta.districts[0];
    const p = page(`incidents/2019/${districtSlug(d.code)}/all`);
    expect(p).toContain("2019 (date not recorded more precisely)");
    expect(p).not.toMatch(/\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) 2019\b/);
    const listing = page(`incidents/2019/${districtSlug(d.code)}`);
    expect(listing).toContain(y2019());
    expect(listing).not.toContain("dates are published no finer than that, to protect privacy");
  });

  describe("in the browser", () => {
    const chromium = servedInChromium(() => built.dist);

    it("the data page and the chart page show the sentence, with zero axe violations and no sideways scroll at 390 px", { timeout: 120_000 }, async () => {
      for (const p of ["/data/", "/charts/rate-by-year/"]) {
        const ctx = await chromium.browser().newContext({ viewport: { width: 390, height: 900 } });
        const pg = await ctx.newPage();
        await pg.goto(chromium.origin() + p, { waitUntil: "networkidle" });
        expect(await pg.getByText(y2019(), { exact: false }).first().isVisible(), p).toBe(true);
        const axe = await new AxeBuilder({ page: pg }).analyze();
        expect(axe.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`), p).toEqual([]);
        expect(await pg.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), p).toBe(true);
        await ctx.close();
      }
    });
  });
});
