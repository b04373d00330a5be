import fs from "node:fs";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { beforeAll, describe, expect, it } from "vitest";
import type { Aggregates } from "../../src/lib/aggregates.ts";
import { FIGURES } from "../../src/figures/index.ts";
import { IMAGE_FONT, PNG_SCALE, chartIds, chartImage, chartOf, imageFontFiles, pngOptions, relabel, renderPng, standaloneSvg, svgSize } from "../../src/lib/chartImage.ts";
import { FIXTURES, copyDepartment, run, tmpDir } from "../helpers.ts";
import { chartLabels, notInTable, numbersIn, tableNumbers } from "../chartNumbers.ts";
import { colourCount, decodePng, PNG_SIGNATURE } from "../png.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const IDS = FIGURES.map((f) => f.id);

/** Runs the pipeline on a department's folder (a copy) and returns its aggregates and output folder. */
function pipeline(dataDir: string): { agg: Aggregates; out: string } {
  const work = tmpDir("uof-chart-image-");
  const dept = copyDepartment(dataDir, path.join(work, "data"));
  const out = path.join(work, "generated");
  const r = run(dept, out);
  if (r.error) throw r.error;
  return { agg: JSON.parse(fs.readFileSync(path.join(out, "site/aggregates.json"), "utf8")), out };
}

const url = "https://data.example.gov/uof/charts/x/";

