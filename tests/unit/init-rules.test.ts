// mapping:init's guesses on small synthetic exports (sample data written for these tests): keys and
// grain, officer and subject sides, call type, review status, drops, time zone, force and district.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { departmentConfig } from "../../src/lib/schema/config.ts";
import { mappingSchema, type FieldSpec } from "../../src/lib/schema/mapping.ts";
import { draftMapping, midnightSuffix, runInit, type DraftOptions } from "../../scripts/import/init.ts";
import { chooseIncidentKey, idTier, isCountLike, sideOf } from "../../scripts/import/initKeys.ts";
import { identifierReason } from "../../scripts/import/identifiers.ts";
import { profileColumn } from "../../scripts/import/profile.ts";
import { stateIn } from "../../scripts/import/zones.ts";
import { placeholderProblems, readConfig } from "../../scripts/pipeline/department.ts";
import { diskIo } from "../../scripts/pipeline/io.ts";
import type { Problem } from "../../scripts/pipeline/problems.ts";
import { parseLocatedJson } from "../../scripts/pipeline/json.ts";
import { tmpDir } from "../helpers.ts";
import { importIn } from "../importHelpers.ts";

type Source = { grain: string; keys: Record<string, unknown>; drop: string[]; ignore?: string[]; fields: Record<string, FieldSpec> };

/** Drafts a mapping from an export given as header and rows, with the rows at hand (as runInit does). */
function drafted(header: string[], rows: string[][], opts: DraftOptions = {}) {
  const profiles = header.map((h, i) => profileColumn(h, i, rows.map((r) => r[i] ?? "")));
  const d = draftMapping("export.csv", profiles, { rows, ...opts });
  const parsed = mappingSchema.safeParse(d.mapping);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  const source = (d.mapping.sources as Source[])[0];
  return { d, source, fields: source.fields, text: [...d.guessed, ...d.decide].join("\n") };
}

const pad = (n: number) => String(n).padStart(2, "0");
const day = (i: number) => `2023-${pad((i % 12) + 1)}-${pad((i % 27) + 1)}`;
const pick = <T,>(xs: readonly T[], i: number) => xs[i % xs.length];

describe("initKeys", () => {
  it("idTier(name) ranks an incident id over a case number over a row id, and names nothing else", () => {
    expect(idTier("Incident ID")).toBe(3);
    expect(idTier("PIB File Number")).toBe(3);
    expect(idTier("Case Number")).toBe(2);
    expect(idTier(" Primary Key")).toBe(2);
    expect(idTier("OBJECTID")).toBe(1);
    expect(idTier("Subject Race")).toBe(0);
  });

  it("sideOf(name) tells officer columns from subject columns, run-together names included", () => {
    for (const n of ["Officer Race", "ofcrace", "Ofc Sex", "Emp Gender", "Member Age", "Off_Injured"]) expect(sideOf(n), n).toBe("officer");
    for (const n of ["Subject Race", "susrace", "Suspect Sex", "Citizen Age", "Civilian Injured"]) expect(sideOf(n), n).toBe("subject");
    expect(sideOf("Subject injured by officer")).toBe("subject");
    expect(sideOf("Call Type")).toBeNull();
  });

  it("isCountLike(profile) is true for counts and small repeated numbers, false for a unique sequence", () => {
    const col = (name: string, cells: string[]) => profileColumn(name, 0, cells);
    expect(isCountLike(col("Number of Officers", ["1", "2", "2", "3"]))).toBe(true);
    expect(isCountLike(col("Level", ["1", "2", "2", "1"]))).toBe(true);
    expect(isCountLike(col("OBJECTID", ["1", "2", "3", "4"]))).toBe(false);
    expect(isCountLike(col("Case Number", ["C1", "C2", "C2", "C3"]))).toBe(false);
  });

  it("chooseIncidentKey() never takes a date-time or a count, even when it is the only unique column", () => {
    const rows = Array.from({ length: 40 }, (_, i) => [`2023-03-${pad((i % 28) + 1)} ${pad(i % 24)}:${pad(i)}:00`, String((i % 3) + 1), `R-${Math.floor(i / 2)}`]);
    const profiles = ["Occurred", "Officers", "Report Number"].map((h, i) => profileColumn(h, i, rows.map((r) => r[i])));
    expect(profiles[0].unique && !!profiles[0].date).toBe(true);
    expect(chooseIncidentKey(profiles, { rows }).key.name).toBe("Report Number");
    // No id column at all: a unique non-date column stands in, never the timestamp or the count.
    const noId = ["Occurred", "Officers", "Narrative Ref"].map((h, i) => profileColumn(h, i, rows.map((r, j) => (i === 2 ? `N${j}` : r[i]))));
    expect(chooseIncidentKey(noId, { rows }).key.name).toBe("Narrative Ref");
  });
});

