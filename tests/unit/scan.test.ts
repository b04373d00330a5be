import { describe, expect, it } from "vitest";
import { findIdentifier, indexIdentifiers } from "../../scripts/pipeline/scan.ts";

const none = indexIdentifiers([]);

describe("findIdentifier(text, known)", () => {
  it.each([
    ["Caller gave 555-867-5309 as a callback.", "a phone number"],
    ["Officers met the subject at 1234 Elm Street.", "a street address"],
    ["Near 4400 block of Alder Ave.", "a hundred-block address"],
    ["Officer Smith used a takedown.", "a name after a title"],
    ["Badge #4411 was first on scene.", "a badge or employee number"],
    ["Reached at someone@example.org", "an e-mail address"],
  ])("finds %j as %s", (text, what) => {
    expect(findIdentifier(text, none)?.what).toBe(what);
  });

  it("passes redacted narrative", () => {
    expect(findIdentifier("Officer 1 and Officer 2 were dispatched to a residence in the 3rd district at 21:15.", none)).toBeNull();
  });

  it("finds values and name parts taken from identifier columns", () => {
    const known = indexIdentifiers(["Zebulon Quartermaine", "22-000101"]);
    expect(findIdentifier("The subject, zebulon quartermaine, fled.", known)?.what).toBe("a value from an identifier column");
    expect(findIdentifier("Quartermaine fled on foot.", known)?.what).toBe("a name from an identifier column");
    expect(findIdentifier("See 22-000101.", known)?.match).toBe("22 000101");
    expect(findIdentifier("See 22000101 and 22/000101.", known)?.what).toBe("a value from an identifier column");
    expect(findIdentifier("The subject fled on foot.", known)).toBeNull();
  });
});
