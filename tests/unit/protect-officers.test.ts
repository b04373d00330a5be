// Disclosure control of officers' demographics: the published officers joined to their
// incidents' published date and place are k-anonymous, counted here from the CSVs.
import { describe, expect, it } from "vitest";
import { protectOfficers } from "../../scripts/pipeline/protectOfficers.ts";
import { ColumnTable, DictColumn, RefColumn, type Column } from "../../scripts/pipeline/table.ts";
import { departmentConfig } from "../../src/lib/schema/config.ts";
import type { PublishedIncident, PublishedOfficer } from "../../src/lib/schema/published.ts";
import { summarize } from "../../src/lib/summaries.ts";
import { publishedSample } from "../publishedSample.ts";

const OFFICER_COLS = ["age_band", "sex", "race_ethnicity", "service_band"];

function department(edit: (config: Record<string, unknown>) => void = () => {}) {
  const d = publishedSample({ seed: 7, firstYear: 2022, years: 2, incidentsPerYear: 800, districts: 5 }, edit);
  return { incidents: d.csv("incidents.csv"), officers: d.csv("officers.csv"), report: d.report, log: d.log, agg: d.agg };
}

/** Officer records with some detail published, in groups smaller than k of (incident columns, officer columns). */
function smallOfficerGroups(d: ReturnType<typeof department>, k: number, incidentCols: string[]) {
  const byId = new Map(d.incidents.map((i) => [i.incident, i]));
  const keyOf = (o: Record<string, string>) => [...incidentCols.map((c) => byId.get(o.incident)![c]), ...OFFICER_COLS.map((c) => o[c])].join("|");
  const sizes = new Map<string, number>();
  for (const o of d.officers) sizes.set(keyOf(o), (sizes.get(keyOf(o)) ?? 0) + 1);
  // A record whose every officer value is withheld tells nothing of the officer.
  return d.officers.filter((o) => sizes.get(keyOf(o))! < k && OFFICER_COLS.some((c) => o[c] !== "withheld")).length;
}

describe("officers' demographics in the published records", () => {
  const d = department();
  const k = d.report.k;
  const o = d.report.officers!;

  it("leave no officer detail in a combination with the incident's date and district shared by fewer than k records", () => {
    expect(d.officers.length).toBeGreaterThan(1000);
    expect(smallOfficerGroups(d, k, ["date", "district"])).toBe(0);
    // As recorded, most would be: the protection is doing something.
    expect(o.before!.records_in_small_groups).toBeGreaterThan(d.officers.length / 2);
    expect(o.after!.records_in_small_groups).toBeLessThanOrEqual(o.fully_withheld);
  });

  it("publish ages only as bands, never an age, a hire date or a badge number", () => {
    expect(d.officers.columns).toEqual(["officer", "incident", "age_band", "sex", "race_ethnicity", "service_band", "injury"]);
    const bands = new Set(["under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_plus", "adult", "18_34", "35_54", "55_plus", "unknown", "withheld", ""]);
    for (const r of d.officers) expect(bands.has(r.age_band), r.age_band).toBe(true);
    for (const r of d.officers) expect(r.service_band).toMatch(/^(0_2|3_5|6_10|11_20|21_plus|0_5|6_20|unknown|withheld|)$/);
  });

  it("count what was withheld per field, matching the published values", () => {
    for (const f of o.fields) {
      expect(f.treatment).toBe("generalised");
      expect(f.withheld, f.field).toBe(d.officers.filter((r) => r[f.field] === "withheld").length);
    }
    expect(o.fully_withheld).toBe(d.officers.filter((r) => OFFICER_COLS.every((c) => r[c] === "withheld")).length);
    expect(d.log.some((l) => /officer records in groups smaller than k: [\d,]+ of [\d,]+ before, [\d,]+ after/.test(l))).toBe(true);
  });

  it("the officers figure counts the published records: each group 0 or at least k, withheld apart, and the counts add up", () => {
    const t = d.agg.tables["officers-who-used-force"];
    expect(t.status).toBe("reported");
    for (const r of t.rows) if (r.group !== "withheld") expect(r.officers as number, `${r.year} ${r.characteristic} ${r.group}`).toBeGreaterThanOrEqual(k);
    const byId = new Map(d.incidents.map((i) => [i.incident, i.year]));
    for (const c of OFFICER_COLS) {
      const year = Number(d.incidents[0].year);
      const published = d.officers.filter((o) => Number(byId.get(o.incident)) === year).length;
      const counted = t.rows.filter((r) => r.year === year && r.characteristic === c).reduce((a, r) => a + (r.officers as number), 0);
      expect(counted, c).toBe(published);
    }
    expect(summarize("officers-who-used-force", t.rows)).toMatch(/^In \d{4}, the largest group of officers who used force was, by race or ethnicity, /);
  });

  it("hold with a larger k too", () => {
    const d10 = department((c) => (c.privacy_threshold = 10));
    expect(d10.report.officers!.k).toBe(10);
    expect(smallOfficerGroups(d10, 10, ["date", "district"])).toBe(0);
  });
});

