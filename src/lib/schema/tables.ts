// The canonical input tables a department's data/ folder holds, one zod schema each.
// Every field's metadata (description, expected cell, publish rule) lives beside its parser.
import { z } from "zod";
import * as f from "./fields.ts";
import {
  AGE_BAND, ALLEGATION, CALL_TYPE, COMPLAINT_FINDING, COMPLAINT_SOURCE, CONTACT_ORIGIN, DISCIPLINE,
  FORCE_TYPE, INJURY, RACE_ETHNICITY, RESISTANCE, REVIEW_BODY, REVIEW_FINDING, REVIEW_STATUS, SEX, WEAPON,
} from "./vocab.ts";

/** One encounter in which force was used. */
export const incidentInput = z.object({
  incident_id: f.id("The department's identifier of the incident; published only as a pseudonym.", { required: true }),
  case_number: f.text("Case or report number; a direct identifier, never published.", { publish: "never", maxLength: 100 }),
  date: f.partialDate("Date the incident began, local time; YYYY-MM or YYYY where the department recorded only the month or the year.", { required: true }),
  time: f.time("Time the incident began, local time; published only as an hour band in aggregates.", { publish: "derive" }),
  district: f.text("District (or beat) code where the incident happened, as listed in config.json.", { required: true, maxLength: 40 }),
  beat: f.text("Beat or sector within the district; published only when config.json location_grain is beat.", { publish: "derive", maxLength: 40 }),
  address: f.text("Street address; a direct identifier, never published.", { publish: "never", maxLength: 300 }),
  latitude: f.number("Latitude; never published.", -90, 90, { publish: "never" }),
  longitude: f.number("Longitude; never published.", -180, 180, { publish: "never" }),
  contact_origin: f.oneOf(CONTACT_ORIGIN, "How the encounter began; dispatched calls are the numerator of the force-per-call rate.", { required: true }),
  call_type: f.oneOf(CALL_TYPE, "Canonical type of the call or reason for contact."),
  call_type_raw: f.text("The department's own label for the call type, kept beside the canonical value.", { maxLength: 120, freeText: true }),
  officers_count: f.integer("Number of officers who used force.", 0, 200),
  arrest_made: f.flag("Whether an arrest was made."),
  bwc_activated: f.flag("Whether body-worn cameras were activated for the force used."),
  deescalation_attempted: f.flag("Whether de-escalation was attempted before force was used."),
  crisis_trained_officer: f.flag("Whether a crisis-intervention-trained officer was present."),
  coresponder_present: f.flag("Whether a mental-health co-responder was present."),
  review_status: f.oneOf(REVIEW_STATUS, "Where the review of the force report stands."),
  review_body: f.oneOf(REVIEW_BODY, "The body that reviewed the force report."),
  review_finding: f.oneOf(REVIEW_FINDING, "Finding of the force review."),
  discipline: f.oneOf(DISCIPLINE, "Discipline outcome, where the department releases it."),
  summary: f.text("Short redacted narrative of the incident; scanned for identifiers before publishing.", { maxLength: 2000, freeText: true }),
});

/** A person on whom force was used. */
export const subjectInput = z.object({
  subject_id: f.id("The department's identifier of the subject record; published only as a pseudonym.", { required: true }),
  incident_id: f.id("Incident the subject belongs to (incident_id in incidents).", { required: true }),
  name: f.text("Subject's name; a direct identifier, never published.", { publish: "never", maxLength: 200 }),
  date_of_birth: f.date("Date of birth; never published.", { publish: "never" }),
  age: f.integer("Age in whole years; published only as an age band.", 0, 120, { publish: "derive" }),
  age_band: f.oneOf(AGE_BAND, "Age band, where the department supplies bands instead of ages."),
  sex: f.oneOf(SEX, "Sex as recorded by the department."),
  race_ethnicity: f.oneOf(RACE_ETHNICITY, "Race or ethnicity as recorded by the department."),
  perceived_armed: f.flag("Whether officers believed the subject was armed."),
  confirmed_armed: f.flag("Whether the subject was found to be armed."),
  weapons: f.listOf(WEAPON, "Weapons the subject was armed with."),
  resistance: f.oneOf(RESISTANCE, "Highest resistance the subject offered."),
  mental_health_crisis: f.flag("Whether the subject showed signs of a mental-health crisis."),
  impaired: f.flag("Whether the subject appeared impaired by alcohol or drugs."),
  injury: f.oneOf(INJURY, "Most severe injury the subject suffered."),
  medical_treatment: f.flag("Whether the subject received medical treatment."),
  hospitalized: f.flag("Whether the subject was admitted to hospital."),
});

