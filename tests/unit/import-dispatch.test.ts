// The import of a dispatch export (mapping.json's `calls` section) into calls_for_service.csv.
// Every export here is synthetic, written for these tests.
import fs from "node:fs";
import path from "node:path";
import { csvParse } from "d3-dsv";
import { describe, expect, it } from "vitest";
import { streamPieces } from "../../scripts/import/dispatch.ts";
import { runImport } from "../../scripts/import/run.ts";
import { diskIo, type Io } from "../../scripts/pipeline/io.ts";
import { memoryLogger } from "../../scripts/pipeline/log.ts";
import { parseCsv } from "../../scripts/pipeline/parse.ts";
import { formatProblem, type InputError } from "../../scripts/pipeline/problems.ts";
import { runPipeline } from "../../scripts/pipeline/run.ts";
import { departmentConfig } from "../../src/lib/schema/config.ts";
import { IMPORTED_TABLES } from "../../src/lib/schema/mapping.ts";
import { parseArgs, writeDispatch } from "../../scripts/sample/cli.ts";
import { generateSample } from "../../scripts/sample/generate.ts";
import { mappingSchema } from "../../src/lib/schema/mapping.ts";
import { dispatchDepartment } from "../dispatchSample.ts";
import { TEST_KEY, tmpDir } from "../helpers.ts";
import { LAKESIDE } from "../importHelpers.ts";

/** The synthetic department of the import tests, with a district for exports that record none. */
const CONFIG = { ...LAKESIDE, districts: [...LAKESIDE.districts, { code: "none", name: "Not recorded" }] };

// A force record in June 2025, so that the calls of 2025 fall within the years of the force records.
const FORCE = "Case,Date,Area,Contact,Force\nC1,2024-03-04,N,dispatched,takedown\nC2,2024-04-09,S,dispatched,ced\nC3,2025-06-20,N,dispatched,takedown\n";
const FORCE_SOURCE = {
  file: "force.csv", grain: "incident", keys: { incident: ["Case"] },
  fields: {
    "incidents.date": { column: "Date" },
    "incidents.district": { column: "Area" },
    "incidents.contact_origin": { column: "Contact" },
    "incidents.call_type": { value: "unknown" },
    "force_uses.force_type": { column: "Force" },
  },
};

// Nine calls: 911 and dispatched; 911 not dispatched; phone dispatched; phone not dispatched;
// officer-initiated (with a dispatch time); another agency's; blank call type; the last day of
// 2025; after the release.
const DISPATCH =
  "Call No,Received,Type,Zone,How,Dispatch Time,Disposition,Agency\n" +
  "1,2024-03-01 10:00,FIGHT,n,911,2024-03-01 10:05,REPORT,PD\n" +
  "2,2024-03-02 11:00,Fight ,N,911,,CANCELLED,PD\n" +
  "3,2024-03-03 12:00,NOISE,S,PHONE,2024-03-03 12:30,ADVISED,PD\n" +
  "4,2024-03-04 13:00,NOISE,S,PHONE,-,ADVISED,PD\n" +
  "5,2024-03-05 14:00,TRAFFIC STOP,S,OFFICER,2024-03-05 14:00,CITATION,PD\n" +
  "6,2024-03-06 15:00,FIGHT,N,911,2024-03-06 15:01,REPORT,FIRE\n" +
  "7,2024-04-01 00:30,,N,911,2024-04-01 00:35,REPORT,PD\n" +
  "8,2025-12-31 23:00,FIGHT,N,911,2025-12-31 23:10,REPORT,PD\n" +
  "9,2026-01-02 09:00,FIGHT,N,911,2026-01-02 09:10,REPORT,PD\n";

const CALLS = {
  file: "dispatch.csv",
  blank: ["-"],
  fields: {
    time: { column: "Received", format: "YYYY-MM-DD HH:mm" },
    call_type: { column: "Type", values: { FIGHT: "assault_fight", NOISE: "disturbance", "TRAFFIC STOP": "traffic" } },
    district: { column: "Zone", values: { n: "N", s: "S" } },
    origin: { column: "How", values: { "911": "911", PHONE: "phone", OFFICER: "officer_initiated" } },
    dispatched: { present: "Dispatch Time" },
  },
  filter: [{ column: "Agency", keep: ["PD"], note: "police calls only" }],
};

