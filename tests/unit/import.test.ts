// The import stage: a department's own export + mapping.json -> canonical tables and an import report.
// Every export here is synthetic, written for these tests.
import fs from "node:fs";
import path from "node:path";
import { csvParse } from "d3-dsv";
import { describe, expect, it } from "vitest";
import { compileLayout, isoDate, toLocal } from "../../scripts/import/dates.ts";
import { identifierReason } from "../../scripts/import/identifiers.ts";
import { RecordTable, UseTable } from "../../scripts/import/records.ts";
import { runImport } from "../../scripts/import/run.ts";
import { diskIo } from "../../scripts/pipeline/io.ts";
import { memoryLogger } from "../../scripts/pipeline/log.ts";
import { formatProblem, InputError } from "../../scripts/pipeline/problems.ts";
import { runPipeline } from "../../scripts/pipeline/run.ts";
import { departmentConfig } from "../../src/lib/schema/config.ts";
import { IMPORTED_TABLES } from "../../src/lib/schema/mapping.ts";
import { readTree, TEST_KEY, tmpDir } from "../helpers.ts";
import { LAKESIDE } from "../importHelpers.ts";

/** The synthetic department of the import tests, with a district for exports that record none. */
const CONFIG = { ...LAKESIDE, districts: [...LAKESIDE.districts, { code: "none", name: "Not recorded" }] };

/** A data folder with config.json, the export and mapping.json. */
function folder(exportCsv: string, mapping: unknown, file = "export.csv"): string {
  const dir = path.join(tmpDir("uof-import-"), "dept");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(CONFIG));
  fs.writeFileSync(path.join(dir, file), exportCsv);
  fs.writeFileSync(path.join(dir, "mapping.json"), JSON.stringify(mapping));
  return dir;
}

function doImport(dir: string, opts: { allowRejected?: boolean; outDir?: string } = {}) {
  const log = memoryLogger();
  const outDir = opts.outDir ?? path.join(path.dirname(dir), "imported");
  const reportPath = path.join(path.dirname(dir), "import-report.md");
  const config = departmentConfig.parse(CONFIG);
  try {
    const result = runImport(diskIo, { dataDir: dir, outDir, reportPath, allowRejected: opts.allowRejected ?? false, config, log });
    return { result, error: null, log: log.lines, outDir, report: fs.readFileSync(reportPath, "utf8") };
  } catch (error) {
    return { result: null, error: error as InputError, log: log.lines, outDir, report: fs.existsSync(reportPath) ? fs.readFileSync(reportPath, "utf8") : "" };
  }
}

const table = (outDir: string, name: string) => csvParse(fs.readFileSync(path.join(outDir, `${name}.csv`), "utf8"));

// One row per officer per use of force: doubled spaces and a BOM in the header, "-" and NULL as
// blanks, a 12-hour date with a dead time part, unpadded HHMM times, wide yes/no force columns,
// repeated weapon columns, "; "-joined injuries, a repeated header row and an address column.
const OFFICER_EXPORT =
  "\uFEFFReport No,Case  Number,Date  Occurred,Time  Occurred,Street Address,Area,Contact,Taser Used,Chemical Agent Used,Weapon 1,Weapon 2,Subject  ID,Subject  Sex,Subject Effects,Officer Yrs\r\n" +
  "R1,C-100,03/04/2024 12:00:00 AM,210,12 Elm St,n,DISPATCHED,Yes,No,Baton,,S1,M,MINOR INJURY; NO COMPLAINT,4\r\n" +
  "R2,C-100,03/04/2024 12:00:00 AM,210,12 Elm St,N,dispatched ,No,Yes,-,,S1,M,SERIOUS INJURY,NULL\r\n" +
  "R3,C-101,03/05/2024 12:00:00 AM,,40 Oak Ave,S,ON VIEW,No,No,Baton,Baton,S2,F,NO COMPLAINT,12\r\n" +
  "Report No,Case  Number,Date  Occurred,Time  Occurred,Street Address,Area,Contact,Taser Used,Chemical Agent Used,Weapon 1,Weapon 2,Subject  ID,Subject  Sex,Subject Effects,Officer Yrs\r\n" +
  "R4,C-102,03/06/2024 12:00:00 AM,5,7 Pine Rd,-,DISPATCHED,Yes,No,,,,X,NO COMPLAINT,1\r\n";

