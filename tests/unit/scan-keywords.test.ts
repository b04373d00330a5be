// The patterns pre-tested on keywords found in one pass (scan.ts): each is still found, in any
// case, next to other words and digits, and text with the keyword alone passes.
import { describe, expect, it } from "vitest";
import { findIdentifier, indexIdentifiers } from "../../scripts/pipeline/scan.ts";

const none = indexIdentifiers([]);

describe("patterns pre-tested on keywords", () => {
  it.each([
    ["Vehicle tag # XYZ9876 was noted.", "a vehicle plate"],
    ["Unit 3-TAG # XYZ9876 was noted.", "a vehicle plate"],
    ["Plate number: 7ABC123.", "a vehicle plate"],
    ["Subject DOB given on scene.", "a date of birth"],
    ["Listed D.O.B.01/02/1990 on the form.", "a date of birth"],
    ["Asked for the date of birth.", "a date of birth"],
    ["Employee no. 44123 assisted.", "a badge or employee number"],
    ["Payroll 9981 was told.", "a badge or employee number"],
    ["Met at 220 BLOCK OF Pine.", "a hundred-block address"],
    ["Mail to x.y@example.com.", "an e-mail address"],
  ])("finds %j as %s", (text, what) => {
    expect(findIdentifier(text, none)?.what).toBe(what);
  });

  it.each([
    "Officers took the subject to the station for booking; the tag on the bag was torn.",
    "The subject's birthday party had ended; 2 officers attended.",
    "A serial offender was not named; the block was quiet.",
  ])("passes %j", (text) => {
    expect(findIdentifier(text, none)).toBeNull();
  });
});
