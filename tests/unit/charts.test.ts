import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import type { PolicyChange } from "../../src/lib/aggregates.ts";
import { CHART_CLASS, NARROW, WIDE, barH, groupedBars, multiTrend, niceMax, rateTrend, responsive, stackedBars, wrap, type Part } from "../../src/lib/charts.ts";

const changes: PolicyChange[] = [{ date: "2022-01-01", section: "de_escalation", slug: "de-escalation", title: "De-escalation", summary: "Attempt de-escalation first." }];
const trendRows = [
  { year: 2019, value: 5.54 }, { year: 2020, value: 5.5 }, { year: 2021, value: null },
  { year: 2022, value: 4.72 }, { year: 2023, value: 4.4 }, { year: 2024, value: 4.35 },
];
const seriesRows = [2019, 2020, 2021, 2022].flatMap((year, i) => [
  { series: "Domestic disturbance", year, value: 11 + i },
  { series: "Warrant service", year, value: 27 - 2 * i },
  { series: "Traffic stop or collision", year, value: i === 2 ? null : 1.2 + i / 10 },
  { series: "Medical emergency", year, value: 1.1 },
]);
const bars = [
  { label: "Harborview", value: 4.14 },
  { label: "Northgate", value: 4.76, highlight: true },
  { label: "Riverside Flats", value: null, missing: "suppressed" },
  { label: "Eastfield", value: 3 },
];
const parts: Part[] = [
  { key: "3", label: "Soft control", short: "L3", fill: "#0072B2" },
  { key: "4", label: "Hard control", short: "L4", fill: "#E69F00" },
  { key: "5", label: "Less-lethal weapons", short: "L5", fill: "#D55E00" },
];
const segments = [
  { group: "2023", part: "3", value: 281 }, { group: "2023", part: "4", value: 220 }, { group: "2023", part: "5", value: 102 },
  { group: "2024", part: "3", value: 259 }, { group: "2024", part: "4", value: 225 }, { group: "2024", part: "5", value: null },
];
const grouped = [
  { group: "Subjects injured", series: "With crisis support", value: 43.6, text: "43.6% (24 of 55)" },
  { group: "Subjects injured", series: "Neither present", value: 20 },
  { group: "Level 5 or 6 force", series: "With crisis support", value: 9.1 },
  { group: "Level 5 or 6 force", series: "Neither present", value: null, missing: "suppressed" },
];

/** Every builder, rendered from fixed rows. */
const charts: Record<string, string> = {
  "rate-trend": rateTrend(trendRows, { title: "Force per 1,000 dispatched calls, by year", yLabel: "Force per 1,000 dispatched calls", changes, highlight: 2023 }),
  "rate-trend-narrow": rateTrend(trendRows, { title: "Force per 1,000 dispatched calls, by year", yLabel: "Force per 1,000 dispatched calls", changes, width: NARROW }),
  "multi-trend": multiTrend(seriesRows, { title: "Force per 1,000 dispatched calls, by call type", yLabel: "Force per 1,000 dispatched calls", changes }),
  "multi-trend-narrow": multiTrend(seriesRows, { title: "Force per 1,000 dispatched calls, by call type", yLabel: "Force per 1,000 dispatched calls", changes, width: NARROW }),
  "bar-h": barH(bars, { title: "Force by district, 2024", xLabel: "Force per 1,000 dispatched calls", digits: 2 }),
  "bar-h-narrow": barH(bars, { title: "Force by district, 2024", xLabel: "Force per 1,000 dispatched calls", digits: 2, width: NARROW }),
  "stacked-bars": stackedBars(segments, { title: "Subjects by highest force level", parts, xLabel: "Share of subjects" }),
  "stacked-bars-narrow": stackedBars(segments, { title: "Subjects by highest force level", parts, xLabel: "Share of subjects", width: NARROW }),
  "grouped-bars": groupedBars(grouped, { title: "Mental-health calls, 2024", xLabel: "Share of subjects", series: ["With crisis support", "Neither present"], unit: "%", max: 100 }),
  "grouped-bars-narrow": groupedBars(grouped, { title: "Mental-health calls, 2024", xLabel: "Share of subjects", series: ["With crisis support", "Neither present"], unit: "%", max: 100, width: NARROW }),
};