const OFFICER_MAPPING = {
  sources: [
    {
      file: "export.csv",
      grain: "officer",
      blank: ["-", "NULL"],
      keys: { incident: ["Case Number"], subject: { columns: ["Subject ID"] }, officer: { columns: ["Report No"] } },
      drop: ["Street Address"],
      fields: {
        "incidents.date": { column: "Date Occurred", format: "MM/DD/YYYY hh:mm:ss A" },
        "incidents.time": { column: "Time Occurred", format: "HHmm", pad_left: 4 },
        "incidents.district": { first_of: [{ column: "Area", values: { n: "N", s: "S" } }, { value: "none" }] },
        "incidents.contact_origin": { column: "Contact", values: { DISPATCHED: "dispatched", "ON VIEW": "officer_initiated" } },
        "incidents.call_type": { value: "unknown" },
        "subjects.sex": { column: "Subject Sex", values: { M: "male", F: "female" }, unmapped: "blank" },
        "subjects.injury": { column: "Subject Effects", split: "; ", values: { "NO COMPLAINT": "none", "MINOR INJURY": "minor", "SERIOUS INJURY": "serious" }, pick: "highest" },
        "officers.years_of_service": { column: "Officer Yrs" },
        "force_uses.force_type": {
          first_of: [
            { flags: { "Taser Used": "ced", "Chemical Agent Used": "oc_spray" }, boolean: "yes_no" },
            { columns: ["Weapon 1", "Weapon 2"], values: { Baton: "baton" } },
          ],
        },
      },
    },
  ],
};

