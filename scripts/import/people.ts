// People across rows, and rows that repeat: exact duplicate rows of a source are found by a
// fingerprint of their cells; people (subjects) are told apart by key columns, by position, or by
// matching their attributes; and the import counts them each way so the report can show what
// the choice changes.
import { StringIndex } from "../pipeline/strings.ts";
import type { Evaluated } from "./fields.ts";

/**
 * Rows already seen in a source, as 64-bit fingerprints of their cells (two 32-bit hashes, so
 * that a million rows are told apart with a chance of a false match below one in ten million),
 * each with two numbers kept for it: the row's incident record and how many people it named.
 */
export class RowPrints {
  private h1 = new Int32Array(2048);
  private h2 = new Int32Array(2048);
  private used = new Uint8Array(2048);
  private incident = new Int32Array(2048);
  private persons = new Int32Array(2048);
  private size = 0;
  private last1 = 0;
  private last2 = 0;

  private static hash(row: readonly string[]): [number, number] {
    let a = 0x811c9dc5;
    let b = 0x9747b28c ^ row.length;
    for (const cell of row) {
      for (let i = 0; i < cell.length; i++) {
        const c = cell.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 15;
      }
      // A separator no cell can hold ends each cell, so that ["ab", "c"] is not ["a", "bc"].
      a = Math.imul(a ^ 0x1ffff, 0x01000193);
      b = Math.imul(b ^ 0x1ffff, 0x5bd1e995);
      b ^= b >>> 13;
    }
    return [a | 0, b | 0];
  }

  private find(a: number, b: number): number {
    const mask = this.used.length - 1;
    let at = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    while (this.used[at] && (this.h1[at] !== a || this.h2[at] !== b)) at = (at + 1) & mask;
    return at;
  }

  /** The slot of an earlier equal row (-1: none); remembers this row's fingerprint for add(). */
  seen(row: readonly string[]): number {
    [this.last1, this.last2] = RowPrints.hash(row);
    const at = this.find(this.last1, this.last2);
    return this.used[at] ? at : -1;
  }

  incidentOf(at: number): number {
    return this.incident[at];
  }

  personsOf(at: number): number {
    return this.persons[at];
  }

  /** Adds the row last passed to seen(). */
  add(incident: number, persons: number): void {
    // At most three quarters full.
    if ((this.size + 1) * 4 > this.used.length * 3) this.grow();
    const at = this.find(this.last1, this.last2);
    if (this.used[at]) return;
    this.used[at] = 1;
    this.h1[at] = this.last1;
    this.h2[at] = this.last2;
    this.incident[at] = incident;
    this.persons[at] = persons;
    this.size++;
  }

  private grow(): void {
    const old = { h1: this.h1, h2: this.h2, used: this.used, incident: this.incident, persons: this.persons };
    const n = old.used.length * 2;
    this.h1 = new Int32Array(n);
    this.h2 = new Int32Array(n);
    this.used = new Uint8Array(n);
    this.incident = new Int32Array(n);
    this.persons = new Int32Array(n);
    for (let k = 0; k < old.used.length; k++) {
      if (!old.used[k]) continue;
      const at = this.find(old.h1[k], old.h2[k]);
      this.used[at] = 1;
      this.h1[at] = old.h1[k];
      this.h2[at] = old.h2[k];
      this.incident[at] = old.incident[k];
      this.persons[at] = old.persons[k];
    }
  }
}

/** Separates the attributes of a person in a key (a character no canonical value holds). */
const UNIT = "\u001f";

/**
 * The people one row names, as attribute keys: the values of the attribute readers (indexes
 * into evals), one key per person; "" for a person with no attribute at all. With byPosition
 * the readers hold lists, item p being person p. Two people of one row with equal attributes
 * stay two: the second is numbered #2, and matches the second such person of another row.
 */
export function personKeys(evals: readonly Evaluated[], attrs: readonly number[], byPosition: boolean, persons = 1): string[] {
  if (!byPosition) {
    // One person a row (the common case, kept cheap).
    let key = "";
    let any = false;
    for (let i = 0; i < attrs.length; i++) {
      const vs = evals[attrs[i]].values;
      const v = vs.length === 1 ? vs[0] : vs.join("|");
      if (v !== "") any = true;
      key = i === 0 ? v : key + UNIT + v;
    }
    return [any ? key : ""];
  }
  const n = byPosition ? Math.max(persons, 1, ...attrs.map((k) => evals[k].values.length)) : 1;
  const keys: string[] = [];
  const times = new Map<string, number>();
  for (let p = 0; p < n; p++) {
    const parts = attrs.map((k) => (byPosition ? evals[k].values[p] : evals[k].values.join("|")) ?? "");
    if (parts.every((x) => x === "")) {
      keys.push("");
      continue;
    }
    const base = parts.join(UNIT);
    const t = (times.get(base) ?? 0) + 1;
    times.set(base, t);
    keys.push(t === 1 ? base : `${base}#${t}`);
  }
  return keys;
}

