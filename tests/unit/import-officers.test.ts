// Import of officers' demographics, years of service from a hire date, coarse "adult"/"juvenile"
// ages and the department's own force levels placed on the continuum. Every export here is
// synthetic, written for these tests.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { wholeYears } from "../../scripts/import/elapsed.ts";
import { runImport } from "../../scripts/import/run.ts";
import { diskIo } from "../../scripts/pipeline/io.ts";
import { memoryLogger } from "../../scripts/pipeline/log.ts";
import { formatProblem } from "../../scripts/pipeline/problems.ts";
import { runPipeline } from "../../scripts/pipeline/run.ts";
import { importedTable, importFolder, importIn } from "../importHelpers.ts";
import { IMPORTED_TABLES, mappingSchema } from "../../src/lib/schema/mapping.ts";
import { readTree, TEST_KEY } from "../helpers.ts";

const folder = (exportCsv: string, mapping: unknown) => importFolder("uof-import-officers-", { "export.csv": exportCsv }, mapping);
const doImport = (dir: string, allowRejected = false) => importIn(dir, { allowRejected });
const table = importedTable;

// One row per officer per force. Levels but, for most rows, no force type with a level of its own.
const EXPORT =
  "Case,Occurred,Area,Force Level,Force,Officer,Officer Race,Officer Sex,Officer Age,Hire Date,Subject Age\n" +
  "C1,03/04/2024,N,Level 1,Hands,O1,W,M,31,03/05/2014,Adult\n" +
  "C2,03/05/2024,N,OIS,Firearm,O2,B,F,44,03/05/2014,Juvenile\n" +
  "C3,03/06/2024,S,Level 2,Other,O3,H,M,27,01/01/2025,Adult\n" +
  "C4,03/07/2024,S,Level 3,Hands,O4,W,F,,,\n" +
  "C5,03/08/2024,S,,Hands,O5,A,M,52,06/30/1999,Adult\n";

const MAPPING = {
  sources: [
    {
      file: "export.csv",
      grain: "officer_force",
      keys: { incident: ["Case"], officer: { columns: ["Officer"] } },
      drop: [],
      fields: {
        "incidents.date": { column: "Occurred", format: "MM/DD/YYYY" },
        "incidents.district": { column: "Area" },
        "incidents.contact_origin": { value: "dispatched" },
        "subjects.age_band": { column: "Subject Age", values: { Adult: "adult", Juvenile: "under_18" } },
        "officers.race_ethnicity": { column: "Officer Race", values: { W: "white", B: "black", H: "hispanic_latino", A: "asian" } },
        "officers.sex": { column: "Officer Sex", values: { M: "male", F: "female" } },
        "officers.age": { column: "Officer Age" },
        "officers.years_of_service": { column: "Hire Date", format: "MM/DD/YYYY", years_from_date: true },
        "force_uses.force_type": { column: "Force", values: { Hands: "physical_unspecified", Firearm: "firearm_discharge", Other: "other" } },
        "force_uses.agency_level": { column: "Force Level" },
        "force_uses.agency_continuum_level": { column: "Force Level", values: { "Level 1": "3", "Level 2": "4", "Level 3": "5", OIS: "6" } },
      },
    },
  ],
};

describe("wholeYears", () => {
  it("counts whole years, a year short until the anniversary, negative where the end is earlier", () => {
    expect(wholeYears("2014-03-05", "2024-03-04")).toBe(9);
    expect(wholeYears("2014-03-05", "2024-03-05")).toBe(10);
    expect(wholeYears("2014-02-28", "2015-02-27")).toBe(0);
    expect(wholeYears("2020-02-29", "2021-02-28")).toBe(0);
    expect(wholeYears("2020-02-29", "2021-03-01")).toBe(1);
    expect(wholeYears("2025-01-01", "2024-03-06")).toBe(-1);
  });
});

