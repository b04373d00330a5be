// Real agency exports (../shared/datasets, read-only, never copied into the project): each worked
// example in examples/ is built into a complete site from its export, and the published numbers are
// checked against counts computed here, independently, straight from the raw CSV (or workbook, read
// here with the spreadsheet library itself, not through the import).
// Run with: npm run test:datasets (UOF_DATASETS=DIR points elsewhere).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { csvParse, csvParseRows } from "d3-dsv";
import * as XLSX from "@e965/xlsx";
import { describe, expect, it } from "vitest";
import { cleanEnv, copyDepartment, tmpDir } from "../helpers.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DATASETS = path.resolve(process.env.UOF_DATASETS ?? path.join(ROOT, "..", "shared", "datasets"));
const AUSTIN_YEARS = [2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017];
const austinFile = (y: number) => (y === 2017 ? "austin-r2r-2017.csv" : `austin-2009-2016/austin-r2r-${y}.csv`);
const FILES = ["austin-r2r-2017.csv", "nopd-uof.csv", "south-bend-uof.csv", "lincoln-uoc-2014-2016.csv", ...AUSTIN_YEARS.map(austinFile), "bloomington-xlsx", "northampton-excel"];

function requireDatasets(): void {
  const missing = FILES.filter((f) => !fs.existsSync(path.join(DATASETS, f)));
  if (missing.length) {
    throw new Error(
      `The real-export suite needs the agency exports in ${DATASETS} (missing: ${missing.join(", ")}). ` +
        "Put the shared datasets folder beside the project (../shared/datasets) or set UOF_DATASETS=DIR. " +
        "They are public records used only as test inputs and are never copied into the project.",
    );
  }
}

interface Built {
  out: string;
  dist: string;
  log: string;
  importReport: string;
  /** The canonical tables the import built, before the pipeline (dates as the department recorded them). */
  imported: string;
}

/** `npm run build -- --data examples/<name> --source <datasets>`, into a temporary folder. */
function build(name: string, extra: string[] = [], source = DATASETS): Built {
  requireDatasets();
  const work = tmpDir(`uof-${name}-`);
  // A copy of the example's folder, so that the key and key check a run writes stay out of the repository.
  const dept = path.join(work, name);
  copyDepartment(path.join(ROOT, "examples", name), dept);
  const out = path.join(work, "generated");
  const dist = path.join(work, "dist");
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "scripts/cli.ts"), "build", "--data", dept, "--source", source, "--out", out, "--dist", dist, "--imported", path.join(work, "imported"), "--report", path.join(work, "report.md"), ...extra],
    { cwd: work, encoding: "utf8", env: { ...cleanEnv(), UOF_PSEUDONYM_KEY: "datasets-key-0123456789abcdef" } },
  );
  if (r.status !== 0) throw new Error(`build of examples/${name} failed:\n${r.stdout}\n${r.stderr}`);
  return { out, dist, log: r.stdout + r.stderr, importReport: fs.readFileSync(path.join(work, "reports", `${name}-import.md`), "utf8"), imported: path.join(work, "imported") };
}

const readCsv = (file: string) => csvParse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
const rawRows = (file: string) => csvParseRows(fs.readFileSync(path.join(DATASETS, file), "utf8").replace(/^\uFEFF/, ""));

/** Published record counts per year: incidents, dispatched incidents, subjects. */
function published(b: Built) {
  const incidents = readCsv(path.join(b.out, "downloads", "incidents.csv"));
  const subjects = readCsv(path.join(b.out, "downloads", "subjects.csv"));
  const by = <T>(rows: T[], key: (r: T) => string) => {
    const m: Record<string, number> = {};
    for (const r of rows) m[key(r)] = (m[key(r)] ?? 0) + 1;
    return m;
  };
  const agg = JSON.parse(fs.readFileSync(path.join(b.out, "site", "aggregates.json"), "utf8"));
  // Officers by the year of their incident (officers.csv links each to its incident's pseudonym).
  const yearOf = new Map(incidents.map((r) => [r.incident!, r.year!]));
  const officersFile = path.join(b.out, "downloads", "officers.csv");
  const officers = fs.existsSync(officersFile) ? readCsv(officersFile) : [];
  return {
    incidents: by(incidents, (r) => r.year!),
    officers: by(officers, (r) => yearOf.get(r.incident!) ?? "(no incident)"),
    dispatched: by(incidents.filter((r) => r.contact_origin === "dispatched"), (r) => r.year!),
    subjects: by(subjects, (r) => r.year!),
    agg,
  };
}

/** Incidents, dispatched incidents, subjects and (where the export has them) officers per year, counted from the raw rows. */
interface Counts {
  incidents: Record<string, number>;
  dispatched: Record<string, number>;
  subjects: Record<string, number>;
  officers?: Record<string, number>;
}

