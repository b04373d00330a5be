// The shape of the aggregated figures the pipeline writes and the pages read.
import type { ProtectionReport } from "./schema/disclosure.ts";
import type { PartYear } from "./period.ts";

/** A cell of a published figure table; null means not reported or not recorded (the notes say which). */
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
  /**
   * "not_reported" when the department's data lacks what the figure is made from: it then has
   * no rows, no downloads, and pages show it as not reported by this department.
   */
  status: FigureStatus;
  /**
   * Plain-language names of the fields or tables the figure uses that this department does not
   * report: for a not-reported figure what it needs; for a reported one, what it shows as not reported.
   */
  missing: string[];
}

/** The years a figure table's rows are about (rows without a year, such as totals, left out). */
export function tableYears(table: Pick<FigureTable, "rows"> | undefined): number[] {
  return (table?.rows ?? []).map((r) => r.year).filter((y): y is number => typeof y === "number");
}

/** Whether a figure could be made from this department's data. */
export type FigureStatus = "reported" | "not_reported";

/**
 * Whether the department reports a canonical field: not reported when its table has no file
 * ("no_table"), no file of the table has its column ("no_column"), every cell is blank
 * ("all_blank"), or every recorded value is one filler value ("single_value", e.g. unknown in
 * every record); otherwise reported, with the rows read and how many cells are blank (not recorded).
 */
export type FieldCoverage =
  | { status: "reported"; rows: number; blank: number }
  | { status: "not_reported"; reason: "no_table" | "no_column" | "all_blank"; rows: number; blank: number }
  | { status: "not_reported"; reason: "single_value"; /** The one value every record holds. */ value: string; rows: number; blank: number };

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
  /** Force incidents on dispatched calls; null where the department does not report how each encounter began. */
  dispatched_incidents: number | null;
  calls_911: number | null;
  calls_dispatched: number | null;
  /** Incidents on dispatched calls per 1,000 dispatched calls. */
  force_per_1000_dispatched: number | null;
}

/** How many published subject records are the only one with their combination of quasi-identifiers. */
/** Everything the site reads: site/aggregates.json. */
/** Incidents by the precision their date was recorded to. */
export interface DateKnownCounts {
  day: number;
  month: number;
  year: number;
}

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
    /** Finest date the department allows; disclosure.dates says what was published. */
    date_precision: "day" | "month";
    location_grain: "district" | "beat";
    years: number[];
    /** Years the records cover only in part (at their start or end): never compared with a full year. */
    part_years: PartYear[];
    /**
     * First and last day the records cover: YYYY-MM-DD where config.json states it (data_from,
     * data_through), otherwise the month (YYYY-MM) of the first incident and of the last incident
     * or month of calls for service, as recorded before disclosure control generalised dates.
     */
    period: { from: string; through: string };
    /** Periods inside the records that they do not cover (config.json not_covered), with the department's reason. */
    not_covered?: { from: string; through: string; note?: string }[];
    districts: { code: string; name: string }[];
    policy_changes: PolicyChange[];
    /** Optional tables the department did not supply. */
    not_reported: string[];
    /** Coverage of every canonical field, keyed "table.field" (e.g. "subjects.race_ethnicity"). */
    coverage: Record<string, FieldCoverage>;
    /** Fields ("table.field") of supplied tables that the department does not report (identifiers never published left out). */
    not_reported_fields: string[];
    /** What disclosure control did (scripts/pipeline/protect.ts); null only for figures computed outside the pipeline. */
    disclosure: ProtectionReport | null;
    /**
     * Incidents of each year ("2015") by how precisely the department recorded their date: to the
     * day, only to the month, or only to the year. A date is never published finer than recorded.
     */
    date_known: Record<string, DateKnownCounts>;
  };
  headline: {
    latest: YearFigures;
    previous: YearFigures | null;
    rate_change_pct: number | null;
    incidents_change_pct: number | null;
    /** The same figures for every year, oldest first (counts stay available when no rate can be given). */
    years: YearFigures[];
  };
  tables: Record<string, FigureTable>;
}

/** A published incident as its page shows it, with its subjects: site/incidents/<year>.json. */
export interface IncidentRecord {
  incident: string;
  date: string;
  year: number;
  district: string;
  district_name: string;
  beat: string | null;
  contact_origin: string;
  call_type: string | null;
  call_type_raw: string | null;
  officers_count: number | null;
  subjects_count: number;
  arrest_made: string | null;
  bwc_activated: string | null;
  deescalation_attempted: string | null;
  crisis_trained_officer: string | null;
  coresponder_present: string | null;
  review_status: string | null;
  review_body: string | null;
  review_finding: string | null;
  discipline: string | null;
  highest_force_level: number | null;
  force_types: string[];
  most_severe_subject_injury: string | null;
  summary: string | null;
  subjects: {
    subject: string;
    age_band: string | null;
    sex: string | null;
    race_ethnicity: string | null;
    perceived_armed: string | null;
    confirmed_armed: string | null;
    weapons: string[] | null;
    resistance: string | null;
    mental_health_crisis: string | null;
    impaired: string | null;
    injury: string | null;
    medical_treatment: string | null;
    hospitalized: string | null;
    highest_force_level: number | null;
    force_types: string[];
  }[];
}
