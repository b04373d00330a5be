// The checks of config.json and the policy files, each problem located at its line (config.json:
// the key's line).
import { describe, expect, it } from "vitest";
import { placeholderProblems, validateConfig, validatePolicy } from "../../scripts/pipeline/department.ts";
import { formatProblem, type Problem } from "../../scripts/pipeline/problems.ts";

const CONFIG = {
  name: "Example Police Department",
  jurisdiction: "Town of Example",
  contact: { email: "data@example.org", url: "https://example.org/data" },
  licence: { id: "CC-BY-4.0", name: "Creative Commons Attribution 4.0", url: "https://creativecommons.org/licenses/by/4.0/" },
  timezone: "America/Chicago",
  districts: [{ code: "N", name: "North" }, { code: "S", name: "South" }],
  version: "1",
  released: "2025-03-01",
};

/** The config as config.json would be written, one key a line, with some values changed. */
function configText(change: (c: Record<string, unknown>) => void = () => {}): string {
  const c = structuredClone(CONFIG) as Record<string, unknown>;
  change(c);
  return JSON.stringify(c, null, 2);
}
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

function check(text: string): { config: unknown; problems: string[] } {
  const problems: Problem[] = [];
  const config = validateConfig({ path: "dept/config.json", text }, problems);
  return { config, problems: problems.map(formatProblem) };
}

