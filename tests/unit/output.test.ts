// Output folders swapped whole through a link: what a reader sees at every step, and what the next run cleans.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { abandonOutput, beginOutput, commitOutput, recoverOutput, storeOf } from "../../scripts/pipeline/output.ts";
import { cleanEnv, FIXTURES, outputLeftovers, readTree, TEST_KEY, tmpDir } from "../helpers.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Makes a build of the given files and commits it. */
function publish(out: string, files: Record<string, string>): void {
  const tmp = beginOutput(out);
  for (const [f, t] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tmp, f)), { recursive: true });
    fs.writeFileSync(path.join(tmp, f), t);
  }
  commitOutput(out, tmp);
}

const tree = (dir: string) => Object.fromEntries([...readTree(dir)].map(([k, v]) => [k, v.toString()]));

describe("beginOutput / commitOutput", () => {
  it("commitOutput(out, tmp) makes out a relative link to the new build and removes the previous one", () => {
    const out = path.join(tmpDir(), "generated");
    publish(out, { "a.txt": "one" });
    expect(fs.lstatSync(out).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(out)).toMatch(/^\.generated\.builds\/\d{15}-\d+-\d+$/);
    publish(out, { "b/c.txt": "two" });
    expect(tree(out)).toEqual({ "b/c.txt": "two" });
    expect(fs.readdirSync(storeOf(out))).toHaveLength(1);
    expect(outputLeftovers(out)).toEqual([]);
  });

  it("a build that is begun but not committed is invisible, and abandonOutput leaves nothing", () => {
    const out = path.join(tmpDir(), "dist");
    publish(out, { "index.html": "old" });
    const tmp = beginOutput(out);
    fs.writeFileSync(path.join(tmp, "index.html"), "half");
    expect(tree(out)).toEqual({ "index.html": "old" });
    abandonOutput(tmp);
    expect(tree(out)).toEqual({ "index.html": "old" });
    expect(outputLeftovers(out)).toEqual([]);
  });

  it("replaces a real folder made by an older kit or by hand, and refuses to replace a file", () => {
    const parent = tmpDir();
    const out = path.join(parent, "dist");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "old.html"), "old");
    publish(out, { "new.html": "new" });
    expect(fs.lstatSync(out).isSymbolicLink()).toBe(true);
    expect(tree(out)).toEqual({ "new.html": "new" });
    expect(fs.readdirSync(parent).sort()).toEqual([".dist.builds", "dist"]);
    const file = path.join(parent, "notes");
    fs.writeFileSync(file, "mine");
    expect(() => beginOutput(file)).toThrow(/notes is a file, not an output folder/);
    expect(fs.readFileSync(file, "utf8")).toBe("mine");
  });
});

describe("recoverOutput(out)", () => {
  it("removes half-written builds, spare links and builds no longer in use, keeping the current one", () => {
    const parent = tmpDir();
    const out = path.join(parent, "generated");
    publish(out, { "x.json": "{}" });
    const store = storeOf(out);
    fs.mkdirSync(path.join(store, "tmp-000000000000001-1-0"));
    fs.writeFileSync(path.join(store, "tmp-000000000000001-1-0", "half.json"), "{");
    fs.mkdirSync(path.join(store, "000000000000002-2-0"));
    fs.symlinkSync(".generated.builds/000000000000002-2-0", path.join(parent, "generated.link-99"));
    expect(outputLeftovers(out).length).toBe(3);
    recoverOutput(out);
    expect(outputLeftovers(out)).toEqual([]);
    expect(tree(out)).toEqual({ "x.json": "{}" });
  });

  it("restores the output when a run was killed between the two renames of an older kit's swap", () => {
    const parent = tmpDir();
    const out = path.join(parent, "dist");
    fs.mkdirSync(path.join(parent, "dist.old-4242"));
    fs.writeFileSync(path.join(parent, "dist.old-4242", "index.html"), "previous");
    fs.mkdirSync(path.join(parent, "dist.tmp-4242"));
    recoverOutput(out);
    expect(tree(out)).toEqual({ "index.html": "previous" });
    expect(fs.readdirSync(parent)).toEqual(["dist"]);
  });

  it("points a missing or dangling output at the newest complete build", () => {
    const parent = tmpDir();
    const out = path.join(parent, "generated");
    publish(out, { "a.txt": "one" });
    const store = storeOf(out);
    const newer = "999999999999999-1-0";
    fs.mkdirSync(path.join(store, newer));
    fs.writeFileSync(path.join(store, newer, "a.txt"), "two");
    fs.rmSync(path.join(store, path.basename(fs.readlinkSync(out))), { recursive: true });
    recoverOutput(out);
    expect(tree(out)).toEqual({ "a.txt": "two" });
    expect(outputLeftovers(out)).toEqual([]);
  });
});

describe("the command line after an interrupted run", () => {
  it("a refused run still puts back the output an interrupted swap left aside, and removes half-written builds", () => {
    const work = tmpDir();
    const dept = path.join(work, "dept");
    fs.cpSync(path.join(FIXTURES, "small", "input"), dept, { recursive: true });
    const cli = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/cli.ts"), "data", "--data", "dept", "--out", "generated", "--report", "report.md", ...args], { cwd: work, env: { ...cleanEnv(), UOF_PSEUDONYM_KEY: TEST_KEY }, encoding: "utf8" });
    expect(cli([]).status).toBe(0);
    const before = readTree(path.join(work, "generated"));
    // As an older kit's run killed between its two renames leaves it, plus a half-written build.
    const real = fs.realpathSync(path.join(work, "generated"));
    fs.rmSync(path.join(work, "generated"));
    fs.renameSync(real, path.join(work, "generated.old-4242"));
    fs.mkdirSync(path.join(work, ".generated.builds", "tmp-000000000000001-4242-0"), { recursive: true });
    // A run refused for its input.
    fs.writeFileSync(path.join(dept, "config.json"), "{ not json");
    const r = cli([]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain("dept/config.json");
    expect(readTree(path.join(work, "generated"))).toEqual(before);
    expect(outputLeftovers(path.join(work, "generated"))).toEqual([]);
    expect(fs.readdirSync(work).filter((n) => n.startsWith("generated."))).toEqual([]);
  });
});
