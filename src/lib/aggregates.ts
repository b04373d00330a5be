// The shape of the aggregated figures the pipeline writes and the pages read.

/** A cell of a published figure table; null means not reported or suppressed (the notes say which). */
export type Cell = string | number | null;

/** One column of a figure table. */
export interface Column {
  key: string;
  label: string;
  type: "string" | "number";
}

/** The numbers behind one chart: what its data table shows and its CSV/JSON downloads hold. */
export interface FigureTable {
  id: string;
  title: string;
  /** One sentence on what the table counts and with which denominator. */
  description: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  /** Caveats readers must see: suppression, data not reported by the department. */
  notes: string[];
}

/** A dated policy change, marked on trend charts. */
export interface PolicyChange {
  date: string;
  section: string;
  slug: string;
  title: string;
  summary: string | null;
}

/** Headline figures for one year. */
export interface YearFigures {
  year: number;
  incidents: number;
  subjects: number;
  dispatched_incidents: number;
  calls_911: number | null;
  calls_dispatched: number | null;
  /** Incidents on dispatched calls per 1,000 dispatched calls. */
  force_per_1000_dispatched: number | null;
}

/** Everything the site reads: site/aggregates.json. */
export interface Aggregates {
  meta: {
    department: string;
    short_name: string;
    jurisdiction: string;
    synthetic: boolean;
    version: string;
    released: string;
    licence: { id: string; name: string; url: string };
    contact: { email?: string; url?: string; phone?: string };
    privacy_threshold: number;
    date_precision: "day" | "month";
    location_grain: "district" | "beat";
    years: number[];
    districts: { code: string; name: string }[];
    policy_changes: PolicyChange[];
    /** Optional tables the department did not supply. */
    not_reported: string[];
  };
  headline: { latest: YearFigures; previous: YearFigures | null; rate_change_pct: number | null; incidents_change_pct: number | null };
  tables: Record<string, FigureTable>;
}
