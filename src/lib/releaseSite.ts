// Build-time access to the release history for the pages: the index (generated/site/releases.json),
// each release's changes (generated/releases/<version>/changes.json), the notes that old incident
// addresses keep, and the words the pages use. Without releases.json (an older generated folder)
// the site shows the current release only, as before.
import fs from "node:fs";
import path from "node:path";
import type { IncidentRecord } from "./aggregates.ts";
import type { Changes, Move, ReleaseEntry, ReleaseIndex, YearMark } from "./releases.ts";
import { generatedDir, incidentYears, loadAggregates, loadIncidents } from "./site.ts";
import { districtSlug } from "./slug.ts";
import { listText } from "./methodology.ts";
import { incidentPath, type IncidentPageMode } from "./incidents.ts";

/** A version that can be a URL segment: letters, digits, ".", "_" and "-", starting with a letter or digit. */
export const VERSION_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

let index: ReleaseIndex | null | undefined;

/** The release index, or null when the build wrote none. Versions that cannot be URL segments stop the build. */
export function loadReleases(dir = generatedDir): ReleaseIndex | null {
  if (index !== undefined && dir === generatedDir) return index;
  const file = path.join(dir, "site/releases.json");
  let value: ReleaseIndex | null = null;
  if (fs.existsSync(file)) {
    value = JSON.parse(fs.readFileSync(file, "utf8")) as ReleaseIndex;
    for (const r of value.releases) {
      if (!VERSION_SEGMENT.test(r.version) || r.version === "latest") throw new Error(`${file}: release version "${r.version}" cannot be a page address (use letters, digits, ".", "_" and "-", and not "latest")`);
    }
  }
  if (dir === generatedDir) index = value;
  return value;
}

const changes = new Map<string, Changes | null>();

/** What changed in a release (its changes.json), or null when the build wrote none. */
export function loadChanges(version: string): Changes | null {
  if (!changes.has(version)) {
    const file = path.join(generatedDir, "releases", version, "changes.json");
    changes.set(version, fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Changes) : null);
  }
  return changes.get(version)!;
}

/** What the pages say about the current release: its version and date, and the next update expected (or null). */
export function currentRelease(): { version: string; released: string; next: string | null } {
  const { meta } = loadAggregates();
  const idx = loadReleases();
  const cur = idx?.releases.find((r) => r.version === idx.current);
  return { version: cur?.version ?? meta.version, released: cur?.released ?? meta.released, next: idx?.next_update ?? null };
}

/** Marks of revised years among the given years, oldest release first. */
export function yearMarksFor(years: Iterable<number>): YearMark[] {
  const set = new Set(years);
  return (loadReleases()?.year_marks ?? []).filter((m) => set.has(m.year));
}

/**
 * One line for a chart drawn outside its page (image, embed): which of the years it shows later
 * releases revised, from their marks (yearMarksFor): "2021 and 2022 were revised in release 2024.1."
 * ("" when none).
 */
export function revisedSentence(marks: readonly Pick<YearMark, "year" | "version">[]): string {
  const byVersion = new Map<string, number[]>();
  for (const m of marks) {
    const list = byVersion.get(m.version) ?? [];
    if (!list.includes(m.year)) list.push(m.year);
    byVersion.set(m.version, list);
  }
  return [...byVersion].map(([v, ys]) => `${listText(ys.sort((a, b) => a - b).map(String))} ${ys.length === 1 ? "was" : "were"} revised in release ${v}.`).join(" ");
}

/** "3 incidents added, 1 withdrawn, 5 revised" (only the parts that are not zero). */
export function revisionCounts(m: { added: number; withdrawn: number; revised: number }): string {
  const parts: string[] = [];
  if (m.added) parts.push(`${m.added} added`);
  if (m.withdrawn) parts.push(`${m.withdrawn} withdrawn`);
  if (m.revised) parts.push(`${m.revised} revised`);
  if (parts.length === 0) return "";
  const n = m.added || m.withdrawn || m.revised;
  // The noun goes with the first number: "3 incidents added, 1 withdrawn".
  parts[0] = parts[0].replace(/^(\d+)/, `$1 ${n === 1 ? "incident" : "incidents"}`);
  return parts.join(", ");
}

/** A byte count as readers read it: 12.3 KB, 4.5 MB. */
export function sizeText(bytes: number): string {
  const f = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return bytes < 1024 * 1024 ? `${f(Math.max(0.1, bytes / 1024))} KB` : `${f(bytes / 1024 / 1024)} MB`;
}

