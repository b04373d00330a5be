// The adversary's checks on real exports: each worked example in examples/ is built from its
// agency export (../shared/datasets, read-only, never copied into the project), then its record
// downloads are checked for k-anonymity and its whole output searched for the export's identifier
// values (the columns its mapping.json drops or uses as record keys).
// Run with: npm run test:datasets (UOF_DATASETS=DIR points elsewhere).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { csvParseRows } from "d3-dsv";
import { describe, expect, it } from "vitest";
import { cleanEnv, copyDepartment, tmpDir } from "../helpers.ts";
import { attackHiddenCells, readFigures, readRecords } from "../adversary/hidden.ts";
import { describeGroups, filesUnder, kCheck, publishedK, searchFiles } from "../adversary/outside.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATASETS = path.resolve(process.env.UOF_DATASETS ?? path.join(ROOT, "..", "shared", "datasets"));

interface Source {
  file: string;
  keys: Record<string, string[] | string | { columns: string[] }>;
  drop?: string[];
}

function build(name: string, extra: string[]): { work: string; out: string; dist: string; report: string } {
  const sources = (JSON.parse(fs.readFileSync(path.join(ROOT, "examples", name, "mapping.json"), "utf8")).sources as Source[]).map((s) => s.file);
  const missing = sources.filter((f) => !fs.existsSync(path.join(DATASETS, f)));
  if (missing.length) {
    throw new Error(
      `The adversary's checks on real exports need the agency exports in ${DATASETS} (missing: ${missing.join(", ")}). ` +
        "Put the shared datasets folder beside the project (../shared/datasets) or set UOF_DATASETS=DIR.",
    );
  }
  const work = tmpDir(`uof-adv-${name}-`);
  const dept = path.join(work, name);
  copyDepartment(path.join(ROOT, "examples", name), dept);
  const out = path.join(work, "generated");
  const dist = path.join(work, "dist");
  const report = path.join(work, "report.md");
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/cli.ts"), "build", "--data", dept, "--source", DATASETS, "--out", out, "--dist", dist, "--imported", path.join(work, "imported"), "--report", report, ...extra],
    { cwd: work, encoding: "utf8", env: { ...cleanEnv(), UOF_PSEUDONYM_KEY: "adversary-key-0123456789abcdef" } },
  );
  if (r.status !== 0) throw new Error(`build of examples/${name} failed:\n${r.stdout}\n${r.stderr}`);
  return { work, out, dist, report };
}

/**
 * The identifier values of an example's export: every value of the columns its mapping drops and of
 * its single-column record keys, with a digit and at least 6 characters (shorter or word-only values,
 * such as a row number or a city name, say nothing about a person and may occur by chance).
 */
function identifierValues(name: string): { columns: string[]; values: string[] } {
  const columns: string[] = [];
  const values = new Set<string>();
  for (const s of JSON.parse(fs.readFileSync(path.join(ROOT, "examples", name, "mapping.json"), "utf8")).sources as Source[]) {
    const cols = new Set(s.drop ?? []);
    for (const k of Object.values(s.keys)) {
      const list = Array.isArray(k) ? k : typeof k === "object" ? k.columns : [];
      if (list.length === 1) cols.add(list[0]);
    }
    const rows = csvParseRows(fs.readFileSync(path.join(DATASETS, s.file), "utf8").replace(/^\uFEFF/, ""));
    const header = rows[0].map((h) => h.replace(/^\uFEFF/, "").trim());
    for (const c of cols) {
      const i = header.indexOf(c);
      if (i < 0) throw new Error(`examples/${name}/mapping.json names column "${c}", which ${s.file} does not have`);
      columns.push(`${s.file}: ${c}`);
      for (const r of rows.slice(1)) {
        const v = (r[i] ?? "").trim();
        if (v.length >= 6 && /\d/.test(v)) values.add(v);
      }
    }
  }
  return { columns, values: [...values] };
}

const EXAMPLES: [string, string[]][] = [["austin", []], ["nopd", ["--allow-rejected"]], ["south-bend", []]];

describe("real exports, checked from the outside", () => {
  for (const [name, extra] of EXAMPLES) {
    describe(`examples/${name}`, () => {
      let built: ReturnType<typeof build> | null = null;
      const get = () => (built ??= build(name, extra));

      it("the record downloads are k-anonymous over the linked files (yearly totals exempt)", () => {
        const b = get();
        const downloads = path.join(b.dist, "downloads");
        const { k, source } = publishedK(downloads);
        const r = kCheck(downloads, k);
        const hidden = attackHiddenCells(readFigures(downloads), readRecords(downloads), k);
        console.log(`examples/${name}: k = ${k} (${source})\n  ${describeGroups(r.subjects, k)}\n  ${describeGroups(r.incidents, k)}\n  hidden cells: ${hidden.cells.length}, determined: ${hidden.cells.filter((c) => c.determined).length}`);
        expect(r.subjects.records).toBeGreaterThan(0);
        const failures = [r.subjects, r.incidents].filter((g) => g.groupsBelow > 0).map((g) => describeGroups(g, k));
        expect(failures, failures.join("\n")).toEqual([]);
      });

      it("no value of the export's dropped or key columns appears in the output", () => {
        const b = get();
        const { columns, values } = identifierValues(name);
        const files = [...filesUnder(b.dist), ...filesUnder(b.out), b.report];
        const r = searchFiles(files, values);
        console.log(`examples/${name}: identifier values searched: ${values.length} (from ${columns.join(", ")}); files read: ${r.filesRead} (${r.pagefindFiles} Pagefind, decompressed); found: ${r.found.size}`);
        expect(values.length).toBeGreaterThan(100);
        const leaks = [...r.found].slice(0, 10).map(([v, where]) => `"${v.slice(0, 3)}…" (${v.length} characters) in ${where.slice(0, 3).map((f) => path.relative(b.work, f)).join(", ")}`);
        expect(leaks, `${r.found.size} identifier value(s) of the export found in the output:\n${leaks.join("\n")}`).toEqual([]);
      });
    });
  }
});
