// Anonymize stage: turns validated canonical rows into the published tables, which have no
// direct identifier: ids become keyed pseudonyms, ages bands, dates and places no finer than configured.
// Tables stay columns: published columns share the canonical ones where a value is published as it is.
import { hash } from "node:crypto";
import type { DepartmentConfig } from "../../src/lib/schema/config.ts";
import type {
  PublishedComplaint, PublishedForceUse, PublishedIncident, PublishedOfficer, PublishedSubject,
} from "../../src/lib/schema/published.ts";
import type { ArrestsInput, CallsInput, PopulationInput, TrainingInput } from "../../src/lib/schema/tables.ts";
import { AGE_BAND, FORCE_TYPE, FORCE_TYPE_LEVEL, INJURY, INJURY_ORDER, SERVICE_BAND, ageBand, serviceBand } from "../../src/lib/schema/vocab.ts";
import { ArrayColumn, ColumnTable, DictColumn, NullColumn, NumberColumn, RefColumn, type Column } from "./table.ts";
import type { CanonicalData } from "./validate.ts";

/** Every table the anonymize stage hands on, with no identifier in it: record tables as columns. */
export interface PublishedData {
  incidents: ColumnTable<PublishedIncident>;
  subjects: ColumnTable<PublishedSubject>;
  officers: ColumnTable<PublishedOfficer>;
  force_uses: ColumnTable<PublishedForceUse>;
  complaints: ColumnTable<PublishedComplaint>;
  calls_for_service: CallsInput[];
  arrests: ArrestsInput[];
  population: PopulationInput[];
  training: TrainingInput[];
}

/**
 * Makes keyed one-way pseudonyms: the first 16 hex digits (64 bits) of SHA-256 over the secret
 * key, the kind of record and its id. Without the key the id cannot be recovered or checked
 * by guessing; truncating the digest also rules out length extension. Four times faster than
 * HMAC, which matters with millions of ids.
 */
export function pseudonymizer(key: string): (kind: string, id: string) => string {
  const prefix = pseudonymPrefix(key);
  return (kind, id) => {
    const h = hash("sha256", prefix + kind + "\u0000" + id, "hex");
    // A flat 16-character string: a slice would keep the 64-character digest alive (112 bytes a pseudonym, not 32).
    return String.fromCharCode(
      h.charCodeAt(0), h.charCodeAt(1), h.charCodeAt(2), h.charCodeAt(3), h.charCodeAt(4), h.charCodeAt(5), h.charCodeAt(6), h.charCodeAt(7),
      h.charCodeAt(8), h.charCodeAt(9), h.charCodeAt(10), h.charCodeAt(11), h.charCodeAt(12), h.charCodeAt(13), h.charCodeAt(14), h.charCodeAt(15),
    );
  };
}

/** What is hashed before the kind of record and its id (see pseudonymizer). */
export function pseudonymPrefix(key: string): string {
  if (key.length < 16) throw new Error("pseudonym key must be at least 16 characters");
  return `uof-pseudonym\u0000${key}\u0000`;
}

/** Entities with a pseudonym, each the primary key of its table. */
export type PseudonymKind = "incident" | "subject" | "officer" | "complaint";

type ForceType = keyof typeof FORCE_TYPE;
const TYPE_BIT = Object.fromEntries(Object.keys(FORCE_TYPE).map((t, i) => [t, i])) as Record<ForceType, number>;
const SORTED_TYPES = (Object.keys(FORCE_TYPE) as ForceType[]).sort();

const injuryRank = (i: string | null) => (i === null ? -1 : INJURY_ORDER.indexOf(i as never));

/** Days between two YYYY-MM-DD dates. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / 86_400_000);
}

/** The dictionary column behind a column (all vocabulary and date fields are stored as one). */
function dict<T>(c: Column<T | null>): DictColumn<T> {
  if (!(c instanceof DictColumn)) throw new Error("expected a dictionary column");
  return c as DictColumn<T>;
}

