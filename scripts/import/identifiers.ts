// Which columns of an export look like direct identifiers: by name, and by what their cells hold.
// The import refuses to run while such a column is neither mapped nor dropped; the starter drops them.
import { IDENTIFIER_PATTERNS, patternMatches } from "../pipeline/scan.ts";

/** Header words that name an identifier column, with what it is. */
const NAME_PATTERNS: readonly { what: string; re: RegExp }[] = [
  { what: "a name", re: /(^|[^a-z])(first|last|middle|full|sur|given)?[ _-]?name($|[^a-z])/i },
  { what: "a badge or employee number", re: /badge|employee|payroll|serial|officer[ _-]?(id|no|number|#)|personnel/i },
  { what: "an address or location", re: /address|street|location|block|intersection|addr\b|^loc\b|geo|^city/i },
  { what: "coordinates", re: /^(x|y|lat|lon|long|lng|latitude|longitude)$|coord|x[ _-]?coordinate|y[ _-]?coordinate|^point$|^the_geom$|shape/i },
  { what: "a date of birth", re: /birth|dob\b|d\.o\.b/i },
  { what: "a phone number or e-mail", re: /phone|e-?mail|telephone/i },
  { what: "a social security or licence number", re: /ssn|social security|licen[cs]e|driver/i },
  { what: "a postal code or census geography", re: /zip|postal|census|tract/i },
];

/** Cell shapes that are identifiers whatever the column is called. */
const COORDINATE = /^\(?\s*-?\d{1,3}\.\d{4,}\s*,\s*-?\d{1,3}\.\d{4,}\s*\)?$|\d{5}\(\s*-?\d{1,3}\.\d+,\s*-?\d{1,3}\.\d+\)/;
const BARE_COORDINATE = /^-?\d{1,3}\.\d{5,}$/;

/** Names of an organisation or a category, not of a person: "Agency Name", "Division Name", "Call Type Name". */
const NOT_PERSON_NAME = /agency|department|\bdept\b|organi[sz]ation|\borg\b|\bunit\b|division|district|precinct|\bbeat\b|station|bureau|command|sector|\bcall\b|offen[cs]e|charge|weapon|force|type|category|\bfile\b|program|\bcity\b|county|state|facility|hospital|court/i;
/** A kind of place, not a place: "Location Type" ("Residence", "Street", "Business"). */
const PLACE_KIND = /(location|loc|premises?|place|address|street|scene)[ _-]?(type|category|kind|class|desc(ription)?|code)|type of (location|premises?|place|scene)/i;
/** Values that name an agency, the same on nearly every row: "Austin Police Department". */
const AGENCY_VALUE = /police|sheriff|department|\bdept\b|agency|constab|marshal|patrol|public safety|\bpd\b|\bso\b/i;

/** Why a column looks like an identifier, or null. `values` is a sample of its non-blank cells. */
export function identifierReason(header: string, values: readonly string[]): string | null {
  const name = header.trim().replace(/\s+/g, " ");
  const sample = values.filter((v) => v.trim() !== "").slice(0, 500);
  for (const p of NAME_PATTERNS) {
    if (!p.re.test(name)) continue;
    if (p.what === "a name" && (NOT_PERSON_NAME.test(name) || agencyColumn(sample))) continue;
    // A kind of place is a category; its cells are still checked below (an address in it is caught).
    if (p.what === "an address or location" && PLACE_KIND.test(name)) continue;
    return `its name suggests ${p.what}`;
  }
  if (sample.length === 0) return null;
  const share = (test: (v: string) => boolean) => sample.filter(test).length / sample.length;
  if (share((v) => COORDINATE.test(v.trim()) || BARE_COORDINATE.test(v.trim())) > 0.5) return "its cells look like coordinates";
  for (const p of IDENTIFIER_PATTERNS) {
    if (share((v) => patternMatches(p, v)) > 0.3) return `its cells look like ${p.what}`;
  }
  // Hundred-block addresses as exported: "1500 N Portage Ave", "600 BLOCK N IH 35".
  if (share((v) => /^\d{2,6}\s+(block\s+)?([nsew]\.?\s+)?[a-z0-9]/i.test(v.trim()) && /[a-z]{2,}/i.test(v)) > 0.5) return "its cells look like street addresses";
  return null;
}

/** Whether a column holds one agency's name on nearly every row. */
function agencyColumn(sample: readonly string[]): boolean {
  if (sample.length === 0) return false;
  const counts = new Map<string, number>();
  for (const v of sample) counts.set(v.trim().toLowerCase(), (counts.get(v.trim().toLowerCase()) ?? 0) + 1);
  const [top, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
  return n / sample.length >= 0.9 && AGENCY_VALUE.test(top);
}
