// Excel workbooks in the import: readWorkbook (one sheet -> header and text rows) and runImport
// reading workbooks through mapping.json. Every workbook is made here, with the same library the
// import reads them with, from synthetic rows written for these tests.
import path from "node:path";
import * as XLSX from "@e965/xlsx";
import { describe, expect, it } from "vitest";
import { isWorkbook, readWorkbook } from "../../scripts/import/excel.ts";
import { runImport } from "../../scripts/import/run.ts";
import { formatProblem } from "../../scripts/pipeline/problems.ts";
import { importedTable, importFolder, importIn } from "../importHelpers.ts";

type Cell = string | number | null | XLSX.CellObject;

/** A sheet from rows; a cell may be a CellObject (for number formats). */
function sheet(rows: Cell[][], merges: XLSX.Range[] = []): XLSX.WorkSheet {
  const ws = XLSX.utils.aoa_to_sheet(rows as unknown[][]);
  if (merges.length) ws["!merges"] = merges;
  return ws;
}

/** A workbook's bytes: sheets by name, as .xlsx or as .xls (BIFF8). */
function book(sheets: Record<string, XLSX.WorkSheet>, bookType: "xlsx" | "biff8" = "xlsx"): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of Object.entries(sheets)) XLSX.utils.book_append_sheet(wb, ws, name);
  return new Uint8Array(XLSX.write(wb, { type: "buffer", bookType }) as Buffer);
}

/** Excel's serial number of a day (1900 date system). */
const serial = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000 + 25_569;
const dateCell = (iso: string, z = "m/d/yy"): XLSX.CellObject => ({ t: "n", v: serial(iso), z });
const num = (v: number, z: string): XLSX.CellObject => ({ t: "n", v, z });

const read = (bytes: Uint8Array, choice = {}) => {
  const r = readWorkbook("book.xlsx", bytes, choice);
  if ("problem" in r) throw new Error(formatProblem(r.problem));
  return r;
};
const problemOf = (bytes: Uint8Array, choice = {}, file = "book.xlsx") => {
  const r = readWorkbook(file, bytes, choice);
  if (!("problem" in r)) throw new Error("expected a problem");
  return formatProblem(r.problem);
};

