import { csvParse } from "d3-dsv";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { departmentConfig, policyFrontMatter } from "../../src/lib/schema/config.ts";
import { TABLES, TABLE_NAMES, type TableName } from "../../src/lib/schema/tables.ts";
import { POLICY_SECTION } from "../../src/lib/schema/vocab.ts";
import { csvRowCount, parseArgs, writeSampleFolder } from "../../scripts/sample/cli.ts";
import { defaultSampleOptions, generateSample, type SampleFiles } from "../../scripts/sample/generate.ts";
import { Rng, weightedTable } from "../../scripts/sample/random.ts";
import { validateBoundaries } from "../../scripts/pipeline/boundaries.ts";
import type { Problem } from "../../scripts/pipeline/problems.ts";
import { ringArea2 } from "../../src/lib/schema/boundaries.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Whether a point is inside a ring (even-odd rule). */
function pointIn(p: number[], ring: number[][]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** The convex hull of points, counter-clockwise and closed (monotone chain). */
function convexHull(points: number[][]): number[][] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: number[], a: number[], b: number[]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: number[][]) => {
    const h: number[][] = [];
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2], h[h.length - 1], p) <= 0) h.pop();
      h.push(p);
    }
    return h.slice(0, -1);
  };
  const hull = [...half(pts), ...half([...pts].reverse())];
  return [...hull, hull[0]];
}

type Row = Record<string, string>;

function rowsOf(files: SampleFiles, table: TableName): Row[] {
  const out: Row[] = [];
  for (const [p, text] of files) if (p.startsWith(`${table}/`) && p.endsWith(".csv")) out.push(...(csvParse(text) as unknown as Row[]));
  return out;
}

/** Splits a policy file into its front matter (as key -> raw string) and body. */
function splitPolicy(text: string): { front: Record<string, string>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error("no front matter");
  const front: Record<string, string> = {};
  for (const line of m[1].split("\n")) {
    const i = line.indexOf(": ");
    front[line.slice(0, i)] = line.slice(i + 2);
  }
  return { front, body: m[2] };
}

let files: SampleFiles;
let data: Record<TableName, Row[]>;

beforeAll(() => {
  files = generateSample(defaultSampleOptions);
  data = Object.fromEntries(TABLE_NAMES.map((t) => [t, rowsOf(files, t)])) as Record<TableName, Row[]>;
});

describe("Rng", () => {
  it("new Rng(seed) repeats its sequence and fork(label) gives an independent one", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Rng(42).fork("x").next()).not.toBe(new Rng(42).fork("y").next());
    expect(new Rng(43).next()).not.toBe(new Rng(42).next());
  });

  it("weighted(table) draws in proportion to weights and never draws a zero weight", () => {
    const rng = new Rng(7);
    const t = weightedTable([["a", 1], ["b", 3], ["never", 0]] as const);
    const n = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 20_000; i++) n[rng.weighted(t)]++;
    expect(n.never).toBe(0);
    expect(n.b / n.a).toBeGreaterThan(2.6);
    expect(n.b / n.a).toBeLessThan(3.4);
  });

  it("the sample sources never use Math.random", () => {
    for (const f of fs.readdirSync(path.join(ROOT, "scripts/sample"))) {
      expect(fs.readFileSync(path.join(ROOT, "scripts/sample", f), "utf8"), f).not.toMatch(/Math\.random/);
    }
  });
});

