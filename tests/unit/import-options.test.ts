// Mapping options for real exports: fields not reported, row filters, repeated headers in any
// spelling, loose header names and aliases, fallback incident keys, code books.
// Every export here is synthetic, written for these tests.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HeaderIndex } from "../../scripts/import/fields.ts";
import { diskIo } from "../../scripts/pipeline/io.ts";
import { memoryLogger } from "../../scripts/pipeline/log.ts";
import { isRepeatedHeader } from "../../scripts/pipeline/parse.ts";
import { formatProblem } from "../../scripts/pipeline/problems.ts";
import { runPipeline } from "../../scripts/pipeline/run.ts";
import { importedTable, importFolder, importIn } from "../importHelpers.ts";
import { IMPORTED_TABLES, mappingSchema } from "../../src/lib/schema/mapping.ts";
import { TEST_KEY } from "../helpers.ts";

/** A data folder with config.json, mapping.json and the given files. */
const folder = (files: Record<string, string>, mapping: unknown) => importFolder("uof-import-options-", files, mapping);
const doImport = (dir: string, allowRejected = false) => importIn(dir, { allowRejected });
const table = importedTable;

/** A one-row-per-incident source with the usual fields, plus what a test adds. */
function source(extra: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) {
  return {
    file: "export.csv",
    grain: "incident",
    keys: { incident: ["Incident No"] },
    fields: {
      "incidents.date": { column: "Date" },
      "incidents.district": { column: "Area" },
      "incidents.contact_origin": { column: "Origin", values: { CALL: "dispatched", VIEW: "officer_initiated" } },
      "force_uses.force_type": { value: "physical_unspecified" },
      ...fields,
    },
    ...extra,
  };
}

describe("not_reported: a field the export lacks", () => {
  const csv = "Incident No,Date,Area,Race\n1,2024-03-01,N,W\n2,2024-03-02,S,B\n3,2024-04-02,S,W\n";
  const mapping = {
    sources: [
      {
        ...source({}, {
          "incidents.contact_origin": { not_reported: true, note: "The export does not say how contact began." },
          "subjects.race_ethnicity": { not_reported: true, note: "Race is kept in another system." },
        }),
        ignore: ["Race"],
      },
    ],
  };

  it("writes a required coded field as unknown in every record, leaves an optional one out, and lists both with their notes", () => {
    const r = doImport(folder({ "export.csv": csv }, mapping));
    expect(r.problems).toEqual([]);
    const incidents = table(r.outDir, "incidents");
    expect(incidents.map((x) => x.contact_origin)).toEqual(["unknown", "unknown", "unknown"]);
    expect(table(r.outDir, "subjects").columns).not.toContain("race_ethnicity");
    expect(r.report).toMatch(/- incidents\.contact_origin \(marked not reported in the mapping: The export does not say how contact began\.\)/);
    expect(r.report).toMatch(/- subjects\.race_ethnicity \(marked not reported in the mapping: Race is kept in another system\.\)/);
    expect(r.result!.notSupplied).toEqual(expect.arrayContaining(["incidents.contact_origin", "subjects.race_ethnicity"]));
    // No dispatched share under any combine rule: the field is not reported, not 0%.
    expect(r.result!.combined.map((o) => o.target)).not.toContain("incidents.contact_origin");
    expect(r.log.join("\n")).not.toMatch(/contact_origin = dispatched/);
  });

  it("reaches the site as not reported: no dispatched count and no rate, never 0 and never a share", () => {
    const dir = folder({ "export.csv": csv }, mapping);
    const r = doImport(dir);
    const out = path.join(path.dirname(dir), "generated");
    runPipeline(diskIo, { dataDir: dir, outDir: out, key: TEST_KEY, allowRejected: false, reportPath: path.join(path.dirname(dir), "report.md"), log: memoryLogger(), imported: { dir: r.outDir, tables: IMPORTED_TABLES } });
    const agg = JSON.parse(fs.readFileSync(path.join(out, "site", "aggregates.json"), "utf8"));
    expect(agg.meta.coverage["incidents.contact_origin"].status).toBe("not_reported");
    expect(agg.meta.coverage["subjects.race_ethnicity"].status).toBe("not_reported");
    expect(agg.headline.latest.incidents).toBe(3);
    expect(agg.headline.latest.dispatched_incidents).toBeNull();
    expect(agg.headline.latest.force_per_1000_dispatched).toBeNull();
  });

  it("refuses not_reported for a required field without an unknown value, naming the fix", () => {
    const r = doImport(folder({ "export.csv": csv }, { sources: [{ ...source({}, { "incidents.district": { not_reported: true } }), ignore: ["Area", "Race"] }] }));
    expect(r.problems.join("\n")).toMatch(/fields\["incidents\.district"\]\.not_reported.*every record needs incidents\.district.*give one district for the whole export with "value"/);
  });

  it("is one choice among column, value and the others, not beside them", () => {
    const bad = mappingSchema.safeParse({ sources: [source({}, { "incidents.call_type": { not_reported: true, column: "Origin" } })] });
    expect(bad.success).toBe(false);
  });
});

