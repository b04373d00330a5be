import { describe, expect, it } from "vitest";
import { incidentInput, subjectInput } from "../../src/lib/schema/tables.ts";
import { PackedStrings, StringIndex } from "../../scripts/pipeline/strings.ts";
import { ColumnTable, DictColumn, IdColumn, NumberColumn, RefColumn, TextColumn, columnBuilder } from "../../scripts/pipeline/table.ts";

describe("StringIndex", () => {
  it("numbers distinct strings in the order added, and finds them again after growing", () => {
    const ix = new StringIndex();
    const words = Array.from({ length: 5000 }, (_, i) => `id-${i % 3000}`);
    const numbers = words.map((w) => ix.add(w));
    expect(ix.size).toBe(3000);
    expect(numbers.slice(0, 3)).toEqual([0, 1, 2]);
    expect(numbers[3000]).toBe(0);
    expect(ix.indexOf("id-2999")).toBe(2999);
    expect(ix.indexOf("id-3000")).toBe(-1);
    expect(ix.key(42)).toBe("id-42");
    expect(ix.is(42, "id-42")).toBe(true);
    expect(ix.is(42, "id-43")).toBe(false);
  });

  it("keeps keys readable after freeze(), and refuses look-ups", () => {
    const ix = new StringIndex();
    ix.add("a");
    ix.freeze();
    expect(ix.key(0)).toBe("a");
    expect(() => ix.indexOf("a")).toThrow(/freeze/);
  });
});

describe("PackedStrings", () => {
  it("reads back strings and nulls, before and after they are joined into blocks", () => {
    const p = new PackedStrings(10);
    const values = ["alpha", null, "", "beta gamma", "δ", null, "x".repeat(25)];
    values.forEach((v) => p.push(v));
    expect(values.map((_, i) => p.get(i))).toEqual(values);
    expect(p.equals(3, "beta gamma")).toBe(true);
    expect(p.equals(3, "beta gammA")).toBe(false);
    expect(p.equals(1, "")).toBe(false);
    p.seal();
    expect(values.map((_, i) => p.get(i))).toEqual(values);
    expect(p.equals(4, "δ")).toBe(true);
  });

  it("selects rows, sharing the blocks", () => {
    const t = new TextColumn();
    ["a", "b", null, "d"].forEach((v) => t.push(v));
    const s = t.select(Int32Array.from([3, 2, 0]));
    expect([0, 1, 2].map((i) => s.get(i))).toEqual(["d", null, "a"]);
  });
});

describe("column store", () => {
  it("builds dictionary, number and text columns from cells with the fields' own parsers", () => {
    const shape = incidentInput.shape;
    const callType = columnBuilder(shape.call_type);
    const officers = columnBuilder(shape.officers_count);
    const summary = columnBuilder(shape.summary);
    const caseNumber = columnBuilder(shape.case_number);
    for (const [t, n, s] of [["Domestic Disturbance", "2", "Text one."], ["traffic", "", null], ["domestic-disturbance", "0", "Two"]] as const) {
      expect(callType.stage(t)).toBe(true);
      if (n === "") officers.stageNull();
      else expect(officers.stage(n)).toBe(true);
      if (s === null) summary.stageNull();
      else expect(summary.stage(s)).toBe(true);
      expect(caseNumber.stage("22-000101")).toBe(true);
      for (const b of [callType, officers, summary, caseNumber]) b.commit();
    }
    expect(callType.stage("loud party")).toBe(false);
    expect(officers.stage("-1")).toBe(false);
    const c = callType.seal() as DictColumn<string>;
    expect(c).toBeInstanceOf(DictColumn);
    expect([0, 1, 2].map((i) => c.get(i))).toEqual(["domestic_disturbance", "traffic", "domestic_disturbance"]);
    expect(c.codes).toBeInstanceOf(Uint8Array);
    const o = officers.seal() as NumberColumn;
    expect([0, 1, 2].map((i) => o.get(i))).toEqual([2, null, 0]);
    const s = summary.seal();
    expect([0, 1, 2].map((i) => s.get(i))).toEqual(["Text one.", null, "Two"]);
    // Direct identifiers are checked, then not kept.
    expect(caseNumber.seal().get(0)).toBeNull();
  });

  it("keeps list cells as written (order, no repeats) and shares equal lists", () => {
    const weapons = columnBuilder(subjectInput.shape.weapons);
    for (const cell of ["knife|firearm", "firearm|knife", "KNIFE | firearm|knife"]) {
      expect(weapons.stage(cell)).toBe(true);
      weapons.commit();
    }
    const w = weapons.seal();
    expect([0, 1, 2].map((i) => w.get(i))).toEqual([["knife", "firearm"], ["firearm", "knife"], ["knife", "firearm"]]);
    expect(w.get(0)).toBe(w.get(2));
  });

  it("resolves references to the first row with an id, and keeps ids the target lacks", () => {
    const ids = new IdColumn();
    for (const id of ["I-1", "I-2", "I-1", "I-3"]) ids.push(id);
    expect(ids.duplicateOf).toEqual(new Map([[2, 0]]));
    const refs = columnBuilder(subjectInput.shape.incident_id, { kind: "ref", target: ids });
    for (const id of ["I-2", "I-3", "I-9", "I-1", "I-9"]) {
      expect(refs.stage(id)).toBe(true);
      refs.commit();
    }
    const r = refs.seal() as RefColumn;
    expect(Array.from(r.refs)).toEqual([1, 3, -2, 0, -2]);
    expect([0, 1, 2, 3].map((i) => r.get(i))).toEqual(["I-2", "I-3", "I-9", "I-1"]);
    // After the target loses row 1, a reference to it keeps its id as a missing value.
    const remapped = r.remap(ids.select(Int32Array.from([0, 3])), Int32Array.from([0, -1, -1, 1]));
    expect([0, 1, 2, 3, 4].map((i) => remapped.get(i))).toEqual(["I-2", "I-3", "I-9", "I-1", "I-9"]);
    expect(remapped.refs[1]).toBe(1);
  });

  it("gives rows as objects and selects rows across columns", () => {
    const t = new ColumnTable<{ n: number | null; s: string | null }>({ n: new NumberColumn(Float64Array.from([1, NaN, 3]), 3), s: DictColumn.sharing([null, "x", "y"], Uint8Array.from([1, 0, 2])) }, 3);
    expect(t.toRows()).toEqual([{ n: 1, s: "x" }, { n: null, s: null }, { n: 3, s: "y" }]);
    expect(t.select(Int32Array.from([2, 0])).toRows()).toEqual([{ n: 3, s: "y" }, { n: 1, s: "x" }]);
  });
});
