import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { departmentConfig } from "../../src/lib/schema/config.ts";
import { metaOf } from "../../src/lib/schema/fields.ts";
import { PUBLISHED_TABLES, publishedMetaOf } from "../../src/lib/schema/published.ts";
import { TABLES, TABLE_NAMES, fieldsOf, incidentInput, subjectInput } from "../../src/lib/schema/tables.ts";
import fs from "node:fs";
import path from "node:path";
import { FIXTURES } from "../helpers.ts";

const incident = { incident_id: "A-1", date: "2024-02-29", district: "N", contact_origin: "Dispatched", call_type: "mental health crisis" };

describe("canonical schema", () => {
  it("every input field has a description, an expectation and a publish rule", () => {
    for (const t of TABLE_NAMES) for (const [name, s] of fieldsOf(t)) {
      const m = metaOf(s);
      expect(m.description.length, `${t}.${name}`).toBeGreaterThan(10);
      expect(m.expected.length, `${t}.${name}`).toBeGreaterThan(3);
      expect(["publish", "pseudonym", "derive", "never"]).toContain(m.publish);
    }
  });

  it("incidentInput parses cells into typed values, normalising vocabulary case and spaces", () => {
    const r = incidentInput.parse({ ...incident, officers_count: " 3 ", arrest_made: "Y", bwc_activated: "FALSE", time: "7:05" });
    expect(r.contact_origin).toBe("dispatched");
    expect(r.call_type).toBe("mental_health_crisis");
    expect(r.officers_count).toBe(3);
    expect(r.arrest_made).toBe("yes");
    expect(r.bwc_activated).toBe("no");
    expect(r.time).toBe("07:05");
    expect(r.summary).toBeNull();
    expect(r.deescalation_attempted).toBeNull();
  });

  it("incidentInput rejects impossible dates, unknown codes and missing required cells", () => {
    const r = incidentInput.safeParse({ ...incident, date: "2023-02-29", call_type: "jaywalking", district: " " });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path[0]).sort()).toEqual(["call_type", "date", "district"]);
  });

  it("subjectInput splits multi-valued cells and rejects an unknown value inside them", () => {
    const base = { subject_id: "S", incident_id: "A-1" };
    expect(subjectInput.parse({ ...base, weapons: "knife|Firearm|knife" }).weapons).toEqual(["knife", "firearm"]);
    expect(subjectInput.safeParse({ ...base, weapons: "knife|spoon" }).success).toBe(false);
    expect(subjectInput.safeParse({ ...base, age: "121" }).success).toBe(false);
  });

  it("published tables hold no field that the input marks as never published", () => {
    const never = new Set(TABLE_NAMES.flatMap((t) => fieldsOf(t).filter(([, s]) => metaOf(s).publish === "never").map(([n]) => n)));
    expect(never).toContain("address");
    expect(never).toContain("badge_number");
    for (const [t, schema] of Object.entries(PUBLISHED_TABLES)) {
      for (const [name, s] of Object.entries(schema.shape)) {
        expect(never.has(name), `${t}.${name}`).toBe(false);
        expect(publishedMetaOf(s as never).description.length).toBeGreaterThan(10);
      }
    }
  });

  it("required tables are incidents, subjects and force uses; calls for service may be left out", () => {
    expect(TABLE_NAMES.filter((t) => TABLES[t].required)).toEqual(["incidents", "subjects", "force_uses"]);
    expect(TABLES.calls_for_service.required).toBe(false);
  });

  it("keeps ids, date, district, contact origin and force type required, and call type optional", () => {
    const req = (t: keyof typeof TABLES, f: string) => metaOf((TABLES[t].schema.shape as Record<string, z.ZodType>)[f]).required;
    for (const f of ["incident_id", "date", "district", "contact_origin"]) expect(req("incidents", f), f).toBe(true);
    expect(req("subjects", "subject_id")).toBe(true);
    expect(req("force_uses", "force_type")).toBe(true);
    expect(req("incidents", "call_type")).toBe(false);
  });

  it("departmentConfig accepts the fixture config and fills defaults", () => {
    const c = departmentConfig.parse(JSON.parse(fs.readFileSync(path.join(FIXTURES, "small/input/config.json"), "utf8")));
    expect(c.location_grain).toBe("district");
    expect(c.date_precision).toBe("day");
    expect(c.privacy_threshold).toBe(3);
  });
});

describe("validateTable agrees with the zod schemas", () => {
  it("accepts and rejects the same rows, with the same values, as safeParse", async () => {
    const { validateTable } = await import("../../scripts/pipeline/validate.ts");
    const { parseCsv } = await import("../../scripts/pipeline/parse.ts");
    const { csvFormatRows } = await import("d3-dsv");
    const good = fs.readFileSync(path.join(FIXTURES, "small/input/subjects.csv"), "utf8").trimEnd().split("\n");
    const header = good[0].split(",");
    // Every row of the fixture, then each cell replaced by awkward values.
    const odd = ["", " ", "abc", "-1", "12.5", "121", "FEMALE", " male ", "Yes", "2024-02-30", "knife|spoon", "knife | firearm"];
    const rows = good.slice(1).map((l) => l.split(","));
    const variants = [...rows];
    for (const v of odd) for (let c = 0; c < header.length; c++) variants.push(rows[0].map((x, i) => (i === c ? v : x)));
    const file = parseCsv({ path: "s.csv", text: csvFormatRows([header, ...variants]) });
    const problems: never[] = [];
    const r = validateTable("subjects", [file], problems);
    const viaZod = variants.map((cells) => subjectInput.safeParse(Object.fromEntries(header.map((h, i) => [h, cells[i]]))));
    // Direct identifiers (name here) are validated, then dropped at read time.
    const accepted = viaZod.filter((x) => x.success).map((x) => ({ ...x.data, name: null }));
    expect(r.rows).toEqual(accepted);
    expect(r.rejected.length).toBe(viaZod.filter((x) => !x.success).length);
    expect(r.rejected.length).toBeGreaterThan(20);
  });
});

describe("isInjured(level)", () => {
  it("counts any injury, including one whose severity was not recorded, and not unknown or blank", async () => {
    const { isInjured } = await import("../../src/lib/schema/vocab.ts");
    expect(["injured_unspecified", "minor", "treated", "serious", "death"].every(isInjured)).toBe(true);
    expect([null, undefined, "none", "unknown"].some(isInjured)).toBe(false);
  });
});
