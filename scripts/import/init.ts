// `npm run mapping:init -- <export.csv> [--out DIR] [--force]`: profiles a department's export and
// drafts DIR/mapping.json (and DIR/config.json when absent) for a person to check: keys and grain,
// identifier columns dropped, null markers, and canonical fields with every label listed, the
// confident ones mapped and the rest left to decide (read as blank meanwhile, never as "other").
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describeFailure } from "../failure.ts";
import { departmentConfig, DRAFT_VERSION, PLACEHOLDER, PLACEHOLDER_PATTERN } from "../../src/lib/schema/config.ts";
import { districtSlug } from "../../src/lib/incidents.ts";
import { normalizeKey } from "../../src/lib/schema/fields.ts";
import { MAPPABLE_FIELDS, mappingSchema, type FieldSpec } from "../../src/lib/schema/mapping.ts";
import {
  CALL_TYPE, CONTACT_ORIGIN, FORCE_TYPE, INJURY, RACE_ETHNICITY, RESISTANCE, REVIEW_FINDING, REVIEW_STATUS, SEX,
  type Vocabulary,
} from "../../src/lib/schema/vocab.ts";
import { looseLabel } from "./fields.ts";
import { chooseIncidentKey, idShaped, idTier, idWhat, isCountLike, sideOf, varyShare } from "./initKeys.ts";
import { stateIn } from "./zones.ts";
import { parseExport, profileExport, type ColumnProfile } from "./profile.ts";
import { diskIo } from "../pipeline/io.ts";
import { formatProblem } from "../pipeline/problems.ts";
import { readInput } from "../pipeline/read.ts";
import { isWorkbook, readWorkbook } from "./excel.ts";
type Rule = [RegExp | ((s: string) => boolean), string | null];

/** Rules tried in order; the first that matches decides (null: leave the label undecided). */
interface Rules {
  vocab: Vocabulary;
  first: Rule[];
  /** Tried after `first`: every rule that matches must agree, else the label is left undecided. */
  agree?: Rule[];
}

const both = (a: RegExp, b: RegExp) => (s: string) => a.test(s) && b.test(s);
const UNKNOWN: Rule = [/^(unk|unknown|u|not (recorded|specified|specifie)|.*-unk(nown)?|.*unknown)$/, "unknown"];

export const GUESS_RULES: Record<string, Rules> = {
  sex: {
    vocab: SEX,
    first: [[/^(m|male|man)$/, "male"], [/^(f|female|woman)$/, "female"], [/non.?binary|^x$/, "nonbinary"], UNKNOWN],
  },
  race_ethnicity: {
    vocab: RACE_ETHNICITY,
    first: [
      [/asian.?pac|^other/, null],
      [/^w$|^white\b|caucasian/, "white"],
      [/^b$|^black\b|african/, "black"],
      [/^h$|hispanic|latin/, "hispanic_latino"],
      [/^a$|^asian$/, "asian"],
      [/^i$|american ind|native american|alaska/, "american_indian_alaska_native"],
      [/hawaiian|pacific islander/, "native_hawaiian_pacific_islander"],
      [/middle east|north africa|arab/, "middle_eastern_north_african"],
      [/two or more|multi.?racial|bi.?racial|mixed/, "multiracial"],
      [/race-?unk|not specif/, "unknown"],
      UNKNOWN,
    ],
  },
  injury: {
    vocab: INJURY,
    first: [
      [/^(no|n|false|none)$|^no (complaint of )?(injury|injuries|pain)|^not injured|^no injur|^none (observed|reported)/, "none"],
      [/^(yes|y|true|injured)$/, "injured_unspecified"],
      [/death|died|fatal|deceased/, "death"],
      [/serious|severe|major/, "serious"],
      [/hospital|treated|treatment/, "treated"],
      [/minor|complaint of (injury|pain)|abrasion|bruis/, "minor"],
      UNKNOWN,
    ],
  },
  force_type: {
    vocab: FORCE_TYPE,
    first: [
      [/no.?bite|vehicle|pursuit|\bpit\b/, null],
      // Discharges as departments tell them apart: unintentional, at an animal, else at a person.
      [both(/accident|unintention|inadvertent|negligent/, /discharg|shots?\b|fired|firearm|\bgun/), "firearm_discharge_unintentional"],
      [both(/discharg|shots?\b|fired|shoot/, /\bdogs?\b|animal|\bdeer\b|livestock/), "firearm_discharge_animal"],
      [both(/exhibit|pointed|point(ing)? |display|\bdrawn?\b|\baim|unholster/, /firearm|\bgun|rifle|pistol|shotgun|handgun|revolver/), "firearm_pointed"],
      [/exhibit|pointed|point(ing)? |display|\bdrawn?\b|\baim|laser|unholster/, "weapon_pointed"],
      [both(/discharg|shots?\b|fired|shoot/, /firearm|\bgun|rifle|pistol|shotgun|handgun|^weapon/), "firearm_discharge"],
      [/^other$/, "other"],
      UNKNOWN,
    ],
    agree: [
      [/taser|\bced\b|\bcew\b|conducted energy|drive.?stun|electronic control/, "ced"],
      [/\boc\b|o c spray|pepper spray|chemical|mace/, "oc_spray"],
      [/beanbag|bean bag|rubber|impact munition|projectile|less.?lethal|40 ?mm|pepperball/, "impact_projectile"],
      [/baton|\basp\b|impact weapon|flashlight/, "baton"],
      [both(/canine|k-?9|dog/, /bite/), "k9_bite"],
      [/neck|carotid|choke|lvnr/, "neck_restraint"],
      [/take.?down/, "takedown"],
      [/escort/, "escort"],
      // Grabs, pushes and plain holds, but not the holds named by other types (compliance, neck,
      // escort) nor a hold of some other, unnamed kind ("Mystery Hold"), which a person decides.
      [(t: string) => (/\b(grab\w*|push\w*|shov\w*)\b/.test(t) || /^(physical |body |bear hug )?holds?$/.test(t)) && !/compliance hold|escort|neck|carotid|choke|lvnr/.test(t), "hold_grab_push"],
      [/joint|wrist lock|arm ?bar|compliance hold/, "joint_lock"],
      [/pressure point/, "pressure_point"],
      [/kick/, "kick"],
      [/strike|punch|elbow|knee/, "strike"],
      [/verbal|command/, "verbal_commands"],
      [/presence/, "officer_presence"],
      [/^physical$|^physical (force|contact)$|^force$|^hands.?on$/, "physical_unspecified"],
    ],
  },
  resistance: {
    vocab: RESISTANCE,
    first: [[/verbal|prepar|^armed|^physical$/, null], [/deadly|lethal/, "deadly"], [/aggress|assault/, "aggressive"], UNKNOWN],
    agree: [[/passive/, "passive"], [/\bactive\b|defensive/, "active"], [/^none$|^no resistance|^not resist/, "none"]],
  },
  contact_origin: {
    vocab: CONTACT_ORIGIN,
    first: [
      [/dispatch|calls? for service|\b911\b|radio call|telephone|^phone( call)?$/, "dispatched"],
      [/self.?init|on.?view|viewed|officer.?init|officer report|^officer$|traffic stop|pedestrian stop|ped stop|proactive/, "officer_initiated"],
      [/flag.?down|flagged/, "citizen_flagdown"],
      [/warrant|pre.?planned|transport/, "pre_planned"],
      [/^other$/, "other"],
      UNKNOWN,
    ],
  },
  call_type: {
    vocab: CALL_TYPE,
    first: [
      [/domestic|family violence/, "domestic_disturbance"],
      [/mental|welfare|suicid|crisis|\bedp\b/, "mental_health_crisis"],
      [/shots|shooting|weapon|armed|\bgun|stabbing|man with/, "weapons"],
      [/fight|assault|battery/, "assault_fight"],
      [/theft|burglar|robbery|shoplift|larceny|stolen/, "property_crime"],
      [/suspic|^sus\b/, "suspicious_person"],
      [/traffic|vehicle stop|crash|collision|accident|\bdwi\b|\bdui\b/, "traffic"],
      [/warrant/, "warrant_service"],
      [/medical|overdose|\bems\b/, "medical_emergency"],
      [/disturb|noise|disorder/, "disturbance"],
      [/^other$/, "other"],
      UNKNOWN,
    ],
  },
  review_finding: {
    vocab: REVIEW_FINDING,
    first: [
      [/violation|no reportable|cancel|^uof$/, null],
      [/not (justified|authorized|within)|unjustified|unauthorized|out of policy|outside policy|sustained/, "out_of_policy"],
      [both(/justified|authorized|within|in policy/, /training|tactic|policy issue/), "within_policy_training_issue"],
      [/justified|authorized|within policy|in policy|exonerated/, "within_policy"],
      [/pending|under review/, "pending"],
      UNKNOWN,
    ],
  },
  review_status: {
    vocab: REVIEW_STATUS,
    first: [[/complete|closed|final/, "complete"], [/progress|open|pending|under review/, "in_progress"], [/not started/, "not_started"], UNKNOWN],
  },
};

