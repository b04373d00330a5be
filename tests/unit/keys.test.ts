// The pseudonym key: found, refused when it is not the one that made the previous release.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkText, KEY_CHECK_FILE, KEY_FILE, keyFingerprint, readCheck, resolveKey } from "../../scripts/pipeline/keys.ts";
import { formatProblem, type Problem } from "../../scripts/pipeline/problems.ts";
import { tmpDir } from "../helpers.ts";

function folders() {
  const work = tmpDir();
  const dataDir = path.join(work, "dept");
  const outDir = path.join(work, "generated");
  fs.mkdirSync(dataDir);
  return { dataDir, outDir };
}

describe("keyFingerprint(key)", () => {
  it("is stable, differs between keys, and does not hold the key", () => {
    const k = "a-department-key-0123456789";
    expect(keyFingerprint(k)).toBe(keyFingerprint(k));
    expect(keyFingerprint(k)).not.toBe(keyFingerprint(k + "x"));
    expect(keyFingerprint(k)).toMatch(/^[0-9a-f]{32}$/);
    expect(checkText(keyFingerprint(k))).not.toContain(k);
    expect(readCheck("/nonexistent")).toBeNull();
  });
});

describe("resolveKey(options, problems)", () => {
  it("on a first release makes a key file (mode 600) and asks for the department's check file", () => {
    const { dataDir, outDir } = folders();
    const problems: Problem[] = [];
    const r = resolveKey({ dataDir, outDir, envKey: undefined, restart: false }, problems)!;
    expect(problems).toEqual([]);
    expect(fs.readFileSync(path.join(dataDir, KEY_FILE), "utf8").trim()).toBe(r.key);
    expect(fs.statSync(path.join(dataDir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(r.writeCheck).toBe(path.join(dataDir, KEY_CHECK_FILE));
    expect(r.notes[0]).toMatch(/Created a new pseudonym key/);
  });

  it("refuses a key that differs from the previous release's, naming the check file and --new-pseudonyms", () => {
    const { dataDir, outDir } = folders();
    fs.mkdirSync(outDir);
    fs.writeFileSync(path.join(outDir, KEY_CHECK_FILE), checkText(keyFingerprint("the-key-of-last-year-0000")));
    const problems: Problem[] = [];
    expect(resolveKey({ dataDir, outDir, envKey: "a-different-key-1111111", restart: false }, problems)).toBeNull();
    expect(problems.map(formatProblem)).toEqual([
      `${path.join(outDir, KEY_CHECK_FILE)}: expected the pseudonym key that made the previous release; the key from UOF_PSEUDONYM_KEY is a different one. Fix: use the previous key (UOF_PSEUDONYM_KEY or ${path.join(dataDir, KEY_FILE)}); or run again with --new-pseudonyms to start new pseudonyms on purpose (every incident's address and every citation of an incident in the previous release will then stop resolving)`,
    ]);
    // The same key passes; --new-pseudonyms passes with a note.
    expect(resolveKey({ dataDir, outDir, envKey: "the-key-of-last-year-0000", restart: false }, [])?.writeCheck).toBe(path.join(dataDir, KEY_CHECK_FILE));
    const restarted = resolveKey({ dataDir, outDir, envKey: "a-different-key-1111111", restart: true }, [])!;
    expect(restarted.notes.join(" ")).toMatch(/--new-pseudonyms: every incident, subject, officer and complaint gets a new pseudonym/);
  });

  it("refuses to make a new key where the department's check file shows a previous release", () => {
    const { dataDir, outDir } = folders();
    fs.writeFileSync(path.join(dataDir, KEY_CHECK_FILE), checkText(keyFingerprint("lost-key-0123456789abc")));
    const problems: Problem[] = [];
    expect(resolveKey({ dataDir, outDir, envKey: undefined, restart: false }, problems)).toBeNull();
    expect(formatProblem(problems[0])).toMatch(/pseudonym-key\.check: expected the pseudonym key that made the previous release; none was found \(UOF_PSEUDONYM_KEY is not set and .*\.pseudonym-key does not exist\)/);
    expect(fs.existsSync(path.join(dataDir, KEY_FILE))).toBe(false);
  });

  it("refuses a key too short, from the environment or from an empty key file", () => {
    const { dataDir, outDir } = folders();
    const p1: Problem[] = [];
    expect(resolveKey({ dataDir, outDir, envKey: "short", restart: false }, p1)).toBeNull();
    expect(formatProblem(p1[0])).toMatch(/^UOF_PSEUDONYM_KEY \(environment variable\): expected a pseudonym key of at least 16 characters; it has 5/);
    fs.writeFileSync(path.join(dataDir, KEY_FILE), "\n");
    const p2: Problem[] = [];
    expect(resolveKey({ dataDir, outDir, envKey: undefined, restart: false }, p2)).toBeNull();
    expect(formatProblem(p2[0])).toContain(`${path.join(dataDir, KEY_FILE)}: expected a pseudonym key of at least 16 characters; it holds 0`);
  });
});