describe("protectOfficers on hand-made records", () => {
  // Twelve officers in two incidents that share date and district: six recorded alike, and six
  // each with one rare race and sex.
  const incidents = new ColumnTable<PublishedIncident>({
    date: DictColumn.sharing<string>([null, "2024"], Uint32Array.from([1, 1])) as Column<string>,
    district: DictColumn.sharing<string>([null, "N"], Uint32Array.from([1, 1])) as Column<string>,
  } as never, 2);
  const col = (values: (string | null)[]) => {
    const distinct = [null, ...new Set(values.filter((v) => v !== null))];
    return DictColumn.sharing<string>(distinct, Uint32Array.from(values.map((v) => distinct.indexOf(v))));
  };
  const n = 12;
  const races = ["white", "white", "white", "white", "white", "white", "asian", "black", "hispanic_latino", "other", "multiracial", "white"];
  const sexes = ["male", "male", "male", "male", "male", "male", "female", "female", "male", "male", "male", "nonbinary"];
  const refs = Int32Array.from({ length: n }, (_, i) => i % 2);
  const officers = new ColumnTable<PublishedOfficer>({
    officer: col(Array.from({ length: n }, (_, i) => `o${i}`)) as Column<string>,
    incident: new RefColumn(col(["a", "b"]) as Column<string>, [], refs) as never,
    age_band: col(Array(n).fill("25_34")),
    sex: col(sexes),
    race_ethnicity: col(races),
    service_band: col(Array(n).fill(null)),
    injury: col(Array(n).fill("none")),
  } as never, n);
  const config = departmentConfig.parse({
    name: "Lakeside Police Department (synthetic test data)", jurisdiction: "Town of Lakeside", contact: { email: "data@lakeside.example" },
    licence: { id: "CC-BY-4.0", name: "Creative Commons Attribution 4.0", url: "https://creativecommons.org/licenses/by/4.0/" },
    timezone: "America/New_York", districts: [{ code: "N", name: "North" }], synthetic: true, version: "test", released: "2026-01-01",
  });
  const res = protectOfficers(officers, incidents, config);
  const out = res.officers.columns;

  it("keeps the common combination as recorded and withholds or merges the rare ones", () => {
    const rows = Array.from({ length: n }, (_, i) => [out.sex.get(i), out.race_ethnicity.get(i)].join("/"));
    const sizes = new Map<string, number>();
    for (const r of rows) sizes.set(r, (sizes.get(r) ?? 0) + 1);
    for (const r of rows) if (r !== "withheld/withheld") expect(sizes.get(r)!, r).toBeGreaterThanOrEqual(5);
    expect(rows.filter((r) => r === "male/white").length).toBeGreaterThanOrEqual(6);
  });

  it("leaves a field the department never records out of the model: not reported, never withheld", () => {
    expect(res.report!.fields.find((f) => f.field === "service_band")!.treatment).toBe("not reported");
    for (let i = 0; i < n; i++) expect(out.service_band.get(i)).toBeNull();
  });
});

describe("officers figure summary", () => {
  it("says which officer details the department does not report, never zero", () => {
    const rows = [
      { year: 2024, characteristic: "race_ethnicity", characteristic_label: "Race or ethnicity", group: "white", group_label: "White", officers: 40, share_of_officers: 80, note: null },
      { year: 2024, characteristic: "race_ethnicity", characteristic_label: "Race or ethnicity", group: "withheld", group_label: "Withheld to protect privacy", officers: 10, share_of_officers: 20, note: null },
      { year: 2024, characteristic: "sex", characteristic_label: "Sex", group: null, group_label: "Not reported by this department", officers: null, share_of_officers: null, note: "not reported" },
    ];
    expect(summarize("officers-who-used-force", rows)).toBe("In 2024, the largest group of officers who used force was, by race or ethnicity, white (40, 80.0%). Officers' sex, age band, years of service: not reported by this department.");
  });

  it("never names a group the largest when the withheld officers could change the order", () => {
    const row = (group: string, label: string, officers: number) => ({ year: 2024, characteristic: "race_ethnicity", characteristic_label: "Race or ethnicity", group, group_label: label, officers, share_of_officers: Math.round((officers / 761) * 1000) / 10, note: null });
    const rows = [row("white", "White", 233), row("black", "Black", 50), row("withheld", "Withheld to protect privacy", 478)];
    expect(summarize("officers-who-used-force", rows)).toMatch(/^In 2024, the largest group of officers who used force was, by race or ethnicity, white \(233, 30\.6%\) among those shown, though for 478 officers it is withheld to protect privacy, enough to change the order\./);
    // With few withheld, the order holds and the group is named plainly.
    expect(summarize("officers-who-used-force", [row("white", "White", 233), row("black", "Black", 50), row("withheld", "Withheld to protect privacy", 20)])).toMatch(/white \(233, 30\.6%\)\./);
  });
});
