// The spreadsheet formula guard of the CSV downloads. A spreadsheet opening a CSV file reads a
// cell that begins with = + - @, a tab or a carriage return as a formula, so a department's
// text could run as one on a reader's machine. Such a text cell is written with a leading
// apostrophe (OWASP's advice on CSV injection), which spreadsheets take as "this is text".
// Numbers are never touched: a cell is guarded by its column's type, not by its look, so -3
// in a number column stays -3. JSON downloads keep the exact text.

/** The prefix that makes a spreadsheet read a cell as text. */
export const FORMULA_PREFIX = "'";

/** The characters that make a spreadsheet read a cell as a formula when they come first. */
export const FORMULA_CHARACTERS = ["=", "+", "-", "@", "\t", "\r"] as const;

/** How the guard is explained to readers (data dictionary, data page, README). */
export const FORMULA_GUARD_TEXT =
  "A text cell that begins with = + - @, a tab or a carriage return is written with a leading ' ; remove it to get the value as recorded. " +
  "A text cell that already begins with ' before one of those characters gets one more, so removing one ' always gives the value as recorded. " +
  "Number cells, negative numbers included, are never changed, and the JSON downloads hold the exact text.";

/**
 * Whether a text cell is written with the prefix: it begins with a formula character, or with
 * apostrophes and then one (so that taking one apostrophe off a guarded cell is always exact).
 */
export function needsFormulaGuard(text: string): boolean {
  let i = 0;
  // A loop over char codes, not a regular expression: this runs once per text cell of a
  // million-row download.
  while (text.charCodeAt(i) === 39) i++;
  const c = text.charCodeAt(i);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

/** A text cell as the CSV downloads write it: with the prefix where a spreadsheet would see a formula. */
export function guardFormula(text: string): string {
  return needsFormulaGuard(text) ? FORMULA_PREFIX + text : text;
}

/** The value as recorded, from a text cell of a CSV download: the inverse of guardFormula. */
export function unguardFormula(cell: string): string {
  return cell.charCodeAt(0) === 39 && needsFormulaGuard(cell.slice(1)) ? cell.slice(1) : cell;
}
