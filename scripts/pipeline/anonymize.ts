// Anonymize stage: turns validated canonical rows into the published tables, which have no
// direct identifier: ids become keyed pseudonyms, ages bands, dates and places no finer than configured.
import { createHmac } from "node:crypto";
import type { DepartmentConfig } from "../../src/lib/schema/config.ts";
import type {
  PublishedComplaint, PublishedData, PublishedForceUse, PublishedIncident, PublishedOfficer, PublishedSubject,
} from "../../src/lib/schema/published.ts";
import type { CanonicalData } from "../../src/lib/schema/tables.ts";
import { FORCE_TYPE, FORCE_TYPE_LEVEL, INJURY_ORDER, ageBand, serviceBand, type ForceLevel } from "../../src/lib/schema/vocab.ts";

/** Makes keyed one-way pseudonyms: 16 hex digits of HMAC-SHA256(key, kind:id). */
export function pseudonymizer(key: string): (kind: string, id: string) => string {
  if (key.length < 16) throw new Error("pseudonym key must be at least 16 characters");
  const cache = new Map<string, string>();
  return (kind, id) => {
    const k = kind + ":" + id;
    let p = cache.get(k);
    if (p === undefined) {
      p = createHmac("sha256", key).update(k).digest("hex").slice(0, 16);
      cache.set(k, p);
    }
    return p;
  };
}

/** Truncates a YYYY-MM-DD date to the configured precision. */
export function publishDate(date: string, precision: DepartmentConfig["date_precision"]): string {
  return precision === "month" ? date.slice(0, 7) : date;
}

const injuryRank = (i: string | null) => (i === null ? -1 : INJURY_ORDER.indexOf(i as never));

/** Days between two YYYY-MM-DD dates. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / 86_400_000);
}

/** Builds the published tables from canonical rows. */
export function anonymize(data: CanonicalData, config: DepartmentConfig, key: string): PublishedData {
  const pid = pseudonymizer(key);
  const precision = config.date_precision;

  // Force types and highest level per subject and per incident, from force uses.
  type ForceType = keyof typeof FORCE_TYPE;
  const subjectForce = new Map<string, { types: Set<ForceType>; level: ForceLevel | null }>();
  const incidentForce = new Map<string, { types: Set<ForceType>; level: ForceLevel | null }>();
  const note = (m: typeof subjectForce, id: string, type: ForceType, level: ForceLevel | null) => {
    let e = m.get(id);
    if (!e) m.set(id, (e = { types: new Set(), level: null }));
    e.types.add(type);
    if (level !== null && (e.level === null || level > e.level)) e.level = level;
  };
  const force_uses: PublishedForceUse[] = data.force_uses.map((u) => {
    const level = FORCE_TYPE_LEVEL[u.force_type];
    note(incidentForce, u.incident_id, u.force_type, level);
    if (u.subject_id !== null) note(subjectForce, u.subject_id, u.force_type, level);
    return {
      incident: pid("incident", u.incident_id),
      subject: u.subject_id === null ? null : pid("subject", u.subject_id),
      officer: u.officer_id === null ? null : pid("officer", u.officer_id),
      force_type: u.force_type,
      force_level: level,
      force_type_raw: u.force_type_raw,
      agency_level: u.agency_level,
    };
  });

  const incidentYear = new Map<string, number>();
  const subjectsPer = new Map<string, number>();
  const worstInjury = new Map<string, string>();
  for (const s of data.subjects) {
    subjectsPer.set(s.incident_id, (subjectsPer.get(s.incident_id) ?? 0) + 1);
    const w = worstInjury.get(s.incident_id) ?? null;
    if (s.injury !== null && s.injury !== "unknown" && injuryRank(s.injury) > injuryRank(w)) worstInjury.set(s.incident_id, s.injury);
    else if (s.injury === "unknown" && w === null) worstInjury.set(s.incident_id, "unknown");
  }

  const incidents: PublishedIncident[] = data.incidents.map((r) => {
    const year = Number(r.date.slice(0, 4));
    incidentYear.set(r.incident_id, year);
    const f = incidentForce.get(r.incident_id);
    return {
      incident: pid("incident", r.incident_id),
      date: publishDate(r.date, precision),
      year,
      district: r.district,
      beat: config.location_grain === "beat" ? r.beat : null,
      contact_origin: r.contact_origin,
      call_type: r.call_type,
      call_type_raw: r.call_type_raw,
      officers_count: r.officers_count,
      subjects_count: subjectsPer.get(r.incident_id) ?? 0,
      arrest_made: r.arrest_made,
      bwc_activated: r.bwc_activated,
      deescalation_attempted: r.deescalation_attempted,
      crisis_trained_officer: r.crisis_trained_officer,
      coresponder_present: r.coresponder_present,
      review_status: r.review_status,
      review_body: r.review_body,
      review_finding: r.review_finding,
      discipline: r.discipline,
      highest_force_level: f?.level ?? null,
      force_types: f ? [...f.types].sort() : [],
      most_severe_subject_injury: (worstInjury.get(r.incident_id) ?? null) as PublishedIncident["most_severe_subject_injury"],
      summary: r.summary,
    };
  });

  const subjects: PublishedSubject[] = data.subjects.map((s) => {
    const f = subjectForce.get(s.subject_id);
    return {
      subject: pid("subject", s.subject_id),
      incident: pid("incident", s.incident_id),
      year: incidentYear.get(s.incident_id) as number,
      age_band: s.age !== null ? ageBand(s.age) : s.age_band,
      sex: s.sex,
      race_ethnicity: s.race_ethnicity,
      perceived_armed: s.perceived_armed,
      confirmed_armed: s.confirmed_armed,
      weapons: s.weapons,
      resistance: s.resistance,
      mental_health_crisis: s.mental_health_crisis,
      impaired: s.impaired,
      injury: s.injury,
      medical_treatment: s.medical_treatment,
      hospitalized: s.hospitalized,
      highest_force_level: f?.level ?? null,
      force_types: f ? [...f.types].sort() : [],
    } as PublishedSubject;
  });

  const officers: PublishedOfficer[] = data.officers.map((o) => ({
    officer: pid("officer", o.officer_id),
    incident: pid("incident", o.incident_id),
    service_band: o.years_of_service === null ? null : serviceBand(o.years_of_service),
    injury: o.injury,
  }));

  const complaints: PublishedComplaint[] = data.complaints.map((c) => ({
    complaint: pid("complaint", c.complaint_id),
    received_date: publishDate(c.received_date, precision),
    year: Number(c.received_date.slice(0, 4)),
    days_to_close: c.closed_date === null ? null : daysBetween(c.received_date, c.closed_date),
    source: c.source,
    allegation: c.allegation,
    finding: c.finding,
    discipline: c.discipline,
    incident: c.incident_id === null ? null : pid("incident", c.incident_id),
  }));

  return {
    incidents,
    subjects,
    officers,
    force_uses,
    complaints,
    calls_for_service: data.calls_for_service,
    arrests: data.arrests,
    population: data.population,
    training: data.training,
  };
}
