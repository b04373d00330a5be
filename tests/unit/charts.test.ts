import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import type { PolicyChange } from "../../src/lib/aggregates.ts";
import { CHART_CLASS, MAX_LINES, NARROW, PALETTE, WIDE, barH, groupedBars, multiTrend, niceMax, rateTrend, responsive, seriesTrend, smallMultiples, spreadLabels, stackedBars, wrap, yearTicks, type Part, type SeriesPoint } from "../../src/lib/charts.ts";

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
// Eleven call types over six years, one with a year not reported: too many for lines on one chart.
const CALL_TYPES = ["Warrant service", "Weapons call", "Assault or fight", "Domestic disturbance", "Mental-health crisis or welfare check", "Suspicious person", "Theft, burglary or robbery", "Disturbance", "Traffic stop or collision", "Other", "Medical emergency"];
const manyRows: SeriesPoint[] = [2019, 2020, 2021, 2022, 2023, 2024].flatMap((year, i) =>
  CALL_TYPES.map((series, k) => ({ series, year, value: series === "Disturbance" && year === 2021 ? null : Math.round((30 - k * 2.7 + ((i * 7 + k * 3) % 5) - 2) * 100) / 100 })),
);
const partYears = [{ year: 2024, label: "Jan–Jun" }];
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
  "small-multiples": smallMultiples(manyRows, { title: "Force per 1,000 dispatched calls, by call type", yLabel: "Force per 1,000 dispatched calls", changes }),
  "small-multiples-narrow": smallMultiples(manyRows, { title: "Force per 1,000 dispatched calls, by call type", yLabel: "Force per 1,000 dispatched calls", changes, partYears, width: NARROW }),
  "rate-trend-part-year-narrow": rateTrend(trendRows, { title: "Force per 1,000 dispatched calls, by year", yLabel: "Force per 1,000 dispatched calls", partYears, width: NARROW }),
  "stacked-bars-part-year": stackedBars(segments.map((s) => (s.value === null ? { ...s, value: 99 } : s)), { title: "Subjects by highest force level", parts, xLabel: "Share of subjects", partYears }),
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
    smallMultiples(hostile.map((series) => ({ series, year: 2020, value: 1 })), { title: "T", yLabel: hostile[1], partYears: [{ year: 2020, label: hostile[0] }] }),
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

/** Where an element is drawn: its translate() transform, else its x and y. */
const at = (el: Element) => {
  const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(el.getAttribute("transform") ?? "");
  return m ? { x: Number(m[1]), y: Number(m[2]) } : { x: Number(el.getAttribute("x") ?? 0), y: Number(el.getAttribute("y") ?? 0) };
};
const fontSize = (el: Element) => Number(el.closest("[font-size]")!.getAttribute("font-size"));
/** A generous width for digits in the system fonts browsers use (DejaVu Sans digits are 0.636 em). */
const DIGIT_EM = 0.64;

/** The year tick labels of a chart, each with the span of its text (labels are centred on their x). */
function yearLabels(markup: string) {
  return [...svgOf(markup).querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => {
    const { x, y } = at(t);
    const text = t.textContent ?? "";
    const w = text.length * fontSize(t) * DIGIT_EM;
    return { x, y, year: Number(text), left: x - w / 2, right: x + w / 2 };
  });
}

/** Fails if two labels on one line overlap or come closer than 2 px. */
function expectApart(labels: ReturnType<typeof yearLabels>) {
  const rows = new Map<number, typeof labels>();
  for (const l of labels) rows.set(Math.round(l.y), [...(rows.get(Math.round(l.y)) ?? []), l]);
  for (const row of rows.values()) {
    const sorted = [...row].sort((a, b) => a.x - b.x);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].left - sorted[i - 1].right, `${sorted[i - 1].year} and ${sorted[i].year}`).toBeGreaterThanOrEqual(2);
  }
}

const yearsFrom = (first: number, n: number) => Array.from({ length: n }, (_, i) => first + i);
const fourSeries = (years: number[]) => years.flatMap((year, i) => [["Received", 140 - i * 3], ["Alleging excessive force", 27], ["Sustained", 25], ["Led to discipline", 23 - (i % 2)]].map(([series, value]) => ({ series: series as string, year, value: value as number })));

