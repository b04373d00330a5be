// When several rows describe one record: combine rules, what each rule would give, people matched
// across rows, duplicate rows and per-incident officers. Every export here is synthetic, written for these tests.
import { describe, expect, it } from "vitest";
import { choose, resolveRule, type Seen } from "../../scripts/import/combine.ts";
import { MappingError } from "../../scripts/import/fields.ts";
import { personKeys, RowPrints } from "../../scripts/import/people.ts";
import { formatProblem, type InputError } from "../../scripts/pipeline/problems.ts";
import { mappingSchema } from "../../src/lib/schema/mapping.ts";
import { importedTable, importFolder, importIn } from "../importHelpers.ts";

/** Imports an export (file name -> CSV text) through a mapping; returns the result, log, report and tables. */
function run(files: Record<string, string>, mapping: unknown) {
  const r = importIn(importFolder("uof-combine-", files, mapping), { allowRejected: true });
  return { ...r, table: (name: string) => importedTable(r.outDir, name) };
}

const HEADER = "Case,Date,Area,Origin,Arrested,Officer,Sex,Race,Age,Injury,Force";
const csv = (...rows: string[]) => [HEADER, ...rows].join("\n") + "\n";

/** One row per officer; fields and keys may be replaced. */
function mapping(opts: { origin?: Record<string, unknown>; fields?: Record<string, unknown>; keys?: Record<string, unknown>; source?: Record<string, unknown> } = {}) {
  return {
    sources: [
      {
        file: "export.csv",
        grain: "officer",
        keys: { incident: ["Case"], officer: { columns: ["Officer"] }, ...opts.keys },
        drop: [],
        ...opts.source,
        fields: {
          "incidents.date": { column: "Date", format: "YYYY-MM-DD" },
          "incidents.district": { column: "Area" },
          "incidents.contact_origin": {
            column: "Origin",
            values: { CALL: "dispatched", STOP: "officer_initiated", VIEW: "officer_initiated", WARRANT: "pre_planned", OTHER: "other", FLAG: "citizen_flagdown" },
            ...opts.origin,
          },
          "incidents.arrest_made": { column: "Arrested", boolean: "yes_no" },
          "subjects.sex": { column: "Sex", values: { M: "male", F: "female" } },
          "subjects.race_ethnicity": { column: "Race", values: { B: "black", W: "white" } },
          "subjects.age": { column: "Age" },
          "subjects.injury": { column: "Injury", values: { NONE: "none", MINOR: "minor", SERIOUS: "serious", UNK: "unknown" } },
          "force_uses.force_type": { column: "Force", values: { Taser: "ced", Hands: "physical_unspecified" } },
          ...opts.fields,
        },
      },
    ],
  };
}

const ok = (r: ReturnType<typeof run>) => {
  expect(r.error, r.error ? r.error.problems.map(formatProblem).join("\n") : "").toBeNull();
  return r.result!;
};
const originOf = (r: ReturnType<typeof run>) => Object.fromEntries(r.table("incidents").map((x) => [x.incident_id, x.contact_origin]));

// Incident A: officers wrote STOP, CALL, STOP (most often officer-initiated, dispatched second).
// Incident B: VIEW, WARRANT (a tie between officer_initiated and pre_planned; blank third row).
// Incident C: CALL only. Incident D: OTHER, FLAG, FLAG, OTHER (tie, other first).
const ORIGINS = csv(
  "A,2024-03-01,N,STOP,No,o1,M,B,30,NONE,Hands",
  "A,2024-03-01,N,CALL,No,o2,M,B,30,NONE,Hands",
  "A,2024-03-01,N,STOP,No,o3,M,B,30,NONE,Hands",
  "B,2024-03-02,S,VIEW,No,o4,F,W,41,NONE,Hands",
  "B,2024-03-02,S,WARRANT,No,o5,F,W,41,NONE,Hands",
  "B,2024-03-02,S,,No,o6,F,W,41,NONE,Hands",
  "C,2024-03-03,S,CALL,No,o7,M,W,22,NONE,Taser",
  "D,2024-03-04,N,OTHER,No,o8,M,W,50,NONE,Hands",
  "D,2024-03-04,N,FLAG,No,o9,M,W,50,NONE,Hands",
  "D,2024-03-04,N,FLAG,No,o10,M,W,50,NONE,Hands",
  "D,2024-03-04,N,OTHER,No,o11,M,W,50,NONE,Hands",
);

