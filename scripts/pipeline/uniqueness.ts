// Re-identification check: how many published subject records are the only one with their
// combination of quasi-identifiers (the incident's date and place, age band, sex, race or
// ethnicity), read from the published values, so the figure describes what readers can download.
import type { UniquenessCheck } from "../../src/lib/aggregates.ts";
import type { DepartmentConfig } from "../../src/lib/schema/config.ts";
import { listText } from "../../src/lib/methodology.ts";
import { publishDate, type PublishedData } from "./anonymize.ts";
import { RefColumn, type Column } from "./table.ts";

/** The check's result, and (for the department's report, not the site) the incidents concerned. */
export interface UniquenessResult {
  check: UniquenessCheck;
  /** Pseudonyms of the incidents with a unique subject, in table order. */
  incidents: string[];
}

/**
 * One code per distinct value of each row, the value first passed through key (such as a date
 * cut to the month): from the dictionary where the column has one (a mapped dictionary may hold
 * a value under several codes), else from the values.
 */
function codesOf(col: Column<unknown>, n: number, key: (v: unknown) => unknown = (v) => v): ArrayLike<number> {
  const seen = new Map<unknown, number>();
  const codeOf = (v: unknown) => {
    const k = v === null ? null : key(v);
    let code = seen.get(k);
    if (code === undefined) seen.set(k, (code = seen.size));
    return code;
  };
  const out = new Uint32Array(n);
  const c = col as { codes?: ArrayLike<number>; values?: readonly unknown[] };
  if (c.codes && c.values && c.codes.length >= n) {
    const canonical = c.values.map(codeOf);
    for (let i = 0; i < n; i++) out[i] = canonical[c.codes[i]];
  } else {
    for (let i = 0; i < n; i++) out[i] = codeOf(col.get(i));
  }
  return out;
}

/**
 * Counts, per subject, how many published subjects share its combination; returns the unique
 * ones. Each combination is one number (the parts' codes in mixed radix), counted in an
 * open-addressing table: a million subjects without a million key strings.
 */
function uniqueRows(parts: ArrayLike<number>[], n: number): Uint8Array {
  const radix = parts.map((p) => {
    let max = 0;
    for (let s = 0; s < n; s++) if (p[s] > max) max = p[s];
    return max + 1;
  });
  if (radix.reduce((a, b) => a * b, 1) > Number.MAX_SAFE_INTEGER) return uniqueRowsByText(parts, n);
  const keys = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let k = 0;
    for (let j = 0; j < parts.length; j++) k = k * radix[j] + parts[j][s];
    keys[s] = k;
  }
  // At most half full; a slot holds a key and its count, 1 or 2 (more than one).
  let bits = 1;
  while (1 << bits < 2 * n) bits++;
  const mask = (1 << bits) - 1;
  const slotKey = new Float64Array(mask + 1).fill(-1);
  const count = new Uint8Array(mask + 1);
  const slotOf = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const k = keys[s];
    // The key's high and low 32 bits mixed, then the product's top bits (Fibonacci hashing).
    const mixed = ((k % 4294967296) | 0) ^ Math.imul(Math.floor(k / 4294967296) | 0, 0x85ebca6b);
    let h = Math.imul(mixed, 0x9e3779b1) >>> (32 - bits);
    while (slotKey[h] !== -1 && slotKey[h] !== k) h = (h + 1) & mask;
    slotKey[h] = k;
    if (count[h] < 2) count[h]++;
    slotOf[s] = h;
  }
  const unique = new Uint8Array(n);
  for (let s = 0; s < n; s++) unique[s] = count[slotOf[s]] === 1 ? 1 : 0;
  return unique;
}

/** uniqueRows with text keys, for combinations too many to number exactly. */
function uniqueRowsByText(parts: ArrayLike<number>[], n: number): Uint8Array {
  const counts = new Map<string, number>();
  const keys = new Array<string>(n);
  for (let s = 0; s < n; s++) {
    let key = "";
    for (const p of parts) key += p[s] + ",";
    keys[s] = key;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const unique = new Uint8Array(n);
  for (let s = 0; s < n; s++) unique[s] = counts.get(keys[s]) === 1 ? 1 : 0;
  return unique;
}

/** Runs the check on the published tables. */
export function checkUniqueness(pub: PublishedData, config: DepartmentConfig): UniquenessResult {
  const I = pub.incidents.columns;
  const S = pub.subjects.columns;
  const n = pub.subjects.length;
  const nInc = pub.incidents.length;
  const refs = (S.incident as unknown as RefColumn).refs;
  // Each subject takes its incident's values; a subject whose incident is not published has none.
  const viaIncident = (col: Column<unknown>, key?: (v: unknown) => unknown): Uint32Array => {
    const codes = codesOf(col, nInc, key);
    const out = new Uint32Array(n);
    for (let s = 0; s < n; s++) out[s] = refs[s] >= 0 ? codes[refs[s]] + 1 : 0;
    return out;
  };
  const fields = [config.date_precision === "month" ? "incident month" : "incident date", "district"];
  const place = [viaIncident(I.district as Column<unknown>)];
  if (config.location_grain === "beat") {
    fields.push("beat");
    place.push(viaIncident(I.beat as Column<unknown>));
  }
  fields.push("age band", "sex", "race or ethnicity");
  const person = [S.age_band, S.sex, S.race_ethnicity].map((c) => codesOf(c as Column<unknown>, n));
  const date = I.date as Column<unknown>;
  const unique = uniqueRows([viaIncident(date), ...place, ...person], n);
  const uniqueIfMonth =
    config.date_precision === "day"
      ? uniqueRows([viaIncident(date, (d) => publishDate(d as string, "month")), ...place, ...person], n).reduce((a, b) => a + b, 0)
      : null;

  const flagged = new Uint8Array(nInc);
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (!unique[s]) continue;
    count++;
    if (refs[s] >= 0) flagged[refs[s]] = 1;
  }
  const incidents: string[] = [];
  for (let i = 0; i < nInc; i++) if (flagged[i]) incidents.push(I.incident.get(i));
  return {
    check: { fields, subjects: n, unique: count, incidents: incidents.length, unique_if_month: uniqueIfMonth },
    incidents,
  };
}

/** One line for the terminal and the report: the figure and, where it would help, the setting that lowers it. */
export function uniquenessLine(c: UniquenessCheck): string {
  const pct = (x: number) => (c.subjects === 0 ? "0%" : `${((x / c.subjects) * 100).toFixed(1)}%`);
  const fmt = (x: number) => x.toLocaleString("en-US");
  let line =
    `${fmt(c.unique)} of ${fmt(c.subjects)} subject records (${pct(c.unique)}) are the only one with their ${listText(c.fields)}` +
    ` (in ${fmt(c.incidents)} incidents)`;
  if (c.unique_if_month !== null && c.unique > 0) {
    line += `; with "date_precision": "month" in config.json it would be ${fmt(c.unique_if_month)} (${pct(c.unique_if_month)})`;
  }
  return line;
}