describe("year ticks at narrow width", () => {
  for (const n of [6, 9]) {
    const years = yearsFrom(2025 - n, n);
    const built = {
      rateTrend: rateTrend(years.map((year, i) => ({ year, value: 4 + (i % 3) })), { title: "T", yLabel: "Y", width: NARROW }),
      multiTrend: multiTrend(fourSeries(years), { title: "T", yLabel: "Y", digits: 0, width: NARROW }),
      smallMultiples: smallMultiples(years.flatMap((year) => CALL_TYPES.map((series, k) => ({ series, year, value: k + 1 }))), { title: "T", yLabel: "Y", width: NARROW }),
    };
    for (const [name, svg] of Object.entries(built)) {
      it(`${name} with ${n} years: labels never overlap, and the first and last years are always labelled`, () => {
        const labels = yearLabels(svg);
        expect(labels.length).toBeGreaterThan(0);
        expectApart(labels);
        const count = (y: number) => labels.filter((l) => l.year === y).length;
        expect(count(years[0])).toBeGreaterThan(0);
        expect(count(years[0])).toBe(count(years.at(-1)!));
        expect(labels.every((l) => years.includes(l.year))).toBe(true);
      });
    }
  }

  it("rateTrend labels all six years at narrow width, and every other year of nine counted back from the last", () => {
    const six = yearsFrom(2019, 6), nine = yearsFrom(2016, 9);
    const labelled = (years: number[]) => yearLabels(rateTrend(years.map((year) => ({ year, value: 5 })), { title: "T", yLabel: "Y", width: NARROW })).map((l) => l.year);
    expect(labelled(six)).toEqual(six);
    expect(labelled(nine)).toEqual([2016, 2018, 2020, 2022, 2024]);
  });

  it("yearTicks(years, span, font, pinned) keeps the first, last and pinned years and leaves out a tick that would crowd them", () => {
    const years = yearsFrom(2019, 6);
    // 30 px a year: every other year fits (about 39 px a label with its gap), not every year.
    const ticks = yearTicks(years, 150, 13);
    expect(ticks[0]).toBe(2019);
    expect(ticks.at(-1)).toBe(2024);
    expect(ticks).toContain(2022);
    for (let i = 1; i < ticks.length; i++) expect((ticks[i] - ticks[i - 1]) * 30).toBeGreaterThanOrEqual(4 * 13 * DIGIT_EM + 4);
    expect(yearTicks(years, 150, 13, [2021])).toContain(2021);
    expect(yearTicks(years, 600, 13)).toEqual(years);
  });
});

/** multiTrend's end labels: the y of each series' label, the y its last value has, and the leader lines. */
function endLabels(markup: string, last: Map<string, number>) {
  const el = svgOf(markup);
  const ticks = [...el.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => ({ v: Number((t.textContent ?? "").replace(/,/g, "")), y: at(t).y }));
  const [a, b] = [ticks[0], ticks.at(-1)!];
  const toPx = (v: number) => a.y + ((v - a.v) * (b.y - a.y)) / (b.v - a.v);
  const links = [...el.querySelectorAll('g[aria-label="link"] path')].map((p) => {
    const n = (p.getAttribute("d") ?? "").match(/-?[\d.]+/g)!.map(Number);
    return { y1: n[1], y2: n[3] };
  });
  const font = Number(el.getAttribute("font-size"));
  const labels = [...el.querySelectorAll("text")].flatMap((t) => {
    const lines = [...t.querySelectorAll("tspan")].map((s) => s.textContent ?? "");
    const text = (lines.length ? lines.join(" ") : (t.textContent ?? "")).replace(/\s+/g, " ");
    const series = [...last.keys()].find((s) => text.startsWith(`${s}:`));
    if (!series) return [];
    return [{ series, y: at(t).y, want: toPx(last.get(series)!), h: Math.max(1, lines.length) * font * 1.2 }];
  });
  return { labels, links };
}