describe("filter: rows left out by a column's labels", () => {
  const csv = "Incident No,Date,Area,Origin,Subject Type\n1,2024-03-01,N,CALL,Person\n2,2024-03-02,S,CALL,animal\n3,2024-03-03,S,VIEW, DOG \n4,2024-03-04,N,CALL,Person\n5,2024-03-05,N,CALL,\n6,2024-03-06,X,CALL,person\n";

  it("drops the listed labels (case and spaces ignored) and counts them per filter and value: read = used + filtered + rejected", () => {
    const r = doImport(folder({ "export.csv": csv }, { sources: [source({ filter: [{ column: "Subject Type", drop: ["Animal", "Dog"] }] })] }), true);
    expect(r.result!.files[0]).toMatchObject({ read: 6, used: 3, filtered: 2, rejected: 1 });
    expect(r.log.some((l) => /export\.csv: read 6 = used 3 \+ filtered 2 \+ rejected 1/.test(l))).toBe(true);
    expect(r.report).toContain('- export.csv, "Subject Type" drop "Animal", "Dog": 2 row(s):\n  - "animal": 1 row(s)\n  - "DOG": 1 row(s)');
    expect(r.report).toContain("| export.csv | 6 | 3 | 2 | 0 | 1 | 0 |");
    expect(table(r.outDir, "incidents").map((x) => x.incident_id)).toEqual(["1", "4", "5"]);
  });

  it("keeps only the listed labels; a blank cell is left out and counted as blank", () => {
    const r = doImport(folder({ "export.csv": csv }, { sources: [source({ filter: [{ column: "Subject Type", keep: ["PERSON"] }] })] }), true);
    expect(r.result!.files[0]).toMatchObject({ read: 6, used: 2, filtered: 3, rejected: 1 });
    expect(r.report).toMatch(/"Subject Type" keep "PERSON": 3 row\(s\):\n {2}- "animal": 1 row\(s\)\n {2}- "DOG": 1 row\(s\)\n {2}- "\(blank\)": 1 row\(s\)/);
  });

  it("names a filter column the file lacks", () => {
    const r = doImport(folder({ "export.csv": csv }, { sources: [source({ filter: [{ column: "Kind", drop: ["x"] }] })] }));
    expect(r.problems.join("\n")).toMatch(/sources\[0\]\.filter\[0\]\.column.*no column "Kind"/);
  });
});

describe("repeated header rows in any spelling", () => {
  it("recognises a header row repeated with other case, spacing and punctuation, and skips it", () => {
    const squashed = ["incidentnumber", "date", "area", "origin"];
    expect(isRepeatedHeader(["IncidentNumber", "DATE", " Area", "Origin"], squashed)).toBe(true);
    expect(isRepeatedHeader(["INCIDENT  NUMBER", "date", "area", "x"], squashed)).toBe(true);
    expect(isRepeatedHeader(["Incident_Number", "2024-01-01", "N", "CALL"], squashed)).toBe(false);
    expect(isRepeatedHeader(["17", "2024-01-01", "N", "CALL"], squashed)).toBe(false);
  });

  it("counts the skipped rows, and a cell that is its column's name gets the real fix, not a value map", () => {
    const csv = "Incident Number,Date,Area,Origin\n1,2024-03-01,N,CALL\nIncidentNumber,DATE,AREA,ORIGIN\n2,2024-03-02,S,VIEW\nINCIDENT  NUMBER,date,area,origin\n3,2024-03-03,S,Origin\n";
    const r = doImport(folder({ "export.csv": csv }, { sources: [source({ keys: { incident: ["Incident Number"] } })] }), true);
    expect(r.result!.files[0]).toMatchObject({ read: 3, used: 2, rejected: 1, repeatedHeaders: 2 });
    const rejected = r.result!.rejected.map(formatProblem).join("\n");
    expect(rejected).toContain("this cell is the column's own name \"Origin\": the row is a header row repeated inside the file");
    expect(rejected).not.toMatch(/add "Origin" to/);
  });
});

