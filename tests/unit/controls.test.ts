// Control characters: tab, LF and CR are text; other C0 controls, DEL and C1 controls are refused.
import { describe, expect, it } from "vitest";
import { aroundControl, controlName, controlsIn, hasControl, lineControlProblems, looksLikeUtf16, showControls } from "../../scripts/pipeline/controls.ts";
import { formatProblem } from "../../scripts/pipeline/problems.ts";

describe("hasControl(text)", () => {
  it("accepts tab, line feed, carriage return and every printable character, and refuses NUL, BEL, ESC, DEL and C1 controls", () => {
    expect(hasControl("a\tb\r\nc\n é € \u00A0 \u2028 😀")).toBe(false);
    for (const c of ["\u0000", "\u0007", "\u0008", "\u000B", "\u000C", "\u001B", "\u001F", "\u007F", "\u0080", "\u0085", "\u009F"]) {
      expect(hasControl(`ab${c}cd`), `U+${c.charCodeAt(0).toString(16)}`).toBe(true);
    }
  });
});

describe("controlName(ch) and showControls(text)", () => {
  it("names a control character and writes it as a \\u escape", () => {
    expect(controlName("\u0000")).toBe("NUL (U+0000)");
    expect(controlName("\u001B")).toBe("ESC (U+001B)");
    expect(controlName("\u007F")).toBe("DEL (U+007F)");
    expect(controlName("\u0085")).toBe("a C1 control (U+0085)");
    expect(showControls("a\u0000b\u001b[31mc\td")).toBe("a\\u0000b\\u001b[31mc\td");
  });

  it("aroundControl(text, index) shows the 30 characters either side of it", () => {
    const text = "x".repeat(50) + "\u0007" + "y".repeat(50);
    expect(aroundControl(text, 50)).toBe("..." + "x".repeat(30) + "\\u0007" + "y".repeat(30) + "...");
  });
});

describe("controlsIn(text)", () => {
  it("locates each control character by line and character", () => {
    expect(controlsIn("ok\r\nab\u0000c\nfine\n\u001b\u001b")).toEqual([
      { line: 2, column: 3, name: "NUL (U+0000)" },
      { line: 4, column: 1, name: "ESC (U+001B)" },
      { line: 4, column: 2, name: "ESC (U+001B)" },
    ]);
  });
});

describe("lineControlProblems(file, text)", () => {
  it("gives one problem per line holding a control character, at that line", () => {
    const p = lineControlProblems("policy/continuum.md", "---\ntitle: T\n---\nOfficers\u0007 shall\u0007 act.\nok\n\u007f\n");
    expect(p.map(formatProblem)).toEqual([
      "policy/continuum.md:4: expected text without control characters; found BEL (U+0007) at character 9 of the line. Fix: delete the character (most programs do not show it; a text editor that shows invisible characters does), then export or save the file again",
      expect.stringMatching(/^policy\/continuum\.md:6: expected text without control characters; found DEL \(U\+007F\) at character 1 of the line/),
    ]);
  });

  it("gives one problem for a file that looks like UTF-16 without a byte-order mark", () => {
    const text = Buffer.from("---\ntitle: T\n---\nText\n", "utf16le").toString("latin1");
    expect(looksLikeUtf16(text)).toBe(true);
    expect(lineControlProblems("policy/a.md", text).map(formatProblem)).toEqual([
      "policy/a.md:1: expected UTF-8 text; this file looks like UTF-16 without a byte-order mark (every other byte is NUL). Fix: save the file again as UTF-8 (or as UTF-16 with a byte-order mark)",
    ]);
  });
});

describe("formatProblem(p)", () => {
  it("never writes a control character of the input raw, where a terminal would act on it", () => {
    const line = formatProblem({ file: "a\u001b.csv", line: 2, column: 1, field: "x\u0007", value: "\u001b[2J", expected: "e", fix: "f" });
    expect(hasControl(line)).toBe(false);
    expect(line).toBe('a\\u001b.csv:2, column 1 "x\\u0007": expected e; got "\\u001b[2J". Fix: f');
  });
});