describe("validateConfig(file, problems)", () => {
  it("accepts a valid config, UTC and IANA zones, and http:, https: and mailto: links", () => {
    expect(check(configText()).problems).toEqual([]);
    expect(check(configText((c) => { c.timezone = "UTC"; (c.contact as Record<string, string>).url = "mailto:data@example.org"; })).problems).toEqual([]);
  });

  it("refuses an unknown time zone at its line", () => {
    const text = configText((c) => (c.timezone = "Mars/Olympus_Mons"));
    expect(check(text)).toEqual({
      config: null,
      problems: [`dept/config.json:${lineOf(text, "timezone")}, "timezone": expected an IANA time zone such as America/Chicago, or UTC; got "Mars/Olympus_Mons". Fix: use a time zone name from the IANA list, such as America/Chicago or Europe/London (or UTC)`],
    });
  });

  it("refuses an impossible date (2025-02-30) in released and in data_through, each at its line", () => {
    const text = configText((c) => {
      c.released = "2025-02-30";
      c.data_through = "2024-13-01";
    });
    expect(check(text).problems).toEqual([
      `dept/config.json:${lineOf(text, '"released"')}, "released": expected a real date written YYYY-MM-DD, for example 2025-02-28; got "2025-02-30". Fix: write a real date, YYYY-MM-DD`,
      `dept/config.json:${lineOf(text, "data_through")}, "data_through": expected a real date written YYYY-MM-DD, for example 2025-02-28; got "2024-13-01". Fix: write a real date, YYYY-MM-DD`,
    ]);
  });

  it("refuses data_from after data_through (or, without it, after released)", () => {
    let text = configText((c) => { c.data_from = "2024-07-01"; c.data_through = "2024-06-30"; });
    expect(check(text).problems).toEqual([`dept/config.json:${lineOf(text, "data_from")}, "data_from": expected a first day covered on or before data_through (2024-06-30); got "2024-07-01". Fix: correct data_from, or data_through`]);
    text = configText((c) => (c.data_from = "2025-03-02"));
    expect(check(text).problems).toEqual([`dept/config.json:${lineOf(text, "data_from")}, "data_from": expected a first day covered on or before released (2025-03-01); got "2025-03-02". Fix: correct data_from, or released`]);
    expect(check(configText((c) => (c.data_from = "2019-04-01"))).problems).toEqual([]);
  });

  it("single_value_fields takes coded and yes/no fields of incidents, subjects and officers, and nothing else", () => {
    expect(check(configText((c) => (c.single_value_fields = ["incidents.review_body", "subjects.sex"]))).problems).toEqual([]);
    for (const f of ["force_uses.force_type", "incidents.summary", "review_body"]) {
      expect(check(configText((c) => (c.single_value_fields = [f]))).problems, f).toEqual([expect.stringMatching(/"single_value_fields\.0": .*Fix: name each field as table\.field, e\.g\. "incidents\.review_body"/)]);
    }
  });

  it("refuses data_through after released", () => {
    const text = configText((c) => (c.data_through = "2025-06-30"));
    expect(check(text).problems).toEqual([`dept/config.json:${lineOf(text, "data_through")}, "data_through": expected a last day covered on or before the release date (released: 2025-03-01); got "2025-06-30". Fix: correct data_through, or released if the release is later`]);
  });

  it("refuses a key written twice (a privacy_threshold of 2 after a 5), at the second one's line", () => {
    const text = configText().replace('"version": "1",', '"privacy_threshold": 5,\n  "version": "1",\n  "privacy_threshold": 2,');
    expect(check(text)).toEqual({
      config: null,
      problems: [`dept/config.json:${lineOf(text, '"privacy_threshold": 2')}, "privacy_threshold": expected each key once in its object; "privacy_threshold" is also at line ${lineOf(text, '"privacy_threshold": 5')}, and only the last would count. Fix: remove one of the two, keeping the value you mean`],
    });
  });

  it("refuses javascript:, data: and vbscript: links in licence.url and contact.url, and links without a host", () => {
    for (const url of ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "https://", "ftp://example.org/x", "example.org/licence"]) {
      const text = configText((c) => ((c.licence as Record<string, string>).url = url));
      expect(check(text).problems, url).toEqual([expect.stringMatching(new RegExp(`^dept/config\\.json:${lineOf(text, `"url": ${JSON.stringify(url)}`)}, "licence\\.url": expected an address starting with https://, http:// or mailto:; got `))]);
    }
    const text = configText((c) => ((c.contact as Record<string, string>).url = "JavaScript:alert(1)"));
    expect(check(text).problems).toEqual([expect.stringMatching(/^dept\/config\.json:\d+, "contact\.url": expected an address starting with https:\/\/, http:\/\/ or mailto:; got "JavaScript:alert\(1\)"/)]);
  });

  it("refuses a contact.email that is more than a plain address (it becomes a mailto: link)", () => {
    for (const email of ["data@example.org?cc=other@example.org", "Data Team <data@example.org>", "data@example.org\nBcc: x@y.org", "javascript:alert(1)//@x.org"]) {
      expect(check(configText((c) => ((c.contact as Record<string, string>).email = email))).problems, email).toEqual([expect.stringMatching(/"contact\.email": expected a plain e-mail address such as data@example\.gov; got /)]);
    }
  });

  it("takes a department's own district codes (spaces, capitals, accents, punctuation): their page address is made of their letters and digits", () => {
    for (const code of ["North Side", "a/b", "a\\b", "-x", "x.", "é", "Zone 3 (Ost)"]) {
      const r = check(configText((c) => (c.districts = [{ code: "N", name: "North" }, { code, name: "Odd" }])));
      expect(r.problems, JSON.stringify(code)).toEqual([]);
    }
  });

  it("refuses district codes with no letter or digit, a space at either end, control characters or more than 40 characters, at their line", () => {
    for (const code of ["..", ".", "—", " North", "North ", "D1\u0000", "x".repeat(41)]) {
      const text = configText((c) => (c.districts = [{ code: "N", name: "North" }, { code, name: "Odd" }]));
      const problems = check(text).problems;
      expect(problems, JSON.stringify(code)).toContainEqual(expect.stringMatching(/^dept\/config\.json:\d+, "districts\.1\.code": expected a district code of 1 to 40 characters with at least one letter or digit and no space at either end \(its page address is made of its letters and digits\)/));
      expect(problems.find((p) => p.includes("districts.1.code"))).toMatch(new RegExp(`^dept/config\\.json:${text.split("\n").findIndex((l, i) => i > lineOf(text, '"code": "N"') - 1 && l.includes('"code"')) + 1},`));
    }
  });

  it("refuses a district code whose page address is the withheld group's", () => {
    const text = configText((c) => (c.districts = [{ code: "N", name: "North" }, { code: "Withheld", name: "Odd" }]));
    expect(check(text).problems).toEqual([expect.stringMatching(/"districts\.1\.code": expected a code whose page address segment is not "withheld": that address lists the incidents whose district is withheld to protect privacy; got "Withheld"/)]);
  });

  it("refuses two district codes with one page address (North Side and north-side), naming both", () => {
    const text = configText((c) => (c.districts = [{ code: "North Side", name: "North" }, { code: "north-side", name: "North again" }, { code: "Rivière", name: "River" }, { code: "RIVIERE", name: "River again" }]));
    expect(check(text).problems).toEqual([
      expect.stringMatching(/^dept\/config\.json:\d+, "districts\.1\.code": expected a code distinct from "North Side" \(line \d+\): both would make the same page address segment "north-side"; got "north-side"/),
      expect.stringMatching(/"districts\.3\.code": expected a code distinct from "Rivière" \(line \d+\): both would make the same page address segment "riviere"; got "RIVIERE"/),
    ]);
  });

  it("refuses two district codes with one page address (N-1 and n_1), or one code listed twice", () => {
    const text = configText((c) => (c.districts = [{ code: "N-1", name: "North" }, { code: "n_1", name: "North again" }, { code: "S", name: "South" }, { code: "S", name: "South again" }]));
    expect(check(text).problems).toEqual([
      expect.stringMatching(/^dept\/config\.json:\d+, "districts\.1\.code": expected a code distinct from "N-1" \(line \d+\): both would make the same page address segment "n-1"; got "n_1"/),
      expect.stringMatching(/^dept\/config\.json:\d+, "districts\.3\.code": expected each district code once \("S" is listed at line \d+ too\); got "S"/),
    ]);
  });

  it("refuses a control character written as a \\u escape in a string, at its line", () => {
    const text = configText((c) => ((c.districts as { name: string }[])[0].name = "North\u001b[2J"));
    expect(check(text).problems).toEqual([`dept/config.json:${lineOf(text, '"North')}, "districts.0.name": expected text without control characters; found ESC (U+001B) at character 6; got "North\\u001b[2J". Fix: remove the \\u escape of the control character from the string`]);
  });

  it("locates a key the schema does not know at its own line", () => {
    const text = configText((c) => (c.privacy_treshold = 5));
    expect(check(text).problems).toEqual([`dept/config.json:${lineOf(text, "privacy_treshold")}, "privacy_treshold": expected Unrecognized key: "privacy_treshold". Fix: remove the unknown key, or check its spelling`]);
  });
});

