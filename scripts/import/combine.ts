// How the rows of one record (an incident, subject or officer described by several rows) combine
// on a one-value field, and what each rule would have given. While the export streams, a record
// keeps only its value; a record whose rows disagree also keeps the distinct values it was given
// (with how many rows gave each), so that every rule can be worked out at the end without rows.
import { INVALID, normalizeKey } from "../../src/lib/schema/fields.ts";
import type { CombineSpec } from "../../src/lib/schema/mapping.ts";
import { isFlagMeta, MappingError, rankOf, targetMeta } from "./fields.ts";
import type { RecordTable } from "./records.ts";

/** A combine rule, resolved. */
export type Rule =
  | { kind: "first" | "last" | "any" | "all" | "highest" | "lowest" | "most_frequent" }
  | { kind: "any_of" | "all_of"; value: string }
  | { kind: "priority"; list: string[] };

/** The distinct values a record's rows gave a field, in the order first seen, with their row counts. */
export interface Seen {
  values: string[];
  counts: number[];
  /** The department's label that came with each value (its first row's). */
  raws: (string | undefined)[];
  /** Index in values of the last row's value, and that row's label. */
  last: number;
  lastRaw: string | undefined;
}

/** Fields whose canonical order means more or less (highest/lowest are offered for them in the report). */
const ORDERED = new Set(["injury", "resistance", "age_band"]);

/** A number that orders a field's values (higher is more), or null where the field has no order. */
export function orderOf(target: string): ((v: string) => number) | null {
  const { meta } = targetMeta(target);
  if (meta.vocab) return rankOf(target);
  if (meta.type === "integer" || meta.type === "number") return (v) => Number(v);
  // ISO dates, times and months order as their digits do.
  if (meta.type === "date" || meta.type === "time" || meta.type === "yearmonth") return (v) => Number(v.replace(/\D/g, ""));
  return null;
}

/** Whether highest/lowest say something about this field (shown in the report's comparison). */
function meaningfulOrder(target: string): boolean {
  const { field, meta } = targetMeta(target);
  return !isFlagMeta(meta) && ORDERED.has(field);
}

/** The rule a field's spec names, or its default; throws MappingError where the rule cannot apply. */
export function resolveRule(target: string, combine: CombineSpec | undefined, where = ""): Rule {
  const { field, meta } = targetMeta(target);
  const flag = isFlagMeta(meta);
  const at = `${where}.combine`;
  const canonical = (v: string, place: string): string => {
    if (meta.vocab) {
      const key = normalizeKey(v);
      if (key in meta.vocab) return key;
      throw new MappingError(place, `a value of ${target}: one of ${Object.keys(meta.vocab).join(", ")} ("${v}" is not one)`, "use a canonical value (see the data dictionary)");
    }
    if (meta.convert(v.trim()) === INVALID) throw new MappingError(place, `${meta.expected} for ${target} (got "${v}")`);
    return v.trim();
  };
  if (combine === undefined) return { kind: flag ? "any" : field === "injury" || field === "resistance" ? "highest" : "first" };
  if (typeof combine === "object") {
    if ("priority" in combine) return { kind: "priority", list: combine.priority.map((v, i) => canonical(v, `${at}.priority[${i}]`)) };
    if ("any" in combine) return { kind: "any_of", value: canonical(combine.any, `${at}.any`) };
    return { kind: "all_of", value: canonical(combine.all, `${at}.all`) };
  }
  if ((combine === "any" || combine === "any_yes" || combine === "all") && !flag) {
    throw new MappingError(at, `"${combine}" only for a yes/no field; ${target} is not one`, `name the value: {"${combine === "all" ? "all" : "any"}": "${meta.vocab ? Object.keys(meta.vocab)[0] : "value"}"}`);
  }
  if ((combine === "highest" || combine === "lowest") && orderOf(target) === null) {
    throw new MappingError(at, `"${combine}" only for a field whose values have an order; ${target} is free text`, 'use "first", "last", "most_frequent" or {"priority": [...]}');
  }
  return { kind: combine === "any_yes" ? "any" : combine };
}

