// Part years: a year the records do not cover in full, at the start of the records (they begin
// in April) or at their end (an export taken in June). A part year is drawn and labelled as
// such and never compared with a full year.

/** A year the records cover only in part, from one month to another (YYYY-MM). */
export interface PartYear {
  year: number;
  /** First month covered, YYYY-MM (or the first day, YYYY-MM-DD, where the department states it). */
  from: string;
  /** Last month covered, YYYY-MM (or the last day, YYYY-MM-DD). */
  through: string;
  /** "January to June", "April to December", "15 April to 30 June". */
  label: string;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const monthOf = (d: string) => Number(d.slice(5, 7));
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** "January", or "15 April" where a day is given and it is not the month's first (from) or last (through) day. */
function endText(d: string, end: "from" | "through"): string {
  const m = monthOf(d);
  if (d.length < 10) return MONTHS[m - 1];
  const day = Number(d.slice(8, 10));
  const whole = end === "from" ? day === 1 : day === lastDayOf(Number(d.slice(0, 4)), m);
  return whole ? MONTHS[m - 1] : `${day} ${MONTHS[m - 1]}`;
}

/** "January to June"; "March" for one whole month. */
export function partLabel(from: string, through: string): string {
  const a = endText(from, "from"), b = endText(through, "through");
  // One whole month is named once ("March"), never "March to March".
  return a === b ? a : `${a} to ${b}`;
}

/** "Jan–Jun", for chart axes. */
export function shortPartLabel(p: Pick<PartYear, "from" | "through">): string {
  return `${SHORT[monthOf(p.from) - 1]}–${SHORT[monthOf(p.through) - 1]}`;
}

/** What the records say about where they begin and end. */
export interface PeriodInput {
  /** Years with records, in order. */
  years: number[];
  /** Incidents by year. */
  incidents: ReadonlyMap<number, number>;
  /** config.json's data_from and data_through (YYYY-MM-DD), where given. */
  dataFrom?: string;
  dataThrough?: string;
  /** First and last month of the calls for service (YYYY-MM), where supplied. */
  firstCallsMonth?: string;
  lastCallsMonth?: string;
  /**
   * First and last incident's date as recorded (YYYY-MM-DD, or YYYY-MM where only the month is
   * known), before disclosure control; dates known only to the year are left out of both.
   */
  firstIncident: string;
  lastIncident: string;
  /** Incidents by year whose date the department recorded only to the year. */
  coarse?: ReadonlyMap<number, number>;
  /** Periods inside the records that they do not cover (config.json not_covered), YYYY-MM-DD. */
  gaps?: readonly { from: string; through: string }[];
}

/** The months (1 to 12) of a year that a period from..through (YYYY-MM-DD) touches. */
function monthsIn(year: number, from: string, through: string): number[] {
  const out: number[] = [];
  for (let m = 1; m <= 12; m++) {
    const start = `${year}-${String(m).padStart(2, "0")}-01`;
    const end = `${year}-${String(m).padStart(2, "0")}-${String(lastDayOf(year, m)).padStart(2, "0")}`;
    if (from <= end && through >= start) out.push(m);
  }
  return out;
}

/** "January to March", "March": whole months of one year, as a label. */
const monthsLabel = (y: number, a: number, b: number) => partLabel(`${y}-${String(a).padStart(2, "0")}`, `${y}-${String(b).padStart(2, "0")}`);

/**
 * The part years at the start and end of the records. Where config.json states the dates,
 * they decide. Otherwise the calls for service's months do. Without those, the first or last
 * incident does, when so many incidents would be expected in the months before (or after) it
 * that none is implausible (a small department may have had no incident in January by chance).
 */
export function partYears(p: PeriodInput): PartYear[] {
  if (p.years.length === 0) return [];
  const first = p.years[0], last = p.years.at(-1)!;
  const perMonth = (y: number) => (p.incidents.get(y) ?? 0) / 12;
  let from: string | null = null;
  let through: string | null = null;
  // A year with incidents dated only to the year is a year of records whose days are not known:
  // its dated incidents cannot show that it began late or ended early.
  const undated = (y: number) => (p.coarse?.get(y) ?? 0) > 0;
  if (p.dataFrom) {
    if (Number(p.dataFrom.slice(0, 4)) === first && p.dataFrom.slice(5) !== "01-01") from = p.dataFrom;
  } else if (p.firstCallsMonth) {
    // The records begin with the earlier of the first month of calls and the first incident.
    const inc = p.firstIncident.slice(0, 7);
    const begin = inc === "" || p.firstCallsMonth < inc ? p.firstCallsMonth : inc;
    if (Number(begin.slice(0, 4)) === first && monthOf(begin) > 1) from = begin;
  } else if (Number(p.firstIncident.slice(0, 4)) === first && !undated(first) && monthOf(p.firstIncident) > 1) {
    const m = monthOf(p.firstIncident);
    // The rate expected: the next full year's, else this year's own over the months it covers.
    const rate = p.years.length > 1 ? perMonth(first + 1) : (p.incidents.get(first) ?? 0) / (13 - m);
    if (rate * (m - 1) >= 3) from = p.firstIncident.slice(0, 7);
  }
  if (p.dataThrough) {
    const y = Number(p.dataThrough.slice(0, 4));
    if (y === last && p.dataThrough.slice(5) !== "12-31") through = p.dataThrough;
  } else if (p.lastCallsMonth) {
    // The records end with the later of the last month of calls and the last incident.
    const end = p.lastCallsMonth > p.lastIncident.slice(0, 7) ? p.lastCallsMonth : p.lastIncident.slice(0, 7);
    if (Number(end.slice(0, 4)) === last && monthOf(end) < 12) through = end;
  } else if (Number(p.lastIncident.slice(0, 4)) === last && !undated(last) && monthOf(p.lastIncident) < 12) {
    const m = monthOf(p.lastIncident);
    const rate = p.years.length > 1 && p.incidents.get(last - 1) ? perMonth(last - 1) : (p.incidents.get(last) ?? 0) / m;
    if (rate * (12 - m) >= 3) through = p.lastIncident.slice(0, 7);
  }
  const out: PartYear[] = [];
  if (first === last) {
    if (from || through) {
      const f = from ?? `${first}-01`, t = through ?? `${last}-12`;
      out.push({ year: first, from: f, through: t, label: partLabel(f, t) });
    }
  } else {
    if (from) out.push({ year: first, from, through: `${first}-12`, label: partLabel(from, `${first}-12`) });
    if (through) out.push({ year: last, from: `${last}-01`, through, label: partLabel(`${last}-01`, through) });
  }
  return withGaps(out, p.years, p.gaps ?? []);
}

/**
 * The part years once the periods the records do not cover are taken out: a year with a gap is a
 * part year, labelled by the months it covers ("April to December"), or, where the gap falls
 * inside them, by what it lacks ("January to December, without May to June").
 */
function withGaps(parts: PartYear[], years: readonly number[], gaps: readonly { from: string; through: string }[]): PartYear[] {
  if (gaps.length === 0) return parts;
  const out: PartYear[] = [];
  for (const y of years) {
    const part = parts.find((x) => x.year === y);
    const missing = new Set(gaps.flatMap((g) => monthsIn(y, g.from, g.through)));
    if (missing.size === 0) {
      if (part) out.push(part);
      continue;
    }
    // The months covered: those of the part year's own span (or the whole year), less the gaps.
    const lo = part ? monthOf(part.from) : 1, hi = part ? monthOf(part.through) : 12;
    const covered = Array.from({ length: hi - lo + 1 }, (_, k) => lo + k).filter((m) => !missing.has(m));
    if (covered.length === 0) continue;
    const a = covered[0], b = covered.at(-1)!;
    const pad = (m: number) => `${y}-${String(m).padStart(2, "0")}`;
    const inner = [...missing].filter((m) => m > a && m < b).sort((x, z) => x - z);
    const label = inner.length ? `${monthsLabel(y, a, b)}, without ${monthsLabel(y, inner[0], inner.at(-1)!)}` : monthsLabel(y, a, b);
    out.push({ year: y, from: part && monthOf(part.from) === a ? part.from : pad(a), through: part && monthOf(part.through) === b ? part.through : pad(b), label });
  }
  return out;
}

/** The part year of a year, if it is one. */
export function partOf(parts: readonly PartYear[] | undefined, year: number): PartYear | undefined {
  return parts?.find((p) => p.year === year);
}

/** Whether two years can be compared: both full years. */
export function comparable(parts: readonly PartYear[] | undefined, a: number, b: number): boolean {
  return !partOf(parts, a) && !partOf(parts, b);
}
