// JSON with what JSON.parse forgets: the line of every key, and keys written twice.
import { describe, expect, it } from "vitest";
import { jsonStrings, parseLocatedJson, type LocatedJson } from "../../scripts/pipeline/json.ts";

const located = (text: string): LocatedJson => {
  const r = parseLocatedJson(text);
  if ("error" in r) throw new Error(r.error);
  return r;
};

describe("parseLocatedJson(text)", () => {
  it("gives the line of each key and array element, and of the nearest key for a path that is not there", () => {
    const j = located('{\n  "a": 1,\n  "b": {\n    "c": "x\\"}",\n    "d": [\n      { "e": 2 },\n      3\n    ]\n  }\n}\n');
    expect(j.lineOf(["a"])).toBe(2);
    expect(j.lineOf(["b", "c"])).toBe(4);
    expect(j.lineOf(["b", "d", 0, "e"])).toBe(6);
    expect(j.lineOf(["b", "d", 1])).toBe(7);
    expect(j.lineOf(["b", "missing"])).toBe(3);
    expect(j.lineOf(["nowhere"])).toBe(null);
    expect(j.duplicates).toEqual([]);
  });

  it("finds a key written twice in one object (the last of which JSON.parse keeps), at the second's line", () => {
    const j = located('{\n  "privacy_threshold": 5,\n  "x": { "k": 1, "k": 2 },\n  "privacy_threshold": 1\n}');
    expect((j.value as { privacy_threshold: number }).privacy_threshold).toBe(1);
    expect(j.duplicates).toEqual([
      { path: ["x", "k"], line: 3, first: 3 },
      { path: ["privacy_threshold"], line: 4, first: 2 },
    ]);
  });

  it("does not take the same key in two objects for a duplicate, and reads a byte-order mark", () => {
    const j = located('\uFEFF[{ "code": "N" },\n { "code": "S" }]');
    expect(j.duplicates).toEqual([]);
    expect(j.lineOf([1, "code"])).toBe(2);
  });

  it("reports a syntax error with the parser's message and line", () => {
    const r = parseLocatedJson('{\n  "a": 1,\n  "b": 2,\n}');
    expect("error" in r && r.line).toBe(4);
  });
});

describe("jsonStrings(value)", () => {
  it("yields every string and key with its path", () => {
    expect([...jsonStrings({ a: ["x", { b: "y" }], n: 1 })]).toEqual([
      { path: ["a"], text: "a" },
      { path: ["a", 0], text: "x" },
      { path: ["a", 1, "b"], text: "b" },
      { path: ["a", 1, "b"], text: "y" },
      { path: ["n"], text: "n" },
    ]);
  });
});