/** The summary of a release's changes in one sentence ("" for the first release). */
export function summaryText(r: Pick<ReleaseEntry, "summary" | "previous" | "pseudonyms">): string {
  const s = r.summary;
  if (!s || r.previous === null) return "The first release: nothing earlier to compare with.";
  const n = (k: number, one: string, many = `${one}s`) => `${k.toLocaleString("en-US")} ${k === 1 ? one : many}`;
  const restarted = r.pseudonyms === "restarted" ? " Pseudonyms were made anew, so records cannot be matched with the previous release; only totals are compared." : "";
  const f = (k: number) => k.toLocaleString("en-US");
  // Incidents first, as readers count them; then the rows of every table (people, force uses, officers, counts).
  const incidents = s.incidents && r.pseudonyms !== "restarted" ? `${n(s.incidents.added, "incident")} added, ${f(s.incidents.withdrawn)} withdrawn and ${f(s.incidents.revised)} revised. Across all tables, ` : "";
  const rows = incidents
    ? `${n(s.added, "row")} ${s.added === 1 ? "was" : "were"} added, ${f(s.withdrawn)} withdrawn and ${f(s.revised)} revised, and ${f(s.protection)} changed only in how much detail privacy protection allows`
    : `${n(s.added, "record")} added, ${f(s.withdrawn)} withdrawn, ${f(s.revised)} revised, ${f(s.protection)} changed only in privacy protection`;
  return `Since ${r.previous}: ${incidents}${rows}; ${n(s.moved, "incident")} moved or withdrawn from ${s.moved === 1 ? "its" : "their"} address; ${n(s.totals, "published total")} changed.${restarted}`;
}

/** Why a move happened, from the fields that changed: "its district was corrected". */
export function moveReason(fields: readonly string[], protection = false): string {
  const f = new Set(fields);
  const words: string[] = [];
  if (f.has("year") || f.has("date")) words.push("date");
  if (f.has("district")) words.push("district");
  if (words.length === 0) return "its published details changed";
  const what = `its ${words.join(" and ")}`;
  // Disclosure control changed what is shown; the record itself was not corrected.
  if (protection) return `${what} ${words.length > 1 ? "are" : "is"} now published with different detail to protect privacy`;
  return `${what} ${words.length > 1 ? "were" : "was"} corrected`;
}

let byPid: Map<string, IncidentRecord> | null = null;

/** The current incident of a pseudonym, or undefined when no incident has it now. */
export function currentIncident(pid: string): IncidentRecord | undefined {
  if (!byPid) {
    byPid = new Map();
    for (const y of incidentYears()) for (const r of loadIncidents(y)) byPid.set(r.incident, r);
  }
  return byPid.get(pid);
}

/** The current address of an incident (with its anchor), or null when it no longer exists. */
export function currentAddress(pid: string, mode: IncidentPageMode): string | null {
  const r = currentIncident(pid);
  return r ? incidentPath(r, mode) : null;
}

/** A note an old incident address keeps: where the incident went (or that it was withdrawn) and in which release. */
export interface MoveNote {
  incident: string;
  version: string;
  released: string;
  /** Whether that release moved it (else it withdrew it). */
  moved: boolean;
  /** The incident's current address with its anchor; null when withdrawn, or moved and no longer published. */
  to: string | null;
  reason: string;
}

/** An old month page that holds notes, by its parts. */
export interface NotePage {
  path: string;
  year: number;
  /** The URL segment of the district and the code it stands for (the segment itself when no configured district has it). */
  slug: string;
  code: string;
  name: string;
  part: string;
  notes: MoveNote[];
}

const MONTH_PAGE = /^\/incidents\/(\d{4})\/([^/]+)\/([^/]+)\/$/;

/**
 * Every old month page (grouped layout) with the notes it keeps, newest release's word on each
 * incident. An incident whose current address is on that same page has no note there.
 */
export function notePages(mode: IncidentPageMode): NotePage[] {
  const idx = loadReleases();
  if (!idx || mode !== "grouped") return [];
  const { meta } = loadAggregates();
  const pages = new Map<string, NotePage>();
  const latestOf = new Map<string, Move & { version: string; released: string }>();
  // The newest record of each (page, incident) decides its note.
  for (const m of idx.moved) latestOf.set(`${m.from}#${m.incident}`, m);
  for (const m of latestOf.values()) {
    const parts = MONTH_PAGE.exec(m.from);
    if (!parts) continue;
    const now = currentAddress(m.incident, mode);
    if (now !== null && now.split("#")[0] === m.from) continue;
    const [, y, slug, part] = parts;
    const district = meta.districts.find((d) => districtSlug(d.code) === slug);
    let page = pages.get(m.from);
    if (!page) {
      page = { path: m.from, year: Number(y), slug, code: district?.code ?? slug, name: district?.name ?? slug, part, notes: [] };
      pages.set(m.from, page);
    }
    page.notes.push({ incident: m.incident, version: m.version, released: m.released, moved: m.to !== null, to: m.to === null ? null : now, reason: moveReason(m.fields, m.protection === true) });
  }
  for (const p of pages.values()) p.notes.sort((a, b) => a.incident.localeCompare(b.incident));
  return [...pages.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** The notes an old month page keeps (empty when none). */
export function notesAt(pagePath: string, mode: IncidentPageMode): MoveNote[] {
  return notePages(mode).find((p) => p.path === pagePath)?.notes ?? [];
}

/** The releases as the pages list them, newest first (the index's order). */
export function releaseList(): ReleaseEntry[] {
  return loadReleases()?.releases ?? [];
}
