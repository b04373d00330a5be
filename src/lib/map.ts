// The district map: a pure function from district outlines and one value per district to SVG
// markup, drawn with Plot's geo mark and rendered at build time with a server-side DOM, like the
// charts (charts.ts). Colour never carries the meaning alone: every district is named and its
// value written on the map where it fits, the legend gives each colour's range in words,
// districts with no value are hatched and say so, and each district is a link whose name says
// its value.
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { CHART_CLASS, NARROW, WIDE, num, wrap, type ChartSvg } from "./charts.ts";
import { polygonsOf, ringArea2, type DistrictShape } from "./schema/boundaries.ts";

/** Options of one map rendering. */
export interface MapOptions {
  /** Width of the SVG in pixels (default WIDE). */
  width?: number;
  /** The map's name for screen readers, such as "Force per 1,000 dispatched calls by district, 2024". */
  title: string;
  /** The address each district's shape links to. */
  href: (code: string) => string;
  /** What a value is, after the number in a district's link name: "per 1,000 dispatched calls". */
  unit: string;
  /** The legend's heading. */
  legendTitle: string;
  /** Bin edges, ascending: a value v is in bin i when thresholds[i - 1] <= v < thresholds[i] (default: mapThresholds of the values). */
  thresholds?: number[];
  /** Digits after the decimal point of values (default 2). */
  digits?: number;
  /** Said on the map and in the link name where a district has no value (default "no rate"). */
  noValue?: string;
  /** The legend's entry for districts with no value (default "No rate"). */
  noValueLegend?: string;
  /** Prefix of the ids inside the SVG, unique on the page (two renderings of one map need two). */
  id: string;
}

const INK = "#1a1a1a";
const MUTED = "#4a4a4a";
const FONT = "system-ui, sans-serif";
/** Grey lines on white: the fill of a district with no value, unlike any colour of the scale. */
const HATCH_LINE = "#6b6b6b";
/** Radius in pixels of the marker drawn on a district too small to hold a label. */
const MARKER = 5;
/** Area in square pixels under which a district is hard to see or click (a 16 px square). */
const TINY_AREA = 256;
/** Longest line, in characters, of a district name split in two on the map. */
const WRAP_CHARS = 16;

const narrowOf = (width: number) => width < 520;
const fontOf = (width: number) => (narrowOf(width) ? 13 : 14);
/** Rough width of text in system-ui (bold a little wider); errs on the wide side. */
const textPx = (s: string, font: number, bold = false) => s.length * font * (bold ? 0.63 : 0.58);
/** How much of a label's box must lie inside its district: the estimate errs wide, and the halo keeps an overhang legible. */
const FIT = 0.92;

/**
 * Bin edges for values: a round step (1, 2, 2.5 or 5 times a power of ten) giving the number of
 * bins nearest `bins` (the fewer on a tie) from the smallest value to the largest, each edge
 * above the smallest and at or below the largest (no empty bin at either end). None when the
 * values are all the same or there are none.
 */
export function mapThresholds(values: readonly number[], bins = 5): number[] {
  const known = values.filter((v) => Number.isFinite(v));
  if (known.length === 0) return [];
  const lo = Math.min(...known), hi = Math.max(...known);
  if (!(hi > lo)) return [];
  const edges = (step: number) => {
    const out: number[] = [];
    // Edges as whole multiples of the step, so that 0.1 + 0.2 never shows as 0.30000000000000004.
    for (let n = Math.floor(lo / step) + 1; n * step <= hi + step * 1e-9; n++) out.push(Number((n * step).toFixed(10)));
    return out;
  };
  const pow = 10 ** Math.floor(Math.log10((hi - lo) / bins));
  const steps = [0.5, 1, 2, 2.5, 5, 10, 20].map((m) => m * pow);
  let best = edges(steps.at(-1)!);
  for (const step of [...steps].reverse()) {
    const e = edges(step);
    if (Math.abs(e.length + 1 - bins) < Math.abs(best.length + 1 - bins)) best = e;
  }
  return best;
}

/** The bin of a value: how many edges are at or below it. */
export function binOf(value: number, thresholds: readonly number[]): number {
  let i = 0;
  while (i < thresholds.length && value >= thresholds[i]) i++;
  return i;
}