/** A column of codes into a closed list of values (code 0 is null). */
function coded<T>(values: readonly T[], codes: Uint8Array | Uint32Array): DictColumn<T> {
  return DictColumn.sharing<T>([null, ...values], codes);
}

/** Force types that are not force on a person: no level, not even the department's. */
const OFF_PERSON: ReadonlySet<string> = new Set(["firearm_discharge_animal", "firearm_discharge_unintentional"]);

/**
 * Continuum level of each force use: its type's level, or, where the type carries none (physical
 * force of a type not recorded, other, unknown), the level the department's own level stands
 * for (agency_continuum_level, from the mapping); 0 where neither gives one.
 */
export function useLevels(typeCodes: ArrayLike<number>, typeValues: readonly (string | null)[], agency: Column<number | null> | undefined, n: number): Uint8Array {
  const typeLevel = typeValues.map((t) => (t === null ? 0 : (FORCE_TYPE_LEVEL[t as ForceType] ?? 0)));
  const offPerson = typeValues.map((t) => t !== null && OFF_PERSON.has(t));
  const out = new Uint8Array(n);
  for (let u = 0; u < n; u++) {
    const c = typeCodes[u];
    out[u] = typeLevel[c];
    if (out[u] === 0 && !offPerson[c] && agency) out[u] = agency.get(u) ?? 0;
  }
  return out;
}

/**
 * Force used per incident (or subject): a bit per force type and the highest continuum level,
 * gathered from the force uses that refer to it (levels from useLevels).
 */
function forceFacts(n: number, refs: Int32Array, typeCodes: ArrayLike<number>, typeValues: readonly (string | null)[], useLevel: Uint8Array) {
  const bitOf = typeValues.map((t) => (t === null ? 0 : 1 << TYPE_BIT[t as ForceType]));
  const types = new Uint32Array(n);
  const level = new Uint8Array(n);
  for (let u = 0; u < refs.length; u++) {
    const r = refs[u];
    if (r < 0) continue;
    const c = typeCodes[u];
    types[r] |= bitOf[c];
    if (useLevel[u] > level[r]) level[r] = useLevel[u];
  }
  // Each combination of types becomes one shared list, in sorted order, [] where no force is recorded.
  const lists = new DictColumn<ForceType[]>();
  for (let i = 0; i < n; i++) {
    const bits = types[i];
    lists.pushCode(lists.codeOf(String(bits), SORTED_TYPES.filter((t) => bits & (1 << TYPE_BIT[t]))));
  }
  return { highest: coded([1, 2, 3, 4, 5, 6] as const, level), types: lists.seal() };
}

/** Codes (into AGE_BAND's keys, 0 for none) of each person's age band: from the age where there is one, else the recorded band. */
function ageBandCodes(ages: NumberColumn, bands: DictColumn<keyof typeof AGE_BAND>, n: number): Uint8Array {
  const bandKeys = Object.keys(AGE_BAND) as (keyof typeof AGE_BAND)[];
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const age = ages.get(i);
    const band = age !== null ? ageBand(age) : bands.get(i);
    out[i] = band === null ? 0 : bandKeys.indexOf(band) + 1;
  }
  return out;
}

/**
 * Builds the published tables from canonical rows. The pseudonyms of each table's rows may be
 * given, computed beforehand with the same key (see pseudonyms.ts); the rest are computed here.
 */
