// The published (anonymized) tables: what the downloads hold and what aggregate reads.
// None of these has a direct identifier; ids are keyed pseudonyms.
import { z } from "zod";
import type { FieldType } from "./fields.ts";
import { LIST_DELIMITER, metaOf } from "./fields.ts";
import { incidentInput, subjectInput, officerInput, forceUseInput, complaintInput } from "./tables.ts";
import { ANOTHER_CATEGORY, PROTECTED_VOCAB, WITHHELD } from "./disclosure.ts";
import {
  FORCE_TYPE, INJURY, keysOf, type Vocabulary,
} from "./vocab.ts";

/** Metadata of a published column. */
export interface PublishedMeta {
  description: string;
  type: FieldType;
  vocab?: Vocabulary;
  delimiter?: string;
}

/** Registry of published column metadata. */
export const publishedRegistry = z.registry<PublishedMeta>();

function col<T extends z.ZodType>(schema: T, meta: PublishedMeta): T {
  publishedRegistry.add(schema, meta);
  return schema;
}

const pseudonym = (what: string) =>
  col(z.string().regex(/^[0-9a-f]{16}$/), {
    description: `Pseudonym of the ${what}: a keyed one-way hash of the department's id, stable across releases.`,
    type: "string",
  });

// A published column that is the input field as it is, with the input's description.
// Published tables are built by code, not parsed, so the schema carries type and metadata only.
function same<S extends z.ZodType>(input: S): z.ZodType<z.output<S>>;
function same<S extends z.ZodType>(input: S, nullable: false): z.ZodType<NonNullable<z.output<S>>>;
function same<S extends z.ZodType>(input: S, _nullable = true) {
  const m = metaOf(input);
  return col(z.custom<z.output<S>>(() => true), {
    description: m.description,
    type: m.type,
    vocab: m.vocab,
    delimiter: m.delimiter,
  });
}

const level = (what: string) =>
  col(z.number().int().min(1).max(6).nullable(), {
    description: `Highest continuum level (1 officer presence to 6 deadly force) of the force used ${what}: from the force types, and, for uses whose type carries no level, from the department's own level where its mapping places that on the continuum; empty where neither gives one.`,
    type: "integer",
  });

const forceList = (what: string) =>
  col(z.array(z.enum(keysOf(FORCE_TYPE))), {
    description: `Canonical force types used ${what}.`,
    type: "list",
    vocab: FORCE_TYPE,
    delimiter: LIST_DELIMITER,
  });

/** A date column's description: the forms disclosure control publishes. */
const DATE_DESCRIPTION = (what: string) =>
  `Date of the ${what}, at the precision disclosure control published (see the methodology): YYYY-MM-DD (day), YYYY-Www (week of the year, days 1 to 7 being W01), YYYY-MM (month), YYYY-Qn (quarter) or YYYY (year).`;

/** An input vocabulary column published with disclosure control's values added to its vocabulary. */
function protectedVocab<S extends z.ZodType>(input: S, vocab: Vocabulary) {
  const m = metaOf(input);
  return col(z.custom<z.output<S> | string>(() => true), { description: `${m.description} "${ANOTHER_CATEGORY}" for rare categories merged, "${WITHHELD}" where withheld, to protect privacy.`, type: m.type, vocab });
}

const I = incidentInput.shape;
const S = subjectInput.shape;
const O = officerInput.shape;
const F = forceUseInput.shape;
const C = complaintInput.shape;

/** A published incident. */
export const publishedIncident = z.object({
  incident: pseudonym("incident"),
  date: col(z.string(), { description: `${DATE_DESCRIPTION("incident")} Where the department recorded only the year or the month, the date is that year or month, never a day.`, type: "string" }),
  year: col(z.number().int(), { description: "Year of the incident.", type: "integer" }),
  district: col(z.string(), { description: `${metaOf(I.district).description} "${WITHHELD}" where disclosure control withheld it to protect privacy.`, type: "string" }),
  beat: col(z.string().nullable(), { description: `Beat, published only where the department opted in to beat-level locations; "${WITHHELD}" where disclosure control withheld it to protect privacy.`, type: "string" }),
  contact_origin: same(I.contact_origin, false),
  call_type: same(I.call_type),
  call_type_raw: same(I.call_type_raw),
  officers_count: same(I.officers_count),
  subjects_count: col(z.number().int(), { description: "Number of subjects on whom force was used.", type: "integer" }),
  arrest_made: same(I.arrest_made),
  bwc_activated: same(I.bwc_activated),
  deescalation_attempted: same(I.deescalation_attempted),
  crisis_trained_officer: same(I.crisis_trained_officer),
  coresponder_present: same(I.coresponder_present),
  review_status: same(I.review_status),
  review_body: same(I.review_body),
  review_finding: same(I.review_finding),
  discipline: same(I.discipline),
  highest_force_level: level("in the incident"),
  force_types: forceList("in the incident"),
  most_severe_subject_injury: col(z.enum(keysOf(INJURY)).nullable(), {
    description: "Most severe injury among the incident's subjects.",
    type: "string",
    vocab: INJURY,
  }),
  summary: same(I.summary),
});

