// The browser launcher: the package-shipped Chromium by default, several contexts in turn and at once.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { tmpDir } from "../helpers.ts";
import { findChromium, launchChromium, unpackPackagedChromium } from "./browser.ts";

describe("findChromium()", () => {
  it("uses the Chromium of the npm package unless CHROME_PATH is set, even where a system Chromium exists", () => {
    const saved = process.env.CHROME_PATH;
    delete process.env.CHROME_PATH;
    try {
      const found = findChromium();
      expect(found.source).toBe("@sparticuz/chromium");
      expect(found.path).toMatch(/uof-chromium-[\d.]+\/chromium$/);
    } finally {
      if (saved !== undefined) process.env.CHROME_PATH = saved;
    }
  });

  it("names CHROME_PATH and says how to fix it when it is not an executable", () => {
    const saved = process.env.CHROME_PATH;
    process.env.CHROME_PATH = "/nonexistent/chromium";
    try {
      expect(() => findChromium()).toThrow(/CHROME_PATH is set to \/nonexistent\/chromium, which is not an executable file\. Unset it/);
    } finally {
      if (saved === undefined) delete process.env.CHROME_PATH;
      else process.env.CHROME_PATH = saved;
    }
  });

  it("unpackPackagedChromium() leaves only the whole browser behind, and reuses it", () => {
    const tmp = tmpDir("uof-chromium-unpack-");
    const exe = unpackPackagedChromium(tmp);
    const entries = fs.readdirSync(path.dirname(exe));
    expect(entries).toEqual(["chromium"]);
    const mtime = fs.statSync(exe).mtimeMs;
    expect(unpackPackagedChromium(tmp)).toBe(exe);
    expect(fs.statSync(exe).mtimeMs).toBe(mtime);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});

describe("launchChromium()", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("opens several contexts one after another, each after the last one closed", async () => {
    for (let i = 0; i < 4; i++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.setContent(`<p id="n">context ${i}</p>`);
      expect(await page.textContent("#n")).toBe(`context ${i}`);
      await ctx.close();
    }
  });

  it("opens several contexts at once", async () => {
    const texts = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
        const page = await ctx.newPage();
        await page.setContent(`<p id="n">parallel ${i}</p>`);
        const t = await page.textContent("#n");
        await ctx.close();
        return t;
      }),
    );
    expect(texts).toEqual(["parallel 0", "parallel 1", "parallel 2", "parallel 3"]);
  });
});