/** An officer who used force (optional table). */
export const officerInput = z.object({
  officer_id: f.id("The department's identifier of the officer's involvement; published only as a pseudonym.", { required: true }),
  incident_id: f.id("Incident the officer was involved in.", { required: true }),
  name: f.text("Officer's name; a direct identifier, never published.", { publish: "never", maxLength: 200 }),
  badge_number: f.text("Badge or employee number; a direct identifier, never published.", { publish: "never", maxLength: 40 }),
  age: f.integer("Officer's age in whole years at the incident; published only as an age band.", 16, 100, { publish: "derive" }),
  age_band: f.oneOf(AGE_BAND, "Officer's age band, where the department supplies bands instead of ages."),
  sex: f.oneOf(SEX, "Officer's sex as recorded by the department."),
  race_ethnicity: f.oneOf(RACE_ETHNICITY, "Officer's race or ethnicity as recorded by the department."),
  years_of_service: f.integer("Whole years of service at the incident (the import can work them out from a hire date, which is never kept); published only as a band.", 0, 60, { publish: "derive" }),
  injury: f.oneOf(INJURY, "Most severe injury the officer suffered."),
});

/** One type of force used on one subject (by one officer, where known). */
export const forceUseInput = z.object({
  incident_id: f.id("Incident in which force was used.", { required: true }),
  subject_id: f.id("Subject on whom force was used, where known."),
  officer_id: f.id("Officer who used force, where known."),
  force_type: f.oneOf(FORCE_TYPE, "Canonical force type; its continuum level is derived from it.", { required: true }),
  force_type_raw: f.text("The department's own label for the force used.", { maxLength: 120, freeText: true }),
  agency_level: f.text("The department's own force level for this use (e.g. L2, Type II), as published.", { maxLength: 40, freeText: true }),
  agency_continuum_level: f.integer("Continuum level (1 to 6) the department's own level stands for, as its mapping places it; the level of a use whose force type carries none.", 1, 6),
});

/** Counts of calls for service: the denominators of every rate. */
export const callsInput = z.object({
  period: f.yearMonth("Month the calls were received.", { required: true }),
  call_type: f.oneOf(CALL_TYPE, "Canonical call type.", { required: true }),
  district: f.text("District code, as listed in config.json.", { required: true, maxLength: 40 }),
  calls_911: f.integer("Calls received through 911.", 0, 100_000_000),
  calls_dispatched: f.integer("Calls to which an officer was dispatched.", 0, 100_000_000, { required: true }),
});

/** Arrests by month and district (optional denominator). */
export const arrestsInput = z.object({
  period: f.yearMonth("Month of the arrests.", { required: true }),
  district: f.text("District code, as listed in config.json.", { required: true, maxLength: 40 }),
  arrests: f.integer("Number of arrests.", 0, 100_000_000, { required: true }),
});

/** Resident population (optional denominator). */
export const populationInput = z.object({
  year: f.integer("Year the estimate applies to.", 1950, 2100, { required: true }),
  district: f.text("District code; empty for the whole jurisdiction.", { maxLength: 40 }),
  race_ethnicity: f.oneOf(RACE_ETHNICITY, "Group the estimate counts; empty for all residents."),
  population: f.integer("Number of residents.", 0, 1_000_000_000, { required: true }),
});