describe("runImport: officers, hire dates, coarse ages and the department's levels", () => {
  it("the mapping file accepts years_from_date", () => {
    expect(mappingSchema.safeParse(MAPPING).success).toBe(true);
  });

  const dir = folder(EXPORT, MAPPING);
  const r = doImport(dir, true);

  it("rejects a hire date after the incident date, saying what to fix", () => {
    expect(r.error, r.error ? r.error.problems.map(formatProblem).join("\n") : "").toBeNull();
    expect(r.result!.built.officers).toBe(4);
    expect(r.result!.rejected).toEqual([
      expect.objectContaining({ line: 4, field: "Hire Date", value: "01/01/2025", expected: "a date on or before the incident date (2024-03-06)", fix: expect.stringMatching(/^correct the date in the export/) }),
    ]);
  });

  it("writes whole years of service at the incident date, and never the hire date", () => {
    const off = table(r.outDir, "officers");
    expect(off.columns).toEqual(["officer_id", "incident_id", "age", "sex", "race_ethnicity", "years_of_service"]);
    expect(off.map((o) => [o.incident_id, o.age, o.sex, o.race_ethnicity, o.years_of_service])).toEqual([
      ["C1", "31", "male", "white", "9"],
      ["C2", "44", "female", "black", "10"],
      ["C4", "", "female", "white", ""],
      ["C5", "52", "male", "asian", "24"],
    ]);
    for (const [, bytes] of readTree(r.outDir)) expect(bytes.toString("utf8")).not.toMatch(/2014|1999|03\/05|06\/30/);
  });

  it("maps adult and juvenile to the coarse adult band and under 18", () => {
    const sub = table(r.outDir, "subjects");
    expect(sub.map((s) => [s.incident_id, s.age_band])).toEqual([["C1", "adult"], ["C2", "under_18"], ["C4", ""], ["C5", "adult"]]);
  });

  it("keeps the department's level and its place on the continuum beside each force use", () => {
    const uses = table(r.outDir, "force_uses");
    expect(uses.map((u) => [u.incident_id, u.force_type, u.agency_level, u.agency_continuum_level])).toEqual([
      ["C1", "physical_unspecified", "Level 1", "3"],
      ["C2", "firearm_discharge", "OIS", "6"],
      ["C4", "physical_unspecified", "Level 3", "5"],
      ["C5", "physical_unspecified", "", ""],
    ]);
  });

  it("the pipeline takes the highest level from the department's levels where the types have none, and 'not reported' where neither has one", () => {
    fs.writeFileSync(path.join(dir, "calls_for_service.csv"), "period,call_type,district,calls_dispatched\n2024-03,unknown,N,900\n2024-03,unknown,S,700\n");
    const out = path.join(path.dirname(dir), "generated");
    runPipeline(diskIo, { dataDir: dir, outDir: out, key: TEST_KEY, allowRejected: false, reportPath: path.join(path.dirname(dir), "report.md"), log: memoryLogger(), imported: { dir: r.outDir, tables: IMPORTED_TABLES } });
    const agg = JSON.parse(fs.readFileSync(path.join(out, "site", "aggregates.json"), "utf8"));
    const mix = agg.tables["force-level-mix"].rows.filter((x: { year: number }) => x.year === 2024);
    const incidentsAt = (level: number | null) => mix.find((x: { level: number | null }) => x.level === level)?.incidents ?? 0;
    // C1 level 1 -> 3, C2 a firearm discharge (6, from its type), C4 level 3 -> 5, C5 no level at all.
    expect([3, 4, 5, 6, null].map(incidentsAt)).toEqual([1, 0, 1, 1, 1]);
    expect(agg.meta.coverage["officers.race_ethnicity"].status).toBe("reported");
  });
});

describe("runImport: years_from_date mistakes in the mapping", () => {
  it("refuses years_from_date on a field that is not a whole number", () => {
    const m = structuredClone(MAPPING);
    (m.sources[0].fields as Record<string, unknown>)["officers.sex"] = { column: "Hire Date", format: "MM/DD/YYYY", years_from_date: true };
    const res = doImport(folder(EXPORT, m));
    expect(res.error!.problems.map(formatProblem).join("\n")).toContain(`"sources[0].fields[\"officers.sex\"].years_from_date": expected a whole-number field for years_from_date (officers.sex is not one)`);
  });
});
