// Field builders: each returns a zod schema that turns one CSV cell (a string) into a typed
// value, registered with the metadata the dictionary, datapackage and error messages need.
import { z } from "zod";
import type { Vocabulary } from "./vocab.ts";

/** What the anonymize stage does with an input field. */
export type PublishRule =
  | "publish" // copied to the published table as it is
  | "pseudonym" // replaced by a keyed one-way pseudonym
  | "derive" // used to derive a coarser published field (age -> age band), never published itself
  | "never"; // a direct identifier: dropped, never published

/** Frictionless-style field type of a canonical field. */
export type FieldType = "string" | "integer" | "number" | "date" | "time" | "yearmonth" | "boolean" | "list";

/** Metadata every canonical field carries. */
export interface FieldMeta {
  /** One line on what the field holds. */
  description: string;
  /** Frictionless type of the value. */
  type: FieldType;
  /** What a valid cell looks like, as read by a person fixing a file. */
  expected: string;
  /** Whether an empty cell is an error. */
  required: boolean;
  /** What anonymization does with it. */
  publish: PublishRule;
  /** The closed vocabulary, for categorical fields. */
  vocab?: Vocabulary;
  /** Delimiter between values in a multi-valued cell. */
  delimiter?: string;
  /** Inclusive bounds for numbers. */
  minimum?: number;
  maximum?: number;
  /** Longest text allowed, for text fields. */
  maxLength?: number;
  /** Whether the field is free text that the identifier scan must read. */
  freeText?: boolean;
  /**
   * The cell parser the zod transform runs on a non-empty, trimmed cell: the typed value, or
   * INVALID. The validate stage calls it directly on millions of cells; a test checks that it
   * agrees with the zod schema's safeParse.
   */
  convert: (trimmed: string) => unknown;
}

/** What a cell parser returns for a cell it cannot read. */
export const INVALID: unique symbol = Symbol("invalid");

/** Registry of field metadata, keyed by the field's zod schema. */
export const fieldRegistry = z.registry<FieldMeta>();

/** Delimiter of multi-valued cells in canonical CSV files. */
export const LIST_DELIMITER = "|";

type Opts<R extends boolean = boolean> = { required?: R; publish?: PublishRule; freeText?: boolean };

/** A cell schema: a string (or an absent column) in, a typed value out; null when empty and optional. */
export type CellSchema<T, R extends boolean> = z.ZodType<R extends true ? T : T | null, string | undefined>;

function fail(ctx: z.core.$RefinementCtx<string | undefined>, input: string): never {
  ctx.issues.push({ code: "custom", message: "invalid", input });
  return z.NEVER as never;
}

function blank(s: string | undefined): boolean {
  return s === undefined || s.trim() === "";
}

// A cell schema: undefined (column absent) reads as an empty cell.
function cell<T, R extends boolean>(
  meta: Omit<FieldMeta, "required" | "publish" | "convert"> & Opts<R>,
  convert: (s: string) => T | typeof INVALID,
): CellSchema<T, R> {
  const required = meta.required ?? false;
  const schema = z
    .string()
    .optional()
    .transform((raw, ctx): T | null => {
      if (blank(raw)) {
        if (required) fail(ctx, "");
        return null;
      }
      const v = convert((raw as string).trim());
      if (v === INVALID) fail(ctx, raw as string);
      return v as T;
    });
  fieldRegistry.add(schema, { ...meta, required, publish: meta.publish ?? "publish", convert });
  return schema as unknown as CellSchema<T, R>;
}

/** Normalises a vocabulary cell: case, spaces and hyphens do not matter. */
export function normalizeKey(s: string): string {
  return s.trim().toLowerCase().replace(/[\s\-/]+/g, "_");
}

/** An identifier from the department's records. */
export function id<R extends boolean = false>(description: string, opts: Opts<R> = {}) {
  return cell<string, R>(
    { description, type: "string", expected: "an identifier (any text without line breaks)", publish: "pseudonym", ...opts },
    (s) => (/[\r\n]/.test(s) ? INVALID : s),
  );
}

/** Free or short text. Short labels repeat: each distinct one is kept once, as its own copy. */
export function text<R extends boolean = false>(description: string, opts: Opts<R> & { maxLength?: number } = {}) {
  const max = opts.maxLength ?? 2000;
  const interned = new Map<string, string>();
  const intern = opts.freeText === true && max <= 200;
  return cell<string, R>(
    { description, type: "string", expected: `text of at most ${max} characters`, ...opts, maxLength: max },
    (s) => {
      if (s.length > max) return INVALID;
      if (!intern) return s;
      let v = interned.get(s);
      if (v === undefined) {
        // A copy, not a slice: a slice would keep the whole file's text in memory.
        v = Buffer.from(s, "utf8").toString("utf8");
        if (interned.size < 10_000) interned.set(v, v);
      }
      return v;
    },
  );
}

/** A whole number within bounds. */
export function integer<R extends boolean = false>(description: string, min: number, max: number, opts: Opts<R> = {}) {
  return cell<number, R>(
    { description, type: "integer", expected: `a whole number from ${min} to ${max}`, minimum: min, maximum: max, ...opts },
    (s) => {
      if (!/^-?\d+$/.test(s)) return INVALID;
      const n = Number(s);
      return n < min || n > max ? INVALID : n;
    },
  );
}

/** A number (decimal allowed) within bounds. */
export function number<R extends boolean = false>(description: string, min: number, max: number, opts: Opts<R> = {}) {
  return cell<number, R>(
    { description, type: "number", expected: `a number from ${min} to ${max}`, minimum: min, maximum: max, ...opts },
    (s) => {
      if (!/^-?\d+(\.\d+)?$/.test(s)) return INVALID;
      const n = Number(s);
      return n < min || n > max ? INVALID : n;
    },
  );
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether y-m-d is a real calendar date. */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]) return false;
  if (m === 2 && d === 29) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return true;
}

