// Long text written without escaping where it needs none (encode.ts plainRows) must give the
// bytes that formatting each value would.
import { describe, expect, it } from "vitest";
import { ByteSink, cellWriter, plainRows } from "../../scripts/pipeline/encode.ts";
import { FixedWidthColumn, RefColumn, TextColumn, type Column } from "../../scripts/pipeline/table.ts";
import { CSV, JSON_VALUES } from "../../scripts/pipeline/write.ts";

const TEXTS = [
  "Officers spoke with the subject.",
  "A comma, then more",
  'A "quoted" word',
  "A back\\slash",
  "Two lines\nof text",
  "A carriage\rreturn",
  "A tab\there",
  "A bell \u0007 rings",
  null,
  "Café, naïve – “smart quotes” and emoji 🚓",
  "Café, naïve – “smart quotes”",
  "A lone surrogate \ud800 here",
  "",
  "Ends with a comma,",
];

function written(col: Column<unknown>, format: typeof CSV): string[] {
  const write = cellWriter(col, format);
  return Array.from({ length: col.length }, (_, i) => {
    const sink = new ByteSink();
    write(sink, i);
    return sink.take().toString("utf8");
  });
}

describe("plain text rows", () => {
  // Small blocks, so that rows fall in several blocks and some blocks hold none that are plain.
  const col = new TextColumn(40);
  for (let r = 0; r < 3; r++) for (const t of TEXTS) col.push(t);
  col.seal();

  it("marks the rows with nothing to escape", () => {
    const plain = plainRows(col);
    // Surrogates, paired or not, are left to JSON.stringify.
    const want = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1];
    expect([...plain]).toEqual([...want, ...want, ...want]);
  });

  it("writes every row as formatting its value would, as CSV and as JSON", () => {
    const all = [...TEXTS, ...TEXTS, ...TEXTS];
    expect(written(col, CSV)).toEqual(all.map((t) => Buffer.from(CSV.value(t), "utf8").toString("utf8")));
    expect(written(col, JSON_VALUES)).toEqual(all.map((t) => Buffer.from(JSON_VALUES.value(t), "utf8").toString("utf8")));
  });
});

describe("fixed-width values (pseudonyms)", () => {
  const check = (text: string, width: number, at: number[]) => {
    const col = new FixedWidthColumn(text, width, Int32Array.from(at));
    const refs = new RefColumn(col, ["missing, id"], Int32Array.from([...at.map((_, i) => i), -1, -2]));
    for (const format of [CSV, JSON_VALUES]) {
      expect(written(col, format)).toEqual(at.map((_, i) => format.value(col.get(i))));
      expect(written(refs, format)).toEqual([...at.map((_, i) => format.value(col.get(i))), format.value(null), format.value("missing, id")]);
    }
  };

  it("are written from one encoding of the column's text, as formatting each would", () => {
    check("0123456789abcdeffedcba9876543210", 16, [1, 0, 1]);
  });

  it("fall back to formatting each value where some need quotes or escapes", () => {
    check('ab,cd"e\\f\nghé', 2, [0, 1, 2, 3, 4, 5]);
    // Plain, but a comma: as they are in JSON, each formatted in CSV.
    check("ab,cdefgh", 2, [0, 1, 2, 3]);
  });
});
