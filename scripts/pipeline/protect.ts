// Disclosure-control stage: turns the anonymized records into the records that are published,
// so that every combination of quasi-identifiers a reader can assemble from the linked files
// (an incident's date and place, with each of its subjects' age band, sex and race or
// ethnicity) is shared by at least k records, or not published. Everything published is
// computed from what this stage returns.
//
// Model: k-anonymity over two views, the incidents (their own quasi-identifiers) and the
// subjects joined to their incidents. Each field is generalised along its hierarchy (dates:
// day, week, month, quarter, year; places: beat, district; age: bands, wider bands; sex and
// race or ethnicity: rare categories merged), one level for the whole release, choosing the
// levels with the least information lost; then single values of the records still in groups
// smaller than k are withheld, first the value that frees most records per cell of detail lost,
// and as a last resort the date is published to the year only. Information lost is counted per
// published cell: 0 for a value as recorded, 1 for a withheld one, and for a generalised one the
// share of the values it no longer tells apart, (covered - 1) / (domain - 1).
import type { DepartmentConfig } from "../../src/lib/schema/config.ts";
import {
  AGE_BAND_WIDER, ANOTHER_CATEGORY, DATE_LEVELS, QUASI_IDENTIFIER_LABEL, WITHHELD,
  dateLevelOf, generaliseDate, type DateLevel, type FieldProtection, type GroupFigures, type ProtectionReport, type QuasiIdentifier,
} from "../../src/lib/schema/disclosure.ts";
import type { Aggregates } from "../../src/lib/aggregates.ts";
import { dateKnown } from "../../src/lib/schema/fields.ts";
import type { PublishedData } from "./anonymize.ts";
import { Codes } from "./codes.ts";
import { protectOfficers } from "./protectOfficers.ts";
import { DictColumn, NullColumn, RefColumn, rowsByTarget, type Column } from "./table.ts";

/** The protected records and the account. */
export interface Protected {
  data: PublishedData;
  report: ProtectionReport;
  /** How long the stage took (kept out of the report, which is published and must not change between identical runs). */
  seconds: number;
}

// ---------------------------------------------------------------------------------------------
// Counting groups: each record's combination is one number (codes in mixed radix), numbered
// densely in an open-addressing table, so a million records need no key strings.

class Grouper {
  private slotKey = new Float64Array(0);
  private slotId = new Int32Array(0);
  private mask = 0;
  private bits = 0;

  /** Dense group ids of the keys, and each group's size. */
  group(keys: Float64Array, n: number): { id: Int32Array; size: Int32Array } {
    let bits = 4;
    while (1 << bits < 2 * n) bits++;
    if (bits !== this.bits) {
      this.bits = bits;
      this.mask = (1 << bits) - 1;
      this.slotKey = new Float64Array(1 << bits);
      this.slotId = new Int32Array(1 << bits);
    }
    const { slotKey, slotId, mask } = this;
    slotKey.fill(-1);
    const id = new Int32Array(n);
    let size = new Int32Array(Math.min(n, 1024) + 1);
    let groups = 0;
    for (let r = 0; r < n; r++) {
      const k = keys[r];
      const mixed = ((k % 4294967296) | 0) ^ Math.imul(Math.floor(k / 4294967296) | 0, 0x85ebca6b);
      let h = Math.imul(mixed, 0x9e3779b1) >>> (32 - bits);
      while (slotKey[h] !== -1 && slotKey[h] !== k) h = (h + 1) & mask;
      if (slotKey[h] === -1) {
        slotKey[h] = k;
        slotId[h] = groups++;
        if (groups > size.length) {
          const b = new Int32Array(size.length * 2);
          b.set(size);
          size = b;
        }
      }
      const g = slotId[h];
      id[r] = g;
      size[g]++;
    }
    return { id, size: size.subarray(0, groups) };
  }

  /** The id the last group() gave a key, or -1 where it met no such key. */
  find(k: number): number {
    const { slotKey, slotId, mask, bits } = this;
    const mixed = ((k % 4294967296) | 0) ^ Math.imul(Math.floor(k / 4294967296) | 0, 0x85ebca6b);
    let h = Math.imul(mixed, 0x9e3779b1) >>> (32 - bits);
    while (slotKey[h] !== -1) {
      if (slotKey[h] === k) return slotId[h];
      h = (h + 1) & mask;
    }
    return -1;
  }
}


const EMPTY = 0;
const WITHHELD_CODE = 1;
const ANOTHER_CODE = 2;

/** Codes of a column's rows, read through its dictionary where it has one. */
function codesOf(col: Column<unknown>, n: number, codes: Codes, map: (v: string) => string = (v) => v): Int32Array {
  const out = new Int32Array(n);
  const c = col as { codes?: ArrayLike<number>; values?: readonly unknown[] };
  if (c.codes && c.values && c.codes.length >= n) {
    const byCode = c.values.map((v) => codes.code(v === null || v === undefined ? null : map(String(v))));
    for (let i = 0; i < n; i++) out[i] = byCode[c.codes[i]];
  } else {
    for (let i = 0; i < n; i++) {
      const v = col.get(i);
      out[i] = codes.code(v === null || v === undefined ? null : map(String(v)));
    }
  }
  return out;
}

/** One field in the model: its codes at each global level, and its current codes. */
interface Field {
  name: QuasiIdentifier;
  on: "incident" | "subject";
  codes: Codes;
  /** Codes per level, finest first (the level's loss per changed cell beside it). */
  levels: { name: string; codes: Int32Array; loss: number }[];
  /** Finest codes (to count what changed). */
  base: Int32Array;
}

/** Figures of one view's groups. */
function figures(size: Int32Array, n: number, k: number): GroupFigures {
  let unique = 0;
  let small = 0;
  let inSmall = 0;
  for (let g = 0; g < size.length; g++) {
    if (size[g] === 1) unique++;
    if (size[g] < k) {
      small++;
      inSmall += size[g];
    }
  }
  return { records: n, groups: size.length, unique, small_groups: small, records_in_small_groups: inSmall };
}

