// Page-address segments made from a department's own values: one rule, used by every route and
// every link, so that a district coded "North Side" lives at .../north-side/ on every page.

// Letters that Unicode does not decompose into a base letter and a mark.
const LETTERS: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ð: "d", ł: "l", þ: "th", ı: "i" };

/**
 * The address segment of a value: accents dropped (é -> e), lower case, every run of anything
 * but ASCII letters and digits as one "-", none at either end. "" when nothing is left.
 */
export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[ßæœøđðłþı]/g, (c) => LETTERS[c])
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The address segment of a district code (config.json checks that every code has one, and each its own). */
export function districtSlug(code: string): string {
  const s = slug(code);
  if (!s) throw new Error(`district code "${code}" has no letter or digit to make a page address of`);
  return s;
}

/** /explore/district/<slug>/: the page of one district's charts. */
export function districtChartsPath(code: string): string {
  return `/explore/district/${districtSlug(code)}/`;
}
