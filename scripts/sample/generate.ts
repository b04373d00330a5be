// Generates the synthetic sample department's whole data folder from a seed: a pure function
// from options to file contents, the same bytes for the same options on every machine.
import { csvFormatRows } from "d3-dsv";
import { LIST_DELIMITER } from "../../src/lib/schema/fields.ts";
import { TABLES, type TableName } from "../../src/lib/schema/tables.ts";
import {
  ageBand, type ALLEGATION, type CALL_TYPE, type COMPLAINT_FINDING, type COMPLAINT_SOURCE, type CONTACT_ORIGIN,
  type DISCIPLINE, FORCE_TYPE_LEVEL, type FORCE_TYPE, type INJURY, INJURY_ORDER, type RACE_ETHNICITY,
  type RESISTANCE, type REVIEW_BODY, type REVIEW_FINDING, type SEX, type WEAPON,
} from "../../src/lib/schema/vocab.ts";
import { sampleBoundaries } from "./boundaries.ts";
import { sampleConfigJson, sampleDistricts } from "./config.ts";
import { POLICY_CHANGE, samplePolicyFiles } from "./policy.ts";
import { Rng, weightedTable, type WeightedTable } from "./random.ts";
import { CALL_LABELS, type CallLabel, DISCHARGE_SENTENCE, type SubjectFacts, TRAFFIC_STOP_LABEL, writeSummary } from "./text.ts";

/** What to generate. */
export interface SampleOptions {
  seed: number;
  firstYear: number;
  years: number;
  /** Approximate force incidents per year (the policy change moves it a little). */
  incidentsPerYear: number;
  /** Number of districts, D1..Dn; 8 by default. */
  districts?: number;
}

/** The generated data folder: path relative to the folder -> file content (UTF-8, LF). */
export type SampleFiles = Map<string, string>;

/** The committed sample: six years (2019-2024), a few thousand incidents, eight districts. */
export const defaultSampleOptions = {
  seed: 20250101,
  firstYear: 2019,
  years: 6,
  incidentsPerYear: 600,
  districts: 8,
} as const satisfies Required<SampleOptions>;

type CallType = keyof typeof CALL_TYPE;
type ContactOrigin = keyof typeof CONTACT_ORIGIN;
type ForceType = keyof typeof FORCE_TYPE;
type Injury = keyof typeof INJURY;
type Resistance = keyof typeof RESISTANCE;
type Weapon = keyof typeof WEAPON;
type Cell = string | number | null | undefined;

// ---------------------------------------------------------------------------------------------
// CSV output

const CHUNK_ROWS = 500;

/** Rows of one CSV file, formatted in chunks so a million rows never sit as arrays at once. */
class CsvFile {
  readonly columns: string[];
  private readonly parts: string[];
  private chunk: string[][] = [];
  private checked = false;
  rows = 0;

  constructor(private readonly table: TableName) {
    this.columns = Object.keys(TABLES[table].schema.shape);
    this.parts = [csvFormatRows([this.columns])];
  }

  add(rec: Record<string, Cell>): void {
    if (!this.checked) {
      // The schema is the column order; a column it no longer has is a bug here, not a silent drop.
      for (const k of Object.keys(rec)) {
        if (!this.columns.includes(k)) throw new Error(`sample: column ${k} is not in the ${this.table} schema`);
      }
      this.checked = true;
    }
    const row = new Array<string>(this.columns.length);
    for (let i = 0; i < this.columns.length; i++) {
      const v = rec[this.columns[i]];
      row[i] = v == null ? "" : typeof v === "number" ? String(v) : v;
    }
    this.chunk.push(row);
    this.rows++;
    if (this.chunk.length >= CHUNK_ROWS) this.flush();
  }

  private flush(): void {
    if (this.chunk.length) this.parts.push(csvFormatRows(this.chunk));
    this.chunk = [];
  }

