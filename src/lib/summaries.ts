// One-sentence, plain-language summaries computed from a figure table's rows, and the text
// of a table cell. A suppressed or unreported cell is never read as zero: it is said in words.
import { ANOTHER_CATEGORY, WITHHELD, WITHHELD_TEXT } from "./schema/disclosure.ts";
import type { Cell, FigureTable } from "./aggregates.ts";
import { FORCE_LEVEL, INJURED_LEVELS } from "./schema/vocab.ts";

type Row = Record<string, Cell>;

/** What a summary is about: one year (default: the latest in the rows) and, for districts, one district. */
export interface SummaryOptions {
  year?: number;
  district?: string;
}

/** The words for missing data that the department did not supply. */
export const NOT_REPORTED = "not reported by this department";

const isNum = (v: Cell | undefined): v is number => typeof v === "number" && Number.isFinite(v);
const n0 = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });
const n1 = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const n2 = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (n: number) => `${n1(n)}%`;
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);
const share = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : null);

/** Digits a column's numbers are shown with: 2 for rates, 1 for shares, otherwise as needed up to 1. */
export function digitsFor(key: string, value: number): number {
  if (key.includes("per_")) return 2;
  if (key.startsWith("share")) return 1;
  return Number.isInteger(value) ? 0 : 1;
}

/** Why a cell is empty: "suppressed" where the row's note says so, otherwise "not reported". */
export function missingText(row: Row): string {
  return row.note === "suppressed" ? "suppressed" : "not reported";
}

/** A table cell as readers see it: formatted numbers; null as "suppressed" or "not reported", never 0. */
export function cellText(row: Row, key: string, type: "string" | "number"): string {
  const v = row[key];
  if (v === null || v === undefined || v === "") {
    if (key === "level") return "not recorded";
    if (key === "note") return "";
    // A share is empty only when hidden or when there is nothing to take a share of (0 of 0).
    if (key.startsWith("share") && row.note !== "suppressed") return "none to compare";
    return missingText(row);
  }
  if (type === "number" && isNum(v)) {
    if (key === "year") return String(v);
    const d = digitsFor(key, v);
    return v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
  }
  return String(v);
}

/** The rows of one year. */
const ofYear = (rows: Row[], year: number) => rows.filter((r) => r.year === year);

/** The year a summary is about: the one asked for, else the latest in the rows. */
function focusYear(rows: Row[], opts: SummaryOptions): number | null {
  if (opts.year !== undefined) return opts.year;
  const years = rows.map((r) => r.year).filter(isNum);
  return years.length ? Math.max(...years) : null;
}

/** ", up from 4.40 in 2023" / ", down from ..." / ", the same as in 2023"; empty when there is nothing to compare with. */
export function change(now: number, prev: Cell | undefined, prevYear: number, format: (n: number) => string, missing = NOT_REPORTED): string {
  if (prev === undefined) return "";
  if (!isNum(prev)) return ` (the ${prevYear} figure is ${missing})`;
  if (format(now) === format(prev)) return `, the same as in ${prevYear}`;
  return `, ${now > prev ? "up" : "down"} from ${format(prev)} in ${prevYear}`;
}

/** The value of a key in the row of a given year (undefined when there is no such row). */
function valueIn(rows: Row[], year: number, key: string, where: (r: Row) => boolean = () => true): Cell | undefined {
  const r = rows.find((x) => x.year === year && where(x));
  return r ? r[key] : undefined;
}

function rateByYear(rows: Row[], y: number): string {
  const r = rows.find((x) => x.year === y);
  if (!r) return `There are no figures for ${y}.`;
  const rate = r.force_per_1000_dispatched;
  if (!isNum(rate)) {
    const why = isNum(r.calls_dispatched) ? "there were no dispatched calls to divide by" : `dispatched calls were ${NOT_REPORTED}`;
    return `In ${y}, no rate per 1,000 dispatched calls can be given because ${why}; ${isNum(r.incidents) ? n0(r.incidents) : "an unknown number of"} incidents involved force.`;
  }
  return `In ${y}, ${n2(rate)} of every 1,000 dispatched calls ended in force${change(rate, valueIn(rows, y - 1, "force_per_1000_dispatched"), y - 1, n2)}.`;
}

