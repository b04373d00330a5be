import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { NARROW, WIDE } from "../../src/lib/charts.ts";
import { binColours, binLabels, binOf, districtMap, labelPoint, mapThresholds, responsiveMap, type MapOptions } from "../../src/lib/map.ts";
import type { DistrictShape } from "../../src/lib/schema/boundaries.ts";

/** A square district from (x, y) (longitude, latitude), side d degrees, counter-clockwise. */
const square = (x: number, y: number, d: number) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]] as [number, number][];

/** Four districts in a 2 x 2 grid, one of them in two pieces, and a tiny one in a corner. */
const shapes: DistrictShape[] = [
  { code: "N", name: "North", geometry: { type: "Polygon", coordinates: [square(10, 50.05, 0.05)] } },
  { code: "E", name: "East End", geometry: { type: "Polygon", coordinates: [square(10.05, 50.05, 0.05)] } },
  { code: "S", name: "South", geometry: { type: "MultiPolygon", coordinates: [[square(10, 50, 0.05)], [square(9.98, 50.0, 0.01)]] } },
  { code: "W", name: "Riverside Flats", geometry: { type: "Polygon", coordinates: [square(10.05, 50, 0.05)] } },
  { code: "T", name: "Tiny Quarter", geometry: { type: "Polygon", coordinates: [square(10.1, 50, 0.002)] } },
];
const values = new Map<string, number | null>([["N", 1.5], ["E", 2], ["S", 3.99], ["W", null], ["T", 4.25]]);
const opts: MapOptions = {
  title: "Force per 1,000 dispatched calls by district, 2024",
  href: (code) => `/explore/district/${code}/`,
  unit: "per 1,000 dispatched calls",
  legendTitle: "Force per 1,000 dispatched calls, 2024",
  thresholds: [2, 3, 4],
  noValueLegend: "No rate: no dispatched calls",
  id: "test-map",
};

const svgOf = (markup: string) => parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document.querySelector("svg")!;

describe("mapThresholds(values)", () => {
  it("gives round edges strictly inside the values' range, about five bins", () => {
    expect(mapThresholds([2.1, 6.4, 3.3])).toEqual([3, 4, 5, 6]);
    expect(mapThresholds([0.12, 0.31, 0.2])).toEqual([0.15, 0.2, 0.25, 0.3]);
    expect(mapThresholds([10, 90])).toEqual([20, 40, 60, 80]);
    for (const vs of [[2.1, 6.4], [0.12, 0.31], [1, 1000], [4.98, 5.02]]) {
      const t = mapThresholds(vs);
      expect(t.length, `${vs}`).toBeGreaterThanOrEqual(2);
      expect(t.length, `${vs}`).toBeLessThanOrEqual(6);
      expect(t[0]).toBeGreaterThan(Math.min(...vs));
      expect(t.at(-1)!).toBeLessThanOrEqual(Math.max(...vs));
    }
  });

  it("gives no edges (one bin) for equal values or none", () => {
    expect(mapThresholds([3, 3])).toEqual([]);
    expect(mapThresholds([])).toEqual([]);
  });
});

describe("bins", () => {
  it("binOf puts a value on an edge in the bin above it", () => {
    expect([1.5, 2, 2.99, 3, 3.99, 4, 9].map((v) => binOf(v, [2, 3, 4]))).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });

  it("binLabels says each range in words, in the values' decimals", () => {
    expect(binLabels([2, 3, 4])).toEqual(["under 2.00", "2.00 to 2.99", "3.00 to 3.99", "4.00 or more"]);
    expect(binLabels([20, 40], 0)).toEqual(["under 20", "20 to 39", "40 or more"]);
    expect(binLabels([])).toEqual(["any value"]);
  });

  it("binColours runs from light to dark, distinct", () => {
    const c = binColours(5);
    expect(new Set(c).size).toBe(5);
    const lum = (h: string) => [1, 3, 5].reduce((t, i, k) => t + [0.2126, 0.7152, 0.0722][k] * parseInt(h.slice(i, i + 2), 16), 0);
    for (let i = 1; i < c.length; i++) expect(lum(c[i])).toBeLessThan(lum(c[i - 1]));
  });
});

