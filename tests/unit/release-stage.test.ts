// The release stage's refusals: a release history is never rewritten or hidden by a build of
// the wrong version or date, and the output stays as it was.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diskIo } from "../../scripts/pipeline/io.ts";
import { InputError } from "../../scripts/pipeline/problems.ts";
import { runPipeline } from "../../scripts/pipeline/run.ts";
import { recordRelease } from "../../scripts/release/stage.ts";
import type { ReleaseIndex } from "../../src/lib/releases.ts";
import { memoryLogger } from "../../scripts/pipeline/log.ts";
import { copyFixture, TEST_KEY } from "../helpers.ts";

const FINGERPRINT = "0123456789abcdef0123456789abcdef";

function build(dataDir: string, outDir: string) {
  const log = memoryLogger();
  try {
    runPipeline(diskIo, { dataDir, outDir, key: TEST_KEY, keyCheck: FINGERPRINT, allowRejected: false, reportPath: path.join(path.dirname(outDir), "report.md"), log });
    return { problems: null, log: log.lines };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { problems: e.problems, log: log.lines };
  }
}

function setConfig(dir: string, edit: Record<string, unknown>): void {
  const file = path.join(dir, "config.json");
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), ...edit }, null, 2));
}

describe("release stage", () => {
  const dir = copyFixture("small");
  const out = path.join(path.dirname(dir), "generated");
  const log = memoryLogger();

  it("records two releases, then refuses to build the older one again or to date a new one before the newest", () => {
    setConfig(dir, { version: "2024.1", released: "2024-02-01" });
    expect(build(dir, out).problems).toBeNull();
    recordRelease(dir, out, log);
    setConfig(dir, { version: "2024.2", released: "2024-06-01" });
    expect(build(dir, out).problems).toBeNull();
    recordRelease(dir, out, log);
    const before = fs.readFileSync(path.join(out, "site", "releases.json"));
    const index = JSON.parse(before.toString("utf8")) as ReleaseIndex;
    expect(index.releases.map((r) => [r.version, r.recorded])).toEqual([["2024.2", false], ["2024.1", true]]);

    // The older release built again would hide the newer one.
    setConfig(dir, { version: "2024.1", released: "2024-02-01" });
    const older = build(dir, out);
    expect(older.problems).toEqual([expect.objectContaining({ field: "version", value: "2024.1", expected: expect.stringContaining("older than release 2024.2") })]);
    // A new version dated before the newest release.
    setConfig(dir, { version: "2024.3", released: "2024-05-01" });
    const early = build(dir, out);
    expect(early.problems).toEqual([expect.objectContaining({ field: "released", value: "2024-05-01", expected: expect.stringContaining("on or after 2024-06-01") })]);
    // Neither touched the output.
    expect(fs.readFileSync(path.join(out, "site", "releases.json"))).toEqual(before);
    // The newest release built again with the same data is the recorded one.
    setConfig(dir, { version: "2024.2", released: "2024-06-01" });
    expect(build(dir, out).problems).toBeNull();
    const again = JSON.parse(fs.readFileSync(path.join(out, "site", "releases.json"), "utf8")) as ReleaseIndex;
    expect(again.releases.map((r) => [r.version, r.recorded])).toEqual([["2024.2", true], ["2024.1", true]]);
  });
});
