import { describe, expect, it } from "vitest";
import { parseCsv } from "../../scripts/pipeline/parse.ts";

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
});
