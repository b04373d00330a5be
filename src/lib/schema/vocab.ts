// The closed vocabularies of the canonical schema: each value with the label a resident reads.

/** A closed vocabulary: canonical value -> plain-language label. */
export type Vocabulary = Readonly<Record<string, string>>;

/** How the encounter began. */
export const CONTACT_ORIGIN = {
  dispatched: "Dispatched call (911 or non-emergency)",
  officer_initiated: "Officer-initiated (on-view, traffic or pedestrian stop)",
  citizen_flagdown: "Flagged down by a member of the public",
  pre_planned: "Pre-planned (warrant, transport)",
  other: "Other",
  unknown: "Unknown",
} as const;

/** What the call or contact was about. */
export const CALL_TYPE = {
  domestic_disturbance: "Domestic disturbance",
  mental_health_crisis: "Mental-health crisis or welfare check",
  assault_fight: "Assault or fight",
  disturbance: "Disturbance",
  property_crime: "Theft, burglary or robbery",
  weapons: "Weapons call",
  suspicious_person: "Suspicious person",
  traffic: "Traffic stop or collision",
  warrant_service: "Warrant service",
  medical_emergency: "Medical emergency",
  other: "Other",
  unknown: "Unknown",
} as const;

/** Canonical force types. Each maps to a continuum level in FORCE_TYPE_LEVEL. */
export const FORCE_TYPE = {
  officer_presence: "Officer presence",
  verbal_commands: "Verbal commands",
  firearm_pointed: "Firearm pointed at a person",
  weapon_pointed: "Other or unstated weapon pointed (show of force)",
  escort: "Escort or guided movement",
  hold_grab_push: "Hold, grab or push",
  joint_lock: "Joint lock",
  pressure_point: "Pressure point",
  handcuffing_resisted: "Handcuffing against resistance",
  strike: "Strike (hand, elbow, knee)",
  kick: "Kick",
  takedown: "Takedown",
  oc_spray: "OC or chemical spray",
  ced: "Conducted energy device (Taser)",
  baton: "Baton or impact weapon",
  impact_projectile: "Impact projectile",
  k9_bite: "K-9 bite",
  firearm_discharge: "Firearm discharged at a person",
  neck_restraint: "Neck or carotid restraint",
  firearm_discharge_animal: "Firearm discharged at an animal",
  firearm_discharge_unintentional: "Firearm discharged unintentionally",
  physical_unspecified: "Physical force, type not recorded",
  other: "Other",
  unknown: "Unknown",
} as const;

/** The use-of-force continuum, lowest to highest. */
export const FORCE_LEVEL = {
  1: "Officer presence",
  2: "Verbal commands and warnings",
  3: "Soft control",
  4: "Hard control",
  5: "Less-lethal weapons",
  6: "Deadly force",
} as const;

export type ForceLevel = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * Continuum level of each canonical force type; null where the type carries no level. Pointing a
 * firearm (or another weapon) is a show of force, a warning (level 2); holds, grabs and pushes are
 * soft control (3), takedowns hard control (4). A firearm discharged at an animal, or
 * unintentionally, is not force on a person: it has no level, and is counted on its own.
 */
export const FORCE_TYPE_LEVEL: Readonly<Record<keyof typeof FORCE_TYPE, ForceLevel | null>> = {
  officer_presence: 1,
  verbal_commands: 2,
  firearm_pointed: 2,
  weapon_pointed: 2,
  escort: 3,
  hold_grab_push: 3,
  joint_lock: 3,
  pressure_point: 3,
  handcuffing_resisted: 3,
  strike: 4,
  kick: 4,
  takedown: 4,
  oc_spray: 5,
  ced: 5,
  baton: 5,
  impact_projectile: 5,
  k9_bite: 5,
  firearm_discharge: 6,
  neck_restraint: 6,
  firearm_discharge_animal: null,
  firearm_discharge_unintentional: null,
  physical_unspecified: null,
  other: null,
  unknown: null,
};

/** Injury level, least to most severe. */
export const INJURY = {
  none: "No injury",
  injured_unspecified: "Injured, severity not recorded",
  minor: "Minor injury or complaint of pain",
  treated: "Injury requiring treatment",
  serious: "Serious bodily injury",
  death: "Death",
  unknown: "Unknown",
} as const;

/** Sex as recorded by the department. */
export const SEX = {
  female: "Female",
  male: "Male",
  nonbinary: "Non-binary",
  other: "Other",
  unknown: "Unknown",
} as const;

/** Race or ethnicity as recorded by the department. */
export const RACE_ETHNICITY = {
  american_indian_alaska_native: "American Indian or Alaska Native",
  asian: "Asian",
  black: "Black",
  hispanic_latino: "Hispanic or Latino",
  middle_eastern_north_african: "Middle Eastern or North African",
  native_hawaiian_pacific_islander: "Native Hawaiian or Pacific Islander",
  white: "White",
  multiracial: "Two or more races",
  other: "Other",
  unknown: "Unknown",
} as const;

/** Published age bands; exact ages are never published. */
export const AGE_BAND = {
  under_18: "Under 18",
  "18_24": "18 to 24",
  "25_34": "25 to 34",
  "35_44": "35 to 44",
  "45_54": "45 to 54",
  "55_64": "55 to 64",
  "65_plus": "65 and over",
  // A coarse band for exports that record only "adult" (juveniles are under_18).
  adult: "Adult (age not recorded more precisely)",
  unknown: "Unknown",
} as const;

