// The spreadsheet formula guard (src/lib/formula.ts) and the CSV writers that apply it: every
// text cell a spreadsheet would read as a formula is prefixed with ', numbers never are, and
// taking the prefix off gives the text back exactly.
import { csvParseRows } from "d3-dsv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FORMULA_CHARACTERS, guardFormula, needsFormulaGuard, unguardFormula } from "../../src/lib/formula.ts";
import { dictionaryMarkdown } from "../../src/lib/dictionary.ts";
import { ByteSink, cellWriter } from "../../scripts/pipeline/encode.ts";
import { ArrayColumn, ColumnTable, DictColumn, FixedWidthColumn, NumberColumn, RefColumn, TextColumn, type Column } from "../../scripts/pipeline/table.ts";
import { CSV, JSON_VALUES, tableCsvChunks, toCsv } from "../../scripts/pipeline/write.ts";

/** Text biased towards the characters that matter here: formula starts, quotes, separators. */
const risky = fc.oneof(
  fc.string({ unit: fc.constantFrom(...FORMULA_CHARACTERS, "'", '"', ",", "\n", " ", "a", "1", ".", "é", "🚓") }),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
);

const startsLikeFormula = (cell: string) => (FORMULA_CHARACTERS as readonly string[]).includes(cell[0]);
const isNumber = (cell: string) => cell.trim() !== "" && Number.isFinite(Number(cell));

/** Parses CSV text back into rows of cells (d3-dsv, as a reader's tool would). */
const parse = (text: string) => csvParseRows(text);

describe("guardFormula(text) and unguardFormula(cell)", () => {
  it.each([
    ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["+1", "'+1"],
    ["-3", "'-3"],
    ["@cmd", "'@cmd"],
    ["\tTabbed", "'\tTabbed"],
    ["\rReturn", "'\rReturn"],
    ["'=x", "''=x"],
    ["''-x", "'''-x"],
    ["'quoted", "'quoted"],
    ["Plain text", "Plain text"],
    ["a=b", "a=b"],
    [" =x", " =x"],
    ["", ""],
  ])("%j is written %j", (text, cell) => {
    expect(guardFormula(text)).toBe(cell);
    expect(unguardFormula(cell)).toBe(text);
  });

  it("for any text, the written cell starts with no formula character and unguards to the text", () => {
    fc.assert(
      fc.property(risky, (s) => {
        const cell = guardFormula(s);
        expect(startsLikeFormula(cell)).toBe(false);
        expect(unguardFormula(cell)).toBe(s);
        // The guard adds at most one character, and only where it is needed.
        expect(cell.length - s.length).toBe(needsFormulaGuard(s) ? 1 : 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("toCsv(columns, rows) (figure tables and small files)", () => {
  it("for any text cells, parsing the CSV back and unguarding gives the text; numbers, negative ones too, are written as they are", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(risky, fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })), fc.array(risky, { maxLength: 3 })), { maxLength: 20 }), (rows) => {
        const csv = toCsv(["text", "number", "list"], rows.map(([text, number, list]) => ({ text, number, list })));
        const parsed = parse(csv);
        expect(parsed[0]).toEqual(["text", "number", "list"]);
        expect(parsed.length).toBe(rows.length + 1);
        rows.forEach(([text, number, list], i) => {
          const [t, n, l] = parsed[i + 1];
          expect(unguardFormula(t)).toBe(text);
          expect(unguardFormula(l)).toBe(list.join("|"));
          expect(n).toBe(String(number));
          for (const cell of [t, l]) expect(startsLikeFormula(cell)).toBe(false);
          // A cell may start with a formula character only when it is a number in a number column.
          if (startsLikeFormula(n)) expect(isNumber(n)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("writes -3 and -0.5 in a number column as they are, and the text '-3' with the prefix", () => {
    const csv = toCsv(["change", "label"], [{ change: -3, label: "-3" }, { change: -0.5, label: "=1+2" }]);
    expect(csv).toBe("change,label\n-3,'-3\n-0.5,'=1+2\n");
  });
});

/** One column's cells as the column-table writer writes them, parsed back. */
function written(col: Column<unknown>): string[] {
  const table = new ColumnTable<{ c: unknown }>({ c: col }, col.length);
  const text = Buffer.concat([...tableCsvChunks(["c"], table)].map((b) => Buffer.from(b))).toString("utf8");
  return parse(text).slice(1).map((r) => r[0]);
}

describe("tableCsvChunks(columns, table) (the record downloads)", () => {
  it("guards long text on the fast path too: a summary whose first character is = + - @ gets the prefix", () => {
    const texts = ["=HYPERLINK(\"http://x.example\",\"click\")", "-2 officers", "+ plus", "@SUM(1)", "Plain summary.", "Ends with =", "'=already quoted", null];
    const col = new TextColumn(40);
    for (const t of texts) col.push(t);
    col.seal();
    expect(written(col)).toEqual(["'=HYPERLINK(\"http://x.example\",\"click\")", "'-2 officers", "'+ plus", "'@SUM(1)", "Plain summary.", "Ends with =", "''=already quoted", ""]);
  });

  it("for any text, in every kind of column that holds text, the cell parsed back and unguarded is the text", () => {
    fc.assert(
      fc.property(fc.array(fc.option(risky, { nil: null }), { minLength: 1, maxLength: 30 }), (values) => {
        const text = new TextColumn(64);
        for (const v of values) text.push(v);
        text.seal();
        const distinct = [...new Set(values.filter((v): v is string => v !== null))];
        const dict = new DictColumn<string>(distinct);
        for (const v of values) dict.pushCode(v === null ? 0 : distinct.indexOf(v) + 1);
        const array = new ArrayColumn(values);
        for (const col of [text, dict, array] as Column<unknown>[]) {
          const cells = written(col);
          expect(cells.length).toBe(values.length);
          cells.forEach((cell, i) => {
            expect(startsLikeFormula(cell)).toBe(false);
            expect(unguardFormula(cell)).toBe(values[i] ?? "");
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("leaves number columns alone: negative numbers are written as numbers", () => {
    expect(written(new NumberColumn(Float64Array.from([-3, -0.5, 0, 12, NaN]), 5))).toEqual(["-3", "-0.5", "0", "12", ""]);
  });

  it("takes fixed-width values that would read as formulas off the fast path", () => {
    const col = new FixedWidthColumn("=a-bcd", 2, Int32Array.from([0, 1, 2]));
    expect(written(col)).toEqual(["'=a", "'-b", "cd"]);
    const refs = new RefColumn(col, ["-missing"], Int32Array.from([1, -1, -2]));
    expect(written(refs)).toEqual(["'-b", "", "'-missing"]);
  });

  it("keeps the exact text in JSON", () => {
    const col = new TextColumn(40);
    for (const t of ["=1+2", "-x", "@y"]) col.push(t);
    col.seal();
    const write = cellWriter(col, JSON_VALUES);
    const out = [0, 1, 2].map((i) => {
      const sink = new ByteSink();
      write(sink, i);
      return JSON.parse(sink.take().toString("utf8"));
    });
    expect(out).toEqual(["=1+2", "-x", "@y"]);
    expect(CSV.value("=1+2")).toBe("'=1+2");
  });
});

describe("dictionaryMarkdown()", () => {
  it("says how a guarded cell is written and how to get the value back", () => {
    expect(dictionaryMarkdown()).toContain("A text cell that begins with = + - @, a tab or a carriage return is written with a leading ' ; remove it to get the value as recorded.");
  });
});