/** A public or internal complaint about force or conduct. */
export const complaintInput = z.object({
  complaint_id: f.id("The department's identifier of the complaint; published only as a pseudonym.", { required: true }),
  received_date: f.date("Date the complaint was received.", { required: true }),
  closed_date: f.date("Date the investigation closed; empty while open."),
  source: f.oneOf(COMPLAINT_SOURCE, "Who filed the complaint."),
  allegation: f.oneOf(ALLEGATION, "What the complaint alleged.", { required: true }),
  finding: f.oneOf(COMPLAINT_FINDING, "Finding of the investigation.", { required: true }),
  discipline: f.oneOf(DISCIPLINE, "Discipline outcome, where released."),
  incident_id: f.id("Linked force incident, where the complaint concerns one."),
  complainant_name: f.text("Complainant's name; a direct identifier, never published.", { publish: "never", maxLength: 200 }),
});

/** Training figures per year (optional). */
export const trainingInput = z.object({
  year: f.integer("Year the figures apply to.", 1950, 2100, { required: true }),
  sworn_officers: f.integer("Sworn officers at year end.", 0, 1_000_000, { required: true }),
  cit_trained_officers: f.integer("Sworn officers trained in crisis intervention.", 0, 1_000_000),
  deescalation_training_hours: f.number("Total de-escalation training hours delivered.", 0, 100_000_000),
});

/** Every canonical table: its folder under data/, schema and whether a department must supply it. */
export const TABLES = {
  incidents: { schema: incidentInput, required: true, title: "Incidents" },
  subjects: { schema: subjectInput, required: true, title: "Subjects" },
  officers: { schema: officerInput, required: false, title: "Officers" },
  force_uses: { schema: forceUseInput, required: true, title: "Force uses" },
  calls_for_service: { schema: callsInput, required: false, title: "Calls for service" },
  arrests: { schema: arrestsInput, required: false, title: "Arrests" },
  population: { schema: populationInput, required: false, title: "Population" },
  complaints: { schema: complaintInput, required: false, title: "Complaints" },
  training: { schema: trainingInput, required: false, title: "Training" },
} as const;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

export type IncidentInput = z.infer<typeof incidentInput>;
export type SubjectInput = z.infer<typeof subjectInput>;
export type OfficerInput = z.infer<typeof officerInput>;
export type ForceUseInput = z.infer<typeof forceUseInput>;
export type CallsInput = z.infer<typeof callsInput>;
export type ArrestsInput = z.infer<typeof arrestsInput>;
export type PopulationInput = z.infer<typeof populationInput>;
export type ComplaintInput = z.infer<typeof complaintInput>;
export type TrainingInput = z.infer<typeof trainingInput>;

/** The row type of every canonical table (a valid row, as its zod schema parses it). */
export interface CanonicalRow {
  incidents: IncidentInput;
  subjects: SubjectInput;
  officers: OfficerInput;
  force_uses: ForceUseInput;
  calls_for_service: CallsInput;
  arrests: ArrestsInput;
  population: PopulationInput;
  complaints: ComplaintInput;
  training: TrainingInput;
}

/** The field schemas of a table, in column order. */
export function fieldsOf(table: TableName): [string, z.ZodType][] {
  return Object.entries(TABLES[table].schema.shape) as [string, z.ZodType][];
}

/** Fewest recorded values of a field, all the same, for that one value to read as a filler rather than an answer. */
export const SINGLE_VALUE_MIN_ROWS = 20;

/**
 * Categorical fields (a vocabulary or a yes/no flag) of the per-record tables where one and the
 * same value in every record of a whole export is not believable as an answer: it is what an
 * export writes for a column it does not have (every incident "dispatched", every subject
 * "male", every flag "no"). With at least SINGLE_VALUE_MIN_ROWS recorded values, all equal, such
 * a field counts as not reported, unless config.json's single_value_fields says the department
 * really has that one value. Force types are left out: an export of one kind of force only
 * (firearm discharges) is real. A field whose every value is "unknown" counts as not reported
 * whatever its table and however few its rows.
 */
export const SINGLE_VALUE_FIELDS: readonly string[] = (["incidents", "subjects", "officers"] as const).flatMap((t) =>
  fieldsOf(t)
    .filter(([, s]) => {
      const m = f.metaOf(s);
      return m.vocab !== undefined && m.type === "string" && m.publish !== "never";
    })
    .map(([name]) => `${t}.${name}`),
);