describe("header names: spacing, underscores, alternatives and aliases", () => {
  it("finds columns whatever their case, leading or doubled spaces and underscores; two columns alike are not guessed", () => {
    const h = new HeaderIndex([" Date Occurred", "Area  Command", "subject_race", "Council District", "CouncilDistrict"]);
    expect(h.indexOf("Date Occurred")).toBe(0);
    expect(h.indexOf("AREA COMMAND")).toBe(1);
    expect(h.indexOf("Subject Race")).toBe(2);
    expect(h.indexOf("Council District")).toBe(3);
    expect(h.indexOf("council_district")).toBe(-1);
    expect(h.indexOf(["Occurred", "Date Occurred"])).toBe(0);
    expect(new HeaderIndex(["OCC_DATE"], { "Date Occurred": ["Occurred Date", "OCC DATE"] }).indexOf("Date Occurred")).toBe(0);
  });

  it("reads yearly files whose column names drift with one mapping, and lists the labels not mapped per file", () => {
    const files = {
      "2022.csv": "Incident No, Date Occurred,Area,Sex\n1,2022-05-01,N,M\n2,2022-05-02,N,m\n",
      "2023.csv": "Incident No,Occurred Date,Area,Gender\n3,2023-05-01,S,F\n4,2023-05-02,S,X\n",
      "2024.csv": "INCIDENT_NO,OCC_DATE,AREA,Sex\n5,2024-05-01,N,Male\n6,2024-05-02,N,Female\n",
    };
    const mapping = {
      sources: [
        {
          files: ["2022.csv", "2023.csv", "2024.csv"],
          grain: "incident",
          aliases: { "Date Occurred": ["Occurred Date", "OCC_DATE"] },
          keys: { incident: ["Incident No"] },
          fields: {
            "incidents.date": { column: "Date Occurred" },
            "incidents.district": { column: "Area" },
            "incidents.contact_origin": { value: "dispatched" },
            "subjects.sex": { column: ["Sex", "Gender"], values: { M: "male", F: "female" }, unmapped: "blank" },
            "force_uses.force_type": { value: "physical_unspecified" },
          },
        },
      ],
    };
    const r = doImport(folder(files, mapping));
    expect(r.problems).toEqual([]);
    expect(table(r.outDir, "incidents").map((x) => x.date)).toEqual(["2022-05-01", "2022-05-02", "2023-05-01", "2023-05-02", "2024-05-01", "2024-05-02"]);
    expect(table(r.outDir, "subjects").map((x) => x.sex)).toEqual(["male", "male", "female", "", "", ""]);
    expect(r.report).not.toContain("### 2022.csv");
    expect(r.report).toContain('### 2023.csv (1 label(s))\n\n- **subjects.sex** from column "Gender" (read as blank):\n  - "X": 1 row(s)');
    expect(r.report).toContain('### 2024.csv (2 label(s))\n\n- **subjects.sex** from column "Sex" (read as blank):\n  - "Male": 1 row(s)\n  - "Female": 1 row(s)');
  });

  it("lets drop and ignore name a column only some files of a source have, and refuses one no file has", () => {
    const files = {
      "2022.csv": "Incident No,Date,Area,Origin,Street Address\n1,2022-05-01,N,CALL,1 Elm St\n",
      "2023.csv": "Incident No,Date,Area,Origin,Unit\n2,2023-05-01,S,CALL,B7\n",
    };
    const base = { ...source(), file: undefined, files: ["2022.csv", "2023.csv"] };
    const ok = doImport(folder(files, { sources: [{ ...base, drop: ["Street Address"], ignore: ["Unit"] }] }));
    expect(ok.problems).toEqual([]);
    expect(ok.report).toContain('- "Street Address" (2022.csv)');
    const bad = doImport(folder(files, { sources: [{ ...base, drop: ["Street Address", "Badge"], ignore: ["Unit"] }] }));
    expect(bad.problems.join("\n")).toMatch(/sources\[0\]\.drop\[1\].*a column of at least one file of sources\[0\] \(no file has "Badge"\)/);
  });

  it("names a column with alternatives that a file lacks by all its names", () => {
    const r = doImport(folder({ "export.csv": "Incident No,Date,Area,Origin\n1,2024-03-01,N,CALL\n" }, { sources: [source({}, { "incidents.date": { column: ["Occurred", "Occ Date"] } })] }));
    expect(r.problems.join("\n")).toContain('a column named "Occurred" or "Occ Date" in the export');
  });
});

