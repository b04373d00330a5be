// The gravest outcomes figure (src/figures/gravest-outcomes.ts): deaths following force and
// firearm discharges as exact counts, and "not reported" (never 0) where they cannot be counted.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { figure } from "../../src/figures/gravest-outcomes.ts";
import { cellText, figureSummary, summarize } from "../../src/lib/summaries.ts";
import { NOT_REPORTED } from "../../src/figures/text.ts";
import { aggregatesOfFixture, editCsv } from "../helpers.ts";

// The small fixture with a death (2023), a shot at a person (2023), at an animal (2022) and an unintentional discharge (2023).
const withOutcomes = (dir: string) => {
  fs.appendFileSync(path.join(dir, "force_uses.csv"), "E-3,,O-3,firearm_discharge_animal,SHOT AT DOG,\nE-4,S-5,O-5,firearm_discharge,OIS,L4\nE-5,,O-6,firearm_discharge_unintentional,,\n");
  editCsv(path.join(dir, "subjects.csv"), (rows) => rows.map((r) => (r.subject_id === "S-4" ? { ...r, injury: "death" } : r)));
};

describe("gravest-outcomes compute(ctx)", () => {
  it("counts deaths and the incidents with each kind of discharge exactly, in each year", () => {
    const t = aggregatesOfFixture("small", withOutcomes).tables["gravest-outcomes"];
    expect(t.status).toBe("reported");
    expect(t.rows).toEqual([
      { year: 2022, deaths: 0, injured_severity_not_recorded: 0, incidents_fired_at_person: 0, incidents_fired_at_animal: 1, incidents_unintentional_discharge: 0, note: null },
      { year: 2023, deaths: 1, injured_severity_not_recorded: 0, incidents_fired_at_person: 1, incidents_fired_at_animal: 0, incidents_unintentional_discharge: 1, note: null },
    ]);
    expect(summarize("gravest-outcomes", t.rows, { year: 2023 })).toBe("In 2023, 1 person died following the use of force; officers fired at a person in 1 incident and at an animal in 0 incidents, and a firearm was discharged unintentionally in 1 incident.");
  });

  it("a year whose injuries say only injured or not (fixture partial) has deaths not reported, never 0, and its discharges still counted", () => {
    const t = aggregatesOfFixture("partial").tables["gravest-outcomes"];
    const r2024 = t.rows.find((r) => r.year === 2024)!;
    expect(r2024).toMatchObject({ deaths: null, injured_severity_not_recorded: 2, incidents_fired_at_person: 0, incidents_unintentional_discharge: 1 });
    expect(cellText(r2024, "deaths", "number")).toBe("not reported");
    const s = summarize("gravest-outcomes", t.rows, { year: 2024 });
    expect(s).toBe(`In 2024, deaths following the use of force are ${NOT_REPORTED}: its injury records say only whether a person was injured, not how badly; officers fired at a person in 0 incidents and at an animal in 0 incidents, and a firearm was discharged unintentionally in 1 incident.`);
    expect(s).not.toMatch(/\b0 people\b/);
  });

  it("where severity is missing for some injured people only, deaths are a floor and said to be one", () => {
    const t = aggregatesOfFixture("small", (dir) => {
      withOutcomes(dir);
      editCsv(path.join(dir, "subjects.csv"), (rows) => rows.map((r) => (r.subject_id === "S-6" || r.subject_id === "S-1" ? { ...r, injury: "injured_unspecified" } : r)));
    }).tables["gravest-outcomes"];
    // 2022: the one injured person's severity is unknown, so no count of deaths; 2023: one death, one severity unknown.
    expect(t.rows.map((r) => [r.year, r.deaths, r.injured_severity_not_recorded])).toEqual([[2022, null, 1], [2023, 1, 1]]);
    expect(summarize("gravest-outcomes", t.rows, { year: 2023 })).toMatch(/^In 2023, at least 1 person died following the use of force \(how badly 1 person was injured was not recorded\); /);
  });

  it("without subjects' injuries, deaths are not reported (never 0) while discharges are still counted", () => {
    const dropInjury = (dir: string) => editCsv(path.join(dir, "subjects.csv"), (rows) => rows, (cols) => cols.filter((c) => c !== "injury"));
    const agg = aggregatesOfFixture("small", (dir) => {
      withOutcomes(dir);
      dropInjury(dir);
    });
    const t = agg.tables["gravest-outcomes"];
    expect(t.status).toBe("reported");
    expect(t.missing).toEqual(["subjects' injuries"]);
    expect(t.rows.find((r) => r.year === 2023)).toMatchObject({ deaths: null, injured_severity_not_recorded: null, incidents_fired_at_person: 1 });
    expect(t.notes).toContain("Injuries: not reported by this department, so deaths cannot be counted.");
    expect(figureSummary(t, { year: 2023 })).toBe(`In 2023, deaths following the use of force are ${NOT_REPORTED}, as it does not report injuries; officers fired at a person in 1 incident and at an animal in 0 incidents, and a firearm was discharged unintentionally in 1 incident.`);
  });
});

describe("gravest-outcomes summary(rows, year)", () => {
  const row = { year: 2024, deaths: 2, injured_severity_not_recorded: 0, incidents_fired_at_person: 3, incidents_fired_at_animal: 1, incidents_unintentional_discharge: 0, note: null };
  it("says people and incidents in exact numbers, singular and plural", () => {
    expect(summarize("gravest-outcomes", [row])).toBe("In 2024, 2 people died following the use of force; officers fired at a person in 3 incidents and at an animal in 1 incident, and a firearm was discharged unintentionally in 0 incidents.");
  });
  it("says discharges are not reported, never 0, when force types are not reported", () => {
    const s = summarize("gravest-outcomes", [{ ...row, incidents_fired_at_person: null, incidents_fired_at_animal: null, incidents_unintentional_discharge: null }]);
    expect(s).toBe(`In 2024, 2 people died following the use of force; firearm discharges are ${NOT_REPORTED}.`);
  });
  it("a year without a row has no figures, not zeros", () => {
    expect(summarize("gravest-outcomes", [row], { year: 2023 })).toBe("There are no figures on deaths or firearm discharges for 2023.");
  });
});

describe("gravest-outcomes view(table)", () => {
  const agg = aggregatesOfFixture("partial");
  const t = agg.tables["gravest-outcomes"];
  it("is a table of every year on a page of all years, and of the year's row otherwise, without a chart", () => {
    const all = figure.view(t, { focus: 2024, trend: true, changes: [], agg, partYears: [] });
    expect(all.allYears).toBe(true);
    expect(all.svg).toBeUndefined();
    const one = figure.view(t, { focus: 2024, trend: false, year: 2024, changes: [], agg, partYears: [] });
    expect(one.allYears).toBe(false);
  });
  it("shows the severity column and the notes where they say something, and leaves them to the download where they do not", () => {
    expect(figure.view(t, { focus: 2024, trend: true, changes: [], agg, partYears: [] }).columns).toEqual(t.columns.map((c) => c.key));
    const quiet = { ...t, rows: t.rows.map((r) => ({ ...r, deaths: 0, injured_severity_not_recorded: 0, note: null })) };
    expect(figure.view(quiet, { focus: 2024, trend: true, changes: [], agg, partYears: [] }).columns).not.toContain("note");
    expect(figure.view(quiet, { focus: 2024, trend: true, changes: [], agg, partYears: [] }).columns).not.toContain("injured_severity_not_recorded");
  });
});
