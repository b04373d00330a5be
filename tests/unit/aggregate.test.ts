import { describe, expect, it } from "vitest";
import { suppressSmall } from "../../scripts/pipeline/aggregate.ts";

describe("suppressSmall(rows, ...)", () => {
  it("hides counts below the threshold and one complementary cell when only one would be hidden", () => {
    const rows = [
      { g: "a", n: 2 }, { g: "a", n: 10 }, { g: "a", n: 7 }, { g: "a", n: 0 },
      { g: "b", n: 1 }, { g: "b", n: 4 }, { g: "b", n: 30 },
    ];
    const hidden = suppressSmall(rows, "n", (r) => String(r.g), 5);
    expect(rows.map((r) => r.n)).toEqual([null, 10, null, 0, null, null, 30]);
    expect(hidden).toBe(4);
  });
});