function tally(groups: Map<string, { year: string; dispatched: boolean; subjects: Set<string>; officers?: Set<string> }>): Counts {
  const c: Counts = { incidents: {}, dispatched: {}, subjects: {} };
  for (const g of groups.values()) {
    c.incidents[g.year] = (c.incidents[g.year] ?? 0) + 1;
    if (g.dispatched) c.dispatched[g.year] = (c.dispatched[g.year] ?? 0) + 1;
    c.subjects[g.year] = (c.subjects[g.year] ?? 0) + g.subjects.size;
    if (g.officers) (c.officers ??= {})[g.year] = (c.officers[g.year] ?? 0) + g.officers.size;
  }
  return c;
}

/** Checks the published numbers against the independent counts, and that no dropped cell is published. */
function checkAgainst(b: Built, want: Counts, dropped: string[]) {
  const got = published(b);
  expect(got.incidents).toEqual(want.incidents);
  expect(got.dispatched).toEqual(want.dispatched);
  expect(got.subjects).toEqual(want.subjects);
  if (want.officers) expect(got.officers).toEqual(want.officers);
  // The figure behind the trend chart agrees with the records.
  const byYear = got.agg.tables["rate-by-year"].rows as { year: number; incidents: number; dispatched_incidents: number }[];
  for (const r of byYear) {
    expect(r.incidents, `rate-by-year ${r.year}`).toBe(want.incidents[String(r.year)]);
    expect(r.dispatched_incidents, `rate-by-year ${r.year}`).toBe(want.dispatched[String(r.year)] ?? 0);
  }
  const latest = got.agg.headline.latest;
  expect(latest.incidents).toBe(want.incidents[String(latest.year)]);
  // Dispatched-call share, as a resident reads it.
  const total = Object.values(want.incidents).reduce((a, n) => a + n, 0);
  const disp = Object.values(want.dispatched).reduce((a, n) => a + n, 0);
  const gotTotal = Object.values(got.incidents).reduce((a, n) => a + n, 0);
  const gotDisp = Object.values(got.dispatched).reduce((a, n) => a + n, 0);
  expect(gotDisp / gotTotal).toBeCloseTo(disp / total, 10);
  // Nothing from a dropped identifier column appears anywhere in the site or the downloads.
  const needles = dropped.filter((v) => v.length >= 6);
  expect(needles.length).toBeGreaterThan(0);
  for (const dir of [b.out, b.dist]) {
    for (const f of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!f.isFile() || !/\.(html|csv|json|md|txt)$/.test(f.name)) continue;
      const text = fs.readFileSync(path.join(f.parentPath, f.name), "utf8");
      for (const n of needles) if (text.includes(n)) throw new Error(`${path.join(f.parentPath, f.name)} contains "${n}" from a dropped identifier column`);
    }
  }
  // A complete site: the home page, the data page and the explore page were built.
  for (const p of ["index.html", "data/index.html", "explore/index.html", "search/index.html"]) expect(fs.existsSync(path.join(b.dist, p)), p).toBe(true);
}

/** The priority the worked examples give contact origin (mapping.json combine): a dispatched call wins. */
const PRIORITY = ["dispatched", "pre_planned", "officer_initiated", "citizen_flagdown", "other", "unknown"];

/**
 * Dispatched incidents under each combine rule, from each incident's canonical contact origins
 * in row order (blanks left out), counted here independently of the import.
 */
function dispatchedUnderRules(origins: Iterable<string[]>): Record<string, number> {
  const r: Record<string, number> = { first: 0, last: 0, any: 0, all: 0, most_frequent: 0, priority: 0 };
  for (const all of origins) {
    const vs = all.filter((v) => v !== "");
    if (vs.length === 0) continue;
    const yes = (v: string | undefined) => (v === "dispatched" ? 1 : 0);
    r.first += yes(vs[0]);
    r.last += yes(vs[vs.length - 1]);
    r.any += yes(vs.find((v) => v === "dispatched"));
    r.all += vs.every((v) => v === "dispatched") ? 1 : 0;
    // Most frequent; a tie goes to the value seen first.
    const counts = new Map<string, number>();
    for (const v of vs) counts.set(v, (counts.get(v) ?? 0) + 1);
    let best = vs[0];
    for (const [v, c] of counts) if (c > counts.get(best)!) best = v;
    r.most_frequent += yes(best);
    r.priority += yes(PRIORITY.find((p) => vs.includes(p)) ?? vs[0]);
  }
  return r;
}