describe("generateSample(options)", () => {
  it("gives the same bytes for the same seed", () => {
    const again = generateSample(defaultSampleOptions);
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [p, text] of files) expect(again.get(p) === text, p).toBe(true);
  });

  it("gives different data for a different seed", () => {
    const other = generateSample({ ...defaultSampleOptions, seed: defaultSampleOptions.seed + 1 });
    expect(other.get("incidents/2019.csv")).not.toBe(files.get("incidents/2019.csv"));
    expect(other.get("calls_for_service/2019.csv")).not.toBe(files.get("calls_for_service/2019.csv"));
  });

  it("lays the folder out as the pipeline reads it", () => {
    const years = [2019, 2020, 2021, 2022, 2023, 2024];
    const expected = ["config.json", "training/training.csv", "population/population.csv"];
    for (const t of ["incidents", "subjects", "officers", "force_uses", "calls_for_service", "complaints", "arrests"]) {
      for (const y of years) expected.push(`${t}/${y}.csv`);
    }
    for (const p of expected) expect(files.has(p), p).toBe(true);
    const policies = [...files.keys()].filter((p) => p.startsWith("policy/"));
    expect(policies.length).toBe(7);
    expect(files.has("boundaries/districts.geojson")).toBe(true);
    for (const p of files.keys()) expect(p).toMatch(/^(config\.json|policy\/[a-z-]+\.md|[a-z_]+\/[a-z0-9_]+\.csv|boundaries\/districts\.geojson)$/);
  });

  it("writes UTF-8 text with LF line endings and a final newline", () => {
    for (const [p, text] of files) {
      expect(text.includes("\r"), p).toBe(false);
      expect(text.endsWith("\n"), p).toBe(true);
    }
  });

  it("writes every CSV with the schema's columns in schema order", () => {
    for (const [p, text] of files) {
      if (!p.endsWith(".csv")) continue;
      const table = p.slice(0, p.indexOf("/")) as TableName;
      expect(text.slice(0, text.indexOf("\n")), p).toBe(Object.keys(TABLES[table].schema.shape).join(","));
    }
  });

  it("writes rows that every table schema accepts", () => {
    for (const t of TABLE_NAMES) {
      expect(data[t].length, t).toBeGreaterThan(0);
      for (const [i, row] of data[t].entries()) {
        const r = TABLES[t].schema.safeParse(row);
        if (!r.success) throw new Error(`${t} row ${i + 2}: ${JSON.stringify(r.error.issues)} in ${JSON.stringify(row)}`);
      }
    }
  });

  it("writes a config.json that departmentConfig accepts, marked synthetic, listing every district used", () => {
    const config = departmentConfig.parse(JSON.parse(files.get("config.json")!));
    expect(files.get("config.json")).toBe(JSON.stringify(JSON.parse(files.get("config.json")!), null, 2) + "\n");
    expect(config.synthetic).toBe(true);
    expect(config.name).toMatch(/synthetic sample/);
    expect(config.districts.length).toBeGreaterThanOrEqual(8);
    expect(config.version).toBe("2024.1");
    expect(config.released).toBe("2025-03-01");
    const codes = new Set(config.districts.map((d) => d.code));
    for (const t of ["incidents", "calls_for_service", "arrests"] as const) {
      for (const r of data[t]) expect(codes.has(r.district), `${t} ${r.district}`).toBe(true);
    }
    for (const code of codes) expect(data.incidents.some((r) => r.district === code)).toBe(true);
  });

  it("writes every policy section with sample front matter, the sample notice and 150-400 words", () => {
    const sections = new Set<string>();
    for (const [p, text] of files) {
      if (!p.startsWith("policy/")) continue;
      const { front, body } = splitPolicy(text);
      expect(Object.keys(front).slice(0, 3), p).toEqual(["title", "section", "effective"]);
      const fm = policyFrontMatter.parse({ ...front, sample: front.sample === "true" ? true : front.sample });
      expect(fm.sample, p).toBe(true);
      sections.add(fm.section);
      expect(body.split("\n")[0], p).toBe(
        "> Sample text: this is a fictional policy written for the kit's synthetic sample department. It is not any real department's policy.",
      );
      const words = body.split(/\s+/).filter(Boolean).length;
      expect(words, p).toBeGreaterThanOrEqual(150);
      expect(words, p).toBeLessThanOrEqual(400);
      expect(body, p).not.toMatch(/\d{3}[-.\s]\d{3}[-.\s]\d{4}/);
    }
    const expected = Object.keys(POLICY_SECTION).filter((s) => s !== "other");
    expect([...sections].sort()).toEqual(expected.sort());
    const { front } = splitPolicy(files.get("policy/de-escalation.md")!);
    expect(front.effective).toBe("2022-01-01");
    expect(front.previous_effective).toBe("2019-01-01");
    expect(front.change_summary.length).toBeGreaterThan(20);
  });

  it("keeps referential integrity between incidents, subjects, officers and force uses", () => {
    const incidents = new Set(data.incidents.map((r) => r.incident_id));
    const subjects = new Set(data.subjects.map((r) => r.subject_id));
    const officers = new Set(data.officers.map((r) => r.officer_id));
    expect(incidents.size).toBe(data.incidents.length);
    expect(subjects.size).toBe(data.subjects.length);
    expect(officers.size).toBe(data.officers.length);
    for (const r of data.subjects) expect(incidents.has(r.incident_id), r.subject_id).toBe(true);
    for (const r of data.officers) expect(incidents.has(r.incident_id), r.officer_id).toBe(true);
    for (const r of data.force_uses) {
      expect(incidents.has(r.incident_id)).toBe(true);
      // A firearm discharged at an animal, or unintentionally, was used on no one.
      const onNoOne = r.force_type === "firearm_discharge_animal" || r.force_type === "firearm_discharge_unintentional";
      expect(r.subject_id === "", `${r.incident_id} ${r.force_type}`).toBe(onNoOne);
      if (onNoOne) continue;
      expect(subjects.has(r.subject_id), r.subject_id).toBe(true);
      expect(r.subject_id.startsWith(r.incident_id)).toBe(true);
      if (r.officer_id) {
        expect(officers.has(r.officer_id), r.officer_id).toBe(true);
        expect(r.officer_id.startsWith(r.incident_id)).toBe(true);
      }
    }
    for (const r of data.complaints) if (r.incident_id) expect(incidents.has(r.incident_id), r.complaint_id).toBe(true);
    // Every incident has a subject and a force use; officers_count matches the officers table.
    const withSubject = new Set(data.subjects.map((r) => r.incident_id));
    const withForce = new Set(data.force_uses.map((r) => r.incident_id));
    const officerCounts = new Map<string, number>();
    for (const r of data.officers) officerCounts.set(r.incident_id, (officerCounts.get(r.incident_id) ?? 0) + 1);
    for (const r of data.incidents) {
      expect(withSubject.has(r.incident_id)).toBe(true);
      expect(withForce.has(r.incident_id)).toBe(true);
      expect(Number(r.officers_count)).toBe(officerCounts.get(r.incident_id));
    }
  });

  it("has the gravest outcomes in several years: deaths, and firearm discharges of each kind, each told in the summary", () => {
    const yearsWith = (rows: Row[], test: (r: Row) => boolean, idKey: string) => new Set(rows.filter(test).map((r) => r[idKey].slice(4, 8)));
    for (const kind of ["firearm_discharge", "firearm_discharge_animal", "firearm_discharge_unintentional"]) {
      expect(yearsWith(data.force_uses, (r) => r.force_type === kind, "incident_id").size, kind).toBeGreaterThanOrEqual(3);
    }
    expect(yearsWith(data.subjects, (r) => r.injury === "death", "incident_id").size).toBeGreaterThanOrEqual(3);
    // The finer types are there too, beside the ones they split from.
    const types = new Set(data.force_uses.map((r) => r.force_type));
    for (const t of ["firearm_pointed", "weapon_pointed", "hold_grab_push", "escort", "takedown"]) expect(types, t).toContain(t);
    const summaries = new Map(data.incidents.map((r) => [r.incident_id, r.summary]));
    for (const r of data.force_uses.filter((u) => u.force_type === "firearm_discharge_animal")) {
      const text = summaries.get(r.incident_id)!;
      if (text) expect(text).toContain("fired at a dog");
    }
  });

  it("writes identifiers in the department's formats and never a name or date of birth", () => {
    for (const r of data.incidents) {
      expect(r.incident_id).toMatch(/^RPD-\d{4}-\d{6}$/);
      expect(r.incident_id.slice(4, 8)).toBe(r.date.slice(0, 4));
      expect(r.case_number).toMatch(/^\d{2}-\d{7}$/);
      if (r.address) expect(r.address).toMatch(/^\d+00 block of [A-Z][a-z]+ [A-Z][a-z]+$/);
    }
    for (const r of data.subjects) {
      expect(r.subject_id).toMatch(/^RPD-\d{4}-\d{6}-S\d$/);
      expect(r.name).toBe("");
      expect(r.date_of_birth).toBe("");
    }
    for (const r of data.officers) {
      expect(r.officer_id).toMatch(/^RPD-\d{4}-\d{6}-O\d$/);
      expect(r.badge_number).toMatch(/^B\d{4}$/);
      expect(r.name).toBe("");
    }
    for (const r of data.complaints) {
      expect(r.complaint_id).toMatch(/^CMP-\d{4}-\d{4}$/);
      expect(r.complainant_name).toBe("");
    }
    expect(new Set(data.incidents.map((r) => r.case_number)).size).toBe(data.incidents.length);
  });

  it("writes made-up district boundaries, marked as sample data, that the pipeline accepts: one polygon per district, tiling the city", () => {
    const text = files.get("boundaries/districts.geojson")!;
    const config = departmentConfig.parse(JSON.parse(files.get("config.json")!));
    const fc = JSON.parse(text);
    expect(fc.description).toMatch(/^SYNTHETIC SAMPLE DATA: made-up district outlines/);
    const problems: Problem[] = [];
    const b = validateBoundaries({ path: "boundaries/districts.geojson", text }, config, problems);
    expect(problems).toEqual([]);
    expect(b!.districts.map((d) => d.code)).toEqual(config.districts.map((d) => d.code));
    const rings = fc.features.map((f: { geometry: { type: string; coordinates: number[][][] } }) => {
      expect(f.geometry.type).toBe("Polygon");
      return f.geometry.coordinates[0];
    });
    // No gaps: the districts' areas add up to the area of the city's outline (convex, the hull of every corner).
    const areas = rings.map((r: number[][]) => ringArea2(r) / 2);
    const city = ringArea2(convexHull(rings.flat())) / 2;
    expect(areas.every((a: number) => a > 0)).toBe(true);
    expect(Math.abs(areas.reduce((t: number, a: number) => t + a, 0) - city) / city).toBeLessThan(1e-4);
    // Plausible sizes: none tiny, none most of the city.
    for (const a of areas) {
      expect(a / city).toBeGreaterThan(0.03);
      expect(a / city).toBeLessThan(0.4);
    }
    // No overlaps: no point of a fine grid over the city lies in two districts.
    const [xs, ys] = [rings.flat().map((p: number[]) => p[0]), rings.flat().map((p: number[]) => p[1])];
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    let covered = 0;
    for (let i = 0; i < 80; i++) for (let j = 0; j < 80; j++) {
      const p = [x0 + ((x1 - x0) * (i + 0.5)) / 80, y0 + ((y1 - y0) * (j + 0.5)) / 80];
      const n = rings.filter((r: number[][]) => pointIn(p, r)).length;
      expect(n, `${p}`).toBeLessThan(2);
      covered += n;
    }
    expect(covered).toBeGreaterThan(80 * 80 * 0.6);
    // The sample's own incident coordinates (never published) lie in the city, most in their own district.
    const located = data.incidents.filter((r) => r.latitude);
    const own = located.filter((r) => {
      const p = [Number(r.longitude), Number(r.latitude)];
      const at = fc.features.findIndex((f: { geometry: { coordinates: number[][][] } }) => pointIn(p, f.geometry.coordinates[0]));
      expect(at, r.incident_id).toBeGreaterThanOrEqual(0);
      return fc.features[at].properties.code === r.district;
    });
    expect(own.length / located.length).toBeGreaterThan(0.75);
  });

  it("covers at least six years, eight districts and a few thousand incidents", () => {
    const years = new Set(data.incidents.map((r) => r.date.slice(0, 4)));
    expect(years.size).toBeGreaterThanOrEqual(6);
    expect(new Set(data.incidents.map((r) => r.district)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(data.calls_for_service.map((r) => r.district)).size).toBeGreaterThanOrEqual(8);
    expect(data.incidents.length).toBeGreaterThan(2000);
    expect(data.incidents.length).toBeLessThan(6000);
  });

  it("counts dispatched calls in the hundreds of thousands, for every month, call type and district", () => {
    const total = data.calls_for_service.reduce((s, r) => s + Number(r.calls_dispatched), 0);
    expect(total).toBeGreaterThan(100_000);
    expect(total).toBeLessThan(1_000_000);
    const cells = new Set(data.calls_for_service.map((r) => `${r.period}|${r.call_type}|${r.district}`));
    expect(cells.size).toBe(data.calls_for_service.length);
    expect(cells.size).toBe(6 * 12 * 8 * new Set(data.calls_for_service.map((r) => r.call_type)).size);
  });

  it("writes summaries without phone numbers, addresses, badge or case numbers", () => {
    const phone = /(?<!\d)(?:\(\d{3}\)\s?|\d{3}[-.\s])\d{3}[-.\s]\d{4}(?!\d)/;
    const street = /\d+ [A-Z][a-z]+ (St|Ave|Rd)/;
    const streetWords = /\b\d{1,6}\s+(?:\S+\s+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|parkway|pkwy|highway|hwy|terrace|circle|way|place|pl)\b/i;
    const known = new Set([...data.incidents.map((r) => r.case_number), ...data.officers.map((r) => r.badge_number)]);
    let written = 0;
    for (const r of data.incidents) {
      const s = r.summary;
      if (!s) continue;
      written++;
      expect(s, r.incident_id).not.toMatch(phone);
      expect(s, r.incident_id).not.toMatch(street);
      expect(s, r.incident_id).not.toMatch(streetWords);
      expect(s, r.incident_id).not.toMatch(/block of|badge|\bB\d{3,}|\d{2}-\d{5,}/i);
      // The only digits are officer numbers ("Officer 1"), district ordinals ("3rd") and "911".
      expect(s.replace(/Officer \d\b|\b\d+(st|nd|rd|th)\b|\b911\b/g, ""), r.incident_id).not.toMatch(/\d/);
      expect(s.split(/[\s,.;]+/).filter((t) => known.has(t)), r.incident_id).toEqual([]);
    }
    expect(written / data.incidents.length).toBeGreaterThan(0.9);
    expect(written / data.incidents.length).toBeLessThan(1);
  });

  it("makes summaries searchable: they vary with call type, force used and crisis response", () => {
    const all = data.incidents.map((r) => r.summary);
    expect(new Set(all).size).toBeGreaterThan(all.length * 0.9);
    expect(all.some((s) => /co-responder/.test(s))).toBe(true);
    expect(all.some((s) => /Taser/.test(s))).toBe(true);
    expect(all.some((s) => /domestic/.test(s))).toBe(true);
    expect(all.some((s) => /evaluated by EMS/.test(s))).toBe(true);
  });

  it("reflects the 2022 de-escalation policy: more de-escalation, more co-responders, fewer incidents per call", () => {
    const before = data.incidents.filter((r) => r.date < "2022");
    const after = data.incidents.filter((r) => r.date >= "2022");
    const share = (rows: Row[], f: (r: Row) => boolean) => rows.filter(f).length / rows.length;
    expect(share(after, (r) => r.deescalation_attempted === "yes")).toBeGreaterThan(share(before, (r) => r.deescalation_attempted === "yes") + 0.15);
    const mh = (rows: Row[]) => rows.filter((r) => r.call_type === "mental_health_crisis");
    expect(share(mh(after), (r) => r.coresponder_present === "yes")).toBeGreaterThan(share(mh(before), (r) => r.coresponder_present === "yes") + 0.15);
    const calls = (pred: (p: string) => boolean) =>
      data.calls_for_service.filter((r) => pred(r.period)).reduce((s, r) => s + Number(r.calls_dispatched), 0);
    const dispatched = (rows: Row[]) => rows.filter((r) => r.contact_origin === "dispatched").length;
    const rateBefore = dispatched(before) / calls((p) => p < "2022");
    const rateAfter = dispatched(after) / calls((p) => p >= "2022");
    expect(rateAfter).toBeLessThan(rateBefore * 0.95);
  });

  it("leaves reviews and complaints pending only near the end of the data", () => {
    const pending = data.incidents.filter((r) => r.review_finding === "pending");
    // Long internal-affairs reviews may still be open from the year before the last.
    for (const r of pending) expect(r.date >= "2023-01-01", r.incident_id).toBe(true);
    expect(pending.filter((r) => r.date >= "2024").length).toBeGreaterThan(pending.length / 2);
    for (const r of data.incidents) {
      if (r.discipline && r.discipline !== "none") expect(["out_of_policy", "within_policy_training_issue"]).toContain(r.review_finding);
    }
    expect(data.incidents.some((r) => r.review_status === "in_progress")).toBe(true);
    for (const r of data.complaints) {
      if (r.finding === "pending") expect(r.closed_date).toBe("");
      else expect(r.closed_date > r.received_date, r.complaint_id).toBe(true);
    }
    expect(data.complaints.some((r) => r.finding === "pending")).toBe(true);
  });

  it("writes population rows whose groups add up to the whole jurisdiction", () => {
    for (const y of new Set(data.population.map((r) => r.year))) {
      const rows = data.population.filter((r) => r.year === y);
      const total = rows.find((r) => !r.race_ethnicity && !r.district)!;
      const sum = rows.filter((r) => r.race_ethnicity).reduce((s, r) => s + Number(r.population), 0);
      expect(sum).toBe(Number(total.population));
    }
  });
});