/** The canonical value a label confidently stands for in a vocabulary, or null. */
export function guessValue(kind: keyof typeof GUESS_RULES, label: string): string | null {
  const rules = GUESS_RULES[kind];
  const key = normalizeKey(label);
  if (key in rules.vocab) return key;
  const lower = label.trim().replace(/\s+/g, " ").toLowerCase();
  for (const [k, v] of Object.entries(rules.vocab)) if (v.toLowerCase() === lower) return k;
  const test = (r: Rule[0]) => (typeof r === "function" ? r(lower) : r.test(lower));
  for (const [r, v] of rules.first) if (test(r)) return v;
  const hits = new Set((rules.agree ?? []).filter(([r]) => test(r)).map(([, v]) => v));
  return hits.size === 1 ? [...hits][0] : null;
}

const YES = new Set(["yes", "y", "true", "t", "1"]);
const NO = new Set(["no", "n", "false", "f", "0"]);
const UNK = new Set(["unknown", "unk", "u", "not recorded"]);

/** Whether labels (with counts) read as a yes/no column: nearly every cell yes-like or no-like. */
export function isYesNo(labels: readonly [string, number][]): boolean {
  const total = labels.reduce((a, [, n]) => a + n, 0);
  if (total === 0) return false;
  const yn = labels.filter(([l]) => YES.has(l.toLowerCase()) || NO.has(l.toLowerCase()) || UNK.has(l.toLowerCase()));
  const hasYes = labels.some(([l]) => YES.has(l.toLowerCase()));
  const hasNo = labels.some(([l]) => NO.has(l.toLowerCase()));
  return (hasYes || hasNo) && yn.reduce((a, [, n]) => a + n, 0) / total >= 0.95 && labels.length - yn.length <= 3;
}

export type BooleanGuess =
  | "yes_no" | "y_n" | "true_false" | "1_0"
  | { true: string[]; false: string[]; unknown?: string[] };

/** How a yes/no column writes yes and no, and the labels it leaves undecided. */
export function guessBoolean(labels: readonly [string, number][]): { boolean: BooleanGuess; undecided: [string, number][] } {
  const t = labels.filter(([l]) => YES.has(l.toLowerCase())).map(([l]) => l);
  const f = labels.filter(([l]) => NO.has(l.toLowerCase())).map(([l]) => l);
  const u = labels.filter(([l]) => UNK.has(l.toLowerCase())).map(([l]) => l);
  const undecided = labels.filter(([l]) => !t.includes(l) && !f.includes(l) && !u.includes(l));
  const lower = new Set([...t, ...f].map((l) => l.toLowerCase()));
  const within = (a: string[]) => [...lower].every((l) => a.includes(l));
  let boolean: BooleanGuess;
  if (u.length > 0 || t.length === 0 || f.length === 0) boolean = { true: t.length ? t : ["yes"], false: f.length ? f : ["no"], ...(u.length ? { unknown: u } : {}) };
  else if (within(["yes", "no"])) boolean = "yes_no";
  else if (within(["y", "n"])) boolean = "y_n";
  else if (within(["true", "false"])) boolean = "true_false";
  else if (within(["1", "0"])) boolean = "1_0";
  else boolean = { true: t, false: f };
  return { boolean, undecided };
}

// ---------------------------------------------------------------------------------------------
// Drafting

export const REPO_ROOT = path.resolve(import.meta.dirname, "..", "..");
export const SCHEMA_FILE = path.join(REPO_ROOT, "src", "lib", "schema", "mapping.schema.json");

/** A drafted field, with what a person still has to decide about it. */
interface Placed {
  field: string;
  spec: FieldSpec;
  columns: string[];
  /** Labels left out of `values` (or `boolean`), with counts. */
  undecided: [string, number][];
  /** A plain sentence on the guess, for the checklist. */
  why: string;
}

export interface Draft {
  mapping: Record<string, unknown>;
  config: Record<string, unknown>;
  /** Lines of the terminal checklist. */
  guessed: string[];
  decide: string[];
  ignored: string[];
  dropped: [string, string][];
  grain: string;
  keys: Record<string, unknown>;
  /** Count of labels still to decide, over every field. */
  undecidedLabels: number;
}

/** US zones by the UTC hours local midnight falls on (standard time, daylight time). */
const ZONES: [string, string][] = [["4,5", "America/New_York"], ["5,6", "America/Chicago"], ["6,7", "America/Denver"], ["7", "America/Phoenix"], ["7,8", "America/Los_Angeles"], ["8,9", "America/Anchorage"], ["10", "Pacific/Honolulu"]];

/** The time zone whose midnights fall on these UTC hours, if one is known (one hour alone: read as standard time). */
export function zoneFromMidnights(hours: number[] | undefined): { name: string; hours: string } | null {
  if (!hours?.length) return null;
  const key = hours.join(",");
  const hit = ZONES.find(([k]) => k === key) ?? (hours.length === 1 ? ZONES.find(([k]) => k.split(",").at(-1) === key) : undefined);
  return hit ? { name: hit[1], hours: hours.map((h) => `${String(h).padStart(2, "0")}:00`).join(" or ") } : null;
}

/** Required fields and the value a blank (or undecided) cell falls back to in a draft. */
const REQUIRED_FALLBACK: Record<string, string> = {
  "incidents.district": "unknown",
  "incidents.contact_origin": "unknown",
  "force_uses.force_type": "unknown",
};

/** Whether some row has every one of these columns blank (the profiles hold no rows: judged by blank shares). */
// A drafted code is tidy: letters and digits with - _ or . between them, so it reads the same in the
// data, the config and the page address (config.json itself accepts any code with a letter or digit).
const TIDY_CODE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,38}[A-Za-z0-9_-])?$/;

/**
 * District codes for an export's district labels: the label itself where it is a code fit for
 * page addresses as it is (TIDY_CODE), otherwise one made of its letters and digits; labels that
 * the mapping reads as one (case and spaces aside) share a code, and no two codes share a page address.
 */
export function districtCodes(labels: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  const byLoose = new Map<string, string>();
  for (const label of labels) {
    const same = byLoose.get(looseLabel(label));
    if (same !== undefined) {
      out.set(label, same);
      continue;
    }
    const base = TIDY_CODE.test(label) ? label : label.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 34) || "district";
    let code = base;
    for (let n = 2; taken.has(districtSlug(code)); n++) code = `${base}-${n}`;
    taken.add(districtSlug(code));
    byLoose.set(looseLabel(label), code);
    out.set(label, code);
  }
  return out;
}

/** The fixed " 00:00:00+00" ending every cell shares, when every cell is midnight at offset zero written with digits (not "Z"); else null. */
export function midnightSuffix(cells: readonly string[]): string | null {
  const ends = new Set(cells.map((c) => /[ T]00:00(:00)?[+-]00(:?00)?$/.exec(c.trim())?.[0] ?? ""));
  if (ends.size !== 1) return null;
  const [end] = [...ends];
  // A literal "T" is not a layout token; the digits and signs are read as they are.
  return end === "" ? null : end;
}

function hasRowWithAllBlank(cols: ColumnProfile[]): boolean {
  return Math.min(...cols.map((c) => c.blankShare)) > 0;
}

// Run-together names keep their words apart: "susrace" reads "sus race", "ofcgender" "ofc gender".
const norm = (s: string) => s.trim().replace(/[\s_]+/g, " ").toLowerCase().replace(/^(sus|ofc)(race|gender|sex|age|injury|exp|ethnic\w*)$/, "$1 $2");

const fmtCounts = (labels: [string, number][], max = 12) =>
  labels.slice(0, max).map(([l, n]) => `"${l}" (${n})`).join(", ") + (labels.length > max ? `, and ${labels.length - max} more` : "");

/** Splits a cell on a delimiter the way the importer does: parts trimmed, empty parts gone. */
function parts(label: string, delimiter: string): string[] {
  return label.split(delimiter).map((p) => p.trim()).filter((p) => p !== "");
}

