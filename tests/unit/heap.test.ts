import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { siteHeapMB, withHeapLimit } from "../../scripts/heap.ts";
import { tmpDir } from "../helpers.ts";

describe("the site build's heap limit", () => {
  it("is 1,536 MB for a small department and grows with its incident files", () => {
    const gen = tmpDir();
    expect(siteHeapMB(gen)).toBe(1536);
    fs.mkdirSync(path.join(gen, "site", "incidents"), { recursive: true });
    fs.writeFileSync(path.join(gen, "site", "incidents", "2024.json"), Buffer.alloc(1 << 20));
    expect(siteHeapMB(gen)).toBe(1536);
    // 400 MB of incident files (about a million incidents) need more room than the floor.
    fs.writeFileSync(path.join(gen, "site", "incidents", "2025.json"), "");
    fs.truncateSync(path.join(gen, "site", "incidents", "2025.json"), 400 * 2 ** 20);
    expect(siteHeapMB(gen)).toBe(Math.ceil(4 * 401) + 768);
  });

  it("is added to NODE_OPTIONS, unless the person running the build chose a limit", () => {
    expect(withHeapLimit(undefined, 1536)).toBe("--max-old-space-size=1536");
    expect(withHeapLimit("--enable-source-maps", 2000)).toBe("--enable-source-maps --max-old-space-size=2000");
    expect(withHeapLimit("--max-old-space-size=4096", 1536)).toBe("--max-old-space-size=4096");
  });
});
