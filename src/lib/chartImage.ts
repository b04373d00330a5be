// A chart as a file of its own: the all-years view of a figure as a standalone SVG (white
// background, its own font, title and source line, no page stylesheet needed) and as a PNG
// rendered from that SVG at build time by resvg, with a font shipped as an npm package, so
// the build needs no browser and no system fonts.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Resvg, type ResvgRenderOptions } from "@resvg/resvg-js";
import { tableYears, type Aggregates, type FigureTable } from "./aggregates.ts";
import { figureById } from "../figures/index.ts";
import type { FigureModule, FigureView } from "../figures/types.ts";
import { wrap } from "./charts.ts";
import { revisedSentence, yearMarksFor } from "./releaseSite.ts";

/** The font of chart images: Source Sans 3 (SIL Open Font License), from the source-sans package. */
export const IMAGE_FONT = "Source Sans 3";
/** The font list written into standalone SVGs: the shipped font first, then what a viewer has. */
export const IMAGE_FONT_STACK = `'${IMAGE_FONT}', 'Source Sans Pro', system-ui, sans-serif`;
/** How many device pixels a PNG has per SVG pixel. */
export const PNG_SCALE = 2;

const INK = "#1a1a1a";
const MUTED = "#4a4a4a";
/** White space around the chart in the standalone image. */
const PAD = 24;
const TITLE_SIZE = 20;
const SOURCE_SIZE = 13;

/** The figure's chart as a page draws it across all years (as ChartFigure does without a year). */
export interface ChartOf {
  figure: FigureModule;
  table: FigureTable;
  view: FigureView;
  /** The heading: the table's title, with the year for a chart of one year. */
  title: string;
  /** The year a one-year chart shows (the latest), or null for a chart of every year. */
  year: number | null;
}

/** The year pages show by default: the latest with figures. */
export function latestYear(agg: Aggregates): number {
  return agg.headline.latest.year || (agg.meta.years.at(-1) ?? 0);
}

// A chart is drawn once per figure and build: its page, chart-only page and images share it.
const drawn = new WeakMap<Aggregates, Map<string, ChartOf | null>>();

/** The all-years view of a figure, or null when the figure is not reported or has no chart. */
export function chartOf(agg: Aggregates, id: string): ChartOf | null {
  let byId = drawn.get(agg);
  if (!byId) drawn.set(agg, (byId = new Map()));
  if (!byId.has(id)) byId.set(id, draw(agg, id));
  return byId.get(id)!;
}

function draw(agg: Aggregates, id: string): ChartOf | null {
  const figure = figureById(id);
  const table = agg.tables[id];
  if (!figure || !table || table.status === "not_reported") return null;
  const focus = latestYear(agg);
  const view = figure.view(table, { focus, trend: true, year: undefined, changes: agg.meta.policy_changes, agg, partYears: agg.meta.part_years });
  if (!view.svg) return null;
  return { figure, table, view, title: view.allYears ? table.title : `${table.title}, ${focus}`, year: view.allYears ? null : focus };
}

/** The years a chart draws: every year of its table, or the one year of a chart of one year. */
export function chartYears(c: ChartOf): number[] {
  return c.year !== null ? [c.year] : tableYears(c.table);
}

/** The ids of the figures that have a chart image (reported, with a chart), in page order. */
export function chartIds(agg: Aggregates, ids: readonly string[]): string[] {
  return ids.filter((id) => chartOf(agg, id) !== null);
}

const xml = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The size an SVG's root element declares (width and height attributes). */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  if (!(width > 0 && height > 0)) throw new Error("chart SVG without a width and height");
  return { width, height };
}

/** What a standalone chart says around the chart. */
export interface ImageText {
  title: string;
  department: string;
  version: string;
  released: string;
  /** The licence's name, e.g. "Creative Commons Attribution 4.0". */
  licence: string;
  /** Where the chart's page is: an absolute URL when the site's address is known, else its path. */
  url: string;
  synthetic: boolean;
  /** Which of the years drawn later releases revised ("2022 was revised in release 2024.1."), or "". */
  revised?: string;
}

/**
 * Where a chart's text says its values are, for a chart outside its page: the sentence Plot's
 * label ends with points at a table that follows, which a lone chart has not.
 */
export function relabel(ariaLabel: string, where: string): string {
  return ariaLabel.replace(/The values are in the data table that follows\./, `The values are in the data table ${where}.`);
}

/**
 * The chart as a standalone SVG file: white background, its own font, the title above and the
 * source, address and (for sample data) the synthetic-data notice below, all as attributes,
 * so it looks the same with no stylesheet, in an image viewer or in resvg.
 */