describe("readWorkbook(file, bytes, choice)", () => {
  const titled = book({
    Incidents: sheet([
      ["Use of force, 2024 (sample data)"],
      [],
      ["Prepared by the records unit"],
      ["Event", "Date", "Time", "Officers"],
      ["E1", dateCell("2024-03-04"), num(0.5, "h:mm"), num(2, "0.0")],
      [],
      ["E2", dateCell("2024-12-31", "yyyy-mm-dd"), num(0.75 + 1 / 1440, "h:mm AM/PM"), 2.5],
      ["Event", "Date", "Time", "Officers"],
      ["E3", num(serial("2024-06-01") + 0.25, "m/d/yy h:mm"), "", 1],
    ]),
  });

  it("skips title rows, empty rows and one-cell rows above the header, and says which row it took", () => {
    const r = read(titled);
    expect(r.sheet).toBe("Incidents");
    expect(r.headerRow).toBe(4);
    expect(r.header).toEqual(["Event", "Date", "Time", "Officers"]);
    expect(r.notes.join(" ")).toMatch(/header found in row 4 \(2 title row\(s\) above it skipped\)/);
  });

  it("numbers rows as the sheet does, leaves out empty rows and sets repeated headers apart", () => {
    const r = read(titled);
    expect(r.lines).toEqual([5, 7, 9]);
    expect(r.rows.map((x) => x[0])).toEqual(["E1", "E2", "E3"]);
    expect(r.repeatedHeaders).toEqual([8]);
  });

  it("writes date cells as YYYY-MM-DD, date-times as YYYY-MM-DDTHH:mm, times as HH:mm, whole numbers without decimals", () => {
    const r = read(titled);
    expect(r.rows[0]).toEqual(["E1", "2024-03-04", "12:00", "2"]);
    expect(r.rows[1]).toEqual(["E2", "2024-12-31", "18:01", "2.5"]);
    expect(r.rows[2]).toEqual(["E3", "2024-06-01T06:00", "", "1"]);
  });

  it("takes header_row when given, and refuses an empty one", () => {
    const r = read(titled, { header_row: 3 });
    expect(r.headerRow).toBe(3);
    expect(r.header[0]).toBe("Prepared by the records unit");
    expect(r.lines[0]).toBe(4);
    expect(problemOf(titled, { header_row: 2 })).toMatch(/sheet "Incidents": expected a header in row 2 \("header_row" in mapping\.json\); that row is empty/);
  });

  const several = book({
    Notes: sheet([["Sample workbook notes"], ["Read the other sheet"]]),
    Empty: sheet([]),
    Data: sheet([
      ["Event", "Race"],
      ["E9", "W"],
    ]),
  });

  it("asks which sheet when several have data, listing them", () => {
    expect(problemOf(several)).toMatch(/expected one sheet with data, or "sheet" in mapping\.json saying which to read; this workbook has 2: 1 "Notes", 2 "Empty" \(empty\), 3 "Data"/);
  });

  it("reads a sheet by name (case and spaces do not matter) or by number counted from 1", () => {
    expect(read(several, { sheet: " data " }).rows).toEqual([["E9", "W"]]);
    expect(read(several, { sheet: 3 }).rows).toEqual([["E9", "W"]]);
    expect(problemOf(several, { sheet: "Force" })).toMatch(/expected a sheet named "Force" \("sheet" in mapping\.json\); the sheets are 1 "Notes", 2 "Empty" \(empty\), 3 "Data"/);
    expect(problemOf(several, { sheet: 4 })).toMatch(/expected a sheet number from 1 to 3/);
  });

  it("defaults to the one sheet with data when the others are empty", () => {
    const b = book({ Sheet1: sheet([["Event", "Age"], ["E1", 30]]), Sheet2: sheet([]), Sheet3: sheet([]) });
    expect(read(b).sheet).toBe("Sheet1");
  });

  it("reads a legacy .xls (BIFF8) workbook the same way", () => {
    const xls = book({ Sheet1: sheet([["2014 Use of Force Data (sample)"], ["Event #", "Time of Day", "Age"], [1, num(13 / 24 + 22 / 1440, "h:mm AM/PM"), 22]]) }, "biff8");
    expect(isWorkbook("export.xls", xls)).toBe(true);
    const r = readWorkbook("export.xls", xls, {});
    if ("problem" in r) throw new Error(formatProblem(r.problem));
    expect(r.headerRow).toBe(2);
    expect(r.rows).toEqual([["1", "13:22", "22"]]);
  });

  it("names columns under a merged header cell only where they hold data", () => {
    const b = book({
      S: sheet(
        [
          ["Event", "Force used", null, null, "Notes"],
          ["E1", "Taser", "Baton", null, null],
        ],
        [{ s: { r: 0, c: 1 }, e: { r: 0, c: 3 } }],
      ),
    });
    const r = read(b);
    expect(r.header).toEqual(["Event", "Force used", "Force used (2)", "", "Notes"]);
    expect(r.notes.join(" ")).toMatch(/C "Force used \(2\)" \(a merged header cell's value is used only for the columns it covers that hold data\)/);
  });

  it("refuses a corrupt workbook and a file that is not one, saying to save it as .xlsx or CSV", () => {
    const corrupt = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode("not really a zip archive at all")]);
    expect(problemOf(corrupt)).toMatch(/^book\.xlsx: expected an Excel workbook that can be read; it could not be \(.+\)\. Fix: open it in a spreadsheet program and save it as \.xlsx or CSV/);
    expect(problemOf(new TextEncoder().encode("Event,Date\nE1,2024-01-01\n"))).toMatch(/expected an Excel workbook \(\.xlsx or \.xls\); this file's bytes are not one\. Fix: .*save it as \.xlsx or CSV/);
  });

  it("tells a workbook by its name or by its first bytes, whatever its name", () => {
    expect(isWorkbook("a.XLSM", new Uint8Array())).toBe(true);
    expect(isWorkbook("export.csv", book({ S: sheet([["a", "b"]]) }))).toBe(true);
    expect(isWorkbook("export.csv", new TextEncoder().encode("a,b\n"))).toBe(false);
  });
});

/** A data folder with config.json, mapping.json and the given export files. */
const folder = (files: Record<string, Uint8Array>, mapping: unknown) => importFolder("uof-import-excel-", files, mapping);
const doImport = (dir: string, allowRejected = false) => importIn(dir, { allowRejected });
const table = importedTable;

describe("runImport: workbooks", () => {
  // A quarterly workbook: title row, date cells, a time cell, a bad date typed as text, the header repeated.
  const quarter = book({
    "UOF by Event": sheet([
      ["Use of force, first quarter (sample data)"],
      ["Event", "District", "Date", "Time", "Force"],
      ["Q-1", "N", dateCell("2024-01-05"), num(2 / 24 + 10 / 1440, "h:mm"), "Taser"],
      ["Q-2", "S", dateCell("2024-02-29"), num(0.5, "h:mm"), "Baton"],
      ["Q-3", "S", "1012/24", num(0.5, "h:mm"), "Baton"],
      ["Event", "District", "Date", "Time", "Force"],
    ]),
  });
  // Yearly workbooks with no date column whose event numbers restart each year.
  const year = (y: number) =>
    book({ Sheet1: sheet([[`${y} Use of Force Data (sample)`], ["Event #", "Force"], [1, "Taser"], [2, "Baton"]]), Sheet2: sheet([]) }, y < 2017 ? "biff8" : "xlsx");
  const common = {
    "incidents.district": { value: "N" },
    "incidents.contact_origin": { value: "unknown" },
    "incidents.call_type": { value: "unknown" },
    "force_uses.force_type": { column: "Force", values: { Taser: "ced", Baton: "baton" } },
  };
  const mapping = {
    sources: [
      {
        file: "q1.xlsx",
        grain: "incident",
        keys: { incident: ["Event"] },
        fields: {
          ...common,
          "incidents.district": { column: "District" },
          "incidents.date": { column: "Date", format: "YYYY-MM-DD" },
          "incidents.time": { column: "Time" },
        },
      },
      {
        files: [{ file: "uof-2016.xls", values: { "incidents.date": "2016" } }, { file: "uof-2017.dat", values: { "incidents.date": "2017-05" } }],
        grain: "incident",
        keys: { incident: ["Event #"], per_file: true },
        fields: common,
      },
    ],
  };
  const dir = folder({ "q1.xlsx": quarter, "uof-2016.xls": year(2016), "uof-2017.dat": year(2017) }, mapping);
  const r = doImport(dir, true);

  it("reads each workbook's sheet, reconciles read = used + rejected, and names the sheet in the log and report", () => {
    expect(r.error, r.error ? r.error.problems.map(formatProblem).join("\n") : "").toBeNull();
    expect(r.result!.files.map((f) => [path.basename(f.file), f.sheet, f.read, f.used, f.rejected])).toEqual([
      ["q1.xlsx", "UOF by Event", 3, 2, 1],
      ["uof-2016.xls", "Sheet1", 2, 2, 0],
      ["uof-2017.dat", "Sheet1", 2, 2, 0],
    ]);
    expect(r.log).toContain('import     q1.xlsx (sheet "UOF by Event"): read 3 = used 2 + rejected 1 (1 repeated header row(s) skipped)');
    expect(r.report).toContain('| q1.xlsx (sheet "UOF by Event") | 3 | 2 | 0 | 1 | 1 |');
    expect(r.report).toContain('q1.xlsx, sheet "UOF by Event": 1 repeated header row(s) skipped (row 6).');
    expect(r.report).toMatch(/q1\.xlsx, sheet "UOF by Event": header found in row 2 \(1 title row\(s\) above it skipped\)/);
  });

  it("names a rejected cell by file, sheet, the sheet's row number and column letter", () => {
    expect(r.report).toContain(`${path.join(dir, "q1.xlsx")}, sheet "UOF by Event", row 5, column C "Date": expected a date written as "YYYY-MM-DD"; got "1012/24"`);
  });

  it("converts date and time cells before the format applies, and gives each file's rows its constant values", () => {
    const inc = table(r.outDir, "incidents");
    expect(inc.map((x) => [x.incident_id, x.date, x.time])).toEqual([
      ["Q-1", "2024-01-05", "02:10"],
      ["Q-2", "2024-02-29", "12:00"],
      ["uof-2016.xls / 1", "2016", ""],
      ["uof-2016.xls / 2", "2016", ""],
      ["uof-2017.dat / 1", "2017-05", ""],
      ["uof-2017.dat / 2", "2017-05", ""],
    ]);
  });

  it("counts incidents dated only to the year or month, per file, in the report", () => {
    expect(r.report).toContain("- uof-2016.xls: 2 incident(s) with a date known only to the year.");
    expect(r.report).toContain("- uof-2017.dat: 2 known only to the month.");
  });

  it("reads a year column with format YYYY as a date known only to the year", () => {
    const b = book({ S: sheet([["Event", "Year", "Force"], ["A", 2019, "Taser"], ["B", "2020", "Baton"]]) });
    const d = folder({ "y.xlsx": b }, { sources: [{ file: "y.xlsx", grain: "incident", keys: { incident: ["Event"] }, fields: { ...common, "incidents.date": { column: "Year", format: "YYYY" } } }] });
    const x = doImport(d);
    expect(x.error, x.error ? x.error.problems.map(formatProblem).join("\n") : "").toBeNull();
    expect(table(x.outDir, "incidents").map((i) => i.date)).toEqual(["2019", "2020"]);
  });

  it("stops with a clear problem for a workbook it cannot read, and for sheet options on a CSV file", () => {
    const d = folder({ "bad.xlsx": new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "e.csv": new TextEncoder().encode("Event,Force\nA,Taser\n") }, {
      sources: [
        { file: "bad.xlsx", grain: "incident", keys: { incident: ["Event"] }, fields: { ...common, "incidents.date": { value: "2020" } } },
        { file: "e.csv", sheet: 1, grain: "incident", keys: { incident: ["Event"] }, fields: { ...common, "incidents.date": { value: "2020" } } },
      ],
    });
    const x = doImport(d);
    const text = x.error!.problems.map(formatProblem).join("\n");
    expect(text).toMatch(/bad\.xlsx: expected an Excel workbook that can be read; .*save it as \.xlsx or CSV/);
    expect(text).toMatch(/e\.csv: expected an Excel workbook, since mapping\.json sources\[1\] gives "sheet"/);
  });
});