/** A sentence on the whole trend of force per 1,000 dispatched calls: its range, then the latest year against the one before. */
export function rateTrendSummary(rows: Row[]): string {
  const known = rows.filter((r) => isNum(r.force_per_1000_dispatched) && isNum(r.year)) as (Row & { year: number; force_per_1000_dispatched: number })[];
  if (known.length === 0) return `No year has both force incidents and dispatched calls, so no rate can be shown: dispatched calls are ${NOT_REPORTED}.`;
  const lo = known.reduce((a, b) => (b.force_per_1000_dispatched < a.force_per_1000_dispatched ? b : a));
  const hi = known.reduce((a, b) => (b.force_per_1000_dispatched > a.force_per_1000_dispatched ? b : a));
  const last = known.at(-1)!;
  const first = known[0];
  if (known.length === 1) return rateByYear(rows, last.year);
  return `From ${first.year} to ${last.year}, between ${n2(lo.force_per_1000_dispatched)} (${lo.year}) and ${n2(hi.force_per_1000_dispatched)} (${hi.year}) of every 1,000 dispatched calls ended in force; in ${last.year} the figure was ${n2(last.force_per_1000_dispatched)}${change(last.force_per_1000_dispatched, valueIn(rows, last.year - 1, "force_per_1000_dispatched"), last.year - 1, n2)}.`;
}

function rateByCallType(rows: Row[], y: number): string {
  const year = ofYear(rows, y).filter((r) => r.call_type !== "unknown");
  const known = year.filter((r) => isNum(r.force_per_1000_dispatched));
  if (year.length === 0) return `There are no call-type figures for ${y}.`;
  if (known.length === 0) return `In ${y}, dispatched calls by call type were ${NOT_REPORTED}, so no rate by call type can be given.`;
  const by = (a: Row, b: Row) => (b.force_per_1000_dispatched as number) - (a.force_per_1000_dispatched as number);
  const sorted = [...known].sort(by);
  const hi = sorted[0], lo = sorted.at(-1)!;
  const gaps = year.length - known.length;
  const tail = gaps ? `; ${gaps} call type${gaps > 1 ? "s have" : " has"} no count of dispatched calls, so no rate` : "";
  if (hi === lo) return `In ${y}, the rate for “${hi.call_type_label}” calls was ${n2(hi.force_per_1000_dispatched as number)} per 1,000 dispatched calls${tail}.`;
  return `In ${y}, force was used most often on “${hi.call_type_label}” calls (${n2(hi.force_per_1000_dispatched as number)} per 1,000 dispatched calls) and least often on “${lo.call_type_label}” calls (${n2(lo.force_per_1000_dispatched as number)})${tail}.`;
}

/** Sum of a key over rows, or null if any row's cell is missing. */
function total(rows: Row[], key: string): number | null {
  let t = 0;
  for (const r of rows) {
    if (!isNum(r[key])) return null;
    t += r[key] as number;
  }
  return t;
}

function forceLevelMix(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  const all = total(year, "subjects");
  const levels = year.filter((r) => isNum(r.level) && isNum(r.subjects));
  if (year.length === 0 || all === null) return year.length ? `In ${y}, some counts by force level are suppressed, so the mix cannot be summarised; see the table.` : `There are no force-level figures for ${y}.`;
  if (all === 0) return `In ${y}, no subjects were recorded.`;
  const top = [...levels].sort((a, b) => (b.subjects as number) - (a.subjects as number))[0];
  const highOf = (rs: Row[]) => rs.filter((r) => isNum(r.level) && (r.level as number) >= 5).reduce((t, r) => t + (r.subjects as number), 0);
  const high = highOf(year);
  const highShare = share(high, all)!;
  const prev = ofYear(rows, y - 1);
  const prevAll = prev.length ? total(prev, "subjects") : null;
  const prevShare = prev.length ? (prevAll ? share(highOf(prev), prevAll) : null) : undefined;
  return `In ${y}, ${lowerFirst(String(top.level_label))} was the most common highest level of force, used on ${n0(top.subjects as number)} of ${n0(all)} subjects (${pct(share(top.subjects as number, all)!)}); less-lethal weapons or deadly force were used on ${n0(high)} (${pct(highShare)})${prevShare === undefined ? "" : change(highShare, prevShare, y - 1, pct, "not known")}.`;
}

