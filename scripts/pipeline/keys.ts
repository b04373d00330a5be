// The pseudonym key: where it is found, and a check that it is the key that made the previous
// release. A different or lost key gives every incident a new pseudonym, which breaks every
// citable incident address of the previous release, so a run refuses it unless the department
// says, with --new-pseudonyms, that it is starting new pseudonyms.
import { randomBytes, scryptSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Problem } from "./problems.ts";

/** Name of the file, in the department's folder and in the generated folder, that records which key made a release. */
export const KEY_CHECK_FILE = "pseudonym-key.check";
/** Name of the key file in the department's folder. */
export const KEY_FILE = ".pseudonym-key";
const MIN_LENGTH = 16;
const CHECK_HEADER = "# The fingerprint of the pseudonym key that made this department's releases (scrypt, not the key; safe to keep with the data).";

/**
 * A fingerprint that tells keys apart without revealing them: scrypt of the key with a fixed
 * salt, so that trying guesses against it costs far more than against the pseudonyms themselves.
 */
export function keyFingerprint(key: string): string {
  return scryptSync(key, "uof-pseudonym-key-check", 16, { N: 1 << 14, r: 8, p: 1 }).toString("hex");
}

/** The fingerprint recorded in a check file, or null where there is none. */
export function readCheck(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  // Anything but a regular file (a folder, a named pipe that would never end) records no key.
  if (!fs.statSync(file).isFile()) return "unreadable";
  const m = /^[0-9a-f]{32}$/m.exec(fs.readFileSync(file, "utf8"));
  return m ? m[0] : "unreadable";
}

/** The text of a check file. */
export function checkText(fingerprint: string): string {
  return `${CHECK_HEADER}\n${fingerprint}\n`;
}

/** What resolving the key found. */
export interface KeyResolution {
  key: string;
  fingerprint: string;
  /** Where the key came from, for messages. */
  from: string;
  /** Lines to print (a new key was made, new pseudonyms were started). */
  notes: string[];
  /** Check files to write after a successful run (the department folder's, when it has none or pseudonyms restart). */
  writeCheck: string | null;
}

/** Options of resolveKey. */
export interface KeyOptions {
  dataDir: string;
  /** The previous generated folder, whose check file records the key of the last run published from this checkout. */
  outDir: string;
  /** UOF_PSEUDONYM_KEY, if set. */
  envKey: string | undefined;
  /** --new-pseudonyms: start new pseudonyms on purpose. */
  restart: boolean;
}

const RESTART_FIX = "run again with --new-pseudonyms to start new pseudonyms on purpose (every incident's address and every citation of an incident in the previous release will then stop resolving)";

/**
 * Finds the key (UOF_PSEUDONYM_KEY, else <data>/.pseudonym-key, made on a first release) and
 * checks it against the key that made the previous release; problems are pushed, and then null
 * is returned.
 */
export function resolveKey(o: KeyOptions, problems: Problem[]): KeyResolution | null {
  const keyFile = path.join(o.dataDir, KEY_FILE);
  const records = [path.join(o.dataDir, KEY_CHECK_FILE), path.join(o.outDir, KEY_CHECK_FILE)]
    .map((file) => ({ file, fingerprint: readCheck(file) }))
    .filter((r): r is { file: string; fingerprint: string } => r.fingerprint !== null);
  const notes: string[] = [];
  const problem = (file: string, field: string | null, value: string | null, expected: string, fix: string) => {
    problems.push({ file, line: null, column: null, field, value, expected, fix });
    return null;
  };
  let key: string;
  let from: string;
  if (o.envKey !== undefined && o.envKey !== "") {
    from = "UOF_PSEUDONYM_KEY";
    key = o.envKey;
    if (key.length < MIN_LENGTH) return problem("UOF_PSEUDONYM_KEY (environment variable)", null, null, `a pseudonym key of at least ${MIN_LENGTH} characters; it has ${key.length}`, "set it to the key that made the previous release, or unset it to use the key file in the department's folder");
  } else if (fs.existsSync(keyFile)) {
    from = keyFile;
    const st = fs.statSync(keyFile);
    if (!st.isFile()) return problem(keyFile, null, null, "a file holding the pseudonym key", "replace it with the key file of the previous release");
    key = fs.readFileSync(keyFile, "utf8").trim();
    if (key.length < MIN_LENGTH) return problem(keyFile, null, null, `a pseudonym key of at least ${MIN_LENGTH} characters; it holds ${key.length}`, `restore the key file of the previous release from your backup, or delete it and ${RESTART_FIX}`);
  } else {
    if (records.length > 0 && !o.restart) {
      return problem(records[0].file, null, null,
        `the pseudonym key that made the previous release; none was found (UOF_PSEUDONYM_KEY is not set and ${keyFile} does not exist)`,
        `restore ${keyFile} from your backup, or set UOF_PSEUDONYM_KEY to the key; or ${RESTART_FIX}`);
    }
    key = randomBytes(32).toString("hex");
    fs.writeFileSync(keyFile, key + "\n", { mode: 0o600 });
    from = keyFile;
    notes.push(`Created a new pseudonym key in ${keyFile}. Keep it secret and keep it (back it up): the same key gives the same pseudonyms next release. Never commit or publish it.`);
  }
  const fingerprint = keyFingerprint(key);
  const differs = records.filter((r) => r.fingerprint !== fingerprint);
  if (differs.length > 0 && !o.restart) {
    return problem(differs[0].file, null, null,
      `the pseudonym key that made the previous release; the key from ${from} is a different one`,
      `use the previous key (UOF_PSEUDONYM_KEY or ${keyFile}); or ${RESTART_FIX}`);
  }
  if (o.restart && records.length > 0) {
    notes.push(`--new-pseudonyms: every incident, subject, officer and complaint gets a new pseudonym. Incident addresses and citations of the previous release will not resolve in this one; say so in the release notes.`);
  }
  const own = records.find((r) => r.file === path.join(o.dataDir, KEY_CHECK_FILE));
  return { key, fingerprint, from, notes, writeCheck: !own || own.fingerprint !== fingerprint ? path.join(o.dataDir, KEY_CHECK_FILE) : null };
}
