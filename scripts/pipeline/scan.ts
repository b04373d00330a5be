// Identifier scan: reads every published free-text cell for names, phone numbers, addresses
// and other identifiers; a hit is a problem that stops the run, naming the row.
import { fieldsOf, type TableName } from "../../src/lib/schema/tables.ts";
import { metaOf } from "../../src/lib/schema/fields.ts";
import type { Problem } from "./problems.ts";
import { StringIndex } from "./strings.ts";
import { DictColumn, type Column } from "./table.ts";
import type { CanonicalData, IdentifierValues, Origins } from "./validate.ts";

// Words that some patterns need (in lower case), found together in one pass over the text:
// a bit each for the pre-tests below.
const AT = 1;
const BLOCK = 2;
const BADGE = 4;
const PLATE = 8;
const BIRTH = 16;
const KEYWORDS = /@|block|badge|employee|serial|payroll|plate|tag|dob|d\.o\.b|birth/g;
const KEYWORD_BIT: Record<string, number> = {
  "@": AT, block: BLOCK, badge: BADGE, employee: BADGE, serial: BADGE, payroll: BADGE, plate: PLATE, tag: PLATE, dob: BIRTH, "d.o.b": BIRTH, birth: BIRTH,
};

/** Which of the keywords lower-case text holds, as bits. */
function keywordsOf(lower: string): number {
  let bits = 0;
  KEYWORDS.lastIndex = 0;
  for (let m = KEYWORDS.exec(lower); m !== null; m = KEYWORDS.exec(lower)) {
    bits |= KEYWORD_BIT[m[0]];
    // One character on, not past the match: keywords may overlap ("dob" and "block" in "doblock").
    KEYWORDS.lastIndex = m.index + 1;
  }
  return bits;
}

/**
 * Patterns of identifiers that must never be published, with what each is and a cheap pre-test
 * (on the count of digits and the keywords of the text: see keywordsOf).
 */
