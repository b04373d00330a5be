// Date and time layouts of exports ("MM/DD/YYYY hh:mm:ss A", "YYYY/MM/DD HH:mm:ssZ", "Hmm"),
// read into the canonical YYYY-MM-DD and HH:MM, converting moments written in UTC to local time.
import { isRealDate } from "../../src/lib/schema/fields.ts";

/** The parts a layout can hold. */
export interface DateParts {
  year: number | null;
  month: number | null;
  day: number | null;
  hour: number | null;
  minute: number | null;
  second: number | null;
  /** Minutes east of UTC, when the cell carries an offset. */
  offset: number | null;
}

/** A compiled layout: a cell in, its parts out (or null when the cell does not fit). */
export type LayoutReader = (cell: string) => DateParts | null;

const TOKENS: [string, string, (p: DateParts, s: string, ampm: { pm: boolean | null }) => void][] = [
  ["YYYY", "(\\d{4})", (p, s) => (p.year = +s)],
  ["YY", "(\\d{2})", (p, s) => (p.year = +s < 70 ? 2000 + +s : 1900 + +s)],
  ["MM", "(\\d{1,2})", (p, s) => (p.month = +s)],
  ["M", "(\\d{1,2})", (p, s) => (p.month = +s)],
  ["DD", "(\\d{1,2})", (p, s) => (p.day = +s)],
  ["D", "(\\d{1,2})", (p, s) => (p.day = +s)],
  ["HH", "(\\d{1,2})", (p, s) => (p.hour = +s)],
  ["H", "(\\d{1,2})", (p, s) => (p.hour = +s)],
  ["hh", "(\\d{1,2})", (p, s) => (p.hour = +s)],
  ["h", "(\\d{1,2})", (p, s) => (p.hour = +s)],
  ["mm", "(\\d{2})", (p, s) => (p.minute = +s)],
  ["ss", "(\\d{2})", (p, s) => (p.second = +s)],
  ["A", "([AaPp]\\.?[Mm]\\.?)", (_p, s, ampm) => (ampm.pm = /^p/i.test(s))],
  [
    "Z",
    "(Z|[+-]\\d{2}(?::?\\d{2})?)",
    (p, s) => {
      if (s === "Z") p.offset = 0;
      else {
        const sign = s[0] === "-" ? -1 : 1;
        const digits = s.slice(1).replace(":", "");
        p.offset = sign * (+digits.slice(0, 2) * 60 + (digits.length > 2 ? +digits.slice(2, 4) : 0));
      }
    },
  ],
];

/** What a layout reads, for checks of a mapping: does it have a date, a time? */
export interface Layout {
  read: LayoutReader;
  hasDate: boolean;
  hasTime: boolean;
  twelveHour: boolean;
  /** A layout of a year alone ("YYYY") or a year and month ("YYYY-MM"): a date known only that far. */
  partial: "year" | "month" | null;
}

/** Two-digit tokens that read one or two digits, unless strict. */
const PADDED = new Set(["MM", "DD", "HH", "hh"]);

/**
 * Compiles a layout such as "MM/DD/YYYY hh:mm:ss A"; throws with a plain message when it is not one.
 * An import reads "3/4/2024" with MM/DD; strict (for guessing a layout) wants the two digits.
 */
export function compileLayout(format: string, opts: { strict?: boolean } = {}): Layout {
  let pattern = "^";
  const setters: ((p: DateParts, s: string, ampm: { pm: boolean | null }) => void)[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < format.length) {
    const tok = TOKENS.find(([t]) => format.startsWith(t, i));
    if (tok) {
      pattern += opts.strict && PADDED.has(tok[0]) ? "(\\d{2})" : tok[1];
      setters.push(tok[2]);
      seen.add(tok[0]);
      i += tok[0].length;
    } else {
      pattern += format[i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s/, "\\s+");
      i++;
    }
  }
  const re = new RegExp(pattern + "$");
  const hasDate = ["YYYY", "YY"].some((t) => seen.has(t)) && ["MM", "M"].some((t) => seen.has(t)) && ["DD", "D"].some((t) => seen.has(t));
  const hasTime = ["HH", "H", "hh", "h"].some((t) => seen.has(t));
  const twelveHour = seen.has("hh") || seen.has("h");
  const hasYear = ["YYYY", "YY"].some((t) => seen.has(t));
  const hasMonth = ["MM", "M"].some((t) => seen.has(t));
  const partial = hasYear && !hasDate && !hasTime && !["DD", "D"].some((t) => seen.has(t)) ? (hasMonth ? "month" : "year") : null;
  if (twelveHour && !seen.has("A")) throw new Error(`"${format}": a 12-hour hour (hh or h) needs A for AM/PM; use HH for a 24-hour clock`);
  if (!hasDate && !hasTime && !partial) throw new Error(`"${format}" has neither a date (YYYY, MM, DD) nor a time (HH or hh, mm)`);
  const read: LayoutReader = (cell) => {
    const m = re.exec(cell);
    if (!m) return null;
    const p: DateParts = { year: null, month: null, day: null, hour: null, minute: null, second: null, offset: null };
    const ampm = { pm: null as boolean | null };
    for (let k = 0; k < setters.length; k++) setters[k](p, m[k + 1], ampm);
    if (p.hour !== null) {
      if (twelveHour) {
        if (p.hour < 1 || p.hour > 12) return null;
        p.hour = (p.hour % 12) + (ampm.pm ? 12 : 0);
      } else if (p.hour > 23) return null;
      if (p.minute === null) p.minute = 0;
    }
    if (p.minute !== null && p.minute > 59) return null;
    if (p.second !== null && p.second > 59) return null;
    if (hasDate && !isRealDate(p.year!, p.month!, p.day!)) return null;
    if (partial === "month" && (p.month! < 1 || p.month! > 12)) return null;
    return p;
  };
  return { read, hasDate, hasTime, twelveHour, partial };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local wall-clock parts, in timeZone, of a moment given as UTC parts minus an offset. */
export function toLocal(p: DateParts, timeZone: string): DateParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(timeZone, f);
  }
  const ms = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour ?? 0, p.minute ?? 0, p.second ?? 0) - (p.offset ?? 0) * 60_000;
  const parts: Record<string, string> = {};
  for (const x of f.formatToParts(new Date(ms))) parts[x.type] = x.value;
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, second: +parts.second, offset: null };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** YYYY-MM-DD of parts that have a date. */
export function isoDate(p: DateParts): string {
  return `${String(p.year).padStart(4, "0")}-${pad(p.month!)}-${pad(p.day!)}`;
}

/** YYYY or YYYY-MM of parts known only to the year or month. */
export function isoPartialDate(p: DateParts): string {
  return p.month === null ? String(p.year).padStart(4, "0") : `${String(p.year).padStart(4, "0")}-${pad(p.month)}`;
}

/** Whether a text is a date known only to the year (YYYY) or month (YYYY-MM). */
export function isPartialDate(v: string): boolean {
  return /^\d{4}$/.test(v) || (/^\d{4}-(\d{2})$/.test(v) && +v.slice(5) >= 1 && +v.slice(5) <= 12);
}

/** HH:MM of parts that have a time. */
export function isoTime(p: DateParts): string {
  return `${pad(p.hour!)}:${pad(p.minute ?? 0)}`;
}

/** Whether a time zone name is one this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
