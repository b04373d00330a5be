// Wide tables: a table wider than the page scrolls sideways inside its own focusable region, with
// its first column pinned and shadows at the edge that has more (global styles in Base.astro).
// Where a table is sure to be wider than the screen, a short note says so; this works out, at build
// time and without script, from which screen widths the table cannot fit.

/** The note shown above a table that cannot fit the screen. */
export const SCROLL_NOTE = "Scroll sideways for more columns";

/** Widths (rem) of the note's classes: a table of at least w rem gets class "w<w>" (styles in Base.astro). */
export const NOTE_STEPS = [20, 24, 28, 32, 36, 40, 44, 48, 52, 58] as const;

// An em of text holds at most about two characters of the page's font (a narrow estimate, so the
// note is never shown where the table would fit); each cell adds its padding and border.
const CHARS_PER_REM = 2;
const CELL_REM = 1.25;

/**
 * The narrowest a table can be laid out, in rem: per column its longest word (a table breaks
 * lines only between words), headers and cells alike, plus padding.
 */
export function minTableRem(columns: readonly (readonly string[])[]): number {
  let rem = 0;
  for (const texts of columns) {
    let longest = 0;
    for (const t of texts) for (const w of String(t).split(/\s+/)) longest = Math.max(longest, [...w].length);
    rem += longest / CHARS_PER_REM + CELL_REM;
  }
  return rem;
}

/** The class of the scroll note for a table (its columns' texts, header first), or null when it may fit any screen. */
export function scrollNoteClass(columns: readonly (readonly string[])[]): string | null {
  const rem = minTableRem(columns);
  const step = NOTE_STEPS.filter((w) => rem >= w).at(-1);
  return step === undefined ? null : `w${step}`;
}
