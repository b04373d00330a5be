// The department's own files beside its tables: config.json (who it is, its districts, its
// release) and policy/*.md (its policy, one section a file). Each is checked against its schema
// with every problem at its line: JSON keys written twice, dates that do not exist, unknown time
// zones, links that could run script, names unsafe in page addresses, control characters.
import path from "node:path";
import { districtSlug } from "../../src/lib/slug.ts";
import { WITHHELD } from "../../src/lib/schema/disclosure.ts";
import { departmentConfig, DRAFT_VERSION, PLACEHOLDER, PLACEHOLDER_PATTERN, policyFrontMatter, type DepartmentConfig, type PolicySection } from "../../src/lib/schema/config.ts";
import { aroundControl, CONTROL, controlExpected, controlName, lineControlProblems, showControls } from "./controls.ts";
import type { Io } from "./io.ts";
import { jsonStrings, parseLocatedJson, type LocatedJson } from "./json.ts";
import type { SourceFile } from "./parse.ts";
import type { Problem } from "./problems.ts";
import { present, readInput } from "./read.ts";

/** How config.json is read: refuseDraft makes the placeholders mapping:init writes problems (a build refuses a draft). */
export interface ConfigOptions {
  refuseDraft?: boolean;
}

/** Reads and checks the department's config.json; notes say how it was read when it was not UTF-8. */
export function readConfig(io: Io, dataDir: string, problems: Problem[], notes: string[] = [], options: ConfigOptions = {}): DepartmentConfig | null {
  const configPath = path.join(dataDir, "config.json");
  if (!present(io, configPath)) {
    problems.push({ file: configPath, line: null, column: null, field: null, value: null, expected: "a configuration file", fix: "create config.json as the README describes" });
    return null;
  }
  const input = readInput(io, configPath, dataDir);
  if ("problem" in input) {
    problems.push(input.problem);
    return null;
  }
  if (input.note) notes.push(input.note);
  const config = validateConfig({ path: configPath, text: input.text }, problems, options);
  const json = config && !options.refuseDraft ? parseLocatedJson(input.text) : null;
  if (json && !("error" in json) && draftTimezone(json.value)) notes.push(`${configPath}: timezone is still to fill in; for this import, dates written in UTC are read as UTC`);
  return config;
}

/** Whether a config's timezone is still the placeholder mapping:init writes when nothing says where the department is. */
function draftTimezone(v: unknown): boolean {
  return v !== null && typeof v === "object" && typeof (v as { timezone?: unknown }).timezone === "string" && PLACEHOLDER_PATTERN.test((v as { timezone: string }).timezone);
}

/** What to put in place of a placeholder, by the key's name. */
const FILL_IN: Record<string, string> = {
  name: 'the department\'s full name, e.g. "City of Riverton Police Department"',
  short_name: 'a short name for page titles, e.g. "Riverton PD" (or remove short_name to use name)',
  jurisdiction: 'the area the department serves, e.g. "City of Riverton"',
  "contact.url": "the web page where readers ask about the data (https://...), or remove url and give contact.email",
  "contact.email": "the address readers write to about the data, e.g. data@riverton.gov",
  "contact.phone": "the public phone line for questions about the data, or remove phone",
  "licence.id": 'the SPDX identifier of the data licence, e.g. "CC-BY-4.0"',
  "licence.name": 'the licence\'s name as readers see it, e.g. "Creative Commons Attribution 4.0"',
  "licence.url": "the address of the licence text (https://...)",
  version: 'this release\'s version, e.g. "2025.1" (it is printed in every citation)',
  timezone: 'the department\'s IANA time zone, e.g. "America/New_York" or "America/Los_Angeles" (dates written in UTC are converted to it)',
};

/**
 * The placeholders of a draft config.json that mapping:init wrote and nobody filled in: any value
 * saying "EDIT ME" (in any spelling), and the draft version. One problem per field, with what to put there.
 */
export function placeholderProblems(file: string, json: LocatedJson): Problem[] {
  const out: Problem[] = [];
  const walk = (v: unknown, at: (string | number)[]) => {
    if (typeof v === "string") {
      const draftVersion = at.length === 1 && at[0] === "version" && v === DRAFT_VERSION;
      if (!PLACEHOLDER_PATTERN.test(v) && !draftVersion) return;
      const key = at.join(".");
      const generic = at.filter((k) => typeof k === "string").join(".");
      const what = FILL_IN[key] ?? FILL_IN[generic] ?? (at[0] === "districts" ? "the district's name as readers know it" : "the real value, as the README's config.json section describes");
      out.push({
        file, line: json.lineOf(at), column: null, field: key, value: v,
        expected: draftVersion ? `the version of this release, not the draft version "${DRAFT_VERSION}" that mapping:init writes` : `a real value, not the placeholder "${PLACEHOLDER}" that mapping:init writes`,
        fix: `put ${what} there`,
      });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]));
    else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
  };
  walk(json.value, []);
  return out;
}