describe("draftMapping keys and grain", () => {
  it("picks the incident id unique per incident over a case number that spans several incidents, and drops the case number", () => {
    // Two officers per incident; a case groups two incidents on different dates.
    const rows: string[][] = [];
    for (let inc = 0; inc < 20; inc++)
      for (let off = 0; off < 2; off++) rows.push([`C-${Math.floor(inc / 2)}`, `INC-${inc}`, day(inc), pick(["White", "Black", "Asian"], inc + off), pick(["Male", "Female"], off), pick(["Taser", "Takedown"], off), pick(["Domestic", "Theft"], inc)]);
    const { source, fields, d } = drafted(["Case Number", "Incident ID", "Occurred Date", "Officer Race", "Officer Sex", "Force Type", "Call Type"], rows);
    expect(source.keys.incident).toEqual(["Incident ID"]);
    expect(source.grain).toBe("officer");
    expect(fields["incidents.date"]).toMatchObject({ column: "Occurred Date" });
    expect(source.drop).toContain("Case Number");
    expect(source.ignore ?? []).not.toContain("Case Number");
    // The draft says why, and what else was weighed.
    expect(d.mapping.description).toMatch(/Incident key: "Incident ID" \(an incident id, 20 values in 40 rows, one date per value\); also considered "Case Number" \(a case or report number, 10 values in 40 rows, 100% of its repeated values span several dates\)/);
  });

  it("takes neither a label column nor free text named for incidents as a key, nor drops them as identifiers", () => {
    const rows = Array.from({ length: 20 }, (_, i) => [`RPT-${i}`, day(i), pick(["Domestic", "Theft", "Assault", "Welfare Check", "Trespass"], i), `Officers answered a call about ${pick(["noise", "a dispute", "a fight"], i)} on shift ${i}`]);
    const { source } = drafted(["Report No", "Date", "Incident Type", "Incident Summary"], rows);
    expect(source.keys.incident).toEqual(["Report No"]);
    expect(source.drop).not.toContain("Incident Type");
    expect(source.drop).not.toContain("Incident Summary");
  });

  it("finds a date column when the only unique column is a date-time (never 'no date column found')", () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`2023-05-${pad((i % 28) + 1)} ${pad(i % 24)}:${pad(i)}:00`, String((i % 4) + 1), pick(["North", "South"], i)]);
    const { fields, source, text } = drafted(["Date Time", "Officer Count", "Precinct"], rows);
    expect(fields["incidents.date"]).toMatchObject({ column: "Date Time" });
    expect(source.keys.incident).toEqual(["Precinct"]);
    expect(text).not.toMatch(/No date column found/);
    // A stand-in the person is told to replace.
    expect(text).toMatch(/Incident key: no column is named as an id; the draft uses "Precinct" \(a stand-in: no column is named as an id or unique; set keys.incident by hand\)/);
  });

  it("reads grain officer_force when one officer's rows differ in the force type, officer when force is a list, subject when only subjects differ", () => {
    const force: string[][] = [];
    for (let inc = 0; inc < 15; inc++)
      for (const [off, f] of [[0, "Taser"], [0, "Takedown"], [1, "OC Spray"]] as const) force.push([`U-${inc}`, day(inc), pick(["White", "Black"], inc + off), pick(["Male", "Female"], off), f, pick(["M", "F"], inc)]);
    const a = drafted(["UOF Number", "Date", "Officer Race", "Officer Gender", "Force Type", "Subject Sex"], force);
    expect(a.source.grain).toBe("officer_force");
    expect(a.source.keys.officer).toEqual({ columns: ["Officer Race", "Officer Gender"] });

    const listed = force.filter((_, i) => i % 3 !== 1).map((r) => [r[0], r[1], r[2], r[3], r[4], "Strike", r[5]]);
    const b = drafted(["UOF Number", "Date", "Officer Race", "Officer Gender", "Weapon Used 1", "Weapon Used 2", "Subject Sex"], listed);
    expect(b.source.grain).toBe("officer");

    const subjects: string[][] = [];
    for (let inc = 0; inc < 15; inc++) for (let s = 0; s < 2; s++) subjects.push([`U-${inc}`, day(inc), pick(["M", "F"], s), pick(["W", "B", "H"], inc + s), "Taser"]);
    const c = drafted(["UOF Number", "Date", "Subject Sex", "Subject Race", "Force Type"], subjects);
    expect(c.source.grain).toBe("subject");
  });

  it("never takes an officer's race or sex for a subject key or a subject field", () => {
    const rows: string[][] = [];
    for (let inc = 0; inc < 12; inc++) for (let off = 0; off < 2; off++) rows.push([`F-${inc}`, day(inc), pick(["W", "B"], inc + off), pick(["M", "F"], off), String(30 + off), "Taser"]);
    const { source, fields } = drafted(["File Number", "Date", "ofcrace", "Ofc Sex", "Emp Age", "Force Type"], rows);
    const subjectKey = JSON.stringify(source.keys.subject ?? null);
    for (const c of ["ofcrace", "Ofc Sex", "Emp Age"]) expect(subjectKey).not.toContain(c);
    expect(fields["subjects.race_ethnicity"]).toBeUndefined();
    expect(fields["subjects.sex"]).toBeUndefined();
    expect(fields["subjects.age"]).toBeUndefined();
  });

  it("proposes an officer's race, sex and age as officer fields, never as subject fields", () => {
    const rows = Array.from({ length: 20 }, (_, i) => [`I-${i}`, day(i), pick(["1", "2"], i), pick(["0", "1"], i), String(25 + i), String(i % 20), pick(["M", "F"], i + 1)]);
    const { source, fields } = drafted(["incid", "date", "ofcrace", "ofcgender", "ofcage", "ofcexp", "susgender"], rows);
    expect(source.grain).toBe("incident");
    expect(source.keys.officer).toBe("per_row");
    expect(fields["officers.years_of_service"]).toEqual({ column: "ofcexp" });
    expect(fields["subjects.sex"]).toMatchObject({ column: "susgender" });
    expect(fields["officers.sex"]).toMatchObject({ column: "ofcgender" });
    expect(fields["officers.race_ethnicity"]).toMatchObject({ column: "ofcrace" });
    expect(fields["officers.age"]).toEqual({ column: "ofcage" });
    for (const f of Object.keys(fields)) if (f.startsWith("subjects.")) expect(JSON.stringify(fields[f])).not.toMatch(/ofc/);
  });
});

