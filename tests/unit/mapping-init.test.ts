import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { departmentConfig } from "../../src/lib/schema/config.ts";
import { mappingSchema, type FieldSpec } from "../../src/lib/schema/mapping.ts";
import { draftMapping, guessBoolean, guessSplit, guessValue, runInit, zoneFromMidnights } from "../../scripts/import/init.ts";
import { guessDate, guessTime, profileColumn, readExport } from "../../scripts/import/profile.ts";
import { FIXTURES, tmpDir } from "../helpers.ts";

const IMPORT = path.join(FIXTURES, "import");

/** Copies a fixture export to a fresh folder and returns its path. */
function copyExport(name: string): string {
  const dir = tmpDir("uof-init-");
  const file = path.join(dir, name);
  fs.copyFileSync(path.join(IMPORT, name), file);
  return file;
}

function draft(name: string) {
  const file = copyExport(name);
  const r = runInit([file]);
  expect(r.code, r.lines.join("\n")).toBe(0);
  const dir = path.dirname(file);
  const mapping = JSON.parse(fs.readFileSync(path.join(dir, "mapping.json"), "utf8"));
  const source = mapping.sources[0];
  return { file, dir, r, mapping, source, fields: source.fields as Record<string, FieldSpec> };
}

/** A required field's own spec: the draft wraps it as first_of [spec, {value: "unknown"}]. */
function inner(spec: FieldSpec): FieldSpec {
  if (!spec.first_of) return spec;
  expect(spec.first_of[1]).toEqual({ value: "unknown" });
  return spec.first_of[0];
}

/** Every label a categorical spec lists, in `values` or in its note. */
function listed(spec: FieldSpec): string[] {
  const inNote = [...(spec.note ?? "").matchAll(/"([^"]+)" \(\d+\)/g)].map((m) => m[1]);
  return [...Object.keys(inner(spec).values ?? {}), ...inNote];
}

describe("profile", () => {
  it("strips the byte-order mark and keeps headers exactly, doubled spaces included", () => {
    const t = readExport(path.join(IMPORT, "officer-force.csv"));
    expect(t.header[0]).toBe("Case  Number");
    expect(t.header).toContain("Force  Type");
    expect(t.rows).toHaveLength(9);
  });

  it("counts distinct labels (case and spaces aside), blanks and null markers", () => {
    const p = profileColumn("Sex", 0, ["M", "m ", "F", "", "-", "NULL", "F"]);
    expect(p.distinct).toEqual([["F", 2], ["M", 2]]);
    expect(p.markers.map(([m]) => m).sort()).toEqual(["-", "NULL"]);
    expect(p.blankShare).toBeCloseTo(3 / 7);
    expect(p.numeric).toBe(false);
  });

  it("detects date layouts, UTC midnights and padded or unpadded times", () => {
    expect(guessDate(["01/18/2017 12:00:00 AM", "11/19/2017 12:00:00 AM"])).toMatchObject({ format: "MM/DD/YYYY hh:mm:ss A", utc: false, dateOnly: true });
    expect(guessDate(["2017/02/19 05:00:00+00", "2018/09/19 04:00:00+00"])).toMatchObject({ format: "YYYY/MM/DD HH:mm:ssZ", utc: true, dateOnly: true });
    expect(guessDate(["2017/02/19 15:31:00+00"])).toMatchObject({ utc: true, dateOnly: false });
    expect(guessDate(["2017/02/19 05:00:00+00", "2018/09/19 04:00:00+00"])?.utcHours).toEqual([4, 5]);
  });

  it("names the time zone whose midnights fall on those UTC hours", () => {
    expect(zoneFromMidnights([4, 5])?.name).toBe("America/New_York");
    expect(zoneFromMidnights([6])?.name).toBe("America/Chicago");
    expect(zoneFromMidnights([7])?.name).toBe("America/Phoenix");
    expect(zoneFromMidnights([2, 3])).toBeNull();
    expect(zoneFromMidnights(undefined)).toBeNull();
    expect(guessDate(["08/13/2020", "02/21/2016"])?.format).toBe("MM/DD/YYYY");
    expect(guessDate(["3/5/2020", "12/21/2016"])?.format).toBe("M/D/YYYY");
    expect(guessDate(["25/12/2020", "02/01/2016"])?.format).toBe("DD/MM/YYYY");
    expect(guessDate(["2020-13-01"])).toBeNull();
    expect(guessDate(["Physical", "Taser"])).toBeNull();
    expect(guessTime(["210", "53", "2210", "1945"])).toEqual({ format: "Hmm", pad_left: 4 });
    expect(guessTime(["0210", "2210"])).toEqual({ format: "HHmm" });
    expect(guessTime(["21:05", "07:30"])).toEqual({ format: "HH:mm" });
    expect(guessTime(["2399", "1200"])).toBeNull();
  });
});

