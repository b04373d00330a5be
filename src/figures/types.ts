// What a figure is: one module per figure (in this folder) holds everything the kit knows
// about it — the fields it reads, how it is counted from the published records, its chart, its
// summary sentence, its table columns, its notes and the policy that governs it. The pipeline
// (aggregate), the pages (ChartFigure, reports), the import report's coverage list and the tests
// all read the modules through index.ts; adding a figure means adding a module there.
import type { Aggregates, FigureTable, PolicyChange } from "../lib/aggregates.ts";
import type { ChartSvg } from "../lib/charts.ts";
import type { POLICY_SECTION } from "../lib/schema/vocab.ts";
import type { FigureContext } from "./context.ts";
import type { Row } from "./text.ts";
import type { PartYear } from "../lib/period.ts";

export type { Row };

/** The question sections of the site, in the order pages show them. */
export type SectionId = "how-often" | "how-much" | "injuries" | "who" | "where" | "crisis" | "de-escalation" | "accountability";

export type PolicyKey = keyof typeof POLICY_SECTION;

/** A figure table before its status is decided. */
export type Draft = Omit<FigureTable, "status" | "missing">;

/**
 * What compute returns: the table, what it cannot be made without that the department lacks
 * (need: the figure is then not reported) and what it shows as not reported (also).
 */
export interface Computed {
  table: Draft;
  need?: string[];
  also?: string[];
}

/** What a summary is about: one year (default: the latest in the rows) and, for districts, one district. */
export interface SummaryOptions {
  year?: number;
  district?: string;
  /** Years the records cover only in part (aggregates' meta.part_years): never compared with a full year. */
  partYears?: readonly PartYear[];
}

/** Shows only the rows whose `key` equals `value`; `all` says what the download holds instead ("all years"). */
export interface RowFilter { key: string; value: FigureTable["rows"][number][string]; all: string }

/** What a page asks of a figure's chart. */
export interface ViewInput {
  /** The year shown by breakdowns (and marked on trends). */
  focus: number;
  /** True for the all-years view of a page of figures; false for one year's page. */
  trend: boolean;
  /** The year the page is about, if any. */
  year?: number;
  changes: PolicyChange[];
  agg: Aggregates;
  /** Years the records cover only in part: trends draw them apart, named with their months. */
  partYears: readonly PartYear[];
}

/** A figure as a page draws it; anything left out takes its default (see ChartFigure.astro). */
export interface FigureView {
  svg?: ChartSvg;
  /** A summary other than the figure's one-year sentence (e.g. a trend's). */
  summary?: string;
  /** Table columns to show, in order (default: all). */
  columns?: string[];
  /** True when the chart shows every year: the whole table is shown under the figure's own title. */
  allYears?: boolean;
  /** One more sentence under the chart. */
  extra?: string;
  /**
   * Where some incidents' dates were recorded only to the year or month, what the chart does with
   * them ("12 incidents in 2015 are dated only to the year, ..."), said beside it.
   */
  dateNote?: string;
  /**
   * For a figure that places incidents within the year: "month" (by month or quarter) or "day"
   * (by weekday, day or hour). The page then says, beside it, how many incidents of the years
   * shown are left out because their date is known only to the year (or month, for "day").
   */
  within?: "month" | "day";
  /** True when the chart marks policy changes (the page then names them in words). */
  marksChanges?: boolean;
  /** Links under the chart (site paths, without the base). */
  links?: { lead: string; items: { label: string; path: string }[] };
}

export interface FigureModule {
  id: string;
  /** The figure's title, as its table has it. */
  title: string;
  /** The question section the figure answers. */
  section: SectionId;
  /**
   * Canonical fields ("table.field", or a table name) the figure reads: the import report lists
   * the figure as lost for each that an export lacks.
   */
  fields: readonly string[];
  /** Policy sections that govern the figure: charts link to them and they back. */
  policy: readonly PolicyKey[];
  /** Counts the figure from the published (protected) records. */
  compute(ctx: FigureContext): Computed;
  /** One plain-language sentence on the rows of one year. */
  summary(rows: Row[], year: number, opts: SummaryOptions): string;
  /** The sentence when the table has no year at all (default: "There are no figures to summarise."). */
  empty?: string;
  /** The chart and what the page shows with it. */
  view(table: FigureTable, v: ViewInput): FigureView;
}