describe("sample cli", () => {
  it("parseArgs(argv) reads flags and rejects unknown ones", () => {
    expect(parseArgs(["--out", "x", "--seed", "5", "--incidents-per-year=10"])).toMatchObject({
      out: "x",
      options: { seed: 5, incidentsPerYear: 10, years: 6 },
    });
    expect(() => parseArgs(["--bogus", "1"])).toThrow(/unknown option/);
    expect(() => parseArgs(["--seed", "abc"])).toThrow(/whole number/);
  });

  it("writeSampleFolder(out, files) replaces stale CSVs and keeps the folder's other files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sample-"));
    const out = path.join(dir, "data");
    fs.mkdirSync(path.join(out, "incidents"), { recursive: true });
    fs.writeFileSync(path.join(out, "incidents", "1999.csv"), "stale\n");
    fs.writeFileSync(path.join(out, "incidents", "README.md"), "kept\n");
    fs.writeFileSync(path.join(out, "mapping.json"), "{}\n");
    const small = generateSample({ seed: 1, firstYear: 2023, years: 1, incidentsPerYear: 20, districts: 2 });
    writeSampleFolder(out, small);
    expect(fs.existsSync(path.join(out, "incidents", "1999.csv"))).toBe(false);
    expect(fs.readFileSync(path.join(out, "incidents", "README.md"), "utf8")).toBe("kept\n");
    expect(fs.readFileSync(path.join(out, "mapping.json"), "utf8")).toBe("{}\n");
    for (const [p, text] of small) expect(fs.readFileSync(path.join(out, p), "utf8")).toBe(text);
    expect(fs.readdirSync(dir)).toEqual(["data"]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the committed data/ folder is the default sample (run `npm run sample` after changing the generator)", () => {
    for (const [p, text] of files) {
      const file = path.join(ROOT, "data", p);
      expect(fs.existsSync(file), p).toBe(true);
      expect(fs.readFileSync(file, "utf8") === text, `data/${p} is stale`).toBe(true);
    }
    expect(csvRowCount(files.get("training/training.csv")!)).toBe(6);
  });
});