const INJURED = INJURED_LEVELS;

function subjectInjuries(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  if (year.length === 0) return `There are no injury figures for ${y}.`;
  const all = total(year, "subjects");
  if (all === null) return `In ${y}, some counts in this breakdown by force level are small and hidden; the year's totals are in "Injuries to subjects and officers, by year".`;
  const injured = year.filter((r) => INJURED.has(String(r.injury))).reduce((t, r) => t + (r.subjects as number), 0);
  const grave = year.filter((r) => r.injury === "serious" || r.injury === "death").reduce((t, r) => t + (r.subjects as number), 0);
  const unknown = year.filter((r) => r.injury === "unknown" || r.injury === "not_recorded").reduce((t, r) => t + (r.subjects as number), 0);
  // The level at which the share injured was highest, among levels with enough subjects to mean something.
  const byLevel = new Map<number, { n: number; inj: number }>();
  for (const r of year) {
    if (!isNum(r.level)) continue;
    const e = byLevel.get(r.level) ?? { n: 0, inj: 0 };
    e.n += r.subjects as number;
    if (INJURED.has(String(r.injury))) e.inj += r.subjects as number;
    byLevel.set(r.level, e);
  }
  const worst = [...byLevel.entries()].filter(([, e]) => e.n >= 10).sort((a, b) => b[1].inj / b[1].n - a[1].inj / a[1].n)[0];
  const unk = unknown ? ` (injury unknown or not recorded for ${n0(unknown)})` : "";
  const lvl = worst ? `; the share injured was highest where the highest force was level ${worst[0]}, ${lowerFirst(FORCE_LEVEL[worst[0] as 1] ?? "")} (${pct(share(worst[1].inj, worst[1].n)!)} of ${n0(worst[1].n)})` : "";
  return `In ${y}, ${n0(injured)} of ${n0(all)} subjects (${pct(share(injured, all) ?? 0)}) were recorded as injured, ${n0(grave)} seriously or fatally${unk}${lvl}.`;
}

function injuryTotals(rows: Row[], y: number): string {
  const r = ofYear(rows, y)[0];
  if (!r) return `There are no injury figures for ${y}.`;
  const subjects = r.subjects as number;
  const inj = r.subjects_injured;
  const grave = r.subjects_serious_or_death;
  const subjectsPart = isNum(inj)
    ? `${n0(inj)} of ${n0(subjects)} subjects (${pct(share(inj, subjects) ?? 0)}) were recorded as injured, ${isNum(grave) ? `${n0(grave)} seriously or fatally` : "the number seriously injured or killed is suppressed because it is small"}`
    : `the number of subjects injured is suppressed because it is small`;
  const off = r.officers;
  const offInj = r.officers_injured;
  const officersPart = !isNum(off) ? `injuries to officers are ${NOT_REPORTED}` : isNum(offInj) ? `${n0(offInj)} of ${n0(off)} officers who used force were injured` : "the number of officers injured is suppressed because it is small";
  return `In ${y}, ${subjectsPart}; ${officersPart}.`;
}