/** The subject view's person part, and the refs from subjects to incidents. */
interface Views {
  nInc: number;
  nSub: number;
  refs: Int32Array;
  incident: Field[];
  subject: Field[];
}

/** Keys of the incident view from the current codes. */
function incidentKeys(v: Views, cur: Map<Field, Int32Array>, out: Float64Array): Float64Array {
  out.fill(0);
  for (const f of v.incident) {
    const c = cur.get(f)!;
    const r = f.codes.radix;
    for (let i = 0; i < v.nInc; i++) out[i] = out[i] * r + c[i];
  }
  return out;
}

/** The incident view's key of one incident. */
function incidentKeyOf(v: Views, cur: Map<Field, Int32Array>, i: number): number {
  let key = 0;
  for (const f of v.incident) key = key * f.codes.radix + cur.get(f)![i];
  return key;
}

/** The subject view's key of one subject, over the given incident groups. */
function subjectKeyOf(v: Views, incGroup: Int32Array, cur: Map<Field, Int32Array>, s: number): number {
  let key = v.refs[s] >= 0 ? incGroup[v.refs[s]] + 1 : 0;
  for (const f of v.subject) key = key * f.codes.radix + cur.get(f)![s];
  return key;
}

/** Keys of the subject view: the incident's group, then the subject's own codes. */
function subjectKeys(v: Views, incGroup: Int32Array, cur: Map<Field, Int32Array>, out: Float64Array): Float64Array {
  for (let s = 0; s < v.nSub; s++) out[s] = v.refs[s] >= 0 ? incGroup[v.refs[s]] + 1 : 0;
  for (const f of v.subject) {
    const c = cur.get(f)!;
    const r = f.codes.radix;
    for (let s = 0; s < v.nSub; s++) out[s] = out[s] * r + c[s];
  }
  return out;
}

/** Group counts of both views, and the groups of keys in the last counting. */
interface Runs {
  both: (cur: Map<Field, Int32Array>) => { inc: Groups; sub: Groups };
  /** The group of a key in the last grouping of each view (-1 for none). */
  findIncident: (key: number) => number;
  findSubject: (key: number) => number;
}
type Groups = { id: Int32Array; size: Int32Array };

/** The date field's code for each (code, level): generalised strings share one dictionary. */
interface DateField extends Field {
  /** Year code of each date code (the last resort). */
  yearOf: Int32Array;
  /** 1 for each incident whose date the department recorded only to the month. */
  monthOnly: Uint8Array;
}

/**
 * Applies disclosure control to the anonymized records. Incident dates must be days
 * (YYYY-MM-DD); the result's dates are at the chosen precision.
 */