describe("draftMapping fields", () => {
  const base = (i: number) => [`R-${i}`, day(i)];

  it("takes review status only from a review column with review words, never a geocoding status", () => {
    const rows = Array.from({ length: 20 }, (_, i) => [...base(i), pick(["Matched", "Unmatched", "Tied"], i), pick(["Complete", "Pending"], i)]);
    const { fields } = drafted(["Report Number", "Date", "Status", "Review Status"], rows);
    expect(fields["incidents.review_status"]).toMatchObject({ column: "Review Status" });
    const geo = drafted(["Report Number", "Date", "Status", "Geocode Status"], rows.map((r) => [r[0], r[1], r[2], r[2]]));
    expect(geo.fields["incidents.review_status"]).toBeUndefined();
  });

  it("takes a call type only from words: never force levels, and numeric codes are noted as needing the code book", () => {
    const levels = Array.from({ length: 20 }, (_, i) => [...base(i), pick(["L1", "L2", "L3"], i)]);
    expect(drafted(["Report Number", "Date", "Call Type"], levels).fields["incidents.call_type"]).toBeUndefined();
    const codes = Array.from({ length: 20 }, (_, i) => [...base(i), String(24000 + (i % 7))]);
    const c = drafted(["Report Number", "Date", "Nature of Call"], codes);
    expect(c.fields["incidents.call_type"]).toBeUndefined();
    expect(c.text).toMatch(/"Nature of Call" may be the call type, written as 7 numeric codes: it needs the department's code book/);
    expect(c.source.ignore).toContain("Nature of Call");
    const words = Array.from({ length: 20 }, (_, i) => [...base(i), pick(["Domestic", "Welfare Check", "Theft"], i), pick(["L1", "L2"], i)]);
    const w = drafted(["Report Number", "Date", "Nature of Call", "Force Level"], words);
    expect(w.fields["incidents.call_type"]).toMatchObject({ column: "Nature of Call" });
  });

  it("reads wide yes/no force columns as flags, and a coded force column with a values map and a code-book note", () => {
    const rows = Array.from({ length: 20 }, (_, i) => [...base(i), pick(["Y", "N"], i), pick(["X", ""], i + 1), pick(["1", "0"], i)]);
    const { fields } = drafted(["Report Number", "Date", "Taser Used", "OC Spray", "Baton"], rows);
    expect(fields["force_uses.force_type"]).toMatchObject({ flags: { "Taser Used": "ced", "OC Spray": "oc_spray", Baton: "baton" }, when_none: "unknown" });
    const b = fields["force_uses.force_type"]!.boolean as { true: string[]; false: string[] };
    expect(b.true).toEqual(expect.arrayContaining(["Y", "X", "1"]));
    expect(b.false).toEqual(expect.arrayContaining(["N", "0"]));

    const coded = Array.from({ length: 20 }, (_, i) => [...base(i), pick(["1", "7", "5"], i)]);
    const c = drafted(["Report Number", "Date", "Force Type"], coded);
    const spec = c.fields["force_uses.force_type"]!;
    const inner = spec.first_of ? spec.first_of[0] : spec;
    expect(inner).toMatchObject({ column: "Force Type", values: {}, unmapped: "blank" });
    expect(c.text).toMatch(/"Force Type" holds numeric codes; map each code in values from the department's code book/);
  });

  it("prefers seven named divisions to 35 numbered sectors for the district, and names the other", () => {
    const rows = Array.from({ length: 70 }, (_, i) => [...base(i), String((i % 35) + 1), pick(["North", "South", "East", "West", "Central", "Harbor", "Hills"], i)]);
    const { fields, d } = drafted(["Report Number", "Date", "Sector", "Division"], rows);
    expect(fields["incidents.district"]).toMatchObject({ column: "Division" });
    expect(fields["incidents.district"]!.note).toMatch(/also possible: "Sector" \(35 numbered or coded values\)/);
    expect((d.config.districts as unknown[]).length).toBe(7);
  });

  it("reads dates exported at midnight UTC as the dates written, never the day before", () => {
    expect(midnightSuffix(["2016/01/17 00:00:00+00", "2016/02/01 00:00:00+00"])).toBe(" 00:00:00+00");
    expect(midnightSuffix(["2016/01/17 05:00:00+00"])).toBeNull();
    const rows = Array.from({ length: 10 }, (_, i) => [`I-${i}`, `2016/01/${pad(i + 10)} 00:00:00+00`]);
    const { fields } = drafted(["incid", "date"], rows);
    expect(fields["incidents.date"]).toMatchObject({ column: "date", format: "YYYY/MM/DD 00:00:00+00" });
    expect(fields["incidents.date"]!.utc).toBeUndefined();
    expect(fields["incidents.time"]).toBeUndefined();
  });
});

describe("time zone", () => {
  it("stateIn(text) names the state and its zone, and no zone for a state that spans two", () => {
    expect(stateIn("Seattle, WA")).toMatchObject({ code: "WA", zone: "America/Los_Angeles" });
    expect(stateIn("City of Albany, New York")).toMatchObject({ code: "NY", zone: "America/New_York" });
    expect(stateIn("Charleston, West Virginia")).toMatchObject({ code: "WV" });
    expect(stateIn("Austin, Texas")).toMatchObject({ code: "TX", zone: null });
    expect(stateIn("City of Riverton")).toBeNull();
  });

  it("takes the zone from the jurisdiction or a state column, and otherwise leaves EDIT ME, never America/Chicago", () => {
    const rows = Array.from({ length: 10 }, (_, i) => [`R-${i}`, day(i), "NY"]);
    expect(drafted(["Report Number", "Date", "State"], rows).d.config.timezone).toBe("America/New_York");
    const seattle = drafted(["Report Number", "Date"], rows, { config: { jurisdiction: "City of Seattle, Washington" } });
    expect(seattle.d.config.timezone).toBe("America/Los_Angeles");
    const none = drafted(["Report Number", "Date"], rows);
    expect(none.d.config.timezone).toMatch(/^EDIT ME/);
    expect(none.text).toMatch(/config\.json's timezone is left for you to fill in/);
    // An existing config.json with a zone that disagrees with where the department is: flagged.
    const wrong = drafted(["Report Number", "Date"], rows, { config: { jurisdiction: "Seattle, WA", timezone: "America/Chicago" } });
    expect(wrong.text).toMatch(/config\.json says timezone "America\/Chicago", but the department is in Washington \(America\/Los_Angeles\)/);
  });

  it("readConfig() on a draft with the time zone to fill in: refused for a build, read as UTC with a note for an import trial", () => {
    const rows = Array.from({ length: 10 }, (_, i) => [`R-${i}`, day(i)]);
    const dir = tmpDir("uof-init-tz-");
    fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(drafted(["Report Number", "Date"], rows).d.config, null, 2));
    const build: Problem[] = [];
    expect(readConfig(diskIo, dir, build, [], { refuseDraft: true })).toBeNull();
    expect(build.map((p) => p.field)).toContain("timezone");
    const trial: Problem[] = [];
    const notes: string[] = [];
    expect(readConfig(diskIo, dir, trial, notes, { refuseDraft: false })?.timezone).toBe("UTC");
    expect(trial).toEqual([]);
    expect(notes.join("\n")).toMatch(/timezone is still to fill in; for this import, dates written in UTC are read as UTC/);
  });

  it("an EDIT ME time zone stops a build with a plain message naming the field", () => {
    const rows = Array.from({ length: 10 }, (_, i) => [`R-${i}`, day(i)]);
    const { d } = drafted(["Report Number", "Date"], rows);
    const text = JSON.stringify(d.config, null, 2);
    const problems = placeholderProblems("dept/config.json", parseLocatedJson(text) as Parameters<typeof placeholderProblems>[1]);
    const tz = problems.find((p) => p.field === "timezone");
    expect(tz?.fix).toMatch(/the department's IANA time zone, e\.g\. "America\/New_York"/);
    expect(tz?.line).toBe(text.split("\n").findIndex((l) => l.includes('"timezone"')) + 1);
  });
});

describe("runInit", () => {
  it("closes with the import and build commands, naming --source when the export is outside the data folder", () => {
    const src = tmpDir("uof-init-src-");
    const rows = ["Report Number,Occurred Date,Precinct,State", ...Array.from({ length: 8 }, (_, i) => `R-${i},${day(i)},${pick(["North", "South"], i)},WA`)];
    fs.writeFileSync(path.join(src, "export.csv"), rows.join("\n") + "\n");
    const out = path.join(tmpDir("uof-init-out-"), "dept");
    const r = runInit([path.join(src, "export.csv"), "--out", out]);
    expect(r.code, r.lines.join("\n")).toBe(0);
    const rel = (p: string) => path.relative(process.cwd(), p);
    const next = r.lines.slice(r.lines.indexOf("Next:"));
    expect(next).toContain(`  npm run import -- --data ${rel(out)} --source ${rel(src)}`);
    expect(next).toContain(`  npm run build -- --data ${rel(out)} --source ${rel(src)}`);
    const config = JSON.parse(fs.readFileSync(path.join(out, "config.json"), "utf8"));
    expect(config.timezone).toBe("America/Los_Angeles");
    expect(departmentConfig.safeParse(config).success).toBe(true);
    // In the data folder itself: no --source.
    const inside = runInit([path.join(src, "export.csv")]);
    expect(inside.lines).toContain(`  npm run build -- --data ${rel(src)}`);
  });
});

describe("identifierReason", () => {
  it("does not flag an agency name column or a location type, and still flags names, badges, addresses and coordinates", () => {
    expect(identifierReason("Agency Name", Array(50).fill("Austin Police Department"))).toBeNull();
    expect(identifierReason("Name", [...Array(49).fill("Riverton Police Department"), "Riverton PD"])).toBeNull();
    expect(identifierReason("Location Type", ["Residence", "Street", "Business", "Parking Lot"])).toBeNull();
    expect(identifierReason("Premise Type", ["Residence", "Street"])).toBeNull();
    expect(identifierReason("Officer Name", ["A. Sample", "B. Example"])).toMatch(/a name/);
    expect(identifierReason("Name", ["A. Sample", "B. Example", "C. Test"])).toMatch(/a name/);
    expect(identifierReason("Badge", ["1234", "5678"])).toMatch(/badge/);
    expect(identifierReason("Location", ["100 Example St"])).toMatch(/address/);
    expect(identifierReason("Location Type", ["100 Example St", "200 Sample Ave"])).toMatch(/street address/);
    expect(identifierReason("Latitude", ["40.1234567"])).toMatch(/coordinates/);
  });
});

describe("draftMapping: wide one-hot columns and fields the export lacks", () => {
  it("proposes one-hot sex and race columns as flags, placing 'Hispanic' columns as Hispanic or Latino", () => {
    const groups = ["Caucasian, Non-Hispanic", "Caucasian, Hispanic", "African American, Non-Hispanic", "Asian/Pacific Islander, Non-Hispanic"];
    const header = ["Case Number", "Date", "Suspect Gender Female", "Suspect Gender Male", ...groups.map((g) => `Suspect Race ${g}`), "Force"];
    const rows = Array.from({ length: 24 }, (_, i) => [`R-${i}`, day(i), i % 2 ? "1" : "", i % 2 ? "" : "1", ...groups.map((_, g) => (i % 4 === g ? "1" : "")), "Takedown"]);
    const { fields, text } = drafted(header, rows);
    expect(fields["subjects.sex"]).toMatchObject({ flags: { "Suspect Gender Female": "female", "Suspect Gender Male": "male" }, boolean: { true: ["1"] } });
    expect((fields["subjects.race_ethnicity"] as FieldSpec).flags).toEqual({
      "Suspect Race Caucasian, Non-Hispanic": "white",
      "Suspect Race Caucasian, Hispanic": "hispanic_latino",
      "Suspect Race African American, Non-Hispanic": "black",
    });
    // A group the draft cannot place is left for the department, named.
    expect(text).toContain('"Suspect Race Asian/Pacific Islander, Non-Hispanic"');
  });

  it("marks how the encounter began as not reported when no column gives it, never a constant", () => {
    const rows = Array.from({ length: 20 }, (_, i) => [`R-${i}`, day(i), "Takedown"]);
    const { fields, text } = drafted(["Case Number", "Date", "Force"], rows);
    expect(fields["incidents.contact_origin"]).toMatchObject({ not_reported: true });
    expect(fields["incidents.contact_origin"]).not.toHaveProperty("value");
    expect(text).toMatch(/incidents\.contact_origin is marked not reported/);
  });
});

describe("runInit on a workbook", () => {
  it("reads the sheet under its title row and writes the sheet and header row into the draft, which then imports", async () => {
    const XLSX = await import("@e965/xlsx");
    const dir = tmpDir("uof-init-xlsx-");
    const aoa = [["Use of force, 2024 (title row)"], ["Incident ID", "Date", "District", "How Received", "Force Type"], ...Array.from({ length: 12 }, (_, i) => [`I-${100 + i}`, `2024-0${(i % 9) + 1}-1${i % 9}`, i % 2 ? "North" : "South", i % 3 ? "911" : "OFFICER REPORT", i % 2 ? "Takedown" : "Taser"])];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), "UOF 2024");
    fs.writeFileSync(path.join(dir, "export.xlsx"), XLSX.write(wb, { type: "buffer", bookType: "xlsx" }));
    const r = runInit([path.join(dir, "export.xlsx"), "--out", path.join(dir, "dept")], dir);
    expect(r.code, r.lines.join("\n")).toBe(0);
    const mapping = JSON.parse(fs.readFileSync(path.join(dir, "dept", "mapping.json"), "utf8"));
    expect(mapping.sources[0]).toMatchObject({ file: "export.xlsx", sheet: "UOF 2024", header_row: 2 });
    expect(mapping.sources[0].keys.incident).toEqual(["Incident ID"]);
    expect(mapping.sources[0].fields["incidents.contact_origin"]).toMatchObject({ column: "How Received", values: { "911": "dispatched", "OFFICER REPORT": "officer_initiated" } });
    expect(r.lines.join("\n")).toContain('Read the workbook\'s sheet "UOF 2024", header in row 2');
    // The draft imports as it stands once the time zone is filled in: every row used.
    fs.copyFileSync(path.join(dir, "export.xlsx"), path.join(dir, "dept", "export.xlsx"));
    const config = { ...JSON.parse(fs.readFileSync(path.join(dir, "dept", "config.json"), "utf8")), timezone: "America/New_York" };
    const imported = importIn(path.join(dir, "dept"), { config });
    expect(imported.problems).toEqual([]);
    expect(imported.result!.files[0]).toMatchObject({ read: 12, used: 12, rejected: 0, sheet: "UOF 2024" });
    expect(imported.result!.built.incidents).toBe(12);
  });
});
