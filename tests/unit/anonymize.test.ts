import { describe, expect, it } from "vitest";
import { daysBetween, pseudonymPrefix, pseudonymizer } from "../../scripts/pipeline/anonymize.ts";
import { PseudonymJob } from "../../scripts/pipeline/pseudonyms.ts";
import { IdColumn } from "../../scripts/pipeline/table.ts";
import { ageBand, serviceBand } from "../../src/lib/schema/vocab.ts";

describe("anonymize helpers", () => {
  it("pseudonymizer(key) is deterministic, keyed, and separates kinds", () => {
    const a = pseudonymizer("key-aaaaaaaaaaaaaaaa");
    const b = pseudonymizer("key-bbbbbbbbbbbbbbbb");
    expect(a("incident", "X1")).toMatch(/^[0-9a-f]{16}$/);
    expect(a("incident", "X1")).toBe(pseudonymizer("key-aaaaaaaaaaaaaaaa")("incident", "X1"));
    expect(a("incident", "X1")).not.toBe(b("incident", "X1"));
    expect(a("incident", "X1")).not.toBe(a("subject", "X1"));
  });

  it("pseudonyms computed on a worker thread are pseudonymizer's", () => {
    const key = "key-aaaaaaaaaaaaaaaa";
    const ids = new IdColumn();
    for (const id of ["X1", "élan-2", "X3", "x".repeat(40)]) ids.push(id);
    const other = new IdColumn();
    other.push("X1");
    const [a, b] = PseudonymJob.start(pseudonymPrefix(key), [{ kind: "incident", ids }, { kind: "subject", ids: other }]).take();
    const p = pseudonymizer(key);
    expect([0, 1, 2, 3].map((i) => a.get(i))).toEqual(["X1", "élan-2", "X3", "x".repeat(40)].map((id) => p("incident", id)));
    expect(b.get(0)).toBe(p("subject", "X1"));
  });

  it("pseudonymizer refuses a short key", () => {
    expect(() => pseudonymizer("short")).toThrow(/at least 16/);
  });

  it("ageBand and serviceBand bucket at the documented edges", () => {
    expect([17, 18, 24, 25, 64, 65].map(ageBand)).toEqual(["under_18", "18_24", "18_24", "25_34", "55_64", "65_plus"]);
    expect([0, 2, 3, 10, 11, 21].map(serviceBand)).toEqual(["0_2", "0_2", "3_5", "6_10", "11_20", "21_plus"]);
  });

  it("daysBetween counts calendar days", () => {
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
  });
});
