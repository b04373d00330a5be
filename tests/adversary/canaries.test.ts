// Canaries: identifiers planted in a copy of the sample department must not reach anything a
// build writes (the site with its search index decompressed, the generated folder, the report),
// and identifier-shaped text in a summary must stop the build without being printed whole.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, inject, it } from "vitest";
import { ROOT } from "../e2e/build.ts";
import { cleanEnv, copyDepartment, tmpDir } from "../helpers.ts";
import { CANARY_PREFIX, plantTextCanaries, TEXT_CANARIES, TEXT_CANARY_VALUES } from "./canaries.ts";
import { filesUnder, searchFiles } from "./outside.ts";

describe("canaries planted in the input", () => {
  it("no canary from an identifier, never-published or extra column appears anywhere in the output", () => {
    const canary = inject("canary");
    if (!canary.ok) throw new Error(`the build of the department with canaries failed: ${canary.error}`);
    const { dist, out, work, planted } = canary.value;
    const report = path.join(work, "report.md");
    const files = [...filesUnder(dist), ...filesUnder(out), report];
    const r = searchFiles(files, planted.values, [CANARY_PREFIX]);
    console.log(`canaries planted: ${planted.values.length} (${Object.entries(planted.where).map(([w, n]) => `${w} ${n}`).join(", ")})`);
    console.log(`searched ${r.filesRead} files (${r.pagefindFiles} Pagefind index files decompressed); canaries found: ${r.found.size}; tokens starting with ${CANARY_PREFIX}: ${r.prefixHits.size}`);
    // The search itself works: the report names the extra columns it dropped, and the site is complete.
    expect(r.pagefindFiles).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(dist, "index.html"))).toBe(true);
    expect(planted.values.length).toBeGreaterThan(1000);
    const leaks = [...r.found].slice(0, 10).map(([v, where]) => `${v} in ${where.slice(0, 3).map((f) => path.relative(work, f)).join(", ")}`);
    const partial = [...r.prefixHits].slice(0, 10).map(([v, where]) => `${v} in ${where.slice(0, 3).map((f) => path.relative(work, f)).join(", ")}`);
    expect(leaks, `${r.found.size} canaries found:\n${leaks.join("\n")}`).toEqual([]);
    expect(partial, `${r.prefixHits.size} tokens starting with ${CANARY_PREFIX}:\n${partial.join("\n")}`).toEqual([]);
  });

  it("the search finds a canary where one is (the check can fail)", () => {
    const dir = tmpDir("uof-canary-self-");
    fs.mkdirSync(path.join(dir, "pagefind"));
    fs.writeFileSync(path.join(dir, "a.html"), "<p>Seen at <b>CNRYaddr000123</b> Canary   street</p>");
    fs.writeFileSync(path.join(dir, "pagefind", "x.pf_fragment"), zlib.gzipSync(Buffer.from('pagefind_dcd{"content":"officer CNRYoffi000777"}')));
    const r = searchFiles(filesUnder(dir), ["CNRYaddr000123 Canary Street", "CNRYoffi000777", "CNRYnever000001"], [CANARY_PREFIX]);
    expect([...r.found.keys()].sort()).toEqual(["CNRYaddr000123 Canary Street", "CNRYoffi000777"]);
    expect(r.pagefindFiles).toBe(1);
  });

  it("identifier-shaped text in a summary stops the build, naming file, line and column, without printing the identifier whole", () => {
    const work = tmpDir("uof-canary-text-");
    const dept = path.join(work, "data");
    copyDepartment(path.join(ROOT, "data"), dept);
    const { file, lines, column } = plantTextCanaries(dept);
    const res = spawnSync(
      process.execPath,
      [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/cli.ts"), "build", "--data", dept, "--out", path.join(work, "generated"), "--dist", path.join(work, "dist"), "--report", path.join(work, "report.md")],
      { cwd: ROOT, encoding: "utf8", env: { ...cleanEnv(), UOF_PSEUDONYM_KEY: "canary-key-0123456789abcdef" } },
    );
    const output = res.stdout + res.stderr;
    const report = fs.existsSync(path.join(work, "report.md")) ? fs.readFileSync(path.join(work, "report.md"), "utf8") : "";
    console.log(`text canaries: build exit status ${res.status}; output:\n${output.split("\n").filter((l) => /summary|incidents/.test(l)).slice(0, 8).join("\n")}`);
    fs.rmSync(work, { recursive: true, force: true });
    expect(res.status, "the build must fail").toBe(1);
    expect(fs.existsSync(path.join(work, "dist", "index.html"))).toBe(false);
    const rel = path.basename(file);
    lines.forEach((line, i) => {
      const named = output.split("\n").some((l) => l.includes(rel) && new RegExp(`\\b${line}\\b`).test(l) && (l.includes(`column ${column}`) || l.includes("summary")));
      expect(named, `${TEXT_CANARIES[i].what} planted at ${rel} line ${line}, column ${column} (summary) is not named in the output`).toBe(true);
    });
    const printed = TEXT_CANARY_VALUES.filter((v) => output.toLowerCase().includes(v.toLowerCase()));
    expect(printed, `printed whole in the build output: ${printed.join(", ")}`).toEqual([]);
    const inReport = TEXT_CANARY_VALUES.filter((v) => report.toLowerCase().includes(v.toLowerCase()));
    expect(inReport, `printed whole in the report file: ${inReport.join(", ")}`).toEqual([]);
  });
});
