// The check of a table's files against each other: a published column some files have and another lacks.
import { describe, expect, it } from "vitest";
import type { CsvSummary } from "../../scripts/pipeline/parse.ts";
import { formatProblem, type Problem } from "../../scripts/pipeline/problems.ts";
import { checkColumnsAcrossFiles } from "../../scripts/pipeline/validate.ts";

const summary = (path: string, header: string[]): CsvSummary => ({ path, header, rows: 1, repeatedHeaders: [] });

describe("checkColumnsAcrossFiles(table, files, problems)", () => {
  it("names the file lacking a published column that the other files of the table have, and those files", () => {
    const problems: Problem[] = [];
    const full = ["incident_id", "date", "district", "contact_origin", "call_type", "summary"];
    checkColumnsAcrossFiles("incidents", [summary("d/incidents/2022.csv", full), summary("d/incidents/2023.csv", full.filter((c) => c !== "call_type")), summary("d/incidents/2024.csv", full)], problems);
    expect(problems.map(formatProblem)).toEqual([
      'd/incidents/2023.csv:1, "call_type": expected a column "call_type", as in d/incidents/2022.csv, d/incidents/2024.csv (without it, every row of this file would read as not recorded). Fix: add the column "call_type" to this file\'s header; leave its cells empty if the department did not record it in this file\'s period (they then read as not recorded)',
    ]);
  });

  it("does not ask for never-published columns (address) nor for a column no file has, and matches names whatever their case", () => {
    const problems: Problem[] = [];
    checkColumnsAcrossFiles("incidents", [summary("a.csv", ["incident_id", "Date", "address"]), summary("b.csv", ["incident_id", "date"])], problems);
    expect(problems).toEqual([]);
  });
});