/**
 * The fill of each bin: viridis, readable with the common forms of colour blindness and in
 * greyscale, from light yellow (lowest) to dark purple (highest), so that more reads as darker.
 */
export function binColours(bins: number): string[] {
  const scale = Plot.scale({ color: { type: "linear", scheme: "viridis", domain: [0, 1] } });
  return Array.from({ length: bins }, (_, i) => hex(String(scale.apply(bins === 1 ? 0.5 : 0.95 - (0.9 * i) / (bins - 1)))));
}

/** "#rrggbb" of a colour Plot gives as "#rrggbb" or "rgb(r, g, b)". */
function hex(c: string): string {
  const m = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(c);
  return m ? `#${m.slice(1).map((v) => Number(v).toString(16).padStart(2, "0")).join("")}` : c;
}

/**
 * The range of each bin in words, with values of `digits` decimals: "under 2.50", "2.50 to 2.99",
 * "3.00 or more" ("any value" for a single bin).
 */
export function binLabels(thresholds: readonly number[], digits = 2): string[] {
  if (thresholds.length === 0) return ["any value"];
  const below = (t: number) => num(t - 10 ** -digits, digits);
  return [
    `under ${num(thresholds[0], digits)}`,
    ...thresholds.slice(1).map((t, i) => `${num(thresholds[i], digits)} to ${below(t)}`),
    `${num(thresholds.at(-1)!, digits)} or more`,
  ];
}

/** A name in two lines of about equal length, split at a space (null for one word, or when a line would be too long). */
function twoLines(name: string): string[] | null {
  const words = name.split(/\s+/);
  let best: string[] | null = null;
  for (let i = 1; i < words.length; i++) {
    const lines = [words.slice(0, i).join(" "), words.slice(i).join(" ")];
    if (!best || Math.max(...lines.map((l) => l.length)) < Math.max(...best.map((l) => l.length))) best = lines;
  }
  return best && Math.max(...best.map((l) => l.length)) <= WRAP_CHARS ? best : null;
}

/** Black or white, whichever reads better on a fill. */
function inkOn(fill: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(fill.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) ? "#000000" : "#ffffff";
}

type XY = [number, number];
type Rings = XY[][];

const RAD = Math.PI / 180;
/** Web Mercator in radians, y up: shapes keep their form at city scale, and the plane is flat, so ring winding never matters. */
const mercator = ([lon, lat]: readonly number[]): XY => [lon * RAD, Math.log(Math.tan(Math.PI / 4 + (lat * RAD) / 2))];

/** Squared distance from p to the segment a-b. */
function segDist2(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len));
  const x = a[0] + t * dx - p[0], y = a[1] + t * dy - p[1];
  return x * x + y * y;
}

/** Drops points closer than tol to the line of their neighbours (Douglas-Peucker), keeping at least a triangle. */
function simplify(ring: XY[], tol: number): XY[] {
  if (ring.length <= 5) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = keep[ring.length - 1] = 1;
  const stack: [number, number][] = [[0, ring.length - 1]];
  const tol2 = tol * tol;
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let worst = -1, at = -1;
    for (let i = a + 1; i < b; i++) {
      const d = segDist2(ring[i], ring[a], ring[b]);
      if (d > worst) [worst, at] = [d, i];
    }
    if (at >= 0 && worst > tol2) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  const out = ring.filter((_, i) => keep[i]);
  return out.length >= 4 ? out : ring;
}

/** Whether a point is inside a polygon of rings (even-odd: holes are outside). */
function inside(p: XY, rings: Rings): boolean {
  let c = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
    }
  }
  return c;
}

/** Signed distance from a point to a polygon's edges: positive inside, negative outside. */
function edgeDistance(p: XY, rings: Rings): number {
  let d2 = Infinity;
  for (const ring of rings) for (let i = 1; i < ring.length; i++) d2 = Math.min(d2, segDist2(p, ring[i - 1], ring[i]));
  return (inside(p, rings) ? 1 : -1) * Math.sqrt(d2);
}

/**
 * A point well inside a polygon for its label, and its distance to the nearest edge: the best of
 * a grid over the polygon's box, refined twice around the best point found.
 */
