// k-anonymity of the published record set, checked over the linked downloads as an attacker
// links them: each subject joined to its incident by the incident pseudonym.
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { describeGroups, kCheck, publishedK } from "./outside.ts";

describe("the sample department's record downloads are k-anonymous", () => {
  const sample = inject("sample");

  it("every combination of quasi-identifiers is shared by at least k subjects, k incidents and k officers (yearly totals exempt)", () => {
    if (!sample.ok) throw new Error(`the sample build failed: ${sample.error}`);
    const downloads = path.join(sample.value.dist, "downloads");
    const { k, source } = publishedK(downloads);
    console.log(`k = ${k} (${source})`);
    const r = kCheck(downloads, k);
    console.log(describeGroups(r.subjects, k));
    console.log(describeGroups(r.incidents, k));
    if (r.unlinked) console.log(`${r.unlinked} subject(s) whose incident pseudonym is not in incidents.csv`);
    expect(r.subjects.records).toBeGreaterThan(0);
    expect(r.incidents.records).toBeGreaterThan(0);
    // The sample department supplies officers with their age, sex, race or ethnicity and years of service.
    expect(r.officers?.records ?? 0).toBeGreaterThan(0);
    console.log(describeGroups(r.officers!, k));
    const failures = [r.subjects, r.incidents, r.officers!].filter((g) => g.groupsBelow > 0).map((g) => describeGroups(g, k));
    expect(failures, failures.join("\n")).toEqual([]);
  });
});
