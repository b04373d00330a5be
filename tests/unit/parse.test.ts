import { describe, expect, it } from "vitest";
import { csvParseRows } from "d3-dsv";
import { eachCsvRow, parseCsv } from "../../scripts/pipeline/parse.ts";

describe("parseCsv(file)", () => {
  it("strips a BOM and header spaces and reads CRLF files", () => {
    const p = parseCsv({ path: "x.csv", text: "\uFEFF a , b\r\n1,2\r\n3,4\r\n" });
    expect(p.header).toEqual(["a", "b"]);
    expect(p.rows).toEqual([["1", "2"], ["3", "4"]]);
    expect(p.lines).toEqual([2, 3]);
  });

  it("counts lines inside quoted cells so later rows keep their true line numbers", () => {
    const p = parseCsv({ path: "x.csv", text: 'a,b\n1,"two\nlines"\n3,4\n\n5,6\n' });
    expect(p.lines).toEqual([2, 4, 6]);
    expect(p.rows[2]).toEqual(["5", "6"]);
  });

  it("skips header rows repeated inside the file and reports their lines", () => {
    const p = parseCsv({ path: "x.csv", text: "a,b\n1,2\na,b\n3,4\n" });
    expect(p.rows).toEqual([["1", "2"], ["3", "4"]]);
    expect(p.repeatedHeaders).toEqual([3]);
  });

  it("reads rows exactly as d3-dsv's csvParseRows, on random text of quotes, commas and line ends", () => {
    const pieces = ["a", "bc", ",", '"', '""', "\n", "\r", "\r\n", " ", "é", ',"x",', "long text without quotes"];
    let seed = 1;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let n = 0; n < 20_000; n++) {
      let text = "";
      for (let k = Math.floor(random() * 24); k > 0; k--) text += pieces[Math.floor(random() * pieces.length)];
      const rows: string[][] = [];
      eachCsvRow(text, (cells, plain) => {
        rows.push(cells);
        // Cells read before the row's first quote hold no line break.
        expect(cells.slice(0, plain).some((c) => c.includes("\n")), JSON.stringify(text)).toBe(false);
      });
      expect(rows, JSON.stringify(text)).toEqual(csvParseRows(text));
    }
  });
});
