// The disclosure-control model, shared by the pipeline (scripts/pipeline/protect.ts) and the
// site: which fields are quasi-identifiers, the hierarchies they are generalised along, the
// words for a withheld value, and how a generalised date reads.

import { AGE_BAND, RACE_ETHNICITY, SERVICE_BAND, SEX } from "./vocab.ts";

/** Fields a reader could know about a person from elsewhere, and may combine to find them. */
export const QUASI_IDENTIFIERS = [
  "date", "time", "district", "beat", "age_band", "sex", "race_ethnicity",
  "contact_origin", "call_type", "perceived_armed", "confirmed_armed", "mental_health_crisis", "impaired", "resistance",
] as const;
export type QuasiIdentifier = (typeof QUASI_IDENTIFIERS)[number];

/** The model's quasi-identifiers unless a department names others. */
export const DEFAULT_QUASI_IDENTIFIERS: readonly QuasiIdentifier[] = ["date", "time", "district", "beat", "age_band", "sex", "race_ethnicity"];

/** Quasi-identifiers of the incident (shared by its subjects); the rest are the subject's own. */
export const INCIDENT_QUASI_IDENTIFIERS: readonly QuasiIdentifier[] = ["date", "time", "district", "beat", "contact_origin", "call_type"];

/** How readers know each quasi-identifier. */
export const QUASI_IDENTIFIER_LABEL: Record<QuasiIdentifier, string> = {
  date: "incident date",
  time: "incident time",
  district: "district",
  beat: "beat",
  age_band: "age band",
  sex: "sex",
  race_ethnicity: "race or ethnicity",
  contact_origin: "how the contact began",
  call_type: "call type",
  perceived_armed: "perceived armed",
  confirmed_armed: "confirmed armed",
  mental_health_crisis: "signs of a mental-health crisis",
  impaired: "signs of impairment",
  resistance: "resistance",
};

/** The published value of a value withheld to protect privacy. */
export const WITHHELD = "withheld";
/** The published value of rare categories merged into one. */
export const ANOTHER_CATEGORY = "another_category";
/** What readers see for a withheld value. */
export const WITHHELD_TEXT = "withheld to protect privacy";
/** What readers see for merged rare categories. */
export const ANOTHER_CATEGORY_TEXT = "Another category (rare categories merged to protect privacy)";
/** Where a page links for why a value is withheld. */
export const WITHHELD_LINK = "/methodology/#anon-disclosure-control";

/** Date precisions, finest first: the hierarchy dates are generalised along. */
export const DATE_LEVELS = ["day", "week", "month", "quarter", "year"] as const;
export type DateLevel = (typeof DATE_LEVELS)[number];

/**
 * A YYYY-MM-DD date at a precision: 2024-03-14, 2024-W11 (the week of the year, days 1 to 7
 * being W01, so that a week never crosses into another year), 2024-03, 2024-Q1 or 2024.
 */