describe("label guesses", () => {
  it("maps plain labels and leaves doubtful ones undecided", () => {
    expect(guessValue("sex", "M")).toBe("male");
    expect(guessValue("race_ethnicity", "Asian/Pacifi")).toBeNull();
    expect(guessValue("force_type", "CED - PRONGS-ENTER # CYCLES (use #shots field)")).toBe("ced");
    expect(guessValue("force_type", "Firearm (Exhibited)")).toBe("firearm_pointed");
    expect(guessValue("force_type", "CEW Exhibited/Laser")).toBe("weapon_pointed");
    expect(guessValue("force_type", "FIREARM - HANDGUN-ENTER # SHOTS")).toBe("firearm_discharge");
    expect(guessValue("force_type", "WEAPONLESS (PRESSURE POINTS/KICKS/HAND)")).toBeNull();
    expect(guessValue("force_type", "Canine (No Bite)")).toBeNull();
    expect(guessValue("force_type", "Firearm")).toBeNull();
    expect(guessValue("injury", "NO COMPLAINT OF INJURY/PAIN")).toBe("none");
  });

  it("tells holds, grabs and pushes, firearms pointed and the three kinds of discharge apart", () => {
    const g = (label: string) => guessValue("force_type", label);
    for (const l of ["Hold", "Physical hold", "Grab", "HOLD/GRAB", "Push", "Pushed subject", "Shove"]) expect(g(l), l).toBe("hold_grab_push");
    // Holds that other types name, or of a kind not said, are not guessed as holds.
    expect(g("Compliance Hold")).toBe("joint_lock");
    expect(g("Escort hold")).toBe("escort");
    expect(g("Neck hold")).toBe("neck_restraint");
    expect(g("Mystery Hold")).toBeNull();
    for (const l of ["Firearm pointed", "Pointing of firearm", "Rifle (Pointed)", "Handgun drawn and pointed"]) expect(g(l), l).toBe("firearm_pointed");
    expect(g("Taser pointed")).toBe("weapon_pointed");
    for (const l of ["Shot at dog", "Firearm discharge - animal", "Shots fired at animal"]) expect(g(l), l).toBe("firearm_discharge_animal");
    for (const l of ["Accidental discharge", "Unintentional discharge", "Firearm - unintentional discharge", "Negligent discharge"]) expect(g(l), l).toBe("firearm_discharge_unintentional");
    for (const l of ["Firearm discharge", "Shots fired - handgun", "Officer fired handgun"]) expect(g(l), l).toBe("firearm_discharge");
    // A police dog's bite is not a shot at an animal.
    expect(g("Canine - bite")).toBe("k9_bite");
    expect(guessValue("injury", "COMPLAINT OF INJURY/PAIN BUT NONE OBSERVED")).toBe("minor");
    expect(guessValue("injury", "Yes")).toBe("injured_unspecified");
    expect(guessValue("review_finding", "UOF Not Justified")).toBe("out_of_policy");
    expect(guessValue("review_finding", "UOF Justified With Training")).toBe("within_policy_training_issue");
    expect(guessValue("call_type", "Unwanted Person")).toBeNull();
  });

  it("finds list delimiters only when the parts are labels themselves", () => {
    expect(guessSplit([["Physical", 9], ["Taser", 5], ["Physical/Taser", 1]])).toBe("/");
    expect(guessSplit([["WEAPONLESS (PRESSURE POINTS/KICKS/HAND)", 9], ["OTHER", 1]], "force_type")).toBeNull();
    expect(guessSplit([["MINOR INJURY", 3], ["MINOR INJURY; COMPLAINT OF INJURY/PAIN", 1]], "injury")).toBe("; ");
  });

  it("reads yes/no columns, keeping odd labels undecided", () => {
    expect(guessBoolean([["Yes", 3], ["No", 2]]).boolean).toBe("yes_no");
    expect(guessBoolean([["Y", 3], ["N", 2]]).boolean).toBe("y_n");
    const odd = guessBoolean([["No", 30], ["Yes", 7], ["Unknown", 2], ["refuse verbal commands", 1]]);
    expect(odd.boolean).toEqual({ true: ["Yes"], false: ["No"], unknown: ["Unknown"] });
    expect(odd.undecided).toEqual([["refuse verbal commands", 1]]);
  });
});

