// Identifier scan: reads every published free-text cell for names, phone numbers, addresses
// and other identifiers; a hit is a problem that stops the run, naming the row.
import { fieldsOf, type TableName } from "../../src/lib/schema/tables.ts";
import { metaOf } from "../../src/lib/schema/fields.ts";
import type { Problem } from "./problems.ts";
import { StringIndex } from "./strings.ts";
import { DictColumn, type Column } from "./table.ts";
import type { CanonicalData, IdentifierValues, Origins } from "./validate.ts";
import { COMMON_WORDS, isListedName, isOrdinaryWord } from "./names.ts";

// Words that some patterns need (in lower case), found together in one pass over the text:
// a bit each for the pre-tests below.
const AT = 1;
const BLOCK = 2;
const BADGE = 4;
const PLATE = 8;
const BIRTH = 16;
const SSN = 64;
const UNIT = 128;
const CORNER = 256;
const HASH = 512;
const ORDINAL = 1024;
const KEYWORD_BIT: Record<string, number> = {
  "@": AT, "[at]": AT, "(at)": AT, "{at}": AT, " dot ": AT, "[dot]": AT, "(dot)": AT,
  block: BLOCK, blk: BLOCK,
  badge: BADGE, employee: BADGE, serial: BADGE, payroll: BADGE, report: BADGE, case: BADGE, "incident no": BADGE, cad: BADGE,
  plate: PLATE, tag: PLATE, license: PLATE, registration: PLATE,
  dob: BIRTH, "d.o.b": BIRTH, birth: BIRTH, born: BIRTH,
  ssn: SSN, social: SSN,
  apt: UNIT, apartment: UNIT, unit: UNIT, suite: UNIT, ste: UNIT,
  corner: CORNER, intersection: CORNER, "&": CORNER,
  "#": HASH,
};

/**
 * One regular expression for all the keywords, grouped by first character ("b(?:lock|lk|adge|...)"):
 * far faster than a list of alternatives each tried at every character. "ste" is a whole
 * word; a digit before st/nd/rd/th is an ordinal ("5th").
 */
const KEYWORDS = (() => {
  const esc = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const groups = new Map<string, string[]>();
  for (const w of Object.keys(KEYWORD_BIT).sort((a, b) => b.length - a.length)) {
    const rest = esc(w.slice(1)) + (w === "ste" ? "\\b" : "");
    groups.set(w[0], [...(groups.get(w[0]) ?? []), rest]);
  }
  const parts = [...groups].map(([c, rests]) => `${esc(c)}(?:${rests.join("|")})`);
  return new RegExp(`\\d(?:st|nd|rd|th)\\b|${parts.join("|")}`, "g");
})();

/** Which of the keywords lower-case text holds, as bits. */
function keywordsOf(lower: string): number {
  let bits = 0;
  KEYWORDS.lastIndex = 0;
  for (let m = KEYWORDS.exec(lower); m !== null; m = KEYWORDS.exec(lower)) {
    bits |= KEYWORD_BIT[m[0]] ?? ORDINAL;
    // One character on, not past the match: keywords may overlap ("dob" and "block" in "doblock").
    KEYWORDS.lastIndex = m.index + 1;
  }
  return bits;
}

/** The kinds of identifier the scan finds (the labels of the free-text corpus). */
export type IdentifierKind = "name" | "phone" | "email" | "ssn" | "dob" | "plate" | "address" | "number" | "coordinates" | "known";

/** One identifier found in a text: its kind, how a problem words it, the text matched and where it starts. */
export interface IdentifierHit {
  kind: IdentifierKind;
  what: string;
  match: string;
  index: number;
}

const SUFFIX =
  "street|st|avenue|ave|av|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|parkway|pkwy|highway|hwy|terrace|ter|circle|cir|way|place|pl|trail|trl|square|sq|alley|plaza";
/** The suffixes as written in a name: "St", "st", "Ave", "AVE" (the intersection pattern is case-sensitive). */
const SUFFIX_CASED = SUFFIX.split("|").map((w) => `${w}|${w[0].toUpperCase()}${w.slice(1)}|${w.toUpperCase()}`).join("|");
const MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/**
 * Patterns of identifiers that must never be published, with their kind and a cheap pre-test
 * (on the count of digits and the keywords of the text: see keywordsOf). Each is global: the
 * scan reads every match (a few need a look at the words around them: see accept).
 */