/** Age bands that cover several of the finer bands: counted as their own group, never split. */
export const COARSE_AGE_BANDS: ReadonlySet<string> = new Set(["adult"]);

/** Officer years-of-service bands. */
export const SERVICE_BAND = {
  "0_2": "0 to 2 years",
  "3_5": "3 to 5 years",
  "6_10": "6 to 10 years",
  "11_20": "11 to 20 years",
  "21_plus": "21 years or more",
  unknown: "Unknown",
} as const;

/** A yes/no fact the department may also record as unknown. */
export const FLAG = {
  yes: "Yes",
  no: "No",
  unknown: "Unknown",
} as const;

/** Weapons a subject was armed with. */
export const WEAPON = {
  none: "Unarmed",
  firearm: "Firearm",
  knife: "Knife or cutting instrument",
  blunt_object: "Blunt object",
  vehicle: "Vehicle",
  other: "Other weapon",
  unknown: "Unknown",
} as const;

/** Highest resistance the subject offered. */
export const RESISTANCE = {
  none: "None",
  passive: "Passive",
  active: "Active",
  aggressive: "Aggressive",
  deadly: "Deadly force",
  unknown: "Unknown",
} as const;

/** Where the review of the force report stands. */
export const REVIEW_STATUS = {
  not_started: "Not started",
  in_progress: "In progress",
  complete: "Complete",
  unknown: "Unknown",
} as const;

/** The body that reviewed the force report. */
export const REVIEW_BODY = {
  supervisor: "Supervisor",
  force_review_board: "Force review board",
  internal_affairs: "Internal affairs",
  civilian_oversight: "Civilian oversight body",
  other: "Other",
  unknown: "Unknown",
} as const;

/** Finding of the force review. */
export const REVIEW_FINDING = {
  within_policy: "Within policy",
  within_policy_training_issue: "Within policy, training or policy issue found",
  out_of_policy: "Out of policy",
  pending: "Pending",
  unknown: "Unknown",
} as const;

/** Discipline outcome, where the department releases it. */
export const DISCIPLINE = {
  none: "No discipline",
  counseling: "Counseling",
  retraining: "Retraining",
  written_reprimand: "Written reprimand",
  suspension: "Suspension",
  demotion: "Demotion",
  termination: "Termination",
  resigned: "Resigned before discipline",
  pending: "Pending",
  not_released: "Not released",
  unknown: "Unknown",
} as const;

/** Who filed a complaint. */
export const COMPLAINT_SOURCE = {
  resident: "Resident",
  anonymous: "Anonymous",
  internal: "Internal (department)",
  oversight_body: "Oversight body",
  other: "Other",
  unknown: "Unknown",
} as const;

/** What a complaint alleged. */
export const ALLEGATION = {
  excessive_force: "Excessive force",
  improper_conduct: "Improper conduct",
  discourtesy: "Discourtesy",
  bias: "Bias-based policing",
  improper_search_arrest: "Improper search or arrest",
  failure_to_report: "Failure to report force",
  other: "Other",
  unknown: "Unknown",
} as const;

/** Finding of a complaint investigation. */
export const COMPLAINT_FINDING = {
  sustained: "Sustained",
  not_sustained: "Not sustained",
  exonerated: "Exonerated",
  unfounded: "Unfounded",
  pending: "Pending",
  withdrawn: "Withdrawn",
  unknown: "Unknown",
} as const;

/** Policy sections a department's policy text is organised into. */
export const POLICY_SECTION = {
  continuum: "Use-of-force continuum",
  de_escalation: "De-escalation",
  crisis_response: "Crisis response",
  reporting_review: "Reporting and review",
  complaints: "Complaints",
  oversight: "Oversight",
  community_engagement: "Community engagement",
  other: "Other",
} as const;

/** Keys of a vocabulary as a non-empty tuple, the shape z.enum wants. */
export function keysOf<V extends Vocabulary>(vocab: V): [keyof V & string, ...(keyof V & string)[]] {
  return Object.keys(vocab) as [keyof V & string, ...(keyof V & string)[]];
}

/** The band an age in whole years falls into. */
export function ageBand(age: number): keyof typeof AGE_BAND {
  if (age < 18) return "under_18";
  if (age < 25) return "18_24";
  if (age < 35) return "25_34";
  if (age < 45) return "35_44";
  if (age < 55) return "45_54";
  if (age < 65) return "55_64";
  return "65_plus";
}

/** The band a count of years of service falls into. */
export function serviceBand(years: number): keyof typeof SERVICE_BAND {
  if (years <= 2) return "0_2";
  if (years <= 5) return "3_5";
  if (years <= 10) return "6_10";
  if (years <= 20) return "11_20";
  return "21_plus";
}

/** Injury levels in order of severity, for "most severe" comparisons. */
export const INJURY_ORDER: readonly (keyof typeof INJURY)[] = ["none", "injured_unspecified", "minor", "treated", "serious", "death"];

/** Injury levels that count as injured: any injury, including one whose severity was not recorded. */
export const INJURED_LEVELS: ReadonlySet<string> = new Set(["injured_unspecified", "minor", "treated", "serious", "death"]);

/** Whether an injury level counts as injured (unknown and blank do not). */
export function isInjured(level: string | null | undefined): boolean {
  return level != null && INJURED_LEVELS.has(level);
}