export function generaliseDate(date: string, level: DateLevel): string {
  const y = date.slice(0, 4);
  // A date recorded only to the year (YYYY) or month (YYYY-MM) stays as coarse as it is: nothing
  // finer is made up, so it is at its own level or any coarser one.
  if (date.length === 4) return y;
  if (date.length === 7 && (level === "day" || level === "week")) return date;
  switch (level) {
    case "day":
      return date;
    case "month":
      return date.slice(0, 7);
    case "quarter":
      return `${y}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
    case "year":
      return y;
    case "week": {
      const day = (Date.parse(date + "T00:00:00Z") - Date.parse(`${y}-01-01T00:00:00Z`)) / 86_400_000;
      return `${y}-W${String(Math.floor(day / 7) + 1).padStart(2, "0")}`;
    }
  }
}

/** The precision of a published date. */
export function dateLevelOf(value: string): DateLevel {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return "day";
  if (/^\d{4}-W\d{2}$/.test(value)) return "week";
  if (/^\d{4}-Q\d$/.test(value)) return "quarter";
  if (/^\d{4}-\d{2}$/.test(value)) return "month";
  return "year";
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A published date as readers read it: "14 March 2024", "week 11 of 2024", "March 2024", "January to March 2024", "2024". */
export function dateText(value: string): string {
  const y = value.slice(0, 4);
  switch (dateLevelOf(value)) {
    case "day":
      return `${Number(value.slice(8, 10))} ${MONTHS[Number(value.slice(5, 7)) - 1]} ${y}`;
    case "week":
      return `week ${Number(value.slice(6))} of ${y}`;
    case "month":
      return `${MONTHS[Number(value.slice(5, 7)) - 1]} ${y}`;
    case "quarter": {
      const q = Number(value.slice(6)) - 1;
      return `${MONTHS[q * 3]} to ${MONTHS[q * 3 + 2]} ${y}`;
    }
    case "year":
      return y;
  }
}

/** Age bands, and the wider bands they are merged into one level up. */
export const WIDE_AGE_BAND = {
  under_18: "Under 18",
  "18_34": "18 to 34",
  "35_54": "35 to 54",
  "55_plus": "55 and over",
} as const;
export const AGE_BAND_WIDER = {
  under_18: "under_18",
  "18_24": "18_34",
  "25_34": "18_34",
  "35_44": "35_54",
  "45_54": "35_54",
  "55_64": "55_plus",
  "65_plus": "55_plus",
  // "Adult" already spans 18 and over: it has no wider band of its own, it stays as it is.
  adult: "adult",
  unknown: "unknown",
} as Record<string, keyof typeof WIDE_AGE_BAND | "adult" | "unknown">;

/** Officer years-of-service bands, and the wider bands they are merged into one level up. */
export const WIDE_SERVICE_BAND = {
  "0_5": "0 to 5 years",
  "6_20": "6 to 20 years",
} as const;
export const SERVICE_BAND_WIDER: Record<string, string> = {
  "0_2": "0_5",
  "3_5": "0_5",
  "6_10": "6_20",
  "11_20": "6_20",
  "21_plus": "21_plus",
  unknown: "unknown",
};

/** What readers see for each published value of a protected field, recorded ones included. */
export const WITHHELD_LABEL = "Withheld to protect privacy";
export const PROTECTED_VOCAB = {
  age_band: { ...AGE_BAND, ...WIDE_AGE_BAND, [WITHHELD]: WITHHELD_LABEL },
  sex: { ...SEX, [ANOTHER_CATEGORY]: ANOTHER_CATEGORY_TEXT, [WITHHELD]: WITHHELD_LABEL },
  race_ethnicity: { ...RACE_ETHNICITY, [ANOTHER_CATEGORY]: ANOTHER_CATEGORY_TEXT, [WITHHELD]: WITHHELD_LABEL },
  service_band: { ...SERVICE_BAND, ...WIDE_SERVICE_BAND, [WITHHELD]: WITHHELD_LABEL },
} as const satisfies Record<string, Record<string, string>>;

/** The note of a figure table with merged or withheld groups. */
export const PROTECTED_NOTE =
  "Rare categories are merged into one, and some values are withheld, so that no combination of date, place and personal details published in the record-level data is shared by fewer people than the privacy threshold; see the methodology. A group's count, and its share, may therefore be higher than shown, by up to the number withheld.";

/** What the stage did to one quasi-identifier. */
export interface FieldProtection {
  field: QuasiIdentifier;
  label: string;
  /** "generalised": in the model; "exact": published as recorded by the department's choice; "not published": no record-level value is published. */
  treatment: "generalised" | "exact" | "not published";
  /** The hierarchy's levels, finest first, and the level the release uses. */
  hierarchy: string[];
  level: string | null;
  /** Records that carry the field (a cell each, empty or not). */
  values: number;
  /** Values published coarser than recorded (the release's level, or a last-resort year). */
  generalised: number;
  /** Values withheld. */
  withheld: number;
}

/** Officers' own quasi-identifiers (the officers table's published demographic fields). */
export type OfficerField = "age_band" | "sex" | "race_ethnicity" | "service_band";

/** What the stage did to one officer field. */
export interface OfficerFieldProtection {
  field: OfficerField;
  label: string;
  /** "generalised": in the model; "not reported": the department records no value of it. */
  treatment: "generalised" | "not reported";
  hierarchy: string[];
  level: string | null;
  values: number;
  generalised: number;
  withheld: number;
}

/** Officers joined to their incidents' published quasi-identifiers: the officer view. */
export interface OfficerProtectionReport {
  k: number;
  /** The incident fields the officer records were grouped on, beside their own. */
  incident_fields: QuasiIdentifier[];
  fields: OfficerFieldProtection[];
  /** Null where the department records none of the officer fields. */
  before: GroupFigures | null;
  after: GroupFigures | null;
  /** Officer records with every demographic value withheld (they tell nothing of the officer). */
  fully_withheld: number;
}

/** Groups of one view: records sharing every quasi-identifier. */
export interface GroupFigures {
  records: number;
  groups: number;
  /** Records that no other record shares the combination with. */
  unique: number;
  /** Groups of fewer than k records, and the records in them. */
  small_groups: number;
  records_in_small_groups: number;
}

/** The stage's account of itself: stated on the methodology page and in the run report. */
export interface ProtectionReport {
  model: "k-anonymity";
  k: number;
  fields: FieldProtection[];
  /** Subjects joined to their incidents, and incidents alone: before and after the stage. */
  subjects: {
    before: GroupFigures;
    after: GroupFigures;
    /** After, with the fields the department published as recorded put back in (null where there are none). */
    with_exact?: GroupFigures | null;
  };
  incidents: { before: GroupFigures; after: GroupFigures };
  /** Published incident dates at each precision. */
  dates: Record<DateLevel, number>;
  /** Share of the release's quasi-identifier cells whose detail was lost (0 to 1). */
  information_loss: number;
  /** Records left in a group below k whose only published quasi-identifier is the year (a year with fewer than k). */
  year_only_records: number;
  /** The officer view, where the department supplies officers (absent or null otherwise). */
  officers?: OfficerProtectionReport | null;
}