describe("runImport: an officer-per-force export", () => {
  const dir = folder(OFFICER_EXPORT, OFFICER_MAPPING);
  const r = doImport(dir);

  it("imports without problems and reconciles rows read = used + rejected", () => {
    expect(r.error, r.error ? r.error.problems.map(formatProblem).join("\n") : "").toBeNull();
    expect(r.result!.files).toEqual([{ file: path.join(dir, "export.csv"), read: 4, used: 4, duplicates: 0, rejected: 0, repeatedHeaders: 1, filtered: 0 }]);
    expect(r.log.some((l) => /export\.csv: read 4 = used 4 \+ rejected 0 \(1 repeated header/.test(l))).toBe(true);
    expect(r.result!.built).toEqual({ incidents: 3, subjects: 3, officers: 4, force_uses: 4 });
  });

  it("groups rows into incidents, reading dates, unpadded times, loose labels and blank markers", () => {
    const inc = table(r.outDir, "incidents");
    expect(inc.columns).toEqual(["incident_id", "date", "time", "district", "contact_origin", "call_type", "officers_count"]);
    expect(inc.map((x) => ({ ...x }))).toEqual([
      { incident_id: "C-100", date: "2024-03-04", time: "02:10", district: "N", contact_origin: "dispatched", call_type: "unknown", officers_count: "2" },
      { incident_id: "C-101", date: "2024-03-05", time: "", district: "S", contact_origin: "officer_initiated", call_type: "unknown", officers_count: "1" },
      { incident_id: "C-102", date: "2024-03-06", time: "00:05", district: "none", contact_origin: "dispatched", call_type: "unknown", officers_count: "1" },
    ]);
  });

  it("keeps the most severe injury across a subject's rows and lists unmapped labels with counts", () => {
    const sub = table(r.outDir, "subjects");
    expect(sub.map((x) => [x.subject_id, x.incident_id, x.sex, x.injury])).toEqual([
      ["C-100 / S1", "C-100", "male", "serious"],
      ["C-101 / S2", "C-101", "female", "none"],
      ["C-102 / subject", "C-102", "", "none"],
    ]);
    expect(r.report).toMatch(/\*\*subjects\.sex\*\* from column "Subject  Sex" \(read as blank\):\n {2}- "X": 1 row\(s\)/);
  });

  it("turns wide flags and repeated weapon columns into one force use per type, keeping the raw label", () => {
    const uses = table(r.outDir, "force_uses");
    expect(uses.map((u) => [u.incident_id, u.officer_id, u.force_type, u.force_type_raw])).toEqual([
      ["C-100", "C-100 / R1", "ced", "Taser Used"],
      ["C-100", "C-100 / R2", "oc_spray", "Chemical Agent Used"],
      ["C-101", "C-101 / R3", "baton", "Baton"],
      ["C-102", "C-102 / R4", "ced", "Taser Used"],
    ]);
  });

  it("drops the address column: it appears nowhere in the tables, and the report says why", () => {
    for (const [, bytes] of readTree(r.outDir)) expect(bytes.toString("utf8")).not.toMatch(/Elm St|Oak Ave|Pine Rd/);
    expect(r.report).toMatch(/"Street Address" \(export\.csv\): its name suggests an address or location/);
    expect(r.report).toContain("## Not in this export");
    expect(r.report).toMatch(/- subjects\.race_ethnicity: Subjects by race or ethnicity/);
  });

  it("the canonical tables it writes pass the pipeline, with calls_for_service read from the data folder", () => {
    fs.writeFileSync(path.join(dir, "calls_for_service.csv"), "period,call_type,district,calls_dispatched\n2024-03,unknown,N,900\n2024-03,unknown,S,700\n");
    const log = memoryLogger();
    const out = path.join(path.dirname(dir), "generated");
    const res = runPipeline(diskIo, { dataDir: dir, outDir: out, key: TEST_KEY, allowRejected: false, reportPath: path.join(path.dirname(dir), "report.md"), log, imported: { dir: r.outDir, tables: IMPORTED_TABLES } });
    expect(res.reconciliation.find((x) => x.table === "incidents")).toEqual({ table: "incidents", read: 3, published: 3, rejected: 0 });
    const agg = JSON.parse(fs.readFileSync(path.join(out, "site", "aggregates.json"), "utf8"));
    expect(agg.headline.latest.incidents).toBe(3);
    expect(agg.headline.latest.dispatched_incidents).toBe(2);
    // The calls (and records) are of March 2024 only: a part year, not compared with a full one.
    expect(agg.meta.part_years).toEqual([{ year: 2024, from: "2024-03", through: "2024-03", label: "March" }]);
    // Columns the export lacks are not reported (not "unknown"); those it has are.
    expect(agg.meta.coverage["subjects.race_ethnicity"].status).toBe("not_reported");
    expect(agg.meta.coverage["subjects.injury"].status).toBe("reported");
    expect(agg.tables["subjects-by-race"].status).toBe("not_reported");
  });
});

describe("runImport: refusals and rejections", () => {
  it("refuses to run while a column that looks like an identifier is neither mapped nor dropped", () => {
    const m = structuredClone(OFFICER_MAPPING);
    m.sources[0].drop = [];
    const r = doImport(folder(OFFICER_EXPORT, m));
    expect(r.error).toBeInstanceOf(InputError);
    const text = r.error!.problems.map(formatProblem);
    expect(text).toEqual([expect.stringMatching(/export\.csv:1, column 5 "Street Address": expected a column that is mapped or dropped: its name suggests an address or location\. Fix: add "Street Address" to sources\[0\]\.drop/)]);
  });

  it("finds address-shaped cells whatever the column is called", () => {
    expect(identifierReason("Where", ["1500 N Portage Ave", "300 BLOCK E 6TH ST", "12 Elm St"])).toMatch(/street addresses|a street address/);
    expect(identifierReason("Pt", ["(41.6953, -86.2699)", "41.695338, -86.269938"])).toBe("its cells look like coordinates");
    expect(identifierReason("Service Type", ["Call for Service", "Traffic Stop"])).toBeNull();
  });

  it("rejects a row with a label the mapping does not list, naming file, line, column, value and fix; nothing is written", () => {
    const dir = folder(OFFICER_EXPORT.replace("ON VIEW", "WALK-IN"), OFFICER_MAPPING);
    const out = path.join(path.dirname(dir), "imported");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "previous.txt"), "kept");
    const r = doImport(dir, { outDir: out });
    expect(r.error).toBeInstanceOf(InputError);
    expect(r.error!.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/export\.csv:4, column 7 "Contact": expected one of the labels listed in sources\[0\]\.fields\["incidents\.contact_origin"\]\.values; got "WALK-IN"\. Fix: add "WALK-IN" to/),
    ]);
    expect(fs.readdirSync(out)).toEqual(["previous.txt"]);
    expect(r.report).toMatch(/\*\*incidents\.contact_origin\*\* from column "Contact" \(rows rejected\):\n {2}- "WALK-IN": 1 row\(s\)/);
    // With --allow-rejected the row is left out and counted.
    const ok = doImport(dir, { allowRejected: true });
    expect(ok.result!.files[0]).toMatchObject({ read: 4, used: 3, rejected: 1 });
    expect(ok.result!.built.incidents).toBe(2);
  });

  it("rejects an incident without a required value with all its rows, in every file, and leaves out its subjects, officers and force uses", () => {
    const header = "case,date,person,officer,force\n";
    const dir = folder(header + "X,,P1,O1,hands\nY,2024-02-01,P2,O1,baton\n", {
      sources: [{
        files: ["a.csv", "b.csv"], grain: "officer_force", keys: { incident: ["case"], subject: { columns: ["person"] }, officer: { columns: ["officer"] } }, fields: {
          "incidents.date": { column: "date" },
          "incidents.district": { value: "N" },
          "incidents.contact_origin": { value: "dispatched" },
          "force_uses.force_type": { column: "force", values: { hands: "physical_unspecified", baton: "baton" } },
        },
      }],
    }, "a.csv");
    fs.writeFileSync(path.join(dir, "b.csv"), header + "X,,P1,O2,baton\nY,,P2,O2,hands\nX,,P3,O1,hands\n");
    const refused = doImport(dir);
    expect(refused.error!.problems.map(formatProblem)).toEqual([expect.stringMatching(/a\.csv:2, "date": expected a value for incidents\.date, which every incident needs \(incident key "X", 3 row\(s\)\)/)]);
    const r = doImport(dir, { allowRejected: true });
    expect(r.result!.files.map((f) => [path.basename(f.file), f.read, f.used, f.rejected])).toEqual([["a.csv", 2, 1, 1], ["b.csv", 3, 1, 2]]);
    expect(r.result!.built).toEqual({ incidents: 1, subjects: 1, officers: 2, force_uses: 2 });
    expect(table(r.outDir, "force_uses").map((u) => [u.incident_id, u.subject_id, u.officer_id, u.force_type])).toEqual([
      ["Y", "Y / P2", "Y / O1", "baton"],
      ["Y", "Y / P2", "Y / O2", "physical_unspecified"],
    ]);
    expect(table(r.outDir, "incidents").map((i) => [i.incident_id, i.officers_count])).toEqual([["Y", "2"]]);
  });

  it("applies the rule for contradictory flags and counts them", () => {
    const csv = "id,date,dispatched,self initiated,force\n1,2024-01-02,Yes,No,hands\n2,2024-01-03,Yes,Yes,hands\n3,2024-01-04,No,No,hands\n";
    const mapping = (rule: string | undefined) => ({
      sources: [{
        file: "export.csv", grain: "incident", keys: { incident: ["id"] }, fields: {
          "incidents.date": { column: "date" },
          "incidents.district": { value: "N" },
          "incidents.call_type": { value: "unknown" },
          "incidents.contact_origin": { flags: { dispatched: "dispatched", "self initiated": "officer_initiated" }, boolean: "yes_no", when_none: "unknown", ...(rule ? { when_several: rule } : {}) },
          "force_uses.force_type": { column: "force", values: { hands: "physical_unspecified" } },
        },
      }],
    });
    const r = doImport(folder(csv, mapping("unknown")));
    expect(table(r.outDir, "incidents").map((x) => x.contact_origin)).toEqual(["dispatched", "unknown", "unknown"]);
    expect(r.report).toContain("incidents.contact_origin: dispatched + self initiated all yes in 1 row(s); rule \"unknown\" applied.");
    const strict = doImport(folder(csv, mapping(undefined)));
    expect(strict.error!.problems.map(formatProblem)).toEqual([expect.stringMatching(/export\.csv:3, column 4 "self initiated": expected at most one of "dispatched", "self initiated" to be yes/)]);
  });

  it("reports mapping mistakes against mapping.json: unknown fields, columns and canonical values", () => {
    const m = structuredClone(OFFICER_MAPPING) as { sources: { fields: Record<string, unknown> }[] };
    m.sources[0].fields["incidents.colour"] = { column: "Area" };
    const bad = doImport(folder(OFFICER_EXPORT, m));
    expect(bad.error!.problems.map(formatProblem)[0]).toMatch(/mapping\.json:1, "sources\[0\]\.fields": expected canonical fields only; "incidents\.colour" is not one/);

    const m2 = structuredClone(OFFICER_MAPPING) as { sources: { fields: Record<string, unknown> }[] };
    m2.sources[0].fields["subjects.sex"] = { column: "Gender", values: { M: "man" } };
    const bad2 = doImport(folder(OFFICER_EXPORT, m2));
    expect(bad2.error!.problems.map(formatProblem)).toEqual([expect.stringMatching(/sources\[0\]\.fields\["subjects\.sex"\]": expected a column named "Gender" in the export's header \(it has "Report No", "Case  Number",/)]);

    const m4 = structuredClone(OFFICER_MAPPING) as { sources: { fields: Record<string, unknown> }[] };
    delete m4.sources[0].fields["incidents.date"];
    const bad4 = doImport(folder(OFFICER_EXPORT, m4));
    expect(bad4.error!.problems.map(formatProblem)).toEqual([expect.stringMatching(/mapping\.json:1, "fields\["incidents\.date"\]": expected a mapping for incidents\.date, which every incident needs/)]);

    const m3 = structuredClone(OFFICER_MAPPING) as { sources: { fields: Record<string, unknown> }[] };
    m3.sources[0].fields["subjects.sex"] = { column: "Subject Sex", values: { M: "man" } };
    const bad3 = doImport(folder(OFFICER_EXPORT, m3));
    expect(bad3.error!.problems.map(formatProblem)).toEqual([expect.stringMatching(/\.values\["M"\]": expected a value of subjects\.sex: one of female, male, nonbinary, other, unknown \("man" is not one\)\. Fix: use a canonical value/)]);
  });
});

describe("runImport: layouts of one-row-per-incident exports", () => {
  it("splits per-person lists aligned by position into one subject each, and matches labels that contain the delimiter", () => {
    const csv = 'case,when,people sex,people age,force\n' +
      'A1,2024-05-01,"Male/Female","31/45",Hands/Arm Bar/Taser\n' +
      'A2,2024-05-02,Female,19,Arm Bar\n';
    const r = doImport(folder(csv, {
      sources: [{
        file: "export.csv", grain: "incident", keys: { incident: ["case"], subject: "by_position" }, fields: {
          "incidents.date": { column: "when" },
          "incidents.district": { value: "S" },
          "incidents.contact_origin": { value: "dispatched" },
          "incidents.call_type": { value: "unknown" },
          "subjects.sex": { column: "people sex", split: "/", values: { Male: "male", Female: "female" } },
          "subjects.age": { column: "people age", split: "/" },
          "force_uses.force_type": { column: "force", split: { delimiter: "/", match_known: true }, values: { Hands: "physical_unspecified", "Hands/Arm Bar": "joint_lock", "Arm Bar": "joint_lock", Taser: "ced" } },
        },
      }],
    }));
    expect(r.error).toBeNull();
    expect(table(r.outDir, "subjects").map((s) => [s.incident_id, s.sex, s.age])).toEqual([
      ["A1", "male", "31"],
      ["A1", "female", "45"],
      ["A2", "female", "19"],
    ]);
    // "Hands/Arm Bar" is one label of its own, found before the delimiter cuts it.
    expect(table(r.outDir, "force_uses").map((u) => [u.incident_id, u.force_type, u.force_type_raw])).toEqual([
      ["A1", "joint_lock", "Hands/Arm Bar"],
      ["A1", "ced", "Taser"],
      ["A2", "joint_lock", "Arm Bar"],
    ]);
  });

  it("converts moments written in UTC to the department's local date, and reads sentinel dates as blank", () => {
    const csv = "id,Date,Review\n1,2020/01/01 03:00:00+00,1900-01-02\n2,2019/07/05 04:00:00+00,2019-08-01\n3,2019/12/10 05:00:00+00,\n";
    const r = doImport(folder(csv, {
      sources: [{
        file: "export.csv", grain: "incident", keys: { incident: ["id"] }, fields: {
          "incidents.date": { column: "Date", format: "YYYY/MM/DD HH:mm:ssZ", utc: true },
          "incidents.district": { value: "N" },
          "incidents.contact_origin": { value: "unknown" },
          "incidents.call_type": { value: "unknown" },
          "force_uses.force_type": { value: "unknown" },
        },
      }],
    }));
    // 03:00 UTC on 1 January is 22:00 on 31 December in New York; 04:00 and 05:00 UTC are local midnight.
    expect(table(r.outDir, "incidents").map((x) => x.date)).toEqual(["2019-12-31", "2019-07-05", "2019-12-10"]);
  });

  it("reads date layouts with 12-hour clocks and offsets", () => {
    const l = compileLayout("MM/DD/YYYY hh:mm:ss A");
    expect(l.read("01/18/2017 12:00:00 AM")).toMatchObject({ year: 2017, month: 1, day: 18, hour: 0 });
    expect(l.read("01/18/2017 12:30:00 PM")).toMatchObject({ hour: 12, minute: 30 });
    expect(l.read("02/30/2017 12:00:00 AM")).toBeNull();
    const z = compileLayout("YYYY-MM-DDTHH:mmZ");
    const p = z.read("2024-03-10T06:30-05:00")!;
    expect(p.offset).toBe(-300);
    expect(isoDate(toLocal(p, "UTC"))).toBe("2024-03-10");
    expect(() => compileLayout("DD/MM/YYYY hh:mm")).toThrow(/needs A for AM\/PM/);
  });
});

describe("import records held column-wise", () => {
  it("keeps each record's id, incident and values, and each distinct force use once, past many records", () => {
    const t = new RecordTable();
    const uses = new UseTable();
    const distinct = new Set<string>();
    for (let k = 0; k < 5000; k++) {
      const i = t.recordOf(`I${k % 3000}`, k % 7, 0, k + 2);
      if (t.code(0, i) === 0) t.setValue(0, i, `v${k % 5}`);
      const use = [k % 3000, k % 2 ? -1 : k % 11, -1, k % 4 ? "baton" : "ced"] as const;
      uses.add(...use, "", k % 3 ? null : "L1");
      distinct.add(use.join());
    }
    expect(t.size).toBe(3000);
    expect([t.id(2999), t.incident[2999], t.firstLine[2999], t.value(0, 2999), t.value(1, 2999)]).toEqual(["I2999", 2999 % 7, 3001, "v4", undefined]);
    expect(t.valueIs(0, 10, "v0")).toBe(true);
    expect(t.recordOf("I10", 0, 0, 1)).toBe(10);
    expect(uses.size).toBe(distinct.size);
    uses.add(1, -1, -1, "baton", "other label", null);
    expect(uses.size).toBe(distinct.size);
    expect([uses.types.value(uses.type[0]), uses.levels.value(uses.level[0]), uses.levels.value(uses.level[1])]).toEqual(["ced", "L1", undefined]);
  });
});