const svgOf = (markup: string) => parseHTML(`<!doctype html><html><body>${markup}</body></html>`).document.querySelector("svg")!;
/** The text of each text mark, lines of multi-line labels joined by a space. */
const texts = (markup: string) =>
  [...svgOf(markup).querySelectorAll("text")].map((t) => {
    const lines = [...t.querySelectorAll("tspan")].map((s) => s.textContent ?? "");
    return lines.length ? lines.join(" ") : (t.textContent ?? "");
  });

describe("chart builders", () => {
  for (const [name, svg] of Object.entries(charts)) {
    it(`${name}: matches its snapshot`, async () => {
      await expect(svg).toMatchFileSnapshot(`./snapshots/${name}.svg`);
    });

    it(`${name}: is an image with a name, every labelled group has a role, and it scales by its viewBox`, () => {
      const el = svgOf(svg);
      expect(el.getAttribute("role")).toBe("img");
      expect(el.getAttribute("aria-label")?.length).toBeGreaterThan(20);
      expect(el.querySelectorAll("g[aria-label]:not([role])").length).toBe(0);
      expect(el.getAttribute("viewBox")).toMatch(/^0 0 \d+ \d+(\.\d+)?$/);
      // No Plot title, subtitle or caption: they would add a heading inside the page's figure.
      expect(svg).not.toMatch(/<h[1-6]|<figure/);
      const font = Number(el.getAttribute("font-size"));
      expect(font).toBeGreaterThanOrEqual(12);
    });

    it(`${name}: carries no inline style (no style attribute, no <style> element), which the site's Content-Security-Policy would block`, () => {
      expect(svg).not.toMatch(/<style|\sstyle=/i);
      expect(svgOf(svg).getAttribute("class")).toBe(CHART_CLASS);
    });
  }

  it("rateTrend(rows) renders the same bytes twice (no clock, no randomness)", () => {
    const again = rateTrend(trendRows, { title: "Force per 1,000 dispatched calls, by year", yLabel: "Force per 1,000 dispatched calls", changes, highlight: 2023 });
    expect(again).toBe(charts["rate-trend"]);
  });

  it("rateTrend(rows) labels each point, marks a policy change and says a missing year is not reported", () => {
    const t = texts(charts["rate-trend"]);
    expect(t).toContain("5.54");
    expect(t).toContain("4.35");
    expect(t.some((x) => x.includes("Policy change") && x.includes("De-escalation"))).toBe(true);
    expect(t.some((x) => x.replace(/\s+/g, " ").includes("not reported"))).toBe(true);
    expect(charts["rate-trend"]).toContain('stroke-dasharray="6 4"');
  });

  it("multiTrend(rows) names every series at its line's end and gives each a dash pattern of its own", () => {
    const t = texts(charts["multi-trend"]).map((x) => x.replace(/\s+/g, " "));
    for (const s of ["Domestic disturbance: 14.00", "Warrant service: 21.00", "Medical emergency: 1.10"]) expect(t.some((x) => x.includes(s)), s).toBe(true);
    // The series whose last year is missing is labelled at its last known point.
    expect(t.some((x) => x.includes("Traffic stop or collision: 1.50"))).toBe(true);
    const dashes = new Set([...svgOf(charts["multi-trend"]).querySelectorAll("g[stroke-dasharray]")].map((g) => g.getAttribute("stroke-dasharray")));
    expect(dashes.size).toBeGreaterThanOrEqual(3);
  });

  it("barH(bars) draws no bar for a missing value and says why in words", () => {
    const el = svgOf(charts["bar-h"]);
    expect(el.querySelectorAll("rect").length).toBe(3);
    const t = texts(charts["bar-h"]);
    expect(t).toContain("suppressed");
    for (const l of ["Harborview", "Northgate", "Riverside Flats", "Eastfield", "4.76"]) expect(t).toContain(l);
  });

  it("barH(bars) puts category names above the bars on the narrow layout", () => {
    const wide = svgOf(charts["bar-h"]).getAttribute("viewBox")!;
    const narrow = svgOf(charts["bar-h-narrow"]).getAttribute("viewBox")!;
    expect(wide.startsWith(`0 0 ${WIDE} `)).toBe(true);
    expect(narrow.startsWith(`0 0 ${NARROW} `)).toBe(true);
    expect(Number(narrow.split(" ")[3])).toBeGreaterThan(Number(wide.split(" ")[3]));
  });

  it("barH(bars) and groupedBars(rows) wrap a long name onto several lines on the narrow layout", () => {
    const long = "Subjects on whom less-lethal weapons or deadly force were used";
    for (const svg of [barH([{ label: long, value: 1 }], { title: "T", xLabel: "X", width: NARROW }), groupedBars([{ group: long, series: long, value: 1 }], { title: "T", xLabel: "X", series: [long], width: NARROW })]) {
      const tspans = [...svgOf(svg).querySelectorAll("tspan")].map((t) => t.textContent ?? "");
      expect(tspans.length).toBeGreaterThan(1);
      expect(tspans.join(" ")).toContain(long);
      for (const line of tspans) expect(line.length * 13 * 0.58).toBeLessThanOrEqual(NARROW - 8);
    }
  });

  it("stackedBars(segments) labels segments with their short name and share, and does not draw a bar with a suppressed part", () => {
    const t = texts(charts["stacked-bars"]);
    expect(t).toContain("L3 47%");
    expect(t.some((x) => x.includes("suppressed"))).toBe(true);
    expect(t).toContain("L5 Less-lethal weapons");
    // Three segments for 2023 only; 2024 is not drawn because one of its parts is missing.
    expect(svgOf(charts["stacked-bars"]).querySelectorAll("g[aria-label=rect]")[0].querySelectorAll("rect").length).toBe(3);
  });

  it("groupedBars(rows) names the condition beside every bar", () => {
    const t = texts(charts["grouped-bars"]);
    expect(t.filter((x) => x === "With crisis support").length).toBe(2);
    expect(t).toContain("43.6% (24 of 55)");
    expect(t).toContain("suppressed");
  });

  it("responsive(build) renders the wide and the narrow layout", () => {
    const both = responsive((width) => barH(bars, { title: "T", xLabel: "X", width }));
    expect(both.wide).toContain(`viewBox="0 0 ${WIDE} `);
    expect(both.narrow).toContain(`viewBox="0 0 ${NARROW} `);
  });

  it("wrap(label, n) breaks at spaces; niceMax(x) rounds up to 1, 2, 2.5 or 5 times a power of ten", () => {
    expect(wrap("Mental-health crisis or welfare check", 15)).toEqual(["Mental-health", "crisis or", "welfare check"]);
    expect(niceMax(5.54 * 1.1)).toBe(8);
    expect(niceMax(26.62)).toBe(30);
    expect(niceMax(0)).toBe(1);
  });
});

