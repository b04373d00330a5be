// The three states of a missing value, in words, and the plain-language names of the fields
// and tables a department may not report. Shared by the pipeline (figure notes) and the pages.
import type { FieldCoverage } from "./aggregates.ts";
import { TABLES, type TableName } from "./schema/tables.ts";

/** A value the department recorded as unknown. */
export const UNKNOWN_TEXT = "Unknown";
/** A field the department reports, left blank in this record. */
export const NOT_RECORDED_TEXT = "Not recorded";
/** A field or table the department's data does not have at all. */
export const NOT_REPORTED_TEXT = "Not reported by this department";

/** Plain-language names of the fields and tables figures depend on. */
const NAMES: Record<string, string> = {
  calls_for_service: "calls for service (counts of dispatched calls)",
  arrests: "arrests",
  population: "population",
  officers: "officers",
  complaints: "complaints",
  training: "training",
  "incidents.contact_origin": "how each encounter began (contact origin)",
  "incidents.call_type": "call type",
  "incidents.call_type_raw": "call type as the department labels it",
  "incidents.time": "time of day",
  "incidents.beat": "beat",
  "incidents.officers_count": "number of officers who used force",
  "incidents.arrest_made": "whether an arrest was made",
  "incidents.bwc_activated": "whether body-worn cameras were activated",
  "incidents.deescalation_attempted": "whether de-escalation was attempted",
  "incidents.crisis_trained_officer": "whether a crisis-trained officer was present",
  "incidents.coresponder_present": "whether a mental-health co-responder was present",
  "incidents.review_status": "review status",
  "incidents.review_body": "review body",
  "incidents.review_finding": "review findings",
  "incidents.discipline": "discipline",
  "incidents.summary": "incident summaries",
  "subjects.age": "subjects' age",
  "subjects.age_band": "subjects' age band",
  "subjects.sex": "subjects' sex",
  "subjects.race_ethnicity": "subjects' race or ethnicity",
  "subjects.perceived_armed": "whether officers believed the subject was armed",
  "subjects.confirmed_armed": "whether the subject was armed",
  "subjects.weapons": "subjects' weapons",
  "subjects.resistance": "subjects' resistance",
  "subjects.mental_health_crisis": "whether the subject was in a mental-health crisis",
  "subjects.impaired": "whether the subject was impaired",
  "subjects.injury": "subjects' injuries",
  "subjects.medical_treatment": "whether the subject was treated",
  "subjects.hospitalized": "whether the subject was admitted to hospital",
  "officers.injury": "officers' injuries",
  "officers.age": "officers' age",
  "officers.age_band": "officers' age band",
  "officers.sex": "officers' sex",
  "officers.race_ethnicity": "officers' race or ethnicity",
  "officers.years_of_service": "officers' years of service",
  "force_uses.subject_id": "which subject each force was used on",
  "force_uses.officer_id": "which officer used each force",
  "force_uses.force_type_raw": "force type as the department labels it",
  "force_uses.agency_level": "the department's own force level",
  "force_uses.agency_continuum_level": "the department's own force level placed on the continuum",
  "calls_for_service.calls_911": "911 calls",
  "population.race_ethnicity": "residents by race or ethnicity",
};

/** The plain-language name of a table ("arrests") or a field ("subjects.sex"). */
export function coverageName(key: string): string {
  if (NAMES[key]) return NAMES[key];
  const [table, field] = key.split(".");
  const title = table in TABLES ? TABLES[table as TableName].title.toLowerCase() : table;
  return field ? `${field.replace(/_/g, " ")} (${title})` : title;
}

/** Whether a field ("table.field") is reported; a key coverage does not know counts as reported. */
export function isReported(coverage: Record<string, FieldCoverage>, key: string): boolean {
  return coverage[key]?.status !== "not_reported";
}

/** Why a field is not reported, in words, or null when it is reported. */
export function notReportedReason(c: FieldCoverage | undefined): string | null {
  if (!c || c.status === "reported") return null;
  if (c.reason === "no_table") return "the department supplies no such table";
  if (c.reason === "no_column") return "the department's files have no such column";
  if (c.reason === "single_value") return c.value === "unknown" ? "not one record gives it, each says unknown" : `every record says ${c.value.replace(/_/g, " ")}`;
  return "the column is empty in every record";
}