function officerInjuries(rows: Row[], y: number): string {
  if (rows.length === 0) return `Injuries to officers are ${NOT_REPORTED}.`;
  const year = ofYear(rows, y);
  if (year.length === 0) return `Injuries to officers in ${y} are ${NOT_REPORTED}.`;
  const all = total(year, "officers");
  if (all === null) return `In ${y}, some counts of officers by injury are small and hidden; the year's totals are in "Injuries to subjects and officers, by year".`;
  const count = (keys: string[]) => year.filter((r) => keys.includes(String(r.injury))).reduce((t, r) => t + (r.officers as number), 0);
  const injured = count([...INJURED]);
  const serious = count(["serious"]), deaths = count(["death"]);
  const grave = deaths ? `, ${n0(serious)} seriously and ${n0(deaths)} fatally` : `, ${n0(serious)} seriously`;
  return `In ${y}, ${n0(injured)} of ${n0(all)} officers who used force (${pct(share(injured, all) ?? 0)}) were recorded as injured${grave}.`;
}

// Groups that are not a category of people: never "the largest group".
const OTHER_GROUPS = new Set(["unknown", "not_recorded", "other", WITHHELD, ANOTHER_CATEGORY]);

/** "; 253 subjects' values are withheld to protect privacy" where disclosure control withheld some, and a note of suppressed cells where there are any. */
function suppressedNote(year: Row[]): string {
  const withheld = year.find((r) => r.group === WITHHELD);
  const w = withheld && isNum(withheld.subjects) && withheld.subjects > 0
    ? `; for ${n0(withheld.subjects)} subject${withheld.subjects === 1 ? "" : "s"} it is ${WITHHELD_TEXT}, so each group may hold up to ${n0(withheld.subjects)} more than shown`
    : "";
  return w + hiddenCells(year);
}

function hiddenCells(year: Row[]): string {
  const hidden = year.filter((r) => r.note === "suppressed").length;
  return hidden ? `; ${hidden} group${hidden > 1 ? "s are" : " is"} suppressed because ${hidden > 1 ? "their counts are" : "its count is"} small` : "";
}

function largest(year: Row[], k: number): Row[] {
  return year.filter((r) => isNum(r.subjects) && !OTHER_GROUPS.has(String(r.group))).sort((a, b) => (b.subjects as number) - (a.subjects as number)).slice(0, k);
}

function subjectsByAge(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  const [top] = largest(year, 1);
  if (!top) return year.length ? `In ${y}, every age group's count is suppressed or not recorded.` : `There are no age figures for ${y}.`;
  return `In ${y}, the largest age group among subjects was ${lowerFirst(String(top.group_label))}: ${n0(top.subjects as number)} subjects${isNum(top.share_of_subjects) ? ` (${pct(top.share_of_subjects)})` : ""}${suppressedNote(year)}.`;
}

function subjectsBySex(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  const top = largest(year, 2);
  if (top.length === 0) return year.length ? `In ${y}, every group's count is suppressed or not recorded.` : `There are no figures by sex for ${y}.`;
  const part = (r: Row) => `${isNum(r.share_of_subjects) ? pct(r.share_of_subjects) : n0(r.subjects as number)} of subjects (${n0(r.subjects as number)}) were recorded as ${lowerFirst(String(r.group_label))}`;
  const [a, b] = top;
  const second = b ? ` and ${isNum(b.share_of_subjects) ? pct(b.share_of_subjects) : n0(b.subjects as number)} (${n0(b.subjects as number)}) as ${lowerFirst(String(b.group_label))}` : "";
  return `In ${y}, ${part(a)}${second}${suppressedNote(year)}.`;
}