const POLICY = "---\ntitle: De-escalation\nsection: de_escalation\neffective: 2022-01-01\n---\nOfficers shall de-escalate.\n";

function policy(name: string, text = POLICY): { sections: string[]; problems: string[] } {
  const problems: Problem[] = [];
  const sections = validatePolicy([{ path: `dept/policy/${name}`, text }], problems);
  return { sections: sections.map((s) => s.slug), problems: problems.map(formatProblem) };
}

describe("validatePolicy(files, problems)", () => {
  it("takes a file named with lowercase letters, digits and hyphens as the section's address", () => {
    expect(policy("de-escalation-2.md")).toEqual({ sections: ["de-escalation-2"], problems: [] });
  });

  it("refuses a file name that is not a safe page address (.., dots, capitals, spaces, underscores), with the name to give it", () => {
    expect(policy("....md")).toEqual({ sections: [], problems: ['dept/policy/....md: expected a file name of lowercase letters, digits and hyphens, ending in .md (it becomes the page address /policy/<name>/); got "....md". Fix: rename the file to policy-section.md'] });
    expect(policy("...md").problems).toEqual([expect.stringMatching(/got "\.\.\.md"\. Fix: rename the file to policy-section\.md$/)]);
    expect(policy("Use of Force_2.md").problems).toEqual([expect.stringMatching(/got "Use of Force_2\.md"\. Fix: rename the file to use-of-force-2\.md$/)]);
    expect(policy("Désescalade.md").problems).toEqual([expect.stringMatching(/Fix: rename the file to desescalade\.md$/)]);
  });

  it("refuses a NUL in the text at its line", () => {
    expect(policy("a.md", POLICY.replace("shall", "sh\u0000all"))).toEqual({
      sections: [],
      problems: ["dept/policy/a.md:6: expected text without control characters; found NUL (U+0000) at character 12 of the line. Fix: delete the character (most programs do not show it; a text editor that shows invisible characters does), then export or save the file again"],
    });
  });

  it("refuses an impossible effective date and a key written twice, each at its line", () => {
    expect(policy("a.md", POLICY.replace("2022-01-01", "2025-02-30")).problems).toEqual(['dept/policy/a.md:4, "effective": expected a real date written YYYY-MM-DD, for example 2025-02-28; got "2025-02-30". Fix: correct the front matter key']);
    expect(policy("a.md", POLICY.replace("---\nOfficers", "previous_effective: 2019-02-29\n---\nOfficers")).problems).toEqual(['dept/policy/a.md:5, "previous_effective": expected a real date written YYYY-MM-DD, for example 2025-02-28; got "2019-02-29". Fix: correct the front matter key']);
    expect(policy("a.md", POLICY.replace("---\nOfficers", "effective: 2023-01-01\n---\nOfficers")).problems).toEqual(['dept/policy/a.md:5, "effective": expected each key once in the front matter; "effective" is also at line 4, and only one can count. Fix: remove one of the two, keeping the value you mean']);
  });
});

