// What an attacker reads from a built site: the record downloads, the published threshold k, and
// every byte of the site (with the search index decompressed). Nothing here asks the pipeline.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { csvParse } from "d3-dsv";

export type Row = Record<string, string>;

/** A CSV download as rows of text, each text cell without its one leading formula guard (`'`). */
export function readCsv(file: string): Row[] {
  const rows = csvParse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  for (const r of rows) for (const k of Object.keys(r)) if (r[k]?.startsWith("'")) r[k] = r[k]!.slice(1);
  return rows as unknown as Row[];
}

/** The threshold k the site publishes (datapackage.json disclosure_control.k), or 5 where it publishes none. */
export function publishedK(downloads: string): { k: number; source: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(downloads, "datapackage.json"), "utf8"));
  const k = pkg?.disclosure_control?.k;
  if (typeof k === "number" && Number.isInteger(k) && k >= 1) return { k, source: "datapackage.json disclosure_control.k" };
  return { k: 5, source: "datapackage.json has no disclosure_control.k: the default 5 is used" };
}

export const INCIDENT_QI = ["date", "district", "beat"] as const;
export const SUBJECT_QI = ["age_band", "sex", "race_ethnicity"] as const;
export const OFFICER_QI = ["age_band", "sex", "race_ethnicity", "service_band"] as const;
export const WITHHELD = "withheld";

export interface GroupReport {
  view: string;
  records: number;
  groups: number;
  groupsBelow: number;
  recordsBelow: number;
  /** Groups exempt by the stated exception (yearly totals published exactly by design). */
  exempt: number;
  examples: string[];
}

/**
 * Counts records per combination of quasi-identifier values (every published value, withheld and
 * empty included, is a value of its own) and reports the groups smaller than k.
 *
 * Exception: a group whose every quasi-identifier is `withheld` (or is a column empty in every
 * record of the file, which the site does not publish at all), except a date given as a bare year
 * YYYY, is exempt: the yearly totals are published exactly by design.
 */
