import { describe, expect, it } from "vitest";
import { href, periodText } from "../../src/lib/site.ts";
import { districtChartsPath } from "../../src/lib/slug.ts";
import fs from "node:fs";
import path from "node:path";
import { NOTE_STEPS, minTableRem, scrollNoteClass } from "../../src/lib/scrollTable.ts";

describe("periodText(period)", () => {
  it("reads months as months, and days as days unless they start or end their month", () => {
    expect(periodText({ from: "2019-04", through: "2024-06" })).toBe("April 2019 to June 2024");
    expect(periodText({ from: "2019-04-01", through: "2024-06-30" })).toBe("April 2019 to June 2024");
    expect(periodText({ from: "2019-04-15", through: "2024-02-29" })).toBe("15 April 2019 to February 2024");
    expect(periodText({ from: "2024-03-01", through: "2024-03-12" })).toBe("March 2024 to 12 March 2024");
    expect(periodText({ from: "2024-03", through: "2024-03" })).toBe("March 2024");
  });
});

describe("district chart addresses", () => {
  it("districtChartsPath(code) is the code's slug, and href() keeps it", () => {
    expect(districtChartsPath("Zone 3/B (Old Town)")).toBe("/explore/district/zone-3-b-old-town/");
    expect(districtChartsPath("North Side")).toBe("/explore/district/north-side/");
    expect(href(districtChartsPath("RIVIÈRE"))).toBe("/explore/district/riviere/");
    expect(href("/explore/2024/")).toBe("/explore/2024/");
  });
});

describe("scrollTable.ts", () => {
  it("minTableRem counts each column's longest word, header or cell, plus padding", () => {
    expect(minTableRem([["Year", "2024"], ["Force incidents", "1,234"]])).toBe(4 / 2 + 1.25 + 9 / 2 + 1.25);
  });

  it("scrollNoteClass gives no note to a table that fits a phone, and the step of a wider one", () => {
    expect(scrollNoteClass([["Year", "2024"], ["Incidents", "12"]])).toBeNull();
    const wide = Array.from({ length: 10 }, (_, i) => [`Measurement${i}`, "12,345"]);
    expect(scrollNoteClass(wide)).toBe("w58");
    expect(scrollNoteClass(Array.from({ length: 4 }, () => ["Measurement", "1"]))).toBe("w24");
  });

  it("every note class has its rule in Base.astro: shown below the width its table needs with the page's 1rem margins", () => {
    const css = fs.readFileSync(path.resolve(import.meta.dirname, "../../src/layouts/Base.astro"), "utf8");
    for (const w of NOTE_STEPS) {
      const rule = w === NOTE_STEPS.at(-1) ? `  .scroll-note.w${w} { display: block; }` : `  @media (width < ${w + 2}rem) { .scroll-note.w${w} { display: block; } }`;
      expect(css, `w${w}`).toContain(rule);
    }
  });
});