function subjectsByRace(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  const top = largest(year, 2);
  if (top.length === 0) return year.length ? `In ${y}, every group's count is suppressed or not recorded.` : `There are no figures by race or ethnicity for ${y}.`;
  const part = (r: Row) => `${r.group_label} (${n0(r.subjects as number)}${isNum(r.share_of_subjects) ? `, ${pct(r.share_of_subjects)}` : ""})`;
  const groups = top.length > 1 ? `the largest groups of subjects were recorded as ${part(top[0])} and ${part(top[1])}` : `the largest group of subjects was recorded as ${part(top[0])}`;
  const perRes = year.filter((r) => isNum(r.subjects_per_10000_residents) && !OTHER_GROUPS.has(String(r.group)));
  let res: string;
  // With values withheld, a group's count is a lower bound: the lowest figure is not said, as it may be an artefact of the withholding.
  const someWithheld = year.some((r) => r.group === WITHHELD && isNum(r.subjects) && r.subjects > 0);
  if ("residents" in (year[0] ?? {}) && perRes.length >= 2 && someWithheld) {
    const s = [...perRes].sort((a, b) => (b.subjects_per_10000_residents as number) - (a.subjects_per_10000_residents as number));
    res = `; per 10,000 residents, the figure was highest for ${s[0].group_label} (${n2(s[0].subjects_per_10000_residents as number)}, from ${n0(s[0].subjects as number)} subjects), a comparison with residents, not with who calls 911 or who is present`;
  } else if ("residents" in (year[0] ?? {}) && perRes.length >= 2) {
    const s = [...perRes].sort((a, b) => (b.subjects_per_10000_residents as number) - (a.subjects_per_10000_residents as number));
    const hi = s[0], lo = s.at(-1)!;
    res = `; per 10,000 residents, the figure was highest for ${hi.group_label} (${n2(hi.subjects_per_10000_residents as number)}, from ${n0(hi.subjects as number)} subjects) and lowest for ${lo.group_label} (${n2(lo.subjects_per_10000_residents as number)}, from ${n0(lo.subjects as number)}), a comparison with residents, not with who calls 911 or who is present`;
  } else res = `; residents by race or ethnicity are ${NOT_REPORTED}, so there is no per-resident comparison`;
  return `In ${y}, ${groups}${res}${suppressedNote(year)}.`;
}

function districts(rows: Row[], y: number, code?: string): string {
  if (code !== undefined) {
    const mine = rows.filter((r) => r.district === code);
    const r = mine.find((x) => x.year === y);
    if (!r) return `There are no figures for this district in ${y}.`;
    const name = String(r.district_name);
    const inc = isNum(r.incidents) ? `; ${n0(r.incidents)} force incidents in all` : "";
    if (!isNum(r.force_per_1000_dispatched)) return `In ${y}, dispatched calls in ${name} were ${NOT_REPORTED}, so no rate can be given${inc}.`;
    return `In ${y}, ${n2(r.force_per_1000_dispatched)} of every 1,000 dispatched calls in ${name} ended in force${change(r.force_per_1000_dispatched, valueIn(mine, y - 1, "force_per_1000_dispatched"), y - 1, n2)}${inc}.`;
  }
  const year = ofYear(rows, y);
  const known = year.filter((r) => isNum(r.force_per_1000_dispatched)).sort((a, b) => (b.force_per_1000_dispatched as number) - (a.force_per_1000_dispatched as number));
  if (year.length === 0) return `There are no district figures for ${y}.`;
  if (known.length === 0) return `In ${y}, dispatched calls by district were ${NOT_REPORTED}, so no district rate can be given.`;
  const hi = known[0], lo = known.at(-1)!;
  const gaps = year.length - known.length;
  const tail = gaps ? `; ${gaps} district${gaps > 1 ? "s have" : " has"} no count of dispatched calls, so no rate` : "";
  return `In ${y}, the rate of force on dispatched calls was highest in ${hi.district_name} (${n2(hi.force_per_1000_dispatched as number)} per 1,000 dispatched calls) and lowest in ${lo.district_name} (${n2(lo.force_per_1000_dispatched as number)})${tail}.`;
}