describe("combine rules on one-value fields", () => {
  const cases: [string, unknown, Record<string, string>][] = [
    ["first (default)", undefined, { A: "officer_initiated", B: "officer_initiated", C: "dispatched", D: "other" }],
    ["last (the blank last row of B does not count)", "last", { A: "officer_initiated", B: "pre_planned", C: "dispatched", D: "other" }],
    ["{any: dispatched}", { any: "dispatched" }, { A: "dispatched", B: "officer_initiated", C: "dispatched", D: "other" }],
    ["{all: dispatched}", { all: "dispatched" }, { A: "officer_initiated", B: "officer_initiated", C: "dispatched", D: "other" }],
    ["{any: pre_planned}", { any: "pre_planned" }, { A: "officer_initiated", B: "pre_planned", C: "dispatched", D: "other" }],
    ["most_frequent (ties go to the value seen first)", "most_frequent", { A: "officer_initiated", B: "officer_initiated", C: "dispatched", D: "other" }],
    ["priority", { priority: ["dispatched", "pre_planned", "officer_initiated"] }, { A: "dispatched", B: "pre_planned", C: "dispatched", D: "other" }],
    ["priority whose values the rows lack (the first row's value)", { priority: ["unknown"] }, { A: "officer_initiated", B: "officer_initiated", C: "dispatched", D: "other" }],
    ["priority naming one value of a tie", { priority: ["citizen_flagdown"] }, { A: "officer_initiated", B: "officer_initiated", C: "dispatched", D: "citizen_flagdown" }],
  ];
  for (const [name, combine, want] of cases) {
    it(`contact_origin: ${name}`, () => {
      const r = run({ "export.csv": ORIGINS }, mapping({ origin: combine === undefined ? {} : { combine } }));
      ok(r);
      // The imported tables keep the department's keys (pseudonyms come later, in the pipeline).
      expect(originOf(r)).toEqual(want);
    });
  }

  it("reports the dispatched count under every rule, the rule in use marked, and exposes it in the result", () => {
    const r = run({ "export.csv": ORIGINS }, mapping({ origin: { combine: { priority: ["dispatched", "pre_planned", "officer_initiated"] } } }));
    const res = ok(r);
    const o = res.combined.find((c) => c.target === "incidents.contact_origin")!;
    expect(o.records).toBe(4);
    expect(o.disagreeing).toBe(3);
    expect(o.value).toBe("dispatched");
    const byRule = Object.fromEntries(o.rules.map((x) => [x.rule, x.count]));
    expect(byRule).toEqual({ first: 1, last: 1, '{"any": "dispatched"}': 2, '{"all": "dispatched"}': 1, most_frequent: 1, '{"priority": ["dispatched", "pre_planned", "officer_initiated"]}': 2 });
    expect(o.rules.filter((x) => x.inUse).map((x) => x.rule)).toEqual(['{"priority": ["dispatched", "pre_planned", "officer_initiated"]}']);
    // The count in use is what was built.
    expect(Object.values(originOf(r)).filter((v) => v === "dispatched").length).toBe(2);
    expect(r.report).toContain("### incidents.contact_origin: 3 incidents' rows disagree");
    expect(r.report).toContain('| **{"priority": ["dispatched", "pre_planned", "officer_initiated"]}** (in use) | 2 | 50.0% |');
    expect(r.report).toContain("| first | 1 | 25.0% |");
    expect(r.log.some((l) => /incidents\.contact_origin: 3 incidents' rows disagree; incidents with contact_origin = dispatched: 2 \(50\.0%\)/.test(l))).toBe(true);
  });

  it("flags: any (default) is yes if any row says yes, all is yes only if every row with a value does; blanks do not vote", () => {
    const rows = csv(
      "A,2024-03-01,N,CALL,No,o1,M,B,30,NONE,Hands",
      "A,2024-03-01,N,CALL,Yes,o2,M,B,30,NONE,Hands",
      "B,2024-03-02,N,CALL,Yes,o3,M,B,30,NONE,Hands",
      "B,2024-03-02,N,CALL,,o4,M,B,30,NONE,Hands",
      "C,2024-03-03,N,CALL,,o5,M,B,30,NONE,Hands",
      "C,2024-03-03,N,CALL,No,o6,M,B,30,NONE,Hands",
    );
    const arrests = (combine?: unknown) => {
      const r = run({ "export.csv": rows }, mapping({ fields: { "incidents.arrest_made": { column: "Arrested", boolean: "yes_no", ...(combine ? { combine } : {}) } } }));
      ok(r);
      return [Object.fromEntries(r.table("incidents").map((x) => [x.incident_id, x.arrest_made])), r.result!.combined.find((c) => c.target === "incidents.arrest_made")] as const;
    };
    const [any, report] = arrests();
    expect(any).toEqual({ A: "yes", B: "yes", C: "no" });
    expect(report!.value).toBe("yes");
    expect(Object.fromEntries(report!.rules.map((x) => [x.rule, x.count]))).toEqual({ first: 1, last: 2, any: 2, all: 1, most_frequent: 1 });
    expect(arrests("any_yes")[0]).toEqual(any);
    expect(arrests("all")[0]).toEqual({ A: "no", B: "yes", C: "no" });
    expect(arrests("first")[0]).toEqual({ A: "no", B: "yes", C: "no" });
    expect(arrests("last")[0]).toEqual({ A: "yes", B: "yes", C: "no" });
  });

  it("highest and lowest follow the canonical order; unknown is kept only when nothing else is there", () => {
    const rows = csv(
      "A,2024-03-01,N,CALL,No,o1,M,B,30,MINOR,Hands",
      "A,2024-03-01,N,CALL,No,o2,M,B,30,UNK,Hands",
      "A,2024-03-01,N,CALL,No,o3,M,B,30,SERIOUS,Hands",
      "A,2024-03-01,N,CALL,No,o4,M,B,30,NONE,Hands",
      "B,2024-03-02,N,CALL,No,o5,F,W,20,UNK,Hands",
    );
    const injuries = (combine?: string) => {
      const r = run({ "export.csv": rows }, mapping({ keys: { subject: "per_incident" }, fields: { "subjects.injury": { column: "Injury", values: { NONE: "none", MINOR: "minor", SERIOUS: "serious", UNK: "unknown" }, ...(combine ? { combine } : {}) } } }));
      ok(r);
      return r.table("subjects").map((x) => x.injury);
    };
    expect(injuries()).toEqual(["serious", "unknown"]);
    expect(injuries("lowest")).toEqual(["none", "unknown"]);
    expect(injuries("first")).toEqual(["minor", "unknown"]);
    expect(injuries("last")).toEqual(["none", "unknown"]);
  });

  it("resolves rules and refuses rules that cannot apply, at their place in the mapping", () => {
    expect(resolveRule("incidents.arrest_made", undefined)).toEqual({ kind: "any" });
    expect(resolveRule("subjects.injury", undefined)).toEqual({ kind: "highest" });
    expect(resolveRule("incidents.contact_origin", undefined)).toEqual({ kind: "first" });
    expect(resolveRule("incidents.arrest_made", "any_yes")).toEqual({ kind: "any" });
    expect(resolveRule("subjects.age", "highest")).toEqual({ kind: "highest" });
    expect(() => resolveRule("incidents.contact_origin", "any", "f")).toThrow(MappingError);
    expect(() => resolveRule("incidents.summary", "highest", "f")).toThrow(/free text/);
    expect(() => resolveRule("incidents.contact_origin", { priority: ["dispatched", "radio"] }, "f")).toThrow(/"radio" is not one/);
    expect(() => resolveRule("incidents.contact_origin", { any: "911" }, "f")).toThrow(MappingError);
    const r = run({ "export.csv": ORIGINS }, mapping({ origin: { combine: { priority: ["dispatched", "radio"] } } }));
    expect(r.error).not.toBeNull();
    expect(r.error!.problems.map(formatProblem).join("\n")).toMatch(/combine\.priority\[1\].*"radio" is not one/);
    const r2 = run({ "export.csv": ORIGINS }, mapping({ origin: { combine: "all" } }));
    expect(r2.error!.problems.map(formatProblem).join("\n")).toMatch(/"all" only for a yes\/no field/);
  });

  it("the mapping schema takes every rule, and still the older any_yes", () => {
    for (const combine of ["first", "last", "any", "all", "highest", "lowest", "most_frequent", "any_yes", { any: "dispatched" }, { all: "dispatched" }, { priority: ["dispatched"] }]) {
      expect(mappingSchema.safeParse(mapping({ origin: { combine } })).success, JSON.stringify(combine)).toBe(true);
    }
    for (const combine of ["sum", { priority: [] }, { any: "dispatched", all: "dispatched" }]) {
      expect(mappingSchema.safeParse(mapping({ origin: { combine } })).success, JSON.stringify(combine)).toBe(false);
    }
  });
});

describe("choose()", () => {
  const seen = (values: string[], counts: number[], last = values.length - 1): Seen => ({ values, counts, raws: values.map((v) => `raw ${v}`), last, lastRaw: `last raw` });
  it("breaks ties towards the value seen first, and keeps labels with values", () => {
    expect(choose({ kind: "most_frequent" }, seen(["b", "a"], [2, 2]), null).value).toBe("b");
    expect(choose({ kind: "most_frequent" }, seen(["b", "a"], [1, 3]), null)).toEqual({ value: "a", raw: "last raw" });
    expect(choose({ kind: "first" }, seen(["b", "a"], [1, 3]), null)).toEqual({ value: "b", raw: "raw b" });
    expect(choose({ kind: "last" }, seen(["b", "a", "c"], [1, 3, 1], 1), null).value).toBe("a");
    const rank = (v: string) => ["none", "minor", "serious"].indexOf(v);
    expect(choose({ kind: "highest" }, seen(["minor", "serious", "none"], [1, 1, 1]), rank).value).toBe("serious");
    expect(choose({ kind: "lowest" }, seen(["unknown", "minor", "serious"], [1, 1, 1]), rank).value).toBe("minor");
    expect(choose({ kind: "highest" }, seen(["unknown", "other"], [1, 1]), rank).value).toBe("unknown");
    expect(choose({ kind: "all" }, seen(["yes", "unknown"], [3, 1]), null).value).toBe("unknown");
    expect(choose({ kind: "all" }, seen(["unknown", "yes", "no"], [1, 1, 1]), null).value).toBe("no");
    expect(choose({ kind: "any" }, seen(["unknown", "no"], [1, 1]), null).value).toBe("no");
    expect(choose({ kind: "all_of", value: "x" }, seen(["x", "y", "z"], [5, 1, 1]), null).value).toBe("y");
    expect(choose({ kind: "priority", list: ["z", "y"] }, seen(["x", "y", "z"], [5, 1, 1]), null).value).toBe("z");
    expect(choose({ kind: "priority", list: ["q"] }, seen(["x", "y"], [1, 5]), null).value).toBe("x");
  });
});

// Each officer's row repeats the incident's subjects, as lists ("/"-separated), in any order.
const REPEATED = [
  "Case,Date,Area,Origin,Officer,Sex,Race,Age,Force",
  "A,2024-03-01,N,CALL,o1,M/F,B/W,30/41,Hands",
  "A,2024-03-01,N,CALL,o2,F/M,W/B,41/30,Taser",
  "A,2024-03-01,N,CALL,o3,M/F,B/W,30/41,Hands",
  "B,2024-03-02,S,CALL,o4,M/M,W/W,25/25,Hands",
  "B,2024-03-02,S,CALL,o5,M/M,W/W,25/25,Hands",
  "C,2024-03-03,S,CALL,o6,,,,Hands",
  "C,2024-03-03,S,CALL,o7,,,,Hands",
].join("\n") + "\n";

function peopleMapping(subject: unknown, officer: unknown = { columns: ["Officer"] }) {
  return {
    sources: [
      {
        file: "export.csv",
        grain: "officer",
        keys: { incident: ["Case"], subject, officer },
        drop: [],
        fields: {
          "incidents.date": { column: "Date", format: "YYYY-MM-DD" },
          "incidents.district": { column: "Area" },
          "incidents.contact_origin": { column: "Origin", values: { CALL: "dispatched" } },
          "subjects.sex": { column: "Sex", split: "/", values: { M: "male", F: "female" } },
          "subjects.race_ethnicity": { column: "Race", split: "/", values: { B: "black", W: "white" } },
          "subjects.age": { column: "Age", split: "/" },
          "force_uses.force_type": { column: "Force", values: { Taser: "ced", Hands: "physical_unspecified" } },
        },
      },
    ],
  };
}

describe("people across rows", () => {
  it("by_position alone counts each person once per officer; matching on attributes counts each person once", () => {
    const byPosition = run({ "export.csv": REPEATED }, peopleMapping("by_position"));
    expect(ok(byPosition).built.subjects).toBe(6 + 4 + 2);
    const matched = run({ "export.csv": REPEATED }, peopleMapping({ match: ["subjects.sex", "subjects.race_ethnicity", "subjects.age"], by_position: true }));
    const res = ok(matched);
    // A: two people listed in either order; B: two people alike in every attribute stay two; C: none described, one shared.
    expect(res.built.subjects).toBe(2 + 2 + 1);
    const subjects = matched.table("subjects");
    expect(subjects.filter((s) => s.incident_id === "A").map((s) => `${s.sex} ${s.race_ethnicity} ${s.age}`).sort()).toEqual(["female white 41", "male black 30"]);
    expect(subjects.filter((s) => s.incident_id === "B").map((s) => `${s.sex} ${s.race_ethnicity} ${s.age}`)).toEqual(["male white 25", "male white 25"]);
    expect(res.people.subjects).toMatchObject({ asMapped: 5, perRow: 12, byAttributes: 5, perIncident: 3 });
    expect(matched.report).toContain("| **as mapped: matched on subjects.sex, subjects.race_ethnicity, subjects.age (by position)** | 5 |");
    expect(matched.report).toContain("| one per row, duplicate rows dropped (one per listed person where fields hold lists) | 12 |");
    // The report of the by_position import shows what matching would give.
    expect(byPosition.result!.people.subjects).toMatchObject({ asMapped: 12, byAttributes: 5 });
  });

  it("match without lists: rows of one incident with equal attributes are one subject; when_blank chooses for undescribed rows", () => {
    const rows = [
      "Case,Date,Area,Origin,Officer,Sex,Race,Age,Force",
      "A,2024-03-01,N,CALL,o1,M,B,30,Hands",
      "A,2024-03-01,N,CALL,o2,M,B,30,Taser",
      "A,2024-03-01,N,CALL,o3,F,B,30,Hands",
      "A,2024-03-01,N,CALL,o4,,,,Hands",
      "A,2024-03-01,N,CALL,o5,,,,Hands",
      "B,2024-03-01,N,CALL,o6,M,B,30,Hands",
    ].join("\n") + "\n";
    const count = (subject: unknown) => {
      const r = run({ "export.csv": rows }, peopleMapping(subject));
      return r.error ? r.error : ok(r).built.subjects;
    };
    expect(count({ match: ["subjects.sex", "subjects.race_ethnicity", "subjects.age"] })).toBe(2 + 1 + 1);
    expect(count({ match: ["subjects.sex", "subjects.race_ethnicity", "subjects.age"], when_blank: "per_row" })).toBe(2 + 2 + 1);
    expect(count({ match: ["subjects.race_ethnicity"] })).toBe(1 + 1 + 1);
    // A field the source does not map cannot be matched on.
    const refused = count({ match: ["subjects.injury"] }) as InputError;
    expect(refused.problems.map(formatProblem).join("\n")).toMatch(/keys\.subject\.match\[0\].*"subjects\.injury" is not one/);
    // reject: undescribed rows are rejected (run with --allow-rejected: listed, left out).
    const r = run({ "export.csv": rows }, peopleMapping({ match: ["subjects.sex"], when_blank: "reject" }));
    expect(ok(r).files[0]).toMatchObject({ read: 6, used: 4, rejected: 2 });
  });

  it("personKeys numbers people alike in one row, so the nth matches the nth of another row", () => {
    const ev = (...values: string[]) => ({ values, raw: values });
    expect(personKeys([ev("male", "male", "female"), ev("30", "30", "")], [0, 1], true)).toEqual(["male\u001f30", "male\u001f30#2", "female\u001f"]);
    expect(personKeys([ev(), ev()], [0, 1], false)).toEqual([""]);
    expect(personKeys([ev("male"), ev("30")], [0, 1], true, 3)).toEqual(["male\u001f30", "", ""]);
  });

  it("officers keyed per_incident are one per incident, whatever the number of rows", () => {
    const r = run({ "export.csv": REPEATED }, peopleMapping("per_incident", "per_incident"));
    const res = ok(r);
    expect(res.built.officers).toBe(3);
    expect(r.table("officers").map((o) => o.incident_id)).toEqual(["A", "B", "C"]);
    expect(res.people.officers).toMatchObject({ asMapped: 3, perRow: 7, perIncident: 3 });
    // Each incident's officers_count is then 1.
    expect(r.table("incidents").map((i) => i.officers_count)).toEqual(["1", "1", "1"]);
    // per_row: one per row.
    expect(ok(run({ "export.csv": REPEATED }, peopleMapping("per_incident", "per_row"))).built.officers).toBe(7);
  });
});

describe("duplicate rows", () => {
  const rows = csv(
    "A,2024-03-01,N,CALL,No,o1,M,B,30,NONE,Hands",
    "A,2024-03-01,N,CALL,No,o1,M,B,30,NONE,Hands",
    "A,2024-03-01,N,CALL,No,o2,M,B,30,NONE,Hands",
    "B,2024-03-02,S,CALL,No,o3,F,W,41,NONE,Hands",
    "B,2024-03-02,S,CALL,No,o3,F,W,41,NONE,Hands",
    "B,2024-03-02,S,CALL,No,o3,F,W,41,NONE,Hands",
    "B,2024-03-02,S,CALL,No,o3,F,W,41,NONE,Hands ",
    "C,2024-03-02,X,CALL,No,o4,F,W,41,NONE,Hands",
    "C,2024-03-02,X,CALL,No,o4,F,W,41,NONE,Hands",
  );

  it("are dropped and counted: read = used + duplicates + rejected; a copy of a rejected row is rejected too", () => {
    const r = run({ "export.csv": rows }, mapping({ keys: { subject: "per_row", officer: "per_row" } }));
    const res = ok(r);
    // Lines 2 and 5, 6 repeat earlier rows; line 7 differs by a trailing space; C's rows are both rejected (district X).
    expect(res.files[0]).toMatchObject({ read: 9, used: 4, duplicates: 3, rejected: 2 });
    expect(res.built).toMatchObject({ incidents: 2, subjects: 4, officers: 4 });
    expect(r.log.some((l) => /export\.csv: read 9 = used 4 \+ duplicates 3 \+ rejected 2/.test(l))).toBe(true);
    expect(r.report).toContain("| export.csv | 9 | 4 | 3 | 2 | 0 |");
    // Subjects one per row would be 7 with the duplicates kept.
    expect(res.people.subjects).toMatchObject({ asMapped: 4, perRow: 4, perRowWithDuplicates: 7 });
    expect(r.report).toContain("| one per row, duplicate rows kept | 7 |");
  });

  it("are kept with duplicate_rows: keep", () => {
    const r = run({ "export.csv": rows }, mapping({ keys: { subject: "per_row", officer: "per_row" }, source: { duplicate_rows: "keep" } }));
    const res = ok(r);
    expect(res.files[0]).toMatchObject({ read: 9, used: 7, duplicates: 0, rejected: 2 });
    expect(res.built.subjects).toBe(7);
  });

  it("repeat across the files of one source, not across sources", () => {
    const one = csv("A,2024-03-01,N,CALL,No,o1,M,B,30,NONE,Hands");
    const twoFiles = mapping({ keys: { subject: "per_row", officer: "per_row" } });
    (twoFiles.sources[0] as Record<string, unknown>).files = ["a.csv", "b.csv"];
    delete (twoFiles.sources[0] as Record<string, unknown>).file;
    const res = ok(run({ "a.csv": one, "b.csv": one }, twoFiles));
    expect(res.files.map((f) => [f.used, f.duplicates])).toEqual([[1, 0], [0, 1]]);
    const twoSources = mapping({ keys: { subject: "per_row", officer: "per_row" } });
    twoSources.sources.push({ ...twoSources.sources[0], file: "b.csv" });
    (twoSources.sources[0] as Record<string, unknown>).file = "a.csv";
    const res2 = ok(run({ "a.csv": one, "b.csv": one }, twoSources));
    expect(res2.files.map((f) => [f.used, f.duplicates])).toEqual([[1, 0], [1, 0]]);
  });

  it("RowPrints tells rows apart cell by cell", () => {
    const p = new RowPrints();
    for (let i = 0; i < 5000; i++) {
      expect(p.seen([`r${i}`, "x"])).toBe(-1);
      p.add(i, 1);
    }
    expect(p.seen(["r1", "x"])).toBeGreaterThanOrEqual(0);
    expect(p.incidentOf(p.seen(["r4999", "x"]))).toBe(4999);
    expect(p.seen(["r1x", ""])).toBe(-1);
    expect(p.seen(["r", "1x"])).toBe(-1);
  });
});