export const IDENTIFIER_PATTERNS: readonly {
  kind: IdentifierKind;
  what: string;
  re: RegExp;
  maybe: (digits: number, keywords: number) => boolean;
  accept?: (m: RegExpExecArray, text: string) => boolean;
}[] = [
  {
    kind: "phone", what: "a phone number",
    re: /(?<![\d.,/-])(?:\+\s?1[\s.-]?|1[\s.-])?(?:\(\d{3}\)\s?|\d{3}[-.\s/]?)\d{3}[-.\s/]?\d{4}(?![\d-]|[.,/]\d)/g,
    maybe: (d) => d >= 10,
  },
  {
    kind: "phone", what: "a phone number", re: /(?<![\d.,/-])\d{3}([-.\s])\d{4}(?![\d-]|[.,/]\d)/g, maybe: (d) => d >= 7,
    // "in 150 2023" is no phone number: four digits after a space are one only when no year.
    accept: (m) => m[1] !== " " || !/ (?:19|20)\d\d$/.test(m[0]),
  },
  {
    kind: "email", what: "an e-mail address",
    re: /[\w.+-]+\s*(?:@|\[at\]|\(at\)|\{at\}|\s+at\s+)\s*[\w-]+(?:\s*(?:\.|\[dot\]|\(dot\)|\s+dot\s+)\s*[\w-]+)*?\s*(?:\.|\[dot\]|\(dot\)|\s+dot\s+)\s*(?:com|org|net|gov|edu|us|info|biz|io|co|mil)\b/gi,
    maybe: (_d, k) => (k & AT) !== 0,
  },
  { kind: "email", what: "an e-mail address", re: /[\w.+-]+\s?@\s?[\w-]+\.[a-z]{2,}/gi, maybe: (_d, k) => (k & AT) !== 0 },
  { kind: "ssn", what: "a social security number", re: /(?<![\d-])\d{3}[-\s]\d{2}[-\s]\d{4}(?![\d-])/g, maybe: (d) => d >= 9 },
  {
    kind: "ssn", what: "a social security number",
    re: /\b(?:ssn|social(?:\s+security)?(?:\s+(?:no\.?|number|#))?)\s*[:#]?\s*(?:is\s+|of\s+)?(?:\d[\s-]?){8}\d\b/gi,
    maybe: (d, k) => d >= 9 && (k & SSN) !== 0,
  },
  {
    kind: "dob", what: "a date of birth",
    re: new RegExp(
      `\\b(?:dob|d\\.o\\.b\\.?|date of birth|birth\\s?date)\\b(?:\\s*[:-]?\\s*\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{2,4})?` +
        `|\\bborn(?:\\s+(?:on|in))?\\s+(?:\\d{1,4}(?:[/.-]\\d{1,2}[/.-]\\d{2,4})?|(?:${MONTHS})\\.?(?:\\s+\\d{1,2}(?:st|nd|rd|th)?)?(?:,?\\s+\\d{4})?\\b)`,
      "gi",
    ),
    maybe: (_d, k) => (k & BIRTH) !== 0,
  },
  {
    kind: "plate", what: "a vehicle plate",
    re: /\b(?:plate|tag|license|registration)s?\b(?:\s+(?:no\.?|number|#|reading|read|of|was|is|plate))*\s*[:#]?\s*(?=[a-z0-9-]*\d)(?=[a-z0-9-]*[a-z])[a-z0-9][a-z0-9-]{3,8}\b/gi,
    maybe: (d, k) => d >= 1 && (k & PLATE) !== 0,
  },
  { kind: "plate", what: "a vehicle plate", re: /\b(?:plate|tag)\s*(?:#|no\.?|number)\s*:?\s*[a-z0-9]{4,8}\b/gi, maybe: (_d, k) => (k & PLATE) !== 0 },
  {
    kind: "address", what: "a street address",
    re: new RegExp(`\\b\\d{1,6}[a-z]?\\s+(?:[nsew]\\.?\\s+)?(?:[a-z0-9][\\w'-]*\\s+){1,3}(?:${SUFFIX})\\b`, "gi"),
    maybe: (d) => d >= 1,
    accept: (m) => !/^\d+\s+(?:officers?|minutes?|hours?|days?|weeks?|months?|years?|people|persons?|subjects?|times?|shots?|rounds?|feet|foot|ft|yards?|miles?|blocks?)\b/i.test(m[0]),
  },
  {
    kind: "address", what: "a hundred-block address",
    re: /\b\d{1,6}\s*-?\s*(?:hundred\s+)?(?:block|blk)\b|\bhundred\s+block\s+of\b/gi,
    maybe: (d, k) => (k & BLOCK) !== 0 && (d >= 1 || true),
  },
  {
    kind: "address", what: "a street address",
    re: /(?<![\d:.,/-])\b(?!911\b|311\b)(\d{2,6})\s+(?:[NSEW]\.?\s+)?([A-Z][a-z]{2,}|\d{1,3}(?:st|nd|rd|th))\b/g,
    maybe: (d) => d >= 2,
    accept: (m, text) => {
      const word = m[2].toLowerCase();
      if (NOT_STREET.has(word)) return false;
      const n = Number(m[1]);
      if (n >= 1900 && n <= 2099) {
        const before = text.slice(Math.max(0, m.index - 12), m.index).toLowerCase();
        if (/\b(?:in|of|since|during|until|by|from|early|late|mid|year|fiscal|fy|and|to)\s*$/.test(before)) return false;
      }
      return true;
    },
  },
  { kind: "address", what: "an apartment or unit number", re: /\b(?:apt|apartment|unit|suite|ste)\.?\s*(?:#|no\.?|number)?\s*[a-z]?\d+[a-z]?\b/gi, maybe: (d, k) => d >= 1 && (k & UNIT) !== 0 },
  {
    kind: "address", what: "an intersection",
    re: new RegExp(
      `\\b(?:[Cc]orner|[Ii]ntersection)\\s+of\\s+[A-Z0-9][\\w'-]*(?:\\s+(?:${SUFFIX_CASED})\\.?)?\\s+(?:and|&)\\s+[A-Z0-9][\\w'-]*` +
        `|\\b[A-Z][a-z]+(?:\\s+(?:${SUFFIX_CASED})\\.?)?\\s+(?:and|&)\\s+\\d{1,3}(?:st|nd|rd|th)\\b` +
        `|\\b\\d{1,3}(?:st|nd|rd|th)(?:\\s+(?:${SUFFIX_CASED})\\.?)?\\s+(?:and|&)\\s+[A-Z][a-z]+` +
        `|\\b[A-Z][a-z]+\\s+(?:${SUFFIX_CASED})\\.?\\s+(?:and|&)\\s+[A-Z0-9][\\w'-]*`,
      "g",
    ),
    maybe: (d, k) => (k & CORNER) !== 0 || (d >= 1 && (k & ORDINAL) !== 0),
    accept: (m) => !/^(?:officers?|subjects?|\d+(?:st|nd|rd|th)\s+(?:and|&)\s+(?:officers?|subjects?|the|a|an))\b/i.test(m[0]) && !/\b(?:and|&)\s+(?:the|a|an|officers?|subjects?|then)$/i.test(m[0]),
  },
  { kind: "number", what: "a badge or employee number", re: /\b(?:badge|employee|serial|payroll)\s*(?:#|no\.?|number)?\s*:?\s*[a-z]?\d{2,}/gi, maybe: (d, k) => d >= 2 && (k & BADGE) !== 0 },
  {
    kind: "number", what: "a case or report number",
    re: /\b(?:report|case|incident|cad|file|rd|ir)s?\s*(?:#|no\.?|num\.?|number)?\s*:?\s*#?\s*[a-z]{0,3}-?\d[\d-]{2,}\b/gi,
    maybe: (d, k) => d >= 3 && (k & BADGE) !== 0,
    accept: (m) => !/\b(?:19|20)\d\d$/.test(m[0]) || /[#:-]|no|num/i.test(m[0].slice(0, -4)),
  },
  { kind: "number", what: "a badge, case or report number", re: /(?<![\w&])#\s?\d{2,}/g, maybe: (d, k) => d >= 2 && (k & HASH) !== 0 },
  {
    kind: "coordinates", what: "coordinates",
    re: /-?\d{1,3}\.\d{3,}\s*°?\s*[NSns]?\s*,?\s+-?\d{1,3}\.\d{3,}\s*°?\s*[EWew]?|-?\d{1,3}\.\d{3,}\s*°?\s*[NSns]?\s*,\s*-?\d{1,3}\.\d{3,}/g,
    maybe: (d) => d >= 6,
  },
  {
    kind: "coordinates", what: "coordinates",
    re: /\d{1,3}\s*°\s*\d{1,2}\s*['’]\s*(?:\d{1,2}(?:\.\d+)?\s*["”]?)?\s*[NSns]/g,
    maybe: (d) => d >= 3,
  },
];

/** Whether a pattern matches somewhere in a text (with the look at the words around it the pattern asks for). */
export function patternMatches(p: (typeof IDENTIFIER_PATTERNS)[number], text: string): boolean {
  p.re.lastIndex = 0;
  for (let m = p.re.exec(text); m !== null; m = p.re.exec(text)) {
    if (!p.accept || p.accept(m, text)) return true;
    p.re.lastIndex = m.index + 1;
  }
  return false;
}

/** What the scan looks for, as the methodology page lists it. */
export const IDENTIFIER_KINDS_TEXT: readonly string[] = [...new Set(IDENTIFIER_PATTERNS.map((p) => p.what)), "a name after a title", "a given name or surname"];

/** Capitalised words that follow a number without being a street ("3 Officers", "2215 Hours"). */
const NOT_STREET = new Set(
  (
    "officer officers ofc sgt sergeant deputy detective det hours hrs minutes mins seconds days weeks months years subjects subject people persons " +
    "times shots rounds feet ft yards miles blocks units cars vehicles calls incidents cases arrests reports complaints the a an and or of in on at to " +
    "for with was were while when after before during then this that these those he she they it his her their its nearby i ii iii iv " +
    "january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec " +
    "monday tuesday wednesday thursday friday saturday sunday am pm a.m p.m ems cit bwc taser oc percent"
  ).split(" "),
);

/** Words that cannot be a name after a title ("Officer 1 and", "the officer was"). */
const AFTER_TITLE = new Set(
  (
    "the a an and or but of in on at to for with from by as was were is are be been had has have did does do who whom whose which that " +
    "this these those then than when while after before during who's one two three four five six seven eight nine ten first second third " +
    "fourth fifth also again later still immediately quickly then told said asked gave used tried attempted responded arrived approached " +
    "observed saw heard reported stated noted requested radioed called drew deployed fired placed applied struck grabbed pushed pulled " +
    "took held kept remained stayed continued spoke explained directed ordered waited walked ran followed found advised informed " +
    "and/or not never only all both each every any some no yes his her their its he she they it him them there here where why how what " +
    "involved injured assigned present on-scene onscene report reports training trainee trainees safety survival wellness " +
    "down up out over under into onto off away back near next"
  ).split(/\s+/),
);

/** Words after a name that make it a place ("Lincoln Park", "Jackson Elementary"). */
const PLACE_AFTER = new Set(
  (
    "park high school elementary middle academy college university hospital medical clinic center centre mall plaza street st avenue ave " +
    "road rd boulevard blvd drive dr lane ln bridge county river lake station square heights hills village terrace apartments homes " +
    "courts tower towers library church memorial field stadium market motel hotel inn shelter house district precinct beach creek"
  ).split(" "),
);

// A full title is not followed by a full stop ("...spoke to the officer. Officers then..."); an abbreviation may be.
const TITLE_RE =
  /\b(?:(?:officer|sergeant|lieutenant|corporal|detective|deputy|captain|chief|trooper|agent|miss)|(?:ofc|ofcr|sgt|lt|cpl|det|dep|capt|mr|mrs|ms|mx|dr)\.?)\s+([A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)?)/gi;
const CAPITALISED_RE = /(?<![\p{L}\p{N}'’-])(\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}]+)?)(?![\p{L}\p{N}])/gu;

/** Whether a word is written as a name: a capital, then lower case ("Smith", "McDonald", "O'Brien"). */
function isCapitalised(w: string): boolean {
  const c = w.charCodeAt(0);
  if (!(c >= 65 && c <= 90)) return /^\p{Lu}/u.test(w) && /\p{Ll}/u.test(w);
  for (let i = 1; i < w.length; i++) {
    const d = w.charCodeAt(i);
    if (d >= 97 && d <= 122) return true;
  }
  return false;
}

/** Names in a text: a word after a title, and given names or surnames of the public lists written as names. */
function findNames(text: string, lower: string, keywords: number, out: IdentifierHit[], all: boolean): void {
  // In text written all in capitals, capitals tell nothing: words are read as lower case.
  const shouting = text === text.toUpperCase();
  // Titles are looked for in every text: "officer" is in most summaries, so a keyword would not save the pass.
  {
    TITLE_RE.lastIndex = 0;
    for (let m = TITLE_RE.exec(text); m !== null; m = TITLE_RE.exec(text)) {
      const w = m[1];
      const l = w.toLowerCase();
      if (AFTER_TITLE.has(l)) continue;
      const named = shouting || !isCapitalised(w) ? isListedName(l) || (w.length > 1 && w === w.toUpperCase() && !shouting && w.length >= 3 && !/^(?:CIT|EMS|BWC|OC|DUI|DWI|SWAT|K9|ID|MH|PD|OIS)$/.test(w)) : true;
      if (!named) continue;
      // "Dr" after a number is a drive ("1432 Oak Dr Smith" is an address, found as one).
      out.push({ kind: "name", what: "a name after a title", match: m[0], index: m.index });
      if (!all) return;
    }
  }
  if (shouting) return;
  CAPITALISED_RE.lastIndex = 0;
  for (let m = CAPITALISED_RE.exec(text); m !== null; m = CAPITALISED_RE.exec(text)) {
    const l = m[1].toLowerCase();
    if (!isListedName(l)) continue;
    const after = /^\s+([A-Za-z]+)/.exec(text.slice(m.index + m[1].length, m.index + m[1].length + 20));
    if (after && PLACE_AFTER.has(after[1].toLowerCase())) continue;
    out.push({ kind: "name", what: "a given name or surname", match: m[1], index: m.index });
    if (!all) return;
  }
  void lower;
}

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

function lookup(known: KnownIdentifiers, flat: string, token: string): string | null {
  const k = known.firstTokens.indexOf(token);
  if (k < 0) return null;
  for (let v = known.firstValue[k]; v >= 0; v = known.nextValue[v]) {
    const c = known.values.key(v);
    if (flat.includes(c)) return c;
  }
  return null;
}

/**
 * A value written loosely, as the index keeps it: lower case, every run of other characters
 * than letters and digits one space ("O'Brien, J." and "o brien j" are one value).
 */
export function flatten(s: string): string {
  // Read character by character where the text is ASCII (a million identifier values would each run a regex).
  let out = " ";
  let space = true;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 128) return ` ${s.toLowerCase().replace(NOT_ALNUM, " ").trim()} `;
    if (c >= 65 && c <= 90) c += 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      out += String.fromCharCode(c);
      space = false;
    } else if (!space) {
      out += " ";
      space = true;
    }
  }
  return space ? out : out + " ";
}
const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;

/**
 * Blanks the allowed phrases of a text where each stands as written, not inside a longer word
 * ("Officer Friendly", not "Officer Friendlyman"); blanks keep the length, so places do not move.
 */
function withoutAllowed(text: string, allow: readonly string[]): string {
  for (const phrase of allow) {
    for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
      const end = at + phrase.length;
      if (WORD_CHAR.test(text.slice(Math.max(0, at - 1), at)) && WORD_CHAR.test(phrase[0])) continue;
      if (WORD_CHAR.test(text.slice(end, end + 1)) && WORD_CHAR.test(phrase[phrase.length - 1])) continue;
      text = text.slice(0, at) + " ".repeat(phrase.length) + text.slice(end);
    }
  }
  return text;
}
const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** Looks for identifiers in text; returns the first found, or null. */
export function findIdentifier(text: string, known: KnownIdentifiers): IdentifierHit | null {
  const out: IdentifierHit[] = [];
  scanText(text, known, out, false);
  return out.length > 0 ? out[0] : null;
}

/** Every identifier found in text (for measuring the scan; the pipeline stops at the first). */
export function findIdentifiers(text: string, known: KnownIdentifiers): IdentifierHit[] {
  const out: IdentifierHit[] = [];
  scanText(text, known, out, true);
  return out;
}

function scanText(text: string, known: KnownIdentifiers, out: IdentifierHit[], all: boolean): void {
  if (known.allow.length > 0) text = withoutAllowed(text, known.allow);
  const lower = text.toLowerCase();
  // Digits are counted in the lower-case copy (the same digits): a flat string, read faster than a slice.
  const digits = readDigits(lower);
  const keywords = keywordsOf(lower);
  for (const { kind, what, re, maybe, accept } of IDENTIFIER_PATTERNS) {
    if (!maybe(digits, keywords)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (accept && !accept(m, text)) {
        re.lastIndex = m.index + 1;
        continue;
      }
      out.push({ kind, what, match: m[0].trim(), index: m.index });
      if (!all) return;
    }
  }
  findNames(text, lower, keywords, out, all);
  if (!all && out.length > 0) return;
  if (known.size === 0) return;
  const flat = flatten(lower);
  // Values that start with a digit (case numbers, addresses) can only start at a token with a digit.
  if (digits > 0 && known.digitFirst)
    for (let t = 0; t < tokenCount; t++) {
      for (const token of lower.slice(tokenBounds[2 * t], tokenBounds[2 * t + 1]).split(NOT_ALNUM_ONCE)) {
        if (token.length === 0) continue;
        const c = lookup(known, flat, token);
        if (c) {
          out.push({ kind: "known", what: "a value from an identifier column", match: c.trim(), index: Math.max(0, flat.indexOf(c) - 1) });
          if (!all) return;
        }
      }
    }
  if (known.alphaFirst)
    for (const token of flat.split(" ")) {
      if (token.length < 2) continue;
      const c = lookup(known, flat, token);
      if (c) {
        out.push({ kind: "known", what: "a value from an identifier column", match: c.trim(), index: Math.max(0, flat.indexOf(c) - 1) });
        if (!all) return;
      }
    }
  if (known.nameTokens.size > 0 || known.lowerNameTokens.size > 0) {
    WORD.lastIndex = 0;
    for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
      const token = m[0];
      if (token.length < 4) continue;
      if (known.nameTokens.has(token) || known.lowerNameTokens.has(token.toLowerCase())) {
        out.push({ kind: "known", what: "a name from an identifier column", match: token, index: m.index });
        if (!all) return;
      }
    }
    WORD.lastIndex = 0;
  }
}

const NOT_ALNUM_ONCE = /[^\p{L}\p{N}]+/u;
const WORD = /[\p{L}\p{N}'’-]+/gu;

/**
 * An identifier as a log may show it: enough to find it in the text, not enough to read it.
 * Digits past the first (three of a long number) and before the last two become "*"; a word
 * keeps its first two letters ("Sm***"); an e-mail address keeps the first letter of each part
 * and its ending ("j***@e***.com").
 */
export function maskIdentifier(match: string): string {
  const at = /^(\S+?)\s*(@|\[at\]|\(at\)|\{at\}|\s+at\s+)\s*(\S+?)(?:\s*(?:\.|\[dot\]|\(dot\)|\s+dot\s+)\s*)([a-z]{2,})$/i.exec(match);
  if (at) return `${at[1][0]}***@${at[3][0]}***.${at[4]}`;
  const digits = match.replace(/\D/g, "").length;
  const keepFirst = digits >= 10 ? 3 : digits >= 3 ? 1 : 0;
  const keepLast = digits >= 7 ? 2 : 0;
  let seen = 0;
  let out = "";
  for (const piece of match.split(/(\p{L}+)/u)) {
    if (/^\p{L}+$/u.test(piece)) {
      out += KEEP_WORDS.has(piece.toLowerCase()) || piece.length <= 1 ? piece : `${piece.slice(0, piece.length <= 3 ? 1 : 2)}***`;
      continue;
    }
    for (const ch of piece) {
      if (ch >= "0" && ch <= "9") {
        seen++;
        out += seen <= keepFirst || seen > digits - keepLast ? ch : "*";
      } else out += ch;
    }
  }
  return out;
}

/** Words a masked identifier keeps, since they say what it is without saying whose. */
const KEEP_WORDS = new Set(
  (
    "officer ofc ofcr sgt sergeant lt lieutenant cpl corporal det detective deputy dep capt captain chief trooper agent mr mrs ms miss mx dr " +
    "block blk hundred of apt apartment unit suite ste corner intersection and badge employee serial payroll report case incident cad file " +
    "no number num plate tag license registration dob date birth born on ssn social security st street ave avenue rd road blvd n s e w"
  ).split(" "),
);

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
  /** Capitalised words of at least four letters from name columns (name parts), found as written. */
  nameTokens: Set<string>;
  /** The same in lower case where the word is no ordinary English word: found in any case. */
  lowerNameTokens: Set<string>;
  /** Phrases of the department's reviewed allow-list: not flagged in that exact form. */
  allow: readonly string[];
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
  private readonly lowerNameTokens = new Set<string>();
  private digitFirst = false;
  private alphaFirst = false;
  /** How many values of the list given to addOthers are indexed. */
  private othersDone = 0;

  private add(v: string): void {
    const lower = flatten(v);
    if (lower.length < 6) return;
    this.addFlat(lower);
    // A number written with its separators or without them ("22-000101", "22000101").
    if (/^[\d ]+$/.test(lower.trim()) && lower.trim().includes(" ")) this.addFlat(` ${lower.replace(/ /g, "")} `);
  }

  private addFlat(lower: string): void {
    const n = this.seen.size;
    if (this.seen.add(lower) !== n) return;
    this.nextValue = grow(this.nextValue, n);
    this.nextValue[n] = -1;
    const first = lower.slice(1, lower.indexOf(" ", 1));
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
  finish(others: StringIndex | null, names: readonly string[], allow: readonly string[] = []): KnownIdentifiers {
    if (others) this.addOthers(others);
    for (const v of names) {
      this.add(v);
      // Parts of names only: words of addresses ("Park", "Hospital") would flag ordinary text.
      for (const t of v.split(TOKEN).flatMap((w) => (w.includes("-") ? [w, ...w.split("-")] : [w]))) {
        if (!/^\p{L}{4,}$|^\p{L}+(?:-\p{L}+)+$/u.test(t)) continue;
        const l = t.toLowerCase();
        if (/^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)*$/u.test(t)) this.nameTokens.add(t);
        else if (t === t.toUpperCase()) this.nameTokens.add(t[0] + l.slice(1));
        if (!COMMON_WORDS.has(l) && !isOrdinaryWord(l)) this.lowerNameTokens.add(l);
      }
    }
    this.seen.freeze();
    const { seen, firstTokens, firstValue, nextValue, nameTokens, lowerNameTokens, digitFirst, alphaFirst } = this;
    return { size: seen.size, values: seen, firstTokens, firstValue, nextValue, nameTokens, lowerNameTokens, digitFirst, alphaFirst, allow };
  }
}

function grow(a: Int32Array, n: number): Int32Array {
  if (n < a.length) return a;
  const b = new Int32Array(n * 2);
  b.set(a);
  return b;
}

/** Indexes identifier values found in the input's never-published columns (a plain list counts as names). */
export function indexIdentifiers(values: IdentifierValues | readonly string[], indexer = new IdentifierIndexer(), allow: readonly string[] = []): KnownIdentifiers {
  if (Array.isArray(values)) return indexer.finish(null, values as readonly string[], allow);
  const { names, others } = values as IdentifierValues;
  return indexer.finish(others, Array.from({ length: names.size }, (_, k) => names.key(k)), allow);
}

/** Where the department's reviewed allow-list lives in its folder. */
export const ALLOW_LIST_FILE = "privacy/allow-list.txt";

/** The phrases of an allow-list's text: one exact phrase a line; blank lines and lines starting with "#" are skipped. */
export function parseAllowList(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith("#"));
}

/**
 * The fields the scan reads: every published field of free text (a string with no closed
 * vocabulary), less the summary when the department does not publish summaries.
 */
export function scannedFields(table: TableName, opts: { summaries: boolean } = { summaries: true }): string[] {
  return fieldsOf(table)
    .filter(([n, s]) => {
      const m = metaOf(s);
      if (m.publish !== "publish" || m.type !== "string" || m.vocab) return false;
      return opts.summaries || !(table === "incidents" && n === "summary");
    })
    .map(([n]) => n);
}

/** Scans every published free-text field of every table; returns one problem per hit. */
export function scanFreeText(
  data: CanonicalData,
  origins: Record<TableName, Origins>,
  known: KnownIdentifiers,
  headers: Map<string, string[]>,
  opts: { summaries: boolean } = { summaries: true },
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
    const textFields = scannedFields(table, opts);
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
          // The match itself is never shown: the log and the report would publish it again.
          file: o.file, line: o.line, column: col >= 0 ? col + 1 : null, field, value: maskIdentifier(hit.match),
          expected: `text with no names, phone numbers, addresses or other identifiers (found ${hit.what})`,
          fix:
            "correct the text (write \"the subject\", \"Officer 1\", \"a residence\") or leave the cell empty; " +
            `or, if it identifies no one, add that exact phrase as one line of ${ALLOW_LIST_FILE} in the data folder, once reviewed`,
        });
      }
    }
  }
  return problems;
}
