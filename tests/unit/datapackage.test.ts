// The published data package: valid against the official Data Package profile (a copy kept in
// tests/fixtures/datapackage-profile), and every CSV keeps its table schema: header, types,
// enums, required fields, primary keys unique and foreign keys that resolve.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { csvFormatRows } from "d3-dsv";
import { beforeAll, describe, expect, it } from "vitest";
import { DATAPACKAGE_PROFILE } from "../../scripts/pipeline/write.ts";
import { checkDataPackage, csvRows, type DataResource, type TableSchema } from "../../scripts/release/tableCheck.ts";
import { copyDepartment, FIXTURES, run, tmpDir } from "../helpers.ts";
import { PROFILE, validator } from "../datapackageProfile.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
type Package = { $schema: string; created: string; resources: (DataResource & { bytes?: number; hash?: string; rows?: number })[] };

let downloads: string;
let pkg: Package;

beforeAll(() => {
  // The repository's sample department, built into a temporary folder.
  const dir = copyDepartment(path.join(ROOT, "data"), path.join(tmpDir(), "data"));
  const out = path.join(path.dirname(dir), "generated");
  const r = run(dir, out);
  if (r.error) throw r.error;
  downloads = path.join(out, "downloads");
  pkg = JSON.parse(fs.readFileSync(path.join(downloads, "datapackage.json"), "utf8"));
});

/** Every file under a folder, as "/"-separated relative paths. */
function files(dir: string, under = ""): string[] {
  return fs.readdirSync(path.join(dir, under), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(dir, path.posix.join(under, e.name)) : [path.posix.join(under, e.name)]));
}

/** A copy of the downloads with one CSV changed by edit (rows include the header). */
function tampered(file: string, edit: (rows: string[][]) => void): string {
  const copy = path.join(tmpDir(), "downloads");
  fs.cpSync(downloads, copy, { recursive: true });
  const rows = [...csvRows([fs.readFileSync(path.join(copy, file), "utf8")])];
  edit(rows);
  fs.writeFileSync(path.join(copy, file), csvFormatRows(rows) + "\n");
  return copy;
}

const schemaOf = (name: string) => pkg.resources.find((r) => r.name === name)!.schema as TableSchema;
const col = (rows: string[][], name: string) => rows[0].indexOf(name);

