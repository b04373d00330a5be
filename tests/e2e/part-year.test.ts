// Part years, end to end: the sample department cut to records that begin in April 2019 and end
// in June 2024 (as an export taken mid-year would). Neither part year may be compared with a
// full year anywhere: home page cards and sentences, annual reports, chart summaries; charts
// draw them apart and name their months.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { beforeAll, describe, expect, it } from "vitest";
import { copyDepartment, editCsv, tmpDir } from "../helpers.ts";
import { servedInChromium } from "./browser.ts";
import { ROOT, buildSample, type Built } from "./build.ts";
import type { Aggregates } from "../../src/lib/aggregates.ts";

const FROM = "2019-04-01";
const THROUGH = "2024-06-30";

/** The sample department with every record outside FROM..THROUGH removed (and the records that refer to them). */
function cutSample(): string {
  const dir = path.join(tmpDir("uof-part-"), "data");
  copyDepartment(path.join(ROOT, "data"), dir);
  const gone = new Set<string>();
  const inside = (d: string) => d >= FROM && d <= THROUGH;
  for (const f of fs.readdirSync(path.join(dir, "incidents"))) {
    editCsv(path.join(dir, "incidents", f), (rows) => rows.filter((r) => (inside(r.date) ? true : (gone.add(r.incident_id), false))));
  }
  for (const t of ["subjects", "officers", "force_uses"]) {
    for (const f of fs.readdirSync(path.join(dir, t))) editCsv(path.join(dir, t, f), (rows) => rows.filter((r) => !gone.has(r.incident_id)));
  }
  for (const f of fs.readdirSync(path.join(dir, "complaints"))) {
    editCsv(path.join(dir, "complaints", f), (rows) => rows.filter((r) => inside(r.received_date) && !gone.has(r.incident_id) && (!r.closed_date || r.closed_date <= THROUGH)));
  }
  for (const t of ["calls_for_service", "arrests"]) {
    for (const f of fs.readdirSync(path.join(dir, t))) editCsv(path.join(dir, t, f), (rows) => rows.filter((r) => r.period >= FROM.slice(0, 7) && r.period <= THROUGH.slice(0, 7)));
  }
  return dir;
}

/** The text of a page: tags removed, entities read, spaces collapsed. */
function textOf(html: string): string {
  return html.replace(/<(script|style)[\s\S]*?<\/\1>/g, " ").replace(/<[^>]+>/g, " ").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ");
}

/** The last cell of every row of the year-against-year tables of a report page. */
function changeCells(html: string): string[] {
  const out: string[] = [];
  for (const table of html.match(/<table class="compare"[\s\S]*?<\/table>/g) ?? []) {
    for (const row of table.match(/<tbody[^>]*>[\s\S]*<\/tbody>/)?.[0].match(/<tr[\s\S]*?<\/tr>/g) ?? []) {
      const cells = row.match(/<td[^>]*>[\s\S]*?<\/td>/g) ?? [];
      if (cells.length) out.push(textOf(cells.at(-1)!).trim());
    }
  }
  return out;
}

let built: Built;
let agg: Aggregates;
const page = (p: string) => fs.readFileSync(path.join(built.dist, p, "index.html"), "utf8");

beforeAll(() => {
  built = buildSample("/", cutSample());
  agg = JSON.parse(fs.readFileSync(path.join(built.out, "site", "aggregates.json"), "utf8"));
});

describe("a department whose records begin in April 2019 and end in June 2024", () => {
  it("finds both part years from the records alone, and the span they cover", () => {
    expect(agg.meta.part_years).toEqual([
      { year: 2019, from: "2019-04", through: "2019-12", label: "April to December" },
      { year: 2024, from: "2024-01", through: "2024-06", label: "January to June" },
    ]);
    expect(agg.meta.period).toEqual({ from: "2019-04", through: "2024-06" });
    expect(agg.headline.rate_change_pct).toBeNull();
    expect(agg.headline.incidents_change_pct).toBeNull();
  });

  it("the home page names the part year and compares nothing with it", () => {
    const t = textOf(page(""));
    expect(t).toContain("2024 at a glance (January to June only)");
    expect(t).toContain("a part year, so not compared");
    expect(t).not.toMatch(/(up|down) [\d.,]+% on 2023/);
    expect(t).not.toMatch(/against [\d,]+ in 2023/);
    // The trend's sentence names the part year and does not set it against 2023.
    expect(t).toContain("in 2024 (January to June only) it was");
    expect(t).not.toMatch(/In 2024[^.]*(up|down) from [\d.]+ in 2023/);
  });

  it("the 2024 and 2020 reports set the years side by side but never compare them; 2023 against 2022 is compared", () => {
    const r2024 = page("reports/2024");
    expect(textOf(r2024)).toContain("The data for 2024 covers January to June only");
    const c2024 = changeCells(r2024);
    expect(c2024.length).toBeGreaterThan(10);
    expect(new Set(c2024)).toEqual(new Set(["not compared: part year"]));
    const r2020 = page("reports/2020");
    expect(textOf(r2020)).toContain("The data for 2019 covers April to December only, so 2020 is not compared with it.");
    expect(new Set(changeCells(r2020))).toEqual(new Set(["not compared: part year"]));
    // The introduction does not say the report sets the years against each other.
    expect(textOf(r2020)).toContain("This report shows 2020's figures beside 2019, without comparing them (2019 covers April to December only).");
    expect(textOf(page("reports/2023"))).toContain("This report sets 2023's figures against 2022.");
    const r2019 = page("reports/2019");
    expect(textOf(r2019)).toContain("The data for 2019 covers April to December only");
    // A full year against a full year is compared as before: the check above can fail.
    const c2023 = changeCells(page("reports/2023"));
    expect(c2023.some((c) => /%|points|no change|[+−]\d/.test(c))).toBe(true);
    expect(c2023).not.toContain("not compared: part year");
  });

  it("summaries of a part year say so and do not compare it", () => {
    const t = textOf(page("explore/2024"));
    expect(t).toContain("In 2024 (January to June only),");
    expect(t).toContain("A part year, so it is not compared with 2023.");
    expect(t).not.toMatch(/In 2024 \(January to June only\),[^.]*(up|down) from [^.]* in 2023/);
  });

  it("trend charts draw both part years apart and name their months", () => {
    const html = page("explore");
    const rate = html.slice(html.indexOf('id="rate-by-year"'));
    const svg = rate.slice(0, rate.indexOf("</svg>"));
    expect(svg).toContain("Jan–Jun");
    expect(svg).toContain("Apr–Dec");
  });

  it("the data page gives the span the records cover", () => {
    expect(textOf(page("data"))).toMatch(/April 2019 to June 2024/);
  });

  describe("in the browser", () => {
    const chromium = servedInChromium(() => built.dist);

    it("the home page and the part year's report have zero axe violations and no sideways scroll at 390 px", { timeout: 120_000 }, async () => {
      for (const p of ["/", "/reports/2024/", "/reports/2020/"]) {
        for (const width of [1280, 390]) {
          const ctx = await chromium.browser().newContext({ viewport: { width, height: 900 } });
          const pg = await ctx.newPage();
          await pg.goto(chromium.origin() + p, { waitUntil: "networkidle" });
          const axe = await new AxeBuilder({ page: pg }).analyze();
          expect(axe.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`), `${p} at ${width}`).toEqual([]);
          expect(await pg.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${p} at ${width}`).toBe(true);
          await ctx.close();
        }
      }
    });
  });
});
