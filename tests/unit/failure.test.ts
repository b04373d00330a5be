// Failures other than problems in the data: one located sentence, the trace in the report.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeFailure, withoutTrace, writeFailureReport } from "../../scripts/failure.ts";
import { tmpDir } from "../helpers.ts";

const sysError = (code: string, p: string, syscall = "write") => Object.assign(new Error(`${code}: something, ${syscall} '${p}'`), { code, path: p, syscall });

describe("describeFailure(error)", () => {
  it("names the path, the cause and a fix for operating-system errors", () => {
    expect(describeFailure(sysError("ENOSPC", "generated/downloads/incidents.csv"))).toBe(
      "generated/downloads/incidents.csv: no space is left on the device (ENOSPC in write). Fix: free some space there (or write the output elsewhere with --out and --dist) and run again.",
    );
    expect(describeFailure(sysError("EISDIR", "data/incidents.csv", "read"))).toMatch(/^data\/incidents\.csv: it is a folder where a file was expected/);
    expect(describeFailure(sysError("EACCES", "data/config.json", "open"))).toMatch(/permission was denied \(EACCES in open\)\. Fix: give the user/);
  });

  it("keeps only the first line of other errors' messages", () => {
    expect(describeFailure(new Error("bad thing\n    at x (y.ts:1:2)"))).toBe("bad thing.");
  });
});

describe("writeFailureReport(path, error, context)", () => {
  it("writes the full trace to the report, not to the terminal", () => {
    const file = path.join(tmpDir(), "reports", "r.md");
    const e = new Error("boom");
    expect(writeFailureReport(file, e, "data run")).toBe(`Details: ${file}`);
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain("The data run stopped before anything was published. boom.");
    expect(text).toContain(e.stack!.split("\n")[1].trim());
  });

  it("says, located, when the report itself cannot be written", () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, "file"), "");
    const msg = writeFailureReport(path.join(dir, "file", "r.md"), new Error("boom"), "data run");
    expect(msg).toMatch(/^The details could not be written to .*file\/r\.md either: .*file.*(ENOTDIR|EEXIST)/);
  });
});

describe("withoutTrace(output)", () => {
  it("drops stack frames and Node's version line", () => {
    expect(withoutTrace("Error: x\n    at a (b.js:1:1)\n    at c\n\nNode.js v20.20.2\nnext line")).toEqual(["Error: x", "next line"]);
  });
});