/** How a rule is written in the mapping (and the report). */
export function ruleLabel(r: Rule): string {
  switch (r.kind) {
    case "any_of":
      return `{"any": "${r.value}"}`;
    case "all_of":
      return `{"all": "${r.value}"}`;
    case "priority":
      return `{"priority": [${r.list.map((v) => `"${v}"`).join(", ")}]}`;
    default:
      return r.kind;
  }
}

const sameRule = (a: Rule, b: Rule) => ruleLabel(a) === ruleLabel(b);

/** Index of the value a rule keeps from the values rows gave a record (no closures: it runs for every rule on every such record). */
function chosenIndex(rule: Rule, seen: Seen, rank: ((v: string) => number) | null): number {
  const vs = seen.values;
  switch (rule.kind) {
    case "first":
      return 0;
    case "last":
      return seen.last;
    case "any": {
      // Yes if any row says yes; otherwise no if any says no; otherwise the first value.
      const yes = vs.indexOf("yes");
      if (yes >= 0) return yes;
      return Math.max(0, vs.indexOf("no"));
    }
    case "all": {
      // Yes only if every row says yes; a no wins over unknown.
      if (vs.length === 1) return 0;
      const no = vs.indexOf("no");
      return no >= 0 ? no : vs.indexOf("unknown");
    }
    case "any_of":
      return Math.max(0, vs.indexOf(rule.value));
    case "all_of": {
      if (vs.length === 1) return 0;
      for (let i = 0; i < vs.length; i++) if (vs[i] !== rule.value) return i;
      return 0;
    }
    case "highest":
    case "lowest": {
      // Unknown and other have no place in the order (rank -1): kept only when nothing else is there.
      let k = -1;
      let best = 0;
      for (let i = 0; i < vs.length; i++) {
        const r = rank ? rank(vs[i]) : 0;
        if (r < 0) continue;
        if (k < 0 || (rule.kind === "highest" ? r > best : r < best)) [k, best] = [i, r];
      }
      return Math.max(0, k);
    }
    case "most_frequent": {
      // A tie goes to the value seen first.
      let k = 0;
      for (let i = 1; i < vs.length; i++) if (seen.counts[i] > seen.counts[k]) k = i;
      return k;
    }
    case "priority": {
      for (const v of rule.list) {
        const i = vs.indexOf(v);
        if (i >= 0) return i;
      }
      return 0;
    }
  }
}

/** The value (and its label) a rule keeps from the values rows gave a record. */
export function choose(rule: Rule, seen: Seen, rank: ((v: string) => number) | null): { value: string; raw: string | undefined } {
  const k = chosenIndex(rule, seen, rank);
  // "all" on yes and unknown rows: not every row says yes, and none says no.
  if (k < 0) return { value: "unknown", raw: undefined };
  return { value: seen.values[k], raw: k === seen.last ? seen.lastRaw : seen.raws[k] };
}

/** What each rule would give on one field whose rows disagree: the headline value's count under each. */
export interface CombineOutcome {
  /** The canonical field, e.g. incidents.contact_origin. */
  target: string;
  /** Records of its table (of incidents not rejected): the denominator of each share. */
  records: number;
  /** Records whose rows gave two or more different values. */
  disagreeing: number;
  /** The value counted (dispatched for contact_origin, yes for yes/no fields, else the most common under the rule in use). */
  value: string;
  /** The rule the mapping uses. */
  inUse: string;
  /** Records with the value under each rule (the rule in use among them). */
  rules: { rule: string; count: number; share: number; inUse: boolean }[];
}

const SATURATED = 255;

/** The field behind the headline figure (force on dispatched calls). */
const HEADLINE = "incidents.contact_origin";

/** One field of one table: its rule, and the records whose rows disagree on it. */
interface Slot {
  target: string;
  table: RecordTable;
  slot: number;
  /** Rows with a value, per record (saturating at 255; larger counts are kept in `many`). */
  valued: Uint8Array;
  many: Map<number, number>;
  seen: Map<number, Seen>;
}

/** Combines the rows of records on their one-value fields and keeps what the report needs. */
export class Combiner {
  private readonly slots = new Map<string, Slot>();
  private readonly rules = new Map<string, Rule>();
  /** Fields whose raw label is kept beside the value. */
  constructor(private readonly rawKept: ReadonlySet<string>) {}