describe("mapping:init on an officer-per-force-type export", () => {
  it("drafts a mapping that validates, with the $schema path pointing at the JSON Schema", () => {
    const { mapping, dir } = draft("officer-force.csv");
    const parsed = mappingSchema.safeParse(mapping);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(fs.existsSync(path.resolve(dir, mapping.$schema))).toBe(true);
    expect(mapping.$schema.endsWith("src/lib/schema/mapping.schema.json")).toBe(true);
  });

  it("picks the incident key and grain, and tells people apart by what is recorded of them", () => {
    const { source } = draft("officer-force.csv");
    expect(source.file).toBe("officer-force.csv");
    expect(source.grain).toBe("officer_force");
    expect(source.keys.incident).toEqual(["Case  Number"]);
    expect(source.keys.officer).toEqual({ columns: ["Officer Gender", "Officer Race"] });
    expect(source.keys.subject.columns).toContain("Subject  Sex");
  });

  it("drops the address and coordinate columns and reads '-' as blank", () => {
    const { source } = draft("officer-force.csv");
    expect(source.drop).toEqual(["Street Address", "Latitude", "Longitude"]);
    expect(source.blank).toEqual(["-"]);
    for (const c of source.drop) expect(JSON.stringify(source.fields)).not.toContain(`"${c}"`);
  });

  it("detects the UTC-midnight date, the unpadded time and yes/no flags", () => {
    const { fields } = draft("officer-force.csv");
    expect(fields["incidents.date"]).toEqual({ column: "Occurred  Date", format: "YYYY/MM/DD HH:mm:ssZ", utc: true });
    expect(fields["incidents.time"]).toEqual({ column: "Time  Occurred", format: "Hmm", pad_left: 4 });
    expect(fields["incidents.arrest_made"]).toMatchObject({ column: "Subject Arrested", boolean: "yes_no", combine: "any_yes" });
    expect(fields["subjects.injury"]?.values).toEqual({ No: "none", Yes: "injured_unspecified" });
    // Precinct has a "-" (blank) cell and is required: it falls back to "unknown", listed in config.json.
    expect(fields["incidents.district"]).toMatchObject({ first_of: [{ column: "Precinct" }, { value: "unknown" }] });
    expect(fields["subjects.age"]).toEqual({ column: "Subject Age" });
    expect(fields["officers.years_of_service"]).toEqual({ column: "Officer Yrs of Service" });
  });

  it("lists every distinct label, maps the plain ones and leaves the rest as blank with a note", () => {
    const { fields, file } = draft("officer-force.csv");
    const t = readExport(file);
    const outer = fields["force_uses.force_type"]!;
    const force = inner(outer);
    const col = t.header.indexOf("Force  Type");
    const distinct = [...new Set(t.rows.map((r) => r[col]))].sort();
    expect(listed(outer).sort()).toEqual(distinct);
    expect(force.values).toMatchObject({ Taser: "ced", Takedown: "takedown", "OC Spray": "oc_spray", "Firearm Pointed": "firearm_pointed" });
    expect(force.values).not.toHaveProperty("Mystery Hold");
    expect(force.unmapped).toBe("blank");
    expect(outer.note).toContain('"Mystery Hold" (1)');
    expect(outer.note).toContain('"Hands" (2)');
    expect(Object.values(force.values!)).not.toContain("other");
    const call = fields["incidents.call_type"]!;
    expect(listed(call).sort()).toEqual(["Domestic", "Theft", "Unwanted Guest", "Welfare Check"]);
    expect(inner(call).values).toMatchObject({ Domestic: "domestic_disturbance", Theft: "property_crime", "Welfare Check": "mental_health_crisis" });
    // Fully mapped columns keep the default (reject), so a new label is noticed.
    expect(fields["subjects.sex"]).toEqual({ column: "Subject  Sex", values: { M: "male", F: "female", U: "unknown" } });
  });

  it("writes a config.json that validates, listing the districts, and a plain checklist", () => {
    const { dir, r } = draft("officer-force.csv");
    const config = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8"));
    expect(departmentConfig.safeParse(config).success).toBe(true);
    expect(config.districts.map((d: { code: string }) => d.code).sort()).toEqual(["East", "North", "South", "unknown"]);
    expect(config.name).toMatch(/EDIT ME/);
    const text = r.lines.join("\n");
    expect(text).toMatch(/"Street Address": its name suggests an address/);
    expect(text).toMatch(/force_uses\.force_type: 2 label\(s\) to map: "Hands" \(2\), "Mystery Hold" \(1\)/);
    expect(text).toMatch(/timezone/);
    expect(text).toMatch(/Add calls_for_service\.csv/);
    expect(text).toContain(`npm run build -- --data ${path.relative(process.cwd(), dir)}`);
  });

  it("never overwrites mapping.json without --force, nor an existing config.json", () => {
    const file = copyExport("officer-force.csv");
    const dir = path.dirname(file);
    fs.writeFileSync(path.join(dir, "mapping.json"), "{\"mine\": true}\n");
    fs.writeFileSync(path.join(dir, "config.json"), "{\"mine\": true}\n");
    const r = runInit([file]);
    expect(r.code).toBe(1);
    expect(r.lines.join("\n")).toMatch(/already exists.*--force/);
    expect(fs.readFileSync(path.join(dir, "mapping.json"), "utf8")).toBe("{\"mine\": true}\n");
    const forced = runInit([file, "--force"]);
    expect(forced.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "mapping.json"), "utf8")).sources[0].file).toBe("officer-force.csv");
    expect(fs.readFileSync(path.join(dir, "config.json"), "utf8")).toBe("{\"mine\": true}\n");
  });

  it("writes to --out, with the $schema path relative to that folder", () => {
    const file = copyExport("officer-force.csv");
    const out = path.join(tmpDir(), "nested", "data");
    expect(runInit([file, "--out", out]).code).toBe(0);
    const mapping = JSON.parse(fs.readFileSync(path.join(out, "mapping.json"), "utf8"));
    expect(fs.existsSync(path.resolve(out, mapping.$schema))).toBe(true);
    expect(fs.existsSync(path.join(path.dirname(file), "mapping.json"))).toBe(false);
  });

  it("refuses a missing file and unknown options", () => {
    expect(runInit(["/nonexistent/export.csv"]).code).toBe(2);
    expect(runInit([path.join(IMPORT, "officer-force.csv"), "--bogus"]).code).toBe(2);
    expect(runInit([]).code).toBe(2);
  });

  it("runInit([export]) reads a Windows-1252 export as the import will, so labels keep their accents, and says so", () => {
    const file = path.join(tmpDir(), "export.csv");
    fs.writeFileSync(file, Buffer.from("Case Number,Date,District,Call Type\nA1,2024-01-02,Nord,R\u00c9BELLION\nA2,2024-01-03,Sud,R\u00c9BELLION\nA3,2024-01-04,Nord,VOL\n", "latin1"));
    const r = runInit([file]);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe(`${file} is not UTF-8; read as Windows-1252 (2 characters outside ASCII, first at line 2); the import will read it the same way.`);
    expect(fs.readFileSync(path.join(path.dirname(file), "mapping.json"), "utf8")).toContain("RÉBELLION");
  });

  it("runInit([fifo]) refuses a named pipe without waiting on it", () => {
    const file = path.join(tmpDir(), "export.csv");
    execFileSync("mkfifo", [file]);
    expect(runInit([file])).toEqual({ code: 1, lines: [`${file}: expected a regular file; found a named pipe (FIFO), which would never end. Fix: replace it with a regular file holding the data`] });
  });
});

