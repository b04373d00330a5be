// The identifier scan measured on the labelled free-text corpus, and how a hit is shown, allowed
// and skipped: a masked match, the department's reviewed allow-list, every published free-text
// column, and summaries a department does not publish.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { corpusKnown, formatMeasurement, measure, readCorpus } from "../../scripts/bench/freetext.ts";
import { formatProblem, InputError } from "../../scripts/pipeline/problems.ts";
import { findIdentifier, findIdentifiers, indexIdentifiers, maskIdentifier, parseAllowList } from "../../scripts/pipeline/scan.ts";
import { copyFixture, readTree, run, setCell } from "../helpers.ts";

const none = indexIdentifiers([]);

describe("the identifier scan on the labelled corpus", () => {
  const lines = readCorpus();
  const m = measure(lines, (t) => findIdentifiers(t, corpusKnown()));

  it("holds at least 300 sentences, about half of them with identifiers of every kind", () => {
    expect(lines.length).toBeGreaterThanOrEqual(300);
    const planted = lines.filter((l) => l.identifiers.length > 0).length;
    expect(planted / lines.length).toBeGreaterThan(0.4);
    expect(planted / lines.length).toBeLessThan(0.6);
    expect(Object.keys(m.byKind).sort()).toEqual(["address", "coordinates", "dob", "email", "known", "name", "number", "phone", "plate", "ssn"]);
  });

  it("finds at least 95% of the planted identifiers (and prints its precision)", () => {
    for (const l of formatMeasurement(m)) console.log(l);
    for (const x of m.missed) console.log(`missed [${x.kind}] in: ${x.text}`);
    for (const f of m.falsePositives) console.log(`false positive: ${f.text}`);
    expect(m.identifiers.found / m.identifiers.total).toBeGreaterThanOrEqual(0.95);
  });
});

describe("ordinary words that are also names", () => {
  it.each([
    "The subject was white and wore a black jacket.",
    "The subject said he will comply.",
    "Officers were told the subject was a hunter; a rose bush was damaged.",
    "A young man in a long green coat and brown shoes ran toward a bush.",
    "At 2215 hours 3 officers arrived; at 14:30 a 34-year-old man was detained in 2023 under section 4.2.",
    "Officer 1 spoke with the officer. Officers then left.",
  ])("passes %j", (text) => {
    expect(findIdentifiers(text, none)).toEqual([]);
  });

  it("finds a name written in lower case after a title, and the export's own names in any case", () => {
    expect(findIdentifier("officer smith used a takedown.", none)?.kind).toBe("name");
    const known = indexIdentifiers(["Dana Pemberton"]);
    expect(findIdentifier("then pemberton held the arm.", known)?.kind).toBe("known");
  });
});

describe("masking", () => {
  it.each([
    ["555-123-4567", "555-***-**67"],
    ["jdoe@example.com", "j***@e***.com"],
    ["Smith", "Sm***"],
    ["#4471", "#4***"],
  ])("shows %j as %j", (match, masked) => {
    expect(maskIdentifier(match)).toBe(masked);
  });
});

describe("the scan in a run", () => {
  it("stops the build on a name or phone number in a raw label column, showing the match masked", () => {
    for (const [file, line, field, value] of [
      ["incidents/2022.csv", 3, "call_type_raw", "TRAFFIC STOP - CALLER 555-201-3344"],
      ["force_uses.csv", 2, "force_type_raw", "HANDCUFFING BY OFFICER SMITH"],
      ["force_uses.csv", 2, "agency_level", "L1 Sgt. Okafor"],
    ] as const) {
      const data = copyFixture("small");
      const f = path.join(data, file);
      setCell(f, line, field, value);
      const r = run(data, path.join(path.dirname(data), "generated"));
      expect(r.error, field).toBeInstanceOf(InputError);
      const p = (r.error as InputError).problems;
      expect(p).toHaveLength(1);
      expect(p[0]).toMatchObject({ file: f, line, field });
      const shown = [...r.log, fs.readFileSync(r.reportPath, "utf8"), formatProblem(p[0])].join("\n");
      for (const secret of ["201-3344", "SMITH", "Okafor"]) expect(shown).not.toContain(secret);
      expect(formatProblem(p[0])).toContain("privacy/allow-list.txt");
    }
  });

  it("does not flag a phrase of the reviewed allow-list in that exact form", () => {
    expect(parseAllowList("# reviewed\n\nOfficer Friendly\r\n  Main Street Mission  \n")).toEqual(["Officer Friendly", "Main Street Mission"]);
    const data = copyFixture("small");
    const f = path.join(data, "incidents/2022.csv");
    setCell(f, 3, "summary", "The subject was taken to the shelter run by Officer Friendly.");
    const out = path.join(path.dirname(data), "generated");
    expect(run(data, out).error).toBeInstanceOf(InputError);
    fs.mkdirSync(path.join(data, "privacy"));
    fs.writeFileSync(path.join(data, "privacy/allow-list.txt"), "# Reviewed: a program's name, no person.\nOfficer Friendly\n");
    expect(run(data, out).error).toBeNull();
    // Another form of the phrase is still flagged.
    setCell(f, 3, "summary", "The subject was taken to the shelter run by Officer Friendly and Officer Friendlyman.");
    expect(run(data, out).error).toBeInstanceOf(InputError);
  });

  it("reads the allow-list as the department's other files: one leading out of the folder is a problem", () => {
    const data = copyFixture("small");
    fs.mkdirSync(path.join(data, "privacy"));
    const outside = path.join(path.dirname(data), "elsewhere.txt");
    fs.writeFileSync(outside, "Officer Friendly\n");
    fs.symlinkSync(outside, path.join(data, "privacy/allow-list.txt"));
    const r = run(data, path.join(path.dirname(data), "generated"));
    expect(r.error).toBeInstanceOf(InputError);
    expect((r.error as InputError).problems.map((p) => p.file)).toContain(path.join(data, "privacy/allow-list.txt"));
  });

  it("with publish_summaries false, publishes no summary anywhere and does not scan them", () => {
    const data = copyFixture("small");
    const secret = "Zanzibarian caller at 555-201-3344 said so";
    setCell(path.join(data, "incidents/2022.csv"), 3, "summary", secret);
    const out = path.join(path.dirname(data), "generated");
    expect(run(data, out).error).toBeInstanceOf(InputError);
    const configPath = path.join(data, "config.json");
    fs.writeFileSync(configPath, JSON.stringify({ ...JSON.parse(fs.readFileSync(configPath, "utf8")), publish_summaries: false }));
    const r = run(data, out);
    expect(r.error).toBeNull();
    const summaries = fs.readFileSync(path.join(data, "incidents/2022.csv"), "utf8").split("\n").slice(1).map((l) => l.split(",").at(-1)!).filter((s) => s.length > 12);
    for (const [file, bytes] of readTree(out)) {
      const text = bytes.toString("utf8");
      expect(text, file).not.toContain("Zanzibarian");
      for (const s of summaries) expect(text, file).not.toContain(s);
    }
  });
});
