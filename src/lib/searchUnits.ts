// Search units: how incidents go into the search index. Pagefind's index grows by about 20 bytes
// per indexed page in what every search fetches (its page list and one list per filter), which
// for 100k incidents indexed one by one came to 2.7 MB. So incidents are indexed in units of up
// to UNIT_MAX incidents that share year, district and call type, each incident a heading with an
// id, and a small file of our own (IncidentIndexFile) says for each unit where each incident's
// words start and the values of the filters that differ inside it. The search page maps the
// word positions Pagefind returns to incidents with it, and counts filter values itself, exactly.
// Pure functions; scripts/search.ts writes, public/search.js reads.
import type { IncidentRecord } from "./aggregates.ts";
import { FILTER, INCIDENT_TYPE, incidentFilters, incidentPath, incidentSearchParts, type IncidentPageMode } from "./incidents.ts";

/** Most incidents in one search unit: a result fetches its unit's text whole (about 4 KB gzipped). */
export const UNIT_MAX = 50;

/** The file, in the first search bundle (/pagefind/), that describes the incidents of the units. */
export const INCIDENT_INDEX_FILE = "incidents.json";

/** Filters the same for every incident of a unit, in this order, when the department reports them. */
export const UNIT_FILTERS: readonly string[] = [FILTER.year, FILTER.district, FILTER.callType];

/** The 64 characters of the unit file's numbers (see encodeNumbers). */
export const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/**
 * Whole numbers >= 0 as text: each in base 32, most significant digit first, every digit but the
 * last shifted up by 32 (so a number under 32 is one character). public/search.js decodes it.
 */
export function encodeNumbers(numbers: readonly number[]): string {
  let out = "";
  for (let x of numbers) {
    if (!Number.isSafeInteger(x) || x < 0) throw new Error(`encodeNumbers: ${x} is not a whole number >= 0`);
    let s = DIGITS[x % 32];
    x = Math.floor(x / 32);
    while (x > 0) {
      s = DIGITS[32 + (x % 32)] + s;
      x = Math.floor(x / 32);
    }
    out += s;
  }
  return out;
}

/** A whole number as one >= 0 (0, -1, 1, -2 ... as 0, 1, 2, 3 ...), for encodeNumbers. */
export function zigzag(x: number): number {
  return x < 0 ? -2 * x - 1 : 2 * x;
}

/**
 * What public/search.js reads (JSON). Filter codes are positions in `values`. Units are given
 * column by column (gzip packs each kind better on its own): unit n is Pagefind page hash[n],
 * codes[n] of the unit filters, and two texts written with encodeNumbers: incidents[n], one number
 * per incident, the position in `combos` of its codes of the other filters; starts[n], where each
 * incident's heading starts in the unit, in words: with a_k = start_k - start_k-1 (start_-1 = 0),
 * the numbers zigzag(a_k - a_k-1) (a_-1 = 0). A unit's incidents are sorted by length, so these
 * differences are small, and combos are numbered by how often they occur, so the common ones
 * take one character.
 */
export interface IncidentIndexFile {
  version: 1;
  /** The name of the filter by type of page, and its value for every incident ("type", "Incident"). */
  typeFilter: string;
  incidentType: string;
  /** The other incident filters, unit filters first. */
  filters: string[];
  /** Each filter's values, sorted. */
  values: string[][];
  /** How many filters, the first ones, are the same for all incidents of a unit. */
  unitFilters: number;
  /** The combinations of codes of the other filters that occur, the most frequent first. */
  combos: number[][];
  /** Indexed pages that are not incidents and have a type (policy sections): Pagefind page hash -> type. */
  pages: Record<string, string>;
  units: { hash: string[]; codes: number[][]; incidents: string[]; starts: string[] };
}

/** One search unit before it is indexed: its incidents in their order in the unit. */
export interface PlannedUnit {
  unitCodes: number[];
  incidents: IncidentRecord[];
  /** Per incident, the codes of the filters after the unit filters. */
  codes: number[][];
}

/** The filters and their values over all incidents: what the codes refer to. */
export interface UnitDictionary {
  filters: string[];
  values: string[][];
  unitFilters: number;
}

/** The incident filters (without "type") of a record, as incidentFilters gives them. */
function filterValues(rec: IncidentRecord, notReported?: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(incidentFilters(rec, notReported))) if (k !== FILTER.type) out[k] = v[0];
  return out;
}

/** The filters present (site order, unit filters first) and each one's sorted values, over all incidents. */
export function unitDictionary(records: Iterable<IncidentRecord>, notReported?: ReadonlySet<string>): UnitDictionary {
  const seen = new Map<string, Set<string>>();
  for (const rec of records) {
    for (const [k, v] of Object.entries(filterValues(rec, notReported))) {
      let set = seen.get(k);
      if (!set) seen.set(k, (set = new Set()));
      set.add(v);
    }
  }
  const order = Object.values(FILTER).filter((f) => f !== FILTER.type && seen.has(f));
  const unitFirst = [...order.filter((f) => UNIT_FILTERS.includes(f)), ...order.filter((f) => !UNIT_FILTERS.includes(f))];
  return {
    filters: unitFirst,
    values: unitFirst.map((f) => [...seen.get(f)!].sort((a, b) => a.localeCompare(b, "en", { numeric: true }))),
    unitFilters: unitFirst.filter((f) => UNIT_FILTERS.includes(f)).length,
  };
}

/** Words of the text Pagefind indexes for an incident (its heading and its text): the order key for lengths. */
function wordCount(rec: IncidentRecord): number {
  const { heading, body } = incidentSearchParts(rec);
  return `${heading} ${body}`.split(/\s+/).filter(Boolean).length;
}

