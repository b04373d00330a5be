// The bundle's README.md, made from a release's metadata: the golden fixture's published
// aggregates, configuration and data package.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundleReadme, type BundleFile, type ReadmeInput } from "../../scripts/release/readme.ts";
import type { Aggregates } from "../../src/lib/aggregates.ts";
import { departmentConfig } from "../../src/lib/schema/config.ts";
import { FIXTURES } from "../helpers.ts";

const SMALL = path.join(FIXTURES, "small");
const meta = (JSON.parse(fs.readFileSync(path.join(SMALL, "expected/site/aggregates.json"), "utf8")) as Aggregates).meta;
const config = departmentConfig.parse(JSON.parse(fs.readFileSync(path.join(SMALL, "input/config.json"), "utf8")));
const pkg = JSON.parse(fs.readFileSync(path.join(SMALL, "expected/downloads/datapackage.json"), "utf8")) as {
  resources: { path: string; bytes: number; rows?: number; description?: string }[];
};
const files: BundleFile[] = [
  ...pkg.resources.map((r) => ({ path: r.path, bytes: r.bytes, rows: r.rows, description: r.description })),
  { path: "datapackage.json", bytes: 1234 },
  { path: "SHA256SUMS.txt", bytes: 900 },
];
const input = (over: Partial<ReadmeInput> = {}): ReadmeInput => ({ meta, config, files, url: "https://data.example.gov/data/", ...over });

describe("bundleReadme", () => {
  const text = bundleReadme(input());

  it("names the dataset, its version and release day, and marks synthetic sample data", () => {
    expect(text.split("\n")[0]).toBe(`# ${meta.department}: use of force on calls for police service`);
    expect(text).toContain(`Version ${meta.version}, released ${meta.released}.`);
    expect(meta.synthetic).toBe(true);
    expect(text).toMatch(/SYNTHETIC SAMPLE DATA: these are not real incidents/);
    expect(bundleReadme(input({ meta: { ...meta, synthetic: false } }))).not.toMatch(/synthetic/i);
  });

  it("lists every file once with its row count and size", () => {
    for (const f of files) {
      const lines = text.split("\n").filter((l) => l.startsWith(`- \`${f.path}\` (`));
      expect(lines, f.path).toHaveLength(1);
      if (f.rows !== undefined && f.rows !== null) expect(lines[0], f.path).toContain(`${f.rows.toLocaleString("en-US")} row`);
    }
    const incidents = pkg.resources.find((r) => r.path === "incidents.csv")!;
    expect(text).toContain(`- \`incidents.csv\` (${incidents.rows} rows, `);
  });

  it("states coverage, the part year and what the department does not report", () => {
    expect(text).toContain(`- The records cover ${meta.period.from} through ${meta.period.through}.`);
    expect(meta.part_years).toHaveLength(1);
    expect(text).toContain(`- ${meta.part_years[0].year} is a part year (${meta.part_years[0].label})`);
    for (const t of meta.not_reported) expect(text).toContain(`  - \`${t}\` (`);
    for (const f of meta.not_reported_fields) expect(text).toContain(`  - \`${f}\` (`);
  });

  it("says which protection was applied, from the release's own report", () => {
    const d = meta.disclosure!;
    expect(text).toContain(`k-anonymity with k = ${d.k}`);
    for (const f of d.fields) expect(text).toContain(`- ${f.label}: `);
    const generalised = d.fields.find((f) => f.treatment === "generalised")!;
    expect(text).toContain(`- ${generalised.label}: published at the level "${generalised.level}"; ${generalised.generalised.toLocaleString("en-US")} value`);
  });

  it("gives the licence, the citation with its version, the contact and how to check the files", () => {
    expect(text).toContain(`${meta.licence.name} (${meta.licence.id}): ${meta.licence.url}`);
    expect(text).toContain(`version ${meta.version}, released ${meta.released}. https://data.example.gov/data/`);
    expect(text).toMatch(/```bibtex\n@misc\{/);
    if (meta.contact.email) expect(text).toContain(`- E-mail: ${meta.contact.email}`);
    expect(text).toContain("sha256sum -c SHA256SUMS.txt");
  });

  it("is the same text for the same release", () => {
    expect(bundleReadme(input())).toBe(text);
  });

  it("keeps the department's words literal and on their own lines", () => {
    const hostile = bundleReadme(
      input({
        meta: { ...meta, department: "Evil PD\n# Injected heading\n```", jurisdiction: "Town\r\n- injected item" },
        config: { ...config, release_notes: "Corrected 2023.\n# Not a heading\n\nSecond paragraph.", next_update: "2026-03" },
      }),
    );
    const lines = hostile.split("\n");
    expect(lines.filter((l) => /^#+ (Injected|Not a heading)/.test(l))).toEqual([]);
    expect(lines[0]).toBe("# Evil PD # Injected heading ```: use of force on calls for police service");
    expect(lines.some((l) => l.startsWith("- injected"))).toBe(false);
    expect(hostile).toContain("Evil PD # Injected heading ```");
    expect(lines).toContain("> # Not a heading");
    expect(lines).toContain("> Corrected 2023.");
    expect(hostile).toContain("Next update expected: 2026-03.");
    // The BibTeX fence is longer than any run of backticks inside it.
    const fenceLine = lines.find((l) => /^`{3,}bibtex$/.test(l))!;
    expect(fenceLine.length - "bibtex".length).toBeGreaterThan(3);
  });
});