describe("multiTrend end labels", () => {
  const years = yearsFrom(2019, 6);
  const cases = {
    "crowded (complaints)": fourSeries(years),
    "spaced apart": years.flatMap((year) => [{ series: "High", year, value: 90 }, { series: "Low", year, value: 10 }]),
  };
  for (const [name, rows] of Object.entries(cases))
    for (const width of [WIDE, NARROW]) {
      it(`${name}, ${width} px: each label sits at its line's last value unless moved apart, and only a moved label has a leader line`, () => {
        const last = new Map(rows.filter((r) => r.year === 2024).map((r) => [r.series, r.value]));
        const { labels, links } = endLabels(multiTrend(rows, { title: "T", yLabel: "Y", digits: 0, width }), last);
        expect(labels.map((l) => l.series).sort()).toEqual([...last.keys()].sort());
        for (const l of labels) {
          const leader = links.find((k) => Math.abs(k.y1 - l.want) < 0.5 && Math.abs(k.y2 - l.y) < 0.5);
          // Within 2 px counts as level with the line.
          if (Math.abs(l.y - l.want) <= 2) expect(leader, l.series).toBeUndefined();
          else expect(leader, `${l.series} moved ${l.y - l.want} px without a leader line`).toBeDefined();
        }
        expect(links.length).toBe(labels.filter((l) => Math.abs(l.y - l.want) > 2).length);
        // Never overlapping, and in the order of the values they name.
        const byY = [...labels].sort((p, q) => p.y - q.y);
        for (let i = 1; i < byY.length; i++) expect(byY[i].y - byY[i].h / 2).toBeGreaterThanOrEqual(byY[i - 1].y + byY[i - 1].h / 2 - 0.01);
        expect(byY.map((l) => l.series)).toEqual([...labels].sort((p, q) => last.get(q.series)! - last.get(p.series)!).map((l) => l.series));
        if (name === "spaced apart") expect(links.length).toBe(0);
      });
    }

  it("spreadLabels(items, lo, hi) leaves labels with room where they are and moves touching ones apart as a block around their wanted places", () => {
    expect(spreadLabels([{ want: 50, h: 10 }, { want: 150, h: 10 }], 0, 200)).toEqual([50, 150]);
    const c = spreadLabels([{ want: 100, h: 20 }, { want: 101, h: 20 }, { want: 102, h: 20 }], 0, 200, 0);
    expect(c).toEqual([81, 101, 121]);
    // Kept within bounds: a block at the bottom edge is pushed up.
    const d = spreadLabels([{ want: 195, h: 20 }, { want: 198, h: 20 }], 0, 200, 0);
    expect(d).toEqual([170, 190]);
  });
});

describe("smallMultiples(rows) for many series", () => {
  const titles = (markup: string) => texts(markup).filter((t) => CALL_TYPES.some((c) => t.startsWith(`${c}:`)));

  it("names every series exactly once, in a panel title with its latest value, highest first", () => {
    for (const svg of [charts["small-multiples"], charts["small-multiples-narrow"]]) {
      const t = titles(svg);
      for (const c of CALL_TYPES) expect(t.filter((x) => x.startsWith(`${c}:`)).length, c).toBe(1);
      expect(t.length).toBe(CALL_TYPES.length);
      const latest = t.map((x) => Number(x.slice(x.lastIndexOf(":") + 1)));
      expect(latest).toEqual([...latest].sort((p, q) => q - p));
      const want = new Map(manyRows.filter((r) => r.year === 2024).map((r) => [r.series, r.value]));
      for (const x of t) expect(Number(x.slice(x.lastIndexOf(":") + 1))).toBe(want.get(CALL_TYPES.find((c) => x.startsWith(`${c}:`))!));
    }
  });

  it("lays panels out three to a row wide and two narrow, on one shared scale, and says a missing year is not reported", () => {
    const columns = (markup: string) => new Set([...svgOf(markup).querySelectorAll("text")].filter((t) => CALL_TYPES.some((c) => (t.textContent ?? "").startsWith(c.split(" ")[0]))).map((t) => at(t).x)).size;
    expect(columns(charts["small-multiples"])).toBe(3);
    expect(columns(charts["small-multiples-narrow"])).toBe(2);
    const yTicks = [...svgOf(charts["small-multiples"]).querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent);
    // The same three values beside every row of panels: one scale for all.
    const rowsOfPanels = Math.ceil(CALL_TYPES.length / 3);
    expect(new Set(yTicks).size).toBe(3);
    for (const v of new Set(yTicks)) expect(yTicks.filter((t) => t === v).length).toBe(rowsOfPanels);
    expect(texts(charts["small-multiples"]).some((x) => x.replace(/\s+/g, " ") === "not reported")).toBe(true);
    expect(svgOf(charts["small-multiples"]).getAttribute("aria-label")).toContain("11 series");
  });

  it(`seriesTrend(rows) draws up to ${MAX_LINES} series as lines on one chart and more as small multiples`, () => {
    expect(svgOf(seriesTrend(seriesRows, { title: "T", yLabel: "Y" })).getAttribute("aria-label")).toContain("Line chart");
    expect(svgOf(seriesTrend(manyRows, { title: "T", yLabel: "Y" })).getAttribute("aria-label")).toContain("Small multiples");
  });
});

