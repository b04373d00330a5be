// End to end: build the sample department's site, serve it on 127.0.0.1, and read it in real Chromium.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvParse } from "d3-dsv";
import { readTree, tmpDir } from "../helpers.ts";
import { launchChromium, serveStatic } from "./browser.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const work = tmpDir("uof-e2e-");
const out = path.join(work, "generated");
const dist = path.join(work, "dist");
let browser: Browser;
let server: { origin: string; close: () => Promise<void> };

beforeAll(async () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/cli.ts"), "build", "--data", path.join(ROOT, "data"), "--out", out, "--dist", dist, "--report", path.join(work, "report.md")], {
    cwd: ROOT, encoding: "utf8", env: { ...process.env, UOF_PSEUDONYM_KEY: "e2e-key-0123456789abcdef" },
  });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  server = await serveStatic(dist);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("sample site in Chromium", () => {
  it("home page loads with no console error and no request to another origin", async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (req) => !req.url().startsWith(server.origin) && !req.url().startsWith("data:") && foreign.push(req.url()));
    const res = await page.goto(server.origin + "/");
    expect(res?.status()).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toContain("Use of force");
    await expect(page.locator(".synthetic").textContent()).resolves.toContain("Synthetic sample data");
    expect(await page.locator("figure svg").count()).toBe(1);
    expect(await page.locator("script").count()).toBe(0);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await ctx.close();
  });

  it("headline figures and the chart's table match the generated data and its CSV download", async () => {
    const agg = JSON.parse(fs.readFileSync(path.join(out, "site/aggregates.json"), "utf8"));
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(server.origin + "/");
    const values = await page.locator(".figures .value").allTextContents();
    expect(values[0]).toBe(agg.headline.latest.calls_dispatched.toLocaleString("en-US"));
    expect(values[3]).toBe(agg.headline.latest.force_per_1000_dispatched.toFixed(2));
    const csvUrl = await page.locator("figure .downloads a", { hasText: "CSV" }).getAttribute("href");
    const csv = csvParse(await (await page.request.get(server.origin + csvUrl)).text());
    const headers = await page.locator("figure thead th").allTextContents();
    const rateCol = headers.indexOf("Force per 1,000 dispatched calls");
    const callsCol = headers.indexOf("Dispatched calls");
    expect(rateCol).toBeGreaterThan(0);
    const rows = await page.locator("figure tbody tr").all();
    expect(rows.length).toBe(csv.length);
    for (const [i, row] of rows.entries()) {
      const cells = await row.locator("th, td").allTextContents();
      expect(cells[0]).toBe(csv[i].year);
      expect(cells[rateCol].replace(/,/g, "")).toBe(Number(csv[i].force_per_1000_dispatched).toFixed(2));
      expect(cells[callsCol].replace(/,/g, "")).toBe(csv[i].calls_dispatched);
    }
    await ctx.close();
  });

  it("at 390 px wide the page does not scroll sideways", async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await page.goto(server.origin + "/");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await ctx.close();
  });

  it("no department id, case number or address from the input appears in the built site", () => {
    const input = ["incidents", "subjects"].flatMap((t) => {
      const dir = path.join(ROOT, "data", t);
      return fs.readdirSync(dir).map((f) => csvParse(fs.readFileSync(path.join(dir, f), "utf8")));
    });
    const secrets = new Set<string>();
    for (const table of input) for (const r of table.slice(0, 200)) {
      for (const k of ["incident_id", "subject_id", "case_number", "address"]) if (r[k] && r[k]!.length >= 6) secrets.add(r[k]!);
    }
    expect(secrets.size).toBeGreaterThan(100);
    const site = [...readTree(dist).values()].map((b) => b.toString("utf8")).join("\n");
    for (const s of secrets) expect(site.includes(s), s).toBe(false);
  });
});