/** The placeholders still in a department's config.json (none when it cannot be read or parsed: other checks say why). */
export function draftConfigProblems(io: Io, dataDir: string): Problem[] {
  const configPath = path.join(dataDir, "config.json");
  if (!present(io, configPath)) return [];
  const input = readInput(io, configPath, dataDir);
  if ("problem" in input) return [];
  const json = parseLocatedJson(input.text);
  return "error" in json ? [] : placeholderProblems(configPath, json);
}

/** The value at a path of a parsed JSON value, shown in a problem (strings and numbers only). */
function shownValue(value: unknown, path: readonly PropertyKey[]): string | null {
  let v: unknown = value;
  for (const k of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return typeof v === "string" ? showControls(v) : typeof v === "number" ? String(v) : null;
}

/**
 * Problems of a JSON file that JSON.parse lets through: keys written twice in one object (JSON
 * keeps the last, silently) and control characters in its strings (written as \u escapes).
 */
export function jsonProblems(file: string, json: LocatedJson, problems: Problem[]): void {
  for (const d of json.duplicates) {
    problems.push({
      file, line: d.line, column: null, field: d.path.join("."), value: null,
      expected: `each key once in its object; "${String(d.path.at(-1))}" is also at line ${d.first}, and only the last would count`,
      fix: "remove one of the two, keeping the value you mean",
    });
  }
  for (const s of jsonStrings(json.value)) {
    const at = CONTROL.exec(s.text);
    if (!at) continue;
    problems.push({
      file, line: json.lineOf(s.path), column: null, field: s.path.join("."), value: aroundControl(s.text, at.index),
      expected: controlExpected(controlName(at[0]), `at character ${at.index + 1}`),
      fix: "remove the \\u escape of the control character from the string",
    });
  }
}

/** How to fix a config key, by its name. */
function configFix(key: string, code: string): string {
  if (code === "unrecognized_keys") return "remove the unknown key, or check its spelling";
  const last = key.split(".").filter((k) => !/^\d+$/.test(k)).at(-1) ?? "";
  const fixes: Record<string, string> = {
    timezone: "use a time zone name from the IANA list, such as America/Chicago or Europe/London (or UTC)",
    released: "write a real date, YYYY-MM-DD",
    data_through: "write a real date, YYYY-MM-DD",
    data_from: "write a real date, YYYY-MM-DD",
    single_value_fields: 'name each field as table.field, e.g. "incidents.review_body" (only coded and yes/no fields of incidents, subjects and officers)',
    url: "use an https:// address (http:// and mailto: are accepted too)",
    email: "write a plain address such as data@example.gov, with nothing before or after it",
    file: "give the boundaries file's path inside the department's folder, such as boundaries/districts.geojson",
    key: "name the feature property that holds each district's code, such as code or DISTRICT",
    code: "use the district's code as the data files write it, with at least one letter or digit and no space at either end; the district's name can say anything",
  };
  return fixes[last] ?? "set this key as the data dictionary describes";
}

/**
 * Parses and checks data/config.json: its syntax, keys written twice, every key against the
 * schema (real dates, a known time zone, safe links, district codes fit for page addresses),
 * each district once; every problem at its key's line.
 */
export function validateConfig(file: SourceFile, problems: Problem[], options: ConfigOptions = {}): DepartmentConfig | null {
  const json = parseLocatedJson(file.text);
  if ("error" in json) {
    problems.push({ file: file.path, line: json.line, column: null, field: null, value: null, expected: "valid JSON", fix: `correct the JSON syntax (${json.error})` });
    return null;
  }
  const before = problems.length;
  jsonProblems(file.path, json, problems);
  if (options.refuseDraft) problems.push(...placeholderProblems(file.path, json));
  // A draft's time zone left to fill in: an import trial reads dates written in UTC as UTC (readConfig says so).
  const r = departmentConfig.safeParse(!options.refuseDraft && draftTimezone(json.value) ? { ...(json.value as object), timezone: "UTC" } : json.value);
  if (!r.success) {
    for (const issue of r.error.issues) {
      const keys = issue.code === "unrecognized_keys" ? (issue as { keys: string[] }).keys : [null];
      for (const k of keys) {
        const at = k === null ? issue.path : [...issue.path, k];
        const key = at.join(".");
        problems.push({
          file: file.path, line: json.lineOf(at), column: null, field: key || "(top level)", value: issue.code === "unrecognized_keys" ? null : shownValue(json.value, at),
          expected: issue.message.replace(/^Invalid input: /, "").replace(/^expected /, ""),
          fix: configFix(key, issue.code),
        });
      }
    }
    return null;
  }
  const config = r.data;
  // Each district once: codes that differ only in case, accents, spaces or punctuation ("North
  // Side", "north-side") would share a page address. The address of the records whose district is
  // withheld to protect privacy is taken.
  const slugs = new Map<string, number>();
  config.districts.forEach((d, i) => {
    const slug = districtSlug(d.code);
    if (slug === districtSlug(WITHHELD)) {
      problems.push({
        file: file.path, line: json.lineOf(["districts", i, "code"]), column: null, field: `districts.${i}.code`, value: d.code,
        expected: `a code whose page address segment is not "${slug}": that address lists the incidents whose district is withheld to protect privacy`,
        fix: "give the district another code, and use the same code in the data files",
      });
      return;
    }
    const first = slugs.get(slug);
    if (first === undefined) {
      slugs.set(slug, i);
      return;
    }
    const other = config.districts[first].code;
    problems.push({
      file: file.path, line: json.lineOf(["districts", i, "code"]), column: null, field: `districts.${i}.code`, value: d.code,
      expected: other === d.code ? `each district code once ("${d.code}" is listed at line ${json.lineOf(["districts", first, "code"])} too)` : `a code distinct from "${other}" (line ${json.lineOf(["districts", first, "code"])}): both would make the same page address segment "${slug}"`,
      fix: "give each district a code of its own, and use the same codes in the data files",
    });
  });
  if (config.data_through && config.data_through > config.released) {
    problems.push({
      file: file.path, line: json.lineOf(["data_through"]), column: null, field: "data_through", value: config.data_through,
      expected: `a last day covered on or before the release date (released: ${config.released})`,
      fix: "correct data_through, or released if the release is later",
    });
  }
  const firstAfter = config.data_through ? { key: "data_through", date: config.data_through } : { key: "released", date: config.released };
  if (config.data_from && config.data_from > firstAfter.date) {
    problems.push({
      file: file.path, line: json.lineOf(["data_from"]), column: null, field: "data_from", value: config.data_from,
      expected: `a first day covered on or before ${firstAfter.key} (${firstAfter.date})`,
      fix: `correct data_from, or ${firstAfter.key}`,
    });
  }
  return problems.length === before ? config : null;
}

/** A policy file name's stem is its page address: lowercase letters, digits and hyphens. */
const POLICY_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The name a policy file could have: its stem as lowercase letters, digits and hyphens. */
function policyName(stem: string): string {
  const s = stem.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return `${s || "policy-section"}.md`;
}

/**
 * Parses front matter ("key: value" lines between --- fences) and checks each policy section:
 * its file name (the page address), control characters, keys written twice, and each key.
 */
export function validatePolicy(files: SourceFile[], problems: Problem[]): PolicySection[] {
  const out: PolicySection[] = [];
  for (const file of files) {
    const name = file.path.replace(/^.*[\\/]/, "");
    const slug = name.replace(/\.md$/, "");
    let ok = true;
    if (!POLICY_SLUG.test(slug)) {
      problems.push({
        file: file.path, line: null, column: null, field: null, value: null,
        expected: `a file name of lowercase letters, digits and hyphens, ending in .md (it becomes the page address /policy/<name>/); got "${showControls(name)}"`,
        fix: `rename the file to ${policyName(slug)}`,
      });
      ok = false;
    }
    const controls = lineControlProblems(file.path, file.text);
    if (controls.length) {
      problems.push(...controls);
      ok = false;
    }
    const text = file.text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
    const m = /^---\n([\s\S]*?)\n---\n?/.exec(text);
    if (!m) {
      problems.push({ file: file.path, line: 1, column: null, field: null, value: null, expected: "front matter between --- lines (title, section, effective)", fix: "start the file with ---, the keys, and ---" });
      continue;
    }
    const fm: Record<string, unknown> = {};
    const lineOf = new Map<string, number>();
    m[1].split("\n").forEach((l, k) => {
      const kv = /^([a-z_]+):\s*(.*)$/.exec(l.trim());
      if (!kv) return;
      const first = lineOf.get(kv[1]);
      if (first !== undefined) {
        problems.push({ file: file.path, line: k + 2, column: null, field: kv[1], value: null, expected: `each key once in the front matter; "${kv[1]}" is also at line ${first}, and only one can count`, fix: "remove one of the two, keeping the value you mean" });
        ok = false;
        return;
      }
      lineOf.set(kv[1], k + 2);
      const v = kv[2].replace(/^"(.*)"$/, "$1");
      fm[kv[1]] = v === "true" ? true : v === "false" ? false : v;
    });
    const r = policyFrontMatter.safeParse(fm);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const key = issue.path.join(".");
        problems.push({ file: file.path, line: lineOf.get(key) ?? 1, column: null, field: key, value: key in fm ? showControls(String(fm[key])) : null, expected: issue.message.replace(/^Invalid input: /, "").replace(/^expected /, ""), fix: "correct the front matter key" });
      }
      continue;
    }
    if (ok) out.push({ ...r.data, slug, body: text.slice(m[0].length) });
  }
  return out.sort((a, b) => a.slug.localeCompare(b.slug));
}