describe("chart labels from a department's data", () => {
  const hostile = ['Harbor<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', "</script><b>bold</b> & co"];
  const built = [
    barH(hostile.map((label, i) => ({ label, value: i + 1 })), { title: "T", xLabel: "X" }),
    barH(hostile.map((label, i) => ({ label, value: i + 1 })), { title: "T", xLabel: "X", width: NARROW }),
    groupedBars(hostile.map((group) => ({ group, series: hostile[0], value: 1 })), { title: "T", xLabel: "X", series: [hostile[0]] }),
    multiTrend(hostile.map((series) => ({ series, year: 2020, value: 1 })).concat(hostile.map((series) => ({ series, year: 2021, value: 2 }))), { title: "T", yLabel: "Y", changes: [{ ...changes[0], title: hostile[2] }] }),
  ];

  it("are escaped text in the SVG markup: no element or attribute comes from a label", () => {
    for (const svg of built) {
      expect(svg).not.toMatch(/<img|<svg onload|<b>|<\/script>/);
      expect(svg).toContain("&lt;");
      const el = svgOf(svg);
      expect(el.querySelectorAll("img, script, b, svg svg").length).toBe(0);
      for (const e of el.querySelectorAll("*")) for (const a of e.attributes) expect(a.name).not.toMatch(/^on/);
    }
  });

  it("read back as the literal labels", () => {
    expect(texts(built[0])).toEqual(expect.arrayContaining(hostile));
    expect(texts(built[3]).some((t) => t.includes("</script><b>bold</b> & co"))).toBe(true);
  });
});