describe("keys.incident first_of: fallback keys", () => {
  it("takes the first key with a value, keeps fallback keys apart from equal ids, and says how many rows used each", () => {
    const csv = "Incident ID,Case Number,Date,Area,Origin\nA1,,2024-03-01,N,CALL\nA1,C9,2024-03-01,N,CALL\n,C9,2024-03-02,S,VIEW\n,A1,2024-03-03,S,VIEW\n";
    const r = doImport(folder({ "export.csv": csv }, { sources: [source({ keys: { incident: { first_of: [["Incident ID"], ["Case Number"]] } } })] }));
    expect(r.problems).toEqual([]);
    expect(r.result!.built.incidents).toBe(3);
    expect(r.report).toContain("- export.csv: Incident ID 2 row(s); Case Number 2 row(s)");
    expect(r.log.some((l) => l.includes("incident keys from Incident ID 2, Case Number 2"))).toBe(true);
  });

  it("keeps the plain list form valid", () => {
    expect(mappingSchema.safeParse({ sources: [source()] }).success).toBe(true);
    expect(mappingSchema.safeParse({ sources: [source({ keys: { incident: { first_of: [] } } })] }).success).toBe(false);
  });
});

describe("code_book: numeric codes through the department's code book", () => {
  const csv = "Incident No,Date,Area,Origin,Sex,Race\n1,2024-03-01,N,1,1,3\n2,2024-03-02,S,2,2,3\n3,2024-03-03,S,9,1,7\n4,2024-03-04,N,1,8,\n";
  const book = "column,code,label,value\nOrigin,1,Dispatched call,\nOrigin,2,On view,\nSex,1,Male,male\nSex,2,Female,female\nRace,3,White,\n";
  const mapping = (origin: Record<string, unknown> = {}) => ({
    sources: [
      source({}, {
        "incidents.contact_origin": { column: "Origin", code_book: "codes.csv", values: { "Dispatched call": "dispatched", "On view": "officer_initiated" }, ...origin },
        "subjects.sex": { column: "Sex", code_book: "codes.csv", unmapped: "blank" },
        "subjects.race_ethnicity": { column: "Race", code_book: "codes.csv", values: { White: "white" }, unmapped: "blank" },
      }),
    ],
  });

  it("maps codes through the book's labels or its canonical values, and lists codes not in the book per column", () => {
    const r = doImport(folder({ "export.csv": csv, "codes.csv": book }, mapping({ unmapped: "blank" })), true);
    expect(r.problems).toEqual([]);
    const subjects = table(r.outDir, "subjects");
        // The incident whose origin code 9 is not in the book has no origin: it is rejected (a required field), with its subject.
    expect(subjects.map((s) => s.sex)).toEqual(["male", "female", ""]);
    expect(subjects.map((s) => s.race_ethnicity)).toEqual(["white", "white", ""]);
    expect(table(r.outDir, "incidents").map((x) => x.contact_origin)).toEqual(["dispatched", "officer_initiated", "dispatched"]);
    expect(r.report).toContain('- export.csv, column "Origin" (codes.csv; read as blank):\n  - "9": 1 row(s)');
    expect(r.report).toContain('- export.csv, column "Sex" (codes.csv; read as blank):\n  - "8": 1 row(s)');
    expect(r.report).toContain('- export.csv, column "Race" (codes.csv; read as blank):\n  - "7": 1 row(s)');
  });

  it("rejects a row whose code is not in the book under unmapped: reject, naming the book", () => {
    const r = doImport(folder({ "export.csv": csv, "codes.csv": book }, mapping()), true);
    const rejected = r.result!.rejected.map(formatProblem).join("\n");
    expect(rejected).toContain('export.csv:4, column 4 "Origin": expected a code of "Origin" listed in the code book codes.csv; got "9". Fix: add the code "9" to codes.csv');
    expect(r.result!.files[0]).toMatchObject({ read: 4, used: 3, rejected: 1 });
  });

  it("reports a malformed code book at its file, row and column", () => {
    const cases: [string, RegExp][] = [
      ["column,code\nSex,1\n", /codes\.csv:1.*a header with the columns column, code, label.*label missing/],
      ["column,code,label\nSex,,Male\n", /codes\.csv:2, column 2 "code": expected a code/],
      ["column,code,label,value\nSex,1,Male,male\nSex,1,Female,female\n", /codes\.csv:3, column 2 "code": expected one meaning per code of "Sex" \(line 2 gives "Male"\)/],
      ["column,code,label,value\nSex,1,Male,man\n", /codes\.csv:2, column 4 "value": expected a canonical value of subjects\.sex for code "1" of "Sex"/],
      ["column,code,label\nSex,1\n", /codes\.csv:2.*3 cells as in the header/],
    ];
    for (const [text, want] of cases) {
      const r = doImport(folder({ "export.csv": csv, "codes.csv": text }, { sources: [source({ ignore: ["Race"] }, { "subjects.sex": { column: "Sex", code_book: "codes.csv", unmapped: "blank" } })] }));
      expect(r.problems.join("\n")).toMatch(want);
    }
    const missing = doImport(folder({ "export.csv": csv }, { sources: [source({ ignore: ["Race"] }, { "subjects.sex": { column: "Sex", code_book: "codes.csv" } })] }));
    expect(missing.problems.join("\n")).toMatch(/codes\.csv: expected the code book named in mapping\.json sources\[0\]\.fields\["subjects\.sex"\]\.code_book/);
  });
});