  /** Sets the rule of a field from a spec (the first spec that names a rule wins; checked, may throw MappingError). */
  useSpec(target: string, combine: CombineSpec | undefined, where: string): void {
    const rule = resolveRule(target, combine, where);
    if (this.explicit.has(target)) return;
    if (combine !== undefined) this.explicit.add(target);
    if (combine !== undefined || !this.rules.has(target)) this.rules.set(target, rule);
  }
  private readonly explicit = new Set<string>();

  ruleOf(target: string): Rule {
    return this.rules.get(target) ?? resolveRule(target, undefined);
  }

  /** Each table's fields by slot, for the per-row path. */
  private readonly byTable = new Map<RecordTable, (Slot | undefined)[]>();

  private state(table: RecordTable, slot: number, target: string): Slot {
    let t = this.byTable.get(table);
    if (!t) this.byTable.set(table, (t = []));
    let s = t[slot];
    if (!s) {
      s = { target, table, slot, valued: new Uint8Array(1024), many: new Map(), seen: new Map() };
      t[slot] = s;
      this.slots.set(target, s);
    }
    return s;
  }

  private countRow(s: Slot, e: number): number {
    if (e >= s.valued.length) {
      const b = new Uint8Array(Math.max(e + 1, s.valued.length * 2));
      b.set(s.valued);
      s.valued = b;
    }
    if (s.valued[e] < SATURATED) return ++s.valued[e];
    const n = (s.many.get(e) ?? SATURATED) + 1;
    s.many.set(e, n);
    return n;
  }

  /** Folds one row's value (and label) into record e's field. */
  fold(table: RecordTable, slot: number, e: number, target: string, value: string, raw: string | undefined): void {
    const s = this.state(table, slot, target);
    const rows = this.countRow(s, e);
    if (table.code(slot, e) === 0) {
      table.setValue(slot, e, value);
      if (this.rawKept.has(target)) table.setRaw(slot, e, raw);
      return;
    }
    let seen = s.seen.get(e);
    if (!seen) {
      if (table.valueIs(slot, e, value)) return;
      // The first disagreement: every earlier row with a value gave the value kept so far.
      seen = { values: [table.value(slot, e)!], counts: [rows - 1], raws: [table.raw(slot, e)], last: 0, lastRaw: undefined };
      s.seen.set(e, seen);
    }
    let k = seen.values.indexOf(value);
    if (k < 0) {
      k = seen.values.push(value) - 1;
      seen.counts.push(0);
      seen.raws.push(raw);
    }
    seen.counts[k]++;
    seen.last = k;
    seen.lastRaw = raw;
  }

  /** Records whose rows disagree, per field (before any incident is rejected). */
  disagreements(): Map<string, number> {
    const m = new Map<string, number>();
    for (const s of this.slots.values()) if (s.seen.size) m.set(s.target, s.seen.size);
    return m;
  }

  /**
   * Sets each disagreeing record's value by its field's rule, and works out what every applicable
   * rule would give. alive(table, i): whether record i counts (its incident was not rejected).
   */
  finish(alive: (table: RecordTable, i: number) => boolean): CombineOutcome[] {
    const out: CombineOutcome[] = [];
    for (const s of this.slots.values()) {
      // How the contact began is always shown: the dispatched share is the site's headline.
      if (s.seen.size === 0 && s.target !== HEADLINE) continue;
      const rule = this.ruleOf(s.target);
      const rank = orderOf(s.target);
      const kept = this.rawKept.has(s.target);
      for (const [e, seen] of s.seen) {
        const c = choose(rule, seen, rank);
        s.table.setValue(s.slot, e, c.value);
        if (kept) s.table.setRaw(s.slot, e, c.raw);
      }
      out.push(this.outcome(s, rule, rank, alive));
    }
    return out.filter((o) => o.disagreeing > 0 || o.target === HEADLINE);
  }