export function standaloneSvg(chart: string, t: ImageText): string {
  const { width, height } = svgSize(chart);
  const W = width + 2 * PAD;
  // Lines short enough for a wider font than Source Sans, where a viewer draws the SVG in its own.
  const titleLines = wrap(t.title, Math.floor(width / (TITLE_SIZE * 0.64)));
  const perLine = Math.floor(width / (SOURCE_SIZE * 0.58));
  // The source on one line where it fits, else broken before the release, never mid-date.
  const said = `Source: ${t.department}, data release ${t.version} (${t.released}).`;
  const source = [
    ...(said.length <= perLine ? [said] : [...wrap(`Source: ${t.department},`, perLine), ...wrap(`data release ${t.version} (${t.released}).`, perLine)]),
    ...(t.revised ? wrap(t.revised, perLine) : []),
    ...wrap(`Licence: ${t.licence}.`, perLine),
    ...(t.synthetic ? wrap("Synthetic sample data, made up to show how the kit works: not real people or incidents.", perLine) : []),
    t.url,
  ];
  const titleTop = PAD + TITLE_SIZE;
  const titleH = titleLines.length * TITLE_SIZE * 1.25;
  const chartTop = PAD + titleH + 8;
  const sourceTop = chartTop + height + 12 + SOURCE_SIZE;
  const H = Math.ceil(sourceTop + (source.length - 1) * SOURCE_SIZE * 1.4 + PAD);
  const label = relabel(/\saria-label="([^"]*)"/.exec(/^<svg\b[^>]*>/.exec(chart)![0])?.[1] ?? xml(t.title), `on ${xml(t.url)}`);
  // The chart itself, placed below the title: its own size, the image font, no page class or role.
  const inner = chart
    .replace(/^<svg\b[^>]*>/, (root) =>
      root
        .replace(/\s(role|aria-label|class)="[^"]*"/g, "")
        .replace(/\sfont-family="[^"]*"/, ` font-family="${IMAGE_FONT_STACK}"`)
        .replace(/^<svg/, `<svg x="${PAD}" y="${chartTop}"`),
    )
    // Plot's halo colour is a CSS variable of its stylesheet, which a lone file has not.
    .replace(/var\(--plot-background\)/g, "white");
  const text = (lines: string[], top: number, size: number, step: number, attrs: string) =>
    lines.map((l, i) => `<text x="${PAD}" y="${round(top + i * step)}" font-size="${size}"${attrs}>${xml(l)}</text>`).join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}" font-family="${IMAGE_FONT_STACK}" color="${INK}" fill="${INK}">`,
    `<title>${xml(t.title)}</title>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    text(titleLines, titleTop, TITLE_SIZE, TITLE_SIZE * 1.25, ` font-weight="bold" fill="${INK}"`),
    inner,
    text(source, sourceTop, SOURCE_SIZE, SOURCE_SIZE * 1.4, ` fill="${MUTED}"`),
    `</svg>`,
    "",
  ].join("\n");
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The font files of chart images, found in node_modules from the kit's folder (the working directory of builds and tests). */
export function imageFontFiles(): string[] {
  const require = createRequire(path.resolve("package.json"));
  const files = ["source-sans/TTF/SourceSans3-Regular.ttf", "source-sans/TTF/SourceSans3-Bold.ttf"].map((f) => require.resolve(f));
  for (const f of files) if (!fs.existsSync(f)) throw new Error(`font file ${f} not found: run npm ci`);
  return files;
}

/** How resvg draws a chart image: PNG_SCALE times its size, with the shipped font only (no system fonts), so every machine draws the same pixels. */
export function pngOptions(): ResvgRenderOptions {
  return {
    fitTo: { mode: "zoom", value: PNG_SCALE },
    font: { fontFiles: imageFontFiles(), loadSystemFonts: false, defaultFontFamily: IMAGE_FONT },
    // Anti-aliased shapes (geometricPrecision) and text (optimizeLegibility).
    shapeRendering: 2,
    textRendering: 1,
  };
}

/** A standalone SVG as a PNG (see pngOptions). */
export function renderPng(svg: string): Buffer {
  return new Resvg(svg, pngOptions()).render().asPng();
}

/** A figure's standalone SVG and its size, or null for a figure without a chart. url: the chart page's address. */
export function chartImage(agg: Aggregates, id: string, url: string): { svg: string; width: number; height: number } | null {
  const c = chartOf(agg, id);
  if (!c) return null;
  const { department, version, released, synthetic, licence } = agg.meta;
  const svg = standaloneSvg(c.view.svg!.wide, { title: c.title, department, version, released, licence: licence.name, synthetic, url, revised: revisedSentence(yearMarksFor(chartYears(c))) });
  return { svg, ...svgSize(svg) };
}