/** A data folder with config.json, a force export, a dispatch export and mapping.json. */
function folder(dispatch: string, calls: unknown, extra: Record<string, string> = {}): string {
  const dir = path.join(tmpDir("uof-dispatch-"), "dept");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(CONFIG));
  fs.writeFileSync(path.join(dir, "force.csv"), FORCE);
  fs.writeFileSync(path.join(dir, "dispatch.csv"), dispatch);
  fs.writeFileSync(path.join(dir, "mapping.json"), JSON.stringify({ sources: [FORCE_SOURCE], calls }, null, 2));
  for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function doImport(dir: string, opts: { allowRejected?: boolean; config?: unknown } = {}) {
  const log = memoryLogger();
  const outDir = path.join(path.dirname(dir), "imported");
  const reportPath = path.join(path.dirname(dir), "import-report.md");
  const config = departmentConfig.parse(opts.config ?? JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8")));
  const report = () => (fs.existsSync(reportPath) ? fs.readFileSync(reportPath, "utf8") : "");
  try {
    const result = runImport(diskIo, { dataDir: dir, outDir, reportPath, allowRejected: opts.allowRejected ?? false, config, log });
    return { result, error: null, log: log.lines, outDir, report: report() };
  } catch (error) {
    return { result: null, error: error as InputError, log: log.lines, outDir, report: report() };
  }
}

const callsTable = (outDir: string) => csvParse(fs.readFileSync(path.join(outDir, "calls_for_service.csv"), "utf8"));
const problems = (r: { error: InputError | null }) => (r.error ? r.error.problems.map(formatProblem) : []);
const mappingWith = (change: (m: typeof CALLS) => void) => {
  const m = structuredClone(CALLS);
  change(m);
  return m;
};

describe("runImport: a dispatch export through mapping.json's calls section", () => {
  const r = doImport(folder(DISPATCH, CALLS));

  it("counts calls by month, call type and district: 911 calls, and dispatched calls but never officer-initiated ones", () => {
    expect(problems(r)).toEqual([]);
    const t = callsTable(r.outDir);
    expect(t.columns).toEqual(["period", "call_type", "district", "calls_911", "calls_dispatched"]);
    expect(t.map((x) => ({ ...x }))).toEqual([
      { period: "2024-03", call_type: "assault_fight", district: "N", calls_911: "2", calls_dispatched: "1" },
      { period: "2024-03", call_type: "disturbance", district: "S", calls_911: "0", calls_dispatched: "1" },
      { period: "2024-04", call_type: "unknown", district: "N", calls_911: "1", calls_dispatched: "1" },
      { period: "2025-12", call_type: "assault_fight", district: "N", calls_911: "1", calls_dispatched: "1" },
    ]);
  });

  it("accounts for every row: read = used + filtered + rejected, each filtered row under its reason", () => {
    expect(r.result!.calls!.files).toEqual([{ file: path.join(path.dirname(r.outDir), "dept", "dispatch.csv"), read: 9, used: 5, filtered: 4, rejected: 0, repeatedHeaders: 0 }]);
    expect(r.log).toContain("calls      dispatch.csv: read 9 = used 5 + filtered 4 + rejected 0");
    expect(r.report).toContain("| dispatch.csv | 9 | 5 | 4 | 0 | 0 |");
    expect(r.report).toContain('- filter 1: column "Agency" not one of "PD" (police calls only): 1 row(s), the first at dispatch.csv:7');
    expect(r.report).toContain("- officer-initiated (origin officer_initiated): never a dispatched call: 1 row(s), the first at dispatch.csv:6");
    expect(r.report).toContain("- no officer dispatched and not a 911 call: 1 row(s), the first at dispatch.csv:5");
    expect(r.report).toContain('- received after 2025-12-31 (the end of the last year of the force records; set "data_through" in config.json to say otherwise): outside this release\'s period: 1 row(s), the first at dispatch.csv:10');
    expect(r.report).toContain("1 counted call(s) had no call type and are counted as unknown.");
    expect(r.report).toMatch(/### Columns not used \(2\)[\s\S]*- "Call No" \(dispatch\.csv\)\n- "Disposition" \(dispatch\.csv\)/);
  });

  it("leaves calls before data_from out of the release, and the pipeline reads the counted table from the imported folder", () => {
    const dir = folder(DISPATCH, CALLS);
    const config = { ...CONFIG, data_from: "2024-03-02", data_through: "2025-06-30" };
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
    const x = doImport(dir);
    expect(problems(x)).toEqual([]);
    expect(x.report).toContain('- received before 2024-03-02 ("data_from" in config.json): outside this release\'s period: 1 row(s), the first at dispatch.csv:2');
    expect(x.report).toContain('- received after 2025-06-30 ("data_through" in config.json): outside this release\'s period: 2 row(s), the first at dispatch.csv:9');
    expect(callsTable(x.outDir).map((c) => [c.period, c.call_type, c.district, c.calls_911, c.calls_dispatched])).toEqual([
      ["2024-03", "assault_fight", "N", "1", "0"],
      ["2024-03", "disturbance", "S", "0", "1"],
      ["2024-04", "unknown", "N", "1", "1"],
    ]);
    const out = path.join(path.dirname(dir), "generated");
    runPipeline(diskIo, { dataDir: dir, outDir: out, key: TEST_KEY, allowRejected: false, reportPath: path.join(path.dirname(dir), "report.md"), log: memoryLogger(), imported: { dir: x.outDir, tables: [...IMPORTED_TABLES, "calls_for_service"] } });
    const agg = JSON.parse(fs.readFileSync(path.join(out, "site", "aggregates.json"), "utf8"));
    const y2024 = agg.headline.years.find((f: { year: number }) => f.year === 2024);
    expect([y2024.calls_dispatched, y2024.calls_911, y2024.dispatched_incidents]).toEqual([2, 2, 2]);
  });

  it("without data_from, leaves out calls before the first year of the force records: a year of calls alone would read as a year without force", () => {
    const csv = DISPATCH + "10,2023-11-05 10:00,FIGHT,N,911,2023-11-05 10:05,REPORT,PD\n11,2023-12-01 10:00,FIGHT,S,911,2023-12-01 10:05,REPORT,PD\n";
    const x = doImport(folder(csv, CALLS));
    expect(problems(x)).toEqual([]);
    expect(x.report).toContain('- received before 2024-01-01, the first year of the force records (set "data_from" in config.json to say otherwise): outside this release\'s period: 2 row(s), the first at dispatch.csv:11');
    expect(callsTable(x.outDir).some((c) => c.period.startsWith("2023"))).toBe(false);
    // With data_from, the department says where its period begins, and those calls count.
    const dir = folder(csv, CALLS);
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify({ ...CONFIG, data_from: "2023-01-01" }));
    expect(callsTable(doImport(dir).outDir).filter((c) => c.period.startsWith("2023")).length).toBe(2);
  });

  it("reads the dispatched rule from a yes/no field spec (a disposition mapped to yes or no) as well as from a column's presence", () => {
    const m = mappingWith((c) => {
      (c.fields as Record<string, unknown>).dispatched = { column: "Disposition", values: { REPORT: "yes", CITATION: "yes", ADVISED: "no", CANCELLED: "no" } };
    });
    const x = doImport(folder(DISPATCH, m));
    expect(problems(x)).toEqual([]);
    // Call 3 (phone, ADVISED) is now not dispatched; every REPORT is.
    expect(callsTable(x.outDir).map((c) => [c.period, c.call_type, c.district, c.calls_911, c.calls_dispatched])).toEqual([
      ["2024-03", "assault_fight", "N", "2", "1"],
      ["2024-04", "unknown", "N", "1", "1"],
      ["2025-12", "assault_fight", "N", "1", "1"],
    ]);
    expect(x.result!.calls!.files[0]).toMatchObject({ read: 9, used: 4, filtered: 5 });
  });

  it("without an origin field, leaves calls_911 out (not reported, never 0)", () => {
    const m = mappingWith((c) => {
      delete (c.fields as Record<string, unknown>).origin;
    });
    const x = doImport(folder(DISPATCH, m));
    expect(callsTable(x.outDir).columns).toEqual(["period", "call_type", "district", "calls_dispatched"]);
    expect(x.report).toContain("calls_911 is not reported (the mapping has no origin field)");
  });

  it("rejects calls with labels the mapping does not list, counting each label and naming file, line, column and fix", () => {
    const csv = DISPATCH + "10,2024-05-01 10:00,ROBBERY,N,911,2024-05-01 10:05,REPORT,PD\n11,2024-05-02 10:00,robbery,S,911,,REPORT,PD\n12,2024-05-03 10:00,FIGHT,N,WALK IN,,REPORT,PD\n";
    const x = doImport(folder(csv, CALLS));
    expect(problems(x)).toEqual([
      expect.stringMatching(/dispatch\.csv:11, column 3 "Type": expected one of the labels listed in calls\.fields\.call_type\.values; got "ROBBERY"\. Fix: add "ROBBERY" to calls\.fields\.call_type\.values/),
      expect.stringMatching(/dispatch\.csv:12, column 3 "Type": expected one of the labels listed in calls\.fields\.call_type\.values; got "robbery"/),
      expect.stringMatching(/dispatch\.csv:13, column 5 "How": expected one of the labels listed in calls\.fields\.origin\.values; got "WALK IN"/),
    ]);
    expect(fs.existsSync(path.join(x.outDir, "calls_for_service.csv"))).toBe(false);
    expect(x.report).toMatch(/\*\*calls\.call_type\*\* from column "Type" \(rows rejected\):\n {2}- "ROBBERY": 1 row\(s\)\n {2}- "robbery": 1 row\(s\)/);
    // With --allow-rejected the rows are left out and counted.
    const ok = doImport(folder(csv, CALLS), { allowRejected: true });
    expect(ok.result!.calls!.files[0]).toMatchObject({ read: 12, used: 5, filtered: 4, rejected: 3 });
  });

  it("counts a label read as blank (unmapped: blank) on every row, however often it repeats, as an unknown call type", () => {
    const csv = DISPATCH + [10, 11, 12].map((k) => `${k},2024-05-0${k - 9} 10:00,ROBBERY,N,911,2024-05-01 10:05,REPORT,PD\n`).join("");
    const m = mappingWith((c) => Object.assign(c.fields.call_type, { unmapped: "blank" }));
    const x = doImport(folder(csv, m));
    expect(problems(x)).toEqual([]);
    expect(x.report).toMatch(/\*\*calls\.call_type\*\* from column "Type" \(read as blank\):\n {2}- "ROBBERY": 3 row\(s\)/);
    expect(callsTable(x.outDir).find((c) => c.period === "2024-05")).toEqual({ period: "2024-05", call_type: "unknown", district: "N", calls_911: "3", calls_dispatched: "3" });
  });

  it("rejects calls in a district config.json does not list, and calls without a district or a date, one problem per kind with its row count", () => {
    const csv = DISPATCH + "10,2024-05-01 10:00,FIGHT,W,911,,REPORT,PD\n11,2024-05-01 11:00,FIGHT,W,911,,REPORT,PD\n12,2024-05-01 12:00,FIGHT,,911,,REPORT,PD\n13,,FIGHT,N,911,,REPORT,PD\n14,05/01/2024,FIGHT,N,911,,REPORT,PD\n";
    const m = mappingWith((c) => Object.assign(c.fields.district, { unmapped: "blank" }));
    m.fields.district = { column: "Zone" } as never;
    const x = doImport(folder(csv, m));
    expect(problems(x)).toEqual([
      expect.stringMatching(/dispatch\.csv:2, column 4 "Zone": expected a district listed in config\.json \(N, S, none\); got "n"/),
      expect.stringMatching(/dispatch\.csv:11, column 4 "Zone": expected a district listed in config\.json \(N, S, none\) \(2 rows like this; the first is on this line\); got "W"\. Fix: add "W" to config\.json districts/),
      expect.stringMatching(/dispatch\.csv:13, column 4 "Zone": expected a district \(calls\.fields\.district\); got an empty cell\. Fix: fill it in the export, or map blank cells/),
      expect.stringMatching(/dispatch\.csv:14, column 2 "Received": expected the day the call was received/),
      expect.stringMatching(/dispatch\.csv:15, column 2 "Received": expected a date written as "YYYY-MM-DD HH:mm"; got "05\/01\/2024"/),
    ]);
  });

  it("refuses mistakes in the calls section against mapping.json, at their line: unknown keys, columns, canonical values, rules", () => {
    const keyed = mappingWith((c) => Object.assign(c.fields, { priority: { column: "How" } }));
    expect(problems(doImport(folder(DISPATCH, keyed)))).toEqual([expect.stringMatching(/mapping\.json:\d+, "calls\.fields": expected the dispatch export's fields only; "priority" is not one \(they are: time, call_type, district, origin, dispatched\)/)]);

    const column = mappingWith((c) => (c.fields.call_type.column = "Kind"));
    const colProblems = problems(doImport(folder(DISPATCH, column)));
    expect(colProblems).toEqual([expect.stringMatching(/mapping\.json:\d+, "calls\.fields\.call_type": expected a column named "Kind" in the export's header \(it has "Call No", "Received",.*\) \(in dispatch\.csv\)\. Fix: correct the column name/)]);
    const mappingText = JSON.stringify({ sources: [FORCE_SOURCE], calls: column }, null, 2).split("\n");
    expect(Number(/mapping\.json:(\d+)/.exec(colProblems[0])![1])).toBe(mappingText.findIndex((l) => l.includes('"call_type": {')) + 1);

    const value = mappingWith((c) => (c.fields.origin.values["911"] = "emergency"));
    expect(problems(doImport(folder(DISPATCH, value)))).toEqual([expect.stringMatching(/"calls\.fields\.origin\.values\["911"\]": expected a value of calls\.origin: one of 911, phone, alarm, online, officer_initiated, other, unknown \("emergency" is not one\)/)]);

    const filter = mappingWith((c) => (c.filter = [{ column: "Agencies", keep: ["PD"], note: "" }]));
    expect(problems(doImport(folder(DISPATCH, filter)))).toEqual([expect.stringMatching(/"calls\.filter\[0\]\.column": expected a column named "Agencies"/)]);

    const both = mappingWith((c) => (c.filter = [{ column: "Agency", keep: ["PD"], drop: ["FIRE"] } as never]));
    expect(problems(doImport(folder(DISPATCH, both)))).toEqual([expect.stringMatching(/mapping\.json:\d+, "calls\.filter\[0\]": expected give keep or drop \(not both\)/)]);

    const noRule = mappingWith((c) => delete (c.fields as Record<string, unknown>).dispatched);
    expect(problems(doImport(folder(DISPATCH, noRule)))).toEqual([expect.stringMatching(/"calls\.fields\.dispatched": expected a rule for which calls an officer was dispatched to/)]);

    const present = mappingWith((c) => (c.fields.dispatched = { present: ["Dispatch Time", "Arrived"] } as never));
    expect(problems(doImport(folder(DISPATCH, present)))).toEqual([expect.stringMatching(/"calls\.fields\.dispatched\.present\[1\]": expected a column named "Arrived"/)]);
  });

  it("reads several files of one layout as one export, counting each file's rows, and notes counted calls without an origin", () => {
    const [header, ...lines] = DISPATCH.trimEnd().split("\n");
    const dir = folder(header + "\n" + lines.slice(0, 4).join("\n") + "\n", { ...CALLS, file: undefined, files: ["dispatch.csv", "more.csv"] }, { "more.csv": header + "\n" + lines.slice(4).join("\n").replace("7,2024-04-01 00:30,,N,911", "7,2024-04-01 00:30,,N,") + "\n" });
    const x = doImport(dir);
    expect(problems(x)).toEqual([]);
    expect(x.result!.calls!.files.map((f) => [path.basename(f.file), f.read, f.used, f.filtered])).toEqual([["dispatch.csv", 4, 3, 1], ["more.csv", 5, 2, 3]]);
    expect(callsTable(x.outDir).find((c) => c.period === "2024-04")).toEqual({ period: "2024-04", call_type: "unknown", district: "N", calls_911: "0", calls_dispatched: "1" });
    expect(x.report).toContain("1 counted call(s) had no origin: they are not among the 911 calls");
  });

  it("checks the calls section's mapping even when the force export's mapping already stops the import", () => {
    const dir = folder(DISPATCH, mappingWith((c) => (c.fields.district.column = "Zones")));
    const m = JSON.parse(fs.readFileSync(path.join(dir, "mapping.json"), "utf8"));
    m.sources[0].fields["incidents.date"].column = "When";
    fs.writeFileSync(path.join(dir, "mapping.json"), JSON.stringify(m, null, 2));
    expect(problems(doImport(dir))).toEqual([
      expect.stringMatching(/"sources\[0\]\.fields\["incidents\.date"\]": expected a column of force\.csv \(no column "When"|a column named "When"/),
      expect.stringMatching(/"calls\.fields\.district": expected a column named "Zones"/),
    ]);
  });

  it("refuses a calls_for_service table supplied by hand beside a calls section", () => {
    const x = doImport(folder(DISPATCH, CALLS, { "calls_for_service.csv": "period,call_type,district,calls_dispatched\n2024-03,unknown,N,900\n" }));
    expect(problems(x)).toEqual([expect.stringMatching(/calls_for_service\.csv: expected no calls_for_service table beside a mapping\.json with a "calls" section \(line \d+\).*Fix: remove calls_for_service\.csv \(or its folder\) to count the dispatch export, or remove the "calls" section/)]);
  });
});

describe("streamPieces(io, file): a dispatch export read in pieces", () => {
  it("cuts pieces only at line ends outside quotes, keeping rows and line numbers as a whole-file parse does", () => {
    const text = '\uFEFFa,b,c\r\n1,"two\r\nlines",x\r\n\r\n2,"a ""quoted"" cell, with comma",y\r\na,b,c\r\n3,é,"z\nz"\n4,last,row';
    const dir = tmpDir("uof-pieces-");
    const file = path.join(dir, "d.csv");
    fs.writeFileSync(file, text);
    const whole = parseCsv({ path: file, text });
    for (const size of [1, 3, 7, 64, 1 << 20]) {
      const io: Io = { ...diskIo, readChunks: function* (p) {
        const b = fs.readFileSync(p);
        for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
      } };
      const rows: [string[], number][] = [];
      const s = streamPieces(io, file, dir, ",", (header) => {
        expect(header).toEqual(whole.header);
        return (cells, line) => rows.push([[...cells], line]);
      });
      expect(rows.map((r) => r[0])).toEqual(whole.rows);
      expect(rows.map((r) => r[1])).toEqual(whole.lines);
      expect(s).toMatchObject({ rows: whole.rows.length, repeatedHeaders: whole.repeatedHeaders, note: null });
    }
  });

  it("refuses a UTF-16 file with a fix, and notes a piece read as Windows-1252", () => {
    const dir = tmpDir("uof-pieces-");
    fs.writeFileSync(path.join(dir, "u.csv"), Buffer.from("\uFEFFa,b\n1,2\n", "utf16le"));
    expect(streamPieces(diskIo, path.join(dir, "u.csv"), dir, ",", () => () => {})).toMatchObject({ problem: { expected: expect.stringMatching(/UTF-16/), fix: expect.stringMatching(/save the file again as UTF-8/) } });
    fs.writeFileSync(path.join(dir, "w.csv"), Buffer.from([...Buffer.from("a,b\n1,caf"), 0xe9, 0x0a]));
    const cells: string[][] = [];
    const s = streamPieces(diskIo, path.join(dir, "w.csv"), dir, ",", () => (c) => cells.push(c));
    expect(cells).toEqual([["1", "café"]]);
    expect(s).toMatchObject({ note: expect.stringMatching(/not UTF-8 throughout; 1 piece\(s\) of it read as Windows-1252/) });
  });
});

describe("runImport: the sample's synthetic dispatch export", () => {
  const dept = dispatchDepartment(path.join(tmpDir("uof-dispatch-sample-"), "dept"), { seed: 11, years: 2, firstYear: 2023, incidentsPerYear: 60, districts: 3 });
  const r = doImport(dept.dir);

  it("gives back the calls_for_service table the export was generated from", () => {
    expect(problems(r)).toEqual([]);
    const got = callsTable(r.outDir).map((c) => `${c.period} ${c.call_type} ${c.district} ${c.calls_911} ${c.calls_dispatched}`);
    // The generator's table lists every cell; the import writes the cells that have a call.
    const want = dept.intended.filter((c) => c.calls_911 > 0 || c.calls_dispatched > 0).map((c) => `${c.period} ${c.call_type} ${c.district} ${c.calls_911} ${c.calls_dispatched}`);
    expect(got.length).toBeGreaterThan(700);
    expect(got).toEqual(want);
  });

  it("leaves out exactly the rows the generator wrote beside the counted calls, each under its reason", () => {
    const c = r.result!.calls!;
    const f = c.files[0];
    expect(f.read).toBe(f.used + f.filtered);
    expect(f.rejected).toBe(0);
    const by = new Map([...c.filtered].map(([k, v]) => [k.split(":")[0], v.rows]));
    expect(by.get("filter 1")).toBe(dept.extras.duplicates + dept.extras.tests);
    expect(by.get("officer-initiated (origin officer_initiated)")).toBe(dept.extras.officerInitiated);
    expect(by.get("no officer dispatched and not a 911 call")).toBe(dept.extras.notDispatched);
    // The sample's force records end in December 2024, before the release date: calls after them are left out.
    expect(by.get("received after 2024-12-31 (the end of the last year of the force records; set \"data_through\" in config.json to say otherwise)")).toBe(dept.extras.afterRelease);
    expect(dept.extras.afterRelease).toBeGreaterThan(0);
  });

  it("gives the pipeline the rate: force per 1,000 dispatched calls from the counted calls", () => {
    const out = path.join(path.dirname(dept.dir), "generated");
    runPipeline(diskIo, { dataDir: dept.dir, outDir: out, key: TEST_KEY, allowRejected: false, reportPath: path.join(path.dirname(dept.dir), "report.md"), log: memoryLogger(), imported: { dir: r.outDir, tables: [...IMPORTED_TABLES, "calls_for_service"] } });
    const agg = JSON.parse(fs.readFileSync(path.join(out, "site", "aggregates.json"), "utf8"));
    for (const year of [2023, 2024]) {
      const calls = dept.intended.filter((c) => c.period.startsWith(`${year}-`)).reduce((s, c) => s + c.calls_dispatched, 0);
      const f = agg.headline.years.find((x: { year: number }) => x.year === year);
      expect(f.calls_dispatched).toBe(calls);
      expect(f.dispatched_incidents).toBe(dept.incidents.get(year)!.dispatched);
      expect(f.force_per_1000_dispatched).toBeCloseTo((1000 * dept.incidents.get(year)!.dispatched) / calls, 2);
    }
  });
});

describe("npm run sample -- --dispatch FILE", () => {
  it("writes the synthetic export, one row per call marked as sample data, and its mapping's calls section beside it", () => {
    const parsed = parseArgs(["--out", "x", "--years", "1", "--dispatch", "cad.csv"]);
    expect(parsed.dispatch).toBe("cad.csv");
    const files = generateSample({ ...parsed.options, incidentsPerYear: 20, districts: 2 });
    const file = path.join(tmpDir("uof-sample-dispatch-"), "cad.csv");
    writeDispatch(file, files, parsed.options.seed);
    const rows = csvParse(fs.readFileSync(file, "utf8"));
    const counted = csvParse(files.get(`calls_for_service/${parsed.options.firstYear}.csv`)!).reduce((s, r) => s + Number(r.calls_dispatched), 0);
    // Every counted call, and more beside them (officer-initiated, duplicates...).
    expect(rows.length).toBeGreaterThan(counted);
    expect(rows.every((r) => /^SAMPLE-\d{2}-\d{7}$/.test(r["Call Number"]!))).toBe(true);
    const section = JSON.parse(fs.readFileSync(file.replace(/\.csv$/, ".mapping.json"), "utf8"));
    expect(section.calls.description).toMatch(/^SYNTHETIC SAMPLE DATA/);
    expect(section.calls.file).toBe("cad.csv");
    expect(mappingSchema.safeParse({ sources: [FORCE_SOURCE], ...section }).success).toBe(true);
  });
});