/**
 * Groups incidents into units: incidents with the same unit-filter values (newest year first),
 * cut into equal runs of at most `max`; inside a unit, sorted by length in words and then by the
 * other filters' codes (stable, so equal incidents keep their order).
 */
export function planUnits(records: readonly IncidentRecord[], dict: UnitDictionary, notReported?: ReadonlySet<string>, max = UNIT_MAX): PlannedUnit[] {
  if (!(max >= 1)) throw new Error(`unit size must be at least 1, got ${max}`);
  const index = dict.values.map((vs) => new Map(vs.map((v, i) => [v, i])));
  const cells = new Map<string, { unitCodes: number[]; items: { rec: IncidentRecord; codes: number[]; words: number }[] }>();
  for (const rec of records) {
    const fv = filterValues(rec, notReported);
    const all = dict.filters.map((f, i) => {
      const code = index[i].get(fv[f]);
      if (code === undefined) throw new Error(`search units: value ${JSON.stringify(fv[f])} of filter "${f}" is not in the dictionary`);
      return code;
    });
    const unitCodes = all.slice(0, dict.unitFilters);
    const key = unitCodes.join(",");
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { unitCodes, items: [] }));
    cell.items.push({ rec, codes: all.slice(dict.unitFilters), words: wordCount(rec) });
  }
  // Newest year first (years sort as numbers in the dictionary), then the other unit codes.
  const yearAt = dict.filters.indexOf(FILTER.year);
  const keys = [...cells.values()].sort((a, b) => {
    if (yearAt >= 0 && yearAt < dict.unitFilters && a.unitCodes[yearAt] !== b.unitCodes[yearAt]) return b.unitCodes[yearAt] - a.unitCodes[yearAt];
    return compareCodes(a.unitCodes, b.unitCodes);
  });
  const out: PlannedUnit[] = [];
  for (const cell of keys) {
    const n = cell.items.length;
    const parts = Math.ceil(n / max);
    for (let p = 0; p < parts; p++) {
      const items = cell.items.slice(Math.floor((p * n) / parts), Math.floor(((p + 1) * n) / parts));
      items.sort((a, b) => {
        return a.words - b.words || compareCodes(a.codes, b.codes);
      });
      out.push({ unitCodes: cell.unitCodes, incidents: items.map((x) => x.rec), codes: items.map((x) => x.codes) });
    }
  }
  return out;
}

/** The address Pagefind keeps for unit n (never shown or linked: results link to each incident). */
export function unitUrl(n: number, salt = 0): string {
  return `/incidents/#search-unit-${n}${salt ? `-${salt}` : ""}`;
}

/** Unit n from its Pagefind address, or null for any other page. */
export function unitOfUrl(url: string): number | null {
  const m = /#search-unit-(\d+)(?:-\d+)?$/.exec(url);
  return m ? Number(m[1]) : null;
}

/**
 * The HTML Pagefind indexes for a unit: each incident a heading whose id is the incident's address
 * under the site (so a result links to it), then its text. Department text is escaped.
 */
export function unitHtml(unit: PlannedUnit, mode: IncidentPageMode, escape: (s: string) => string): string {
  const body = unit.incidents
    .map((rec) => {
      const { heading, body } = incidentSearchParts(rec);
      const id = incidentPath(rec, mode).replace(/^\//, "");
      return `<h2 id="${escape(id).replace(/"/g, "&quot;")}">${escape(heading)}</h2><p>${escape(body)}</p>`;
    })
    .join("");
  return `<!doctype html><html lang="en"><head><title>Incidents</title></head><body><main data-pagefind-body>${body}</main></body></html>`;
}

/** What Pagefind wrote for a unit: its page hash, and where each incident's heading starts, in words. */
export interface IndexedUnit {
  hash: string;
  starts: number[];
}

/** The file the search page reads, from the planned units and what Pagefind wrote for each. */
export function incidentIndexFile(dict: UnitDictionary, units: readonly PlannedUnit[], indexed: readonly IndexedUnit[], pages: Record<string, string>): IncidentIndexFile {
  if (units.length !== indexed.length) throw new Error(`search units: ${units.length} planned, ${indexed.length} indexed`);
  // Combinations numbered by frequency, ties by their codes, so the file is the same for the same input.
  const freq = new Map<string, { codes: number[]; n: number }>();
  for (const u of units) {
    for (const codes of u.codes) {
      const key = codes.join(",");
      const f = freq.get(key);
      if (f) f.n++;
      else freq.set(key, { codes, n: 1 });
    }
  }
  const combos = [...freq.values()].sort((a, b) => b.n - a.n || compareCodes(a.codes, b.codes)).map((f) => f.codes);
  const rank = new Map(combos.map((c, i) => [c.join(","), i]));
  return {
    version: 1,
    typeFilter: FILTER.type,
    incidentType: INCIDENT_TYPE,
    filters: dict.filters,
    values: dict.values,
    unitFilters: dict.unitFilters,
    combos,
    pages,
    units: {
      hash: indexed.map((x) => x.hash),
      codes: units.map((u) => u.unitCodes),
      incidents: units.map((u) => encodeNumbers(u.codes.map((c) => rank.get(c.join(","))!))),
      starts: indexed.map(({ starts }, n) => {
        if (starts.length !== units[n].incidents.length) throw new Error(`search unit ${n}: ${units[n].incidents.length} incidents but ${starts.length} headings indexed`);
        const steps = starts.map((s, k) => s - (k ? starts[k - 1] : 0));
        return encodeNumbers(steps.map((a, k) => zigzag(a - (k ? steps[k - 1] : 0))));
      }),
    },
  };
}

function compareCodes(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