describe("part years", () => {
  const six = yearsFrom(2019, 6);
  const aria = (markup: string) => svgOf(markup).getAttribute("aria-label") ?? "";
  const hollow = (markup: string) => [...svgOf(markup).querySelectorAll('g[aria-label="dot"][fill="white"]')].filter((g) => g.getAttribute("stroke") === PALETTE[0]).length;
  const dashedLines = (markup: string, dash: string) => svgOf(markup).querySelectorAll(`g[aria-label="line"][stroke-dasharray="${dash}"]`).length;

  it("rateTrend(rows, {partYears}) draws the part year as a hollow point with a dashed line into it and names its months", () => {
    const rows = six.map((year, i) => ({ year, value: 5 - i / 10 }));
    const plain = rateTrend(rows, { title: "T", yLabel: "Y", width: NARROW });
    const part = rateTrend(rows, { title: "T", yLabel: "Y", width: NARROW, partYears });
    expect(texts(part)).toContain("(Jan–Jun)");
    expect(texts(plain)).not.toContain("(Jan–Jun)");
    expect(hollow(part)).toBe(1);
    expect(hollow(plain)).toBe(0);
    expect(dashedLines(part, "5 4")).toBe(1);
    expect(dashedLines(plain, "5 4")).toBe(0);
    expect(aria(part)).toContain("2024 (Jan–Jun) covers part of the year only");
    expect(aria(plain)).not.toContain("part of the year");
    // The year itself stays labelled, under which the months are named.
    expect(yearLabels(part).map((l) => l.year)).toContain(2024);
  });

  it("multiTrend(rows, {partYears}) shades the part year, fades the lines into it and names its months", () => {
    const plain = multiTrend(fourSeries(six), { title: "T", yLabel: "Y", digits: 0 });
    const part = multiTrend(fourSeries(six), { title: "T", yLabel: "Y", digits: 0, partYears });
    expect(texts(part)).toContain("(Jan–Jun)");
    expect(svgOf(part).querySelectorAll('g[aria-label="rect"] rect').length).toBe(1);
    expect(svgOf(plain).querySelectorAll('g[aria-label="rect"]').length).toBe(0);
    expect(svgOf(part).querySelectorAll('g[aria-label="line"][stroke-opacity]').length).toBe(4);
    expect(aria(part)).toContain("2024 (Jan–Jun) covers part of the year only");
  });

  it("smallMultiples(rows, {partYears}) draws a hollow point with a dashed line into it in every panel and names the months above the panels", () => {
    const t = texts(charts["small-multiples-narrow"]).join(" ").replace(/\s+/g, " ");
    expect(t).toContain("2024 (Jan–Jun)");
    expect(texts(charts["small-multiples"]).join(" ")).not.toContain("Jan–Jun");
    const el = svgOf(charts["small-multiples-narrow"]);
    expect(el.querySelectorAll('g[aria-label="dot"][fill="white"] circle').length).toBe(CALL_TYPES.length);
    expect(el.querySelectorAll('g[aria-label="line"][stroke-dasharray="4 3"] path').length).toBe(CALL_TYPES.length);
    expect(hollow(charts["small-multiples"])).toBe(0);
    expect(aria(charts["small-multiples-narrow"])).toContain("2024 (Jan–Jun) covers part of the year only");
  });

  it("stackedBars(segments, {partYears}) hatches the part year's bar and names it with its months", () => {
    const segs = segments.map((s) => (s.value === null ? { ...s, value: 99 } : s));
    const plain = stackedBars(segs, { title: "T", parts, xLabel: "X" });
    const part = charts["stacked-bars-part-year"];
    expect(texts(part)).toContain("2024 (Jan–Jun)");
    expect(texts(part)).toContain("2023");
    expect(texts(plain)).not.toContain("2024 (Jan–Jun)");
    const hatch = svgOf(part).querySelectorAll('g[aria-label="link"][stroke="white"] path');
    expect(hatch.length).toBeGreaterThan(20);
    expect(svgOf(plain).querySelectorAll('g[aria-label="link"]').length).toBe(0);
    expect(aria(part)).toContain("2024 (Jan–Jun) covers part of the year only");
  });
});