  text(): string {
    this.flush();
    return this.parts.join("\n") + "\n";
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const yesNo = (b: boolean) => (b ? "yes" : "no");
const MS_PER_DAY = 86_400_000;
const epochDay = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / MS_PER_DAY;
const isoDay = (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A flag cell that is sometimes missing or unknown, as real exports are. */
function flagCell(rng: Rng, value: boolean, pUnknown: number, pMissing: number): string {
  const u = rng.next();
  if (u < pMissing) return "";
  if (u < pMissing + pUnknown) return "unknown";
  return yesNo(value);
}

/** A count from 1 up, weighted: countTable([60, 30]) draws 1 with weight 60 and 2 with weight 30. */
function countTable(weights: number[]): WeightedTable<number> {
  return weightedTable(weights.map((w, i) => [i + 1, w] as const));
}

function table<T extends string>(weights: Partial<Record<T, number>>): WeightedTable<T> {
  return weightedTable(Object.entries(weights) as [T, number][]);
}

// ---------------------------------------------------------------------------------------------
// The shape of the sample department

/** Call types counted in calls_for_service (every one but unknown). */
const CALL_TYPES: CallType[] = [
  "domestic_disturbance", "mental_health_crisis", "assault_fight", "disturbance", "property_crime", "weapons",
  "suspicious_person", "traffic", "warrant_service", "medical_emergency", "other",
];

/** Share of dispatched calls, relative. */
const CALL_SHARE: Record<CallType, number> = {
  domestic_disturbance: 7, mental_health_crisis: 7, assault_fight: 5, disturbance: 18, property_crime: 16, weapons: 2.5,
  suspicious_person: 12, traffic: 14, warrant_service: 1, medical_emergency: 5, other: 13.5, unknown: 0,
};

/** Summer peak of each call type: amplitude of the seasonal wave. */
const SEASONALITY: Record<CallType, number> = {
  domestic_disturbance: 0.1, mental_health_crisis: 0.05, assault_fight: 0.18, disturbance: 0.2, property_crime: 0.08,
  weapons: 0.12, suspicious_person: 0.1, traffic: -0.04, warrant_service: 0, medical_emergency: 0.04, other: 0.06, unknown: 0,
};

/** 911 calls per dispatched call, by type (some are handled without an officer, some come in non-emergency). */
const CALLS_911_RATIO: Record<CallType, number> = {
  domestic_disturbance: 0.86, mental_health_crisis: 0.78, assault_fight: 0.92, disturbance: 0.55, property_crime: 0.46,
  weapons: 0.96, suspicious_person: 0.6, traffic: 0.52, warrant_service: 0.04, medical_emergency: 1.4, other: 0.3, unknown: 0.5,
};

/** Force incidents per 1,000 dispatched calls of each type, relative. */
const FORCE_RATE: Record<CallType, number> = {
  domestic_disturbance: 14, mental_health_crisis: 13, assault_fight: 16, disturbance: 4, property_crime: 4.5, weapons: 22,
  suspicious_person: 5, traffic: 1.2, warrant_service: 30, medical_emergency: 0.8, other: 1, unknown: 0,
};

/** Dispatched calls per force incident, so rates land near 5 per 1,000 calls. */
const CALLS_PER_INCIDENT = 125;

const ORIGIN = table<ContactOrigin>({
  dispatched: 65, officer_initiated: 19, citizen_flagdown: 6, pre_planned: 8, other: 0.5, unknown: 1.5,
});

/** Call types of contacts that did not start with a dispatched call. */
const CALL_BY_ORIGIN: Partial<Record<ContactOrigin, WeightedTable<CallType>>> = {
  officer_initiated: table<CallType>({
    traffic: 35, suspicious_person: 25, property_crime: 10, disturbance: 8, weapons: 6, assault_fight: 6, warrant_service: 4, other: 5, unknown: 1,
  }),
  citizen_flagdown: table<CallType>({
    assault_fight: 30, disturbance: 20, property_crime: 18, suspicious_person: 10, mental_health_crisis: 8, weapons: 6, domestic_disturbance: 4, other: 4,
  }),
  pre_planned: table<CallType>({ warrant_service: 80, mental_health_crisis: 8, other: 12 }),
  other: table<CallType>({ disturbance: 20, assault_fight: 15, other: 35, property_crime: 15, unknown: 15 }),
  unknown: table<CallType>({ disturbance: 15, assault_fight: 15, other: 20, property_crime: 10, unknown: 40 }),
};

const CALL_LABEL_TABLE = Object.fromEntries(
  Object.entries(CALL_LABELS).map(([c, labels]) => [c, weightedTable(labels.map((l) => [l, l.weight] as const))]),
) as Record<CallType, WeightedTable<CallLabel>>;

const HOUR_WEIGHTS = [5.5, 5, 4.5, 3, 2, 1.5, 1.5, 2, 2.5, 3, 3.5, 3.8, 4, 4, 4.2, 4.6, 5, 5.2, 5.4, 5.6, 6, 6.2, 6.2, 6];
const WARRANT_HOUR_WEIGHTS = [0.5, 0.3, 0.2, 0.2, 0.5, 3, 8, 9, 7, 5, 4, 3, 2, 2, 2, 2, 1.5, 1, 1, 1, 0.8, 0.6, 0.5, 0.5];

const SUBJECTS_PER_INCIDENT = countTable([86, 11, 3]);
const OFFICERS_PER_INCIDENT = countTable([32, 40, 18, 7, 3]);

const SEX_TABLE = table<keyof typeof SEX>({ male: 79, female: 19, nonbinary: 0.4, unknown: 1.6 });
const SEX_DOMESTIC = table<keyof typeof SEX>({ male: 70, female: 28, nonbinary: 0.4, unknown: 1.6 });
const RACE_TABLE = table<keyof typeof RACE_ETHNICITY>({
  black: 37, white: 35, hispanic_latino: 19, asian: 3, american_indian_alaska_native: 1, middle_eastern_north_african: 1,
  native_hawaiian_pacific_islander: 0.3, multiracial: 2, other: 0.7, unknown: 1.5,
});

/** Resident shares by race or ethnicity, first year (they drift a little each year). */
const POPULATION_SHARE: Partial<Record<keyof typeof RACE_ETHNICITY, number>> = {
  white: 0.47, black: 0.23, hispanic_latino: 0.17, asian: 0.06, multiracial: 0.04, middle_eastern_north_african: 0.012,
  other: 0.01, american_indian_alaska_native: 0.006, native_hawaiian_pacific_islander: 0.002,
};

/** Probability a subject was confirmed armed, by call type. */
const ARMED: Record<CallType, number> = {
  domestic_disturbance: 0.12, mental_health_crisis: 0.22, assault_fight: 0.15, disturbance: 0.06, property_crime: 0.08,
  weapons: 0.5, suspicious_person: 0.1, traffic: 0.07, warrant_service: 0.1, medical_emergency: 0.04, other: 0.05, unknown: 0.08,
};
type ArmedWeapon = Exclude<Weapon, "none" | "unknown">;
const WEAPON_GENERIC = table<ArmedWeapon>({ knife: 40, firearm: 20, blunt_object: 25, other: 10, vehicle: 5 });
const WEAPON_BY_CALL: Partial<Record<CallType, WeightedTable<ArmedWeapon>>> = {
  weapons: table<ArmedWeapon>({ firearm: 55, knife: 30, blunt_object: 8, other: 7 }),
  mental_health_crisis: table<ArmedWeapon>({ knife: 65, blunt_object: 15, firearm: 10, other: 10 }),
  traffic: table<ArmedWeapon>({ vehicle: 50, firearm: 25, knife: 15, other: 10 }),
};

const IMPAIRED: Partial<Record<CallType, number>> = {
  assault_fight: 0.55, traffic: 0.5, disturbance: 0.5, mental_health_crisis: 0.25, medical_emergency: 0.6,
};

const RESISTANCE_BASE: Record<Resistance, number> = { none: 2, passive: 14, active: 56, aggressive: 24, deadly: 1.2, unknown: 2.8 };
const RESISTANCE_TABLES = {
  plain: table<Resistance>(RESISTANCE_BASE),
  crisis: table<Resistance>({ ...RESISTANCE_BASE, passive: 21 }),
  armed: table<Resistance>({ ...RESISTANCE_BASE, aggressive: 36, deadly: 10 }),
};
const RESISTANCE_SCORE: Record<Resistance, number> = { none: 0, passive: 0, active: 1, aggressive: 2, deadly: 3, unknown: 1 };

/** Force types by severity tier: 0 soft, 1 usual, 2 aggressive resistance, 3 deadly threat. */
const FORCE_BY_TIER: WeightedTable<ForceType>[] = [
  table<ForceType>({
    handcuffing_resisted: 30, escort: 25, joint_lock: 20, takedown: 10, pressure_point: 4, weapon_pointed: 2, strike: 1,
    ced: 1, oc_spray: 1, other: 1, unknown: 0.3,
  }),
  table<ForceType>({
    handcuffing_resisted: 24, takedown: 19, joint_lock: 14, escort: 11, pressure_point: 3, weapon_pointed: 5, strike: 6,
    kick: 1.2, oc_spray: 2.5, ced: 5, baton: 0.4, k9_bite: 0.3, impact_projectile: 0.1, neck_restraint: 0.02, other: 1, unknown: 0.3,
  }),
  table<ForceType>({
    handcuffing_resisted: 18, takedown: 20, joint_lock: 9, escort: 4, pressure_point: 2, weapon_pointed: 6, strike: 14,
    kick: 4, oc_spray: 5, ced: 11, baton: 1.2, k9_bite: 1.2, impact_projectile: 0.5, neck_restraint: 0.1, other: 1, unknown: 0.3,
  }),
  table<ForceType>({
    handcuffing_resisted: 10, takedown: 12, joint_lock: 3, escort: 1, weapon_pointed: 22, strike: 8, kick: 2, oc_spray: 3,
    ced: 16, baton: 1, k9_bite: 4, impact_projectile: 5, firearm_discharge: 4, neck_restraint: 0.3, other: 0.5,
  }),
];
const USES_BY_TIER = [
  countTable([60, 30, 8, 2]),
  countTable([45, 33, 15, 7]),
  countTable([30, 35, 22, 13]),
  countTable([25, 35, 25, 15]),
];

const FORCE_TYPE_RAW: Record<ForceType, WeightedTable<string>> = {
  officer_presence: table({ "OFFICER PRESENCE": 1 }),
  verbal_commands: table({ "VERBAL COMMANDS": 1 }),
  firearm_pointed: table({ "FIREARM POINTED": 5, "POINTING OF FIREARM": 3 }),
  weapon_pointed: table({ "CEW DISPLAYED": 2, "TASER POINTED": 1 }),
  escort: table({ "ESCORT HOLD": 3, "GUIDED MOVEMENT": 1 }),
  hold_grab_push: table({ "HOLD/GRAB": 3, "PUSH": 1, "BODY HOLD": 1 }),
  joint_lock: table({ "JOINT LOCK": 3, "WRISTLOCK": 2, "ARM BAR": 2 }),
  pressure_point: table({ "PRESSURE POINT": 1 }),
  handcuffing_resisted: table({ "HANDCUFFING - RESISTED": 3, "CUFFING AGAINST RESISTANCE": 2 }),
  strike: table({ "HAND STRIKE": 3, "CLOSED FIST STRIKE": 2, "KNEE STRIKE": 2, "ELBOW STRIKE": 1 }),
  kick: table({ "KICK": 1 }),
  takedown: table({ "TAKEDOWN": 5, "TAKE DOWN - TEAM": 2, "LEG SWEEP": 1 }),
  oc_spray: table({ "OC SPRAY": 4, "CHEMICAL AGENT": 1 }),
  ced: table({ "TASER DEPLOYMENT": 4, "CEW - PROBE": 3, "CEW - DRIVE STUN": 1 }),
  baton: table({ "BATON STRIKE": 3, "IMPACT WEAPON": 1 }),
  impact_projectile: table({ "BEANBAG ROUND": 2, "LESS LETHAL LAUNCHER": 1 }),
  k9_bite: table({ "K9 BITE": 1 }),
  firearm_discharge: table({ "FIREARM DISCHARGE": 2, "OIS": 1 }),
  neck_restraint: table({ "NECK RESTRAINT": 2, "VASCULAR NECK RESTRAINT": 1 }),
  firearm_discharge_animal: table({ "FIREARM DISCHARGE - ANIMAL": 2, "SHOT AT DOG": 1 }),
  firearm_discharge_unintentional: table({ "UNINTENTIONAL DISCHARGE": 2, "ACCIDENTAL DISCHARGE": 1 }),
  physical_unspecified: table({ "PHYSICAL FORCE": 1 }),
  other: table({ "OTHER": 2, "SPIT HOOD": 1, "LEG RESTRAINT": 1 }),
  unknown: table({ "NOT RECORDED": 1 }),
};

/**
 * Types the department records in more detail than the tiers above draw them: a share of weapons
 * pointed are firearms, a share of escorts are holds, grabs or pushes. Drawn from a stream of their
 * own (as are the discharges below), so the rest of the sample stays as it was.
 */
const SPLIT: Partial<Record<ForceType, [ForceType, number]>> = {
  weapon_pointed: ["firearm_pointed", 0.8],
  escort: ["hold_grab_push", 0.5],
};
/** Chance that an officer fired at an animal in an incident, by call type (else the default). */
const ANIMAL_DISCHARGE: Partial<Record<CallType, number>> & { default: number } = { warrant_service: 0.02, weapons: 0.004, domestic_disturbance: 0.003, default: 0.0008 };
/** Chance of an unintentional discharge in an incident. */
const UNINTENTIONAL_DISCHARGE = 0.0015;

/** Subject injury by highest continuum level reached (index 0: levels 1-3, 1: 4, 2: 5, 3: 6). */
const INJURY_BY_LEVEL: WeightedTable<Injury>[] = [
  table<Injury>({ none: 62, minor: 30, treated: 7, serious: 0.8, death: 0.02, unknown: 1.5 }),
  table<Injury>({ none: 45, minor: 38, treated: 14, serious: 2.5, death: 0.05, unknown: 1.5 }),
  table<Injury>({ none: 35, minor: 40, treated: 21, serious: 3.5, death: 0.15, unknown: 1.5 }),
  table<Injury>({ none: 25, minor: 15, treated: 20, serious: 28, death: 10, unknown: 2 }),
];
/** One step milder; death and unknown stay. */
const INJURY_DOWN: Record<Injury, Injury> = { none: "none", injured_unspecified: "injured_unspecified", minor: "none", treated: "minor", serious: "treated", death: "death", unknown: "unknown" };
const OFFICER_INJURY = table<Injury>({ none: 86, minor: 10, treated: 3.3, serious: 0.6, unknown: 0.1 });
const OFFICER_INJURY_ROUGH = table<Injury>({ none: 74, minor: 18, treated: 6.5, serious: 1.4, unknown: 0.1 });

const ARREST: Record<CallType, number> = {
  domestic_disturbance: 0.85, mental_health_crisis: 0.3, assault_fight: 0.85, disturbance: 0.7, property_crime: 0.85, weapons: 0.8,
  suspicious_person: 0.7, traffic: 0.75, warrant_service: 0.97, medical_emergency: 0.3, other: 0.65, unknown: 0.7,
};

const FINDING = table<keyof typeof REVIEW_FINDING>({ within_policy: 88, within_policy_training_issue: 8, out_of_policy: 3, unknown: 1 });
const FINDING_DEADLY = table<keyof typeof REVIEW_FINDING>({ within_policy: 75, within_policy_training_issue: 10, out_of_policy: 12, unknown: 3 });
const FINDING_NO_CAMERA = table<keyof typeof REVIEW_FINDING>({ within_policy: 78, within_policy_training_issue: 16, out_of_policy: 5, unknown: 1 });
const DISCIPLINE_OUT = table<keyof typeof DISCIPLINE>({
  counseling: 15, retraining: 20, written_reprimand: 25, suspension: 25, demotion: 2, termination: 5, resigned: 3, not_released: 5,
});
const DISCIPLINE_TRAINING = table<keyof typeof DISCIPLINE>({ retraining: 55, counseling: 30, none: 15 });
const REVIEW_LAG_DAYS: Record<keyof typeof REVIEW_BODY, number> = {
  supervisor: 20, force_review_board: 60, internal_affairs: 150, civilian_oversight: 180, other: 40, unknown: 40,
};

const COMPLAINTS_PER_INCIDENT = 0.25;
const COMPLAINT_SOURCE_TABLE = table<keyof typeof COMPLAINT_SOURCE>({
  resident: 62, anonymous: 12, internal: 18, oversight_body: 5, other: 2, unknown: 1,
});
const ALLEGATION_TABLE = table<keyof typeof ALLEGATION>({
  excessive_force: 22, improper_conduct: 25, discourtesy: 22, bias: 8, improper_search_arrest: 15, failure_to_report: 3, other: 4, unknown: 1,
});
const LINK_CHANCE: Partial<Record<keyof typeof ALLEGATION, number>> = { excessive_force: 0.75, failure_to_report: 0.5, improper_search_arrest: 0.2 };
const COMPLAINT_FINDING_BY: Partial<Record<keyof typeof ALLEGATION, WeightedTable<keyof typeof COMPLAINT_FINDING>>> = {
  excessive_force: table({ sustained: 8, not_sustained: 30, exonerated: 35, unfounded: 20, withdrawn: 6, unknown: 1 }),
  discourtesy: table({ sustained: 22, not_sustained: 38, exonerated: 8, unfounded: 22, withdrawn: 9, unknown: 1 }),
};
const COMPLAINT_FINDING_DEFAULT = table<keyof typeof COMPLAINT_FINDING>({
  sustained: 15, not_sustained: 35, exonerated: 18, unfounded: 24, withdrawn: 7, unknown: 1,
});
const DISCIPLINE_SUSTAINED = table<keyof typeof DISCIPLINE>({
  counseling: 20, retraining: 15, written_reprimand: 30, suspension: 20, demotion: 2, termination: 4, resigned: 4, not_released: 5,
});

const STREETS = [
  "Alder", "Birch", "Dogwood", "Elm", "Fir", "Hawthorn", "Juniper", "Larch", "Linden", "Maple", "Poplar", "Redbud",
  "Spruce", "Sycamore", "Tamarack", "Walnut", "Willow", "Heron", "Kestrel", "Osprey", "Plover", "Sparrow", "Quarry", "Ferry",
];
const STREET_SUFFIXES = ["Ave", "St", "Rd", "Blvd", "Dr", "Ln", "Way", "Pkwy"];

/**
 * Invented map centre of Riverton, in open grassland far from any town, so that the sample's
 * made-up district outlines (boundaries/districts.geojson) cover no real place; district
 * centres sit around it.
 */
const CENTRE = { lat: 42.3512, lon: -100.1534 };

// ---------------------------------------------------------------------------------------------
// The department: districts, calls, roster

interface District {
  code: string;
  /** Share of calls, relative. */
  size: number;
  /** Force per call, relative. */
  rate: number;
  lat: number;
  lon: number;
}

function makeDistricts(rng: Rng, count: number): District[] {
  return sampleDistricts(count).map((d, i) => {
    const angle = (2 * Math.PI * i) / count;
    const r = i === 0 ? 0 : 0.055;
    return {
      code: d.code,
      size: 0.6 + 0.9 * rng.next(),
      rate: 0.75 + 0.55 * rng.next(),
      lat: CENTRE.lat + r * Math.sin(angle),
      lon: CENTRE.lon + r * 1.3 * Math.cos(angle),
    };
  });
}

/** Dispatched calls per [month][call type][district] of one year. */
type CallCounts = Int32Array;
const cellIndex = (m: number, c: number, d: number, nd: number) => (m * CALL_TYPES.length + c) * nd + d;

function seasonal(month: number, amplitude: number): number {
  // Peak in July (month 7), trough in January.
  return 1 + amplitude * Math.cos((2 * Math.PI * (month - 7)) / 12);
}

function yearCallFactor(year: number, firstYear: number): number {
  return Math.pow(1.015, year - firstYear) * (year === 2020 ? 0.93 : 1);
}

interface Officer {
  badge: string;
  hire: number;
  /** First year no longer serving. */
  leave: number;
  /** First year crisis-intervention trained. */
  cit: number;
  propensity: number;
  /** Sex and race or ethnicity as the department records them ("" where not recorded), and year of birth (0 where not recorded). */
  sex: string;
  race: string;
  born: number;
}

/** Sworn officers: mostly men, and a different mix of race and ethnicity from the town's. */
const OFFICER_SEX = table<keyof typeof SEX>({ male: 84, female: 15, unknown: 1 });
const OFFICER_RACE = table<keyof typeof RACE_ETHNICITY>({ white: 56, black: 22, hispanic_latino: 15, asian: 4, multiracial: 1.5, other: 1, american_indian_alaska_native: 0.5 });

interface Roster {
  officers: Officer[];
  /** Per year: indices of officers serving and the weighted table of who uses force. */
  byYear: Map<number, { serving: number[]; table: WeightedTable<number>; cit: number; hours: number }>;
}

function makeRoster(rng: Rng, firstYear: number, years: number, policyYear: number): Roster {
  const officers: Officer[] = [];
  const initial: number[] = [];
  for (let i = 0; i < 700; i++) initial.push(Math.floor(Math.pow(rng.next(), 1.5) * 30));
  initial.sort((a, b) => b - a); // most senior first, so badge numbers rise with hire date
  let badge = 1000;
  // Demographics come from a stream of their own, so that adding them moved nothing else.
  const demo = rng.fork("demographics");
  const hire = (year: number) => {
    badge += rng.int(1, 4);
    const sex = demo.chance(0.02) ? "" : demo.weighted(OFFICER_SEX);
    const race = demo.chance(0.03) ? "" : demo.weighted(OFFICER_RACE);
    const born = demo.chance(0.04) ? 0 : year - demo.int(21, 38);
    officers.push({ badge: `B${badge}`, hire: year, leave: Infinity, cit: Infinity, propensity: rng.logNormal(1, 0.5), sex, race, born });
  };
  for (const yos of initial) hire(firstYear - yos);
  const byYear: Roster["byYear"] = new Map();
  for (let y = firstYear; y < firstYear + years; y++) {
    if (y > firstYear) {
      for (const o of officers) {
        const yos = y - 1 - o.hire;
        if (o.hire < y && o.leave === Infinity && rng.chance(yos >= 28 ? 0.5 : Math.min(0.25, 0.04 + 0.003 * yos))) o.leave = y;
      }
      const target = 700 + 4 * (y - firstYear) + rng.int(-12, 12);
      let serving = officers.filter((o) => o.leave > y).length;
      while (serving < target) {
        hire(y);
        serving++;
      }
    }
    const serving = officers.map((_, i) => i).filter((i) => officers[i].hire <= y && officers[i].leave > y);
    const citShare = y < policyYear ? 0.16 + 0.03 * (y - firstYear) : 0.16 + 0.03 * (policyYear - firstYear) + 0.08 * (y - policyYear + 1);
    const citTarget = Math.round(serving.length * Math.min(0.75, citShare));
    let cit = serving.filter((i) => officers[i].cit <= y).length;
    const untrained = rng.shuffle(serving.filter((i) => officers[i].cit > y));
    for (const i of untrained) {
      if (cit >= citTarget) break;
      officers[i].cit = y;
      cit++;
    }
    const table = weightedTable(serving.map((i) => [i, officers[i].propensity * (y - officers[i].hire < 5 ? 1.3 : 1)] as const));
    const perOfficer = y < policyYear ? 8 : 24;
    const hours = Math.round(serving.length * perOfficer * (0.93 + 0.06 * rng.next()));
    byYear.set(y, { serving, table, cit, hours });
  }
  return { officers, byYear };
}

// ---------------------------------------------------------------------------------------------
// The generator

/** Everything the generator keeps between stages for one run. */
interface Run {
  rng: Rng;
  firstYear: number;
  lastYear: number;
  policyYear: number;
  incidentsPerYear: number;
  districts: District[];
  calls: Map<number, CallCounts>;
  roster: Roster;
  /** Day after which nothing had been reviewed or closed yet: the data extract date. */
  extractDay: number;
  /** Per year: epoch day of each incident, in id order (for linking complaints). */
  incidentDays: Map<number, Int32Array>;
}

/** Generates the whole sample data folder. */
export function generateSample(options: SampleOptions): SampleFiles {
  const { seed, firstYear, years, incidentsPerYear } = options;
  const districtCount = options.districts ?? defaultSampleOptions.districts;
  if (!(years >= 1 && districtCount >= 1 && districtCount <= 200 && incidentsPerYear >= 0)) {
    throw new Error("sample: years must be at least 1 and districts from 1 to 200");
  }
  if (incidentsPerYear * 1.2 >= 1_000_000) throw new Error("sample: at most about 800,000 incidents per year (six-digit ids)");
  const rng = new Rng(seed, "riverton");
  const lastYear = firstYear + years - 1;
  const run: Run = {
    rng,
    firstYear,
    lastYear,
    policyYear: POLICY_CHANGE.year,
    incidentsPerYear,
    districts: makeDistricts(rng.fork("districts"), districtCount),
    calls: new Map(),
    roster: makeRoster(rng.fork("roster"), firstYear, years, POLICY_CHANGE.year),
    extractDay: epochDay(lastYear + 1, 1, 15),
    incidentDays: new Map(),
  };

  const files: SampleFiles = new Map();
  const population = populationFile(run);
  files.set("config.json", sampleConfigJson({ districts: districtCount, lastYear, population: population.lastTotal }));
  for (const [path, text] of samplePolicyFiles()) files.set(path, text);
  const names = sampleDistricts(districtCount);
  files.set("boundaries/districts.geojson", sampleBoundaries(rng.fork("boundaries"), run.districts.map((d, i) => ({ ...d, name: names[i].name })), CENTRE));

  const callsFiles = new Map<number, CsvFile>();
  const arrestFiles = new Map<number, CsvFile>();
  for (let y = firstYear; y <= lastYear; y++) {
    const [calls, arrests] = callsAndArrests(run, y);
    callsFiles.set(y, calls);
    arrestFiles.set(y, arrests);
  }

  const out: Record<"incidents" | "subjects" | "officers" | "force_uses", Map<number, string>> = {
    incidents: new Map(), subjects: new Map(), officers: new Map(), force_uses: new Map(),
  };
  for (let y = firstYear; y <= lastYear; y++) {
    const year = incidentsOfYear(run, y);
    for (const name of ["incidents", "subjects", "officers", "force_uses"] as const) out[name].set(y, year[name].text());
  }
  const complaints = complaintsFiles(run);

  for (const name of ["incidents", "subjects", "officers", "force_uses"] as const) {
    for (const [y, text] of out[name]) files.set(`${name}/${y}.csv`, text);
  }
  for (const [y, f] of callsFiles) files.set(`calls_for_service/${y}.csv`, f.text());
  for (const [y, f] of arrestFiles) files.set(`arrests/${y}.csv`, f.text());
  files.set("population/population.csv", population.file.text());
  for (const [y, f] of complaints) files.set(`complaints/${y}.csv`, f.text());
  files.set("training/training.csv", trainingFile(run).text());
  return files;
}

function callsAndArrests(run: Run, y: number): [CsvFile, CsvFile] {
  const rng = run.rng.fork(`calls-${y}`);
  const nd = run.districts.length;
  const counts: CallCounts = new Int32Array(12 * CALL_TYPES.length * nd);
  const totalShare = CALL_TYPES.reduce((s, c) => s + CALL_SHARE[c], 0);
  const totalSize = run.districts.reduce((s, d) => s + d.size, 0);
  const yearCalls = run.incidentsPerYear * CALLS_PER_INCIDENT * yearCallFactor(y, run.firstYear);
  const calls = new CsvFile("calls_for_service");
  const arrests = new CsvFile("arrests");
  for (let m = 1; m <= 12; m++) {
    const period = `${y}-${pad(m, 2)}`;
    const monthShare = daysIn(y, m) / (daysIn(y, 2) === 29 ? 366 : 365);
    const districtCalls = new Float64Array(nd);
    for (let c = 0; c < CALL_TYPES.length; c++) {
      const ct = CALL_TYPES[c];
      for (let d = 0; d < nd; d++) {
        const district = run.districts[d];
        const expected = yearCalls * monthShare * seasonal(m, SEASONALITY[ct]) * (CALL_SHARE[ct] / totalShare) * (district.size / totalSize);
        const dispatched = rng.count(expected * (1 + 0.04 * rng.normal()));
        counts[cellIndex(m - 1, c, d, nd)] = dispatched;
        districtCalls[d] += dispatched;
        const c911 = Math.max(0, Math.round(dispatched * CALLS_911_RATIO[ct] * (1 + 0.03 * rng.normal())));
        calls.add({ period, call_type: ct, district: district.code, calls_911: c911, calls_dispatched: dispatched });
      }
    }
    for (let d = 0; d < nd; d++) {
      arrests.add({ period, district: run.districts[d].code, arrests: rng.count(districtCalls[d] * 0.19 * Math.sqrt(run.districts[d].rate)) });
    }
  }
  run.calls.set(y, counts);
  return [calls, arrests];
}

/** Lightweight incident skeletons of one year, in date order. */
interface Skeleton {
  month: Uint8Array;
  day: Uint8Array;
  minute: Int16Array;
  district: Uint8Array;
  callType: Uint8Array; // index into ALL_CALL_TYPES
  origin: Uint8Array; // index into ORIGIN.values
  order: Int32Array;
}

const ALL_CALL_TYPES: CallType[] = [...CALL_TYPES, "unknown"];
const CALL_INDEX = new Map(ALL_CALL_TYPES.map((c, i) => [c, i]));
const HOUR_TABLE = weightedTable(HOUR_WEIGHTS.map((w, h) => [h, w] as const));
const WARRANT_HOUR_TABLE = weightedTable(WARRANT_HOUR_WEIGHTS.map((w, h) => [h, w] as const));

function incidentCount(run: Run, rng: Rng, y: number): number {
  const p = run.policyYear;
  const factor = (y < p ? 1.06 : 0.92 - 0.015 * (y - p)) * (y === 2020 ? 0.95 : 1);
  return Math.max(0, Math.round(run.incidentsPerYear * factor * (1 + 0.03 * rng.normal())));
}

function skeletons(run: Run, rng: Rng, y: number, n: number): Skeleton {
  const nd = run.districts.length;
  const counts = run.calls.get(y)!;
  const post = y >= run.policyYear;
  // Dispatched incidents fall on (month, call type, district) cells in proportion to calls x rate.
  const cum = new Float64Array(counts.length);
  let total = 0;
  for (let m = 0; m < 12; m++) {
    for (let c = 0; c < CALL_TYPES.length; c++) {
      const ct = CALL_TYPES[c];
      const policy = post ? (ct === "mental_health_crisis" ? 0.7 : ct === "domestic_disturbance" ? 0.9 : 1) : 1;
      for (let d = 0; d < nd; d++) {
        const i = cellIndex(m, c, d, nd);
        total += counts[i] * FORCE_RATE[ct] * run.districts[d].rate * policy;
        cum[i] = total;
      }
    }
  }
  const monthTable = weightedTable(Array.from({ length: 12 }, (_, m) => [m, daysIn(y, m + 1) * seasonal(m + 1, 0.1)] as const));
  const districtTable = weightedTable(run.districts.map((d, i) => [i, d.size * d.rate] as const));
  const s: Skeleton = {
    month: new Uint8Array(n), day: new Uint8Array(n), minute: new Int16Array(n), district: new Uint8Array(n),
    callType: new Uint8Array(n), origin: new Uint8Array(n), order: new Int32Array(n),
  };
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = rng.weightedIndex(ORIGIN.cumulative, ORIGIN.total);
    const origin = ORIGIN.values[o];
    let m: number, c: number, d: number;
    if (origin === "dispatched" && total > 0) {
      const cell = rng.weightedIndex(cum, total);
      d = cell % nd;
      c = Math.floor(cell / nd) % CALL_TYPES.length;
      m = Math.floor(cell / nd / CALL_TYPES.length);
    } else {
      m = rng.weighted(monthTable);
      d = rng.weighted(districtTable);
      c = CALL_INDEX.get(rng.weighted(CALL_BY_ORIGIN[origin] ?? CALL_BY_ORIGIN.unknown!))!;
    }
    const day = rng.int(1, daysIn(y, m + 1));
    const hours = ALL_CALL_TYPES[c] === "warrant_service" && origin === "pre_planned" ? WARRANT_HOUR_TABLE : HOUR_TABLE;
    const minute = rng.weighted(hours) * 60 + rng.int(0, 59);
    s.month[i] = m + 1;
    s.day[i] = day;
    s.minute[i] = minute;
    s.district[i] = d;
    s.callType[i] = c;
    s.origin[i] = o;
    // Sort key: time of year, then draw order (below 2^24), exact in a double.
    keys[i] = (((m * 32 + day) * 1440 + minute) * 16_777_216) + i;
  }
  keys.sort();
  for (let i = 0; i < n; i++) s.order[i] = keys[i] % 16_777_216;
  return s;
}

interface YearFiles {
  incidents: CsvFile;
  subjects: CsvFile;
  officers: CsvFile;
  force_uses: CsvFile;
}

function maxLevelOf(types: readonly ForceType[]): number {
  let level = 0;
  for (const t of types) level = Math.max(level, FORCE_TYPE_LEVEL[t] ?? 0);
  return level;
}

function agencyLevel(t: ForceType, injury: Injury | null): string {
  const hurt = injury === "treated";
  if (t === "firearm_discharge" || t === "firearm_discharge_animal" || t === "firearm_discharge_unintentional" || t === "neck_restraint" || injury === "serious" || injury === "death") return "L4";
  if (t === "k9_bite") return "L3";
  if (t === "ced" || t === "oc_spray" || t === "baton" || t === "impact_projectile" || t === "strike" || t === "kick") return hurt ? "L3" : "L2";
  if (t === "takedown") return injury === "none" ? "L1" : "L2";
  return "L1";
}

/** The id of the incident at position seq (0-based, date order) of year y. */
const incidentIdOf = (y: number, seq: number) => `RPD-${y}-${pad(seq + 1, 6)}`;

function incidentsOfYear(run: Run, y: number): YearFiles {
  const rng = run.rng.fork(`incidents-${y}`);
  const kinds = run.rng.fork(`force-kinds-${y}`);
  const n = incidentCount(run, rng, y);
  const sk = skeletons(run, rng, y, n);
  const files: YearFiles = {
    incidents: new CsvFile("incidents"),
    subjects: new CsvFile("subjects"),
    officers: new CsvFile("officers"),
    force_uses: new CsvFile("force_uses"),
  };
  const roster = run.roster.byYear.get(y)!;
  const officers = run.roster.officers;
  const post = y >= run.policyYear;
  const sincePolicy = y - run.policyYear;
  const yy = pad(y % 100, 2);
  const days = new Int32Array(n);
  let caseNo = 0;
  const yearDays = daysIn(y, 2) === 29 ? 366 : 365;
  const firstDay = epochDay(y, 1, 1);

  for (let seq = 0; seq < n; seq++) {
    const i = sk.order[seq];
    const month = sk.month[i];
    const dayOfMonth = sk.day[i];
    const minute = sk.minute[i];
    const d = sk.district[i];
    const district = run.districts[d];
    const ct = ALL_CALL_TYPES[sk.callType[i]];
    const origin = ORIGIN.values[sk.origin[i]];
    const isMH = ct === "mental_health_crisis";
    const incidentId = incidentIdOf(y, seq);
    const day = epochDay(y, month, dayOfMonth);
    days[seq] = day;
    const fraction = (day - firstDay + minute / 1440) / yearDays;
    caseNo = Math.max(caseNo + 1, Math.floor(fraction * 8_900_000) + rng.int(0, 40));

    // Who came, and how the encounter went before force.
    const coresponderP = isMH
      ? post ? Math.min(0.7, 0.38 + 0.06 * sincePolicy) : d === 0 ? 0.3 : 0.02
      : post && (ct === "disturbance" || ct === "medical_emergency") ? 0.03 : 0.003;
    const coresponder = origin !== "pre_planned" && rng.chance(coresponderP);

    // Subjects first: the force used depends on what they did.
    const nSubjects = rng.weighted(SUBJECTS_PER_INCIDENT);
    const subjectFacts: SubjectFacts[] = [];
    const subjectRows: Record<string, Cell>[] = [];
    const tiers: number[] = [];
    for (let j = 0; j < nSubjects; j++) {
      const armed = rng.chance(ARMED[ct]);
      const weapon: ArmedWeapon | null = armed ? rng.weighted(WEAPON_BY_CALL[ct] ?? WEAPON_GENERIC) : null;
      const mentalHealth = rng.chance(isMH ? 0.82 : ct === "domestic_disturbance" ? 0.12 : 0.07);
      const impaired = rng.chance(IMPAIRED[ct] ?? 0.35);
      let resistance = rng.weighted(
        weapon === "firearm" || weapon === "knife" || weapon === "vehicle" ? RESISTANCE_TABLES.armed
          : mentalHealth ? RESISTANCE_TABLES.crisis : RESISTANCE_TABLES.plain,
      );
      if (resistance === "deadly" && !weapon && rng.chance(0.8)) resistance = "aggressive";
      const perceivedArmed = armed ? rng.chance(0.92) : rng.chance(ARMED[ct] * 0.6);
      subjectFacts.push({
        resistance, weapon, perceivedArmed, mentalHealth, impaired,
        injury: null, medical: false, hospitalized: false, forceTypes: [],
      });
      const weapons: Weapon[] = weapon ? [weapon] : [];
      if (weapon && rng.chance(0.05)) {
        const second = rng.weighted(WEAPON_GENERIC);
        if (second !== weapon) weapons.push(second);
      }
      tiers.push(Math.min(3, RESISTANCE_SCORE[resistance] + (weapon === "firearm" && RESISTANCE_SCORE[resistance] >= 2 ? 1 : 0)));
      subjectRows.push({
        subject_id: `${incidentId}-S${j + 1}`,
        incident_id: incidentId,
        perceived_armed: flagCell(rng, perceivedArmed, 0.01, 0.005),
        confirmed_armed: flagCell(rng, armed, 0.005, 0.005),
        weapons: armed ? weapons.join(LIST_DELIMITER) : rng.chance(0.85) ? "none" : "",
        resistance,
        mental_health_crisis: flagCell(rng, mentalHealth, 0.02, 0.01),
        impaired: flagCell(rng, impaired, 0.04, 0.01),
      });
    }
    const main = subjectFacts[0];
    const anyCrisis = subjectFacts.some((s) => s.mentalHealth);

    const sizeWanted = rng.weighted(OFFICERS_PER_INCIDENT);
    const crisisBase = isMH || anyCrisis ? (post ? 0.6 : 0.35) : 0.08;
    const deescP = Math.min(0.93, post ? 0.7 + 0.04 * sincePolicy : 0.42 + 0.02 * (y - run.firstYear));

    // Officers who used force: distinct, drawn by propensity.
    const chosen: number[] = [];
    for (let tries = 0; chosen.length < sizeWanted && tries < sizeWanted * 4; tries++) {
      const o = rng.weighted(roster.table);
      if (!chosen.includes(o)) chosen.push(o);
    }
    const crisisOfficer = chosen.some((o) => officers[o].cit <= y) || rng.chance(crisisBase);
    const violent = main.resistance === "aggressive" || main.resistance === "deadly";
    const deescalation = rng.chance(Math.max(0.05, deescP + (crisisOfficer || coresponder ? 0.12 : 0) - (violent ? 0.25 : 0)));

    // Force used on each subject, lowered where crisis response and de-escalation worked.
    const forceRows: { subject: number; type: ForceType }[] = [];
    for (let j = 0; j < nSubjects; j++) {
      const s = subjectFacts[j];
      let tier = tiers[j];
      if (coresponder && s.mentalHealth) tier -= rng.chance(0.8) ? (rng.chance(0.3) ? 2 : 1) : 0;
      if (crisisOfficer && s.mentalHealth && rng.chance(0.3)) tier--;
      if (deescalation && rng.chance(0.12)) tier--;
      tier = Math.max(0, tier);
      const uses = rng.weighted(USES_BY_TIER[tier]);
      for (let k = 0, tries = 0; k < uses && tries < uses * 4; tries++) {
        const t = rng.weighted(FORCE_BY_TIER[tier]);
        if (s.forceTypes.includes(t)) continue;
        s.forceTypes.push(t);
        forceRows.push({ subject: j, type: t });
        k++;
      }
      // The finer types (same level as the type drawn, so injuries and levels are unchanged).
      for (let k = 0; k < s.forceTypes.length; k++) {
        const split = SPLIT[s.forceTypes[k]];
        if (split && kinds.chance(split[1])) {
          const row = forceRows.find((r) => r.subject === j && r.type === s.forceTypes[k])!;
          row.type = s.forceTypes[k] = split[0];
        }
      }
      // Injury follows the highest level reached.
      const level = maxLevelOf(s.forceTypes);
      const byLevel = s.forceTypes.includes("firearm_discharge") || s.forceTypes.includes("neck_restraint") ? 3 : level <= 3 ? 0 : level - 3;
      let injury = rng.weighted(INJURY_BY_LEVEL[byLevel]);
      // A clinician or crisis-trained officer on scene: fewer and milder injuries on people in crisis.
      const milder = s.mentalHealth ? (coresponder ? 0.45 : crisisOfficer ? 0.2 : 0) : 0;
      if (milder > 0 && rng.chance(milder)) injury = INJURY_DOWN[injury];
      s.injury = injury;
      s.medical =
        injury === "treated" || injury === "serious" || injury === "death" ? true : injury === "minor" ? rng.chance(0.45) : injury === "none" ? rng.chance(0.06) : false;
      s.hospitalized = injury === "serious" ? rng.chance(0.9) : injury === "death" ? rng.chance(0.6) : injury === "treated" ? rng.chance(0.12) : false;
    }
    const officerCount = Math.min(chosen.length, forceRows.length);
    chosen.length = officerCount;
    // Now and then an officer fires at an animal, or a firearm goes off unintentionally: force
    // uses with no subject, which carry no continuum level.
    const discharges: ForceType[] = [];
    if (kinds.chance(ANIMAL_DISCHARGE[ct] ?? ANIMAL_DISCHARGE.default)) discharges.push("firearm_discharge_animal");
    if (kinds.chance(UNINTENTIONAL_DISCHARGE)) discharges.push("firearm_discharge_unintentional");

    const arrest = main.injury !== "death" && rng.chance(ARREST[ct] * (coresponder ? 0.7 : 1));
    const bwc = rng.chance(Math.min(0.97, 0.72 + 0.045 * (y - run.firstYear)));
    const bwcCell = flagCell(rng, bwc, y - run.firstYear < 2 ? 0.03 : 0.01, 0.015);

    // Subjects' rows, now that injuries are known.
    for (let j = 0; j < nSubjects; j++) {
      const s = subjectFacts[j];
      const row = subjectRows[j];
      const u = rng.next();
      if (u < 0.02) {
        row.age_band = rng.chance(0.8) ? ageBand(rng.int(16, 60)) : "unknown";
      } else if (u >= 0.04) {
        const mean = isMH ? 36 : ct === "domestic_disturbance" ? 33 : 30;
        row.age = Math.round(Math.min(85, Math.max(12, rng.normal(mean, 11) + (rng.chance(0.1) ? rng.uniform(0, 25) : 0))));
      }
      row.sex = rng.chance(0.005) ? "" : rng.weighted(ct === "domestic_disturbance" ? SEX_DOMESTIC : SEX_TABLE);
      row.race_ethnicity = rng.chance(0.02) ? "" : rng.weighted(RACE_TABLE);
      row.injury = rng.chance(0.005) ? "" : s.injury;
      const unknownInjury = s.injury === "unknown";
      row.medical_treatment = unknownInjury ? "unknown" : flagCell(rng, s.medical, 0.005, 0.01);
      row.hospitalized = unknownInjury ? "unknown" : flagCell(rng, s.hospitalized, 0.005, 0.01);
      files.subjects.add(row);
    }

    // Officers' rows.
    let officerInjured = false;
    for (let k = 0; k < officerCount; k++) {
      const o = officers[chosen[k]];
      const injury = rng.weighted(violent ? OFFICER_INJURY_ROUGH : OFFICER_INJURY);
      if (injury !== "none" && injury !== "unknown") officerInjured = true;
      files.officers.add({
        officer_id: `${incidentId}-O${k + 1}`,
        incident_id: incidentId,
        badge_number: o.badge,
        age: o.born === 0 ? "" : y - o.born,
        sex: o.sex,
        race_ethnicity: o.race,
        years_of_service: rng.chance(0.03) ? "" : y - o.hire,
        injury,
      });
    }

    // Force uses: the first ones go to each officer in turn, the rest to any of them.
    forceRows.forEach((f, k) => {
      const officerIndex = k < officerCount ? k : rng.int(0, officerCount - 1);
      const s = subjectFacts[f.subject];
      files.force_uses.add({
        incident_id: incidentId,
        subject_id: `${incidentId}-S${f.subject + 1}`,
        officer_id: k >= officerCount && rng.chance(0.01) ? "" : `${incidentId}-O${officerIndex + 1}`,
        force_type: f.type,
        force_type_raw: rng.chance(0.01) ? "" : rng.weighted(FORCE_TYPE_RAW[f.type]),
        agency_level: rng.chance(0.03) ? "" : agencyLevel(f.type, s.injury),
      });
    });
    for (const t of discharges) {
      files.force_uses.add({
        incident_id: incidentId,
        subject_id: "",
        officer_id: `${incidentId}-O${kinds.int(1, officerCount)}`,
        force_type: t,
        force_type_raw: kinds.weighted(FORCE_TYPE_RAW[t]),
        agency_level: agencyLevel(t, null),
      });
    }

    // Review: complete unless still under way at the extract date.
    const maxLevel = Math.max(...subjectFacts.map((s) => maxLevelOf(s.forceTypes)));
    const worstInjury = Math.max(...subjectFacts.map((s) => INJURY_ORDER.indexOf(s.injury as Injury)));
    const review = reviewOf(rng, run, { day, maxLevel, worstInjury, bwc, post, deescalation, violent });

    const address = rng.chance(0.6)
      ? `${rng.int(1, 99) * 100} block of ${rng.pick(STREETS)} ${rng.pick(STREET_SUFFIXES)}`
      : "";
    const located = address !== "" || rng.chance(0.5);
    const callLabel = origin === "officer_initiated" && ct === "traffic" ? TRAFFIC_STOP_LABEL : rng.weighted(CALL_LABEL_TABLE[ct]);
    const narrative = rng.chance(0.05)
      ? ""
      : writeSummary(rng, {
          callType: ct, callLabel, contactOrigin: origin, district: d + 1, officersCount: officerCount, subjects: subjectFacts,
          deescalation, crisisOfficer, coresponder, bwc: bwcCell === "yes" ? true : bwcCell === "no" ? false : null,
          arrest, officerInjured,
        });
    const summary = [narrative, ...(narrative ? discharges.map((t) => DISCHARGE_SENTENCE[t as keyof typeof DISCHARGE_SENTENCE]) : [])].join(" ").trim();
    files.incidents.add({
      incident_id: incidentId,
      case_number: `${yy}-${pad(caseNo, 7)}`,
      date: `${y}-${pad(month, 2)}-${pad(dayOfMonth, 2)}`,
      time: rng.chance(0.03) ? "" : `${pad(Math.floor(minute / 60), 2)}:${pad(minute % 60, 2)}`,
      district: district.code,
      beat: `${d + 1}${"ABCD"[rng.int(0, 3)]}`,
      address,
      latitude: located ? (district.lat + rng.uniform(-0.025, 0.025)).toFixed(5) : "",
      longitude: located ? (district.lon + rng.uniform(-0.03, 0.03)).toFixed(5) : "",
      contact_origin: origin,
      call_type: ct,
      call_type_raw: callLabel.raw,
      officers_count: officerCount,
      arrest_made: flagCell(rng, arrest, 0.01, 0.01),
      bwc_activated: bwcCell,
      deescalation_attempted: flagCell(rng, deescalation, post ? 0.01 : 0.03, 0.02),
      crisis_trained_officer: flagCell(rng, crisisOfficer, 0.01, 0.01),
      coresponder_present: flagCell(rng, coresponder, 0.005, 0.01),
      review_status: review.status,
      review_body: review.body,
      review_finding: review.finding,
      discipline: review.discipline,
      summary,
    });
  }
  run.incidentDays.set(y, days);
  return files;
}

interface ReviewFacts {
  day: number;
  maxLevel: number;
  worstInjury: number;
  bwc: boolean;
  post: boolean;
  deescalation: boolean;
  violent: boolean;
}

function reviewOf(rng: Rng, run: Run, f: ReviewFacts): { status: string; body: string; finding: string; discipline: string } {
  if (rng.chance(0.005)) return { status: "unknown", body: "", finding: "unknown", discipline: "" };
  const serious = f.maxLevel >= 6 || f.worstInjury >= INJURY_ORDER.indexOf("serious");
  let body: keyof typeof REVIEW_BODY;
  if (serious) body = rng.weighted(table<keyof typeof REVIEW_BODY>({ internal_affairs: 60, force_review_board: 25, civilian_oversight: 15 }));
  else if (f.maxLevel === 5) body = rng.chance(f.post ? 0.08 : 0.02) ? "civilian_oversight" : rng.chance(0.88) ? "force_review_board" : rng.chance(0.6) ? "internal_affairs" : "supervisor";
  else if (f.maxLevel === 4) body = rng.chance(0.75) ? "supervisor" : "force_review_board";
  else body = rng.chance(0.95) ? "supervisor" : "force_review_board";
  if (rng.chance(0.004)) body = "other";

  let finding = rng.weighted(f.maxLevel >= 6 ? FINDING_DEADLY : !f.bwc ? FINDING_NO_CAMERA : FINDING);
  if (finding === "within_policy" && f.post && !f.deescalation && !f.violent && rng.chance(0.05)) finding = "within_policy_training_issue";
  const lag = rng.logNormal(REVIEW_LAG_DAYS[body], 0.6) * (finding === "out_of_policy" ? 1.8 : 1);
  if (f.day + lag > run.extractDay) {
    const started = run.extractDay - f.day > 30 || rng.chance(0.5);
    return started
      ? { status: "in_progress", body, finding: "pending", discipline: "" }
      : { status: "not_started", body: "", finding: "pending", discipline: "" };
  }
  const discipline =
    finding === "out_of_policy" ? rng.weighted(DISCIPLINE_OUT) : finding === "within_policy_training_issue" ? rng.weighted(DISCIPLINE_TRAINING) : "";
  return { status: "complete", body: rng.chance(0.005) ? "" : body, finding, discipline };
}

function complaintsFiles(run: Run): Map<number, CsvFile> {
  const files = new Map<number, CsvFile>();
  for (let y = run.firstYear; y <= run.lastYear; y++) {
    const rng = run.rng.fork(`complaints-${y}`);
    const file = new CsvFile("complaints");
    const n = rng.count(run.incidentsPerYear * COMPLAINTS_PER_INCIDENT * (y >= run.policyYear ? 0.9 : 1));
    const first = epochDay(y, 1, 1);
    const length = epochDay(y + 1, 1, 1) - first;
    const received = Int32Array.from({ length: n }, () => first + rng.int(0, length - 1)).sort();
    const incidentDays = run.incidentDays.get(y)!;
    const width = Math.max(4, String(n).length);
    for (let k = 0; k < n; k++) {
      const day = received[k];
      const allegation = rng.weighted(ALLEGATION_TABLE);
      const source = rng.weighted(COMPLAINT_SOURCE_TABLE);
      let incidentId = "";
      if (rng.chance(LINK_CHANCE[allegation] ?? 0.08)) {
        // A complaint follows the incident, usually within a few months.
        const hi = upperBound(incidentDays, day);
        const lo = upperBound(incidentDays, day - 120);
        if (hi > lo) incidentId = incidentIdOf(y, rng.int(lo, hi - 1));
      }
      let finding = rng.weighted(COMPLAINT_FINDING_BY[allegation] ?? COMPLAINT_FINDING_DEFAULT);
      const days = Math.max(1, Math.round(finding === "withdrawn" ? rng.logNormal(25, 0.5) : rng.logNormal(70, 0.6) * (allegation === "excessive_force" ? 1.3 : 1)));
      const closed = day + days;
      const pending = closed > run.extractDay;
      if (pending) finding = "pending";
      file.add({
        complaint_id: `CMP-${y}-${pad(k + 1, width)}`,
        received_date: isoDay(day),
        closed_date: pending ? "" : isoDay(closed),
        source,
        allegation,
        finding,
        discipline: finding === "sustained" ? rng.weighted(DISCIPLINE_SUSTAINED) : "",
        incident_id: incidentId,
      });
    }
    files.set(y, file);
  }
  return files;
}

/** Number of values in a sorted array that are at most x. */
function upperBound(sorted: Int32Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function trainingFile(run: Run): CsvFile {
  const file = new CsvFile("training");
  for (let y = run.firstYear; y <= run.lastYear; y++) {
    const r = run.roster.byYear.get(y)!;
    file.add({ year: y, sworn_officers: r.serving.length, cit_trained_officers: r.cit, deescalation_training_hours: r.hours });
  }
  return file;
}

function populationFile(run: Run): { file: CsvFile; lastTotal: number } {
  const rng = run.rng.fork("population");
  const file = new CsvFile("population");
  let lastTotal = 0;
  for (let y = run.firstYear; y <= run.lastYear; y++) {
    const t = y - run.firstYear;
    const total = Math.round(412_000 * Math.pow(1.006, t) + rng.int(-400, 400));
    lastTotal = total;
    file.add({ year: y, district: "", race_ethnicity: "", population: total });
    // Shares drift: the city grows more Hispanic and Asian, less white. Largest remainder keeps the sum exact.
    const groups = Object.entries(POPULATION_SHARE) as [keyof typeof RACE_ETHNICITY, number][];
    const drift: Partial<Record<string, number>> = { white: -0.004 * t, hispanic_latino: 0.003 * t, asian: 0.001 * t };
    const shares = groups.map(([g, s]) => s + (drift[g] ?? 0));
    const sum = shares.reduce((a, b) => a + b, 0);
    const exact = shares.map((s) => (total * s) / sum);
    const counts = exact.map(Math.floor);
    let left = total - counts.reduce((a, b) => a + b, 0);
    const byRemainder = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, i] of byRemainder) {
      if (left-- <= 0) break;
      counts[i]++;
    }
    groups.forEach(([g], i) => file.add({ year: y, district: "", race_ethnicity: g, population: counts[i] }));
  }
  return { file, lastTotal };
}