function crisisResponse(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  const w = year.find((r) => r.crisis_support === "with");
  const wo = year.find((r) => r.crisis_support === "without");
  if (!w && !wo) return `There were no force incidents on mental-health calls in ${y}, or crisis support was not recorded.`;
  const side = (r: Row | undefined, when: string) => {
    if (!r || !isNum(r.subjects) || r.subjects === 0) return `no subjects ${when}`;
    if (!isNum(r.share_injured)) return `a share ${when} that is ${r.note === "suppressed" ? `hidden because it counts so few people (${n0(r.subjects as number)} subjects)` : NOT_REPORTED}`;
    const few = r.subjects < 20 ? `, too few to read much into` : "";
    return `${pct(r.share_injured)} ${when} (${isNum(r.subjects_injured) ? n0(r.subjects_injured) : "some"} of ${n0(r.subjects)}${few})`;
  };
  return `In ${y}, on mental-health calls, the share of subjects injured was ${side(w, "when a crisis-trained officer or co-responder was present")}, against ${side(wo, "when neither was present")}.`;
}

function deescalationCamera(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  const d = year.find((r) => r.measure === "deescalation_attempted");
  const c = year.find((r) => r.measure === "bwc_activated");
  if (!d && !c) return `There are no de-escalation or camera figures for ${y}.`;
  const dd = d && isNum(d.share_yes_of_known) ? `de-escalation was attempted in ${pct(d.share_yes_of_known)} of force incidents where this was recorded (${n0(d.yes as number)} of ${n0((d.yes as number) + (d.no as number))})` : `whether de-escalation was attempted was ${NOT_REPORTED}`;
  const cc = c && isNum(c.share_yes_of_known) ? `body-worn cameras were activated in ${pct(c.share_yes_of_known)} (${n0(c.yes as number)} of ${n0((c.yes as number) + (c.no as number))})` : `whether cameras were activated was ${NOT_REPORTED}`;
  return `In ${y}, ${dd}, and ${cc}.`;
}

function reviewFindings(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  if (year.length === 0) return `There are no review findings for ${y}.`;
  const all = total(year, "incidents");
  if (all === null) return `In ${y}, some review counts are suppressed; see the table.`;
  if (all === 0) return `In ${y}, no force incidents were reviewed.`;
  const n = (f: string) => (year.find((r) => r.finding === f)?.incidents as number | undefined) ?? 0;
  const within = n("within_policy"), issue = n("within_policy_training_issue"), out = n("out_of_policy"), pending = n("pending");
  return `In ${y}, reviews found ${n0(within)} of ${n0(all)} force incidents (${pct(share(within, all)!)}) within policy, ${n0(issue)} within policy with a training or policy issue, and ${n0(out)} (${pct(share(out, all)!)}) out of policy; ${n0(pending)} ${pending === 1 ? "was" : "were"} pending.`;
}

function complaints(rows: Row[], y: number): string {
  if (rows.length === 0) return `Complaints are ${NOT_REPORTED}.`;
  const r = rows.find((x) => x.year === y);
  if (!r) return `Complaints for ${y} are ${NOT_REPORTED}.`;
  const v = (k: string) => (isNum(r[k]) ? n0(r[k] as number) : "an unreported number of");
  const was = isNum(r.received) ? change(r.received, valueIn(rows, y - 1, "received"), y - 1, n0).replace(/^, /, "").replace(/^ \((.*)\)$/, "$1") : "";
  const recv = isNum(r.received) ? `${n0(r.received)} complaints were received${was ? ` (${was})` : ""}` : `the number of complaints received was ${NOT_REPORTED}`;
  const days = isNum(r.median_days_to_close) ? `, and the median complaint took ${n1(r.median_days_to_close).replace(/\.0$/, "")} days to close` : "";
  return `In ${y}, ${recv}, ${v("excessive_force")} of them alleging excessive force; ${v("sustained")} were sustained and ${v("with_discipline")} led to discipline${days}.`;
}

function training(rows: Row[], y: number): string {
  if (rows.length === 0) return `Training is ${NOT_REPORTED}.`;
  const r = rows.find((x) => x.year === y);
  if (!r) return `Training figures for ${y} are ${NOT_REPORTED}.`;
  const cit = isNum(r.cit_trained_officers) && isNum(r.sworn_officers)
    ? `${n0(r.cit_trained_officers)} of ${n0(r.sworn_officers)} sworn officers (${pct(r.share_cit_trained as number)}) were trained in crisis intervention`
    : `crisis-intervention training was ${NOT_REPORTED}`;
  const hours = isNum(r.deescalation_training_hours) ? `officers received ${n0(r.deescalation_training_hours)} hours of de-escalation training` : `de-escalation training hours were ${NOT_REPORTED}`;
  return `In ${y}, ${cit}, and ${hours}.`;
}