describe("keys.continuation_rows: rows that continue the event above them", () => {
  // The same continuation row below two events is two rows, never a duplicate.
  const csv = "Incident No,Date,Area,Origin,Force\nA1,2024-01-05,N,CALL,Takedown\n,,,,OC Spray\n,,,,Handcuffing\nA2,2024-01-06,S,VIEW,Takedown\n,,,,OC Spray\n";
  const mapping = (continuation: boolean) => ({
    sources: [source({ keys: { incident: ["Incident No"], ...(continuation ? { continuation_rows: true } : {}) } }, {
      "force_uses.force_type": { column: "Force", values: { Takedown: "takedown", "OC Spray": "oc_spray", Handcuffing: null } },
    })],
  });

  it("reads a keyless row as part of the incident above it, so its force types count, and says how many", () => {
    const r = doImport(folder({ "export.csv": csv }, mapping(true)));
    expect(r.problems).toEqual([]);
    expect(r.result!.files[0]).toMatchObject({ read: 5, used: 5, duplicates: 0, rejected: 0 });
    expect(r.result!.built.incidents).toBe(2);
    const uses = table(r.outDir, "force_uses");
    const incidents = table(r.outDir, "incidents");
    const a1 = incidents.find((i) => i.date === "2024-01-05")!.incident_id;
    const a2 = incidents.find((i) => i.date === "2024-01-06")!.incident_id;
    expect(uses.filter((u) => u.incident_id === a1).map((u) => u.force_type).sort()).toEqual(["oc_spray", "takedown"]);
    expect(uses.filter((u) => u.incident_id === a2).map((u) => u.force_type).sort()).toEqual(["oc_spray", "takedown"]);
    expect(r.log.join("\n")).toContain("export.csv: 3 continuation row(s) (no incident key) read as part of the incident above them");
  });

  it("without the option, a keyless row is rejected, naming the key", () => {
    const r = doImport(folder({ "export.csv": csv }, mapping(false)));
    expect(r.problems.length).toBe(3);
    expect(r.problems[0]).toMatch(/export\.csv:3, column 1 "Incident No": expected an incident key/);
  });
});