  private outcome(s: Slot, inUse: Rule, rank: ((v: string) => number) | null, alive: (table: RecordTable, i: number) => boolean): CombineOutcome {
    const { field, meta } = targetMeta(s.target);
    const flag = isFlagMeta(meta);
    // The value a headline counts: dispatched incidents, yes answers, or the most common value.
    let value = field === "contact_origin" ? "dispatched" : flag ? "yes" : "";
    let records = 0;
    let disagreeing = 0;
    const tally = new Map<string, number>();
    for (let i = 0; i < s.table.size; i++) {
      if (!alive(s.table, i)) continue;
      records++;
      if (s.seen.has(i)) disagreeing++;
      const v = s.table.value(s.slot, i);
      if (v !== undefined) tally.set(v, (tally.get(v) ?? 0) + 1);
    }
    // Dates, times and numbers have no one value a figure counts: only the disagreement is reported.
    if (!meta.vocab) return { target: s.target, records, disagreeing, value: "", inUse: ruleLabel(inUse), rules: [] };
    if (value === "") value = [...tally].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
    const candidates: Rule[] = [{ kind: "first" }, { kind: "last" }];
    if (flag) candidates.push({ kind: "any" }, { kind: "all" });
    else candidates.push({ kind: "any_of", value }, { kind: "all_of", value });
    if (meaningfulOrder(s.target)) candidates.push({ kind: "highest" }, { kind: "lowest" });
    candidates.push({ kind: "most_frequent" });
    if (!candidates.some((c) => sameRule(c, inUse))) candidates.push(inUse);
    // Records that agree have the same value under every rule.
    let agreeing = 0;
    for (let i = 0; i < s.table.size; i++) if (!s.seen.has(i) && alive(s.table, i) && s.table.valueIs(s.slot, i, value)) agreeing++;
    const rules = candidates.map((rule) => {
      let count = agreeing;
      for (const [e, seen] of s.seen) {
        if (!alive(s.table, e)) continue;
        const k = chosenIndex(rule, seen, rank);
        if ((k < 0 ? "unknown" : seen.values[k]) === value) count++;
      }
      return { rule: ruleLabel(rule), count, share: records ? count / records : 0, inUse: sameRule(rule, inUse) };
    });
    return { target: s.target, records, disagreeing, value, inUse: ruleLabel(inUse), rules };
  }
}

const n = (x: number) => x.toLocaleString("en-US");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const tableOf = (target: string) => target.slice(0, target.indexOf("."));
/** "114 incidents' rows", "1 incident's rows", "no incidents' rows". */
const whose = (k: number, table: string) => (k === 0 ? `no ${table}'` : k === 1 ? `1 ${table.slice(0, -1)}'s` : `${n(k)} ${table}'`);

/** One log line per field: the headline value's count under the rule in use and the range across rules. */
export function combineLogLine(o: CombineOutcome): string {
  const used = o.rules.find((r) => r.inUse);
  if (!used) return `${o.target}: ${whose(o.disagreeing, tableOf(o.target))} rows disagree; rule in use: ${o.inUse}`;
  const others = o.rules.filter((r) => !r.inUse).map((r) => `${r.rule} ${n(r.count)}`).join(", ");
  return `${o.target}: ${whose(o.disagreeing, tableOf(o.target))} rows disagree; ${tableOf(o.target)} with ${o.target.slice(o.target.indexOf(".") + 1)} = ${o.value}: ${n(used.count)} (${pct(used.share)}) under ${used.rule} (in use); ${others}`;
}

/** The report section: for each field whose rows disagree, what each rule would give. */
export function combineReportLines(outcomes: CombineOutcome[]): string[] {
  if (outcomes.length === 0) return [];
  const L = [
    "",
    "## Rows of one record that disagree",
    "",
    "Where the rows of one incident, subject or officer give different values, the field's `combine` rule decides which is kept. Each table shows how many records would have the value a figure counts under each rule; the rule in use is marked. Rows without a value do not count.",
  ];
  for (const o of outcomes) {
    const t = tableOf(o.target);
    L.push("", `### ${o.target}: ${whose(o.disagreeing, t)} rows disagree${o.disagreeing ? "" : " (every rule gives the same)"}`, "");
    if (o.rules.length === 0) {
      L.push(`Rule in use: ${o.inUse}. (Dates, times and numbers are not compared value by value.)`);
      continue;
    }
    L.push(`| rule | ${t} with ${o.target.slice(t.length + 1)} = ${o.value} | share of ${n(o.records)} ${t} |`, "|---|---:|---:|");
    for (const r of o.rules) L.push(`| ${r.inUse ? `**${r.rule}** (in use)` : r.rule} | ${n(r.count)} | ${pct(r.share)} |`);
  }
  return L;
}
