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
  // Coordinates to a hundredth of a pixel: the same picture in a third fewer bytes.
  return svg.outerHTML.replace(/-?\d+\.\d{3,}/g, (m) => String(Math.round(Number(m) * 100) / 100));
}

const FONT = "system-ui, sans-serif";

/** Year ticks: every year where there is room (about 44 px a label), fewer where they would crowd. */
function yearTicks(years: number[], innerPx: number): number[] {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const room = Math.max(2, Math.floor(innerPx / 44));
  if (sorted.length <= room) return sorted;
  const step = Math.ceil(sorted.length / room);
  const last = sorted.at(-1)!;
  return sorted.filter((y) => (last - y) % step === 0);
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
  width?: number;
}

/** Trend of a rate by year as a line with labelled points, policy changes marked by dashed rules; missing years are marked "not reported", never drawn as zero. */
export function rateTrend(rows: { year: number; value: number | null }[], opts: TrendOptions): string {
  const width = opts.width ?? WIDE;
  const digits = opts.digits ?? 2;
  const changes = opts.changes ?? [];
  const years = rows.map((r) => r.year);
  const known = rows.filter((r) => r.value !== null) as { year: number; value: number }[];
  const missing = rows.filter((r) => r.value === null);
  const max = niceMax(Math.max(0, ...known.map((d) => d.value)) * 1.1);
  const hi = known.find((d) => d.year === opts.highlight);
  const first = known[0], last = known.at(-1);
  const span = first && last ? (first.year === last.year ? `, ${first.year}` : `, ${first.year} to ${last.year}`) : "";
  const aria = `${opts.title}. Line chart by year${span}${changes.length ? ", with policy changes marked" : ""}. The values are in the data table that follows.`;
  return render({
    width,
    height: narrowOf(width) ? 300 : 320,
    marginLeft: 48,
    marginRight: 24,
    marginTop: topFor(changes, width),
    marginBottom: 40,
    x: { label: null, tickFormat: "d", ticks: yearTicks(years, width - 72), domain: [Math.min(...years), Math.max(...years)], inset: narrowOf(width) ? 18 : 28, tickSize: 0 },
    y: { label: `↑ ${opts.yLabel}`, grid: true, domain: [0, max], ticks: narrowOf(width) ? 4 : 5, tickSize: 0 },
    marks: [
      ...changeMarks(changes, years, width),
      Plot.ruleY([0], { stroke: INK }),
      Plot.lineY(rows, { x: "year", y: "value", stroke: PALETTE[0], strokeWidth: 2.5 }),
      Plot.dot(known, { x: "year", y: "value", fill: PALETTE[0], r: 4.5, symbol: "circle" }),
      ...(hi ? [Plot.dot([hi], { x: "year", y: "value", stroke: INK, strokeWidth: 2, r: 9, fill: "none" })] : []),
      ...[false, true].map((bold) => Plot.text(known.filter((d) => (d.year === opts.highlight) === bold), { x: "year", y: "value", text: (d: { value: number }) => num(d.value, digits), dy: -14, fill: INK, fontWeight: bold ? "bold" : "normal", stroke: "white", strokeWidth: 4, paintOrder: "stroke" })),
      Plot.text(missing, { x: "year", y: 0, text: () => "not\nreported", dy: -22, fill: MUTED }),
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
 * Several series by year, one line each, told apart by dash and symbol as well as colour,
 * and named by a label at the end of each line (moved apart where they would overlap).
 */
export function multiTrend(rows: SeriesPoint[], opts: MultiTrendOptions): string {
  const width = opts.width ?? WIDE;
  const narrow = narrowOf(width);
  const font = fontOf(width);
  const digits = opts.digits ?? 2;
  const changes = opts.changes ?? [];
  const order = opts.order ?? [...new Set(rows.map((r) => r.series))];
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const style = new Map(order.map((s, i) => [s, { stroke: LINE_COLOURS[i % LINE_COLOURS.length], dash: DASHES[i % DASHES.length], symbol: SYMBOLS[i % SYMBOLS.length] }]));
  const known = rows.filter((r) => r.value !== null && style.has(r.series)) as (SeriesPoint & { value: number })[];
  const max = niceMax(Math.max(0, ...known.map((r) => r.value)) * 1.05);

  // End labels: the series name and its last value, wrapped to fit the right margin.
  const wrapAt = narrow ? 15 : 24;
  const ends = order.flatMap((s) => {
    const pts = known.filter((r) => r.series === s).sort((a, b) => a.year - b.year);
    const end = pts.at(-1);
    if (!end) return [];
    const lines = wrap(`${s}: ${num(end.value, digits)}`, wrapAt);
    return [{ series: s, year: end.year, value: end.value, lines }];
  });
  const lineH = font * 1.2;
  const marginRight = Math.min(narrow ? 144 : 244, 20 + Math.max(40, ...ends.flatMap((e) => e.lines.map((l) => textPx(l, font)))));
  const marginTop = topFor(changes, width);
  const marginBottom = 40;
  const needed = ends.reduce((h, e) => h + e.lines.length * lineH + 4, 0);
  const height = Math.max(narrow ? 320 : order.length > 6 ? 420 : 340, Math.ceil(needed + marginTop + marginBottom + 8));
  const top = marginTop, bottom = height - marginBottom;
  const toPx = (v: number) => bottom - (v / max) * (bottom - top);
  const toVal = (px: number) => ((bottom - px) / (bottom - top)) * max;
  // Spread the labels: keep order by height, push down where they overlap, then up from the bottom.
  const placed = ends.map((e) => ({ ...e, h: e.lines.length * lineH, c: toPx(e.value) })).sort((a, b) => a.c - b.c);
  let edge = top - 4;
  for (const p of placed) {
    p.c = Math.max(p.c, edge + p.h / 2 + 2);
    edge = p.c + p.h / 2;
  }
  edge = bottom;
  for (const p of [...placed].reverse()) {
    p.c = Math.min(p.c, edge - p.h / 2 - 2);
    edge = p.c - p.h / 2;
  }
  const labels = placed.map((p) => ({ ...p, y: toVal(p.c), text: p.lines.join("\n") }));
  const lastYear = Math.max(...years);
  // Pixels per year, to place leader lines and labels a fixed distance right of the last year.
  const inset = narrow ? 10 : 20;
  const perYear = (width - 48 - marginRight - 2 * inset) / Math.max(1, lastYear - years[0]);
  const past = (px: number) => lastYear + px / perYear;
  const aria = `${opts.title}. Line chart by year, one line for each of ${order.length} series${years.length ? `, ${years[0]} to ${lastYear}` : ""}, each named at its end. The values are in the data table that follows.`;
  return render({
    width,
    height,
    marginLeft: 48,
    marginRight,
    marginTop,
    marginBottom,
    x: { label: null, tickFormat: "d", ticks: yearTicks(years, width - 48 - marginRight), domain: [years[0], lastYear], inset, tickSize: 0 },
    y: { label: `↑ ${opts.yLabel}`, grid: true, domain: [0, max], ticks: narrow ? 4 : 5, tickSize: 0 },
    marks: [
      ...changeMarks(changes, years, width),
      Plot.ruleY([0], { stroke: INK }),
      ...order.map((s) => {
        const st = style.get(s)!;
        return Plot.lineY(rows.filter((r) => r.series === s), { x: "year", y: "value", stroke: st.stroke, strokeWidth: 2.25, strokeDasharray: st.dash });
      }),
      ...order.map((s) => {
        const st = style.get(s)!;
        return Plot.dot(known.filter((r) => r.series === s), { x: "year", y: "value", symbol: st.symbol, stroke: st.stroke, fill: "white", strokeWidth: 1.75, r: 4 });
      }),
      // Leader lines from the last point to its label, then the label with the series' symbol.
      Plot.link(labels, { x1: (l: { year: number }) => (l.year === lastYear ? past(5) : l.year), y1: "value", x2: past(11), y2: "y", stroke: MUTED, strokeWidth: 0.75 }),
      ...labels.map((l) => {
        const st = style.get(l.series)!;
        return Plot.dot([l], { x: past(16), y: "y", symbol: st.symbol, stroke: st.stroke, fill: "white", strokeWidth: 1.75, r: 4 });
      }),
      Plot.text(labels, { x: past(24), y: "y", text: "text", textAnchor: "start", lineAnchor: "middle", fill: INK, lineHeight: 1.2 }),
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
  width?: number;
}

/** A key entry: a short code is shown before the name ("L3 Soft control"); a short word is not repeated. */
const keyText = (p: Part) => (/^[A-Z]+\d*$/.test(p.short) && p.short !== p.label ? `${p.short} ${p.label}` : p.label);

/**
 * Stacked 100% horizontal bars: each bar one group, each segment one part, with a key that
 * pairs each fill with a short name, and the short name and share written inside every
 * segment wide enough to hold them. A group with a suppressed part is not drawn: its
 * shares cannot be known, and the bar says so.
 */
export function stackedBars(segments: Segment[], opts: StackOptions): string {
  const width = opts.width ?? WIDE;
  const font = fontOf(width);
  const narrow = narrowOf(width);
  const groups = opts.groups ?? [...new Set(segments.map((s) => s.group))];
  const partIndex = new Map(opts.parts.map((p, i) => [p.key, i]));

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
  const layout = barLayout(groups, width, top);
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
  const aria = `${opts.title}. Stacked bar chart, one bar for each of ${groups.length} groups, divided into ${opts.parts.length} parts that add up to 100%; the parts are named in a key and inside the bars. The values are in the data table that follows.`;
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
      Plot.text(rects.filter((r) => r.text), { x: (r: { x1: number; x2: number }) => (r.x1 + r.x2) / 2, y: (r: { y1: number; y2: number }) => (r.y1 + r.y2) / 2, text: "text", fill: "ink", fontSize: font - 1 }),
      Plot.text(blocked, { x: 0, y: "y", text: () => "some counts suppressed; see the table", textAnchor: "start", dx: 4, fill: MUTED }),
      Plot.text(groups.map((g, i) => ({ g, ...layout.rows[i] })), layout.beside
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
