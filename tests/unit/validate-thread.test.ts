// The helper thread (validate-thread.ts) must change nothing but the time taken: the same
// output bytes, and the same problems, rejections, notes and report, in the same order.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diskIo } from "../../scripts/pipeline/io.ts";
import { memoryLogger } from "../../scripts/pipeline/log.ts";
import { formatProblem, InputError } from "../../scripts/pipeline/problems.ts";
import { runPipeline } from "../../scripts/pipeline/run.ts";
import { ThreadUnavailable, ValidationThread } from "../../scripts/pipeline/validate-thread.ts";
import { identifierValues } from "../../scripts/pipeline/validate.ts";
import { FIXTURES, TEST_KEY, copyFixture, readTree, setCell, tmpDir } from "../helpers.ts";

function runWith(dataDir: string, helperThread: boolean, allowRejected = false) {
  const outDir = path.join(tmpDir(), "generated");
  const reportPath = path.join(path.dirname(outDir), "report.md");
  const log = memoryLogger();
  let error: unknown = null;
  let result = null;
  try {
    result = runPipeline(diskIo, { dataDir, outDir, key: TEST_KEY, allowRejected, reportPath, log, helperThread });
  } catch (e) {
    error = e;
  }
  // Stage times vary from run to run; everything else must not.
  const lines = log.lines.map((l) => l.replace(/\(\d+\.\d+ s\)/g, "").replace(/done in .*/, "").replace(path.dirname(outDir), "TMP"));
  return { result, error, lines, report: fs.existsSync(reportPath) ? fs.readFileSync(reportPath, "utf8") : null, outDir };
}

function expectSameRuns(dataDir: string, allowRejected = false) {
  const one = runWith(dataDir, false, allowRejected);
  const two = runWith(dataDir, true, allowRejected);
  expect(two.lines).toEqual(one.lines);
  expect(two.report).toEqual(one.report);
  expect(two.result).toEqual(one.result);
  if (one.error) {
    expect(two.error).toBeInstanceOf(InputError);
    expect((two.error as InputError).problems.map(formatProblem)).toEqual((one.error as InputError).problems.map(formatProblem));
  } else expect(two.error).toBeNull();
  return { one, two };
}

describe("validating tables on a helper thread", () => {
  it("gives the golden output byte for byte", () => {
    const { two } = expectSameRuns(path.join(FIXTURES, "small", "input"));
    const got = readTree(two.outDir);
    const want = readTree(path.join(FIXTURES, "small", "expected"));
    expect([...got.keys()]).toEqual([...want.keys()]);
    for (const [p, bytes] of want) expect(got.get(p)!.equals(bytes), p).toBe(true);
  });

  it("reports the same problems in the same order, from tables on either thread", () => {
    const data = copyFixture("small");
    setCell(path.join(data, "incidents/2023.csv"), 3, "date", "2023-02-30");
    setCell(path.join(data, "subjects.csv"), 4, "age", "thirty");
    setCell(path.join(data, "force_uses.csv"), 3, "force_type", "lasso");
    setCell(path.join(data, "calls_for_service.csv"), 2, "district", "EAST");
    const { two } = expectSameRuns(data);
    expect((two.error as InputError).problems.length).toBeGreaterThanOrEqual(4);
  });

  it("resolves references across the threads: unknown and rejected incidents, published rows with --allow-rejected", () => {
    const data = copyFixture("small");
    setCell(path.join(data, "incidents/2022.csv"), 3, "date", "yesterday");
    setCell(path.join(data, "force_uses.csv"), 2, "incident_id", "E-404");
    setCell(path.join(data, "subjects.csv"), 3, "incident_id", "E-405");
    // A duplicate incident id: references resolve to its first row.
    setCell(path.join(data, "incidents/2023.csv"), 2, "incident_id", "E-1");
    const rejected = expectSameRuns(data);
    expect(rejected.two.error).toBeInstanceOf(InputError);
    const published = expectSameRuns(data, true);
    expect(published.two.error).toBeNull();
    const got = readTree(published.two.outDir);
    const want = readTree(published.one.outDir);
    for (const [p, bytes] of want) expect(got.get(p)!.equals(bytes), p).toBe(true);
  });

  it("finds identifiers in free text from values read on either thread", () => {
    const data = copyFixture("small");
    setCell(path.join(data, "subjects.csv"), 2, "name", "Zebulon Quartermaine");
    setCell(path.join(data, "incidents/2022.csv"), 3, "summary", "Officers spoke with Zebulon Quartermaine at the door.");
    const { two } = expectSameRuns(data);
    // The value found is shown masked: the log and the report never repeat the name.
    expect((two.error as InputError).problems.map((p) => p.value)).toContain("ze*** qu***");
  });

  it("says so when the thread cannot load its module, so that its tables are validated on the main thread", () => {
    const thread = ValidationThread.start({ tables: [], pending: [] }, new URL("./no-such-module.ts", import.meta.url).href);
    expect(() => thread.take({}, identifierValues())).toThrow(ThreadUnavailable);
  });
});
