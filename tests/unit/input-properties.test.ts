// Property tests of reading and validating: whatever the bytes of a table file, and whatever a
// schema-shaped mapping.json says about an export, runPipeline and runImport either succeed with
// counts that reconcile, or throw an InputError whose every problem names a file (and a line,
// where it is one row's). Nothing else is ever thrown. Seeded, so a failure can be replayed.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runImport } from "../../scripts/import/run.ts";
import { departmentConfig } from "../../src/lib/schema/config.ts";
import { MAPPABLE_FIELDS } from "../../src/lib/schema/mapping.ts";
import { diskIo } from "../../scripts/pipeline/io.ts";
import { memoryLogger } from "../../scripts/pipeline/log.ts";
import { parseCsv } from "../../scripts/pipeline/parse.ts";
import { InputError, type Problem } from "../../scripts/pipeline/problems.ts";
import { runPipeline } from "../../scripts/pipeline/run.ts";
import { FIXTURES, TEST_KEY, tmpDir } from "../helpers.ts";

// Runs and seeds; PROP_RUNS and PROP_SEED replay or widen a run from the command line.
const RUNS = Number(process.env.PROP_RUNS ?? 100);
const SEED = Number(process.env.PROP_SEED ?? 20251);
const SMALL = path.join(FIXTURES, "small", "input");

/** Every problem names a file, and one row's problem its line. */
function expectLocated(problems: Problem[]): void {
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(typeof p.file === "string" && p.file.length > 0, JSON.stringify(p)).toBe(true);
    if (p.row) expect(Number.isInteger(p.line) && p.line! >= 1, JSON.stringify(p)).toBe(true);
  }
}

// Cells: mostly values a department could write, with the characters that break careless readers.
const tricky = fc.constantFrom('"', '""', ",", "\n", "\r\n", "\r", "=SUM(A1)", "+1", "-1", "@cmd", "\uFEFF", "\u0000", "\u001b[2J", "\u0007", "\u007f", "\u0085", "\u2028", "é", "😀", "\t", " ", "", "unknown", "2031-02-30", "2099-01-01", "..", "../x");
const cellText = fc.oneof(
  { weight: 3, arbitrary: tricky },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
  { weight: 1, arbitrary: fc.array(tricky, { maxLength: 4 }).map((a) => a.join("")) },
);
/** A cell as bytes: its text in UTF-8, or in Latin-1 (Windows-1252 where it agrees), or raw bytes (invalid UTF-8 included). */
const cellBytes = fc.oneof(
  { weight: 12, arbitrary: cellText.map((s) => Buffer.from(s, "utf8")) },
  { weight: 1, arbitrary: cellText.map((s) => Buffer.from(s, "latin1")) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 6 }).map((a) => Buffer.from(a)) },
);

/** How a cell is written: quoted as CSV wants, always quoted, or raw (which may break the row). */
function writeCell(b: Buffer, how: "csv" | "quoted" | "raw"): Buffer {
  const needs = b.includes(0x2c) || b.includes(0x22) || b.includes(0x0a) || b.includes(0x0d);
  if (how === "raw" || (how === "csv" && !needs)) return b;
  return Buffer.concat([Buffer.from('"'), Buffer.from(b.toString("latin1").replace(/"/g, '""'), "latin1"), Buffer.from('"')]);
}

const TABLE_FILES = ["subjects.csv", "incidents/2022.csv", "force_uses.csv", "calls_for_service.csv"];

/** A table file of the small department with some cells (and maybe the header) changed. */
const tableFile = fc.record({
  file: fc.constantFrom(...TABLE_FILES),
  changes: fc.array(fc.record({ row: fc.nat(8), col: fc.nat(25), to: cellBytes }), { maxLength: 3 }),
  // Rows added: a copy of a row of the file, some cells changed; or cells of their own.
  extraRows: fc.array(fc.oneof({ weight: 3, arbitrary: fc.record({ copy: fc.nat(8), changes: fc.array(fc.tuple(fc.nat(25), cellBytes), { maxLength: 2 }) }) }, { weight: 1, arbitrary: fc.array(cellBytes, { minLength: 1, maxLength: 22 }) }), { maxLength: 3 }),
  dropHeaderColumn: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(25) }),
  bom: fc.constantFrom("", "", "utf8", "utf16le"),
  eol: fc.constantFrom("\n", "\r\n"),
  how: fc.constantFrom("csv", "csv", "csv", "quoted", "raw"),
});

/** Writes a generated table file over the department's own. */
function writeTable(dir: string, t: typeof tableFile extends fc.Arbitrary<infer T> ? T : never): void {
  const file = path.join(dir, t.file);
  const parsed = parseCsv({ path: file, text: fs.readFileSync(file, "utf8") });
  const rows: Buffer[][] = [parsed.header, ...parsed.rows].map((r) => r.map((c) => Buffer.from(c, "utf8")));
  for (const { row, col, to } of t.changes) {
    const r = rows[1 + (row % (rows.length - 1))];
    r[col % r.length] = to;
  }
  for (const extra of t.extraRows) {
    if (Array.isArray(extra)) rows.push(extra);
    else {
      const copy = [...rows[1 + (extra.copy % (rows.length - 1))]];
      for (const [col, to] of extra.changes) copy[col % copy.length] = to;
      rows.push(copy);
    }
  }
  if (t.dropHeaderColumn !== null) rows[0].splice(t.dropHeaderColumn % rows[0].length, 1);
  const eol = Buffer.from(t.eol);
  let bytes = Buffer.concat(rows.flatMap((r) => [Buffer.concat(r.flatMap((c, i) => (i === 0 ? [writeCell(c, t.how)] : [Buffer.from(","), writeCell(c, t.how)]))), eol]));
  if (t.bom === "utf8") bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  if (t.bom === "utf16le") bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString("utf8"), "utf16le")]);
  fs.writeFileSync(file, bytes);
}