/** A published subject. */
export const publishedSubject = z.object({
  subject: pseudonym("subject"),
  incident: pseudonym("incident"),
  year: col(z.number().int(), { description: "Year of the incident.", type: "integer" }),
  age_band: col(z.enum(keysOf(PROTECTED_VOCAB.age_band)).nullable(), { description: "Age band of the subject (exact ages are never published); a wider band, or withheld, where disclosure control needed it.", type: "string", vocab: PROTECTED_VOCAB.age_band }),
  sex: protectedVocab(S.sex, PROTECTED_VOCAB.sex),
  race_ethnicity: protectedVocab(S.race_ethnicity, PROTECTED_VOCAB.race_ethnicity),
  perceived_armed: same(S.perceived_armed),
  confirmed_armed: same(S.confirmed_armed),
  weapons: same(S.weapons),
  resistance: same(S.resistance),
  mental_health_crisis: same(S.mental_health_crisis),
  impaired: same(S.impaired),
  injury: same(S.injury),
  medical_treatment: same(S.medical_treatment),
  hospitalized: same(S.hospitalized),
  highest_force_level: level("on the subject"),
  force_types: forceList("on the subject"),
});

/** A published officer involvement. */
export const publishedOfficer = z.object({
  officer: pseudonym("officer's involvement"),
  incident: pseudonym("incident"),
  age_band: col(z.enum(keysOf(PROTECTED_VOCAB.age_band)).nullable(), { description: "Age band of the officer at the incident (exact ages and dates of birth are never published); a wider band, or withheld, where disclosure control needed it.", type: "string", vocab: PROTECTED_VOCAB.age_band }),
  sex: protectedVocab(O.sex, PROTECTED_VOCAB.sex),
  race_ethnicity: protectedVocab(O.race_ethnicity, PROTECTED_VOCAB.race_ethnicity),
  service_band: col(z.enum(keysOf(PROTECTED_VOCAB.service_band)).nullable(), { description: "Years-of-service band of the officer at the incident (hire dates are never published); a wider band, or withheld, where disclosure control needed it.", type: "string", vocab: PROTECTED_VOCAB.service_band }),
  injury: same(O.injury),
});

/** A published force use. */
export const publishedForceUse = z.object({
  incident: pseudonym("incident"),
  subject: col(z.string().nullable(), { description: "Pseudonym of the subject, where known.", type: "string" }),
  officer: col(z.string().nullable(), { description: "Pseudonym of the officer's involvement, where known.", type: "string" }),
  force_type: same(F.force_type, false),
  force_level: col(z.number().int().min(1).max(6).nullable(), { description: "Continuum level of the force used (1 to 6): the force type's level, or, for a type off the continuum (physical force of a type not recorded, other, unknown), the level the department's own level stands for where its mapping places it; empty otherwise, and always for a firearm discharged at an animal or unintentionally.", type: "integer" }),
  force_type_raw: same(F.force_type_raw),
  agency_level: same(F.agency_level),
});

/** A published complaint. */
export const publishedComplaint = z.object({
  complaint: pseudonym("complaint"),
  received_date: col(z.string(), { description: DATE_DESCRIPTION("complaint's receipt"), type: "string" }),
  year: col(z.number().int(), { description: "Year the complaint was received.", type: "integer" }),
  days_to_close: col(z.number().int().nullable(), { description: "Days from receipt to close; empty while open.", type: "integer" }),
  source: same(C.source),
  allegation: same(C.allegation, false),
  finding: same(C.finding, false),
  discipline: same(C.discipline),
  incident: col(z.string().nullable(), { description: "Pseudonym of the linked incident, where there is one.", type: "string" }),
});

export type PublishedIncident = z.infer<typeof publishedIncident>;
export type PublishedSubject = z.infer<typeof publishedSubject>;
export type PublishedOfficer = z.infer<typeof publishedOfficer>;
export type PublishedForceUse = z.infer<typeof publishedForceUse>;
export type PublishedComplaint = z.infer<typeof publishedComplaint>;

// The tables the anonymize stage hands on (PublishedData, scripts/pipeline/anonymize.ts) hold
// rows of these types, as columns.

/** Published record-level tables and their schemas, in download order. */
export const PUBLISHED_TABLES = {
  incidents: publishedIncident,
  subjects: publishedSubject,
  force_uses: publishedForceUse,
  officers: publishedOfficer,
  complaints: publishedComplaint,
} as const;

/** Metadata of a published column. */
export function publishedMetaOf(schema: z.ZodType): PublishedMeta {
  const m = publishedRegistry.get(schema);
  if (!m) throw new Error("published column has no metadata");
  return m;
}