function grown(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need < a.length) return a;
  const b = new Int32Array(Math.max(need + 1, a.length * 2));
  b.set(a);
  return b;
}

/** Subjects (or officers) counted each way, for the report. */
export interface PeopleCounts {
  /** How the mapping tells them apart, in words. */
  mode: string;
  /** Records built as mapped. */
  asMapped: number;
  /** One per row (per listed person, for lists), duplicate rows dropped. */
  perRow: number;
  /** The same with duplicate rows kept. */
  perRowWithDuplicates: number;
  /** Matched by attributes within each incident (null where no attribute field is mapped). */
  byAttributes: number | null;
  /** The fields matched on. */
  attributes: string[];
  /** One per incident. */
  perIncident: number;
}

/** Counts people of each incident each way while the rows stream, then sums them over the incidents kept. */
export class PeopleTally {
  private perRow: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private dup: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private readonly matched = new StringIndex();
  private matchedIncident: Int32Array<ArrayBuffer> = new Int32Array(1024);
  attributes: string[] = [];

  /** A used row of an incident named these people (attribute keys; "" for none known). */
  row(incident: number, persons: number, keys: readonly string[] | null): void {
    this.perRow = grown(this.perRow, incident);
    this.perRow[incident] += persons;
    if (!keys) return;
    for (const k of keys) {
      const n = this.matched.size;
      const i = this.matched.add(`${incident}${UNIT}${UNIT}${k}`);
      if (i === n) {
        this.matchedIncident = grown(this.matchedIncident, i);
        this.matchedIncident[i] = incident;
      }
    }
  }

  /** A duplicate row of an incident, which would have named this many people. */
  duplicate(incident: number, persons: number): void {
    this.dup = grown(this.dup, incident);
    this.dup[incident] += persons;
  }

  counts(mode: string, asMapped: number, incidents: number, alive: (incident: number) => boolean): PeopleCounts {
    let perRow = 0;
    let dup = 0;
    for (let i = 0; i < this.perRow.length; i++) if (this.perRow[i] && alive(i)) perRow += this.perRow[i];
    for (let i = 0; i < this.dup.length; i++) if (this.dup[i] && alive(i)) dup += this.dup[i];
    let byAttributes: number | null = null;
    if (this.attributes.length) {
      byAttributes = 0;
      for (let i = 0; i < this.matched.size; i++) if (alive(this.matchedIncident[i])) byAttributes++;
    }
    return { mode, asMapped, perRow, perRowWithDuplicates: perRow + dup, byAttributes, attributes: this.attributes, perIncident: incidents };
  }
}

const n = (x: number) => x.toLocaleString("en-US");

/** The report section: subjects and officers counted each way. */
export function peopleReportLines(people: { subjects: PeopleCounts; officers: PeopleCounts | null }): string[] {
  const L = ["", "## People counted each way", "", "How many subjects (and officers) the same rows make, depending on how rows are told apart. The mapping's `keys` choose; the others are shown for comparison."];
  const section = (name: string, c: PeopleCounts) => {
    L.push("", `| ${name} told apart | ${name} |`, "|---|---:|");
    L.push(`| **as mapped: ${c.mode}** | ${n(c.asMapped)} |`);
    L.push(`| one per row, duplicate rows dropped${name === "subjects" ? " (one per listed person where fields hold lists)" : ""} | ${n(c.perRow)} |`);
    if (c.perRowWithDuplicates !== c.perRow) L.push(`| one per row, duplicate rows kept | ${n(c.perRowWithDuplicates)} |`);
    if (c.byAttributes !== null) L.push(`| matched within each incident on ${c.attributes.join(", ")} | ${n(c.byAttributes)} |`);
    L.push(`| one per incident | ${n(c.perIncident)} |`);
  };
  section("subjects", people.subjects);
  if (people.officers) section("officers", people.officers);
  return L;
}

/** How a key spec reads, in words. */
export function keyMode(key: unknown): string {
  if (typeof key === "string") return key.replace("_", " ");
  const k = key as { columns?: string[]; match?: string[]; by_position?: boolean };
  if (k.columns) return `key column${k.columns.length > 1 ? "s" : ""} ${k.columns.map((c) => `"${c}"`).join(", ")}`;
  return `matched on ${k.match!.join(", ")}${k.by_position ? " (by position)" : ""}`;
}