describe("runPipeline(diskIo, opts) on generated table files (property)", () => {
  it(`never throws anything but InputError; succeeds with read = published + rejected per table, or names a file for every problem (${RUNS} runs, seed ${SEED})`, () => {
    const root = tmpDir("uof-prop-pipeline-");
    let n = 0;
    const outcomes = { published: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(tableFile, { minLength: 1, maxLength: 2 }), fc.boolean(), (tables, allowRejected) => {
        const dir = path.join(root, `run-${n++}`, "data");
        fs.cpSync(SMALL, dir, { recursive: true });
        for (const t of tables) writeTable(dir, t);
        const out = path.join(path.dirname(dir), "generated");
        try {
          const r = runPipeline(diskIo, { dataDir: dir, outDir: out, key: TEST_KEY, allowRejected, reportPath: path.join(path.dirname(dir), "report.md"), log: memoryLogger() });
          for (const x of r.reconciliation) expect(x.read, x.table).toBe(x.published + x.rejected);
          expect(r.reconciliation.find((x) => x.table === "incidents")!.published).toBeGreaterThan(0);
          outcomes.published++;
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          expectLocated(e.problems);
          expect(fs.existsSync(out)).toBe(false);
          outcomes.refused++;
        }
        fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.info(`runPipeline property: ${n} runs, ${outcomes.published} published, ${outcomes.refused} refused`);
    expect(n).toBe(RUNS);
    // Both outcomes are exercised, or the property says little.
    expect(outcomes.published).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});

// The export: a header of known columns, rows of plausible and tricky cells.
const EXPORT_COLUMNS = ["Case", "Date", "Area", "Origin", "Force", "Sex", "Age", "Injury", "Officer"];
const exportCell = (col: string) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...({ Case: ["C1", "C2", "C3", "C4", ""], Date: ["2024-03-04", "2024-05-06", "2023-12-31", "2024-02-29", "03/04/2024", "2031-01-01", "x"], Area: ["N", "S", "N", "S", "north", ""], Origin: ["DISPATCHED", "ON VIEW", "DISPATCHED", "ON VIEW", "?"], Force: ["Taser", "Baton", "Taser; Baton", "Taser", ""], Sex: ["M", "F", "X"], Age: ["31", "-", "old"], Injury: ["none", "minor", "NULL"], Officer: ["O1", "O2", ""] } as Record<string, string[]>)[col]) },
    { weight: 1, arbitrary: cellText },
  );
const exportRow = fc.tuple(...EXPORT_COLUMNS.map(exportCell));

const columnName = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...EXPORT_COLUMNS) }, { weight: 1, arbitrary: fc.constantFrom("Missing", "case", " Date ", "") });
const canonical = fc.constantFrom("N", "S", "none", "dispatched", "officer_initiated", "ced", "baton", "male", "female", "minor", "unknown", "not-a-value", "2024-03-04");
const valueSpec = fc.oneof(
  fc.record({ column: columnName }, { requiredKeys: ["column"] }),
  fc.record({ column: columnName, values: fc.dictionary(fc.constantFrom("N", "S", "north", "DISPATCHED", "ON VIEW", "Taser", "Baton", "M", "F", "none", "minor", "x"), fc.option(canonical, { freq: 8 }), { maxKeys: 4 }), unmapped: fc.constantFrom("reject", "blank") }, { requiredKeys: ["column"] }),
  fc.record({ column: columnName, format: fc.constantFrom("YYYY-MM-DD", "MM/DD/YYYY", "HHmm", "Q") }),
  fc.record({ column: columnName, split: fc.constantFrom("; ", "/"), values: fc.constant({ Taser: "ced", Baton: "baton" }) }),
  fc.record({ value: canonical }),
  fc.record({ columns: fc.array(columnName, { minLength: 1, maxLength: 2 }) }),
  fc.record({ flags: fc.dictionary(fc.constantFrom(...EXPORT_COLUMNS), canonical, { minKeys: 1, maxKeys: 2 }), boolean: fc.constantFrom("yes_no", "y_n") }),
);
const fileName = fc.oneof({ weight: 8, arbitrary: fc.constant("export.csv") }, { weight: 1, arbitrary: fc.constantFrom("../outside.csv", "/etc/passwd", "missing.csv", "sub/../export.csv", "export.csv/..") });
const mapping = fc.record({
  file: fileName,
  twoFiles: fc.oneof(fc.constant(false), fc.constant(false), fc.constant(true)),
  grain: fc.constantFrom("incident", "subject", "officer", "officer_force"),
  incidentKey: fc.oneof({ weight: 3, arbitrary: fc.constant(["Case"]) }, { weight: 1, arbitrary: fc.array(columnName, { minLength: 1, maxLength: 2 }) }),
  subject: fc.option(fc.oneof(fc.constantFrom("per_incident", "per_row", "by_position"), fc.record({ columns: fc.array(columnName, { minLength: 1, maxLength: 1 }), when_blank: fc.constantFrom("per_incident", "per_row", "reject") })), { freq: 2 }),
  officer: fc.option(fc.oneof(fc.constant("per_row"), fc.record({ columns: fc.constant(["Officer"]) })), { freq: 2 }),
  drop: fc.oneof({ weight: 4, arbitrary: fc.subarray(["Officer", "Age"]) }, { weight: 1, arbitrary: fc.constant(["Missing"]) }),
  fields: fc.dictionary(fc.constantFrom(...MAPPABLE_FIELDS), valueSpec, { maxKeys: 2 }),
  required: fc.oneof({ weight: 7, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  duplicateKey: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

describe("runImport(diskIo, opts) on generated mappings and exports (property)", () => {
  it(`never throws anything but InputError; succeeds with read = used + duplicates + rejected per file, or names a file for every problem (${RUNS} runs, seed ${SEED + 1})`, () => {
    const root = tmpDir("uof-prop-import-");
    const config = departmentConfig.parse({
      name: "P", jurisdiction: "P", contact: { email: "d@example.org" }, licence: { id: "x", name: "x", url: "https://example.org/" },
      timezone: "America/New_York", districts: [{ code: "N", name: "North" }, { code: "S", name: "South" }, { code: "none", name: "None" }], version: "1", released: "2026-01-01",
    });
    let n = 0;
    const outcomes = { imported: 0, refused: 0 };
    fc.assert(
      fc.property(mapping, fc.array(exportRow, { maxLength: 8 }), fc.boolean(), (m, rows, allowRejected) => {
        const dir = path.join(root, `run-${n++}`, "dept");
        fs.mkdirSync(dir, { recursive: true });
        const csv = [EXPORT_COLUMNS, ...rows].map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\n") + "\n";
        fs.writeFileSync(path.join(dir, "export.csv"), csv);
        fs.writeFileSync(path.join(path.dirname(dir), "outside.csv"), csv);
        const fields: Record<string, unknown> = { ...m.fields };
        if (m.required) Object.assign(fields, { "incidents.date": { column: "Date" }, "incidents.district": { column: "Area" }, "incidents.contact_origin": { column: "Origin", values: { DISPATCHED: "dispatched", "ON VIEW": "officer_initiated" } }, "force_uses.force_type": { column: "Force", split: "; ", values: { Taser: "ced", Baton: "baton" } } });
        const source: Record<string, unknown> = {
          ...(m.twoFiles ? { files: [m.file, "export.csv"] } : { file: m.file }),
          grain: m.grain,
          keys: { incident: m.incidentKey, ...(m.subject !== null ? { subject: m.subject } : {}), ...(m.officer !== null ? { officer: m.officer } : {}) },
          drop: m.drop,
          fields,
        };
        let text = JSON.stringify({ sources: [source] }, null, 2);
        if (m.duplicateKey) text = text.replace(`"grain": "${m.grain}",`, `"grain": "${m.grain}",\n      "grain": "incident",`);
        fs.writeFileSync(path.join(dir, "mapping.json"), text);
        const outDir = path.join(path.dirname(dir), "imported");
        try {
          const r = runImport(diskIo, { dataDir: dir, outDir, reportPath: path.join(path.dirname(dir), "import.md"), allowRejected, config, log: memoryLogger() });
          for (const f of r.files) expect(f.read, f.file).toBe(f.used + f.duplicates + f.rejected);
          expect(r.built.incidents).toBeGreaterThan(0);
          outcomes.imported++;
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          expectLocated(e.problems);
          expect(fs.existsSync(outDir)).toBe(false);
          outcomes.refused++;
        }
        fs.rmSync(path.dirname(dir), { recursive: true, force: true });
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
    console.info(`runImport property: ${n} runs, ${outcomes.imported} imported, ${outcomes.refused} refused`);
    expect(n).toBe(RUNS);
    expect(outcomes.imported).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