describe("a draft config.json (the placeholders mapping:init writes)", () => {
  const draft = configText((c) => {
    c.name = "EDIT ME: full name of the department";
    c.short_name = "EDIT ME";
    (c.contact as Record<string, string>).url = "https://example.org/EDIT-ME";
    (c.districts as { name: string }[])[1].name = "edit_me";
    c.version = "0.1-draft";
  });

  it("validateConfig refuses it only when asked (a build), naming every field, its line, and what to put there", () => {
    expect(check(draft).problems).toEqual([]);
    const problems: Problem[] = [];
    expect(validateConfig({ path: "dept/config.json", text: draft }, problems, { refuseDraft: true })).toBeNull();
    expect(problems.map(formatProblem)).toEqual([
      `dept/config.json:${lineOf(draft, '"name": "EDIT')}, "name": expected a real value, not the placeholder "EDIT ME" that mapping:init writes; got "EDIT ME: full name of the department". Fix: put the department's full name, e.g. "City of Riverton Police Department" there`,
      `dept/config.json:${lineOf(draft, "EDIT-ME")}, "contact.url": expected a real value, not the placeholder "EDIT ME" that mapping:init writes; got "https://example.org/EDIT-ME". Fix: put the web page where readers ask about the data (https://...), or remove url and give contact.email there`,
      `dept/config.json:${lineOf(draft, "edit_me")}, "districts.1.name": expected a real value, not the placeholder "EDIT ME" that mapping:init writes; got "edit_me". Fix: put the district's name as readers know it there`,
      `dept/config.json:${lineOf(draft, "0.1-draft")}, "version": expected the version of this release, not the draft version "0.1-draft" that mapping:init writes; got "0.1-draft". Fix: put this release's version, e.g. "2025.1" (it is printed in every citation) there`,
      `dept/config.json:${lineOf(draft, "short_name")}, "short_name": expected a real value, not the placeholder "EDIT ME" that mapping:init writes; got "EDIT ME". Fix: put a short name for page titles, e.g. "Riverton PD" (or remove short_name to use name) there`,
    ]);
  });

  it("a finished config has none, and words that merely contain the letters are not placeholders", () => {
    const text = configText((c) => { c.name = "Meredith County Sheriff (edited release)"; c.version = "0.1-drafted"; });
    const json = JSON.parse(text);
    expect(placeholderProblems("dept/config.json", { value: json, lineOf: () => 1, duplicates: [] })).toEqual([]);
  });
});
