// Identifier scan: reads every published free-text cell for names, phone numbers, addresses
// and other identifiers; a hit is a problem that stops the run, naming the row.
import { fieldsOf, type CanonicalData, type TableName } from "../../src/lib/schema/tables.ts";
import { metaOf } from "../../src/lib/schema/fields.ts";
import type { Problem } from "./problems.ts";
import type { IdentifierValue, Origin } from "./validate.ts";

/** Patterns of identifiers that must never be published, with what each is. */
export const IDENTIFIER_PATTERNS: readonly { what: string; re: RegExp }[] = [
  { what: "a phone number", re: /(?<![\d-])(?:\(\d{3}\)\s?|\d{3}[-.\s])\d{3}[-.\s]\d{4}(?![\d-])/ },
  { what: "an e-mail address", re: /[\w.+-]+@[\w-]+\.[a-z]{2,}/i },
  { what: "a social security number", re: /(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/ },
  { what: "a hundred-block address", re: /\b\d{2,6}\s+block\s+of\b/i },
  {
    what: "a street address",
    re: /\b\d{1,6}\s+(?:[nsew]\.?\s+)?(?:[a-z0-9][\w'-]*\s+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|parkway|pkwy|highway|hwy|terrace|circle|way|place|pl)\b/i,
  },
  { what: "a badge or employee number", re: /\b(?:badge|employee|serial|payroll)\s*(?:#|no\.?|number)?\s*:?\s*[a-z]?\d{2,}/i },
  { what: "a vehicle plate", re: /\b(?:plate|tag)\s*(?:#|no\.?|number)\s*:?\s*[a-z0-9]{4,8}\b/i },
  { what: "a date of birth", re: /\b(?:dob|d\.o\.b\.|date of birth)\b/i },
  {
    what: "a name after a title",
    re: /\b(?:Officer|Ofc|Sgt|Sergeant|Lt|Lieutenant|Cpl|Corporal|Detective|Det|Deputy|Captain|Capt|Mr|Mrs|Ms|Miss)\.?\s+[A-Z][a-z]{2,}/,
  },
];

/** Looks for identifiers in text; returns what was found, or null. */
export function findIdentifier(text: string, known: KnownIdentifiers): { what: string; match: string } | null {
  for (const { what, re } of IDENTIFIER_PATTERNS) {
    const m = re.exec(text);
    if (m) return { what, match: m[0] };
  }
  if (known.size === 0) return null;
  const lower = text.toLowerCase();
  for (const token of lower.split(/[^\p{L}\p{N}'-]+/u)) {
    const cands = known.byFirstToken.get(token);
    if (cands) for (const c of cands) if (lower.includes(c)) return { what: "a value from an identifier column", match: c };
  }
  for (const token of text.split(/[^\p{L}'-]+/u)) {
    if (known.nameTokens.has(token)) return { what: "a name from an identifier column", match: token };
  }
  return null;
}

/** Values of identifier columns, indexed for fast lookup in free text. */
export interface KnownIdentifiers {
  size: number;
  byFirstToken: Map<string, string[]>;
  /** Capitalised words of at least four letters from name columns (name parts). */
  nameTokens: Set<string>;
}

/** Indexes identifier values found in the input's never-published columns. */
export function indexIdentifiers(values: readonly (string | IdentifierValue)[]): KnownIdentifiers {
  const byFirstToken = new Map<string, string[]>();
  const nameTokens = new Set<string>();
  const seen = new Set<string>();
  for (const item of values) {
    const v = typeof item === "string" ? item : item.value;
    const isName = typeof item === "string" ? true : item.isName;
    const lower = v.toLowerCase().trim();
    if (lower.length < 4 || seen.has(lower)) continue;
    seen.add(lower);
    const first = lower.split(/[^\p{L}\p{N}'-]+/u).find((t) => t.length > 0);
    if (first) {
      const list = byFirstToken.get(first);
      if (list) list.push(lower);
      else byFirstToken.set(first, [lower]);
    }
    // Parts of names only: words of addresses ("Park", "Hospital") would flag ordinary text.
    if (isName) for (const t of v.split(/[^\p{L}'-]+/u)) if (/^\p{Lu}\p{Ll}{3,}$/u.test(t)) nameTokens.add(t);
  }
  return { size: seen.size, byFirstToken, nameTokens };
}

/** Scans every free-text field of every table; returns one problem per hit. */
export function scanFreeText(
  data: CanonicalData,
  origins: Record<TableName, Origin[]>,
  known: KnownIdentifiers,
  headers: Map<string, string[]>,
): Problem[] {
  const problems: Problem[] = [];
  for (const table of Object.keys(data) as TableName[]) {
    const textFields = fieldsOf(table).filter(([, s]) => metaOf(s).freeText && metaOf(s).publish === "publish").map(([n]) => n);
    if (textFields.length === 0) continue;
    const rows = data[table] as unknown as Record<string, unknown>[];
    rows.forEach((row, i) => {
      for (const field of textFields) {
        const v = row[field];
        if (typeof v !== "string") continue;
        const hit = findIdentifier(v, known);
        if (!hit) continue;
        const o = origins[table][i];
        const col = (headers.get(o.file) ?? []).findIndex((h) => h.toLowerCase() === field);
        problems.push({
          file: o.file, line: o.line, column: col >= 0 ? col + 1 : null, field, value: hit.match,
          expected: `text with no names, phone numbers, addresses or other identifiers (found ${hit.what})`,
          fix: "redact it (write \"the subject\", \"Officer 1\", \"a residence\") or leave the cell empty",
        });
      }
    });
  }
  return problems;
}