export function labelPoint(rings: Rings): { x: number; y: number; r: number } {
  const xs = rings[0].map((p) => p[0]), ys = rings[0].map((p) => p[1]);
  let [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let best: { x: number; y: number; r: number } = { x: (x0 + x1) / 2, y: (y0 + y1) / 2, r: -Infinity };
  for (const n of [16, 8, 8]) {
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= n; j++) {
        const p: XY = [x0 + ((x1 - x0) * i) / n, y0 + ((y1 - y0) * j) / n];
        const r = edgeDistance(p, rings);
        if (r > best.r) best = { x: p[0], y: p[1], r };
      }
    }
    const w = (x1 - x0) / n, h = (y1 - y0) / n;
    [x0, x1, y0, y1] = [best.x - w, best.x + w, best.y - h, best.y + h];
  }
  return best;
}

/** One district, projected, with what the map writes on it. */
interface Placed {
  shape: DistrictShape;
  /** Projected polygons (Mercator radians, y up), simplified to the drawing's resolution. */
  polygons: Rings[];
  value: number | null;
  fill: string;
  ink: string;
  /** Label point in pixels, the room around it in pixels, and the piece it is in (projected). */
  at: { x: number; y: number; r: number; rings: Rings };
  /** Label choices, best first: lines of the name (bold), then the value line (or none). */
  options: { name: string[]; value: string | null; usesCode: boolean }[];
  choice: number;
  /** Too small for any label: drawn with a marker, its label beside it. */
  tiny: boolean;
  /** Centre of the label in pixels. */
  cx: number;
  cy: number;
}

/**
 * The map as SVG markup: each district filled by its value's bin and outlined, named (by its name,
 * or its code where the name does not fit, listed under the map) with its value written under
 * the name where there is room, and linked to `href(code)` with the name "Name: 4.20 per 1,000
 * dispatched calls"; a legend of the bins' ranges in words above the map.
 */