describe("mapping:init on an incident-per-row export", () => {
  it("picks grain incident, splits lists, reads null markers and ignores what it cannot place", () => {
    const { mapping, source, fields, r } = draft("incident-grain.csv");
    expect(mappingSchema.safeParse(mapping).success).toBe(true);
    expect(source.grain).toBe("incident");
    expect(source.keys).toEqual({ incident: ["Report Number"] });
    expect(source.blank.sort()).toEqual(["N/A", "NULL"]);
    expect(source.drop).toEqual([]);
    expect(source.ignore).toEqual(["Weather"]);
    expect(fields["incidents.date"]).toEqual({ column: "Date", format: "MM/DD/YYYY hh:mm:ss A" });
    expect(fields["subjects.injury"]).toMatchObject({ split: "; ", pick: "highest", values: { "No Injury": "none", "Minor Injury": "minor", "Complaint of Pain": "minor", "Serious Injury": "serious" } });
    expect(inner(fields["force_uses.force_type"]!)).toMatchObject({ split: "; ", values: { Strike: "strike", Kick: "kick" }, unmapped: "blank" });
    expect(fields["incidents.bwc_activated"]).toEqual({ column: "Body Camera On", boolean: "yes_no" });
    expect(fields["incidents.contact_origin"]?.values).toEqual({ "Call for Service": "dispatched", "Traffic Stop": "officer_initiated", Warrant: "pre_planned" });
    // No call-type column: left out (not reported on the site), flagged in the checklist.
    expect(fields["incidents.call_type"]).toBeUndefined();
    const text = r.lines.join("\n");
    expect(text).toMatch(/No column found for the call type/);
    expect(text).toMatch(/ignore: "Weather"/);
  });
});

