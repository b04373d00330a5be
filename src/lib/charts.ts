// Chart builders: pure functions from figure rows to Plot SVG markup, rendered at build time
// with a server-side DOM, so pages ship no chart script. No chart carries meaning by colour
// alone: every series, bar and segment has a text label, a symbol or a dash of its own.
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { PolicyChange } from "./aggregates.ts";

// Okabe-Ito: distinguishable with the common forms of colour blindness.
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

/** Width of the wide layout (desktop) and of the narrow one (phones, 390 px screens). */
export const WIDE = 720;
export const NARROW = 360;

/** The two renderings of one chart; the page shows one or the other by screen width. */
export interface ChartSvg {
  wide: string;
  narrow: string;
}

/** Renders a chart at both widths. */
export function responsive(build: (width: number) => string): ChartSvg {
  return { wide: build(WIDE), narrow: build(NARROW) };
}

const INK = "#1a1a1a";
const MUTED = "#4a4a4a";
// Series colours for lines, darkest first so the first few meet 3:1 against white; the
// dash pattern and the symbol tell series apart where colours are close.
const LINE_COLOURS = ["#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];
const DASHES = ["none", "7 4", "2 3", "10 3 2 3", "4 4", "1 5", "12 4"];
const SYMBOLS = ["circle", "square", "triangle", "diamond", "cross", "star", "wye", "times"] as const;

const narrowOf = (width: number) => width < 520;
const fontOf = (width: number) => (narrowOf(width) ? 13 : 14);
/** Rough width of text in system-ui, for layout; errs on the wide side. */
const textPx = (s: string, font: number) => s.length * font * 0.58;

/** Formats a number for a chart label: 12,345 or 4.35. */
export function num(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Splits a label into lines of at most maxChars characters, at spaces. */
export function wrap(label: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of label.split(/\s+/)) {
    if (line && (line + " " + word).length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line ? line + " " + word : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at or above max. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(max / 5));
  for (const m of [1, 2, 2.5, 5, 10]) if (Math.ceil(max / (m * step)) <= 5) return Math.ceil(max / (m * step)) * m * step;
  return Math.ceil(max / (10 * step)) * 10 * step;
}

/** The heading text above a bar chart, wrapped to the width, and the space it takes. */
function header(text: string, width: number) {
  const font = fontOf(width);
  const lines = wrap(text, Math.floor((width - 12) / (font * 0.58)));
  return { text: lines.join("\n"), height: 8 + lines.length * font * 1.2 + 8 };
}

/** Black or white, whichever reads better on a fill. */
function inkOn(fill: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(fill.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) ? "#000000" : "#ffffff";
}

/** The class of every chart's svg; the site's stylesheet (Figure.astro) styles it. */
export const CHART_CLASS = "plot";

function render(options: Plot.PlotOptions, ariaLabel: string): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const svg = Plot.plot({ ...options, className: CHART_CLASS, ariaLabel, document } as Plot.PlotOptions) as unknown as Element;
  // No inline styles: the site's Content-Security-Policy allows stylesheet files only. Plot's own
  // <style> (the same rules for every chart) is in the site's stylesheet, and the font is given
  // by presentation attributes, which are markup, not style.
  for (const s of svg.querySelectorAll("style")) s.remove();
  svg.removeAttribute("style");
  svg.setAttribute("font-size", String(fontOf(options.width ?? WIDE)));
  svg.setAttribute("font-family", FONT);
  // Plot labels groups without a role; give them one so the labels are allowed.
  for (const g of svg.querySelectorAll("g[aria-label]")) g.setAttribute("role", "group");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", ariaLabel);
  if (!svg.getAttribute("viewBox")) svg.setAttribute("viewBox", `0 0 ${options.width} ${options.height}`);
  // Coordinates to a hundredth of a pixel: the same picture in a third fewer bytes. Angle brackets
  // from a label are escaped in attribute values too (the serializer leaves them as they are).
  return svg.outerHTML
    .replace(/-?\d+\.\d{3,}/g, (m) => String(Math.round(Number(m) * 100) / 100))
    .replace(/="[^"]*"/g, (m) => m.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
}

const FONT = "system-ui, sans-serif";

/** Names a mark's group as Plot names its own axes ("x-axis tick label"), for readers of the markup and for tests. */
function named(mark: Plot.RenderableMark, label: string): Plot.RenderableMark {
  return Object.assign(mark, { ariaLabel: label });
}

/** Rough width of a year label: digits run wider than letters, about 0.64 em in common system fonts. */
const yearPx = (font: number) => 4 * font * 0.64;
/** The least space between two year labels. */
const TICK_GAP = 6;

/**
 * Year ticks that never overlap: every year where each label fits in the space a year takes
 * (spanPx from the first year's tick to the last's), otherwise every other year (or every
 * third, and so on) counted back from the last. The first and last years and any pinned years
 * (part years) are always labelled; a tick that would crowd one of them is left out.
 */
export function yearTicks(years: number[], spanPx: number, font: number, pinned: number[] = []): number[] {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  if (sorted.length <= 1) return sorted;
  const first = sorted[0], last = sorted.at(-1)!;
  const perYear = spanPx / (last - first);
  const need = yearPx(font) + TICK_GAP;
  const step = Math.max(1, Math.ceil(need / perYear - 1e-9));
  const kept: number[] = [];
  const fits = (y: number) => !kept.includes(y) && kept.every((k) => Math.abs(k - y) * perYear >= need);
  for (const y of [last, first, ...pinned.filter((p) => sorted.includes(p))]) if (fits(y)) kept.push(y);
  for (const y of [...sorted].reverse()) if ((last - y) % step === 0 && fits(y)) kept.push(y);
  return kept.sort((a, b) => a - b);
}

/** A year the data covers only in part, such as the current year to June. */
export interface PartYear {
  year: number;
  /** The months covered, such as "Jan–Jun". */
  label: string;
}

/** The part years among the years drawn, by year. */
function partsIn(parts: PartYear[] | undefined, years: number[]): Map<number, string> {
  return new Map((parts ?? []).filter((p) => years.includes(p.year)).map((p) => [p.year, p.label]));
}

/** A sentence for a chart's description naming the part years and how they are drawn. */
function partText(parts: Map<number, string>, how: string): string {
  if (parts.size === 0) return "";
  const list = [...parts].map(([y, l]) => `${y} (${l})`).join(" and ");
  return ` ${list} ${parts.size > 1 ? "cover" : "covers"} part of the year only, ${how}.`;
}

/**
 * Splits a series at its part years: the solid line leaves their points out, and each known
 * part-year point gets a segment to each known neighbour, drawn apart (dashed or faded).
 */
function splitAtParts<T extends { year: number; value: number | null }>(pts: T[], parts: Map<number, string>): { solid: T[]; joins: T[][] } {
  const sorted = [...pts].sort((a, b) => a.year - b.year);
  const solid = sorted.map((p) => (parts.has(p.year) ? { ...p, value: null } : p));
  const joins: T[][] = [];
  sorted.forEach((p, i) => {
    if (!parts.has(p.year) || p.value === null) return;
    for (const j of [i - 1, i + 1]) if (sorted[j] && sorted[j].value !== null) joins.push(j < i ? [sorted[j], p] : [p, sorted[j]]);
  });
  return { solid, joins };
}

/** Part-year names under the year axis, below each part year's tick, kept inside the chart. */
function partAxisMarks(parts: Map<number, string>, x: (year: number) => number, width: number, font: number): Plot.Markish[] {
  return [...parts].map(([year, label]) => {
    const text = `(${label})`;
    const px = x(year), w = textPx(text, font);
    const anchor = px + w / 2 > width - 2 ? "end" : px - w / 2 < 2 ? "start" : "middle";
    const dx = anchor === "end" ? yearPx(font) / 2 : anchor === "start" ? -yearPx(font) / 2 : 0;
    return Plot.text([year], { x: (d: number) => d, frameAnchor: "bottom", dy: 9 + font * 1.2, lineAnchor: "top", textAnchor: anchor, dx, text: () => text, fill: INK });
  });
}

/** A dated policy change as a fractional year on a year axis. */
const changeX = (c: PolicyChange) => Number(c.date.slice(0, 4)) + (Number(c.date.slice(5, 7)) - 1) / 12 + (Number(c.date.slice(8, 10)) - 1) / 365;

/** Marks for policy changes: a dashed rule and a text label at the top of the frame. */
function changeMarks(changes: PolicyChange[], years: number[], width: number): Plot.Markish[] {
  if (years.length === 0) return [];
  const lo = Math.min(...years), hi = Math.max(...years);
  const inside = changes.map((c) => ({ x: changeX(c), title: c.title })).filter((c) => c.x >= lo && c.x <= hi);
  const narrow = narrowOf(width);
  return inside.flatMap((c) => {
    const right = (c.x - lo) / Math.max(1, hi - lo) > 0.6;
    const text = narrow ? `Policy change:\n${wrap(c.title, 18).join("\n")}` : `Policy change: ${c.title}`;
    const lines = text.split("\n").length;
    return [
      Plot.ruleX([c], { x: "x", stroke: MUTED, strokeDasharray: "6 4", strokeWidth: 1.5 }),
      Plot.text([c], { x: "x", frameAnchor: "top", dy: -6 - 16 * (lines - 1), lineAnchor: "bottom", text: () => text, fill: INK, textAnchor: right ? "end" : "start", dx: right ? -5 : 5 }),
    ];
  });
}

const topFor = (changes: PolicyChange[], width: number) => (changes.length ? (narrowOf(width) ? 64 : 36) : 24);

/** Options for a single-series trend. */
export interface TrendOptions {
  /** The chart's title, read by screen readers as its name. */
  title: string;
  /** What the value is, shown beside the axis. */
  yLabel: string;
  /** Policy changes to mark with a dashed rule. */
  changes?: PolicyChange[];
  /** Digits after the decimal point in value labels. */
  digits?: number;
  /** A year to emphasise (the year a page is about). */
  highlight?: number;
  /** Years the data covers only in part: drawn apart and named with their months. */
  partYears?: PartYear[];
  width?: number;
}

/**
 * Trend of a rate by year as a line with labelled points, policy changes marked by dashed
 * rules; missing years are marked "not reported", never drawn as zero. A part year is a
 * hollow point with a dashed line into it, its months named under its year.
 */
export function rateTrend(rows: { year: number; value: number | null }[], opts: TrendOptions): string {
  const width = opts.width ?? WIDE;
  const narrow = narrowOf(width);
  const font = fontOf(width);
  const digits = opts.digits ?? 2;
  const changes = opts.changes ?? [];
  const years = rows.map((r) => r.year);
  const parts = partsIn(opts.partYears, years);
  const known = rows.filter((r) => r.value !== null) as { year: number; value: number }[];
  const missing = rows.filter((r) => r.value === null);
  const max = niceMax(Math.max(0, ...known.map((d) => d.value)) * 1.1);
  const hi = known.find((d) => d.year === opts.highlight);
  const first = known[0], last = known.at(-1);
  const span = first && last ? (first.year === last.year ? `, ${first.year}` : `, ${first.year} to ${last.year}`) : "";
  const aria = `${opts.title}. Line chart by year${span}${changes.length ? ", with policy changes marked" : ""}.${partText(parts, "drawn as a hollow point with a dashed line into it")} The values are in the data table that follows.`;
  const marginLeft = 48, marginRight = 24, inset = narrow ? 18 : 28;
  const lo = Math.min(...years), hiYear = Math.max(...years);
  const spanPx = width - marginLeft - marginRight - 2 * inset;
  const xPx = (y: number) => marginLeft + inset + ((y - lo) / Math.max(1, hiYear - lo)) * spanPx;
  const { solid, joins } = splitAtParts(rows, parts);
  return render({
    width,
    height: (narrow ? 300 : 320) + (parts.size ? Math.ceil(font * 1.2) : 0),
    marginLeft,
    marginRight,
    marginTop: topFor(changes, width),
    marginBottom: 40 + (parts.size ? Math.ceil(font * 1.2) : 0),
    x: { label: null, tickFormat: "d", ticks: yearTicks(years, spanPx, font, [...parts.keys()]), domain: [lo, hiYear], inset, tickSize: 0 },
    y: { label: `↑ ${opts.yLabel}`, grid: true, domain: [0, max], ticks: narrow ? 4 : 5, tickSize: 0 },
    marks: [
      ...changeMarks(changes, years, width),
      Plot.ruleY([0], { stroke: INK }),
      Plot.lineY(solid, { x: "year", y: "value", stroke: PALETTE[0], strokeWidth: 2.5 }),
      ...joins.map((j) => Plot.lineY(j, { x: "year", y: "value", stroke: PALETTE[0], strokeWidth: 2.5, strokeDasharray: "5 4" })),
      Plot.dot(known.filter((d) => !parts.has(d.year)), { x: "year", y: "value", fill: PALETTE[0], r: 4.5, symbol: "circle" }),
      ...(parts.size ? [Plot.dot(known.filter((d) => parts.has(d.year)), { x: "year", y: "value", fill: "white", stroke: PALETTE[0], strokeWidth: 2, r: 4.5, symbol: "circle" })] : []),
      ...(hi ? [Plot.dot([hi], { x: "year", y: "value", stroke: INK, strokeWidth: 2, r: 9, fill: "none" })] : []),
      ...[false, true].map((bold) => Plot.text(known.filter((d) => (d.year === opts.highlight) === bold), { x: "year", y: "value", text: (d: { value: number }) => num(d.value, digits), dy: -14, fill: INK, fontWeight: bold ? "bold" : "normal", stroke: "white", strokeWidth: 4, paintOrder: "stroke" })),
      Plot.text(missing, { x: "year", y: 0, text: () => "not\nreported", dy: -22, fill: MUTED }),
      ...partAxisMarks(parts, xPx, width, font),
    ],
  }, aria);
}

/** One point of a multi-series trend. */
export interface SeriesPoint {
  series: string;
  year: number;
  value: number | null;
}

/** Options for a multi-series trend. */
export interface MultiTrendOptions extends TrendOptions {
  /** Series in drawing order; defaults to order of first appearance. */
  order?: string[];
}

/**
 * Places labels of height `h` wanted at centre `want` (pixels, top down) in the same order,
 * none overlapping (`gap` between), each as near its wanted place as the others allow: labels
 * that would touch form a block centred on their wanted places, kept within [lo, hi].
 * Returns the centres in the order given.
 */
export function spreadLabels(items: { want: number; h: number }[], lo: number, hi: number, gap = 2): number[] {
  const order = items.map((_, i) => i).sort((a, b) => items[a].want - items[b].want || a - b);
  // A block: its members top down, its height, and the sum over members of (wanted top - offset in the block).
  type Block = { members: number[]; size: number; sum: number; n: number; top: number };
  const place = (b: Block) => Math.max(lo, Math.min(b.sum / b.n, hi - b.size));
  const blocks: Block[] = [];
  for (const i of order) {
    const size = items[i].h + gap;
    let b: Block = { members: [i], size, sum: items[i].want - size / 2, n: 1, top: 0 };
    b.top = place(b);
    while (blocks.length && blocks.at(-1)!.top + blocks.at(-1)!.size > b.top + 1e-6) {
      const p = blocks.pop()!;
      b = { members: [...p.members, ...b.members], size: p.size + b.size, sum: p.sum + b.sum - b.n * p.size, n: p.n + b.n, top: 0 };
      b.top = place(b);
    }
    blocks.push(b);
  }
  const centres: number[] = new Array(items.length);
  for (const b of blocks) {
    let y = b.top;
    for (const i of b.members) {
      const size = items[i].h + gap;
      centres[i] = y + size / 2;
      y += size;
    }
  }
  return centres;
}

/**
 * Several series by year, one line each, told apart by dash and symbol as well as colour,
 * and named by a label at the end of each line, level with its last value; labels that would
 * overlap are moved apart as little as they can be, and only a moved label has a leader line.
 * A part year sits in a shaded band, the lines into it faded, its months named under its year.
 */
export function multiTrend(rows: SeriesPoint[], opts: MultiTrendOptions): string {
  const width = opts.width ?? WIDE;
  const narrow = narrowOf(width);
  const font = fontOf(width);
  const digits = opts.digits ?? 2;
  const changes = opts.changes ?? [];
  const order = opts.order ?? [...new Set(rows.map((r) => r.series))];
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const parts = partsIn(opts.partYears, years);
  const style = new Map(order.map((s, i) => [s, { stroke: LINE_COLOURS[i % LINE_COLOURS.length], dash: DASHES[i % DASHES.length], symbol: SYMBOLS[i % SYMBOLS.length] }]));
  const known = rows.filter((r) => r.value !== null && style.has(r.series)) as (SeriesPoint & { value: number })[];
  const max = niceMax(Math.max(0, ...known.map((r) => r.value)) * 1.05);

  // End labels: the series name and its last value, wrapped to fit the right margin.
  const wrapAt = narrow ? 16 : 24;
  const ends = order.flatMap((s) => {
    const pts = known.filter((r) => r.series === s).sort((a, b) => a.year - b.year);
    const end = pts.at(-1);
    if (!end) return [];
    const lines = wrap(`${s}: ${num(end.value, digits)}`, wrapAt);
    return [{ series: s, year: end.year, value: end.value, lines }];
  });
  const lineH = font * 1.2;
  const marginRight = Math.min(narrow ? 150 : 244, 24 + Math.max(40, ...ends.flatMap((e) => e.lines.map((l) => textPx(l, font)))));
  const marginTop = topFor(changes, width);
  const marginBottom = 40 + (parts.size ? Math.ceil(lineH) : 0);
  const gap = 2;
  const needed = ends.reduce((h, e) => h + e.lines.length * lineH + gap, 0);
  const height = Math.max(narrow ? 320 : order.length > 6 ? 420 : 340, Math.ceil(needed + marginTop + marginBottom + 8));
  const top = marginTop, bottom = height - marginBottom;
  const toPx = (v: number) => bottom - (v / max) * (bottom - top);
  const toVal = (px: number) => ((bottom - px) / (bottom - top)) * max;
  // Labels may reach a little past the frame: not far above it, where policy changes are named,
  // nor far below it, where the last year's tick label would meet a label's symbol.
  const lo = changes.length ? top - 4 : 8, hi = bottom + lineH / 2;
  const centres = spreadLabels(ends.map((e) => ({ want: toPx(e.value), h: e.lines.length * lineH })), lo, hi, gap);
  const lastYear = Math.max(...years);
  const labels = ends.map((e, i) => ({ ...e, y: toVal(centres[i]), text: e.lines.join("\n"), moved: Math.abs(centres[i] - toPx(e.value)) > 2 || e.year !== lastYear }));
  // Pixels per year, to place leader lines and labels a fixed distance right of the last year.
  const inset = narrow ? 10 : 20;
  const spanPx = width - 48 - marginRight - 2 * inset;
  const perYear = spanPx / Math.max(1, lastYear - years[0]);
  const past = (px: number) => lastYear + px / perYear;
  const xPx = (y: number) => 48 + inset + (y - years[0]) * perYear;
  // A part year's band spans half the way to its neighbours, and to the frame's edge at either end.
  const band = (y: number) => ({ x1: Math.max(y - 0.5, years[0] - inset / perYear), x2: Math.min(y + 0.5, lastYear + inset / perYear) });
  const aria = `${opts.title}. Line chart by year, one line for each of ${order.length} series${years.length ? `, ${years[0]} to ${lastYear}` : ""}, each named at its end.${partText(parts, "shaded, with the lines into it faded")} The values are in the data table that follows.`;
  const split = new Map(order.map((s) => [s, splitAtParts(rows.filter((r) => r.series === s), parts)]));
  return render({
    width,
    height,
    marginLeft: 48,
    marginRight,
    marginTop,
    marginBottom,
    x: { label: null, tickFormat: "d", ticks: yearTicks(years, spanPx, font, [...parts.keys()]), domain: [years[0], lastYear], inset, tickSize: 0 },
    y: { label: `↑ ${opts.yLabel}`, grid: true, domain: [0, max], ticks: narrow ? 4 : 5, tickSize: 0 },
    marks: [
      ...(parts.size ? [Plot.rect([...parts.keys()].map(band), { x1: "x1", x2: "x2", y1: 0, y2: max, fill: "#ececec" })] : []),
      ...changeMarks(changes, years, width),
      Plot.ruleY([0], { stroke: INK }),
      ...order.flatMap((s) => {
        const st = style.get(s)!;
        const { solid, joins } = split.get(s)!;
        return [
          Plot.lineY(solid, { x: "year", y: "value", stroke: st.stroke, strokeWidth: 2.25, strokeDasharray: st.dash }),
          ...joins.map((j) => Plot.lineY(j, { x: "year", y: "value", stroke: st.stroke, strokeWidth: 2.25, strokeDasharray: st.dash, strokeOpacity: 0.45 })),
        ];
      }),
      ...order.map((s) => {
        const st = style.get(s)!;
        return Plot.dot(known.filter((r) => r.series === s), { x: "year", y: "value", symbol: st.symbol, stroke: st.stroke, fill: "white", strokeWidth: 1.75, r: 4 });
      }),
      // A label that had to move gets a leader line from its point and its series' symbol; one
      // level with its line's end needs neither.
      ...(labels.some((l) => l.moved) ? [Plot.link(labels.filter((l) => l.moved), { x1: (l: { year: number }) => (l.year === lastYear ? past(5) : l.year), y1: "value", x2: past(11), y2: "y", stroke: MUTED, strokeWidth: 0.75 })] : []),
      ...labels.filter((l) => l.moved).map((l) => {
        const st = style.get(l.series)!;
        return Plot.dot([l], { x: past(16), y: "y", symbol: st.symbol, stroke: st.stroke, fill: "white", strokeWidth: 1.75, r: 4 });
      }),
      Plot.text(labels, { x: (l: { moved: boolean }) => past(l.moved ? 24 : 10), y: "y", text: "text", textAnchor: "start", lineAnchor: "middle", fill: INK, lineHeight: 1.2 }),
      ...partAxisMarks(parts, xPx, width, font),
    ],
  }, aria);
}

/** Trends of more series than this are drawn as small multiples, not as lines on one chart. */
export const MAX_LINES = 5;

/** A trend of several series: lines on one chart for up to MAX_LINES series, small multiples beyond. */
export function seriesTrend(rows: SeriesPoint[], opts: MultiTrendOptions): string {
  const count = opts.order?.length ?? new Set(rows.map((r) => r.series)).size;
  return count > MAX_LINES ? smallMultiples(rows, opts) : multiTrend(rows, opts);
}

/**
 * Small multiples: one small line chart per series, all on one scale, ordered by the latest
 * value (highest first; series with no value in the latest year after), each titled with its
 * name and latest value. Three panels a row on the wide layout, two on the narrow one. Policy
 * changes are dashed grey rules; a part year is a hollow point with a dashed line into it, and
 * the text above the panels names its months.
 */
export function smallMultiples(rows: SeriesPoint[], opts: MultiTrendOptions): string {
  const width = opts.width ?? WIDE;
  const narrow = narrowOf(width);
  const font = fontOf(width);
  const small = 12;
  const lineH = font * 1.2;
  const digits = opts.digits ?? 2;
  const changes = opts.changes ?? [];
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const first = years[0] ?? 0, last = years.at(-1) ?? 0;
  const parts = partsIn(opts.partYears, years);
  const names = opts.order ?? [...new Set(rows.map((r) => r.series))];
  const series = names.map((name) => {
    const pts = rows.filter((r) => r.series === name).sort((a, b) => a.year - b.year);
    const end = (pts.filter((p) => p.value !== null) as (SeriesPoint & { value: number })[]).at(-1);
    return { name, pts, end };
  });
  // Highest latest value first; a series without a value in the latest year follows, by its last value.
  const rank = (s: (typeof series)[number]) => [s.end?.year === last ? 1 : 0, s.end?.value ?? -1];
  series.sort((a, b) => rank(b)[0] - rank(a)[0] || rank(b)[1] - rank(a)[1]);
  const max = niceMax(Math.max(0, ...rows.map((r) => r.value ?? 0)) * 1.05);
  const yTicks = [0, max / 2, max];
  const tickText = (t: number) => t.toLocaleString("en-US", { maximumFractionDigits: 2 });

  // The grid of panels.
  const cols = Math.min(series.length, narrow ? 2 : series.length > 4 ? 3 : 2) || 1;
  const gutter = Math.ceil(Math.max(...yTicks.map((t) => textPx(tickText(t), small)))) + 8;
  const colGap = narrow ? 18 : 30;
  const panelW = (width - gutter - 6 - (cols - 1) * colGap) / cols;
  const inset = Math.max(8, yearPx(small) / 2 - 4);
  const spanPx = panelW - 2 * inset;
  const ticks = yearTicks(years, spanPx, small, [...parts.keys()]);
  const plotH = narrow ? 84 : 96;
  const left = (c: number) => gutter + c * (panelW + colGap);
  const xOf = (c: number, y: number) => left(c) + inset + (last > first ? ((y - first) / (last - first)) * spanPx : spanPx / 2);

  // The text above the panels: what the values are, how they are laid out, and the marks used.
  const notes = [
    `${opts.yLabel}: one scale in every panel, highest ${last} value first.`,
    ...(changes.length ? ["Dashed grey line: a policy change."] : []),
    ...[...parts].map(([y, l]) => `Hollow point, dashed line into it: ${y} (${l}), part of the year only.`),
  ];
  const headLines = notes.flatMap((n) => wrap(n, Math.floor((width - 8) / (font * 0.58))));
  let y = 6 + headLines.length * lineH + 10;
  const titleChars = Math.floor(panelW / (font * 0.6));
  const panels = series.map((s, i) => {
    const title = s.end ? `${s.name}: ${num(s.end.value, digits)}${s.end.year === last ? "" : ` in ${s.end.year}`}` : `${s.name}: not reported`;
    return { ...s, col: i % cols, row: Math.floor(i / cols), title: wrap(title, titleChars), top: 0, bottom: 0 };
  });
  for (let r = 0; r * cols < panels.length; r++) {
    const inRow = panels.filter((p) => p.row === r);
    const titleH = Math.max(...inRow.map((p) => p.title.length)) * lineH + 6;
    for (const p of inRow) {
      p.top = y + titleH;
      p.bottom = p.top + plotH;
    }
    y += titleH + plotH + 6 + small * 1.2 + 16;
  }
  const height = Math.ceil(y - 8);
  const yOf = (p: { bottom: number }, v: number) => p.bottom - (v / max) * plotH;

  // Marks in pixels: lines (broken where a year is missing or a part year), part-year joins, points.
  type Pt = { key: string; x: number; y: number };
  const solid: Pt[] = [], joins: Pt[] = [], full: Pt[] = [], hollow: Pt[] = [], missing: { x: number; y: number; text: string }[] = [];
  for (const p of panels) {
    const byYear = new Map(p.pts.map((q) => [q.year, q.value]));
    const pts = years.map((yr) => ({ year: yr, value: byYear.get(yr) ?? null }));
    const split = splitAtParts(pts, parts);
    for (const q of split.solid) solid.push({ key: p.name, x: xOf(p.col, q.year), y: q.value === null ? NaN : yOf(p, q.value) });
    split.joins.forEach((j, k) => j.forEach((q) => joins.push({ key: `${p.name}\u0000${k}`, x: xOf(p.col, q.year), y: yOf(p, q.value as number) })));
    for (const q of pts) if (q.value !== null) (parts.has(q.year) ? hollow : full).push({ key: p.name, x: xOf(p.col, q.year), y: yOf(p, q.value) });
    // A run of missing years is said in words, once, never drawn as zero.
    if (!p.end) missing.push({ x: left(p.col) + panelW / 2, y: p.bottom - plotH / 2, text: "not reported" });
    else {
      let run: number[] = [];
      for (const q of [...pts, { year: Infinity, value: 0 }]) {
        if (q.value === null) run.push(q.year);
        else if (run.length) {
          missing.push({ x: (xOf(p.col, run[0]) + xOf(p.col, run.at(-1)!)) / 2, y: p.bottom - 16, text: "not\nreported" });
          run = [];
        }
      }
    }
  }
  const grid = panels.flatMap((p) => yTicks.map((t) => ({ x1: left(p.col), x2: left(p.col) + panelW, y: yOf(p, t), zero: t === 0 })));
  const inside = changes.map(changeX).filter((x) => x >= first && x <= last);
  const rules = panels.flatMap((p) => inside.map((x) => ({ x: xOf(p.col, x), y1: p.top, y2: p.bottom })));
  const aria = `${opts.title}. Small multiples: one small line chart for each of ${panels.length} series${years.length ? `, ${first} to ${last}` : ""}, all on one scale, ordered by the latest value, each titled with its name and latest value${changes.length ? ", with policy changes marked" : ""}.${partText(parts, "drawn as a hollow point with a dashed line into it")} The values are in the data table that follows.`;
  const px = { x: { type: "identity", axis: null }, y: { type: "identity", axis: null } } as const;
  return render({
    width,
    height,
    margin: 0,
    ...px,
    marks: [
      Plot.text([headLines.join("\n")], { x: 4, y: 6, text: (d: string) => d, lineAnchor: "top", textAnchor: "start", fill: MUTED, lineHeight: 1.2 }),
      Plot.link(grid.filter((g) => !g.zero), { x1: "x1", x2: "x2", y1: "y", y2: "y", stroke: INK, strokeOpacity: 0.12 }),
      Plot.link(grid.filter((g) => g.zero), { x1: "x1", x2: "x2", y1: "y", y2: "y", stroke: INK }),
      // Value labels in the first column; the top one hangs below its line, clear of the title above.
      ...[false, true].map((atTop) => named(Plot.text(panels.filter((p) => p.col === 0).flatMap((p) => yTicks.filter((t) => (t === max) === atTop).map((t) => ({ y: yOf(p, t), text: tickText(t) }))), { x: gutter - 6, y: "y", text: "text", textAnchor: "end", lineAnchor: atTop ? "top" : "middle", fontSize: small, fill: INK }), "y-axis tick label")),
      ...(rules.length ? [Plot.link(rules, { x1: "x", x2: "x", y1: "y1", y2: "y2", stroke: MUTED, strokeDasharray: "4 3", strokeWidth: 1.25 })] : []),
      Plot.line(solid, { x: "x", y: "y", z: "key", stroke: PALETTE[0], strokeWidth: 2 }),
      ...(joins.length ? [Plot.line(joins, { x: "x", y: "y", z: "key", stroke: PALETTE[0], strokeWidth: 2, strokeDasharray: "4 3" })] : []),
      Plot.dot(full, { x: "x", y: "y", r: 3.5, fill: PALETTE[0] }),
      ...(hollow.length ? [Plot.dot(hollow, { x: "x", y: "y", r: 3.5, fill: "white", stroke: PALETTE[0], strokeWidth: 1.75 })] : []),
      ...(missing.length ? [Plot.text(missing, { x: "x", y: "y", text: "text", fontSize: small, fill: MUTED, lineHeight: 1.1 })] : []),
      Plot.text(panels, { x: (p: { col: number }) => left(p.col), y: (p: { top: number }) => p.top - 4, text: (p: { title: string[] }) => p.title.join("\n"), lineAnchor: "bottom", textAnchor: "start", fontWeight: "bold", fill: INK, lineHeight: 1.2 }),
      named(Plot.text(panels.flatMap((p) => ticks.map((t) => ({ x: xOf(p.col, t), y: p.bottom + 6, text: String(t) }))), { x: "x", y: "y", text: "text", lineAnchor: "top", fontSize: small, fill: INK }), "x-axis tick label"),
    ],
  }, aria);
}

/** One bar of a horizontal bar chart. */
export interface Bar {
  label: string;
  value: number | null;
  /** Text at the bar's end; defaults to the formatted value. */
  text?: string;
  /** Why the value is missing: "suppressed" or "not reported" (the default). */
  missing?: string;
  /** Drawn in the emphasis colour and named so in text. */
  highlight?: boolean;
}

/** Options for a horizontal bar chart. */
export interface BarOptions {
  title: string;
  /** What the bars measure, shown above them. */
  xLabel: string;
  digits?: number;
  /** Suffix of value labels, such as "%". */
  unit?: string;
  /** Upper end of the scale, e.g. 100 for percentages (default: the largest value). */
  max?: number;
  width?: number;
}

/** Lays out rows of labelled bars: labels left of the bars when they fit, above them otherwise. */
function barLayout(labels: string[], width: number, top: number) {
  const font = fontOf(width);
  const widest = Math.max(0, ...labels.map((l) => textPx(l, font)));
  const beside = widest <= (narrowOf(width) ? 0 : width * 0.44);
  const barH = narrowOf(width) ? 18 : 20;
  const gap = 10;
  const lineH = font * 1.2;
  const marginLeft = beside ? Math.ceil(widest) + 16 : 4;
  let y = top;
  const rows = labels.map((label) => {
    // Above the bar, a long name wraps rather than running off the edge.
    const lines = beside ? [label] : wrap(label, Math.floor((width - 12) / (font * 0.6)));
    const labelH = beside ? 0 : lines.length * lineH + 4;
    const row = { labelY: y + labelH / 2, y1: y + labelH, y2: y + labelH + barH, labelText: lines.join("\n") };
    y += labelH + barH + gap;
    return row;
  });
  return { beside, rows, marginLeft, height: y + 4 };
}

/** Domain end that leaves room for each bar's value label after its end. */
function roomyMax(bars: { value: number; text: string }[], inner: number, font: number): number {
  let max = Math.max(0, ...bars.map((b) => b.value));
  for (const b of bars) {
    const room = inner - textPx(b.text, font) - 10;
    if (room > 20) max = Math.max(max, (b.value * inner) / room);
  }
  return max > 0 ? max : 1;
}

/** Horizontal bars, each named in text and labelled with its value at its end; a missing value is said in words, never drawn as zero. */
export function barH(bars: Bar[], opts: BarOptions): string {
  const width = opts.width ?? WIDE;
  const font = fontOf(width);
  const digits = opts.digits ?? 0;
  const unit = opts.unit ?? "";
  const head = header(opts.xLabel, width);
  const top = head.height;
  const layout = barLayout(bars.map((b) => b.label), width, top);
  const marginRight = 8;
  const data = bars.map((b, i) => ({
    ...b,
    ...layout.rows[i],
    text: b.value === null ? (b.missing ?? "not reported") : (b.text ?? `${num(b.value, digits)}${unit}`),
    fill: b.highlight ? PALETTE[1] : PALETTE[0],
  }));
  const inner = width - layout.marginLeft - marginRight;
  const max = Math.max(opts.max ?? 0, roomyMax(data.filter((d) => d.value !== null) as { value: number; text: string }[], inner, font));
  const aria = `${opts.title}. Bar chart of ${opts.xLabel.toLowerCase()}, ${bars.length} bars, each labelled with its value. The values are in the data table that follows.`;
  return render({
    width,
    height: layout.height,
    marginLeft: layout.marginLeft,
    marginRight,
    marginTop: top,
    marginBottom: 0,
    x: { domain: [0, max], axis: null },
    y: { type: "identity", axis: null },
    marks: [
      Plot.text([head.text], { frameAnchor: "top-left", dy: -top + 6, dx: -layout.marginLeft + 4, lineAnchor: "top", textAnchor: "start", text: (d: string) => d, fill: MUTED, lineHeight: 1.2 }),
      Plot.rect(data.filter((d) => d.value !== null), { x1: 0, x2: "value", y1: "y1", y2: "y2", fill: "fill", stroke: INK, strokeWidth: 0.5 }),
      Plot.ruleX([0], { stroke: INK, y1: top - 4, y2: layout.height - 8 }),
      ...[false, true].flatMap((bold) => {
        const set = data.filter((d) => Boolean(d.highlight) === bold);
        const fontWeight = bold ? "bold" : "normal";
        return [
          Plot.text(set, { x: (d: { value: number | null }) => d.value ?? 0, y: (d: { y1: number; y2: number }) => (d.y1 + d.y2) / 2, text: "text", dx: 5, textAnchor: "start", fill: INK, fontWeight }),
          Plot.text(set, layout.beside
            ? { x: 0, y: (d: { y1: number; y2: number }) => (d.y1 + d.y2) / 2, text: "label", dx: -8, textAnchor: "end", fill: INK, fontWeight }
            : { x: 0, y: "labelY", text: "labelText", textAnchor: "start", lineAnchor: "middle", lineHeight: 1.2, fill: INK, fontWeight }),
        ];
      }),
    ],
  }, aria);
}

/** One part of a stacked bar. */
export interface Part {
  key: string;
  label: string;
  /** A short name written inside the segment, such as "L3". */
  short: string;
  fill: string;
}

/** One segment value: group (bar) and part (segment). */
export interface Segment {
  group: string;
  part: string;
  value: number | null;
}

/** Options for stacked bars. */
export interface StackOptions {
  title: string;
  /** The parts in stacking order, with their names, short names and fills. */
  parts: Part[];
  /** Groups (bars) in order; defaults to order of first appearance. */
  groups?: string[];
  /** What the bars add up to, shown above them. */
  xLabel: string;
  /** Years the data covers only in part, for bars that are years ("2024"): hatched and named with their months. */
  partYears?: PartYear[];
  width?: number;
}

/** A key entry: a short code is shown before the name ("L3 Soft control"); a short word is not repeated. */
const keyText = (p: Part) => (/^[A-Z]+\d*$/.test(p.short) && p.short !== p.label ? `${p.short} ${p.label}` : p.label);

/**
 * Stacked 100% horizontal bars: each bar one group, each segment one part, with a key that
 * pairs each fill with a short name, and the short name and share written inside every
 * segment wide enough to hold them. A group with a suppressed part is not drawn: its
 * shares cannot be known, and the bar says so. A bar for a part year is hatched and its name
 * gives the months, "2024 (Jan–Jun)".
 */
export function stackedBars(segments: Segment[], opts: StackOptions): string {
  const width = opts.width ?? WIDE;
  const font = fontOf(width);
  const narrow = narrowOf(width);
  const groups = opts.groups ?? [...new Set(segments.map((s) => s.group))];
  const partIndex = new Map(opts.parts.map((p, i) => [p.key, i]));
  const partYrs = partsIn(opts.partYears, groups.filter((g) => /^\d{4}$/.test(g)).map(Number));
  const isPart = (g: string) => /^\d{4}$/.test(g) && partYrs.has(Number(g));
  const names = groups.map((g) => (isPart(g) ? `${g} (${partYrs.get(Number(g))})` : g));

  // Key: swatch and "short  label", flowed into lines across the width.
  const keyItems: { part: Part; x: number; y: number }[] = [];
  let kx = 0, ky = 0;
  for (const p of opts.parts) {
    const w = 22 + textPx(keyText(p), font) + 14;
    if (kx > 0 && kx + w > width - 8) {
      kx = 0;
      ky += font * 1.5;
    }
    keyItems.push({ part: p, x: kx, y: ky });
    kx += w;
  }
  const keyH = ky + font * 1.5;
  const head = header(opts.xLabel, width);
  const top = head.height + keyH + 8;
  const layout = barLayout(names, width, top);
  const marginRight = 8;
  const inner = width - layout.marginLeft - marginRight;

  const rects: { group: string; x1: number; x2: number; y1: number; y2: number; fill: string; text: string; ink: string }[] = [];
  const blocked: { group: string; y: number }[] = [];
  groups.forEach((g, gi) => {
    const parts = segments.filter((s) => s.group === g && partIndex.has(s.part)).sort((a, b) => partIndex.get(a.part)! - partIndex.get(b.part)!);
    const { y1, y2 } = layout.rows[gi];
    if (parts.some((p) => p.value === null)) {
      blocked.push({ group: g, y: (y1 + y2) / 2 });
      return;
    }
    const total = parts.reduce((t, p) => t + (p.value as number), 0);
    if (total === 0) {
      blocked.push({ group: g, y: (y1 + y2) / 2 });
      return;
    }
    let acc = 0;
    for (const p of parts) {
      const v = p.value as number;
      if (v === 0) continue;
      const part = opts.parts[partIndex.get(p.part)!];
      const x1 = (acc / total) * 100, x2 = ((acc + v) / total) * 100;
      acc += v;
      const px = ((x2 - x1) / 100) * inner;
      const pct = `${num((v / total) * 100, 0)}%`;
      const full = narrow ? pct : `${part.short} ${pct}`;
      const text = textPx(full, font) + 6 <= px ? full : textPx(pct, font) + 6 <= px ? pct : "";
      rects.push({ group: g, x1, x2, y1, y2, fill: part.fill, text, ink: inkOn(part.fill) });
    }
  });
  // Hatching over a part year's bar: white 45° lines every 7 px, cut to the bar.
  const hatch = groups.flatMap((g, gi) => {
    if (!isPart(g) || blocked.some((b) => b.group === g)) return [];
    const { y1, y2 } = layout.rows[gi];
    const h = y2 - y1, lines = [];
    for (let x = -h; x < inner; x += 7) {
      const t0 = Math.max(0, -x / h), t1 = Math.min(1, (inner - x) / h);
      if (t1 > t0) lines.push({ x1: ((x + t0 * h) / inner) * 100, y1: y2 - t0 * h, x2: ((x + t1 * h) / inner) * 100, y2: y2 - t1 * h });
    }
    return lines;
  });
  const aria = `${opts.title}. Stacked bar chart, one bar for each of ${groups.length} groups, divided into ${opts.parts.length} parts that add up to 100%; the parts are named in a key and inside the bars.${partText(partYrs, "its bar hatched and its name giving the months")} The values are in the data table that follows.`;
  const segText = { x: (r: { x1: number; x2: number }) => (r.x1 + r.x2) / 2, y: (r: { y1: number; y2: number }) => (r.y1 + r.y2) / 2, text: "text", fill: "ink", fontSize: font - 1 };
  return render({
    width,
    height: layout.height,
    marginLeft: layout.marginLeft,
    marginRight,
    marginTop: 0,
    marginBottom: 0,
    x: { domain: [0, 100], axis: null },
    y: { type: "identity", axis: null },
    marks: [
      Plot.text([head.text], { frameAnchor: "top-left", dy: 6, dx: -layout.marginLeft + 4, lineAnchor: "top", textAnchor: "start", text: (d: string) => d, fill: MUTED, lineHeight: 1.2 }),
      ...keyItems.flatMap((k) => [
        Plot.dot([k], { frameAnchor: "top-left", dx: -layout.marginLeft + 4 + k.x + 8, dy: head.height + k.y + font * 0.6, symbol: "square", r: 7, fill: k.part.fill, stroke: INK, strokeWidth: 0.5 }),
        Plot.text([k], { frameAnchor: "top-left", dx: -layout.marginLeft + 4 + k.x + 20, dy: head.height + k.y + font * 0.6, text: () => keyText(k.part), textAnchor: "start", lineAnchor: "middle", fill: INK }),
      ]),
      Plot.rect(rects, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fill: "fill", stroke: "white", strokeWidth: 1.5 }),
      Plot.rect(groups.filter((g) => !blocked.some((b) => b.group === g)).map((g) => layout.rows[groups.indexOf(g)]), { x1: 0, x2: 100, y1: "y1", y2: "y2", fill: "none", stroke: INK, strokeWidth: 0.75 }),
      ...(hatch.length ? [Plot.link(hatch, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", stroke: "white", strokeWidth: 1.5, strokeOpacity: 0.75 })] : []),
      Plot.text(rects.filter((r) => r.text && !isPart(r.group)), segText),
      // On hatching, a halo of the segment's own fill keeps the share readable.
      ...(hatch.length ? [Plot.text(rects.filter((r) => r.text && isPart(r.group)), { ...segText, stroke: "fill", strokeWidth: 4, paintOrder: "stroke" })] : []),
      Plot.text(blocked, { x: 0, y: "y", text: () => "some counts suppressed; see the table", textAnchor: "start", dx: 4, fill: MUTED }),
      Plot.text(names.map((g, i) => ({ g, ...layout.rows[i] })), layout.beside
        ? { x: 0, y: (d: { y1: number; y2: number }) => (d.y1 + d.y2) / 2, text: "g", dx: -8, textAnchor: "end", fill: INK }
        : { x: 0, y: "labelY", text: "labelText", textAnchor: "start", lineAnchor: "middle", lineHeight: 1.2, fill: INK }),
    ],
  }, aria);
}

/** One bar of a grouped comparison. */
export interface GroupedBar {
  /** The measure compared, such as "Subjects injured". */
  group: string;
  /** The condition, such as "With crisis support". */
  series: string;
  value: number | null;
  text?: string;
  missing?: string;
}

/** Options for a grouped comparison. */
export interface GroupedOptions {
  title: string;
  xLabel: string;
  /** Series in order, each drawn in its own fill and named beside every bar. */
  series: string[];
  digits?: number;
  unit?: string;
  /** Upper end of the scale, e.g. 100 for percentages. */
  max?: number;
  width?: number;
}

/** Grouped horizontal bars: for each measure, one bar per condition, each named in text. */
export function groupedBars(rows: GroupedBar[], opts: GroupedOptions): string {
  const width = opts.width ?? WIDE;
  const font = fontOf(width);
  const digits = opts.digits ?? 1;
  const unit = opts.unit ?? "";
  const groups = [...new Set(rows.map((r) => r.group))];
  const fills = new Map(opts.series.map((s, i) => [s, [PALETTE[0], PALETTE[1], "#999999", PALETTE[2]][i % 4]]));
  const barH = 20, labelH = font * 1.3, headH = font * 1.6, gap = 8, groupGap = 14;
  const head = header(opts.xLabel, width);
  let y = head.height;
  const heads: { text: string; y: number }[] = [];
  const bars: (GroupedBar & { y1: number; y2: number; labelY: number; fill: string; label: string })[] = [];
  // Headings and condition names wrap to the width; bold text runs a little wider.
  const fit = (t: string, bold: boolean) => wrap(t, Math.floor((width - 12) / (font * (bold ? 0.64 : 0.58))));
  const lineH = font * 1.2;
  for (const g of groups) {
    const lines = fit(g, true);
    const h = headH + (lines.length - 1) * lineH;
    heads.push({ text: lines.join("\n"), y: y + h / 2 });
    y += h;
    for (const s of opts.series) {
      const r = rows.find((x) => x.group === g && x.series === s);
      if (!r) continue;
      const label = r.value === null ? (r.missing ?? "not reported") : (r.text ?? `${num(r.value, digits)}${unit}`);
      const names = fit(s, false);
      const lh = labelH + (names.length - 1) * lineH;
      bars.push({ ...r, series: names.join("\n"), labelY: y + lh / 2, y1: y + lh, y2: y + lh + barH, fill: fills.get(s)!, label });
      y += lh + barH + gap;
    }
    y += groupGap;
  }
  const height = Math.ceil(y);
  const marginLeft = 4, marginRight = 8;
  const inner = width - marginLeft - marginRight;
  const max = Math.max(opts.max ?? 0, roomyMax(bars.filter((b) => b.value !== null).map((b) => ({ value: b.value as number, text: b.label })), inner, font));
  const aria = `${opts.title}. Grouped bar chart: for each of ${groups.length} measures, one bar for each of ${opts.series.length} conditions, each named and labelled with its value. The values are in the data table that follows.`;
  return render({
    width,
    height,
    marginLeft,
    marginRight,
    marginTop: 0,
    marginBottom: 0,
    x: { domain: [0, max], axis: null },
    y: { type: "identity", axis: null },
    marks: [
      Plot.text([head.text], { frameAnchor: "top-left", dy: 6, lineAnchor: "top", textAnchor: "start", text: (d: string) => d, fill: MUTED, lineHeight: 1.2 }),
      Plot.text(heads, { x: 0, y: "y", text: "text", textAnchor: "start", lineAnchor: "middle", fontWeight: "bold", fill: INK, lineHeight: 1.2 }),
      Plot.text(bars, { x: 0, y: "labelY", text: "series", textAnchor: "start", lineAnchor: "middle", fill: INK, lineHeight: 1.2 }),
      Plot.rect(bars.filter((b) => b.value !== null), { x1: 0, x2: "value", y1: "y1", y2: "y2", fill: "fill", stroke: INK, strokeWidth: 0.5 }),
      Plot.text(bars, { x: (b: GroupedBar) => b.value ?? 0, y: (b: { y1: number; y2: number }) => (b.y1 + b.y2) / 2, text: "label", dx: 5, textAnchor: "start", fill: INK }),
      Plot.ruleX([0], { stroke: INK, y1: head.height - 4, y2: height - 8 }),
    ],
  }, aria);
}