export function protect(pub: PublishedData, config: DepartmentConfig): Protected {
  const t0 = performance.now();
  const k = config.privacy_threshold;
  const I = pub.incidents.columns;
  const S = pub.subjects.columns;
  const nInc = pub.incidents.length;
  const nSub = pub.subjects.length;
  const refs = (S.incident as unknown as RefColumn).refs ?? new Int32Array(nSub).fill(-1);
  const chosen = new Set<QuasiIdentifier>(config.quasi_identifiers);
  const exact = new Set<QuasiIdentifier>(config.publish_exact);
  const beatPublished = config.location_grain === "beat";
  const inModel = (f: QuasiIdentifier) => chosen.has(f) && !exact.has(f);

  // --- The fields, with their codes at each level.
  const finest = DATE_LEVELS.indexOf(config.date_precision);
  const dateCodes = new Codes();
  const dateCol = I.date as Column<string>;
  const dayCodes = codesOf(dateCol as Column<unknown>, nInc, dateCodes);
  const dateLevels = DATE_LEVELS.map((level) => {
    const byCode = dateCodes.values.map((v, c) => (c <= ANOTHER_CODE || v === null ? c : dateCodes.code(generaliseDate(v, level))));
    const codes = new Int32Array(nInc);
    for (let i = 0; i < nInc; i++) codes[i] = byCode[dayCodes[i]];
    return { name: level, codes, loss: DATE_LOSS[level] };
  });
  const yearOf = new Int32Array(dateCodes.radix);
  const date: DateField = {
    name: "date", on: "incident", codes: dateCodes, base: dayCodes,
    levels: dateLevels.slice(finest, inModel("date") ? undefined : finest + 1),
    yearOf,
    monthOnly: new Uint8Array(nInc),
  };
  // Year codes of every date value (known now: generalising added them all).
  for (let c = 0; c < dateCodes.values.length; c++) {
    const v = dateCodes.values[c];
    yearOf[c] = v === null || c <= ANOTHER_CODE ? c : dateCodes.code(v.slice(0, 4));
  }

  const placeCodes = new Codes();
  const district = codesOf(I.district as Column<unknown>, nInc, placeCodes);
  const beatCodes = new Codes();
  const beat = beatPublished ? codesOf(I.beat as Column<unknown>, nInc, beatCodes) : new Int32Array(nInc);
  const incidentFields: Field[] = [date];
  const districtField: Field = { name: "district", on: "incident", codes: placeCodes, base: district, levels: [{ name: "district", codes: district, loss: 0 }] };
  if (inModel("district")) incidentFields.push(districtField);
  // Beats: published as recorded, or (one level up) not at all, leaving the district.
  const beatField: Field = {
    name: "beat", on: "incident", codes: beatCodes, base: beat,
    levels: [{ name: "beat", codes: beat, loss: 0 }, ...(inModel("beat") ? [{ name: "district only", codes: beat.map((c) => (c === EMPTY ? EMPTY : WITHHELD_CODE)), loss: 1 }] : [])],
  };
  if (beatPublished && inModel("beat")) incidentFields.push(beatField);
  const vocabField = (name: QuasiIdentifier, on: "incident" | "subject", col: Column<unknown>, n: number, wider?: (v: string, counts: Map<string, number>) => string, domain = 0): Field => {
    const codes = new Codes();
    const base = codesOf(col, n, codes);
    const levels = [{ name: "as recorded", codes: base, loss: 0 }];
    if (wider) {
      const counts = new Map<string, number>();
      for (let i = 0; i < n; i++) if (base[i] > ANOTHER_CODE) counts.set(codes.values[base[i]]!, (counts.get(codes.values[base[i]]!) ?? 0) + 1);
      const byCode = codes.values.map((v, c) => (c <= ANOTHER_CODE || v === null ? c : codes.code(wider(v, counts))));
      // A merged value no longer tells apart the values it covers: (covered - 1) / (domain - 1).
      const covered = new Map<number, number>();
      for (let c = ANOTHER_CODE + 1; c < byCode.length; c++) if (byCode[c] !== c) covered.set(byCode[c], (covered.get(byCode[c]) ?? 0) + 1);
      const widest = Math.max(1, ...covered.values());
      levels.push({ name: name === "age_band" ? "wider bands" : "rare categories merged", codes: base.map((c) => byCode[c]), loss: Math.max(widest - 1, 0.5) / Math.max(1, domain - 1) });
    }
    return { name, on, codes, base, levels };
  };
  for (const name of ["contact_origin", "call_type"] as const) {
    if (inModel(name)) incidentFields.push(vocabField(name, "incident", I[name] as Column<unknown>, nInc));
  }
  const subjectFields: Field[] = [];
  // A category is rare where it holds under 5% of the known values: merged into "another category".
  const rare = (keep: Set<string>) => (v: string, counts: Map<string, number>) => {
    if (keep.has(v)) return v;
    let known = 0;
    for (const [c, n] of counts) if (c !== "unknown") known += n;
    return (counts.get(v) ?? 0) < 0.05 * known ? ANOTHER_CATEGORY : v;
  };
  if (inModel("age_band")) subjectFields.push(vocabField("age_band", "subject", S.age_band as Column<unknown>, nSub, (v) => AGE_BAND_WIDER[v] ?? v, 7));
  if (inModel("sex")) subjectFields.push(vocabField("sex", "subject", S.sex as Column<unknown>, nSub, rare(new Set(["female", "male", "unknown"])), 4));
  if (inModel("race_ethnicity")) subjectFields.push(vocabField("race_ethnicity", "subject", S.race_ethnicity as Column<unknown>, nSub, rare(new Set(["unknown"])), 9));
  for (const name of ["perceived_armed", "confirmed_armed", "mental_health_crisis", "impaired", "resistance"] as const) {
    if (inModel(name)) subjectFields.push(vocabField(name, "subject", S[name] as Column<unknown>, nSub));
  }

  // A date outside the model is published at the finest precision allowed, and not grouped on.
  const views: Views = { nInc, nSub, refs, incident: incidentFields.filter((f) => f !== date || inModel("date")), subject: subjectFields };
  // One grouper a view, so that each keeps its table sized for its records.
  const grouper = new Grouper();
  const subGrouper = new Grouper();
  const incKeys = new Float64Array(nInc);
  const subKeys = new Float64Array(nSub);
  const runOn = (on: Views, cur: Map<Field, Int32Array>) => {
    const inc = grouper.group(incidentKeys(on, cur, incKeys), nInc);
    const sub = subGrouper.group(subjectKeys(on, inc.id, cur, subKeys), nSub);
    return { inc, sub };
  };
  const run = (cur: Map<Field, Int32Array>) => runOn(views, cur);
  const runs: Runs = {
    both: run,
    findIncident: (key) => grouper.find(key),
    findSubject: (key) => subGrouper.find(key),
  };
  const baseCur = new Map<Field, Int32Array>([...incidentFields, ...subjectFields].map((f) => [f, f.base]));
  // Before: every field as recorded, at the finest date the department allows.
  const beforeCur = new Map(baseCur);
  beforeCur.set(date, date.levels[0].codes);
  const before = run(beforeCur);
  const beforeFigures = { subjects: figures(before.sub.size, nSub, k), incidents: figures(before.inc.size, nInc, k) };

  // --- Global levels: every combination of levels, estimated (generalisation loss, and a cell for each record in a small group), then the best few done in full.
  const all = [...incidentFields, ...subjectFields];
  const cells = (f: Field) => (f.on === "incident" ? nInc : nSub);
  // Dates as the department recorded them: one known only to the month or the year loses
  // nothing at a level no finer than that (it was never known), and only the rest above it.
  const recorded = { day: 0, month: 0, year: 0 };
  for (let i = 0; i < nInc; i++) {
    const v = dateCodes.values[dayCodes[i]];
    const known = v !== null && dayCodes[i] > ANOTHER_CODE ? dateKnown(v) : "day";
    recorded[known]++;
    if (known === "month") date.monthOnly[i] = 1;
  }
  const dateLoss = (level: DateLevel) => dateLevelLoss(recorded, level);
  const changedLoss = (f: Field, level: number): number => {
    const l = f.levels[level];
    if (l.loss === 0) return 0;
    let changed = 0;
    const codes = l.codes;
    const base = f.base;
    if (f === date) return dateLoss(l.name as DateLevel);
    for (let i = 0; i < codes.length; i++) if (codes[i] !== base[i]) changed++;
    return changed * l.loss;
  };
  const levelLoss = all.map((f) => f.levels.map((_, j) => changedLoss(f, j)));
  // A level that changes nothing (no rare category to merge) is not a level of its own.
  const usable = all.map((f, j) => f.levels.map((_, l) => l).filter((l) => l === 0 || f === date || levelLoss[j][l] > 0));
  const nodes: number[][] = [[]];
  for (const levels of usable) {
    const next: number[][] = [];
    for (const node of nodes) for (const l of levels) next.push([...node, l]);
    nodes.splice(0, nodes.length, ...next);
  }
  const curOf = (node: number[]) => new Map<Field, Int32Array>(all.map((f, j) => [f, f.levels[node[j]].codes]));
  const genLoss = (node: number[]) => node.reduce((a, l, f) => a + levelLoss[f][l], 0);
  // Cheapest generalisation first; a node whose generalisation alone costs more than the best
  // estimate so far cannot do better, so it is not counted.
  nodes.sort((a, b) => genLoss(a) - genLoss(b));
  const estimates: { node: number[]; loss: number }[] = [];
  for (const node of nodes) {
    const bestSoFar = estimates.reduce((m, e) => Math.min(m, e.loss), Infinity);
    if (genLoss(node) > 1.5 * bestSoFar) continue;
    const { inc, sub } = run(curOf(node));
    let small = 0;
    for (let i = 0; i < nInc; i++) if (inc.size[inc.id[i]] < k) small++;
    for (let s = 0; s < nSub; s++) if (sub.size[sub.id[s]] < k) small++;
    estimates.push({ node, loss: genLoss(node) + small });
  }
  estimates.sort((a, b) => a.loss - b.loss);
  let best: { node: number[]; cur: Map<Field, Int32Array>; loss: number; yearOnly: number } | null = null;
  // Done in full: the best estimate, and the best of each other date precision close to it (the
  // estimate weighs dates least well).
  const candidates = new Set(estimates.slice(0, 1));
  for (let j = 0; j < date.levels.length; j++) {
    const e = estimates.find((x) => x.node[0] === j);
    if (e && e.loss <= 1.5 * estimates[0].loss) candidates.add(e);
  }
  for (const e of candidates) {
    const done = withhold(views, curOf(e.node), date, k, runs);
    const loss = genLoss(e.node) + done.loss;
    if (best === null || loss < best.loss) best = { node: e.node, cur: done.cur, loss, yearOnly: done.yearOnly };
  }
  const result = best!;
  const after = run(result.cur);
  // With the fields published as recorded (outside the model) put back: what a reader can really combine.
  let withExact: GroupFigures | null = null;
  if (exact.size > 0) {
    const on: Views = { ...views, incident: [...views.incident], subject: [...views.subject] };
    const cur = new Map(result.cur);
    for (const name of exact) {
      if (!chosen.has(name) && name !== "date") continue;
      if (name === "date") {
        if (!on.incident.includes(date)) on.incident.push(date);
      } else if (name === "district") {
        on.incident.push(districtField);
        cur.set(districtField, district);
      } else if (name === "beat") {
        if (beatPublished) {
          on.incident.push(beatField);
          cur.set(beatField, beat);
        }
      } else if (name === "contact_origin" || name === "call_type") {
        const f = vocabField(name, "incident", I[name] as Column<unknown>, nInc);
        on.incident.push(f);
        cur.set(f, f.base);
      } else if (name !== "time") {
        const f = vocabField(name, "subject", S[name] as Column<unknown>, nSub);
        on.subject.push(f);
        cur.set(f, f.base);
      }
    }
    const g = runOn(on, cur);
    withExact = figures(g.sub.size, nSub, k);
  }

  // --- The protected records.
  const dictOf = (f: Field, codes: Int32Array): DictColumn<string> => {
    const c = DictColumn.sharing<string>(f.codes.values, Uint32Array.from(codes));
    return c;
  };
  const finalDate = result.cur.get(date)!;
  const dateColumn = dictOf(date, finalDate);
  const withDate = pub.incidents.with("date", dateColumn as Column<string>);
  let incidents = withDate;
  const districtCodes = result.cur.get(districtField) ?? district;
  incidents = incidents.with("district", dictOf(districtField, districtCodes) as Column<string>);
  if (beatPublished) {
    // A withheld district withholds the beat in it.
    const b = Int32Array.from(result.cur.get(beatField) ?? beat);
    for (let i = 0; i < nInc; i++) if (districtCodes[i] === WITHHELD_CODE && b[i] !== EMPTY) b[i] = WITHHELD_CODE;
    incidents = incidents.with("beat", dictOf(beatField, b) as Column<string | null>);
  } else {
    incidents = incidents.with("beat", new NullColumn(nInc));
  }
  for (const f of incidentFields) {
    if (f === date || f === districtField || f === beatField) continue;
    const final = result.cur.get(f)!;
    incidents = incidents.with(f.name as "call_type", dictOf(f, final) as never);
    // The department's own label of a withheld call type would give it away: it is withheld too.
    if (f.name === "call_type") {
      const raw = new Codes();
      const rawCodes = codesOf(I.call_type_raw as Column<unknown>, nInc, raw);
      for (let i = 0; i < nInc; i++) if (final[i] === WITHHELD_CODE && rawCodes[i] !== EMPTY) rawCodes[i] = WITHHELD_CODE;
      incidents = incidents.with("call_type_raw", DictColumn.sharing<string>(raw.values, Uint32Array.from(rawCodes)) as Column<string | null>);
    }
  }
  let subjects = pub.subjects;
  for (const f of subjectFields) subjects = subjects.with(f.name as "sex", dictOf(f, result.cur.get(f)!) as never);

  // Complaints: received dates at the release's precision, to the year where fewer than k share one.
  const dateLevel = DATE_LEVELS[finest + (inModel("date") ? result.node[0] : 0)];
  const received = pub.complaints.columns.received_date as Column<string>;
  const rc = new Codes();
  const recCodes = codesOf(received as Column<unknown>, pub.complaints.length, rc, (d) => generaliseDate(d, dateLevel));
  if (inModel("date")) {
    const keys = Float64Array.from(recCodes);
    const g = grouper.group(keys, recCodes.length);
    for (let c = 0; c < recCodes.length; c++) if (g.size[g.id[c]] < k && recCodes[c] > ANOTHER_CODE) recCodes[c] = rc.code(rc.values[recCodes[c]]!.slice(0, 4));
    // A complaint about an incident whose date is published to the year only would narrow that
    // date down (a complaint follows its incident): its own date goes to the year too.
    const linked = (pub.complaints.columns.incident as unknown as RefColumn).refs;
    if (linked) {
      for (let c = 0; c < recCodes.length; c++) {
        const r = linked[c];
        // An incident the department dated only to the year hides no finer date: its complaint keeps its own.
        const toYear = r >= 0 && date.yearOf[finalDate[r]] === finalDate[r] && finalDate[r] !== date.base[r];
        if (toYear && recCodes[c] > ANOTHER_CODE) recCodes[c] = rc.code(rc.values[recCodes[c]]!.slice(0, 4));
      }
    }
  }
  const complaints = pub.complaints.with("received_date", DictColumn.sharing<string>(rc.values, Uint32Array.from(recCodes)) as Column<string>);

  // --- The account.
  const dates = Object.fromEntries(DATE_LEVELS.map((l) => [l, 0])) as Record<DateLevel, number>;
  const perCode = new Int32Array(date.codes.radix);
  for (let i = 0; i < nInc; i++) perCode[finalDate[i]]++;
  for (let c = ANOTHER_CODE + 1; c < perCode.length; c++) if (perCode[c] > 0) dates[dateLevelOf(date.codes.values[c]!)] += perCode[c];
  const fieldReports: FieldProtection[] = [];
  for (const name of config.quasi_identifiers) {
    const f = all.find((x) => x.name === name);
    const label = QUASI_IDENTIFIER_LABEL[name];
    const published = name === "time" ? false : name === "beat" ? beatPublished : true;
    if (!published) {
      fieldReports.push({ field: name, label, treatment: "not published", hierarchy: [], level: null, values: 0, generalised: 0, withheld: 0 });
      continue;
    }
    if (!f) {
      fieldReports.push({ field: name, label, treatment: "exact", hierarchy: [], level: "as recorded", values: 0, generalised: 0, withheld: 0 });
      continue;
    }
    const j = all.indexOf(f);
    const final = result.cur.get(f)!;
    let values = 0;
    let generalised = 0;
    let withheld = 0;
    // Every record's cell counts, an empty one ("not recorded") too: it may be withheld as well.
    for (let i = 0; i < final.length; i++) {
      values++;
      if (final[i] === WITHHELD_CODE) withheld++;
      else if (final[i] !== f.base[i]) generalised++;
    }
    fieldReports.push({
      field: name, label, treatment: "generalised",
      hierarchy: f === date ? DATE_LEVELS.slice(finest) as unknown as string[] : f.levels.map((l) => l.name).concat(["withheld"]),
      level: f.levels[result.node[j]].name, values, generalised, withheld,
    });
  }
  for (const name of config.publish_exact) {
    if (fieldReports.some((r) => r.field === name)) {
      const r = fieldReports.find((x) => x.field === name)!;
      if (r.treatment !== "not published") r.treatment = "exact";
    } else {
      fieldReports.push({ field: name, label: QUASI_IDENTIFIER_LABEL[name], treatment: "exact", hierarchy: [], level: "as recorded", values: 0, generalised: 0, withheld: 0 });
    }
  }
  const totalCells = all.reduce((a, f) => a + cells(f), 0);
  const report: ProtectionReport = {
    model: "k-anonymity",
    k,
    fields: fieldReports,
    subjects: { before: beforeFigures.subjects, after: figures(after.sub.size, nSub, k), with_exact: withExact },
    incidents: { before: beforeFigures.incidents, after: figures(after.inc.size, nInc, k) },
    dates,
    information_loss: totalCells === 0 ? 0 : Math.round((result.loss / totalCells) * 1000) / 1000,
    year_only_records: result.yearOnly,
  };
  // Officers' demographics, grouped with the incidents' published values.
  const off = protectOfficers(pub.officers, incidents, config);
  report.officers = off.report;
  return { data: inPublishedOrder({ ...pub, incidents, subjects, complaints, officers: off.officers }), report, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Information lost by a date at each precision, as a share of the year's days it no longer tells
 * apart ((days covered - 1) / (days in the year - 1)): the year is the top of the hierarchy.
 */
const DATE_LOSS: Record<DateLevel, number> = { day: 0, week: 6 / 364, month: 29.4 / 364, quarter: 90.3 / 364, year: 1 };

/**
 * Information lost by publishing dates at a level, counted over the dates as recorded: a date
 * known only to the month loses only what the level gives up beyond the month, and one known only
 * to the year nothing (what was never known cannot be lost).
 */
export function dateLevelLoss(recorded: { day: number; month: number; year: number }, level: DateLevel): number {
  return recorded.day * DATE_LOSS[level] + recorded.month * Math.max(0, DATE_LOSS[level] - DATE_LOSS.month);
}


/**
 * Withholds single values of the records in groups smaller than k until none is left: in each
 * round the incident view, then the subject view; for the records in small groups, the field
 * whose withholding puts most of them in groups of k or more goes first; where no field helps,
 * the next field in order anyway; and last, the incident's date to the year. Values only ever
 * become coarser, so the rounds end.
 */
function withhold(
  v: Views,
  cur: Map<Field, Int32Array>,
  date: DateField,
  k: number,
  runs: Runs,
): { cur: Map<Field, Int32Array>; loss: number; yearOnly: number } {
  const state = new Map<Field, Int32Array>([...cur].map(([f, c]) => [f, Int32Array.from(c)]));
  // Each incident's subjects: subList[subStart[i] .. subStart[i + 1]).
  const { start: subStart, rows: subList } = rowsByTarget(v.refs, v.nInc);
  let loss = 0;
  // Share of a year's detail the release's date level gives up.
  const dateLossLevel = date.levels.find((l) => l.codes === cur.get(date))?.loss ?? 0;
  const incOthers = v.incident.filter((f) => f !== date);
  const dateIn = v.incident.includes(date);
  // Whether a record is beyond help: every field withheld and the date a year.
  const incDone = (i: number) => (!dateIn || date.yearOf[state.get(date)![i]] === state.get(date)![i]) && incOthers.every((f) => state.get(f)![i] === WITHHELD_CODE || state.get(f)![i] === EMPTY);
  const subDone = (s: number) => {
    const r = v.refs[s];
    return (r < 0 || incDone(r)) && v.subject.every((f) => state.get(f)![s] === WITHHELD_CODE || state.get(f)![s] === EMPTY);
  };
  const withholdIn = (f: Field, rows: Int32Array, target: Map<Field, Int32Array>) => {
    const c = target.get(f)!;
    let n = 0;
    for (const r of rows) {
      if (c[r] !== EMPTY && c[r] !== WITHHELD_CODE) {
        c[r] = WITHHELD_CODE;
        n++;
      }
    }
    return n;
  };
  // Dates moved to the year, each weighted by the share of the release level's detail it had: one
  // the department recorded only to the month had less to lose than a day at a finer level.
  const monthWeight = dateLossLevel < DATE_LOSS.month ? (1 - DATE_LOSS.month) / (1 - dateLossLevel) : 1;
  const toYear = (rows: Int32Array, target: Map<Field, Int32Array>) => {
    const c = target.get(date)!;
    let n = 0;
    for (const r of rows) {
      const y = date.yearOf[c[r]];
      if (y !== c[r]) {
        c[r] = y;
        n += date.monthOnly[r] === 1 ? monthWeight : 1;
      }
    }
    return n;
  };
  // Candidates: [what they change, on which records].
  type Step = { f: Field | "year"; level: "incident" | "subject" };
  const incSteps: Step[] = [...incOthers.map((f) => ({ f, level: "incident" as const })), ...(dateIn ? [{ f: "year" as const, level: "incident" as const }] : [])];
  const subSteps: Step[] = [...v.subject.map((f) => ({ f, level: "subject" as const })), ...incSteps];
  const apply = (step: Step, subjectsRows: Int32Array | null, incRows: Int32Array, target: Map<Field, Int32Array>) => {
    if (step.f === "year") return toYear(incRows, target);
    if (step.level === "subject") return withholdIn(step.f, subjectsRows!, target);
    return withholdIn(step.f, incRows, target);
  };
  // Detail given up: a cell per value withheld; an incident's value is also every one of its
  // subjects' (they show it when joined), so it counts once for the incident and once per subject.
  const perIncident = 1 + v.nSub / Math.max(1, v.nInc);
  const lossOf = (step: Step, changed: number) => {
    const cells = step.level === "incident" ? changed * perIncident : changed;
    // A date moved to the year loses part of what the release's level kept.
    return step.f === "year" ? cells * (1 - dateLossLevel) : cells;
  };
  for (let round = 0; round < 50; round++) {
    let changedAny = false;
    for (const view of ["incident", "subject"] as const) {
      for (let pass = 0; pass < 20; pass++) {
        const { inc, sub } = runs.both(state);
        const small: number[] = [];
        if (view === "incident") {
          for (let i = 0; i < v.nInc; i++) if (inc.size[inc.id[i]] < k && !incDone(i)) small.push(i);
        } else {
          for (let s = 0; s < v.nSub; s++) if (sub.size[sub.id[s]] < k && !subDone(s)) small.push(s);
        }
        if (small.length === 0) break;
        const rows = Int32Array.from(small);
        const incRows = view === "incident" ? rows : Int32Array.from(new Set(small.map((s) => v.refs[s]).filter((r) => r >= 0)));
        const steps = view === "incident" ? incSteps : subSteps;
        // Try each step on a copy; count the records it frees.
        let bestStep: Step | null = null;
        let bestScore = 0;
        let firstUseful: Step | null = null;
        for (const step of steps) {
          const trial = new Map(state);
          const f = step.f === "year" ? date : step.f;
          trial.set(f, Int32Array.from(state.get(f)!));
          const changed = apply(step, rows, incRows, trial);
          if (changed === 0) continue;
          firstUseful ??= step;
          // Where only the records in small groups change keys, the groups they join are counted
          // from those records and the groups of k or more already there (a small group's other
          // members are in small groups too, so they move as well); otherwise all is counted again.
          let freed = 0;
          if (view === "subject" && step.level === "incident") {
            // The incidents' new groups (an existing one, or a new number), then their subjects' keys.
            const newGroup = new Map<number, number>();
            const fresh = new Map<number, number>();
            for (const i of incRows) {
              const key = incidentKeyOf(v, trial, i);
              let g = runs.findIncident(key);
              if (g < 0) {
                g = fresh.get(key) ?? inc.size.length + fresh.size;
                fresh.set(key, g);
              }
              newGroup.set(i, g);
            }
            const groupOf = new Int32Array(inc.id);
            for (const [i, g] of newGroup) groupOf[i] = g;
            const moving = new Map<number, number>();
            const keyOf = new Map<number, number>();
            for (const i of incRows) {
              for (let j = subStart[i]; j < subStart[i + 1]; j++) {
                const key = subjectKeyOf(v, groupOf, trial, subList[j]);
                keyOf.set(subList[j], key);
                moving.set(key, (moving.get(key) ?? 0) + 1);
              }
            }
            for (const s of rows) {
              const key = keyOf.get(s)!;
              const g = runs.findSubject(key);
              const there = g >= 0 && sub.size[g] >= k ? sub.size[g] : 0;
              if (there + moving.get(key)! >= k) freed++;
            }
          } else if (view === "incident" || step.level === "subject") {
            const keyOf = view === "incident" ? (r: number) => incidentKeyOf(v, trial, r) : (r: number) => subjectKeyOf(v, inc.id, trial, r);
            const find = view === "incident" ? runs.findIncident : runs.findSubject;
            const sizes = view === "incident" ? inc.size : sub.size;
            const keys = new Float64Array(rows.length);
            const moving = new Map<number, number>();
            for (let j = 0; j < rows.length; j++) {
              const key = keyOf(rows[j]);
              keys[j] = key;
              moving.set(key, (moving.get(key) ?? 0) + 1);
            }
            for (let j = 0; j < rows.length; j++) {
              const g = find(keys[j]);
              const there = g >= 0 && sizes[g] >= k ? sizes[g] : 0;
              if (there + moving.get(keys[j])! >= k) freed++;
            }
          }
          // Records freed per cell of detail given up.
          const score = freed / lossOf(step, changed);
          if (score > bestScore) {
            bestScore = score;
            bestStep = step;
          }
        }
        const step = bestStep ?? firstUseful;
        if (step === null) break;
        const changed = apply(step, rows, incRows, state);
        loss += lossOf(step, changed);
        changedAny = true;
      }
    }
    if (!changedAny) break;
  }
  // Records still in a small group have every value withheld but their year, and some left empty
  // ("not recorded" is a detail too): those are withheld as well, so that each year's such
  // records are one group.
  {
    const { inc, sub } = runs.both(state);
    const emptyToWithheld = (fields: Field[], r: number) => {
      for (const f of fields) {
        const c = state.get(f)!;
        if (c[r] === EMPTY) {
          c[r] = WITHHELD_CODE;
          loss += 1;
        }
      }
    };
    for (let i = 0; i < v.nInc; i++) if (inc.size[inc.id[i]] < k) emptyToWithheld(incOthers, i);
    for (let s = 0; s < v.nSub; s++) {
      if (sub.size[sub.id[s]] >= k) continue;
      emptyToWithheld(v.subject, s);
      if (v.refs[s] >= 0) emptyToWithheld(incOthers, v.refs[s]);
    }
  }
  const { sub } = runs.both(state);
  // Subject records left in a group below k: those of a year with fewer than k such records, only their year published.
  let yearOnly = 0;
  for (let s = 0; s < v.nSub; s++) if (sub.size[sub.id[s]] < k) yearOnly++;
  return { cur: state, loss, yearOnly };
}

const fmt = (n: number) => n.toLocaleString("en-US");
const pct = (n: number, of: number) => (of === 0 ? "0%" : `${((n / of) * 100).toFixed(1)}%`);

/** The account as lines for the terminal and the run report, the headline first. */
export function protectionLines(r: ProtectionReport): string[] {
  const s = r.subjects;
  const lines = [
    `k = ${r.k}: subject records in groups smaller than k, ${fmt(s.before.records_in_small_groups)} of ${fmt(s.before.records)} (${pct(s.before.records_in_small_groups, s.before.records)}) before, ${fmt(s.after.records_in_small_groups)} after; ` +
      `unique ${fmt(s.before.unique)} before, ${fmt(s.after.unique)} after; information lost ${(r.information_loss * 100).toFixed(1)}%`,
    `incidents in groups smaller than k: ${fmt(r.incidents.before.records_in_small_groups)} of ${fmt(r.incidents.before.records)} before, ${fmt(r.incidents.after.records_in_small_groups)} after`,
    `dates published: ${DATE_LEVELS.filter((l) => r.dates[l] > 0).map((l) => `${fmt(r.dates[l])} to the ${l}`).join(", ") || "none"}`,
  ];
  for (const f of r.fields) {
    if (f.treatment === "not published") lines.push(`${f.label}: not published in the records`);
    else if (f.treatment === "exact") lines.push(`${f.label}: published as recorded (publish_exact in config.json), outside the model`);
    else lines.push(`${f.label}: ${f.level}; ${fmt(f.generalised)} of ${fmt(f.values)} values generalised, ${fmt(f.withheld)} withheld`);
  }
  if (r.year_only_records > 0) lines.push(`${fmt(r.year_only_records)} subject record(s) in a year with fewer than k such records: only their year is published`);
  const o = r.officers;
  if (o?.before && o.after) {
    lines.push(`officer records in groups smaller than k: ${fmt(o.before.records_in_small_groups)} of ${fmt(o.before.records)} before, ${fmt(o.after.records_in_small_groups)} after (${fmt(o.fully_withheld)} with every detail withheld)`);
    for (const f of o.fields) {
      if (f.treatment === "not reported") lines.push(`${f.label}: not reported by this department`);
      else lines.push(`${f.label}: ${f.level}; ${fmt(f.generalised)} of ${fmt(f.values)} values generalised, ${fmt(f.withheld)} withheld`);
    }
  }
  return lines;
}

/**
 * The figure tables' side of the protection, checked after aggregation: a count of subjects by a
 * quasi-identifier (age band, sex, race or ethnicity, each year) or of incidents by district is a
 * sum of groups of at least k, so it is 0 or at least k. Only a withheld group (the records whose
 * every detail but the year is withheld) may be smaller. A table over a field the department
 * published as recorded, or left out of the model, is not checked: its protection was lowered on
 * purpose. Returns what breaks it (an internal fault: the build must stop).
 */
export function auditFigures(agg: Aggregates, report: ProtectionReport): string[] {
  const k = report.k;
  const modelled = new Set(report.fields.filter((f) => f.treatment === "generalised").map((f) => f.field));
  if (!modelled.has("date")) return [];
  const checks: [string, string, string][] = [
    ["subjects-by-age", "subjects", "age_band"],
    ["subjects-by-sex", "subjects", "sex"],
    ["subjects-by-race", "subjects", "race_ethnicity"],
    ["districts", "incidents", "district"],
  ];
  const out: string[] = [];
  for (const [id, count, field] of checks) {
    const t = agg.tables[id];
    if (!t || t.status !== "reported" || !modelled.has(field as QuasiIdentifier)) continue;
    const key = id === "districts" ? "district" : "group";
    for (const r of t.rows) {
      const n = r[count];
      if (typeof n === "number" && n > 0 && n < k && r[key] !== WITHHELD) out.push(`${id}: ${r.year}, ${r[key]}: ${n} ${count}, fewer than k = ${k}`);
    }
  }
  // Officers by their details: each count is a sum of officer groups of at least k (the year is part of the date grouped on).
  const officerModel = new Set(report.officers?.fields.filter((f) => f.treatment === "generalised").map((f) => f.field as string) ?? []);
  const o = agg.tables["officers-who-used-force"];
  if (o && o.status === "reported") {
    for (const r of o.rows) {
      const n = r.officers;
      if (officerModel.has(String(r.characteristic)) && typeof n === "number" && n > 0 && n < k && r.group !== WITHHELD) out.push(`officers-who-used-force: ${r.year}, ${r.characteristic} ${r.group}: ${n} officers, fewer than k = ${k}`);
    }
  }
  return out;
}

/**
 * Rows in order of their published date, then of pseudonym: an export sorted by the day would
 * otherwise give each record's day away by its place in the file, whatever its date says.
 * Subjects, officers and force uses follow their incident; complaints their received date.
 */
function inPublishedOrder(pub: PublishedData): PublishedData {
  // A pseudonym's first 13 hex digits as a number (exact in a double): compared as numbers, then whole where equal.
  const pidNumbers = (pids: Column<string | null>, n: number) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = parseInt((pids.get(i) ?? "").slice(0, 13) || "0", 16);
    return out;
  };
  const byDateThenPid = (dates: Column<string>, pids: Column<string>, n: number) => {
    // Each distinct date's rank in sorted order.
    const values = new Map<string, number>();
    for (let i = 0; i < n; i++) values.set(dates.get(i) ?? "", 0);
    [...values.keys()].sort().forEach((v, r) => values.set(v, r));
    const rank = Int32Array.from({ length: n }, (_, i) => values.get(dates.get(i) ?? "")!);
    const p = pidNumbers(pids, n);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => rank[a] - rank[b] || p[a] - p[b] || (pids.get(a) < pids.get(b) ? -1 : pids.get(a) > pids.get(b) ? 1 : a - b));
    return order;
  };
  const inverse = (order: Int32Array) => {
    const inv = new Int32Array(order.length);
    for (let j = 0; j < order.length; j++) inv[order[j]] = j;
    return inv;
  };
  // Rows after their parent's new position (a counting sort: parents' rows are few), then their own pseudonym.
  const byParent = (refs: Int32Array, parentNew: Int32Array, pids: Column<string | null> | null, n: number) => {
    const start = new Int32Array(parentNew.length + 2);
    const slot = (i: number) => (refs[i] >= 0 ? parentNew[refs[i]] + 1 : 0);
    for (let i = 0; i < n; i++) start[slot(i) + 1]++;
    for (let b = 0; b + 1 < start.length; b++) start[b + 1] += start[b];
    const order = new Int32Array(n);
    const fill = start.slice(0, start.length - 1);
    for (let i = 0; i < n; i++) order[fill[slot(i)]++] = i;
    if (pids) {
      const p = pidNumbers(pids, n);
      const whole = (i: number) => pids.get(i) ?? "";
      for (let b = 0; b + 1 < start.length; b++) {
        // Insertion sort of each parent's few rows.
        for (let j = start[b] + 1; j < start[b + 1]; j++) {
          const x = order[j];
          let m = j - 1;
          while (m >= start[b] && (p[order[m]] > p[x] || (p[order[m]] === p[x] && whole(order[m]) > whole(x)))) {
            order[m + 1] = order[m];
            m--;
          }
          order[m + 1] = x;
        }
      }
    }
    return order;
  };
  const ref = (c: Column<unknown>) => c as unknown as RefColumn;
  const I = pub.incidents;
  const incOrder = byDateThenPid(I.columns.date as Column<string>, I.columns.incident, I.length);
  const incNew = inverse(incOrder);
  const incidents = I.select(incOrder);
  const incPid = incidents.columns.incident;

  const S = pub.subjects;
  const subOrder = byParent(ref(S.columns.incident).refs, incNew, S.columns.subject, S.length);
  const subNew = inverse(subOrder);
  let subjects = S.select(subOrder);
  subjects = subjects.with("incident", ref(subjects.columns.incident).remap(incPid, incNew) as unknown as Column<string>);

  const O = pub.officers;
  const offOrder = byParent(ref(O.columns.incident).refs, incNew, O.columns.officer, O.length);
  const offNew = inverse(offOrder);
  let officers = O.select(offOrder);
  officers = officers.with("incident", ref(officers.columns.incident).remap(incPid, incNew) as unknown as Column<string>);

  const F = pub.force_uses;
  const useOrder = byParent(ref(F.columns.incident).refs, incNew, null, F.length);
  let force_uses = F.select(useOrder);
  force_uses = force_uses
    .with("incident", ref(force_uses.columns.incident).remap(incPid, incNew) as unknown as Column<string>)
    .with("subject", ref(force_uses.columns.subject).remap(subjects.columns.subject, subNew) as unknown as Column<string | null>)
    .with("officer", ref(force_uses.columns.officer).remap(officers.columns.officer, offNew) as unknown as Column<string | null>);

  const C = pub.complaints;
  const compOrder = byDateThenPid(C.columns.received_date as Column<string>, C.columns.complaint, C.length);
  let complaints = C.select(compOrder);
  complaints = complaints.with("incident", ref(complaints.columns.incident).remap(incPid, incNew) as unknown as Column<string | null>);

  return { ...pub, incidents, subjects, officers, force_uses, complaints };
}
