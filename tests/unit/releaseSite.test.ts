import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadReleases, moveReason, revisedSentence, revisionCounts, sizeText, summaryText } from "../../src/lib/releaseSite.ts";
import { tmpDir } from "../helpers.ts";

describe("releaseSite", () => {
  it("revisionCounts(mark) names the incidents once and leaves out the zeros", () => {
    expect(revisionCounts({ added: 3, withdrawn: 1, revised: 5 })).toBe("3 incidents added, 1 withdrawn, 5 revised");
    expect(revisionCounts({ added: 0, withdrawn: 1, revised: 0 })).toBe("1 incident withdrawn");
    expect(revisionCounts({ added: 0, withdrawn: 0, revised: 2 })).toBe("2 incidents revised");
    expect(revisionCounts({ added: 0, withdrawn: 0, revised: 0 })).toBe("");
  });

  it("revisedSentence(marks) names the revised years by release, for a chart drawn outside its page", () => {
    expect(revisedSentence([])).toBe("");
    expect(revisedSentence([{ year: 2022, version: "2024.1" }])).toBe("2022 was revised in release 2024.1.");
    expect(revisedSentence([{ year: 2023, version: "2024.1" }, { year: 2021, version: "2024.1" }, { year: 2022, version: "2024.1" }])).toBe("2021, 2022 and 2023 were revised in release 2024.1.");
    // Oldest release first, as the marks come; a year revised twice is named under each release.
    expect(revisedSentence([{ year: 2022, version: "2024.1" }, { year: 2022, version: "2025.1" }, { year: 2023, version: "2025.1" }])).toBe("2022 was revised in release 2024.1. 2022 and 2023 were revised in release 2025.1.");
  });

  it("moveReason(fields) says which correction moved an incident", () => {
    expect(moveReason(["district"])).toBe("its district was corrected");
    expect(moveReason(["date"])).toBe("its date was corrected");
    expect(moveReason(["year", "district"])).toBe("its date and district were corrected");
    expect(moveReason([])).toBe("its published details changed");
    // A move made by disclosure control is not called a correction.
    expect(moveReason(["district"], true)).toBe("its district is now published with different detail to protect privacy");
  });

  it("summaryText(release) counts the changes, or says the first release has nothing to compare with", () => {
    expect(summaryText({ summary: null, previous: null, pseudonyms: "first" })).toBe("The first release: nothing earlier to compare with.");
    const s = summaryText({ summary: { added: 1, withdrawn: 2, revised: 3, protection: 0, moved: 1, totals: 4 }, previous: "2024.1", pseudonyms: "restarted" });
    expect(s).toContain("Since 2024.1: 1 record added, 2 withdrawn, 3 revised, 0 changed only in privacy protection; 1 incident moved or withdrawn from its address; 4 published totals changed.");
    expect(s).toContain("only totals are compared");
    // With the incidents' own counts, they come first.
    const t = summaryText({ summary: { added: 40, withdrawn: 3, revised: 2, protection: 5, moved: 1, totals: 4, incidents: { added: 10, withdrawn: 1, revised: 2 } }, previous: "2024.1", pseudonyms: "same" });
    expect(t).toBe("Since 2024.1: 10 incidents added, 1 withdrawn and 2 revised. Across all tables, 40 rows were added, 3 withdrawn and 2 revised, and 5 changed only in how much detail privacy protection allows; 1 incident moved or withdrawn from its address; 4 published totals changed.");
  });

  it("sizeText(bytes) reads in KB or MB", () => {
    expect(sizeText(2048)).toBe("2.0 KB");
    expect(sizeText(3 * 1024 * 1024)).toBe("3.0 MB");
  });

  it("loadReleases(dir) is null without releases.json, and refuses a version that cannot be a page address", () => {
    const dir = tmpDir();
    expect(loadReleases(dir)).toBeNull();
    fs.mkdirSync(path.join(dir, "site"));
    const entry = { version: "2025.1", released: "2025-03-01", notes: "", recorded: true, pseudonyms: "first", previous: null, bundle: { path: "releases/2025.1/x.zip", sha256: "0", bytes: 1 }, files: [], figures: [], summary: null, years: [] };
    fs.writeFileSync(path.join(dir, "site/releases.json"), JSON.stringify({ current: "2025.1", next_update: null, releases: [entry], year_marks: [], moved: [] }));
    expect(loadReleases(dir)?.current).toBe("2025.1");
    for (const bad of ["../x", "2025 1", "latest", ".hidden"]) {
      fs.writeFileSync(path.join(dir, "site/releases.json"), JSON.stringify({ current: bad, next_update: null, releases: [{ ...entry, version: bad }], year_marks: [], moved: [] }));
      expect(() => loadReleases(dir), bad).toThrow(/cannot be a page address/);
    }
  });
});