/** A calendar date, YYYY-MM-DD. */
export function date<R extends boolean = false>(description: string, opts: Opts<R> = {}) {
  return cell<string, R>(
    { description, type: "date", expected: "a date written YYYY-MM-DD, for example 2024-03-09", ...opts },
    (s) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      if (!m) return INVALID;
      return isRealDate(+m[1], +m[2], +m[3]) && +m[1] >= 1950 && +m[1] <= 2100 ? s : INVALID;
    },
  );
}

/**
 * A date the department may have recorded only to the month or the year: YYYY-MM-DD, YYYY-MM or
 * YYYY (a yearly file without a date column). No finer date is ever made up from a coarser one.
 */
export function partialDate<R extends boolean = false>(description: string, opts: Opts<R> = {}) {
  return cell<string, R>(
    {
      description,
      type: "date",
      expected: "a date written YYYY-MM-DD, for example 2024-03-09 (or YYYY-MM, or YYYY, where only the month or the year was recorded)",
      ...opts,
    },
    (s) => {
      const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
      if (!m || +m[1] < 1950 || +m[1] > 2100) return INVALID;
      if (m[3] !== undefined) return isRealDate(+m[1], +m[2], +m[3]) ? s : INVALID;
      if (m[2] !== undefined) return +m[2] >= 1 && +m[2] <= 12 ? s : INVALID;
      return s;
    },
  );
}

/** How precisely a recorded date (YYYY-MM-DD, YYYY-MM or YYYY) is known. */
export type DateKnown = "day" | "month" | "year";

/** The precision of a recorded date, by its form. */
export function dateKnown(d: string): DateKnown {
  return d.length >= 10 ? "day" : d.length === 7 ? "month" : "year";
}

/** A time of day, HH:MM (24-hour). */
export function time<R extends boolean = false>(description: string, opts: Opts<R> = {}) {
  return cell<string, R>(
    { description, type: "time", expected: "a 24-hour time written HH:MM, for example 21:05", ...opts },
    (s) => {
      const m = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(s);
      if (!m || +m[1] > 23 || +m[2] > 59) return INVALID;
      return `${m[1].padStart(2, "0")}:${m[2]}`;
    },
  );
}

/** A month, YYYY-MM. */
export function yearMonth<R extends boolean = false>(description: string, opts: Opts<R> = {}) {
  return cell<string, R>(
    { description, type: "yearmonth", expected: "a month written YYYY-MM, for example 2024-03", ...opts },
    (s) => {
      const m = /^(\d{4})-(\d{2})$/.exec(s);
      return m && +m[2] >= 1 && +m[2] <= 12 ? s : INVALID;
    },
  );
}

/** A cache of cell text -> canonical vocabulary key (or INVALID), so each distinct cell is normalised once. */
function vocabReader(vocab: Vocabulary): (s: string) => string | typeof INVALID {
  // Returning the vocabulary's own key strings (never a slice of the cell) keeps the input text collectable.
  const keys = new Map(Object.keys(vocab).map((k) => [k, k]));
  const cache = new Map<string, string | typeof INVALID>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      v = keys.get(normalizeKey(s)) ?? INVALID;
      // The key is copied: a cell cut from a file's text would keep that whole text in memory.
      if (cache.size < 10_000) cache.set((" " + s).slice(1), v);
    }
    return v;
  };
}

/** One value of a closed vocabulary (case, spaces and hyphens ignored). */
export function oneOf<V extends Vocabulary, R extends boolean = false>(vocab: V, description: string, opts: Opts<R> = {}) {
  const keys = Object.keys(vocab);
  const read = vocabReader(vocab);
  return cell<keyof V & string, R>(
    { description, type: "string", expected: `one of ${keys.join(", ")}`, vocab, ...opts },
    (s) => read(s) as (keyof V & string) | typeof INVALID,
  );
}

/** A yes/no fact: yes, no or unknown (also true/false, y/n, 1/0). */
export function flag<R extends boolean = false>(description: string, opts: Opts<R> = {}) {
  const map: Record<string, "yes" | "no" | "unknown"> = {
    yes: "yes", y: "yes", true: "yes", "1": "yes",
    no: "no", n: "no", false: "no", "0": "no",
    unknown: "unknown",
  };
  return cell<"yes" | "no" | "unknown", R>(
    { description, type: "string", expected: "yes, no or unknown", vocab: { yes: "Yes", no: "No", unknown: "Unknown" }, ...opts },
    (s) => map[s.toLowerCase()] ?? INVALID,
  );
}

/** Several values of a closed vocabulary, separated by LIST_DELIMITER. */
export function listOf<V extends Vocabulary, R extends boolean = false>(vocab: V, description: string, opts: Opts<R> = {}) {
  const keys = Object.keys(vocab);
  const read = vocabReader(vocab);
  return cell<(keyof V & string)[], R>(
    {
      description,
      type: "list",
      expected: `values from ${keys.join(", ")}, separated by "${LIST_DELIMITER}"`,
      vocab,
      delimiter: LIST_DELIMITER,
      ...opts,
    },
    (s) => {
      const out: (keyof V & string)[] = [];
      for (const part of s.split(LIST_DELIMITER)) {
        const k = read(part.trim());
        if (k === INVALID) return INVALID;
        if (!out.includes(k as keyof V & string)) out.push(k as keyof V & string);
      }
      return out;
    },
  );
}

/** The metadata of a field schema built here. */
export function metaOf(schema: z.ZodType): FieldMeta {
  const m = fieldRegistry.get(schema);
  if (!m) throw new Error("field has no metadata");
  return m;
}