describe("districtMap(shapes, values, options)", () => {
  const markup = districtMap(shapes, values, { ...opts, width: WIDE });
  const svg = svgOf(markup);

  it("matches its snapshots (wide and narrow)", async () => {
    const both = responsiveMap(shapes, values, opts);
    await expect(both.wide).toMatchFileSnapshot("./snapshots/district-map.svg");
    await expect(both.narrow).toMatchFileSnapshot("./snapshots/district-map-narrow.svg");
  });

  it("gives every district one link to its page, named with its name and value (or no rate)", () => {
    const links = [...svg.querySelectorAll("a")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual(shapes.map((s) => `/explore/district/${s.code}/`));
    expect(links.map((a) => a.getAttribute("aria-label"))).toEqual([
      "North: 1.50 per 1,000 dispatched calls",
      "East End: 2.00 per 1,000 dispatched calls",
      "South: 3.99 per 1,000 dispatched calls",
      "Riverside Flats: no rate",
      "Tiny Quarter: 4.25 per 1,000 dispatched calls",
    ]);
    // One shape in each link, a MultiPolygon included.
    expect(links.map((a) => a.querySelectorAll("path").length)).toEqual([1, 1, 1, 1, 1]);
  });

  it("fills each district with its bin's colour, and a district with no value with the hatch, which the legend names", () => {
    const colours = binColours(4);
    const fills = [...svg.querySelectorAll("a path")].map((p) => p.getAttribute("fill"));
    expect(fills).toEqual([colours[0], colours[1], colours[2], "url(#test-map-no-value)", colours[3]]);
    expect(svg.querySelector("pattern#test-map-no-value")).not.toBeNull();
  });

  it("writes every district's name or code on the map, with its value where it fits, and lists codes used under the map", () => {
    const labels = [...svg.querySelectorAll("g.labels text")].map((t) => t.textContent!.trim());
    for (const s of shapes) expect(labels.some((l) => l === s.name || l === s.code || l.replace(/\s+/g, " ") === s.name), s.code).toBe(true);
    expect(labels).toContain("1.50");
    expect(labels).toContain("no rate");
    // The tiny district is named by its code, and the code explained; its link holds a marker to click.
    expect(labels).toContain("T");
    expect([...svg.querySelectorAll("a circle.marker")].map((c) => c.closest("a")!.getAttribute("href"))).toEqual(["/explore/district/T/"]);
    expect(svg.querySelector("g.key")!.textContent!.replace(/\s+/g, " ")).toContain("T Tiny Quarter");
    // The labels repeat the links' names, so screen readers skip them; clicks go through them.
    for (const g of svg.querySelectorAll("g.labels")) {
      expect(g.getAttribute("aria-hidden")).toBe("true");
      expect(g.getAttribute("pointer-events")).toBe("none");
    }
  });

  it("has a legend group naming each bin's range and the hatch in words", () => {
    const legend = svg.querySelector('g[role="group"][aria-label="Legend"]')!;
    const text = [...legend.querySelectorAll("text")].map((t) => t.textContent);
    expect(text).toEqual(["Force per 1,000 dispatched calls, 2024", "under 2.00", "2.00 to 2.99", "3.00 to 3.99", "4.00 or more", "No rate: no dispatched calls"]);
    const swatches = [...legend.querySelectorAll("path")].map((p) => p.closest("g")!.getAttribute("fill"));
    expect(swatches).toEqual([...binColours(4), "url(#test-map-no-value)"]);
  });

  it("is a named group of links, not an image; no inline style; every labelled group has a role", () => {
    expect(svg.getAttribute("role")).toBe("group");
    expect(svg.getAttribute("aria-label")).toBe(opts.title);
    expect(markup).not.toMatch(/<style|style="/);
    for (const g of svg.querySelectorAll("[aria-label]")) expect(["group", null].includes(g.getAttribute("role")) || g.tagName.toLowerCase() === "a", g.outerHTML.slice(0, 80)).toBe(true);
    for (const g of svg.querySelectorAll("g[aria-label]")) expect(g.getAttribute("role")).toBe("group");
    expect(svg.getAttribute("viewBox")).toMatch(/^0 0 720 \d+$/);
  });

  it("leaves out the hatch's legend entry when every district has a value", () => {
    const all = districtMap(shapes, new Map(shapes.map((s) => [s.code, 2.5])), { ...opts, width: NARROW });
    expect(all).not.toContain("No rate");
    expect(svgOf(all).querySelector("g.key")!.textContent).toBe("Codes on the map: T Tiny Quarter.");
  });

  it("responsiveMap gives the two renderings ids of their own", () => {
    const both = responsiveMap(shapes, values, opts);
    expect(both.wide).toContain('id="test-map-wide-no-value"');
    expect(both.narrow).toContain('id="test-map-narrow-no-value"');
    expect(svgOf(both.narrow).getAttribute("viewBox")).toMatch(/^0 0 360 \d+$/);
  });

  it("labelPoint(rings) finds the room inside an L-shaped district, not its empty corner", () => {
    const L: [number, number][] = [[0, 0], [10, 0], [10, 2], [2, 2], [2, 10], [0, 10], [0, 0]];
    const p = labelPoint([L]);
    expect(p.r).toBeGreaterThan(0.9);
    expect(p.x < 2 || p.y < 2).toBe(true);
  });
});

describe("district names from a department's data", () => {
  const hostile = ['Harbor<img src=x onerror=alert(1)>', 'North "><svg onload=alert(7)>'];
  const named = shapes.slice(0, 2).map((s, i) => ({ ...s, name: hostile[i] }));
  const markup = districtMap(named, values, { ...opts, title: 'Map "<b>of</b>"' });

  it("are escaped text and attribute values in the SVG markup: no element or attribute comes from a name", () => {
    expect(markup).not.toMatch(/<img|<svg onload|<b>/);
    const svg = svgOf(markup);
    expect(svg.querySelectorAll("img, b, svg svg").length).toBe(0);
    for (const e of svg.querySelectorAll("*")) for (const a of e.attributes) expect(a.name).not.toMatch(/^on/);
  });

  it("read back as the literal names, in the links' names and on the map", () => {
    const svg = svgOf(markup);
    expect(svg.getAttribute("aria-label")).toBe('Map "<b>of</b>"');
    expect([...svg.querySelectorAll("a")].map((a) => a.getAttribute("aria-label"))).toEqual([`${hostile[0]}: 1.50 per 1,000 dispatched calls`, `${hostile[1]}: 2.00 per 1,000 dispatched calls`]);
    const labels = [...svg.querySelectorAll("g.labels text, g.key text")].map((t) => t.textContent!.replace(/\s+/g, " "));
    expect(labels.join(" | ")).toContain("Harbor<img src=x onerror=alert(1)>");
  });
});
