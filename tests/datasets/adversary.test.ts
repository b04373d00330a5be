// The adversary's checks on real exports: each worked example in examples/ is built from its
// agency export (../shared/datasets, read-only, never copied into the project), then its record
// downloads are checked for k-anonymity and its whole output searched for the export's identifier
// values (the columns its mapping.json drops or uses as record keys).
// Run with: npm run test:datasets (UOF_DATASETS=DIR points elsewhere).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import * as XLSX from "@e965/xlsx";
import { csvParseRows } from "d3-dsv";
import { describe, expect, it } from "vitest";
import { cleanEnv, copyDepartment, tmpDir } from "../helpers.ts";
import { attackHiddenCells, readFigures, readRecords } from "../adversary/hidden.ts";
import { describeGroups, filesUnder, kCheck, publishedK, searchFiles } from "../adversary/outside.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATASETS = path.resolve(process.env.UOF_DATASETS ?? path.join(ROOT, "..", "shared", "datasets"));

interface Source {
  file?: string;
  files?: (string | { file: string })[];
  sheet?: string | number;
  keys: Record<string, string[] | string | boolean | { columns?: string[]; first_of?: string[][] }>;
  drop?: string[];
}

/** The export files a source reads. */
const filesOf = (s: Source) => (s.files ?? [s.file!]).map((x) => (typeof x === "string" ? x : x.file));

/** A file's rows as text: a CSV as written, or a workbook's sheet as displayed. */
function rowsOf(file: string, sheet?: string | number): string[][] {
  if (!/\.xlsx?$/i.test(file)) return csvParseRows(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  const wb = XLSX.read(fs.readFileSync(file));
  const name = typeof sheet === "number" ? wb.SheetNames[sheet - 1] : (sheet ?? wb.SheetNames.find((n) => wb.Sheets[n]["!ref"]) ?? wb.SheetNames[0]);
  return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name], { header: 1, raw: false, defval: "", blankrows: false }).map((r) => r.map((c) => String(c)));
}

/** Header names compared as the import compares them: case, a byte-order mark and runs of spaces aside. */
const loose = (h: string) => h.replace(/^\uFEFF/, "").trim().replace(/\s+/g, " ").toLowerCase();

function build(name: string, extra: string[], folder: string): { work: string; out: string; dist: string; report: string } {
  const source = path.join(DATASETS, folder);
  const sources = (JSON.parse(fs.readFileSync(path.join(ROOT, "examples", name, "mapping.json"), "utf8")).sources as Source[]).flatMap(filesOf);
  const missing = sources.filter((f) => !fs.existsSync(path.join(source, f)));
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
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/cli.ts"), "build", "--data", dept, "--source", source, "--out", out, "--dist", dist, "--imported", path.join(work, "imported"), "--report", report, ...extra],
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
function identifierValues(name: string, folder: string): { columns: string[]; values: string[] } {
  const columns: string[] = [];
  const values = new Set<string>();
  for (const s of JSON.parse(fs.readFileSync(path.join(ROOT, "examples", name, "mapping.json"), "utf8")).sources as Source[]) {
    const cols = new Set(s.drop ?? []);
    for (const k of Object.values(s.keys)) {
      const lists = Array.isArray(k) ? [k] : typeof k === "object" ? (k.first_of ?? (k.columns ? [k.columns] : [])) : [];
      for (const list of lists) if (list.length === 1) cols.add(list[0]);
    }
    const found = new Set<string>();
    for (const f of filesOf(s)) {
      const rows = rowsOf(path.join(DATASETS, folder, f), s.sheet);
      // The header is the first row naming a listed column (a title row may sit above it).
      const at = Math.max(0, rows.findIndex((r) => r.some((h) => [...cols].some((c) => loose(c) === loose(h)))));
      const header = rows[at].map(loose);
      for (const c of cols) {
        const i = header.indexOf(loose(c));
        // A dropped column may be in some of a source's files only (columns drift over the years).
        if (i < 0) continue;
        found.add(c);
        columns.push(`${f}: ${c}`);
        for (const r of rows.slice(at + 1)) {
          const v = (r[i] ?? "").trim();
          if (v.length >= 6 && /\d/.test(v)) values.add(v);
        }
      }
    }
    const nowhere = [...cols].filter((c) => !found.has(c));
    if (nowhere.length) throw new Error(`examples/${name}/mapping.json names column(s) ${nowhere.join(", ")}, which no file of its source has`);
  }
  return { columns, values: [...values] };
}

/**
 * Each example: its build flags, the folder of ../shared/datasets its files are in, and how many
 * identifier values its export must yield at least (Lincoln's and Northampton's keys are small
 * row numbers and they drop nothing longer, so there is nothing of 6 characters to look for).
 */
const EXAMPLES: [string, string[], string, number][] = [
  ["austin", [], "", 100],
  ["nopd", ["--allow-rejected"], "", 100],
  ["south-bend", [], "", 100],
  ["austin-2009-2017", [], "", 100],
  ["lincoln", [], "", 0],
  ["bloomington", [], "bloomington-xlsx", 100],
  ["northampton", [], "northampton-excel", 0],
];

describe("real exports, checked from the outside", () => {
  for (const [name, extra, folder, least] of EXAMPLES) {
    describe(`examples/${name}`, () => {
      let built: ReturnType<typeof build> | null = null;
      const get = () => (built ??= build(name, extra, folder));

      it("the record downloads are k-anonymous over the linked files (yearly totals exempt)", () => {
        const b = get();
        const downloads = path.join(b.dist, "downloads");
        const { k, source } = publishedK(downloads);
        const r = kCheck(downloads, k);
        const hidden = attackHiddenCells(readFigures(downloads), readRecords(downloads), k);
        console.log(`examples/${name}: k = ${k} (${source})\n  ${describeGroups(r.subjects, k)}\n  ${describeGroups(r.incidents, k)}${r.officers ? `\n  ${describeGroups(r.officers, k)}` : ""}\n  hidden cells: ${hidden.cells.length}, determined: ${hidden.cells.filter((c) => c.determined).length}`);
        expect(r.subjects.records).toBeGreaterThan(0);
        // Officers' details, where the export has them, are checked like subjects'.
        const failures = [r.subjects, r.incidents, ...(r.officers ? [r.officers] : [])].filter((g) => g.groupsBelow > 0).map((g) => describeGroups(g, k));
        expect(failures, failures.join("\n")).toEqual([]);
      });

      it("no value of the export's dropped or key columns appears in the output", () => {
        const b = get();
        const { columns, values } = identifierValues(name, folder);
        const files = [...filesUnder(b.dist), ...filesUnder(b.out), b.report];
        const r = searchFiles(files, values);
        console.log(`examples/${name}: identifier values searched: ${values.length} (from ${columns.join(", ")}); files read: ${r.filesRead} (${r.pagefindFiles} Pagefind, decompressed); found: ${r.found.size}`);
        expect(values.length).toBeGreaterThanOrEqual(least);
        const leaks = [...r.found].slice(0, 10).map(([v, where]) => `"${v.slice(0, 3)}…" (${v.length} characters) in ${where.slice(0, 3).map((f) => path.relative(b.work, f)).join(", ")}`);
        expect(leaks, `${r.found.size} identifier value(s) of the export found in the output:\n${leaks.join("\n")}`).toEqual([]);
      });
    });
  }
});
