// Checks of a page open in the browser, shared by the browser tests: wide tables, and printing.
import type { Page } from "playwright-core";
import { printedPages } from "./pdf.ts";

/** What the wide-table check saw on a page: its problems, and how many tables scrolled. */
export interface WideTables {
  problems: string[];
  scrolling: number;
  tables: number;
}

/**
 * Every visible table region: focusable, named, and, where its table is wider than it, with a
 * pinned opaque first column that stays in view when scrolled to the end, and shadows; a "scroll
 * sideways" note only where the table does not fit. The page itself never scrolls sideways.
 */
export async function checkWideTables(page: Page): Promise<WideTables> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) problems.push(`the page scrolls sideways by ${doc.scrollWidth - doc.clientWidth}px`);
    const opaque = (c: string) => c !== "transparent" && !/rgba\([^)]*,\s*0(\.\d+)?\)$/.test(c);
    let scrolling = 0;
    let tables = 0;
    for (const wrap of document.querySelectorAll<HTMLElement>(".table-wrap")) {
      if (wrap.offsetParent === null) continue; // folded away in a closed <details>
      tables++;
      const name = `${wrap.getAttribute("aria-label") ?? "(no name)"}`;
      if (wrap.tabIndex !== 0 || wrap.getAttribute("role") !== "region" || !wrap.getAttribute("aria-label")) problems.push(`${name}: not a focusable, named region`);
      const wide = wrap.scrollWidth > wrap.clientWidth + 1;
      const prev = wrap.previousElementSibling;
      const note = prev?.classList.contains("scroll-note") && getComputedStyle(prev).display !== "none";
      if (note && !wide) problems.push(`${name}: says it scrolls, but fits`);
      if (!wide) continue;
      scrolling++;
      if (!getComputedStyle(wrap).backgroundImage.includes("gradient")) problems.push(`${name}: no scroll shadows`);
      const firsts = [...wrap.querySelectorAll<HTMLElement>("tr > :first-child")];
      for (const cell of firsts.slice(0, 3)) {
        const cs = getComputedStyle(cell);
        if (cs.position !== "sticky") problems.push(`${name}: first column not pinned`);
        if (!opaque(cs.backgroundColor)) problems.push(`${name}: first column background ${cs.backgroundColor} is not opaque`);
      }
      // Scrolled to its end, the first column is still where it began.
      const cell = firsts.at(-1)!;
      const before = cell.getBoundingClientRect().left;
      wrap.scrollLeft = wrap.scrollWidth;
      const after = cell.getBoundingClientRect().left;
      if (wrap.scrollLeft === 0 || Math.abs(after - before) > 1) problems.push(`${name}: the first column left the view when scrolled (${before} -> ${after})`);
      wrap.scrollLeft = 0;
    }
    return { problems, scrolling, tables };
  });
}

/** CSS pixels of the printable area of a US Letter page with the report's 18 mm and 15 mm margins. */
export const LETTER_PRINTABLE = { width: 816 - (2 * 15 * 96) / 25.4, height: 1056 - (2 * 18 * 96) / 25.4 };

/** Forced page breaks, blocks that may not break but are too tall for that, and screen-only parts shown, in print. */
export async function printStyleProblems(page: Page, maxAvoid = 0.4): Promise<string[]> {
  await page.setViewportSize({ width: Math.floor(LETTER_PRINTABLE.width), height: Math.floor(LETTER_PRINTABLE.height) });
  await page.emulateMedia({ media: "print" });
  const problems = await page.evaluate(([limit]) => {
    const out: string[] = [];
    const what = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${e.className && typeof e.className === "string" ? `.${e.className.trim().split(/\s+/).filter((c) => !c.startsWith("astro")).join(".")}` : ""}`;
    for (const e of document.querySelectorAll("body *")) {
      const cs = getComputedStyle(e);
      // break-before/after are the current names; Chromium maps the legacy page-break-* onto them.
      for (const b of [cs.breakBefore, cs.breakAfter]) {
        if (["page", "left", "right", "recto", "verso", "always"].includes(b)) out.push(`${what(e)}: forced page break (${b})`);
      }
      if ((cs.breakInside === "avoid" || cs.breakInside === "avoid-page") && cs.display !== "none") {
        const h = e.getBoundingClientRect().height;
        if (h > limit) out.push(`${what(e)}: ${Math.round(h)}px tall and may not break (more than ${Math.round(limit)}px)`);
      }
    }
    for (const sel of ["nav", ".skip", ".downloads", ".scroll-note"]) {
      for (const e of document.querySelectorAll(sel)) if (getComputedStyle(e).display !== "none") out.push(`${sel} is printed`);
    }
    return out;
  }, [maxAvoid * LETTER_PRINTABLE.height] as const);
  // Back to no emulation: emulating "screen" would make page.pdf() print the screen styles.
  await page.emulateMedia({ media: null });
  return problems;
}

/** The printed pages of a page (US Letter), and the pages but the last that are mostly empty. */
export async function printedFill(page: Page, minFill = 0.6): Promise<{ pages: number; fills: number[]; sparse: string[] }> {
  const pages = printedPages(await page.pdf({ format: "Letter" }));
  // Printable height in points: the page less the report's 18 mm margins above and below.
  const fills = pages.map((p) => (p.top === null ? 0 : (p.bottom! - p.top) / (p.height - (2 * 18 * 72) / 25.4)));
  const sparse = fills.slice(0, -1).flatMap((f, i) => (f < minFill ? [`page ${i + 1} of ${pages.length} is ${Math.round(f * 100)}% full`] : []));
  return { pages: pages.length, fills, sparse };
}
