// Problems found in a department's input, worded for the person who has to fix them.
import { showControls } from "./controls.ts";

/** One thing wrong with the input, located as precisely as it can be. */
export interface Problem {
  /** Path of the file, as given on the command line (e.g. data/incidents/2024.csv). */
  file: string;
  /** 1-based line in the file, or null for a whole-file problem. */
  line: number | null;
  /** 1-based column number, or null when the problem is not one cell's. */
  column: number | null;
  /** Column (field) name, or a config key path. */
  field: string | null;
  /** The offending value as found, or null. */
  value: string | null;
  /** What was expected, completing "expected ...". */
  expected: string;
  /** How to fix it. */
  fix: string;
  /** True when the problem rejects one row (which --allow-rejected may leave out); otherwise it stops the run. */
  row?: boolean;
  /** The sheet, when the file is a workbook: line is then the sheet's row number and column its letter. */
  sheet?: string;
}

/**
 * The one-line text of a problem: file:line, column N "field": expected ..., got "...". Fix: ...
 * Control characters are written as \u escapes: a terminal would act on them, not show them.
 */
export function formatProblem(p: Problem): string {
  let where = p.file;
  if (p.sheet !== undefined) where += `, sheet "${p.sheet}"${p.line !== null ? `, row ${p.line}` : ""}`;
  else if (p.line !== null) where += `:${p.line}`;
  if (p.field !== null) where += p.column !== null ? `, column ${p.sheet !== undefined ? columnLetters(p.column) : p.column} "${p.field}"` : `, "${p.field}"`;
  const got = p.value === null ? "" : p.value === "" ? "; got an empty cell" : `; got "${clip(p.value)}"`;
  return showControls(`${where}: expected ${p.expected}${got}. Fix: ${p.fix}`);
}

/** How many problems a run prints on the terminal; the report file holds them all. */
export const PROBLEMS_SHOWN = 20;

/** Prints the first PROBLEMS_SHOWN problems, one a line, and how many more the report holds. */
export function logProblems(log: (line: string) => void, problems: readonly Problem[]): void {
  for (const p of problems.slice(0, PROBLEMS_SHOWN)) log(`  ${formatProblem(p)}`);
  if (problems.length > PROBLEMS_SHOWN) log(`  ... and ${(problems.length - PROBLEMS_SHOWN).toLocaleString("en-US")} more.`);
}

/** Spreadsheet column letters of a 1-based column number (1 -> A, 28 -> AB). */
export function columnLetters(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

function clip(s: string): string {
  const one = s.replace(/\r?\n/g, "\\n");
  return one.length > 80 ? one.slice(0, 77) + "..." : one;
}

/** Raised when the run must stop; carries every problem found. */
export class InputError extends Error {
  constructor(
    readonly problems: Problem[],
    readonly summary: string,
  ) {
    super(summary);
    this.name = "InputError";
  }
}