export function districtMap(shapes: readonly DistrictShape[], values: ReadonlyMap<string, number | null>, opts: MapOptions): string {
  const width = opts.width ?? WIDE;
  const narrow = narrowOf(width);
  const font = fontOf(width);
  const lineH = Math.round(font * 1.2);
  const digits = opts.digits ?? 2;
  const noValue = opts.noValue ?? "no rate";
  const known = [...values.values()].filter((v): v is number => typeof v === "number");
  const thresholds = opts.thresholds ?? mapThresholds(known);
  const colours = binColours(thresholds.length + 1);
  const labels = binLabels(thresholds, digits);
  const hatchId = `${opts.id}-no-value`;
  const hasNull = shapes.some((s) => typeof values.get(s.code) !== "number");

  // Legend: heading, then a swatch and range per bin (and the hatch), flowed into lines.
  const side = 4;
  const legendHead = wrap(opts.legendTitle, Math.floor((width - 2 * side) / (font * 0.63)));
  const items = [...labels.map((text, i) => ({ text, fill: colours[i] })), ...(hasNull ? [{ text: opts.noValueLegend ?? "No rate", fill: `url(#${hatchId})` }] : [])];
  const legendItems: { text: string; fill: string; x: number; y: number }[] = [];
  let lx = 0, ly = legendHead.length * lineH + 6;
  for (const it of items) {
    const w = 22 + textPx(it.text, font) + 16;
    if (lx > 0 && lx + w > width - 2 * side) {
      lx = 0;
      ly += lineH + 6;
    }
    legendItems.push({ ...it, x: lx, y: ly });
    lx += w;
  }
  const legendH = ly + lineH + 10;

  // The projection's frame: the whole width, and a height that keeps the shapes' proportions
  // within bounds (a tall city on a phone is not drawn taller than the screen).
  const projected = shapes.map((s) => polygonsOf(s.geometry).map((rings) => rings.map((ring) => ring.map(mercator))));
  const all = projected.flat(3);
  const [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  const [y0, y1] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  const frameW = width - 2 * side;
  const aspect = (y1 - y0) / Math.max(x1 - x0, 1e-12);
  const frameH = Math.round(Math.max(120, Math.min(frameW * aspect, narrow ? frameW * 1.3 : 460)));
  // Pixels per projected unit, as Plot fits the projection's domain to the frame.
  const k = Math.min(frameW / Math.max(x1 - x0, 1e-12), frameH / Math.max(y1 - y0, 1e-12));

  // Projected units to pixels of the SVG, as Plot fits the domain: centred in the frame.
  const offX = side + (frameW - k * (x1 - x0)) / 2, offY = legendH + (frameH - k * (y1 - y0)) / 2;
  const toPx = (x: number, y: number): XY => [offX + (x - x0) * k, offY + (y1 - y) * k];
  const fromPx = (px: number, py: number): XY => [x0 + (px - offX) / k, y1 - (py - offY) / k];

  const placed: Placed[] = shapes.map((shape, i) => {
    const polygons = projected[i].map((rings) => rings.map((ring) => simplify(ring, 0.35 / k)));
    const v = values.get(shape.code);
    const value = typeof v === "number" ? v : null;
    const fill = value === null ? `url(#${hatchId})` : colours[binOf(value, thresholds)];
    // The label goes in the largest piece of the district.
    const spots = polygons.map((rings) => ({ ...labelPoint(rings), rings }));
    const at = spots.reduce((a, b) => (b.r > a.r ? b : a));
    const valueText = value === null ? noValue : num(value, digits);
    const options: Placed["options"] = [];
    options.push({ name: [shape.name], value: valueText, usesCode: false });
    const two = twoLines(shape.name);
    if (two) options.push({ name: two, value: valueText, usesCode: false });
    if (shape.code !== shape.name) options.push({ name: [shape.code], value: valueText, usesCode: true });
    options.push({ name: [shape.code], value: null, usesCode: shape.code !== shape.name });
    const [px, py] = toPx(at.x, at.y);
    return { shape, polygons, value, fill, ink: value === null ? "#000000" : inkOn(fill), at: { x: px, y: py, r: at.r * k, rings: at.rings }, options, choice: 0, tiny: false, cx: px, cy: py };
  });

  // The size of a label choice in pixels.
  const sizeOf = (p: Placed, c: number) => {
    const o = p.options[c];
    return { w: Math.max(...o.name.map((l) => textPx(l, font, true)), o.value ? textPx(o.value, font) : 0) + 4, h: (o.name.length + (o.value ? 1 : 0)) * lineH };
  };
  // A label fits when its box's corners and edge midpoints lie (nearly) inside the district.
  const fits = (p: Placed, c: number) => {
    const { w, h } = sizeOf(p, c);
    for (const fx of [-FIT / 2, 0, FIT / 2]) for (const fy of [-FIT / 2, 0, FIT / 2]) {
      if (!inside(fromPx(p.at.x + fx * w, p.at.y + fy * h), p.at.rings)) return false;
    }
    return true;
  };
  for (const p of placed) {
    const c = p.options.findIndex((_, i) => fits(p, i));
    p.choice = c >= 0 ? c : p.options.length - 1;
    // A district too small for even its code, and small to see and click, gets a marker, and
    // its code beside it; a long thin one keeps its code on it.
    const area = p.polygons.reduce((t, rings) => t + Math.abs(ringArea2(rings[0])) / 2, 0) * k * k;
    if (c < 0 && area < TINY_AREA) {
      p.tiny = true;
      const { w } = sizeOf(p, p.choice);
      const right = p.at.x + MARKER + 3 + w <= width - side;
      p.cx = p.at.x + (right ? 1 : -1) * (MARKER + 3 + w / 2);
    }
  }
  // Every label inside the map's frame, so none runs off the edge.
  const clamp = (p: Placed) => {
    const { w, h } = sizeOf(p, p.choice);
    p.cx = Math.min(Math.max(p.cx, side + w / 2), width - side - w / 2);
    p.cy = Math.min(Math.max(p.cy, legendH + h / 2), legendH + frameH - h / 2);
  };
  placed.forEach(clamp);
  // Labels that still overlap another: the one with less room shortens, as far as it can.
  const overlap = (a: Placed, b: Placed) => {
    const p = sizeOf(a, a.choice), q = sizeOf(b, b.choice);
    return Math.abs(a.cx - b.cx) * 2 < p.w + q.w && Math.abs(a.cy - b.cy) * 2 < p.h + q.h;
  };
  for (let changed = true, rounds = 0; changed && rounds < 50; rounds++) {
    changed = false;
    for (const a of placed) for (const b of placed) {
      if (a === b || !overlap(a, b)) continue;
      const small = a.at.r <= b.at.r ? a : b;
      if (small.choice < small.options.length - 1) {
        small.choice++;
        clamp(small);
        changed = true;
      }
    }
  }

  // Districts named by code are listed with their names under the map.
  const coded = placed.filter((p) => p.options[p.choice].usesCode);
  const keyText = coded.length ? wrap(`Codes on the map: ${coded.map((p) => `${p.shape.code} ${p.shape.name}`).join("; ")}.`, Math.floor((width - 2 * side) / (font * 0.58))) : [];
  const keyH = keyText.length ? keyText.length * lineH + 10 : 0;
  const height = legendH + frameH + keyH + 4;

  const features = placed.map((p) => ({
    type: "Feature" as const,
    properties: {},
    geometry: p.polygons.length === 1 ? { type: "Polygon" as const, coordinates: p.polygons[0] } : { type: "MultiPolygon" as const, coordinates: p.polygons },
    code: p.shape.code,
    fill: p.fill,
    name: `${p.shape.name}: ${p.value === null ? noValue : `${num(p.value, digits)} ${opts.unit}`}`,
  }));
  // Name lines (bold) above the value line, the block centred on the label's place.
  const text = placed.map((p) => {
    const o = p.options[p.choice];
    const [x, nameY] = fromPx(p.cx, p.cy - (o.value === null ? 0 : lineH / 2));
    const [, valueY] = fromPx(p.cx, p.cy + (o.name.length * lineH) / 2);
    return { x, nameY, valueY, name: o.name.join("\n"), value: o.value, ink: p.tiny ? "#000000" : p.ink, halo: p.tiny || p.ink === "#000000" ? "#ffffff" : "#000000" };
  });
  const markers = placed.filter((p) => p.tiny).map((p) => ({ code: p.shape.code, x: p.at.x, y: p.at.y, fill: p.fill }));
  const legendTop = -legendH;

  const svg = render({
    width,
    height,
    marginTop: legendH,
    marginBottom: keyH + 4,
    marginLeft: side,
    marginRight: side,
    projection: { type: "reflect-y", domain: { type: "FeatureCollection", features } },
    marks: [
      Plot.geo(features, { fill: "fill", stroke: INK, strokeWidth: 1, strokeLinejoin: "round", href: (f: { code: string }) => opts.href(f.code), ariaLabel: "name", title: "name", className: "districts" }),
      // Names and values: no pointer events, so a click on a label reaches the link under it.
      Plot.text(text, { x: "x", y: "nameY", text: "name", fill: "ink", stroke: "halo", strokeWidth: 3, strokeOpacity: 0.85, paintOrder: "stroke", fontWeight: "bold", lineHeight: 1.2, lineAnchor: "middle", pointerEvents: "none", ariaHidden: "true", className: "labels" }),
      Plot.text(text.filter((t) => t.value !== null), { x: "x", y: "valueY", text: "value", fill: "ink", stroke: "halo", strokeWidth: 3, strokeOpacity: 0.85, paintOrder: "stroke", lineAnchor: "middle", pointerEvents: "none", ariaHidden: "true", className: "labels" }),
      Plot.text([legendHead.join("\n")], { frameAnchor: "top-left", dy: legendTop + 4, lineAnchor: "top", textAnchor: "start", text: (d: string) => d, fill: INK, fontWeight: "bold", lineHeight: 1.2, className: "legend" }),
      ...legendItems.flatMap((d) => [
        Plot.dot([d], { frameAnchor: "top-left", dx: d.x + 8, dy: legendTop + d.y + lineH / 2 + 4, symbol: "square", r: 8, fill: d.fill, stroke: INK, strokeWidth: 0.75, className: "legend" }),
        Plot.text([d], { frameAnchor: "top-left", dx: d.x + 22, dy: legendTop + d.y + lineH / 2 + 4, text: "text", textAnchor: "start", lineAnchor: "middle", fill: INK, className: "legend" }),
      ]),
      ...(keyText.length ? [Plot.text([keyText.join("\n")], { frameAnchor: "bottom-left", dy: 8, lineAnchor: "top", textAnchor: "start", text: (d: string) => d, fill: MUTED, lineHeight: 1.2, ariaHidden: "true", className: "key" })] : []),
    ],
  }, opts, hatchId, markers);
  return svg;
}

/** Renders the map with a server-side DOM and makes it a static, accessible SVG. */
function render(options: Plot.PlotOptions, opts: MapOptions, hatchId: string, markers: { code: string; x: number; y: number; fill: string }[]): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const svg = Plot.plot({ ...options, className: CHART_CLASS, document } as Plot.PlotOptions) as unknown as Element;
  // No inline styles (the site's Content-Security-Policy allows stylesheet files only): Plot's
  // <style> is in the site's stylesheet, the font is given by presentation attributes.
  for (const s of svg.querySelectorAll("style")) s.remove();
  svg.removeAttribute("style");
  svg.setAttribute("font-size", String(fontOf(options.width ?? WIDE)));
  svg.setAttribute("font-family", FONT);
  // A group of links, not an image: an image's content would be hidden from screen readers.
  svg.setAttribute("role", "group");
  // Names from the department's data are put in after serializing, escaped in full (the DOM
  // writes < and > in attribute values as they are, which is valid but easy to misread).
  const names: string[] = [];
  const named = (el: Element, name: string) => el.setAttribute("aria-label", `@map-name-${names.push(name) - 1}@`);
  named(svg, opts.title);
  svg.classList.add("district-map");
  // Each link is named by its district and value (Plot puts the name on the shape inside it).
  for (const a of svg.querySelectorAll("a")) {
    const path = a.querySelector("path");
    const name = path?.getAttribute("aria-label");
    if (name) named(a, name);
    path?.removeAttribute("aria-label");
    // A district too small to see or click gets a marker inside its link.
    const m = markers.find((t) => a.getAttribute("href") === opts.href(t.code));
    if (m) a.insertAdjacentHTML("beforeend", `<circle class="marker" cx="${m.x.toFixed(2)}" cy="${m.y.toFixed(2)}" r="${MARKER}" fill="${m.fill}" stroke="${INK}" stroke-width="1.5"></circle>`);
  }
  // Plot names each mark's group by its kind; name the groups a reader meets instead.
  for (const g of svg.querySelectorAll("g[aria-label]")) g.removeAttribute("aria-label");
  const districts = svg.querySelector("g.districts");
  districts?.setAttribute("role", "group");
  districts?.setAttribute("aria-label", "Districts");
  // The legend's marks in one group, read first.
  const legend = document.createElementNS("http://www.w3.org/2000/svg", "g");
  legend.setAttribute("role", "group");
  legend.setAttribute("aria-label", "Legend");
  for (const g of svg.querySelectorAll("g.legend")) legend.appendChild(g);
  // The hatch of districts with no value: grey lines on white, drawn on the map's own scale.
  const defs = document.createElementNS("http://www.w3.org/2000/svg", "defs");
  defs.innerHTML = `<pattern id="${hatchId}" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)"><rect width="7" height="7" fill="#ffffff"></rect><line x1="0" y1="0" x2="0" y2="7" stroke="${HATCH_LINE}" stroke-width="2.5"></line></pattern>`;
  svg.insertBefore(legend, svg.firstChild);
  svg.insertBefore(defs, svg.firstChild);
  if (!svg.getAttribute("viewBox")) svg.setAttribute("viewBox", `0 0 ${options.width} ${options.height}`);
  // Coordinates to a hundredth of a pixel: the same picture in a third fewer bytes.
  const markup = svg.outerHTML.replace(/-?\d+\.\d{3,}/g, (m) => String(Math.round(Number(m) * 100) / 100));
  return markup.replace(/aria-label="@map-name-(\d+)@"/g, (_, i: string) => `aria-label="${escapeAttribute(names[Number(i)])}"`);
}

/** Text as an attribute value: & " < and > written as references. */
const escapeAttribute = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The map at both widths, with ids of its own for each; the page shows one or the other by screen width. */
export function responsiveMap(shapes: readonly DistrictShape[], values: ReadonlyMap<string, number | null>, opts: Omit<MapOptions, "width">): ChartSvg {
  return {
    wide: districtMap(shapes, values, { ...opts, width: WIDE, id: `${opts.id}-wide` }),
    narrow: districtMap(shapes, values, { ...opts, width: NARROW, id: `${opts.id}-narrow` }),
  };
}
