// The force-by-type figure (src/figures/force-types.ts): incidents, uses and the rate per 1,000
// dispatched calls for each force type, and its chart for one year and across years.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { figure, typeLabel } from "../../src/figures/force-types.ts";
import { NOT_REPORTED } from "../../src/figures/text.ts";
import { cellText, summarize } from "../../src/lib/summaries.ts";
import { aggregatesOfFixture } from "../helpers.ts";

// The small fixture (tests/fixtures/small/input): 2022 has E-1 (dispatched, handcuffing), E-2
// (officer-initiated, escort) and E-3 (dispatched, joint lock), against 110 + 75 + 30 + 58 = 273
// dispatched calls; 2023 has E-4 (dispatched: Taser on one subject, takedown and strike on
// another) and E-5 (dispatched, takedown), against 88 + 121 + 65 = 274.
const small = aggregatesOfFixture("small");
const T = small.tables["force-types"];
const row = (year: number, type: string) => T.rows.find((r) => r.year === year && r.force_type === type)!;
const per1000 = (k: number, calls: number) => Math.round((k / calls) * 1000 * 100) / 100;

describe("force-types compute(ctx)", () => {
  it("counts each type's incidents, uses and dispatched incidents per 1,000 dispatched calls", () => {
    expect(row(2022, "handcuffing_resisted")).toMatchObject({ incidents: 1, uses: 1, dispatched_incidents: 1, incidents_per_1000_dispatched: per1000(1, 273), level: 3, level_label: "3. Soft control" });
    // Officer-initiated: an incident, but none on a dispatched call.
    expect(row(2022, "escort")).toMatchObject({ incidents: 1, dispatched_incidents: 0, incidents_per_1000_dispatched: 0 });
    expect(row(2023, "takedown")).toMatchObject({ incidents: 2, uses: 2, share_of_incidents: 100, dispatched_incidents: 2, incidents_per_1000_dispatched: per1000(2, 274), level: 4 });
    expect(row(2023, "strike")).toMatchObject({ incidents: 1, uses: 1, share_of_incidents: 50 });
  });

  it("has a row for every year of each type used in any year, a real 0 where it was not used that year, and none for types never used", () => {
    expect(row(2022, "takedown")).toMatchObject({ incidents: 0, uses: 0 });
    expect(T.rows.some((r) => r.force_type === "firearm_discharge")).toBe(false);
    expect(new Set(T.rows.map((r) => r.force_type))).toEqual(new Set(["escort", "joint_lock", "handcuffing_resisted", "strike", "takedown", "ced"]));
  });

  it("counts an incident once for each type, however many people or officers it was used on", () => {
    const e4 = aggregatesOfFixture("small", (dir) => {
      // A second takedown in E-4, on the Taser's subject: still one incident with a takedown, two uses.
      fs.appendFileSync(path.join(dir, "force_uses.csv"), "E-4,S-4,O-4,takedown,TAKEDOWN,L1\n");
    }).tables["force-types"];
    expect(e4.rows.find((r) => r.year === 2023 && r.force_type === "takedown")).toMatchObject({ incidents: 2, uses: 3 });
  });

  it("without calls for service (fixture partial), the rate is not reported, never 0, in the table and the summary", () => {
    const t = aggregatesOfFixture("partial").tables["force-types"];
    expect(t.missing).toEqual(["calls for service (counts of dispatched calls)"]);
    expect(t.rows.every((r) => r.incidents_per_1000_dispatched === null)).toBe(true);
    expect(cellText(t.rows[0], "incidents_per_1000_dispatched", "number")).toBe("not reported");
    expect(summarize("force-types", t.rows, { year: 2024 })).toContain(`no rate per 1,000 dispatched calls can be given, as dispatched calls are ${NOT_REPORTED}`);
    // The unintentional discharge is a type of its own, off the continuum.
    expect(t.rows.find((r) => r.year === 2024 && r.force_type === "firearm_discharge_unintentional")).toMatchObject({ incidents: 1, level: null, level_label: "Not on the continuum" });
  });
});

describe("force-types summary(rows, year)", () => {
  it("names the three types used in the most incidents, with counts, shares and the first one's rate", () => {
    expect(summarize("force-types", T.rows, { year: 2023 })).toBe(`In 2023, the types of force used in the most incidents were takedown (in 2 incidents, 100.0% of force incidents), conducted energy device (Taser) (1, 50.0%) and strike (hand, elbow, knee) (1, 50.0%); takedown was used in ${per1000(2, 274).toFixed(2)} of every 1,000 dispatched calls.`);
  });
  it("never names other, unknown or unrecorded types as the most common, and a year without force has no figures", () => {
    const rows = [
      { year: 2024, force_type: "unknown", force_type_label: "Unknown", level: null, incidents: 50, share_of_incidents: 50, incidents_per_1000_dispatched: 1 },
      { year: 2024, force_type: "takedown", force_type_label: "Takedown", level: 4, incidents: 5, share_of_incidents: 5, incidents_per_1000_dispatched: 0.1 },
    ];
    expect(summarize("force-types", rows)).toMatch(/^In 2024, the type of force used in the most incidents was takedown \(in 5 incidents, 5\.0% of force incidents\); takedown was used in 0\.10 of every 1,000 dispatched calls\.$/);
    expect(summarize("force-types", [{ ...rows[1], incidents: 1 }])).toContain("takedown (in 1 incident, ");
    expect(summarize("force-types", rows, { year: 2023 })).toBe("There are no force-type figures for 2023.");
  });
});

describe("force-types view(table)", () => {
  it("draws the year as bars, most common first, each named with its level and labelled with its count and rate", () => {
    const v = figure.view(T, { focus: 2023, trend: false, year: 2023, changes: [], agg: small, partYears: [] });
    const svg = v.svg!.wide;
    const labels = [...svg.matchAll(/>(L\d [^<]+|[^<]+ \(no level\))</g)].map((m) => m[1]);
    expect(labels.slice(0, 3)).toEqual(["L4 Takedown", "L5 Conducted energy device (Taser)", "L4 Strike (hand, elbow, knee)"]);
    expect(svg).toContain(`2 (${per1000(2, 274).toFixed(2)})`);
    // Types not used that year are not drawn.
    expect(svg).not.toContain("Joint lock");
    expect(v.columns).not.toContain("year");
  });
  it("across years, draws the most used types as lines and shows the whole table", () => {
    const v = figure.view(T, { focus: 2023, trend: true, changes: [], agg: small, partYears: [] });
    expect(v.allYears).toBe(true);
    expect(v.svg!.wide).toContain("L4 Takedown");
    expect(v.svg!.narrow).toMatch(/^<svg/);
    expect(v.extra).toContain("the table has every type");
  });
  it("typeLabel(type, level): the level first, or said to have none", () => {
    expect(typeLabel("takedown", 4)).toBe("L4 Takedown");
    expect(typeLabel("firearm_pointed", 2)).toBe("L2 Firearm pointed at a person");
    expect(typeLabel("firearm_discharge_animal", null)).toBe("Fired at an animal (no level)");
  });
});
