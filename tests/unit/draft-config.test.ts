// A draft config.json, as `npm run mapping:init` writes it, is never built: the run stops before
// it writes anything, naming every placeholder to fill in.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runInit } from "../../scripts/import/init.ts";
import { FIXTURES, cleanEnv, tmpDir } from "../helpers.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** A department folder drafted by mapping:init from the fixture export, in a fresh working folder. */
function drafted(): { work: string; dept: string } {
  const work = tmpDir("uof-draft-");
  const dept = path.join(work, "dept");
  fs.mkdirSync(dept);
  fs.copyFileSync(path.join(FIXTURES, "import", "officer-force.csv"), path.join(dept, "officer-force.csv"));
  const r = runInit([path.join(dept, "officer-force.csv"), "--out", dept]);
  expect(r.code, r.lines.join("\n")).toBe(0);
  return { work, dept };
}

/** Everything under a folder, as relative paths. */
const tree = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort() : []);

describe("build on a draft config.json", () => {
  it("stops before writing anything, naming every field to fill in: file, line, field and what to put there", () => {
    const { work, dept } = drafted();
    const before = tree(dept);
    const env = cleanEnv();
    // No key in the environment: a run that went on would create one in the department's folder.
    delete env.UOF_PSEUDONYM_KEY;
    const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/cli.ts"), "build", "--data", "dept", "--out", "generated", "--dist", "dist"], { cwd: work, env, encoding: "utf8" });
    const out = r.stdout + r.stderr;
    expect(r.status, out).toBe(1);
    const config = fs.readFileSync(path.join(dept, "config.json"), "utf8").split("\n");
    const line = (needle: string) => config.findIndex((l) => l.includes(needle)) + 1;
    expect(out).toContain("dept/config.json is still the draft mapping:init wrote: fill in these 5 fields first.");
    for (const [field, needle, what] of [
      ["name", '"name": "EDIT ME', "the department's full name"],
      ["short_name", '"short_name"', "a short name for page titles"],
      ["jurisdiction", '"jurisdiction"', "the area the department serves"],
      ["contact.url", "EDIT-ME", "the web page where readers ask about the data"],
      ["version", '"version"', `this release's version, e.g. "2025.1"`],
    ]) {
      expect(out, field).toContain(`dept/config.json:${line(needle)}, "${field}": expected`);
      expect(out, field).toMatch(new RegExp(`"${field.replace(".", "\\.")}": [^\\n]*Fix: put ${what.replace(/[.()]/g, "\\$&")}`));
    }
    // Nothing written: no generated folder, no site, no imported tables, no pseudonym key.
    for (const d of ["generated", "dist"]) expect(fs.existsSync(path.join(work, d)), d).toBe(false);
    expect(tree(path.join(work, "imported"))).toEqual([]);
    expect(tree(dept)).toEqual(before);
    // The report lists the same problems, for the person filling them in.
    expect(fs.readFileSync(path.join(work, "reports", "dept-report.md"), "utf8")).toMatch(/## Problems \(5\)/);
  });

  it("`import` still runs on a draft, to try the mapping out", () => {
    const { work } = drafted();
    const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/cli.ts"), "import", "--data", "dept"], { cwd: work, env: cleanEnv(), encoding: "utf8" });
    expect(r.stdout + r.stderr).not.toContain(`placeholder "EDIT ME"`);
    expect(fs.existsSync(path.join(work, "reports", "dept-import.md"))).toBe(true);
  });
});