export function anonymize(data: CanonicalData, config: DepartmentConfig, key: string, given: Partial<Record<PseudonymKind, Column<string>>> = {}): PublishedData {
  const hashId = pseudonymizer(key);
  // Each entity's id is hashed once; references reuse the pseudonyms by row number.
  const pseudonyms = (kind: PseudonymKind, ids: Column<string>): Column<string> => {
    const done = given[kind];
    if (done && done.length === ids.length) return done;
    const out = new Array<string>(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = hashId(kind, ids.get(i));
    return new ArrayColumn(out);
  };
  const refTo = (kind: string, target: Column<string>, col: Column<string | null>) => {
    const ref = col as RefColumn;
    return ref.retarget<string>(target, ref.missing.map((id) => hashId(kind, id)));
  };
  const I = data.incidents.columns;
  const S = data.subjects.columns;
  const O = data.officers.columns;
  const F = data.force_uses.columns;
  const C = data.complaints.columns;
  const nInc = data.incidents.length;
  const nSub = data.subjects.length;

  const incidentPids = pseudonyms("incident", I.incident_id);
  const subjectPids = pseudonyms("subject", S.subject_id);
  const officerPids = pseudonyms("officer", O.officer_id);

  const forceType = dict<ForceType>(F.force_type);
  const useIncident = F.incident_id as RefColumn;
  const useSubject = F.subject_id as RefColumn;
  const useLevel = useLevels(forceType.codes, forceType.values, F.agency_continuum_level, data.force_uses.length);
  const incidentForce = forceFacts(nInc, useIncident.refs, forceType.codes, forceType.values, useLevel);
  const subjectForce = forceFacts(nSub, useSubject.refs, forceType.codes, forceType.values, useLevel);
  const force_uses = new ColumnTable<PublishedForceUse>({
    incident: refTo("incident", incidentPids, F.incident_id) as Column<string>,
    subject: refTo("subject", subjectPids, F.subject_id),
    officer: refTo("officer", officerPids, F.officer_id),
    force_type: forceType as Column<ForceType>,
    force_level: coded([1, 2, 3, 4, 5, 6] as const, useLevel),
    force_type_raw: F.force_type_raw,
    agency_level: F.agency_level,
  }, data.force_uses.length);

  // Subjects per incident, and the most severe injury among them ("unknown" only where no other is known).
  const subjectIncident = S.incident_id as RefColumn;
  const subjectInjury = dict<keyof typeof INJURY>(S.injury);
  const injuryCodes = Object.keys(INJURY) as (keyof typeof INJURY)[];
  const subjectsPer = new Float64Array(nInc);
  const worst = new Uint8Array(nInc);
  for (let s = 0; s < nSub; s++) {
    const r = subjectIncident.refs[s];
    if (r < 0) continue;
    subjectsPer[r]++;
    const inj = subjectInjury.get(s);
    const w = worst[r] === 0 ? null : injuryCodes[worst[r] - 1];
    if (inj !== null && inj !== "unknown" && injuryRank(inj) > injuryRank(w)) worst[r] = injuryCodes.indexOf(inj) + 1;
    else if (inj === "unknown" && w === null) worst[r] = injuryCodes.indexOf("unknown") + 1;
  }

  const date = dict<string>(I.date);
  const year = date.mapDistinct((d) => Number(d.slice(0, 4)));
  const incidents = new ColumnTable<PublishedIncident>({
    incident: incidentPids,
    // To the day: the disclosure-control stage (protect.ts) decides what precision is published.
    date: date as Column<string>,
    year: year as Column<number>,
    district: I.district,
    beat: config.location_grain === "beat" ? I.beat : new NullColumn(nInc),
    contact_origin: I.contact_origin,
    call_type: I.call_type,
    call_type_raw: I.call_type_raw,
    officers_count: I.officers_count,
    subjects_count: new NumberColumn(subjectsPer, nInc) as Column<number>,
    arrest_made: I.arrest_made,
    bwc_activated: I.bwc_activated,
    deescalation_attempted: I.deescalation_attempted,
    crisis_trained_officer: I.crisis_trained_officer,
    coresponder_present: I.coresponder_present,
    review_status: I.review_status,
    review_body: I.review_body,
    review_finding: I.review_finding,
    discipline: I.discipline,
    highest_force_level: incidentForce.highest,
    force_types: incidentForce.types as Column<ForceType[]>,
    most_severe_subject_injury: coded(injuryCodes, worst),
    // A department that does not publish summaries: the column is emptied here, so no output holds them.
    summary: config.publish_summaries === false ? new NullColumn(nInc) : I.summary,
  }, nInc);

  // A subject's year is its incident's; its age band comes from the age where there is one.
  const subjectYear = new Uint32Array(nSub);
  for (let s = 0; s < nSub; s++) {
    const r = subjectIncident.refs[s];
    subjectYear[s] = r < 0 ? 0 : year.codes[r];
  }
  const bandKeys = Object.keys(AGE_BAND) as (keyof typeof AGE_BAND)[];
  const bandCodes = ageBandCodes(S.age as NumberColumn, dict<keyof typeof AGE_BAND>(S.age_band), nSub);
  const subjects = new ColumnTable<PublishedSubject>({
    subject: subjectPids,
    incident: refTo("incident", incidentPids, S.incident_id) as Column<string>,
    year: DictColumn.sharing<number>(year.values, subjectYear) as Column<number>,
    age_band: coded(bandKeys, bandCodes),
    sex: S.sex,
    race_ethnicity: S.race_ethnicity,
    perceived_armed: S.perceived_armed,
    confirmed_armed: S.confirmed_armed,
    weapons: S.weapons,
    resistance: S.resistance,
    mental_health_crisis: S.mental_health_crisis,
    impaired: S.impaired,
    injury: S.injury,
    medical_treatment: S.medical_treatment,
    hospitalized: S.hospitalized,
    highest_force_level: subjectForce.highest,
    force_types: subjectForce.types as Column<ForceType[]>,
  }, nSub);

  const service = O.years_of_service as NumberColumn;
  const serviceKeys = Object.keys(SERVICE_BAND) as (keyof typeof SERVICE_BAND)[];
  const serviceCodes = new Uint8Array(data.officers.length);
  for (let o = 0; o < serviceCodes.length; o++) {
    const y = service.get(o);
    serviceCodes[o] = y === null ? 0 : serviceKeys.indexOf(serviceBand(y)) + 1;
  }
  // Officers' ages, like subjects', only as bands; their demographics go through disclosure control (protect.ts).
  const officers = new ColumnTable<PublishedOfficer>({
    officer: officerPids,
    incident: refTo("incident", incidentPids, O.incident_id) as Column<string>,
    age_band: coded(bandKeys, ageBandCodes(O.age as NumberColumn, dict<keyof typeof AGE_BAND>(O.age_band), data.officers.length)),
    sex: O.sex,
    race_ethnicity: O.race_ethnicity,
    service_band: coded(serviceKeys, serviceCodes),
    injury: O.injury,
  }, data.officers.length);

  // Days to close, from each distinct date's day number.
  const received = dict<string>(C.received_date);
  const closed = dict<string>(C.closed_date);
  const dayOf = (d: string | null) => (d === null ? NaN : Date.parse(d + "T00:00:00Z"));
  const receivedMs = received.values.map(dayOf);
  const closedMs = closed.values.map(dayOf);
  const days = new NumberColumn(new Float64Array(data.complaints.length), data.complaints.length);
  for (let c = 0; c < data.complaints.length; c++) {
    const to = closed.codes[c];
    days.data[c] = to === 0 ? NaN : Math.round((closedMs[to] - receivedMs[received.codes[c]]) / 86_400_000);
  }
  const complaints = new ColumnTable<PublishedComplaint>({
    complaint: pseudonyms("complaint", C.complaint_id),
    received_date: received as Column<string>,
    year: received.mapDistinct((d) => Number(d.slice(0, 4))) as Column<number>,
    days_to_close: days,
    source: C.source,
    allegation: C.allegation,
    finding: C.finding,
    discipline: C.discipline,
    incident: refTo("incident", incidentPids, C.incident_id),
  }, data.complaints.length);

  return {
    incidents,
    subjects,
    officers,
    force_uses,
    complaints,
    calls_for_service: data.calls_for_service.toRows(),
    arrests: data.arrests.toRows(),
    population: data.population.toRows(),
    training: data.training.toRows(),
  };
}