describe("datapackage.json", () => {
  it("validates against the official profile it names", () => {
    expect(pkg.$schema).toBe(DATAPACKAGE_PROFILE);
    expect(DATAPACKAGE_PROFILE).toBe("https://datapackage.org/profiles/2.1/datapackage.json");
    const validate = validator();
    const ok = validate(pkg);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("fails the profile when a property breaks it (created only a date, a resource without a path)", () => {
    const validate = validator();
    expect(validate({ ...pkg, created: "2025-03-01" })).toBe(false);
    expect(validate.errors!.some((e) => e.instancePath === "/created" && e.keyword === "format")).toBe(true);
    const [first, ...rest] = pkg.resources;
    const { path: _, ...noPath } = first;
    expect(validate({ ...pkg, resources: [noPath, ...rest] })).toBe(false);
  });

  it("describes every CSV download, figure tables included, with their true size and checksum", () => {
    const csvs = files(downloads).filter((f) => f.endsWith(".csv")).sort();
    const described = pkg.resources.filter((r) => String(r.path).endsWith(".csv")).map((r) => String(r.path)).sort();
    expect(described).toEqual(csvs);
    expect(csvs.filter((f) => f.startsWith("figures/")).length).toBeGreaterThan(10);
    for (const r of pkg.resources) {
      const bytes = fs.readFileSync(path.join(downloads, String(r.path)));
      expect(r.bytes, String(r.path)).toBe(bytes.length);
      expect(r.hash, String(r.path)).toBe(`sha256:${createHash("sha256").update(bytes).digest("hex")}`);
      if (r.rows !== undefined) expect(r.rows, String(r.path)).toBe([...csvRows([bytes.toString("utf8")])].length - 1);
    }
  });

  it("declares the tables' keys and blank as the missing value", () => {
    expect(schemaOf("incidents").primaryKey).toEqual(["incident"]);
    expect(schemaOf("officers").primaryKey).toEqual(["officer", "incident"]);
    expect(schemaOf("force-uses").primaryKey).toBeUndefined();
    expect(schemaOf("subjects").foreignKeys).toEqual([{ fields: ["incident"], reference: { resource: "incidents", fields: ["incident"] } }]);
    expect(schemaOf("force-uses").foreignKeys?.map((k) => k.reference.resource)).toEqual(["incidents", "subjects"]);
    for (const r of pkg.resources) if (r.schema) expect((r.schema as TableSchema).missingValues, r.name).toEqual([""]);
    expect(schemaOf("figure-districts").fields.map((f) => f.type)).toContain("number");
  });
});

describe("CSV files against their table schemas", () => {
  it("finds no problem in the sample's downloads", () => {
    expect(checkDataPackage(downloads)).toEqual([]);
  });

  it("finds no problem in the golden fixture's downloads", () => {
    const golden = path.join(FIXTURES, "small/expected/downloads");
    expect(checkDataPackage(golden)).toEqual([]);
  });

  it("reports a header that differs from the schema's fields", () => {
    const dir = tampered("incidents.csv", (rows) => ([rows[0][1], rows[0][2]] = [rows[0][2], rows[0][1]]));
    expect(checkDataPackage(dir)).toEqual([expect.objectContaining({ resource: "incidents", row: 0, message: expect.stringMatching(/^header is/) })]);
  });

  it("reports a cell of the wrong type, a value outside its enum and a blank required cell", () => {
    const dir = tampered("subjects.csv", (rows) => {
      rows[3][col(rows, "year")] = "2020.5";
      rows[4][col(rows, "sex")] = "martian";
    });
    const problems = checkDataPackage(dir);
    expect(problems).toEqual([
      expect.objectContaining({ resource: "subjects", row: 3, field: "year", message: '"2020.5" is not an integer' }),
      expect.objectContaining({ resource: "subjects", row: 4, field: "sex", message: '"martian" is not one of the values its enum allows' }),
    ]);
    const calls = tampered("calls_for_service.csv", (rows) => (rows[1][col(rows, "district")] = ""));
    expect(checkDataPackage(calls)).toEqual([expect.objectContaining({ resource: "calls-for-service", row: 1, field: "district", message: '"" is blank, but the field is required' })]);
  });

  it("reports a repeated primary key and a foreign key that points nowhere", () => {
    const dir = tampered("incidents.csv", (rows) => rows.push([...rows[5]]));
    expect(checkDataPackage(dir)).toEqual([expect.objectContaining({ resource: "incidents", row: expect.any(Number), message: expect.stringMatching(/^primary key \w+ repeats$/) })]);
    const orphan = tampered("force_uses.csv", (rows) => (rows[2][col(rows, "subject")] = "0000000000000000"));
    expect(checkDataPackage(orphan)).toEqual([expect.objectContaining({ resource: "force-uses", row: 2, field: "subject", message: "0000000000000000 is not a key of subjects.subject" })]);
  });

  it("allows a blank reference where the field is not required", () => {
    const dir = tampered("complaints.csv", (rows) => {
      for (const r of rows.slice(1, 4)) r[col(rows, "incident")] = "";
    });
    expect(checkDataPackage(dir)).toEqual([]);
  });

  it("reports a figure table's number column holding text", () => {
    const dir = tampered("figures/districts.csv", (rows) => (rows[1][col(rows, "incidents")] = "about 30"));
    expect(checkDataPackage(dir)).toEqual([expect.objectContaining({ resource: "figure-districts", row: 1, field: "incidents", message: '"about 30" is not a number' })]);
  });
});

describe("csvRows", () => {
  it("reads quoted cells, doubled quotes, line breaks inside quotes and CRLF, across piece boundaries", () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n,,\n1,2,3';
    const whole = [...csvRows([text])];
    expect(whole).toEqual([["a", "b", "c"], ["x, y", 'say "hi"', "two\nlines"], ["", "", ""], ["1", "2", "3"]]);
    for (let cut = 1; cut < text.length; cut++) expect([...csvRows([text.slice(0, cut), text.slice(cut)])], `cut at ${cut}`).toEqual(whole);
  });
});