/** The import report's table for contact origin: rule -> [count, share as printed], and the rule marked in use. */
function reportedDispatched(report: string): { rules: Record<string, [number, string]>; inUse: string[]; disagreeing: string } {
  const at = report.indexOf("### incidents.contact_origin:");
  expect(at, "the import report has a contact-origin table").toBeGreaterThanOrEqual(0);
  const section = report.slice(at).split(/\n(?=##)/)[0];
  const rules: Record<string, [number, string]> = {};
  const inUse: string[] = [];
  for (const m of section.matchAll(/^\| (\*\*)?(.+?)(?:\*\* \(in use\))? \| ([\d,]+) \| ([\d.]+%) \|$/gm)) {
    const label = m[2];
    const name = label.startsWith('{"priority"') ? "priority" : label.startsWith('{"any"') ? "any" : label.startsWith('{"all"') ? "all" : label;
    rules[name] = [Number(m[3].replace(/,/g, "")), m[4]];
    if (m[1]) inUse.push(name);
  }
  return { rules, inUse, disagreeing: section.split("\n")[0] };
}

/** Checks the report's dispatched count and share under every rule against the raw file's, and that priority is in use. */
function checkRules(report: string, origins: Map<string, string[]>) {
  const want = dispatchedUnderRules(origins.values());
  const got = reportedDispatched(report);
  expect(Object.keys(got.rules).sort()).toEqual(Object.keys(want).sort());
  for (const [rule, count] of Object.entries(want)) {
    expect(got.rules[rule], rule).toEqual([count, `${((count / origins.size) * 100).toFixed(1)}%`]);
  }
  expect(got.inUse).toEqual(["priority"]);
  const disagree = [...origins.values()].filter((vs) => new Set(vs.filter(Boolean)).size > 1).length;
  expect(got.disagreeing).toContain(disagree === 0 ? "no incidents' rows disagree" : disagree === 1 ? "1 incident's rows disagree" : `${disagree.toLocaleString("en-US")} incidents' rows disagree`);
  return want;
}

/** A row of the report's "People counted each way" tables, by the start of its label (null when absent). */
function peopleRow(report: string, who: "subjects" | "officers", label: string): number | null {
  const section = report.slice(report.indexOf(`| ${who} told apart |`)).split("\n\n")[0];
  const line = section.split("\n").find((l) => l.replace(/\*\*/g, "").startsWith(`| ${label}`));
  return line ? Number(line.split("|")[2].replace(/[^\d]/g, "")) : null;
}

/** The most common values of a raw column (for the leak check). */
function commonValues(rows: string[][], col: number, n = 25): string[] {
  const m = new Map<string, number>();
  for (const r of rows.slice(1)) if (r[col]?.trim()) m.set(r[col].trim(), (m.get(r[col].trim()) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([v]) => v);
}

/** The import report's rows table: file -> its columns (rows read, used, filtered, rejected...) as numbers. */
function reportRows(report: string): Map<string, Record<string, number>> {
  const start = report.indexOf("## Rows");
  const lines = report.slice(start, report.indexOf("\n## ", start)).split("\n").filter((l) => l.startsWith("|"));
  const head = lines[0].split("|").slice(1, -1).map((c) => c.trim());
  const out = new Map<string, Record<string, number>>();
  for (const l of lines.slice(2)) {
    const cells = l.split("|").slice(1, -1).map((c) => c.trim());
    out.set(cells[0], Object.fromEntries(head.slice(1).map((h, i) => [h, Number(cells[i + 1].replace(/,/g, ""))])));
  }
  return out;
}

/** Labels (or codes) listed in the import report under a heading, per file: "### file (n label(s))" sections, or "- file, column" entries. */
function labelsPerFile(report: string): Map<string, number> {
  const section = report.slice(report.indexOf("## Labels not in the mapping"), report.indexOf("\n## ", report.indexOf("## Labels not in the mapping") + 5));
  const out = new Map<string, number>();
  let file = "";
  for (const l of section.split("\n")) {
    const h = /^### (\S+)/.exec(l);
    if (h) file = h[1];
    else if (/^ {2}- "/.test(l)) out.set(file, (out.get(file) ?? 0) + 1);
  }
  return out;
}

describe("real exports through the worked examples", () => {
  // Each test checks for the exports itself, so where they are absent every test fails with the reason.

  it("Austin: 3,595 officer reports reconcile, and incidents, subjects and dispatched share per year match the raw file", () => {
    const b = build("austin");
    expect(b.log).toMatch(/austin-r2r-2017\.csv: read 3,595 = used 3,595 \+ rejected 0/);
    const rows = rawRows("austin-r2r-2017.csv");
    const h = rows[0];
    const [key, date, subject, contact, race, ethnicity, sex, rin] = ["Primary Key", "Date  Occurred", "Master Subject ID", "Nature of Contact", "Subject  Race", "Subject  Ethnicity", "Subject  Sex", "RIN"].map((c) => h.indexOf(c));
    // Each officer's report says how the contact began (the department's data guide's labels).
    const origin: Record<string, string> = { "DISPATCHED CALL": "dispatched", "VIEWED OFFENSE": "officer_initiated", "TRAFFIC STOP": "officer_initiated", "SELF-INITIATED STOP": "officer_initiated", "TACTICAL OPERATION": "pre_planned", "WARRANT SERVICE": "pre_planned", OTHER: "other" };
    const groups = new Map<string, { year: string; dispatched: boolean; subjects: Set<string>; officers: Set<string> }>();
    const origins = new Map<string, string[]>();
    // Subjects matched on race (Hispanic ethnicity first) and sex within each incident, for the report's comparison.
    const byAttributes = new Set<string>();
    const blank = (v: string) => (v.trim() === "-" ? "" : v.trim());
    for (const r of rows.slice(1)) {
      let g = groups.get(r[key]);
      // The incident takes its first row's date.
      if (!g) groups.set(r[key], (g = { year: r[date].slice(6, 10), dispatched: false, subjects: new Set(), officers: new Set() }));
      // Rows without a subject id share one subject per incident.
      g.subjects.add(blank(r[subject]) || "(unidentified)");
      // One officer per report number within the incident (keys.officer: RIN).
      g.officers.add(r[rin].trim() || "(unidentified)");
      origins.set(r[key], [...(origins.get(r[key]) ?? []), origin[blank(r[contact])] ?? ""]);
      byAttributes.add(`${r[key]}|${blank(r[ethnicity]) === "H" ? "H" : `race ${blank(r[race])}`}|${blank(r[sex])}`);
    }
    expect(groups.size).toBe(1775);
    // A dispatched call wins (the mapping's priority): any officer dispatched makes a dispatched incident.
    for (const [k, g] of groups) g.dispatched = origins.get(k)!.includes("dispatched");
    const rules = checkRules(b.importReport, origins);
    // The first row alone undercounts: some incidents' first report is a backup officer's.
    expect(rules.priority).toBeGreaterThan(rules.first);
    const loc = h.indexOf("Location");
    checkAgainst(b, tally(groups), commonValues(rows, loc));
    // Subjects once per person, counted each way; no row of this export repeats another.
    const subjects = [...groups.values()].reduce((n, g) => n + g.subjects.size, 0);
    expect(peopleRow(b.importReport, "subjects", "as mapped")).toBe(subjects);
    expect(peopleRow(b.importReport, "subjects", "one per row")).toBe(rows.length - 1);
    expect(peopleRow(b.importReport, "subjects", "matched within each incident on subjects.race_ethnicity, subjects.sex")).toBe(byAttributes.size);
    expect(peopleRow(b.importReport, "subjects", "one per incident")).toBe(groups.size);
    expect(new Set(rows.slice(1).map((r) => JSON.stringify(r))).size).toBe(rows.length - 1);
    expect(b.importReport).toMatch(/\| austin-r2r-2017\.csv \| 3,595 \| 3,595 \| 0 \| 0 \| 0 \|/);
    expect(b.importReport).toMatch(/- "Location" \(austin-r2r-2017\.csv\)/);
    expect(b.importReport).toMatch(/\*\*force_uses\.agency_level\*\* from column "R2R Level" \(read as blank\):\n {2}- "23": 16 row\(s\)/);
  });

  it("New Orleans: 5,750 rows reconcile with the 3 shifted rows rejected and duplicate rows dropped, and the counts match the raw file", () => {
    const b = build("nopd", ["--allow-rejected"]);
    const rows = rawRows("nopd-uof.csv");
    const h = rows[0];
    const col = (c: string) => h.indexOf(c);
    const subjectCols = ["Subject Gender", "Subject Ethnicity", "Subject Age", "Subject Build", "Subject Height"].map(col);
    const origin: Record<string, string> = { "Call for Service": "dispatched", "Traffic Stop": "officer_initiated", "Pedestrian Stop": "officer_initiated", Arresting: "other", "Serving a Warrant": "pre_planned", Transport: "pre_planned", Other: "other", "": "unknown" };
    const groups = new Map<string, { year: string; dispatched: boolean; subjects: Set<string>; officers: Set<string> }>();
    const officerCols = ["Officer Race/Ethnicity", "Officer Gender", "Officer Age"].map(col);
    const origins = new Map<string, string[]>();
    const byAttributes = new Set<string>();
    const seen = new Set<string>();
    let shifted = 0;
    let duplicates = 0;
    for (const r of rows.slice(1)) {
      // Rows whose last columns are shifted carry text where Officer Injured's Yes/No belongs.
      if (!["Yes", "No"].includes(r[col("Officer Injured")])) {
        shifted++;
        continue;
      }
      // A row equal in every cell to an earlier one (the same officer's same force, listed twice) is dropped.
      const whole = JSON.stringify(r);
      if (seen.has(whole)) {
        duplicates++;
        continue;
      }
      seen.add(whole);
      const k = r[col("PIB File Number")];
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { year: r[col("Date Occurred")].slice(6, 10), dispatched: false, subjects: new Set(), officers: new Set() }));
      g.subjects.add(subjectCols.map((c) => r[c].trim()).filter(Boolean).join("/"));
      // An officer is told apart within the incident by race, sex and age (all blank: one shared officer).
      g.officers.add(officerCols.map((c) => r[c].trim()).filter(Boolean).join("/"));
      origins.set(k, [...(origins.get(k) ?? []), origin[r[col("Service Type")].trim()]]);
      // Matched on race ("W" is White), sex and age (0 and -1 mark no age).
      const race = r[col("Subject Ethnicity")].trim();
      const age = r[col("Subject Age")].trim();
      const attrs = [race === "W" ? "White" : race, r[col("Subject Gender")].trim(), age === "0" || age === "-1" ? "" : age];
      byAttributes.add(`${k}|${attrs.every((a) => a === "") ? "" : attrs.join("|")}`);
    }
    expect(shifted).toBe(3);
    expect(b.log).toMatch(new RegExp(`nopd-uof\\.csv: read 5,750 = used ${(5750 - 3 - duplicates).toLocaleString("en-US")} \\+ duplicates ${duplicates} \\+ rejected 3`));
    expect(b.importReport).toContain(`| nopd-uof.csv | 5,750 | ${(5750 - 3 - duplicates).toLocaleString("en-US")} | ${duplicates} | 3 | 0 |`);
    expect(duplicates).toBeGreaterThan(0);
    for (const [k, g] of groups) g.dispatched = origins.get(k)!.includes("dispatched");
    checkRules(b.importReport, origins);
    checkAgainst(b, tally(groups), ["FTN2016-0467", ...[...groups.keys()].slice(0, 20)]);
    // Subjects once per person: each officer's row repeats the subject, and rows are matched on the description.
    const subjects = [...groups.values()].reduce((n, g) => n + g.subjects.size, 0);
    expect(peopleRow(b.importReport, "subjects", "as mapped")).toBe(subjects);
    expect(peopleRow(b.importReport, "subjects", "one per row, duplicate rows dropped")).toBe(5750 - 3 - duplicates);
    expect(peopleRow(b.importReport, "subjects", "one per row, duplicate rows kept")).toBe(5750 - 3);
    expect(peopleRow(b.importReport, "subjects", "matched within each incident on subjects.race_ethnicity, subjects.sex, subjects.age")).toBe(byAttributes.size);
    expect(subjects).toBeLessThan(5750 - 3 - duplicates);
    expect(b.importReport).toMatch(/nopd-uof\.csv:1534, column 33 "Officer Injured": expected one of the labels listed/);
  });

  it("South Bend: local-midnight UTC dates land on the local day, contradictory flags are counted, counts match", () => {
    const b = build("south-bend");
    expect(b.log).toMatch(/south-bend-uof\.csv: read 203 = used 203 \+ rejected 0/);
    const rows = rawRows("south-bend-uof.csv");
    const h = rows[0].map((x) => x.replace(/^\uFEFF/, ""));
    const col = (c: string) => h.indexOf(c);
    const groups = new Map<string, { year: string; dispatched: boolean; subjects: Set<string> }>();
    const origins = new Map<string, string[]>();
    let both = 0;
    for (const r of rows.slice(1)) {
      // "2017/02/19 05:00:00+00" is midnight in South Bend (UTC-5, or UTC-4 in summer): the local day is the written day.
      const yes = (c: string) => r[col(c)].trim() === "Yes";
      if (yes("Call_Dispatched_via_911") && yes("Call_was_Self_Initiated")) both++;
      const dispatched = yes("Call_Dispatched_via_911") && !yes("Call_was_Self_Initiated");
      groups.set(r[col("OBJECTID")], { year: r[col("Date")].slice(0, 4), dispatched, subjects: new Set(["one"]) });
      const k = r[col("OBJECTID")];
      origins.set(k, [...(origins.get(k) ?? []), dispatched ? "dispatched" : yes("Call_was_Self_Initiated") && !yes("Call_Dispatched_via_911") ? "officer_initiated" : "unknown"]);
    }
    // One row per incident: every rule gives the same dispatched share.
    expect(origins.size).toBe(rows.length - 1);
    const rules = checkRules(b.importReport, origins);
    expect(new Set(Object.values(rules)).size).toBe(1);
    checkAgainst(b, tally(groups), commonValues(rows, col("Blocked_Location_of_Incident")));
    expect(peopleRow(b.importReport, "subjects", "as mapped")).toBe(groups.size);
    expect(peopleRow(b.importReport, "subjects", "matched within")).toBeNull();
    expect(b.importReport).toMatch(/\| south-bend-uof\.csv \| 203 \| 203 \| 0 \| 0 \| 0 \|/);
    // The first row: 2017/02/19 05:00:00+00 -> 19 February 2017, not the 18th (in the imported
    // records: the published dates are as coarse as disclosure control makes them).
    const imported = readCsv(path.join(b.imported, "incidents.csv"));
    expect(imported.some((r) => r.date === "2017-02-19")).toBe(true);
    expect(b.importReport).toContain(`Call_Dispatched_via_911 + Call_was_Self_Initiated all yes in ${both} row(s); rule "unknown" applied.`);
    // Injured (severity not recorded) counts as injured: the yearly totals match the raw Yes answers.
    const injuredRaw: Record<string, number> = {};
    for (const r of rows.slice(1)) if (r[col("Force_Caused_Injury")].trim() === "Yes") injuredRaw[r[col("Date")].slice(0, 4)] = (injuredRaw[r[col("Date")].slice(0, 4)] ?? 0) + 1;
    const agg = JSON.parse(fs.readFileSync(path.join(b.out, "site", "aggregates.json"), "utf8"));
    const totals = agg.tables["injury-totals"].rows as { year: number; subjects_injured: number | null }[];
    const shown = totals.filter((t) => t.subjects_injured !== null);
    expect(shown.length).toBeGreaterThan(0);
    for (const t of shown) expect(t.subjects_injured, String(t.year)).toBe(injuredRaw[String(t.year)] ?? 0);
    // The export stops in April 2020: 2020 is a part year, named and not compared with 2019.
    expect(agg.meta.part_years.find((p: { year: number }) => p.year === 2020)?.through).toBe("2020-04");
    expect(agg.headline.incidents_change_pct).toBeNull();
    const home = fs.readFileSync(path.join(b.dist, "index.html"), "utf8");
    expect(home).toContain("2020 at a glance (January to April only)");
    // The export has no demographics: the site says they are not reported, not that everyone is unknown.
    expect(fs.readFileSync(path.join(b.dist, "explore", "index.html"), "utf8")).toMatch(/[Nn]ot reported by this department/);
  });

  it("Bloomington: 17 quarterly workbooks reconcile by configuration alone, the one text date filtered and exact duplicate rows dropped, and the counts match the workbooks", () => {
    const dir = path.join(DATASETS, "bloomington-xlsx");
    const b = build("bloomington", [], dir);
    /** A workbook's first sheet as rows of raw cell values (numbers stay numbers: dates are serials). */
    const sheetRows = (f: string) => {
      const wb = XLSX.read(fs.readFileSync(path.join(dir, f)));
      return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: true, defval: "", blankrows: false });
    };
    const names = fs.readdirSync(dir).filter((f) => f.endsWith(".xlsx")).sort();
    expect(names.length).toBe(18);
    // The 2017 first-quarter workbook repeats 2016's first quarter row for row: the example leaves it out.
    expect(JSON.stringify(sheetRows("2017-first-quarter-use-of-force.xlsx"))).toBe(JSON.stringify(sheetRows("2016-first-quarter-use-of-force.xlsx")));
    const groups = new Map<string, { year: string; dispatched: boolean; subjects: Set<string> }>();
    let textDates = 0;
    // Rows equal in every cell to an earlier row are dropped and counted (the 2018 fourth quarter
    // repeats September's rows of the third quarter; three rows repeat the row above them).
    const seenRows = new Set<string>();
    let duplicateRows = 0;
    // In the order the mapping reads them, which decides which of two equal rows is the duplicate.
    const mapped = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "bloomington", "mapping.json"), "utf8")).sources.flatMap((s: { file?: string; files?: (string | { file: string })[] }) => (s.files ?? [s.file!]).map((x) => (typeof x === "string" ? x : x.file)));
    expect([...mapped].sort()).toEqual(names.filter((n) => n !== "2017-first-quarter-use-of-force.xlsx"));
    for (const f of mapped as string[]) {
      const rows = sheetRows(f);
      const h = (rows[0] as string[]).map((x) => String(x).trim());
      const [event, date, how] = ["Event", "Date", "How Received"].map((c) => h.indexOf(c));
      const data = rows.slice(1).filter((r) => r.some((c) => String(c).trim() !== ""));
      let rejected = 0;
      let duplicates = 0;
      data.forEach((r, k) => {
        // A date typed as text instead of a date cell is the row the mapping's filter leaves out.
        if (typeof r[date] !== "number") {
          rejected++;
          return;
        }
        const print = JSON.stringify(r.map((c) => String(c).trim()));
        if (seenRows.has(print)) {
          duplicates++;
          return;
        }
        seenRows.add(print);
        const key = String(r[event]).trim();
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { year: String(XLSX.SSF.parse_date_code(r[date] as number).y), dispatched: ["911", "911 LINE", "911 CALL", "TELEPHONE"].includes(String(r[how]).trim().toUpperCase()), subjects: new Set() }));
        g.subjects.add(`${f} ${k}`);
      });
      textDates += rejected;
      duplicateRows += duplicates;
      const sheet = f.startsWith("2020-second") ? "UOF by Event" : "Sheet1";
      expect(b.log).toContain(`${f} (sheet "${sheet}"): read ${data.length} = used ${data.length - rejected - duplicates}${rejected ? ` + filtered ${rejected}` : ""}${duplicates ? ` + duplicates ${duplicates}` : ""} + rejected 0`);
    }
    expect(textDates).toBe(1);
    expect(duplicateRows).toBe(19);
    const want = tally(groups);
    // Event numbers are keys only: none is published.
    checkAgainst(b, want, [...groups.keys()].slice(0, 40));
    // The filter's row is counted under its value, with the mapping's reason.
    expect(b.importReport).toMatch(/1012\/16/);
    expect(b.importReport).not.toMatch(/## Rejected rows \([1-9]/);
    // January to March 2017 are not in the records (config.json not_covered): 2017 is a part year,
    // never compared with 2016 or 2018.
    const agg = published(b).agg;
    expect(agg.meta.part_years).toContainEqual({ year: 2017, from: "2017-04", through: "2017-12", label: "April to December" });
    const report2018 = fs.readFileSync(path.join(b.dist, "reports", "2018", "index.html"), "utf8");
    expect(report2018).toContain("not compared: part year");
  });

  it("Northampton: six yearly workbooks (.xls and .xlsx) reconcile, each incident dated to its file's year", () => {
    const dir = path.join(DATASETS, "northampton-excel");
    // No --allow-rejected: every row is used (continuation rows join the event above them).
    const b = build("northampton", [], dir);
    const groups = new Map<string, { year: string; dispatched: boolean; subjects: Set<string> }>();
    for (const f of fs.readdirSync(dir).filter((n) => n.includes("-uof-")).sort()) {
      const wb = XLSX.read(fs.readFileSync(path.join(dir, f)));
      // The data is on the first sheet; the others are empty.
      expect(wb.SheetNames.slice(1).every((s) => !wb.Sheets[s]["!ref"] || XLSX.utils.sheet_to_json(wb.Sheets[s], { header: 1, blankrows: false }).length === 0)).toBe(true);
      const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: true, defval: "", blankrows: false });
      // Row 1 is the title ("2014 Use of Force Data"), row 2 the header.
      const year = String(rows[0][0]).slice(0, 4);
      expect(f).toContain(year);
      // Rows holding only spaces are empty rows.
      const data = rows.slice(2).filter((r) => r.some((c) => String(c).trim() !== ""));
      // Rows with no event number only continue the force list of the row above: part of that event.
      const events = data.filter((r) => String(r[0]).trim() !== "");
      for (const r of events) groups.set(`${year} ${r[0]}`, { year, dispatched: false, subjects: new Set(["one"]) });
      const continued = data.length - events.length;
      expect(b.log).toContain(`${f} (sheet "Sheet1"): read ${data.length} = used ${data.length} + rejected 0`);
      if (continued > 0) expect(b.log).toContain(`${f}: ${continued} continuation row(s) (no incident key) read as part of the incident above them`);
      else expect(b.log).not.toContain(`${f}: 0 continuation`);
      expect(b.log).toContain(`${f}: ${events.length} incident(s) with a date known only to the year.`);
    }
    const want = tally(groups);
    checkAgainst(b, want, ["northampton-uof-2014.xls / 1", "northampton-uof-2019-incident-level.xlsx / 1"]);
    // The officer-involved-shooting workbook is not part of the example.
    expect(b.log).not.toContain("northampton-ois");
  });

  it("Austin 2009-2017: nine yearly files with drifting headers through one mapping; incidents, subjects and dispatched share per year match the raw files", () => {
    const b = build("austin-2009-2017");
    const norm = (h: string) => h.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
    const groups = new Map<string, { year: string; dispatched: boolean; subjects: Set<string>; officers: Set<string> }>();
    const rows = reportRows(b.importReport);
    const unmapped = labelsPerFile(b.importReport);
    let locations: string[] = [];
    for (const y of AUSTIN_YEARS) {
      const raw = rawRows(austinFile(y));
      const h = raw[0].map(norm);
      const [key, date, subject, contact, level, rin] = ["primarykey", "dateoccurred", "mastersubjectid", "natureofcontact", "r2rlevel", "rin"].map((c) => h.indexOf(c));
      expect(Math.min(key, date, subject, contact, level), `columns of ${y}`).toBeGreaterThanOrEqual(0);
      const data = raw.slice(1).filter((r) => !(r.length === 1 && r[0].trim() === ""));
      for (const r of data) {
        let g = groups.get(r[key]);
        // The incident takes its first row's date.
        if (!g) groups.set(r[key], (g = { year: r[date].trim().slice(6, 10), dispatched: false, subjects: new Set(), officers: new Set() }));
        // A dispatched call wins (the mapping's priority): any officer dispatched makes a dispatched incident.
        if (r[contact].trim() === "DISPATCHED CALL") g.dispatched = true;
        g.subjects.add(r[subject].trim() || "(unidentified)");
        g.officers.add(r[rin].trim() || "(unidentified)");
      }
      // Every row of every year is read and used: read = used + filtered + rejected.
      const name = path.basename(austinFile(y));
      const got = rows.get(name)!;
      expect(got["rows read"], name).toBe(data.length);
      expect(got["rows read"], name).toBe(got.used + (got.filtered ?? 0) + got.rejected);
      expect(got.rejected, name).toBe(0);
      expect(b.log).toContain(`${name}: read ${data.length.toLocaleString("en-US")} = used ${data.length.toLocaleString("en-US")} + rejected 0`);
      // Labels not mapped per file: the R2R levels the data guide does not explain (not 1 to 4).
      const odd = new Set(data.map((r) => r[level].trim()).filter((v) => v !== "" && v !== "-" && !["1", "2", "3", "4"].includes(v)));
      expect(unmapped.get(name) ?? 0, `labels not mapped in ${name}`).toBe(odd.size);
      if (y === 2009) locations = commonValues(raw, h.indexOf("location"));
    }
    expect(Object.keys(tally(groups).incidents).sort()).toEqual(AUSTIN_YEARS.map(String));
    checkAgainst(b, tally(groups), locations);
    // The 2017 file alone gives the counts of the 2017 example.
    expect(tally(groups).incidents["2017"]).toBe(1775);
  });

  it("Lincoln: numeric codes through a code book that holds only what the data makes certain; contact origin not reported, never 0 and never a share", () => {
    const b = build("lincoln");
    const raw = rawRows("lincoln-uoc-2014-2016.csv");
    const h = raw[0];
    const col = (c: string) => h.indexOf(c);
    const data = raw.slice(1);
    const perYear: Record<string, number> = {};
    for (const r of data) perYear[r[col("date")].slice(0, 4)] = (perYear[r[col("date")].slice(0, 4)] ?? 0) + 1;
    // The year column agrees with the date in every row.
    expect(data.every((r) => r[col("date")].slice(0, 4) === r[col("year")])).toBe(true);
    const got = published(b);
    expect(got.incidents).toEqual(perYear);
    // One subject per row (incid is unique).
    expect(new Set(data.map((r) => r[col("incid")])).size).toBe(data.length);
    expect(got.subjects).toEqual(perYear);
    // One officer described per row.
    expect(got.officers).toEqual(perYear);
    expect(got.dispatched).toEqual({});
    const rows = reportRows(b.importReport).get("lincoln-uoc-2014-2016.csv")!;
    expect(rows["rows read"]).toBe(data.length);
    expect(rows["rows read"]).toBe(rows.used + (rows.filtered ?? 0) + rows.rejected);
    expect(rows.rejected).toBe(0);
    // No label is unmapped; every code of a column without a certain meaning is listed as not in the code book, with its count.
    expect(labelsPerFile(b.importReport).size).toBe(0);
    for (const c of ["susrace", "susgender", "susinjury", "ofcinjury", "resist", "typecontrol"]) {
      const counts = new Map<string, number>();
      for (const r of data) if (r[col(c)].trim() !== "" && r[col(c)].trim() !== ".") counts.set(r[col(c)].trim(), (counts.get(r[col(c)].trim()) ?? 0) + 1);
      const listed = b.importReport.split(`column "${c}" (lincoln-codebook.csv; read as blank):\n`)[1]?.split(/\n(?! {2}- )/)[0] ?? "";
      expect([...listed.matchAll(/ {2}- "([^"]+)": (\d+) row/g)].map((m) => [m[1], Number(m[2])]).sort(), c).toEqual([...counts].sort());
    }
    expect(b.importReport).toMatch(/- incidents\.contact_origin \(marked not reported in the mapping: The export does not say how the contact began/);
    // The site says contact origin and the rate are not reported: never 0, never a share.
    const agg = got.agg;
    expect(agg.meta.coverage["incidents.contact_origin"].status).toBe("not_reported");
    expect(agg.tables["rate-by-year"].status).toBe("not_reported");
    for (const y of agg.headline.years) {
      expect(y.dispatched_incidents).toBeNull();
      expect(y.force_per_1000_dispatched).toBeNull();
    }
    const home = fs.readFileSync(path.join(b.dist, "index.html"), "utf8");
    expect(home).toContain('Not reported by this department</span> how many of them were on dispatched calls');
    expect(home).toContain('Not reported by this department</span> force incidents per 1,000 dispatched calls');
    expect(home).not.toMatch(/<span class="value">0<\/span> of them on dispatched calls/);
    expect(home).not.toMatch(/\d+(\.\d+)?\s*%[^<]{0,40}dispatched/);
    // Only the 0/1 indicators are mapped: impairment and mental-health signs are reported, race and sex are not.
    for (const [f, status] of [["subjects.impaired", "reported"], ["subjects.mental_health_crisis", "reported"], ["subjects.race_ethnicity", "not_reported"], ["subjects.sex", "not_reported"], ["subjects.injury", "not_reported"]]) expect(agg.meta.coverage[f].status, f).toBe(status);
    for (const p of ["index.html", "data/index.html", "explore/index.html", "search/index.html"]) expect(fs.existsSync(path.join(b.dist, p)), p).toBe(true);
  });
});