const BUILDERS: Record<string, (rows: Row[], y: number, opts: SummaryOptions) => string> = {
  "rate-by-year": rateByYear,
  "rate-by-call-type": rateByCallType,
  "force-level-mix": forceLevelMix,
  "injury-totals": injuryTotals,
  "subject-injuries": subjectInjuries,
  "officer-injuries": officerInjuries,
  "subjects-by-age": subjectsByAge,
  "subjects-by-sex": subjectsBySex,
  "subjects-by-race": subjectsByRace,
  districts: (rows, y, o) => districts(rows, y, o.district),
  "crisis-response": crisisResponse,
  "deescalation-camera": deescalationCamera,
  "review-findings": reviewFindings,
  complaints,
  training,
};

/** One plain-language sentence on a figure table's rows, for one year (default: the latest). */
export function summarize(id: string, rows: Row[], opts: SummaryOptions = {}): string {
  const build = BUILDERS[id];
  if (!build) throw new Error(`no summary for figure ${id}`);
  const y = focusYear(rows, opts);
  if (y === null) {
    if (id === "officer-injuries") return `Injuries to officers are ${NOT_REPORTED}.`;
    if (id === "complaints") return `Complaints are ${NOT_REPORTED}.`;
    if (id === "training") return `Training is ${NOT_REPORTED}.`;
    return "There are no figures to summarise.";
  }
  return build(rows, y, opts);
}

/** A figure's sentence: what it lacks when the department does not report it, else its summary. */
export function figureSummary(table: Pick<FigureTable, "id" | "rows" | "status" | "missing">, opts: SummaryOptions = {}): string {
  if (table.status === "not_reported") {
    const what = table.missing.length ? `: ${listOf(table.missing)}` : "";
    return `Not reported by this department${what}, so this figure cannot be given.`;
  }
  return summarize(table.id, table.rows, opts);
}

/** "a, b and c". */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** The figure ids that have a summary. */
export const SUMMARY_IDS = Object.keys(BUILDERS);

/** A question the site answers, its heading, the page section that answers it and the figures there. */
export interface Question {
  section: string;
  heading: string;
  /** The question as a resident would ask it. */
  ask: string;
  figures: string[];
}

/** The questions, in the order pages show them. */
export const QUESTIONS: readonly Question[] = [
  { section: "how-often", heading: "How often calls end in force", ask: "How often does a call for police help end in force, and on which kinds of call?", figures: ["rate-by-year", "rate-by-call-type"] },
  { section: "how-much", heading: "How much force", ask: "What is the highest level of force used, and is that changing?", figures: ["force-level-mix"] },
  { section: "injuries", heading: "Injuries", ask: "How often are people, and officers, injured?", figures: ["injury-totals", "subject-injuries", "officer-injuries"] },
  { section: "who", heading: "Who force was used on", ask: "Who is force used on, by age, sex and race or ethnicity?", figures: ["subjects-by-age", "subjects-by-sex", "subjects-by-race"] },
  { section: "where", heading: "Where", ask: "Where in the city is force used, against the number of calls?", figures: ["districts"] },
  { section: "crisis", heading: "Mental-health calls", ask: "On mental-health calls, what happens with and without crisis support?", figures: ["crisis-response"] },
  { section: "de-escalation", heading: "De-escalation and body-worn cameras", ask: "Do officers try to de-escalate, and are cameras on?", figures: ["deescalation-camera"] },
  { section: "accountability", heading: "Reviews, complaints and training", ask: "Is force reviewed, are complaints upheld, and are officers trained?", figures: ["review-findings", "complaints", "training"] },
];
