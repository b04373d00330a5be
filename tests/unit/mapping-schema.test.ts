import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { MAPPING_SCHEMA_FILE, mappingSchemaText } from "../../scripts/mapping-schema.ts";
import { MAPPABLE_FIELDS, mappingSchema } from "../../src/lib/schema/mapping.ts";

const valid = {
  $schema: "../src/lib/schema/mapping.schema.json",
  description: "A synthetic export, one row per officer's force report.",
  sources: [
    {
      file: "export.csv",
      grain: "officer",
      blank: ["-"],
      keys: { incident: ["Case  Number"], subject: { columns: ["Subject ID"] }, officer: "per_row" },
      drop: ["Street Address"],
      ignore: ["Weather"],
      fields: {
        "incidents.date": { column: "Date", format: "YYYY/MM/DD HH:mm:ssZ", utc: true },
        "incidents.time": { column: "Time", format: "Hmm", pad_left: 4 },
        "incidents.district": { column: "Sector" },
        "incidents.contact_origin": { flags: { Dispatched: "dispatched", "Self Initiated": "officer_initiated" }, boolean: "yes_no", when_several: "unknown" },
        "incidents.call_type": { column: "Call", values: { Domestic: "domestic_disturbance", Misc: null }, unmapped: "blank", note: "To decide: \"Unwanted\" (3)" },
        "subjects.race_ethnicity": { first_of: [{ column: "Ethnicity", values: { H: "hispanic_latino", N: null } }, { column: "Race", values: { W: "white" } }] },
        "force_uses.force_type": { columns: ["Weapon 1", "Weapon 2"], split: { delimiter: "/", match_known: true }, values: { Taser: "ced" } },
        "incidents.arrest_made": { column: "Arrested", boolean: { true: ["Yes"], false: ["No"], unknown: ["Unk"] }, combine: "any_yes" },
      },
    },
  ],
};

function issues(m: unknown): string[] {
  const r = mappingSchema.safeParse(m);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

function withSource(patch: Record<string, unknown>) {
  return { ...valid, sources: [{ ...valid.sources[0], ...patch }] };
}

describe("mapping JSON Schema", () => {
  it("the committed src/lib/schema/mapping.schema.json is up to date", () => {
    const committed = fs.existsSync(MAPPING_SCHEMA_FILE) ? fs.readFileSync(MAPPING_SCHEMA_FILE, "utf8") : "";
    expect(committed === mappingSchemaText(), "src/lib/schema/mapping.schema.json is out of date: run `npm run mapping:schema` and commit it").toBe(true);
  });

  it("is deterministic pretty JSON with a trailing newline, naming every mappable field", () => {
    const text = mappingSchemaText();
    expect(text).toBe(mappingSchemaText());
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n  "type": "object"');
    const schema = JSON.parse(text);
    expect(schema.title).toMatch(/mapping/);
    const fields = schema.properties.sources.items.properties.fields.properties;
    expect(Object.keys(fields).sort()).toEqual([...MAPPABLE_FIELDS].sort());
  });
});

describe("mappingSchema", () => {
  it("accepts a mapping using the options", () => {
    expect(issues(valid)).toEqual([]);
  });

  it("rejects a field spec with two sources of value, saying which options to choose from", () => {
    const bad = withSource({ fields: { "incidents.district": { column: "Sector", value: "N" } } });
    expect(issues(bad)).toEqual(["sources.0.fields.incidents.district: give exactly one of column, columns, flags, first_of, value or not_reported"]);
  });

  it("rejects a field that is not canonical and an option that does not exist", () => {
    expect(issues(withSource({ fields: { "incidents.officer_name": { column: "Name" } } })).join("\n")).toMatch(/officer_name/);
    expect(issues(withSource({ fields: { "incidents.date": { column: "Date", fromat: "MM/DD/YYYY" } } })).join("\n")).toMatch(/fromat/);
    // Identifiers are never mappable: they are dropped.
    expect(MAPPABLE_FIELDS).not.toContain("incidents.address");
    expect(issues(withSource({ fields: { "incidents.address": { column: "Street Address" } } }))).not.toEqual([]);
  });

  it("rejects a source with both file and files, or neither", () => {
    expect(issues(withSource({ files: ["a.csv"] }))).toEqual(["sources.0: give file or files (not both)"]);
    const { file: _f, ...noFile } = valid.sources[0];
    expect(issues({ ...valid, sources: [noFile] })).toEqual(["sources.0: give file or files (not both)"]);
  });

  it("rejects an unknown grain, empty keys, a bad pad_left and an unknown unmapped option", () => {
    expect(issues(withSource({ grain: "row" })).join("\n")).toMatch(/^sources\.0\.grain: /);
    expect(issues(withSource({ keys: { incident: [] } })).join("\n")).toMatch(/^sources\.0\.keys\.incident: /);
    expect(issues(withSource({ fields: { "incidents.time": { column: "Time", pad_left: 40 } } })).join("\n")).toMatch(/pad_left/);
    expect(issues(withSource({ fields: { "incidents.call_type": { column: "Call", unmapped: "other" } } })).join("\n")).toMatch(/unmapped/);
    expect(issues({ ...valid, sources: [] }).join("\n")).toMatch(/^sources: /);
  });
});