/** The delimiter of a multi-valued column: every label holding it splits into labels the column also has alone (or that read plainly). */
export function guessSplit(labels: readonly [string, number][], kind?: string): string | null {
  const alone = new Set(labels.map(([l]) => looseLabel(l)));
  for (const d of ["; ", ";", " | ", "|", "/", ", "]) {
    const holding = labels.filter(([l]) => l.includes(d.trim()));
    if (holding.length === 0) continue;
    const ok = holding.every(([l]) => {
      const ps = parts(l, d.trim());
      return ps.length > 1 && ps.every((p) => alone.has(looseLabel(p)) || (kind !== undefined && guessValue(kind, p) !== null));
    });
    if (ok) return d.trim() === d ? d : d.trim() === ";" ? "; " : d.trim();
  }
  return null;
}

/** Labels (with counts) of a column, after splitting multi-valued cells. */
function labelsOf(p: ColumnProfile, delimiter: string | null): [string, number][] {
  if (!delimiter) return p.distinct;
  const m = new Map<string, [string, number]>();
  for (const [l, n] of p.distinct)
    for (const part of parts(l, delimiter.trim())) {
      const k = looseLabel(part);
      const e = m.get(k);
      if (e) e[1] += n;
      else m.set(k, [part, n]);
    }
  return [...m.values()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** A categorical spec over one column (or several read as one list): labels guessed, the rest noted. */
function categorical(field: string, kind: string, cols: ColumnProfile[], opts: { pick?: "first" | "highest"; extra?: Record<string, string | null> } = {}): Placed {
  const merged = new Map<string, [string, number]>();
  let split: string | null = null;
  for (const c of cols) {
    const d = guessSplit(c.distinct, kind);
    if (d) split = d;
  }
  for (const c of cols)
    for (const [l, n] of labelsOf(c, split)) {
      const e = merged.get(looseLabel(l));
      if (e) e[1] += n;
      else merged.set(looseLabel(l), [l, n]);
    }
  const labels = [...merged.values()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const values: Record<string, string | null> = {};
  const undecided: [string, number][] = [];
  for (const [l, n] of labels) {
    const extra = opts.extra && Object.keys(opts.extra).find((k) => looseLabel(k) === looseLabel(l));
    const v = extra !== undefined && extra !== "" ? opts.extra![extra] : guessValue(kind, l);
    if (v !== null || extra) values[l] = v;
    else undecided.push([l, n]);
  }
  const spec: FieldSpec = cols.length === 1 ? { column: cols[0].name } : { columns: cols.map((c) => c.name) };
  if (split) spec.split = split;
  spec.values = values;
  if (split && opts.pick) spec.pick = opts.pick;
  if (undecided.length) {
    spec.unmapped = "blank";
    spec.note = `Labels to decide (read as blank until mapped): ${fmtCounts(undecided, 1000)}`;
  }
  const mapped = labels.length - undecided.length;
  return {
    field, spec, columns: cols.map((c) => c.name), undecided,
    why: `${cols.map((c) => `"${c.name}"`).join(", ")}${split ? ` (split at "${split}")` : ""}: ${mapped} of ${labels.length} labels mapped`,
  };
}

/** A yes/no spec: `boolean` with the labels it finds; any others noted and read as blank. */
function yesNo(field: string, col: ColumnProfile, combine?: "any_yes"): Placed {
  const { boolean, undecided } = guessBoolean(col.distinct);
  const spec: FieldSpec = { column: col.name, boolean };
  if (combine) spec.combine = combine;
  if (undecided.length) {
    spec.unmapped = "blank";
    spec.note = `Labels to decide (read as blank until listed in boolean): ${fmtCounts(undecided, 1000)}`;
  }
  return { field, spec, columns: [col.name], undecided, why: `"${col.name}" as yes/no (${typeof boolean === "string" ? boolean : "own labels"})` };
}


/** What draftMapping may know besides the column profiles. */
export interface DraftOptions {
  /** $schema path written into the mapping. */
  schemaRef?: string;
  /** The export's rows: with them, keys and grain are judged by how rows repeat within a key. */
  rows?: readonly string[][];
  /** The department's config.json when one exists: its jurisdiction tells the time zone. */
  config?: { jurisdiction?: string; name?: string; timezone?: string };
}

/** Drafts the mapping (and a department config) from the profiles of an export's columns. */
export function draftMapping(file: string, profiles: ColumnProfile[], opts: DraftOptions = {}): Draft {
  const rows = profiles[0]?.rows ?? 0;
  const used = new Set<string>();
  const placed: Placed[] = [];
  const guessed: string[] = [];
  const decide: string[] = [];
  const guessedLater: string[] = [];
  const byName = (p: ColumnProfile) => norm(p.name);
  const free = (p: ColumnProfile) => !used.has(p.name) && !p.identifier;
  const officerSide = (p: ColumnProfile) => sideOf(p.name) === "officer";
  const place = (x: Placed) => {
    placed.push(x);
    for (const c of x.columns) used.add(c);
  };
  const find = (test: (p: ColumnProfile) => boolean) => profiles.find((p) => free(p) && test(p));
  const yesNoCol = (p: ColumnProfile) => isYesNo(p.distinct);

  // Keys: an id column (never a date, time or count), one date per key value, the strongest name
  // (an incident id before a case number before a row id), then the one that groups rows.
  const dateOk = (p: ColumnProfile) => !p.identifier;
  const dateCol =
    profiles.find((p) => dateOk(p) && !!p.date && /occur|incident|event/.test(byName(p)) && !/birth|dob|commission|hire|receiv|clos|enter|creat|updat|assign/.test(byName(p))) ??
    profiles.find((p) => dateOk(p) && !!p.date && /date|when/.test(byName(p)) && !/birth|dob|commission|hire|receiv|clos|enter|creat|updat|assign|report/.test(byName(p)));
  // A key column may hold cells shaped like phone numbers (10-digit case numbers): it is pseudonymised, never published.
  const keyOk = (p: ColumnProfile) => !p.identifier || /cells look like a phone/.test(p.identifier);
  const chosen = chooseIncidentKey(profiles, { rows: opts.rows, dateCol, keyOk });
  const incidentKey = chosen.key;
  used.add(incidentKey.name);
  const incidentUnique = incidentKey.unique && incidentKey.filled === rows;

  const subjectKeyCol = profiles.find((p) => p !== incidentKey && sideOf(p.name) !== "officer" && /subject.*(id|number|no\b|#)|person ?id|master ?subject|arrestee ?id|citizen ?id/i.test(byName(p)) && p.distinct.length > 1);
  const officerKeyCol = profiles.find((p) => p !== incidentKey && sideOf(p.name) !== "subject" && /officer.*(id|number|no\b|#)|badge|employee ?(id|number|no)|personnel ?(id|number)|serial/i.test(byName(p)) && p.distinct.length > 1);
  if (subjectKeyCol) used.add(subjectKeyCol.name);
  if (officerKeyCol) used.add(officerKeyCol.name);

  // Incident fields.
  let dateGuess = dateCol?.date ?? null;
  // Dates exported at midnight UTC ("2016/01/17 00:00:00+00") are the dates themselves: converted to
  // any US zone they would fall on the day before. The time and offset are read as fixed text instead.
  const utcMidnight = dateCol && dateGuess?.utc && !dateGuess.utcHours ? midnightSuffix(dateCol.distinct.map(([l]) => l)) : null;
  if (dateCol && dateGuess && utcMidnight) dateGuess = { format: dateGuess.format.replace(/[ T]HH:mm(:ss)?Z$/, utcMidnight), utc: false, dateOnly: true, hasTime: false };
  if (dateCol && dateGuess) {
    const spec: FieldSpec = { column: dateCol.name, format: dateGuess.format };
    if (dateGuess.utc) spec.utc = true;
    if (utcMidnight) spec.note = `Every cell is midnight UTC: read as the date written, not converted to the time zone (which would give the day before).`;
    place({ field: "incidents.date", spec, columns: [dateCol.name], undecided: [], why: `"${dateCol.name}" read as "${dateGuess.format}"${dateGuess.utc ? ", written in UTC (converted to config.json's timezone)" : ""}` });
  } else decide.push("No date column found: set incidents.date (column and format) by hand.");

  const timeCol = find((p) => !!p.time && /time|hour/.test(byName(p)) && !/date|updat|creat|enter/.test(byName(p)));
  if (timeCol && timeCol.time) {
    const spec: FieldSpec = { column: timeCol.name, format: timeCol.time.format };
    if (timeCol.time.pad_left) spec.pad_left = timeCol.time.pad_left;
    place({ field: "incidents.time", spec, columns: [timeCol.name], undecided: [], why: `"${timeCol.name}" read as "${timeCol.time.format}"${timeCol.time.pad_left ? ` after left-padding to ${timeCol.time.pad_left} digits` : ""}` });
  } else if (dateCol && dateGuess && dateGuess.hasTime && !dateGuess.dateOnly) {
    const spec: FieldSpec = { column: dateCol.name, format: dateGuess.format };
    if (dateGuess.utc) spec.utc = true;
    placed.push({ field: "incidents.time", spec, columns: [dateCol.name], undecided: [], why: `"${dateCol.name}" also gives the time` });
  }

  // District: police geography first; council districts and the like last.
  const districtScore = (p: ColumnProfile) => {
    const n = byName(p);
    let s = 0;
    if (/district|precinct|sector|area ?command|patrol area/.test(n)) s += 3;
    else if (/\bbeat\b|zone|division|ward|area/.test(n)) s += 2;
    const withWord = p.distinct.filter(([l]) => /district|precinct/i.test(l)).reduce((a, [, c]) => a + c, 0);
    if (p.filled && withWord / p.filled > 0.5) s += 2;
    if (/council|census|tract|school|county|zip/.test(n)) s -= 3;
    // An officer's unit (platoons, sections, squads) is not where the incident happened.
    if (p.distinct.filter(([l]) => /platoon|section|squad|watch|staff|task force|\bunit\b|bureau/i.test(l)).length > 0.3 * p.distinct.length) s = 0;
    if (p.distinct.length < 2 || p.distinct.length > 200 || p.blankShare > 0.5 || p.distinct.some(([l]) => l.length > 40)) s = 0;
    return s;
  };
  // Named areas ("Northwest", "7th District") before numbered ones, then the fewest (7 divisions
  // over 35 sectors: a finer grain is noted, and small counts would be suppressed more often).
  const named = (p: ColumnProfile) => (p.distinct.filter(([l]) => /[a-z]{3,}/i.test(l)).length / Math.max(1, p.distinct.length) >= 0.5 ? 1 : 0);
  const districtCands = profiles.filter(free).map((p) => [p, districtScore(p)] as const).filter(([, s]) => s > 0)
    .sort((a, b) => named(b[0]) - named(a[0]) || a[0].distinct.length - b[0].distinct.length || b[1] - a[1]);
  const districtCol = districtCands[0]?.[0];
  const districtOthers = districtCands.slice(1).map(([p]) => `"${p.name}" (${p.distinct.length} ${named(p) ? "named" : "numbered or coded"} values)`);
  const codes = districtCol ? districtCodes(districtCol.exact.map(([label]) => label)) : new Map<string, string>();
  if (districtCol) {
    // Labels that are not codes fit for page addresses are mapped to codes made from them.
    const renamed = [...codes].filter(([label, code]) => label !== code);
    const spec: FieldSpec = renamed.length ? { column: districtCol.name, values: Object.fromEntries(codes) } : { column: districtCol.name };
    if (districtOthers.length) spec.note = `Chosen for ${named(districtCol) ? "its named areas" : "its codes"} and fewest values (${districtCol.distinct.length}); also possible: ${districtOthers.join(", ")}.`;
    place({ field: "incidents.district", spec, columns: [districtCol.name], undecided: [], why: `"${districtCol.name}" (${districtCol.distinct.length} codes, listed in config.json${renamed.length ? `; ${renamed.length} label(s) given codes of letters and digits` : ""})` });
    const beatCol = find((p) => /\bbeat\b/.test(byName(p)) && p.distinct.length > districtCol.distinct.length);
    if (beatCol) place({ field: "incidents.beat", spec: { column: beatCol.name }, columns: [beatCol.name], undecided: [], why: `"${beatCol.name}"` });
  } else {
    placed.push({ field: "incidents.district", spec: { value: "citywide", note: "No district column found: every incident is citywide." }, columns: [], undecided: [], why: "" });
    decide.push('No district column found: incidents.district is the constant "citywide" (listed in config.json); map a column if the export has one.');
  }

  // How the encounter began: a column of origins, or yes/no columns (dispatched / self-initiated).
  const dispatchFlag = find((p) => yesNoCol(p) && /dispatch|911|call for service/.test(byName(p)));
  const selfFlag = find((p) => yesNoCol(p) && /self ?init|on ?view|officer ?init/.test(byName(p)));
  if (dispatchFlag || selfFlag) {
    const flags: Record<string, string> = {};
    if (dispatchFlag) flags[dispatchFlag.name] = "dispatched";
    if (selfFlag) flags[selfFlag.name] = "officer_initiated";
    const cols = [dispatchFlag, selfFlag].filter((c): c is ColumnProfile => !!c);
    const b = guessBoolean(cols.flatMap((c) => c.distinct));
    place({
      field: "incidents.contact_origin",
      spec: { flags, boolean: b.boolean, when_several: "unknown", when_none: "unknown", note: "When both flags say yes, or neither does, the origin is read as unknown (counted in the import report)." },
      columns: cols.map((c) => c.name), undecided: [],
      why: `yes/no columns ${cols.map((c) => `"${c.name}"`).join(" and ")}`,
    });
  } else {
    const originCol = find((p) => !yesNoCol(p) && /nature of contact|contact (type|origin)|service type|call source|^origin$|origin of (contact|call)|initiated by|how .* began|how received|received (via|by|how)/.test(byName(p)) && p.distinct.length <= 100);
    if (originCol) place(categorical("incidents.contact_origin", "contact_origin", [originCol]));
  }

  // Call type: a column named for the call or the reason for contact, whose values are words; never
  // force levels ("L1", "3") nor numeric codes, which need the department's code book.
  const CALL_NAME = /call ?type|type of call|\bcalls?\b|nature of (the )?(call|incident)|^nature$|^nat ?inc|incident type|response to|reason for (contact|call|stop|service)|call reason|initial (call|contact)|service type/;
  const NOT_CALL = /dispatch|self|911|number|\bno\b|id$|time|date|force|level|uof|r2r|resist|weapon|injur|priority|source|origin/;
  const share = (p: ColumnProfile, test: (l: string) => boolean) => p.distinct.filter(([l]) => test(l)).reduce((a, [, n]) => a + n, 0) / Math.max(1, p.filled);
  const LEVEL = /^(l|level|lvl|type|tier|r2r)?[ -]?([0-9]{1,2}|i{1,3}|iv|v)$/i;
  const callNamed = profiles.filter((p) => free(p) && !yesNoCol(p) && CALL_NAME.test(byName(p)) && !NOT_CALL.test(byName(p)) && p.distinct.length <= 500);
  const callCol = callNamed.find((p) => !p.numeric && share(p, (l) => LEVEL.test(l.trim())) < 0.5 && share(p, (l) => /[a-z]{3,}/i.test(l)) >= 0.8);
  if (callCol) {
    place(categorical("incidents.call_type", "call_type", [callCol]));
    placed.push({ field: "incidents.call_type_raw", spec: { column: callCol.name }, columns: [callCol.name], undecided: [], why: `"${callCol.name}" kept as the department's own label` });
  } else
    for (const p of callNamed.filter((p) => p.numeric))
      decide.push(`"${p.name}" may be the call type, written as ${p.distinct.length} numeric codes: it needs the department's code book (map each code in values), so it is listed under ignore.`);

  // Review finding and status: only columns whose name and values speak of a review (not a geocoding or address status).
  const REVIEW_WORDS = /justif|authori|policy|sustain|exonerat|unfound|pending|within|violation|review|cleared|approv|complet|closed|open|progress|initial|final|forward|suspend|investig|not started|submitted|finished/i;
  const reviewValued = (p: ColumnProfile) => share(p, (l) => REVIEW_WORDS.test(l)) >= 0.5;
  const findingCol = find((p) => /disposition|finding|justified|review (result|outcome)/.test(byName(p)) && !/geo|address|match|arrest|charge|property|evidence/.test(byName(p)) && p.distinct.length <= 60 && reviewValued(p));
  if (findingCol) place(categorical("incidents.review_finding", "review_finding", [findingCol]));
  const statusCol = find((p) => /(investigation|review|case|approval|disposition) status|^status$|review (stage|state)/.test(byName(p)) && !/geo|address|match|locat|employ|duty|marital|work|record/.test(byName(p)) && p.distinct.length <= 30 && reviewValued(p));
  if (statusCol) place(categorical("incidents.review_status", "review_status", [statusCol]));

  const flagFields: [string, RegExp, RegExp?][] = [
    ["incidents.arrest_made", /arrest/, /charge|reason|offen/],
    ["incidents.bwc_activated", /body ?(worn|cam)|bwc|camera/],
    ["incidents.deescalation_attempted", /de ?-?escalat/],
    ["incidents.crisis_trained_officer", /\bcit\b|crisis ?(trained|intervention)/],
    ["incidents.coresponder_present", /co ?-?responder/],
    ["subjects.hospitalized", /hospital/],
    ["subjects.medical_treatment", /medical|treat|\bems\b|aid rendered/],
    ["subjects.mental_health_crisis", /mental|crisis|\bedp\b/],
    ["subjects.impaired", /impair|intoxic|influence|alcohol|drug/],
    ["subjects.perceived_armed", /perceived ?armed|believed ?armed/],
  ];

  // Subject fields.
  const subj = (re: RegExp, extra?: (p: ColumnProfile) => boolean) => find((p) => !officerSide(p) && re.test(byName(p)) && (!extra || extra(p)));
  // Wide one-hot columns ("Suspect Gender Female", "Suspect Race African American, Non-Hispanic":
  // 1, X or yes where it applies) as flags, one canonical value per column.
  const MARKS = new Set([...YES, ...NO, "x"]);
  const oneHot = (field: string, kind: "sex" | "race_ethnicity", re: RegExp): boolean => {
    const cols = profiles.filter((p) => free(p) && !officerSide(p) && re.test(byName(p)) && p.distinct.length <= 2 && p.distinct.every(([l]) => MARKS.has(l.toLowerCase())));
    if (cols.length < 2) return false;
    const valueOf = (p: ColumnProfile): string | null => {
      const rest = byName(p).replace(re, " ").replace(/\b(subject|suspect|person|civilian|citizen)\b/g, " ").replace(/\s+/g, " ").trim();
      if (kind === "race_ethnicity" && /hispanic|latin/.test(rest) && !/non.?hispanic|not hispanic/.test(rest)) return "hispanic_latino";
      const v = guessValue(kind, rest.replace(/,?\s*(non.?hispanic|not hispanic)$/, "").trim());
      return v && v !== "unknown" ? v : null;
    };
    const flags: Record<string, string> = {};
    const undecided: [string, number][] = [];
    for (const c of cols) {
      const v = valueOf(c);
      if (v) flags[c.name] = v;
      else undecided.push([c.name, c.distinct.reduce((k, [, n]) => k + n, 0)]);
    }
    if (Object.keys(flags).length < 2) return false;
    const labels = [...new Set(cols.flatMap((c) => c.distinct.map(([l]) => l)))];
    const yes = labels.filter((l) => YES.has(l.toLowerCase()) || l.toLowerCase() === "x");
    const no = labels.filter((l) => NO.has(l.toLowerCase()));
    const placedCols = cols.filter((c) => flags[c.name]);
    place({
      field,
      spec: { flags, boolean: { true: yes.length ? yes : ["yes"], false: no.length ? no : ["no"] }, when_several: "unknown", note: `One column per ${kind === "sex" ? "sex" : "group"}, marked where it applies; several marks read as unknown, none as not recorded.${undecided.length ? ` Columns to place by hand: ${undecided.map(([c]) => `"${c}"`).join(", ")}.` : ""}` },
      columns: placedCols.map((c) => c.name), undecided,
      why: `one-hot columns ${placedCols.map((c) => `"${c.name}"`).join(", ")} as flags`,
    });
    return true;
  };
  const sexWide = oneHot("subjects.sex", "sex", /\b(sex|gender)\b/);
  const raceWide = oneHot("subjects.race_ethnicity", "race_ethnicity", /\b(race|ethnicity)\b/);
  const sexCol = sexWide ? undefined : subj(/\bsex\b|gender/, (p) => p.distinct.length <= 20);
  if (sexCol) place(categorical("subjects.sex", "sex", [sexCol], { pick: "first" }));
  const raceCol = raceWide ? undefined : subj(/\brace\b|race ?\/ ?ethnicity/, (p) => p.distinct.length <= 40) ?? subj(/ethnic/, (p) => p.distinct.length <= 40);
  const ethCol = raceCol && subj(/ethnic/, (p) => p !== raceCol && p.distinct.length <= 10);
  if (raceCol && ethCol) {
    const race = categorical("subjects.race_ethnicity", "race_ethnicity", [raceCol]);
    const ethValues: Record<string, string | null> = {};
    const ethUndecided: [string, number][] = [];
    for (const [l, n] of ethCol.distinct) {
      const k = l.toLowerCase();
      if (/^h$|^hispanic|^latin/.test(k)) ethValues[l] = "hispanic_latino";
      else if (/^n$|^nh$|not hispanic|non-?hispanic|^u$|unknown/.test(k)) ethValues[l] = null;
      else ethUndecided.push([l, n]);
    }
    const eth: FieldSpec = { column: ethCol.name, values: ethValues, unmapped: "blank" };
    if (ethUndecided.length) eth.note = `Labels to decide: ${fmtCounts(ethUndecided, 1000)}`;
    const { column: _c, ...raceRest } = race.spec;
    place({
      field: "subjects.race_ethnicity",
      spec: { first_of: [eth, { column: raceCol.name, ...raceRest }], note: `Hispanic from "${ethCol.name}" first, else race from "${raceCol.name}".${race.spec.note ? " " + race.spec.note : ""}` },
      columns: [ethCol.name, raceCol.name], undecided: [...ethUndecided, ...race.undecided],
      why: `"${ethCol.name}" (Hispanic) then "${raceCol.name}": ${race.why.split(": ")[1]}`,
    });
  } else if (raceCol) place(categorical("subjects.race_ethnicity", "race_ethnicity", [raceCol], { pick: "first" }));
  const ageCol = subj(/(^|[^a-z])age($|[^a-z])/, (p) => p.integer && p.distinct.length > 1 && p.distinct.every(([l]) => +l >= 0 && +l <= 120));
  if (ageCol) place({ field: "subjects.age", spec: { column: ageCol.name }, columns: [ageCol.name], undecided: [], why: `"${ageCol.name}" (whole years)` });
  const resistCol = subj(/resist/, (p) => p.distinct.length <= 200);
  if (resistCol) place(categorical("subjects.resistance", "resistance", [resistCol], { pick: "highest" }));
  const injuryCol = subj(/injur|effects?\b|harm/);
  if (injuryCol) place(categorical("subjects.injury", "injury", [injuryCol], { pick: "highest" }));

  // Conduct or influencing-factor columns ("EDP/MENTALLY UNSTABLE; SUSPECTED UNDER INFLUENCE ..."): two yes/no facts.
  const factorCol = subj(/influenc|conduct|factor|behavio/, (p) => !isYesNo(p.distinct) && p.distinct.length <= 60);
  if (factorCol) {
    const split = guessSplit(factorCol.distinct);
    const labels = labelsOf(factorCol, split);
    const facts: [string, RegExp][] = [["subjects.mental_health_crisis", /mental|\bedp\b|crisis|suicid|emotional/], ["subjects.impaired", /alcoh|alchoh|drug|intoxic|influence|impair|drunk/]];
    for (const [field, yes] of facts) {
      if (!labels.some(([l]) => yes.test(l.toLowerCase()))) continue;
      const values: Record<string, string | null> = {};
      for (const [l] of labels) {
        const k = l.toLowerCase();
        values[l] = yes.test(k) ? "yes" : /^(none|no)\b|none detected|not (detected|observed)/.test(k) ? "no" : /^unknown$|^unk$/.test(k) ? "unknown" : null;
      }
      const spec: FieldSpec = { column: factorCol.name };
      if (split) spec.split = split;
      spec.values = values;
      if (split) spec.pick = "first";
      spec.note = "Labels naming something else are dropped (null); a cell naming nothing of this reads as blank.";
      placed.push({ field, spec, columns: [factorCol.name], undecided: [], why: `"${factorCol.name}": yes where a label says so` });
    }
    used.add(factorCol.name);
  }
  const multiRow = !incidentUnique;
  for (const [field, re, not] of flagFields) {
    const col = find((p) => yesNoCol(p) && re.test(byName(p)) && (!not || !not.test(byName(p))) && (field.startsWith("subjects.") ? !officerSide(p) : true));
    if (col) place(yesNo(field, col, multiRow && field.startsWith("incidents.") ? "any_yes" : undefined));
  }

  // Force: wide yes/no columns named for force types ("Taser Used", "OC Spray": Y/N or X/blank) as
  // flags; else numbered columns ("Weapon Used 1" .. "5", or "control", "control1" ..) read as one
  // list; else one column (labels or codes of force types).
  const FORCE_NAME = /force ?type|type of force|weapon used|force used|\bresponse\b|tactic|uof type|force (applied|method)|^force$|type ?control|control ?type|^control$/;
  const NOT_FORCE = /resist|level|reason|effective|call|injur|distance|subject|level/;
  const MARK = new Set(["yes", "no", "y", "n", "1", "0", "x", "true", "false", "t", "f", "unknown", "unk"]);
  const flagType = (p: ColumnProfile): string | null => {
    if (!free(p) || sideOf(p.name) === "subject" || /resist|injur|armed|subject|suspect|seen|found|possess/.test(byName(p))) return null;
    if (p.distinct.length === 0 || p.distinct.length > 4 || !p.distinct.every(([l]) => MARK.has(l.toLowerCase()))) return null;
    const label = byName(p).replace(/\b(used|use|deployed|applied|displayed|yes ?\/ ?no|y ?\/ ?n|flag|indicator|ind)\b|\?/g, " ").trim();
    const v = guessValue("force_type", label);
    return v && v !== "unknown" && v !== "other" ? v : null;
  };
  const flagCols = profiles.map((p) => [p, flagType(p)] as const).filter((x): x is readonly [ColumnProfile, string] => x[1] !== null);
  const groups = new Map<string, ColumnProfile[]>();
  for (const p of profiles.filter(free)) {
    const m = /^(.*?)\s*#?\d+$/.exec(byName(p));
    if (m && FORCE_NAME.test(m[1]) && !NOT_FORCE.test(m[1])) groups.set(m[1], [...(groups.get(m[1]) ?? []), p]);
  }
  // The unnumbered first of a series ("control" before "control1").
  for (const [base, g] of groups) {
    const first = profiles.find((p) => free(p) && byName(p) === base);
    if (first) g.unshift(first);
  }
  const group = [...groups].filter(([, g]) => g.length > 1).sort(([a], [b]) => +/type/.test(b) - +/type/.test(a))[0]?.[1];
  let forceMulti = false;
  const coded = (x: Placed, cols: ColumnProfile[]) => {
    if (cols.every((c) => c.numeric))
      decide.push(`force_uses.force_type: ${cols.map((c) => `"${c.name}"`).join(", ")} hold${cols.length === 1 ? "s" : ""} numeric codes; map each code in values from the department's code book (read as blank until then).`);
    return x;
  };
  if (flagCols.length >= 2) {
    const cols = flagCols.map(([p]) => p);
    // Columns may write yes differently ("Y", "1", an "X" mark with blank for no): every such label listed.
    const labels = [...new Set(cols.flatMap((c) => c.distinct.map(([l]) => l)))];
    const yes = labels.filter((l) => YES.has(l.toLowerCase()) || l.toLowerCase() === "x");
    const no = labels.filter((l) => NO.has(l.toLowerCase()));
    const unk = labels.filter((l) => UNK.has(l.toLowerCase()));
    const boolean: BooleanGuess = { true: yes, false: no.length ? no : ["no"], ...(unk.length ? { unknown: unk } : {}) };
    place({
      field: "force_uses.force_type",
      spec: { flags: Object.fromEntries(flagCols.map(([p, v]) => [p.name, v])), boolean, when_none: "unknown", note: "One force type for each column that says yes; a row with none reads as unknown." },
      columns: cols.map((c) => c.name), undecided: [],
      why: `yes/no columns ${cols.map((c) => `"${c.name}"`).join(", ")} as flags`,
    });
    forceMulti = true;
  } else if (group) {
    place(coded(categorical("force_uses.force_type", "force_type", group), group));
    forceMulti = true;
  } else {
    const forceCol = find((p) => FORCE_NAME.test(byName(p)) && !NOT_FORCE.test(byName(p)) && p.distinct.length <= 300);
    if (forceCol) {
      const x = coded(categorical("force_uses.force_type", "force_type", [forceCol]), [forceCol]);
      place(x);
      forceMulti = x.spec.split !== undefined;
      if (!x.spec.split) placed.push({ field: "force_uses.force_type_raw", spec: { column: forceCol.name }, columns: [forceCol.name], undecided: [], why: `"${forceCol.name}" kept as the department's own label` });
    }
  }
  const levelCol = find((p) => /level/.test(byName(p)) && /force|r2r|uof|response|resistance/.test(byName(p)) && p.distinct.length <= 20);
  if (levelCol) place({ field: "force_uses.agency_level", spec: { column: levelCol.name }, columns: [levelCol.name], undecided: [], why: `"${levelCol.name}" kept as the department's own level` });

  // Grain and the subject and officer keys.
  const officerCols = profiles.filter((p) => officerSide(p) && !p.identifier && p !== officerKeyCol);
  const hasOfficerDetail = officerCols.length > 0 || !!officerKeyCol;
  const keys: Record<string, unknown> = { incident: [incidentKey.name] };
  // Within an incident, people without an identifier are told apart by what the export records of them.
  const demographic = (side: "subject" | "officer") =>
    profiles.filter((p) => (side === "officer" ? officerSide(p) : !officerSide(p)) && !p.identifier && /\bsex\b|gender|race|ethnic|(^|[^a-z])age($|[^a-z])/.test(byName(p)) && p.distinct.length <= 120);
  let grain: string;
  let grainWhy = "";
  if (incidentUnique) grain = "incident";
  else {
    // How rows repeat within one incident: several officers, several force types of one officer, several subjects.
    const idx = (cs: ColumnProfile[]) => cs.map((c) => c.index);
    const offTuple = officerKeyCol ? [officerKeyCol] : officerCols.filter((p) => p.distinct.length > 1);
    const subTuple = subjectKeyCol ? [subjectKeyCol] : demographic("subject");
    const forceCols = placed.find((x) => x.field === "force_uses.force_type")?.columns.map((c) => profiles.find((p) => p.name === c)!).filter(Boolean) ?? [];
    const offVar = varyShare(opts.rows, incidentKey.index, idx(offTuple));
    const subVar = varyShare(opts.rows, incidentKey.index, idx(subTuple));
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    if (offVar !== null && offVar > 0.2) {
      const forceVar = varyShare(opts.rows, [incidentKey.index, ...idx(offTuple), ...idx(subTuple)], idx(forceCols));
      grain = !forceMulti && forceVar !== null && forceVar > 0.5 ? "officer_force" : "officer";
      grainWhy = `the officer columns differ within ${pct(offVar)} of repeated incidents` + (grain === "officer_force" ? `, and one officer's rows differ in the force type in ${pct(forceVar!)} of cases` : "");
    } else if (subVar !== null && subVar > 0.2) {
      grain = "subject";
      grainWhy = `the subject columns differ within ${pct(subVar)} of repeated incidents`;
    } else if (hasOfficerDetail) grain = forceMulti ? "officer" : "officer_force";
    else grain = "subject";
  }
  if (grain !== "incident") {
    if (subjectKeyCol) keys.subject = { columns: [subjectKeyCol.name] };
    else if (grain === "subject") keys.subject = "per_row";
    else {
      const d = demographic("subject");
      if (d.length) {
        keys.subject = { columns: d.map((p) => p.name) };
        decide.push(`No subject identifier: subjects within an incident are told apart by ${d.map((p) => `"${p.name}"`).join(", ")}. Check this, or use "per_incident".`);
      }
    }
    if (officerKeyCol) keys.officer = { columns: [officerKeyCol.name] };
    else if (grain === "officer") keys.officer = "per_row";
    else if (grain === "officer_force") {
      const d = demographic("officer");
      if (d.length) {
        keys.officer = { columns: d.map((p) => p.name) };
        for (const p of d) used.add(p.name);
        decide.push(`No officer identifier: officers within an incident are told apart by ${d.map((p) => `"${p.name}"`).join(", ")}. Check this.`);
      } else keys.officer = "per_row";
    }
  }
  // One row per incident that describes one officer (the officer's race, sex or age): each row is that officer.
  if (grain === "incident" && !keys.officer && demographic("officer").length) {
    keys.officer = "per_row";
    guessedLater.push(`officer key: "per_row" (one row per incident, describing one officer: ${demographic("officer").map((p) => `"${p.name}"`).join(", ")})`);
  }
  if (keys.officer) {
    const offInjury = find((p) => officerSide(p) && /injur|effect/.test(byName(p)));
    if (offInjury) place(categorical("officers.injury", "injury", [offInjury], { pick: "highest" }));
    const yos = find((p) => officerSide(p) && /years? of service|yrs of service|tenure|experience|(^|[^a-z])exp$|^ofc ?exp/.test(byName(p)) && p.integer && p.distinct.length > 1);
    if (yos) place({ field: "officers.years_of_service", spec: { column: yos.name }, columns: [yos.name], undecided: [], why: `"${yos.name}" (whole years)` });
    // Officer race, sex and age: only where the officers table has the field; never a subject's.
    const officerFields: [string, string, RegExp][] = [["officers.sex", "sex", /\bsex\b|gender/], ["officers.race_ethnicity", "race_ethnicity", /race|ethnic/]];
    const notHeld: string[] = [];
    for (const [field, kind, re] of officerFields) {
      const col = find((p) => officerSide(p) && re.test(byName(p).replace(/^ofc/, "ofc ")) && p.distinct.length <= 40);
      if (!col) continue;
      if (MAPPABLE_FIELDS.includes(field)) place(categorical(field, kind, [col], { pick: "first" }));
      else notHeld.push(col.name);
    }
    const ageCol = find((p) => officerSide(p) && /(^|[^a-z])age($|[^a-z])|^ofc ?age$/.test(byName(p)) && p.integer);
    if (ageCol && MAPPABLE_FIELDS.includes("officers.age")) place({ field: "officers.age", spec: { column: ageCol.name }, columns: [ageCol.name], undecided: [], why: `"${ageCol.name}" (whole years)` });
    else if (ageCol) notHeld.push(ageCol.name);
    const unheld = notHeld.filter((c) => !used.has(c));
    if (unheld.length) decide.push(`Officer columns ${unheld.map((c) => `"${c}"`).join(", ")} are listed under ignore: the officers table has no race, sex or age field to hold them.`);
  } else {
    const off = profiles.filter((p) => free(p) && officerSide(p));
    if (off.length) decide.push(`Officer columns ${off.map((p) => `"${p.name}"`).join(", ")} are ignored: with one row per incident there is no officer key. Map officers.* with keys.officer if you want them.`);
  }

  // Required fields with no column: marked not reported (the site says so; never a constant the
  // figures would count), flagged to decide.
  const have = new Set(placed.map((p) => p.field));
  // A missing call type is left out: the site then says call types are not reported.
  if (!have.has("incidents.call_type")) decide.push(`No column found for the call type: incidents.call_type is left out, and the site will say call types are not reported by this department.`);
  for (const [field, what] of [["incidents.contact_origin", "how the encounter began"], ["force_uses.force_type", "the force type"]] as const)
    if (!have.has(field)) {
      placed.push({ field, spec: { not_reported: true, note: `No column found for ${what}: not reported by this department.` }, columns: [], undecided: [], why: "" });
      decide.push(`No column found for ${what}: ${field} is marked not reported (the site says so); map it if the export has it after all.`);
    }

  // Required fields: a blank cell (or a label still to decide) would reject the incident, so the
  // draft falls back to "unknown" there; the import report still counts every such label.
  let districtFallback = false;
  for (const x of placed) {
    const fallback = REQUIRED_FALLBACK[x.field];
    if (!fallback || x.spec.value !== undefined || x.spec.first_of || x.spec.flags) continue;
    const cols = profiles.filter((p) => x.columns.includes(p.name));
    const blanks = x.spec.columns ? hasRowWithAllBlank(cols) : cols.some((p) => p.blankShare > 0);
    if (!blanks && x.undecided.length === 0) continue;
    const { note, ...inner } = x.spec;
    x.spec = { first_of: [inner, { value: fallback }], note: [`Blank${x.undecided.length ? " or undecided" : ""} cells read as "${fallback}" (a required field).`, note].filter(Boolean).join(" ") };
    if (x.field === "incidents.district") districtFallback = true;
  }

  const keyNote = `${chosen.why}${chosen.considered.length ? `; also considered ${chosen.considered.join(", ")}` : ""}`;
  if (!chosen.considered.length && !idTier(incidentKey.name)) decide.push(`Incident key: no column is named as an id; the draft uses ${chosen.why}. Check keys.incident.`);

  // Drops, blanks, ignores.
  const keyCols = new Set<string>([incidentKey.name, ...(subjectKeyCol ? [subjectKeyCol.name] : []), ...(officerKeyCol ? [officerKeyCol.name] : [])]);
  for (const k of [keys.subject, keys.officer]) if (k && typeof k === "object") for (const c of (k as { columns: string[] }).columns) keyCols.add(c);
  const mappedCols = new Set(placed.flatMap((p) => p.columns));
  // Case, report and incident numbers not used as a key are identifiers too: dropped, never published.
  const idNumber = (p: ColumnProfile) => !p.identifier && !keyCols.has(p.name) && !mappedCols.has(p.name) && idTier(p.name) > 0 && idShaped(p) && !p.date && !p.time && !isCountLike(p) && p.distinct.length >= Math.max(2, 0.2 * p.filled);
  const dropped: [string, string][] = profiles
    .filter((p) => (p.identifier || idNumber(p)) && !keyCols.has(p.name))
    .map((p) => [p.name, p.identifier ?? `its name and values suggest ${idWhat(p.name)} (not the key)`]);
  const droppedSet = new Set(dropped.map(([c]) => c));
  const ignored = profiles.filter((p) => !droppedSet.has(p.name) && !keyCols.has(p.name) && !mappedCols.has(p.name)).map((p) => p.name);
  const markerCounts = new Map<string, number>();
  for (const p of profiles) for (const [m, n] of p.markers) markerCounts.set(m, (markerCounts.get(m) ?? 0) + n);
  const blank = [...markerCounts].sort((a, b) => b[1] - a[1]).map(([m]) => m);

  const fields: Record<string, FieldSpec> = {};
  for (const p of placed) fields[p.field] = p.spec;
  const source: Record<string, unknown> = { file, grain, keys };
  if (blank.length) source.blank = blank;
  source.drop = dropped.map(([c]) => c);
  if (ignored.length) source.ignore = ignored;
  source.fields = fields;
  const mapping: Record<string, unknown> = {};
  if (opts.schemaRef) mapping.$schema = opts.schemaRef;
  mapping.description = `Draft written by mapping:init from ${file}: check every guess, then map the labels listed in the notes. Incident key: ${keyNote}. Grain ${grain}${grainWhy ? `: ${grainWhy}` : ""}.`;
  mapping.sources = [source];

  // The checklist.
  guessed.push(`grain: ${grain} (${grain === "incident" ? `"${incidentKey.name}" is unique on every row` : `"${incidentKey.name}" repeats: ${incidentKey.distinct.length} incidents in ${rows} rows${grainWhy ? `; ${grainWhy}` : ""}`})`);
  guessed.push(`incident key: ${keyNote}`);
  if (keys.subject) guessed.push(`subject key: ${JSON.stringify(keys.subject)}`);
  if (keys.officer) guessed.push(...(guessedLater.length ? guessedLater : [`officer key: ${JSON.stringify(keys.officer)}`]));
  if (blank.length) guessed.push(`null markers read as blank: ${blank.map((b) => JSON.stringify(b)).join(", ")}`);
  for (const p of placed) if (p.why) guessed.push(`${p.field} <- ${p.why}`);
  let undecidedLabels = 0;
  for (const p of placed)
    if (p.undecided.length) {
      undecidedLabels += p.undecided.length;
      decide.push(`${p.field}: ${p.undecided.length} label(s) to map: ${fmtCounts(p.undecided)}`);
    }

  // config.json draft. Local midnights written in UTC tell the zone's offsets (UTC-5 and UTC-4: Eastern).
  // Else the state the department's config or the export names; else the department fills it in
  // (the draft's timezone is a placeholder a build refuses), never a guess that shifts dates.
  const zone = zoneFromMidnights(dateGuess?.utcHours);
  const placeText = [opts.config?.jurisdiction, opts.config?.name].filter((t): t is string => !!t && !PLACEHOLDER_PATTERN.test(t)).join("; ");
  const placeCol = profiles.find((p) => /state|city|jurisdiction|agency|department|county/.test(byName(p)) && p.distinct.length > 0 && p.distinct[0][1] / Math.max(1, p.filled) >= 0.9 && stateIn(p.distinct[0][0]) !== null);
  const where = (placeText ? stateIn(placeText) : null) ?? (placeCol ? stateIn(placeCol.distinct[0][0]) : null);
  const placeFrom = placeText && stateIn(placeText) ? "config.json's jurisdiction" : `"${placeCol?.name}"`;
  let timezone: string;
  if (zone) {
    timezone = zone.name;
    guessed.push(`timezone: ${zone.name} (local midnight is written as ${zone.hours} UTC); check it`);
  } else if (where?.zone) {
    timezone = where.zone;
    guessed.push(`timezone: ${where.zone} (${where.name}, from ${placeFrom}); check it`);
  } else {
    timezone = `${PLACEHOLDER}: the department's IANA time zone, such as America/New_York`;
    decide.push(
      `Time zone: ${where ? `${where.name} spans more than one zone` : "nothing in the export says where the department is"}; config.json's timezone is left for you to fill in (a build refuses it until then)${dateGuess?.utc ? `. Dates in "${dateCol!.name}" are written in UTC and are converted to it` : ""}.`,
    );
  }
  if (opts.config?.timezone && (zone || where?.zone) && opts.config.timezone !== timezone)
    decide.push(`config.json says timezone "${opts.config.timezone}", but ${zone ? `local midnight is written as ${zone.hours} UTC (${zone.name})` : `the department is in ${where!.name} (${where!.zone})`}: check it.`);
  const districts = districtCol
    ? [...codes].filter(([, code], i, all) => all.findIndex(([, c]) => c === code) === i).map(([label, code]) => ({ code, name: label }))
    : [{ code: "citywide", name: "Citywide" }];
  if (districtCol && districtFallback && !districts.some((d) => d.code === "unknown")) districts.push({ code: "unknown", name: "Not recorded" });
  const config = {
    // Placeholders a build refuses until they are filled in (department.ts, placeholderProblems).
    name: `${PLACEHOLDER}: full name of the department`,
    short_name: PLACEHOLDER,
    jurisdiction: `${PLACEHOLDER}: the area the department serves`,
    contact: { url: `https://example.org/${PLACEHOLDER.replace(" ", "-")}` },
    licence: { id: "CC-BY-4.0", name: "Creative Commons Attribution 4.0", url: "https://creativecommons.org/licenses/by/4.0/" },
    timezone,
    districts,
    version: DRAFT_VERSION,
    released: new Date().toISOString().slice(0, 10),
  };
  return { mapping, config, guessed, decide, ignored, dropped, grain, keys, undecidedLabels };
}

// ---------------------------------------------------------------------------------------------
// Command line

/** The jurisdiction, name and time zone of an existing config.json, or undefined when there is none or it cannot be read. */
function readExistingConfig(file: string): DraftOptions["config"] {
  if (!fs.existsSync(file)) return undefined;
  try {
    const j = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    return { jurisdiction: str(j.jurisdiction), name: str(j.name), timezone: str(j.timezone) };
  } catch {
    return undefined;
  }
}

export interface InitResult {
  code: number;
  lines: string[];
  draft?: Draft;
}

/** Runs `mapping:init` with its arguments; writes the files and returns the checklist lines. */
export function runInit(args: string[], cwd = process.cwd()): InitResult {
  const lines: string[] = [];
  let input: string | undefined;
  let out: string | undefined;
  let force = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--force") force = true;
    else if (a === "--out") out = args[++i];
    else if (a.startsWith("--out=")) out = a.slice(6);
    else if (a.startsWith("--")) return { code: 2, lines: [`Unknown option ${a}. Usage: npm run mapping:init -- <export.csv> [--out DIR] [--force]`] };
    else input = a;
  }
  if (!input || !out && out !== undefined) return { code: 2, lines: ["Usage: npm run mapping:init -- <export.csv> [--out DIR] [--force]"] };
  const file = path.resolve(cwd, input);
  if (!fs.existsSync(file)) return { code: 2, lines: [`No such file: ${input}`] };
  const dir = path.resolve(cwd, out ?? path.dirname(file));
  const mappingFile = path.join(dir, "mapping.json");
  if (fs.existsSync(mappingFile) && !force)
    return { code: 1, lines: [`${path.relative(cwd, mappingFile) || mappingFile} already exists; nothing written. Use --force to overwrite it.`] };

  // The export is read as the import will read it: a workbook's sheet, or a regular file in a known encoding.
  // Only a regular file is opened here (never a pipe or a device, which would block): readInput
  // refuses anything else with its own message.
  const bytes = fs.statSync(file).isFile() ? fs.readFileSync(file) : null;
  let table: { header: string[]; rows: string[][] };
  let sheet: { sheet: string; headerRow: number } | null = null;
  if (bytes && isWorkbook(file, bytes)) {
    const book = readWorkbook(file, bytes);
    if ("problem" in book) return { code: 1, lines: [formatProblem(book.problem)] };
    table = { header: book.header, rows: book.rows };
    sheet = { sheet: book.sheet, headerRow: book.headerRow };
    lines.push(`Read the workbook's sheet "${book.sheet}", header in row ${book.headerRow}${book.notes.length ? ` (${book.notes.join("; ")})` : ""}.`);
  } else {
    const exported = readInput(diskIo, file, path.dirname(file));
    if ("problem" in exported) return { code: 1, lines: [formatProblem(exported.problem)] };
    if (exported.note) lines.push(`${exported.note}; the import will read it the same way.`);
    table = parseExport(exported.text);
  }
  const profiles = profileExport(table);
  const schemaRef = path.relative(dir, SCHEMA_FILE).split(path.sep).join("/");
  const configFile = path.join(dir, "config.json");
  const existing = readExistingConfig(configFile);
  const draft = draftMapping(path.basename(file), profiles, { schemaRef, rows: table.rows, config: existing });
  // A workbook's sheet and header row are written down, so the import reads what was drafted from.
  if (sheet) {
    const src = (draft.mapping as { sources: Record<string, unknown>[] }).sources[0];
    const { file: f, ...rest } = src;
    (draft.mapping as { sources: Record<string, unknown>[] }).sources[0] = { file: f, sheet: sheet.sheet, header_row: sheet.headerRow, ...rest };
  }
  const parsed = mappingSchema.safeParse(draft.mapping);
  if (!parsed.success) {
    return { code: 3, lines: ["The drafted mapping does not validate (a bug in mapping:init):", ...parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`)] };
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(mappingFile, JSON.stringify(draft.mapping, null, 2) + "\n");
  const wroteConfig = !fs.existsSync(configFile);
  if (wroteConfig) {
    // A time zone left to the department is a placeholder: checked here as if filled in.
    const tz = (draft.config as { timezone: string }).timezone;
    departmentConfig.parse({ ...draft.config, timezone: PLACEHOLDER_PATTERN.test(tz) ? "UTC" : tz });
    fs.writeFileSync(configFile, JSON.stringify(draft.config, null, 2) + "\n");
  }
  const rel = (p: string) => path.relative(cwd, p) || ".";
  lines.push(`Read ${table.rows.length} rows and ${table.header.length} columns of ${path.basename(file)}.`);
  lines.push(`Wrote ${rel(mappingFile)}${wroteConfig ? ` and ${rel(configFile)}` : ` (kept the existing ${rel(configFile)})`}.`);
  lines.push("", "Guessed:");
  for (const g of draft.guessed) lines.push(`  [x] ${g}`);
  lines.push("", "Dropped (look like identifiers; never read):");
  if (draft.dropped.length === 0) lines.push("  (none)");
  for (const [c, why] of draft.dropped) lines.push(`  [x] "${c}": ${why}`);
  lines.push("", "To decide:");
  for (const d of draft.decide) lines.push(`  [ ] ${d}`);
  if (draft.ignored.length) lines.push(`  [ ] Columns not placed, listed under ignore: ${draft.ignored.map((c) => `"${c}"`).join(", ")}`);
  if (wroteConfig) {
    lines.push(`  [ ] ${rel(configFile)}: replace every "${PLACEHOLDER}" and the version "${DRAFT_VERSION}" (a build refuses them), and check timezone (now "${(draft.config as { timezone: string }).timezone}"): dates are taken in the department's IANA time zone.`);
    lines.push("  [ ] Check the district names in config.json (now the codes themselves).");
  }
  if (!fs.existsSync(path.join(dir, "calls_for_service")) && !fs.existsSync(path.join(dir, "calls_for_service.csv")))
    lines.push(`  [ ] Add calls_for_service.csv (or calls_for_service/*.csv) to ${rel(dir)}: calls per month, call type and district, the denominators every rate needs; or map the dispatch system's export of calls in mapping.json's "calls" section and the import counts them. Without either the site is built, and every rate says "not reported by this department".`);
  lines.push("  [ ] Optional: policy text as policy/*.md in the same folder.");
  // The import looks for the export in the data folder unless told where it is.
  const sourceArg = path.resolve(path.dirname(file)) === path.resolve(dir) ? "" : ` --source ${rel(path.dirname(file))}`;
  lines.push(
    "",
    "Next:",
    `  npm run import -- --data ${rel(dir)}${sourceArg}`,
    "  (tries the mapping on a draft config.json; its report lists every unmapped label)",
    `  npm run build -- --data ${rel(dir)}${sourceArg}`,
    "  (once config.json is filled in: the import, the checks and the site)",
  );
  return { code: 0, lines, draft };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const r = runInit(process.argv.slice(2));
    (r.code === 0 ? console.log : console.error)(r.lines.join("\n"));
    process.exitCode = r.code;
  } catch (e) {
    // One located line, never a trace (a full disk, a file that cannot be read...).
    console.error(`Stopped: ${describeFailure(e)}`);
    process.exitCode = 1;
  }
}
