// How `mapping:init` chooses the incident key and the grain of an export: by the column names, by
// which columns are unique, and (when the rows are at hand) by how rows repeat within one key.
import type { ColumnProfile } from "./profile.ts";

/** Column names on the officer's side: "Officer Race", "ofcrace", "Emp Sex", "Member Age". */
export const OFFICER_SIDE = /officer|^off[_ ]|^ofc|\bofc\b|deputy|\bemp(loyee)?\b|^emp[_ ]|\bmember\b/i;
/** Column names on the subject's side: "Subject Race", "susrace", "Suspect Sex", "Citizen Age". */
export const SUBJECT_SIDE = /subject|suspect|^sus|\bsus\b|citizen|civilian|arrestee|offender|\bperson\b|individual/i;

/** Which side a column describes, by its name: the word that comes first decides when both appear. */
export function sideOf(name: string): "officer" | "subject" | null {
  const o = OFFICER_SIDE.exec(name);
  const s = SUBJECT_SIDE.exec(name);
  if (o && s) return o.index <= s.index ? "officer" : "subject";
  return o ? "officer" : s ? "subject" : null;
}

/** Names of identifier columns, strongest first: an incident's own id, then case or report numbers, then row ids. */
const ID_TIERS: { re: RegExp; what: string }[] = [
  { re: /incident|^incid|uof ?(id|number|no|num)|use of force (id|number|no)|\bftn\b|^pib\b|file ?(number|no|num|#)|tracking/, what: "an incident id" },
  { re: /case|report ?(number|no|num|#|id)|primary ?key|\bcad\b|event ?(number|no|num|id)|^rin$|control ?(number|no)/, what: "a case or report number" },
  { re: /object ?id|^fid$|^id$|record ?(id|number|no)|row ?id|^uid$/, what: "a row id" },
];

/** Names that say a column counts something ("Number of Officers", "Number  Shots", "Total"). */
const COUNT_NAME = /count|number of|^num(ber)?\b(?! ?(id|#))|^no\.? of|total|shots|rounds|^n[ _]|^t(otal)?ofc$/;

/** The identifier tier a column's name suggests (3 strongest), or 0. */
export function idTier(name: string): number {
  const n = name.trim().replace(/[\s_]+/g, " ").toLowerCase();
  const i = ID_TIERS.findIndex((t) => t.re.test(n));
  return i < 0 ? 0 : ID_TIERS.length - i;
}

/** What kind of identifier a column's name suggests, for notes. */
export function idWhat(name: string): string {
  const t = idTier(name);
  return t ? ID_TIERS[ID_TIERS.length - t].what : "an identifier";
}

/** Whether a column is a count or a small whole number (a level, a code) rather than an id. */
export function isCountLike(p: ColumnProfile): boolean {
  const n = p.name.trim().replace(/[\s_]+/g, " ").toLowerCase();
  if (COUNT_NAME.test(n) && !/case|report|file|incident/.test(n)) return true;
  if (!p.integer) return false;
  const max = Math.max(...p.distinct.map(([l]) => Math.abs(+l)));
  return !p.unique && max <= 100;
}

/** Whether a column could hold an incident key at all: not a date, time, count or free text. */
export function keyable(p: ColumnProfile): boolean {
  if (p.date || p.time || isCountLike(p) || p.filled === 0) return false;
  if (p.numeric && !p.integer) return false;
  // Free text (long sentences) is no key, even when every cell differs.
  if (p.distinct.some(([l]) => l.length > 60)) return false;
  return p.blankShare < 0.05 && p.distinct.length >= Math.max(2, 0.2 * p.filled);
}

/** Whether cells read as ids: nearly all hold a digit and at most three words ("FTN2020-0235", "17-004512"), not labels or text. */
export function idShaped(p: ColumnProfile): boolean {
  if (p.distinct.length === 0) return false;
  return p.distinct.filter(([l]) => /\d/.test(l) && l.trim().split(/\s+/).length <= 3).length / p.distinct.length >= 0.9;
}

/** How rows of one key agree on some columns: the share of multi-row groups where those columns vary. */
export function varyShare(rows: readonly string[][] | undefined, key: number | readonly number[], cols: readonly number[]): number | null {
  if (!rows || cols.length === 0) return null;
  const keyCols = typeof key === "number" ? [key] : key;
  const groups = new Map<string, Set<string>>();
  const sizes = new Map<string, number>();
  for (const r of rows) {
    const k = keyCols.map((c) => (r[c] ?? "").trim().toLowerCase()).join("\u0000");
    if ((r[keyCols[0]] ?? "").trim() === "") continue;
    const v = cols.map((c) => (r[c] ?? "").trim().toLowerCase()).join("\u0000");
    let g = groups.get(k);
    if (!g) groups.set(k, (g = new Set()));
    g.add(v);
    sizes.set(k, (sizes.get(k) ?? 0) + 1);
  }
  let multi = 0;
  let varied = 0;
  for (const [k, g] of groups) {
    if ((sizes.get(k) ?? 0) < 2) continue;
    multi++;
    if (g.size > 1) varied++;
  }
  return multi === 0 ? null : varied / multi;
}

/** A candidate incident key with what was weighed. */
export interface KeyCandidate {
  profile: ColumnProfile;
  tier: number;
  /** Share of repeated keys whose rows give more than one date (null: not measured). */
  dateVaries: number | null;
}

/** The incident key: a keyable column named as an id, one date per key, strongest name, then the one that groups rows. */
export function chooseIncidentKey(
  profiles: readonly ColumnProfile[],
  opts: { rows?: readonly string[][]; dateCol?: ColumnProfile; keyOk?: (p: ColumnProfile) => boolean } = {},
): { key: ColumnProfile; why: string; considered: string[] } {
  const ok = opts.keyOk ?? (() => true);
  const cands: KeyCandidate[] = profiles
    .filter((p) => ok(p) && idTier(p.name) > 0 && keyable(p) && idShaped(p) && sideOf(p.name) === null && !/master/i.test(p.name))
    .map((p) => ({ profile: p, tier: idTier(p.name), dateVaries: opts.dateCol ? varyShare(opts.rows, p.index, [opts.dateCol.index]) : null }));
  // A key whose rows disagree on the date groups several incidents (a case spanning days): last.
  const consistent = (c: KeyCandidate) => (c.dateVaries === null || c.dateVaries <= 0.1 ? 1 : 0);
  cands.sort((a, b) => consistent(b) - consistent(a) || b.tier - a.tier || a.profile.distinct.length - b.profile.distinct.length || a.profile.index - b.profile.index);
  const describe = (c: KeyCandidate) => {
    const p = c.profile;
    const shape = p.unique && p.filled === p.rows ? "unique on every row" : `${p.distinct.length} values in ${p.rows} rows`;
    const dates = c.dateVaries === null ? "" : c.dateVaries > 0.1 ? `, ${Math.round(c.dateVaries * 100)}% of its repeated values span several dates` : ", one date per value";
    return `"${p.name}" (${idWhat(p.name)}, ${shape}${dates})`;
  };
  if (cands.length) {
    const [best, ...rest] = cands;
    return { key: best.profile, why: describe(best), considered: rest.map(describe) };
  }
  // No column named as an id: any other unique column that could be one.
  const unique = profiles.find((p) => ok(p) && keyable(p) && p.unique && p.filled === p.rows && sideOf(p.name) === null);
  if (unique) return { key: unique, why: `"${unique.name}" (unique on every row; no column is named as an id)`, considered: [] };
  // Nothing fits: the most varied column that is not a date, time or count, for the person to replace.
  const rest = profiles.filter((p) => ok(p) && !p.date && !p.time && !isCountLike(p)).sort((a, b) => b.distinct.length - a.distinct.length);
  const any = rest.find(keyable) ?? rest[0] ?? profiles[0];
  return { key: any, why: `"${any.name}" (a stand-in: no column is named as an id or unique; set keys.incident by hand)`, considered: [] };
}