/** The text around the chart in a standalone SVG (title, source, address), lines joined by a space. */
const frameText = (svg: string) => [...svg.replace(/<svg x=[^]*?<\/svg>/, "").matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(" ");

describe("chart images of the sample department", () => {
  let agg: Aggregates;
  let out: string;
  beforeAll(() => {
    ({ agg, out } = pipeline(path.join(ROOT, "data")));
  });

  it("chartIds() lists every reported figure with a chart, in page order", () => {
    const ids = chartIds(agg, IDS);
    // Deaths and firearm discharges are a table of exact counts, with no chart.
    expect(ids).toEqual(IDS.filter((id) => agg.tables[id]?.status === "reported" && id !== "gravest-outcomes"));
    expect(ids.length).toBeGreaterThan(10);
  });

  it("each standalone SVG writes only numbers of its figure's CSV in its labels and values", () => {
    let compared = 0;
    const problems: string[] = [];
    for (const id of chartIds(agg, IDS)) {
      const image = chartImage(agg, id, url)!;
      const table = tableNumbers(fs.readFileSync(path.join(out, "downloads/figures", `${id}.csv`), "utf8"), agg.tables[id].columns.map((c) => c.label));
      const written = chartLabels(image.svg).flatMap(numbersIn);
      for (const w of notInTable(written, table)) problems.push(`${id}: ${w.text}`);
      if (written.length === 0) problems.push(`${id}: no number written in the chart`);
      compared += written.length;
    }
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(100);
  });

  it("notInTable() catches a number the table does not have, and a share no two of its numbers make", () => {
    const table = tableNumbers("year,group,n,of\n2024,a,30,120\n2024,b,90,120\n", ["Per 1,000 calls"]);
    // Table numbers as rounded, the column label's number, a share within a row (30 of 120) and of the year's total (90 of 120).
    expect(notInTable(numbersIn("2024: 30 and 90.0 (1,000) 25% 75%"), table).map((w) => w.text)).toEqual([]);
    expect(notInTable(numbersIn("31, 4.3, 2,000, 26%, 125"), table).map((w) => w.text)).toEqual(["31", "4.3", "2,000", "26", "125"]);
  });

  it("each standalone SVG stands alone: white background, the image font, title, source, address, the sample-data notice, no page class or CSS variable", () => {
    for (const id of chartIds(agg, IDS)) {
      const { svg, width, height } = chartImage(agg, id, url)!;
      const c = chartOf(agg, id)!;
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), id).toBe(true);
      expect(svg).toContain(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
      expect(svg).toMatch(new RegExp(`^<svg [^>]*font-family="'${IMAGE_FONT}'`));
      // The chart inside has the image font too, and nothing that needs the site's stylesheet.
      expect(svg.match(new RegExp(`font-family="'${IMAGE_FONT}'`, "g"))!.length, id).toBeGreaterThanOrEqual(2);
      expect(svg).not.toMatch(/class="plot"|var\(--|<style|style="/);
      expect(svg).toContain(`<title>${c.title.replace(/&/g, "&amp;")}</title>`);
      expect(frameText(svg)).toBe(`${c.title} Source: ${agg.meta.department}, data release ${agg.meta.version} (${agg.meta.released}). Licence: ${agg.meta.licence.name}. Synthetic sample data, made up to show how the kit works: not real people or incidents. ${url}`);
      expect(svg).toContain("The values are in the data table on https://data.example.gov/uof/charts/x/.");
      // Every line of text fits the image: the wide chart plus the margins.
      expect(width).toBe(svgSize(c.view.svg!.wide).width + 48);
    }
  });

  it("each PNG decodes, has twice the SVG's size, is not blank, and is the SVG drawn (pixel for pixel)", { timeout: 120_000 }, () => {
    for (const id of chartIds(agg, IDS)) {
      const { svg, width, height } = chartImage(agg, id, url)!;
      const file = renderPng(svg);
      expect(file.subarray(0, 8).equals(PNG_SIGNATURE), id).toBe(true);
      const img = decodePng(file);
      expect([img.width, img.height], id).toEqual([width * PNG_SCALE, height * PNG_SCALE]);
      expect(colourCount(img), id).toBeGreaterThan(20);
      // Ink (dark pixels) covers a real part of the image: text and marks were drawn.
      let dark = 0;
      for (let i = 0; i < img.rgba.length; i += 4) if (img.rgba[i] + img.rgba[i + 1] + img.rgba[i + 2] < 300) dark++;
      expect(dark / (img.width * img.height), id).toBeGreaterThan(0.01);
      const again = new Resvg(svg, pngOptions()).render();
      expect(Buffer.from(img.rgba).equals(Buffer.from(again.pixels)), id).toBe(true);
    }
  });
});

describe("renderPng(svg)", () => {
  it("draws text with the shipped font and no system fonts", () => {
    const text = (family: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="#fff"/><text x="4" y="28" font-size="24" font-family="${family}" fill="#000">Force 1,000</text></svg>`;
    const ink = (svg: string) => {
      const img = decodePng(renderPng(svg));
      let n = 0;
      for (let i = 0; i < img.rgba.length; i += 4) if (img.rgba[i] < 128) n++;
      return n;
    };
    const shipped = ink(text(`'${IMAGE_FONT}'`));
    expect(shipped).toBeGreaterThan(500);
    // A family that is not there falls back to the shipped font: the same pixels.
    expect(ink(text("NoSuchFamily"))).toBe(shipped);
    expect(imageFontFiles().every((f) => f.endsWith(".ttf") && fs.existsSync(f))).toBe(true);
  });
});

describe("standaloneSvg(chart, text)", () => {
  const chart = '<svg role="img" aria-label="A &amp; B. The values are in the data table that follows." viewBox="0 0 300 100" height="100" width="300" font-family="system-ui, sans-serif" class="plot"><g aria-label="text"><text stroke="var(--plot-background)">5 &lt; 6</text></g></svg>';
  const svg = standaloneSvg(chart, { title: "Parks & <Rec>", department: "A & B Police", version: "1", released: "2025-01-02", licence: "CC <BY>", url: "/charts/x/", synthetic: false });

  it("escapes text, sizes the frame around the chart and leaves out the sample-data notice for real data", () => {
    expect(svg).toContain("<title>Parks &amp; &lt;Rec&gt;</title>");
    expect(frameText(svg)).toBe("Parks &amp; &lt;Rec&gt; Source: A &amp; B Police, data release 1 (2025-01-02). Licence: CC &lt;BY&gt;. /charts/x/");
    expect(svg).toContain('stroke="white"');
    expect(svgSize(svg).width).toBe(348);
    expect(svg).toContain('aria-label="A &amp; B. The values are in the data table on /charts/x/."');
    // resvg parses it as XML: a malformed file would throw.
    expect(() => renderPng(svg)).not.toThrow();
  });

  it("relabel() points the chart's label at where its table is", () => {
    expect(relabel("X. The values are in the data table that follows.", "on the chart's page")).toBe("X. The values are in the data table on the chart's page.");
  });
});

describe("chart images of a department that does not report some figures (fixture partial)", () => {
  it("has no chart image for a figure that is not reported", () => {
    const { agg } = pipeline(path.join(FIXTURES, "partial", "input"));
    const missing = IDS.filter((id) => agg.tables[id]?.status === "not_reported");
    expect(missing).toContain("review-findings");
    for (const id of missing) {
      expect(chartOf(agg, id), id).toBeNull();
      expect(chartImage(agg, id, url), id).toBeNull();
    }
    expect(chartIds(agg, IDS)).toEqual(IDS.filter((id) => !missing.includes(id) && agg.tables[id] && id !== "gravest-outcomes"));
  });
});