describe("draftMapping", () => {
  const profilesOf = (header: string[], rows: string[][]) => header.map((h, i) => profileColumn(h, i, rows.map((r) => r[i])));

  it("lists district codes in config.json exactly as the cells write them, where they are codes fit for page addresses", () => {
    const d = draftMapping("x.csv", profilesOf(["Case Number", "District"], [["A1", "N-1"], ["A2", "S.2"], ["A3", "South"]]));
    expect((d.config.districts as { code: string }[]).map((c) => c.code).sort()).toEqual(["N-1", "S.2", "South"]);
    const spec = (d.mapping.sources as { fields: Record<string, { column?: string; values?: unknown }> }[])[0].fields["incidents.district"];
    expect(spec).toEqual({ column: "District" });
    // Nothing says where the department is: the time zone is left to fill in, the rest validates.
    expect(d.config.timezone).toMatch(/^EDIT ME/);
    expect(departmentConfig.safeParse({ ...d.config, timezone: "UTC" }).success).toBe(true);
  });

  it("draftMapping(file, profiles) gives district labels that are not codes (spaces, slashes, \"..\") codes of their own, named by the label and mapped in values", () => {
    const d = draftMapping("x.csv", profilesOf(["Case Number", "District"], [["A1", "North  Side"], ["A2", "north side"], ["A3", "South"], ["A4", "a/b"], ["A5", ".."]]));
    expect((d.config.districts as { code: string }[]).toSorted((a, b) => a.code.localeCompare(b.code))).toEqual([
      { code: "a-b", name: "a/b" },
      { code: "district", name: ".." },
      { code: "North-Side", name: "North  Side" },
      { code: "South", name: "South" },
    ]);
    const spec = (d.mapping.sources as { fields: Record<string, { column?: string; values?: unknown }> }[])[0].fields["incidents.district"];
    expect(spec.values).toEqual({ "North  Side": "North-Side", "north side": "North-Side", South: "South", "a/b": "a-b", "..": "district" });
    expect(departmentConfig.safeParse({ ...d.config, timezone: "UTC" }).success).toBe(true);
  });

  it("does not take an officer's unit for a district: with none, every incident is citywide", () => {
    const d = draftMapping("x.csv", profilesOf(["Case Number", "Division"], [["A1", "B Platoon"], ["A2", "Task Force"], ["A3", "K9 Section"]]));
    const fields = (d.mapping.sources as { fields: Record<string, FieldSpec> }[])[0].fields;
    expect(fields["incidents.district"]).toMatchObject({ value: "citywide" });
    expect(d.config.districts).toEqual([{ code: "citywide", name: "Citywide" }]);
    expect(d.ignored).toEqual(["Division"]);
    expect(mappingSchema.safeParse(d.mapping).success).toBe(true);
  });
});
