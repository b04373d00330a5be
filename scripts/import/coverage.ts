// What a department loses on the site when its export lacks a canonical field: named in the import report.

/** Canonical field -> the charts and pages that need it. */
const NEEDED_BY: Record<string, string[]> = {
  "incidents.call_type": ["incidents by call type", "force per 1,000 calls by call type", "search filter by call type"],
  "incidents.time": ["time of day on incident pages"],
  "incidents.review_finding": ["review findings", "review finding on incident pages"],
  "incidents.review_status": ["review status"],
  "incidents.review_body": ["who reviewed"],
  "incidents.deescalation_attempted": ["de-escalation attempted"],
  "incidents.bwc_activated": ["body-worn cameras activated"],
  "incidents.crisis_trained_officer": ["crisis response (crisis-trained officer present)"],
  "incidents.coresponder_present": ["crisis response (co-responder present)"],
  "incidents.arrest_made": ["arrests on incident pages"],
  "incidents.summary": ["incident summaries and their full-text search"],
  "incidents.discipline": ["discipline outcomes"],
  "subjects.age": ["subjects by age"],
  "subjects.age_band": ["subjects by age"],
  "subjects.sex": ["subjects by sex"],
  "subjects.race_ethnicity": ["subjects by race or ethnicity", "rates per resident by race or ethnicity"],
  "subjects.injury": ["injuries to subjects", "injury by force level"],
  "subjects.mental_health_crisis": ["crisis response"],
  "subjects.resistance": ["resistance on incident pages"],
  "subjects.weapons": ["weapons on incident pages"],
  "officers.injury": ["injuries to officers"],
  "officers.years_of_service": ["officers by years of service"],
};

/** For each field given, the charts that will say "not reported by this department". */
export function notReportedFigures(fields: readonly string[]): Map<string, string[]> {
  return new Map(fields.map((f) => [f, NEEDED_BY[f] ?? []]));
}