export const IDENTIFIER_PATTERNS: readonly { what: string; re: RegExp; maybe: (digits: number, keywords: number) => boolean }[] = [
  { what: "a phone number", re: /(?<![\d-])(?:\(\d{3}\)\s?|\d{3}[-.\s])\d{3}[-.\s]\d{4}(?![\d-])/, maybe: (d) => d >= 10 },
  { what: "an e-mail address", re: /[\w.+-]+@[\w-]+\.[a-z]{2,}/i, maybe: (_d, k) => (k & AT) !== 0 },
  { what: "a social security number", re: /(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/, maybe: (d) => d >= 9 },
  { what: "a hundred-block address", re: /\b\d{2,6}\s+block\s+of\b/i, maybe: (d, k) => d >= 2 && (k & BLOCK) !== 0 },
  {
    what: "a street address",
    re: /\b\d{1,6}\s+(?:[nsew]\.?\s+)?(?:[a-z0-9][\w'-]*\s+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|parkway|pkwy|highway|hwy|terrace|circle|way|place|pl)\b/i,
    maybe: (d) => d >= 1,
  },
  { what: "a badge or employee number", re: /\b(?:badge|employee|serial|payroll)\s*(?:#|no\.?|number)?\s*:?\s*[a-z]?\d{2,}/i, maybe: (d, k) => d >= 2 && (k & BADGE) !== 0 },
  { what: "a vehicle plate", re: /\b(?:plate|tag)\s*(?:#|no\.?|number)\s*:?\s*[a-z0-9]{4,8}\b/i, maybe: (_d, k) => (k & PLATE) !== 0 },
  { what: "a date of birth", re: /\b(?:dob|d\.o\.b\.|date of birth)\b/i, maybe: (_d, k) => (k & BIRTH) !== 0 },
  {
    what: "a name after a title",
    re: /\b(?:Officer|Ofc|Sgt|Sergeant|Lt|Lieutenant|Cpl|Corporal|Detective|Det|Deputy|Captain|Capt|Mr|Mrs|Ms|Miss)\.?\s+[A-Z][a-z]{2,}/,
    maybe: () => true,
  },
];

/** Whether a character code is one of [a-z0-9'-], the characters of a digit token. */
function isTokenChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 39 || c === 45;
}

// Where the digit tokens of the last text read by readDigits start and end.
let tokenBounds = new Int32Array(256);
let tokenCount = 0;

const DIGIT = /[0-9]/g;

/**
 * Counts the ASCII digits of lower-case text and finds its digit tokens: the matches of
 * /[a-z0-9'-]*\d[a-z0-9'-]*\/g, which are the maximal runs of [a-z0-9'-] with a digit in them
 * (into tokenBounds, tokenCount). Each digit is found by a regular expression (native, fast at
 * skipping text) and its run is read around it; every digit is in one such run.
 */
function readDigits(lower: string): number {
  let digits = 0;
  tokenCount = 0;
  DIGIT.lastIndex = 0;
  for (let m = DIGIT.exec(lower); m !== null; m = DIGIT.exec(lower)) {
    let start = m.index;
    while (start > 0 && isTokenChar(lower.charCodeAt(start - 1))) start--;
    let end = m.index + 1;
    while (end < lower.length && isTokenChar(lower.charCodeAt(end))) end++;
    for (let i = m.index; i < end; i++) {
      const c = lower.charCodeAt(i);
      if (c <= 57 && c >= 48) digits++;
    }
    if (2 * tokenCount + 2 > tokenBounds.length) {
      const b = new Int32Array(tokenBounds.length * 2);
      b.set(tokenBounds);
      tokenBounds = b;
    }
    tokenBounds[2 * tokenCount] = start;
    tokenBounds[2 * tokenCount + 1] = end;
    tokenCount++;
    DIGIT.lastIndex = end;
  }
  return digits;
}

function lookup(known: KnownIdentifiers, lower: string, token: string): string | null {
  const k = known.firstTokens.indexOf(token);
  if (k < 0) return null;
  for (let v = known.firstValue[k]; v >= 0; v = known.nextValue[v]) {
    const c = known.values.key(v);
    if (lower.includes(c)) return c;
  }
  return null;
}

/** Looks for identifiers in text; returns what was found, or null. */
export function findIdentifier(text: string, known: KnownIdentifiers): { what: string; match: string } | null {
  const lower = text.toLowerCase();
  // Digits are counted in the lower-case copy (the same digits): a flat string, read faster than a slice.
  const digits = readDigits(lower);
  const keywords = keywordsOf(lower);
  for (const { what, re, maybe } of IDENTIFIER_PATTERNS) {
    if (!maybe(digits, keywords)) continue;
    const m = re.exec(text);
    if (m) return { what, match: m[0] };
  }
  if (known.size === 0) return null;
  // Values that start with a digit (case numbers, addresses) can only start at a token with a digit.
  if (digits > 0 && known.digitFirst)
    for (let t = 0; t < tokenCount; t++) {
      const c = lookup(known, lower, lower.slice(tokenBounds[2 * t], tokenBounds[2 * t + 1]));
      if (c) return { what: "a value from an identifier column", match: c };
    }
  if (known.alphaFirst)
    for (const token of lower.split(TOKEN)) {
      if (token.length < 2) continue;
      const c = lookup(known, lower, token);
      if (c) return { what: "a value from an identifier column", match: c };
    }
  if (known.nameTokens.size > 0)
    for (const token of text.split(TOKEN)) {
      if (known.nameTokens.has(token)) return { what: "a name from an identifier column", match: token };
    }
  return null;
}

const TOKEN = /[^\p{L}\p{N}'-]+/u;

/** Values of identifier columns, indexed for fast lookup in free text. */
export interface KnownIdentifiers {
  size: number;
  /** The values, in lower case. */
  values: StringIndex;
  /** The first tokens of the values; the values that start with token k, in order, as a linked list. */
  firstTokens: StringIndex;
  firstValue: Int32Array;
  nextValue: Int32Array;
  /** Whether some values start with a token holding a digit, and some with one that has none. */
  digitFirst: boolean;
  alphaFirst: boolean;
  /** Capitalised words of at least four letters from name columns (name parts). */
  nameTokens: Set<string>;
}

/**
 * Builds the index of identifier values one value at a time, in indexIdentifiers' order: all
 * other identifiers, then names. Values found so far can be indexed while more are still being
 * read (see addOthers).
 */
export class IdentifierIndexer {
  private readonly seen = new StringIndex();
  private readonly firstTokens = new StringIndex();
  private firstValue: Int32Array = new Int32Array(64);
  private lastValue: Int32Array = new Int32Array(64);
  private nextValue: Int32Array = new Int32Array(64);
  private readonly nameTokens = new Set<string>();
  private digitFirst = false;
  private alphaFirst = false;
  /** How many values of the list given to addOthers are indexed. */
  private othersDone = 0;

  private add(v: string): void {
    const lower = v.toLowerCase().trim();
    if (lower.length < 4) return;
    const n = this.seen.size;
    if (this.seen.add(lower) !== n) return;
    this.nextValue = grow(this.nextValue, n);
    this.nextValue[n] = -1;
    const first = firstToken(lower);
    if (!first) return;
    if (/\d/.test(first)) this.digitFirst = true;
    else this.alphaFirst = true;
    const before = this.firstTokens.size;
    const k = this.firstTokens.add(first);
    this.firstValue = grow(this.firstValue, k);
    this.lastValue = grow(this.lastValue, k);
    if (k === before) this.firstValue[k] = n;
    else this.nextValue[this.lastValue[k]] = n;
    this.lastValue[k] = n;
  }

  /** Indexes the other identifiers of the list not indexed yet (the list may grow between calls). */
  addOthers(others: StringIndex): void {
    for (; this.othersDone < others.size; this.othersDone++) this.add(others.key(this.othersDone));
  }

  /** Indexes the rest of the other identifiers, then the names; returns the index. */
  finish(others: StringIndex | null, names: readonly string[]): KnownIdentifiers {
    if (others) this.addOthers(others);
    for (const v of names) {
      this.add(v);
      // Parts of names only: words of addresses ("Park", "Hospital") would flag ordinary text.
      for (const t of v.split(TOKEN)) if (/^\p{Lu}\p{Ll}{3,}$/u.test(t)) this.nameTokens.add(t);
    }
    this.seen.freeze();
    const { seen, firstTokens, firstValue, nextValue, nameTokens, digitFirst, alphaFirst } = this;
    return { size: seen.size, values: seen, firstTokens, firstValue, nextValue, nameTokens, digitFirst, alphaFirst };
  }
}

function grow(a: Int32Array, n: number): Int32Array {
  if (n < a.length) return a;
  const b = new Int32Array(n * 2);
  b.set(a);
  return b;
}

/** Indexes identifier values found in the input's never-published columns (a plain list counts as names). */
export function indexIdentifiers(values: IdentifierValues | readonly string[], indexer = new IdentifierIndexer()): KnownIdentifiers {
  if (Array.isArray(values)) return indexer.finish(null, values as readonly string[]);
  const { names, others } = values as IdentifierValues;
  return indexer.finish(others, Array.from({ length: names.size }, (_, k) => names.key(k)));
}

/**
 * The first token of a text: lower.split(TOKEN).find((t) => t.length > 0), read character by
 * character where the text is ASCII (a million identifier values would each run the regex).
 */
function firstToken(lower: string): string | undefined {
  let start = -1;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c >= 128) return lower.split(TOKEN).find((t) => t.length > 0);
    const inToken = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 39 || c === 45;
    if (inToken && start < 0) start = i;
    else if (!inToken && start >= 0) return lower.slice(start, i);
  }
  return start >= 0 ? lower.slice(start) : undefined;
}

/** Scans every free-text field of every table; returns one problem per hit. */
export function scanFreeText(
  data: CanonicalData,
  origins: Record<TableName, Origins>,
  known: KnownIdentifiers,
  headers: Map<string, string[]>,
): Problem[] {
  const problems: Problem[] = [];
  // Labels repeat thousands of times: each distinct text is scanned once (long text is mostly
  // distinct, and is scanned row by row without the cache).
  const cache = new Map<string, ReturnType<typeof findIdentifier>>();
  const find = (v: string) => {
    let hit = cache.get(v);
    if (hit === undefined) {
      hit = findIdentifier(v, known);
      if (cache.size < 50_000) cache.set(v, hit);
    }
    return hit;
  };
  for (const table of Object.keys(data) as TableName[]) {
    const textFields = fieldsOf(table).filter(([, s]) => metaOf(s).freeText && metaOf(s).publish === "publish").map(([n]) => n);
    if (textFields.length === 0) continue;
    const columns = data[table].columns as Record<string, Column<unknown>>;
    // What a field's cell in row i holds, if anything: dictionary columns are scanned per distinct
    // value, and left out when no value has a hit (they could add no problem).
    const scanned: { field: string; hitAt: (i: number) => ReturnType<typeof findIdentifier> }[] = [];
    for (const field of textFields) {
      const col = columns[field];
      if (col instanceof DictColumn) {
        const hits = col.values.map((v) => (typeof v === "string" ? find(v) : null));
        const codes = col.codes;
        if (hits.some((h) => h !== null)) scanned.push({ field, hitAt: (i) => hits[codes[i]] });
      } else {
        scanned.push({
          field,
          hitAt: (i) => {
            const v = col.get(i);
            return typeof v === "string" ? findIdentifier(v, known) : null;
          },
        });
      }
    }
    const n = scanned.length === 0 ? 0 : data[table].length;
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < scanned.length; f++) {
        const hit = scanned[f].hitAt(i);
        if (!hit) continue;
        const field = scanned[f].field;
        const o = origins[table].get(i);
        const col = (headers.get(o.file) ?? []).findIndex((h) => h.toLowerCase() === field);
        problems.push({
          file: o.file, line: o.line, column: col >= 0 ? col + 1 : null, field, value: hit.match,
          expected: `text with no names, phone numbers, addresses or other identifiers (found ${hit.what})`,
          fix: "redact it (write \"the subject\", \"Officer 1\", \"a residence\") or leave the cell empty",
        });
      }
    }
  }
  return problems;
}