export function groupsBelowK(view: string, keys: string[][], qi: readonly string[], k: number, blankColumns: Set<string>): GroupReport {
  const counts = new Map<string, number>();
  for (const key of keys) {
    const s = JSON.stringify(key);
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const dateAt = qi.indexOf("date");
  const exemptKey = (key: string[]) =>
    key.every((v, i) => (i === dateAt ? /^\d{4}$/.test(v) : v === WITHHELD || (v === "" && blankColumns.has(qi[i]))));
  let groupsBelow = 0;
  let recordsBelow = 0;
  let exempt = 0;
  const examples: string[] = [];
  for (const [s, n] of counts) {
    if (n >= k) continue;
    const key = JSON.parse(s) as string[];
    if (exemptKey(key)) {
      exempt++;
      continue;
    }
    groupsBelow++;
    recordsBelow += n;
    if (examples.length < 5) examples.push(`${qi.map((q, i) => `${q}=${key[i] === "" ? "(empty)" : key[i]}`).join(", ")}: ${n} record(s)`);
  }
  return { view, records: keys.length, groups: counts.size, groupsBelow, recordsBelow, exempt, examples };
}

/** Columns empty in every row of a file. */
function blankColumns(rows: Row[], cols: readonly string[]): Set<string> {
  return new Set(cols.filter((c) => rows.every((r) => (r[c] ?? "") === "")));
}

/** The k check over the linked record downloads: subjects joined to their incidents, and incidents alone. */
export function kCheck(downloads: string, k: number): { subjects: GroupReport; incidents: GroupReport; officers: GroupReport | null; unlinked: number } {
  const incidents = readCsv(path.join(downloads, "incidents.csv"));
  const subjects = readCsv(path.join(downloads, "subjects.csv"));
  const byPid = new Map(incidents.map((r) => [r.incident, r]));
  const blank = new Set([...blankColumns(incidents, INCIDENT_QI), ...blankColumns(subjects, SUBJECT_QI)]);
  let unlinked = 0;
  const subjectKeys = subjects.map((s) => {
    const inc = byPid.get(s.incident);
    if (!inc) unlinked++;
    // A subject whose incident is not published keeps its incident's values as "(no incident)".
    return [...INCIDENT_QI.map((q) => (inc ? (inc[q] ?? "") : "(no incident)")), ...SUBJECT_QI.map((q) => s[q] ?? "")];
  });
  const incidentKeys = incidents.map((r) => INCIDENT_QI.map((q) => r[q] ?? ""));
  // Officers joined to their incidents the same way; an officer record with every detail
  // withheld (or in a column empty throughout) tells nothing of the officer and is left out.
  const officerFile = path.join(downloads, "officers.csv");
  let officers: GroupReport | null = null;
  if (fs.existsSync(officerFile)) {
    const rows = readCsv(officerFile);
    const empty = blankColumns(rows, OFFICER_QI);
    const detailed = rows.filter((o) => OFFICER_QI.some((q) => !empty.has(q) && (o[q] ?? "") !== WITHHELD));
    const keys = detailed.map((o) => {
      const inc = byPid.get(o.incident);
      return [...INCIDENT_QI.map((q) => (inc ? (inc[q] ?? "") : "(no incident)")), ...OFFICER_QI.map((q) => o[q] ?? "")];
    });
    officers = groupsBelowK("officers with some detail published (incident date, district, beat + age band, sex, race/ethnicity, service band)", keys, [...INCIDENT_QI, ...OFFICER_QI.map((q) => `officer ${q}`)], k, blank);
  }
  return {
    subjects: groupsBelowK("subjects (incident date, district, beat + age band, sex, race/ethnicity)", subjectKeys, [...INCIDENT_QI, ...SUBJECT_QI], k, blank),
    incidents: groupsBelowK("incidents (date, district, beat)", incidentKeys, INCIDENT_QI, k, blank),
    officers,
    unlinked,
  };
}

export function describeGroups(r: GroupReport, k: number): string {
  return `${r.view}: ${r.records} records in ${r.groups} groups; ${r.groupsBelow} group(s) holding ${r.recordsBelow} record(s) below k=${k}` +
    (r.exempt ? ` (${r.exempt} exempt group(s): yearly totals)` : "") +
    (r.examples.length ? `\n    e.g. ${r.examples.join("\n         ")}` : "");
}

// ---------------------------------------------------------------------------------------------
// Searching every byte of the output.

/** Every file under a folder, following links (output folders are links to builds). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d)) {
      const p = path.join(d, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

const PAGEFIND_SIGNATURE = "pagefind_dcd";

/**
 * The text an attacker can read from a file: its bytes as UTF-8, except the Pagefind index files
 * (gzip streams whose decompressed content starts with "pagefind_dcd"), which are decompressed.
 * Throws where a Pagefind file does not decompress as expected, so nothing escapes the search unread.
 */
export function readable(file: string): string {
  const bytes = fs.readFileSync(file);
  if (/\.pf_(fragment|index|meta|filter)$/.test(file)) {
    const raw = zlib.gunzipSync(bytes);
    const head = raw.subarray(0, PAGEFIND_SIGNATURE.length).toString("latin1");
    if (head !== PAGEFIND_SIGNATURE) throw new Error(`${file}: decompressed Pagefind file does not start with ${PAGEFIND_SIGNATURE}`);
    return raw.subarray(PAGEFIND_SIGNATURE.length).toString("utf8");
  }
  return bytes.toString("utf8");
}

const tokens = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * Finds needles in files, as token sequences (letters and digits; case, punctuation, spacing and
 * markup between tokens ignored, so "3100 Block of  SPRUCE ave" matches "3100 block of Spruce Ave").
 * Also reports every token that starts with one of the prefixes (a planted value cut short).
 */
export function searchFiles(files: string[], needles: string[], prefixes: string[] = []): { found: Map<string, string[]>; prefixHits: Map<string, string[]>; filesRead: number; pagefindFiles: number } {
  const byKey = new Map<string, { needle: string; toks: string[]; at: number }[]>();
  for (const needle of new Set(needles)) {
    const toks = tokens(needle);
    if (toks.length === 0) continue;
    let at = 0;
    toks.forEach((t, i) => (t.length > toks[at].length ? (at = i) : 0));
    const list = byKey.get(toks[at]) ?? [];
    list.push({ needle, toks, at });
    byKey.set(toks[at], list);
  }
  const found = new Map<string, string[]>();
  const prefixHits = new Map<string, string[]>();
  const lowerPrefixes = prefixes.map((p) => p.toLowerCase());
  let pagefindFiles = 0;
  for (const file of files) {
    if (/\.pf_(fragment|index|meta|filter)$/.test(file)) pagefindFiles++;
    const text = /\.html?$/.test(file) ? readable(file).replace(/<[^>]*>/g, " ") : readable(file);
    const toks = tokens(text);
    for (let i = 0; i < toks.length; i++) {
      const cands = byKey.get(toks[i]);
      if (cands) {
        for (const c of cands) {
          const start = i - c.at;
          if (start < 0 || start + c.toks.length > toks.length) continue;
          if (c.toks.every((t, r) => toks[start + r] === t)) {
            const list = found.get(c.needle) ?? [];
            if (!list.includes(file)) list.push(file);
            found.set(c.needle, list);
          }
        }
      }
      for (const p of lowerPrefixes) {
        if (toks[i].startsWith(p)) {
          const list = prefixHits.get(toks[i]) ?? [];
          if (!list.includes(file)) list.push(file);
          prefixHits.set(toks[i], list);
        }
      }
    }
  }
  return { found, prefixHits, filesRead: files.length, pagefindFiles };
}
