// Reads a PDF that Chromium printed: for each page, how far down its ink reaches. Enough of PDF
// for that and no more: objects, the page tree, Flate-compressed content streams, and the
// operators that place ink (text, rectangles, paths, images) under the current transformation.
import zlib from "node:zlib";

/** One printed page: its size and the vertical span its ink covers, in points from the top. */
export interface PrintedPage {
  width: number;
  height: number;
  /** Top and bottom of the ink, or null for a blank page. */
  top: number | null;
  bottom: number | null;
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
];
const yOf = (m: Matrix, x: number, y: number) => m[1] * x + m[3] * y + m[5];

/** The objects of a PDF by number: dictionary text and stream bytes (when it has one). */
function objects(pdf: Buffer): Map<number, { dict: string; stream: Buffer | null }> {
  const text = pdf.toString("latin1");
  const out = new Map<number, { dict: string; stream: Buffer | null }>();
  for (const m of text.matchAll(/(\d+) 0 obj\b/g)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf("endobj", start);
    const body = text.slice(start, end);
    const s = /stream\r?\n/.exec(body);
    if (!s) out.set(Number(m[1]), { dict: body, stream: null });
    else {
      const from = start + s.index + s[0].length;
      const to = text.lastIndexOf("endstream", end);
      const raw = pdf.subarray(from, to);
      out.set(Number(m[1]), { dict: body.slice(0, s.index), stream: /FlateDecode/.test(body.slice(0, s.index)) ? zlib.inflateSync(raw) : raw });
    }
  }
  return out;
}

const refs = (s: string) => [...s.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));

/** The pages of a PDF in order, with the span of their ink. */
export function printedPages(pdf: Buffer): PrintedPage[] {
  const objs = objects(pdf);
  const trailer = pdf.toString("latin1").match(/\/Root (\d+) 0 R/);
  if (!trailer) throw new Error("no /Root in the PDF");
  const catalog = objs.get(Number(trailer[1]))!.dict;
  const pages: PrintedPage[] = [];
  const walk = (n: number, box: number[] | null) => {
    const { dict } = objs.get(n)!;
    const media = dict.match(/\/MediaBox\s*\[([^\]]+)\]/);
    const here = media ? media[1].trim().split(/\s+/).map(Number) : box;
    if (/\/Type\s*\/Pages\b/.test(dict)) {
      for (const kid of refs(dict.match(/\/Kids\s*\[([^\]]*)\]/)![1])) walk(kid, here);
      return;
    }
    const contents = dict.match(/\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/);
    const streams = contents ? refs(contents[1]).map((r) => objs.get(r)!.stream!.toString("latin1")) : [];
    const [, , w, h] = here!;
    const span = inkSpan(streams.join("\n"));
    pages.push({ width: w, height: h, top: span ? h - span.max : null, bottom: span ? h - span.min : null });
  };
  walk(Number(catalog.match(/\/Pages (\d+) 0 R/)![1]), null);
  return pages;
}

/** The lowest and highest y (PDF units, origin at the bottom) of what a content stream paints. */
function inkSpan(content: string): { min: number; max: number } | null {
  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];
  const nums: number[] = [];
  let path: number[] = [];
  let white = false;
  let min = Infinity;
  let max = -Infinity;
  const mark = (y: number) => {
    min = Math.min(min, y);
    max = Math.max(max, y);
  };
  // Tokens: numbers, operators, names, strings and arrays (the last three only skipped).
  for (const m of content.matchAll(/\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\/[^\s/<>[\]()]+|-?\d*\.?\d+(?:e-?\d+)?|[A-Za-z*'"]+|[[\]]/g)) {
    const t = m[0];
    if (/^-?\d*\.?\d/.test(t)) {
      nums.push(Number(t));
      continue;
    }
    if (/^[A-Za-z*'"]+$/.test(t)) {
      const a = nums.splice(0);
      switch (t) {
        case "q": stack.push(ctm); break;
        case "Q": ctm = stack.pop() ?? IDENTITY; break;
        case "cm": ctm = multiply(a.slice(-6) as Matrix, ctm); break;
        case "rg": white = a.slice(-3).every((v) => v >= 0.98); break;
        case "g": white = (a.at(-1) ?? 0) >= 0.98; break;
        case "k": white = a.slice(-4).every((v) => v <= 0.02); break;
        case "Tm": {
          // Text: from its baseline up by the font's size, roughly.
          const tm = multiply(a.slice(-6) as Matrix, ctm);
          mark(yOf(tm, 0, 0));
          mark(yOf(tm, 0, -8));
          break;
        }
        case "re": {
          const [x, y, w, h] = a.slice(-4);
          path.push(yOf(ctm, x, y), yOf(ctm, x + w, y + h));
          break;
        }
        case "m": case "l": path.push(yOf(ctm, a.at(-2)!, a.at(-1)!)); break;
        case "c": path.push(yOf(ctm, a.at(-2)!, a.at(-1)!)); break;
        case "Do": mark(yOf(ctm, 0, 0)); mark(yOf(ctm, 1, 1)); break;
        case "f": case "F": case "f*": case "S": case "s": case "B": case "B*": case "b": case "b*":
          // A white fill is a background, not ink; strokes always count.
          if (!(white && (t === "f" || t === "F" || t === "f*"))) for (const y of path) mark(y);
          path = [];
          break;
        case "n": path = []; break;
      }
    }
  }
  return min === Infinity ? null : { min, max };
}
