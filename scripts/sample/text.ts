// Short redacted incident narratives for the sample department, assembled from fragments
// chosen by the seeded generator. They name no one: "the subject", "Officer 1", "a residence".
// Fragments avoid street words (road, way, place, court...) so no sentence reads like an address.
import type { CALL_TYPE, CONTACT_ORIGIN, FORCE_TYPE, INJURY, RESISTANCE, WEAPON } from "../../src/lib/schema/vocab.ts";
import type { Rng } from "./random.ts";

type CallType = keyof typeof CALL_TYPE;
type ContactOrigin = keyof typeof CONTACT_ORIGIN;
type ForceType = keyof typeof FORCE_TYPE;

/** What the narrative of one subject draws on. */
export interface SubjectFacts {
  resistance: keyof typeof RESISTANCE | null;
  /** First weapon the subject was confirmed to carry, or null. */
  weapon: Exclude<keyof typeof WEAPON, "none" | "unknown"> | null;
  /** Officers believed the subject was armed. */
  perceivedArmed: boolean;
  mentalHealth: boolean;
  impaired: boolean;
  injury: keyof typeof INJURY | null;
  medical: boolean;
  hospitalized: boolean;
  /** Distinct force types used on this subject, in the order used. */
  forceTypes: ForceType[];
}

/** What the narrative of one incident draws on. */
export interface SummaryFacts {
  callType: CallType;
  /** The dispatch label the incident was recorded under. */
  callLabel: CallLabel;
  contactOrigin: ContactOrigin;
  /** District ordinal, 1-based. */
  district: number;
  officersCount: number;
  subjects: SubjectFacts[];
  deescalation: boolean;
  crisisOfficer: boolean;
  coresponder: boolean;
  bwc: boolean | null;
  arrest: boolean;
  officerInjured: boolean;
}

/** A department's own label for a kind of call, with how a narrative describes such a call and where. */
export interface CallLabel {
  /** The label as the department's dispatch system writes it (call_type_raw). */
  raw: string;
  /** Relative frequency among labels of the same call type. */
  weight: number;
  phrases: readonly string[];
  places?: readonly string[];
  /** What a subject is arrested for on such a call, where more specific than the call type's charges. */
  charges?: readonly string[];
}

const HOMES = ["a residence", "an apartment", "a house", "a duplex", "a mobile home"];
const GENERIC_PLACES = [
  "a residence", "an apartment building", "a parking lot", "a convenience store", "a gas station", "a bus stop",
  "a park", "a sidewalk", "a fast-food restaurant", "a motel",
];

/** Dispatch labels of each canonical call type. */
export const CALL_LABELS: Record<CallType, readonly CallLabel[]> = {
  domestic_disturbance: [
    {
      raw: "DOMESTIC DISTURBANCE", weight: 6, places: HOMES,
      phrases: ["a domestic disturbance", "a family argument that had turned physical", "a disturbance between two people who live together", "a parent and an adult child fighting"],
    },
    { raw: "DOMESTIC VIOLENCE IN PROGRESS", weight: 3, places: HOMES, phrases: ["a domestic assault in progress", "a person being hit by a partner", "a person being threatened by a partner"] },
    { raw: "FAMILY DISTURBANCE", weight: 2, places: HOMES, phrases: ["a family disturbance", "relatives fighting"] },
  ],
  mental_health_crisis: [
    {
      raw: "CHECK WELFARE", weight: 5, places: ["a residence", "an apartment", "a group home", "a bus shelter", "a park"],
      phrases: ["a welfare check on a person who had stopped answering family members", "a person who seemed unwell and was wandering outdoors in the cold", "a welfare check requested by a neighbour"],
    },
    {
      raw: "MENTAL SUBJECT", weight: 3, places: ["a residence", "an apartment", "a shelter", "a convenience store", "a library"],
      phrases: ["a person in crisis", "a person behaving erratically", "a person who was confused and frightening neighbours"],
    },
    {
      raw: "SUICIDAL PERSON", weight: 2, places: ["a residence", "an apartment", "a bridge", "a hospital parking lot", "a parking garage"],
      phrases: ["a person threatening to harm themselves", "a person talking about suicide"],
    },
    { raw: "CRISIS CALL", weight: 2, places: ["a residence", "an apartment", "a shelter"], phrases: ["a person in a mental-health crisis", "a call from a crisis line about a person at risk"] },
  ],
  assault_fight: [
    {
      raw: "ASSAULT IN PROGRESS", weight: 5, places: ["a bar", "a parking lot", "a park", "an apartment complex", "a bus stop", "a convenience store"],
      phrases: ["an assault in progress", "a person who had just been punched", "a person being beaten"],
    },
    { raw: "FIGHT", weight: 4, places: ["a bar", "a nightclub", "a parking lot", "a park", "a high school sports field"], phrases: ["a fight in progress", "several people fighting", "a large fight"] },
    { raw: "AGG ASSAULT", weight: 2, places: ["an apartment complex", "a bar", "a parking lot", "a residence"], phrases: ["a serious assault", "an assault that left a person bleeding"] },
  ],
  disturbance: [
    {
      raw: "DISTURBANCE - LOUD", weight: 4, places: ["a residence", "an apartment building", "a motel", "a parking lot"],
      phrases: ["a loud disturbance", "people arguing loudly outside", "a loud party that had turned into an argument"],
    },
    {
      raw: "DISTURBANCE", weight: 5, places: ["a convenience store", "a fast-food restaurant", "a bus stop", "a gas station", "a hospital waiting room"],
      phrases: ["a disturbance", "a person refusing to leave a business", "a person causing a disturbance"],
    },
    { raw: "DISORDERLY PERSON", weight: 3, places: GENERIC_PLACES, phrases: ["a disorderly person yelling at passers-by", "a person throwing things"] },
    { raw: "INTOXICATED PERSON", weight: 2, places: ["a bar", "a convenience store", "a bus stop", "a motel"], phrases: ["an intoxicated person who would not leave", "a very drunk person"] },
  ],
  property_crime: [
    { raw: "THEFT", weight: 4, charges: ["theft"], places: ["a parking lot", "a parking garage", "a residence", "a department store"], phrases: ["a theft", "a theft from a parked car", "a stolen bicycle"] },
    {
      raw: "SHOPLIFTER IN CUSTODY", weight: 3, charges: ["theft", "shoplifting"], places: ["a grocery store", "a department store", "a pharmacy", "a convenience store"],
      phrases: ["a shoplifter held by store staff", "a shoplifter who had been stopped by security"],
    },
    { raw: "BURGLARY IN PROGRESS", weight: 2, charges: ["burglary"], places: ["a residence", "a business", "an apartment building", "a warehouse"], phrases: ["a burglary in progress", "a person breaking into a garage", "a break-in"] },
    { raw: "ROBBERY", weight: 2, charges: ["robbery"], places: ["a convenience store", "a gas station", "a bank", "a parking lot"], phrases: ["a robbery that had just happened", "a robbery in progress"] },
  ],
  weapons: [
    {
      raw: "PERSON WITH A GUN", weight: 4, places: ["a parking lot", "an apartment complex", "a bar", "a park", "a gas station"],
      phrases: ["a person with a gun", "a person carrying a rifle", "a person showing a handgun"],
    },
    { raw: "SHOTS FIRED", weight: 3, places: ["an apartment complex", "a park", "a parking lot", "a residence"], phrases: ["shots fired", "gunfire"] },
    { raw: "PERSON WITH A KNIFE", weight: 3, places: GENERIC_PLACES, phrases: ["a person waving a knife", "a person threatening others with a knife"] },
  ],
  suspicious_person: [
    {
      raw: "SUSPICIOUS PERSON", weight: 6, places: GENERIC_PLACES,
      phrases: ["a suspicious person", "a person trying door handles", "someone acting suspiciously", "a person hiding in a stairwell"],
    },
    { raw: "SUSPICIOUS VEHICLE", weight: 2, places: ["a parking lot", "a parking garage", "a school", "a residence"], phrases: ["a suspicious car with people inside", "a car circling slowly"] },
    { raw: "PROWLER", weight: 1, places: ["a residence", "an apartment building"], phrases: ["a prowler", "a person looking into windows"] },
  ],
  traffic: [
    {
      raw: "COLLISION - INJURY", weight: 3, places: ["a busy intersection", "a freeway shoulder", "a parking lot"],
      phrases: ["a collision", "a crash with injuries", "a crash with one driver walking away"],
    },
    { raw: "RECKLESS DRIVER", weight: 2, places: ["a busy intersection", "a gas station", "a parking lot"], phrases: ["a reckless driver", "a driver weaving across lanes", "a driver slumped at the wheel"] },
    { raw: "HIT AND RUN", weight: 1, places: ["a busy intersection", "a parking lot"], phrases: ["a hit-and-run crash", "a driver who left the scene of a crash"] },
    { raw: "TRAFFIC HAZARD", weight: 1, places: ["a busy intersection", "a bridge"], phrases: ["a car blocking traffic"] },
  ],
  warrant_service: [
    { raw: "WARRANT SERVICE", weight: 5, places: ["a residence", "an apartment", "a motel", "a workplace"], phrases: ["a person wanted on a warrant"] },
    { raw: "WARRANT ARREST", weight: 3, places: ["a residence", "an apartment", "a motel", "a workplace"], phrases: ["a person wanted on a warrant"] },
  ],
  medical_emergency: [
    { raw: "MEDICAL ASSIST", weight: 4, places: ["a residence", "a public restroom", "a park", "a shelter"], phrases: ["a medical emergency", "a person having a seizure", "an unconscious person"] },
    { raw: "OVERDOSE", weight: 3, charges: ["possession of a controlled substance"], places: ["a residence", "a public restroom", "a motel", "a parking lot"], phrases: ["a possible overdose", "a person who had taken too many pills"] },
  ],
  other: [
    { raw: "ALARM", weight: 2, places: ["a business", "a residence", "a warehouse"], phrases: ["an alarm"] },
    { raw: "TRESPASS", weight: 4, charges: ["trespassing"], places: ["an apartment building", "a business", "a hospital"], phrases: ["a trespasser", "a person sleeping in a building lobby", "a person who would not leave private property"] },
    { raw: "ASSIST OTHER AGENCY", weight: 2, places: GENERIC_PLACES, phrases: ["a request to assist another agency", "a request from firefighters for help"] },
    { raw: "NOISE COMPLAINT", weight: 2, places: ["a residence", "an apartment building"], phrases: ["a noise complaint"] },
  ],
  unknown: [
    { raw: "MISC", weight: 3, phrases: ["an incident"] },
    { raw: "", weight: 1, phrases: ["an incident"] },
  ],
};

/** The label of a traffic stop an officer made on their own initiative. */
export const TRAFFIC_STOP_LABEL: CallLabel = { raw: "TRAFFIC STOP", weight: 1, phrases: ["a traffic violation"], places: ["a busy intersection"] };

const PARTS = ["left wrist", "right wrist", "right shoulder", "left shoulder", "knee", "elbow", "face", "forehead", "back", "hand"];
const BONES = ["arm", "wrist", "nose", "rib", "collarbone", "ankle"];

const FORCE_PHRASES: Record<ForceType, readonly string[]> = {
  officer_presence: ["relied on officer presence"],
  verbal_commands: ["gave loud commands"],
  firearm_pointed: ["pointed a firearm at the subject while giving commands", "drew a handgun and pointed it at the subject"],
  weapon_pointed: ["pointed a Taser at the subject as a warning", "aimed a Taser's laser at the subject as a warning"],
  escort: ["used an escort hold to move the subject", "guided the subject by the arm to a patrol car"],
  hold_grab_push: ["grabbed the subject's arm", "pushed the subject back against a wall", "held the subject against the patrol car"],
  joint_lock: ["applied a wrist lock", "used an arm bar", "used a joint lock to control the subject's arm"],
  pressure_point: ["applied pressure-point control", "used a pressure point behind the subject's jaw"],
  handcuffing_resisted: ["handcuffed the subject against resistance", "forced the subject's hands behind their back and handcuffed them"],
  strike: ["delivered hand strikes to the subject's upper body", "used knee strikes to the subject's thigh", "struck the subject with a closed fist"],
  kick: ["kicked the subject in the leg", "used a front kick to push the subject back"],
  takedown: ["took the subject to the ground", "used a takedown", "brought the subject down to the ground"],
  oc_spray: ["used pepper spray", "sprayed the subject with OC spray"],
  ced: ["deployed a Taser", "fired a conducted energy device, striking the subject with both probes", "used a Taser in drive-stun mode"],
  baton: ["struck the subject's legs with a baton", "used a baton to push the subject back"],
  impact_projectile: ["fired a beanbag round that struck the subject", "fired a less-lethal projectile at the subject"],
  k9_bite: ["sent a police dog, which bit the subject on the arm", "released a police dog, which bit the subject's leg"],
  firearm_discharge: ["fired a handgun at the subject", "fired at the subject"],
  neck_restraint: ["used a neck restraint"],
  firearm_discharge_animal: ["fired at a dog that ran at officers"],
  firearm_discharge_unintentional: ["discharged a firearm unintentionally"],
  other: ["placed a spit hood on the subject", "used a leg restraint"],
  physical_unspecified: ["used physical force"],
  unknown: ["used force that the report does not describe"],
};

const CHARGES: Record<CallType, readonly string[]> = {
  domestic_disturbance: ["domestic assault", "violating a protection order"],
  mental_health_crisis: ["assault on an officer"],
  assault_fight: ["assault", "aggravated assault"],
  disturbance: ["disorderly conduct", "trespassing"],
  property_crime: ["theft", "burglary", "robbery"],
  weapons: ["unlawful use of a weapon", "aggravated assault"],
  suspicious_person: ["resisting arrest", "possession of burglary tools"],
  traffic: ["driving while intoxicated", "resisting arrest", "leaving the scene of a crash"],
  warrant_service: ["the outstanding warrant"],
  medical_emergency: ["assault on a medic", "possession of a controlled substance"],
  other: ["trespassing", "resisting arrest"],
  unknown: ["resisting arrest"],
};

/** "1st", "2nd", "3rd", "4th", "11th", ... */
export function ordinal(n: number): string {
  const rem100 = n % 100;
  if (rem100 >= 11 && rem100 <= 13) return `${n}th`;
  const suffix = ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `${n}${suffix}`;
}

function opening(rng: Rng, f: SummaryFacts): string {
  const call = rng.pick(f.callLabel.phrases);
  const place = rng.pick(f.callLabel.places ?? GENERIC_PLACES);
  const district = `the ${ordinal(f.district)} district`;
  switch (f.contactOrigin) {
    case "dispatched":
      switch (rng.int(0, 3)) {
        case 0: return `Officers were dispatched to a report of ${call} at ${place}.`;
        case 1: return `Officers responded to a 911 call reporting ${call} at ${place} in ${district}.`;
        case 2: return `Officers were sent to ${place} in ${district} after a caller reported ${call}.`;
        default: return `Dispatch sent officers to ${place} for a report of ${call}.`;
      }
    case "officer_initiated":
      if (f.callType === "traffic") {
        return rng.chance(0.5)
          ? `Officer 1 stopped a car for a traffic violation in ${district}.`
          : `An officer on patrol in ${district} stopped a driver who had run a red light.`;
      }
      if (f.callType === "suspicious_person") {
        return `Officers on patrol saw ${call} near ${place} and stopped to speak with the subject.`;
      }
      return `While on patrol in ${district}, officers came upon ${call} at ${place}.`;
    case "citizen_flagdown":
      return rng.chance(0.5)
        ? `A member of the public flagged down officers near ${place} to report ${call}.`
        : `A passer-by waved down a patrol car in ${district} and pointed out ${call}.`;
    case "pre_planned":
      if (f.callType === "warrant_service") {
        return rng.chance(0.6)
          ? `Officers went to ${place} in ${district} to serve an arrest warrant.`
          : `Officers planned the arrest of a person wanted on a felony warrant at ${place}.`;
      }
      if (f.callType === "mental_health_crisis") {
        return "Officers were taking a person to the hospital for a court-ordered mental-health evaluation when the subject began to resist.";
      }
      return `Officers were transporting a person in custody in ${district} when the subject began to resist.`;
    default:
      return `Officers contacted the subject at ${place} in ${district}.`;
  }
}

/** What officers found: crisis, impairment, weapon. */
function context(rng: Rng, s: SubjectFacts): string {
  const out: string[] = [];
  if (s.mentalHealth) {
    out.push(rng.pick([
      "The subject appeared to be in a mental-health crisis and was talking about harming themselves.",
      "Family members said the subject had stopped taking prescribed medication.",
      "The subject seemed confused and did not appear to understand instructions.",
      "The subject was crying and said they did not want to live.",
    ]));
  } else if (s.impaired) {
    out.push(rng.pick([
      "The subject appeared intoxicated.",
      "The subject appeared to be under the influence of drugs.",
      "The subject smelled strongly of alcohol and was unsteady.",
    ]));
  }
  if (s.weapon) {
    out.push(
      {
        firearm: rng.pick(["Officers saw a handgun in the subject's waistband.", "The subject was holding a handgun."]),
        knife: rng.pick(["The subject was holding a kitchen knife.", "The subject had a box cutter in one hand."]),
        blunt_object: rng.pick(["The subject was holding a metal pipe.", "The subject was swinging a piece of wood."]),
        vehicle: "The subject was in the driver's seat of a running car.",
        other: "The subject was holding an object officers could not identify at first.",
      }[s.weapon],
    );
  }
  return out.join(" ");
}

/** What the subject did; "On arrival" only when nothing came between arrival and resistance. */
function resistance(rng: Rng, s: SubjectFacts, onArrival: boolean): string {
  switch (s.resistance) {
    case "none":
      return "The subject was compliant at first.";
    case "passive":
      return rng.pick([
        "The subject refused to stand up and went limp when officers tried to detain them.",
        "The subject sat down and refused to move.",
        "The subject held onto a railing and would not let go.",
      ]);
    case "active":
      return rng.pick([
        onArrival ? "On arrival the subject was shouting and refused commands to step back." : "The subject began shouting and refused commands to step back.",
        "The subject pulled away when officers tried to hold their arm.",
        "The subject tried to run from officers.",
        "The subject tensed their arms and would not put their hands behind their back.",
      ]);
    case "aggressive":
      return rng.pick([
        "The subject swung a fist at Officer 1.",
        "The subject pushed an officer and tried to punch them.",
        "The subject kicked at officers.",
        "The subject charged toward officers.",
      ]);
    case "deadly":
      if (s.weapon === "vehicle") return "The subject drove the car toward officers.";
      if (s.weapon) return rng.pick(["The subject pointed the weapon at officers.", "The subject attacked an officer with the weapon."]);
      return "The subject tried to choke an officer.";
    default:
      return "The subject became uncooperative.";
  }
}

/** What officers did before force: one sentence, the most specific that applies. */
function response(rng: Rng, f: SummaryFacts): string {
  if (f.coresponder) {
    return rng.pick([
      "A mental-health co-responder arrived and spoke with the subject.",
      "A clinician from the co-responder team joined by video and tried to talk the subject through the crisis.",
      "A co-responder clinician worked with officers and offered the subject help.",
    ]);
  }
  if (f.crisisOfficer && (f.callType === "mental_health_crisis" || f.subjects[0].mentalHealth)) {
    return rng.pick([
      "A crisis-trained officer took the lead in talking with the subject.",
      "A crisis-intervention-trained officer spoke with the subject and offered help.",
    ]);
  }
  if (f.deescalation) {
    return rng.pick([
      "Officers spoke with the subject for several minutes and tried to calm the situation.",
      "Officer 1 kept a distance, spoke calmly and gave the subject time to comply.",
      "Officers explained what would happen next and offered the subject choices.",
      "Officers tried to slow things down and waited for more officers before approaching.",
      "Officers gave repeated warnings and time to comply before using force.",
    ]);
  }
  return "";
}

function joinPhrases(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** Narrative order of force types: warnings and weapons first, then hands-on control, handcuffs last. */
const TELLING_ORDER: Record<ForceType, number> = {
  officer_presence: 0, verbal_commands: 0, firearm_pointed: 1, weapon_pointed: 1, firearm_discharge: 2, impact_projectile: 2, ced: 2,
  oc_spray: 2, k9_bite: 2, baton: 3, strike: 3, kick: 3, takedown: 4, neck_restraint: 4, joint_lock: 5,
  pressure_point: 5, handcuffing_resisted: 6, escort: 7, hold_grab_push: 7, physical_unspecified: 7, other: 8, unknown: 9,
  firearm_discharge_animal: 2, firearm_discharge_unintentional: 2,
};

function forceSentence(rng: Rng, f: SummaryFacts): string {
  const types = [...f.subjects[0].forceTypes].sort((a, b) => TELLING_ORDER[a] - TELLING_ORDER[b]);
  const phrases = types.map((t) => rng.pick(FORCE_PHRASES[t]));
  const handcuffed = types.includes("handcuffing_resisted");
  if (f.arrest && !handcuffed && types.every((t) => t !== "firearm_discharge")) phrases.push("handcuffed the subject");
  let sentence: string;
  if (f.officersCount <= 1) {
    sentence = `Officer 1 ${joinPhrases(phrases)}.`;
  } else if (phrases.length >= 2 && rng.chance(0.5)) {
    // Name who did what for the first two, as departments often do.
    const rest = phrases.slice(2);
    sentence = `Officer 1 ${phrases[0]} and Officer 2 ${phrases[1]}.` + (rest.length ? ` Officers then ${joinPhrases(rest)}.` : "");
  } else {
    sentence = `Officers ${joinPhrases(phrases)}.`;
  }
  if (f.subjects.length === 2) sentence += " Officers also used force to control a second person, who was handcuffed.";
  if (f.subjects.length > 2) sentence += ` Officers also used force on ${["two", "three", "four"][f.subjects.length - 3] ?? "several"} other people at the scene.`;
  return sentence;
}

function injurySentence(rng: Rng, s: SubjectFacts): string {
  switch (s.injury) {
    case "none":
      return s.medical
        ? "Medics checked the subject on scene and found no injury."
        : rng.pick(["No injuries were reported.", "The subject was not injured."]);
    case "minor":
      if (s.forceTypes.includes("ced") && rng.chance(0.6)) return "Medics removed the Taser probes on scene; the subject had only small puncture marks.";
      if (s.forceTypes.includes("oc_spray") && rng.chance(0.6)) return "The subject's eyes were rinsed with water to remove the spray.";
      return s.medical
        ? `The subject complained of pain to the ${rng.pick(PARTS)} and was evaluated by EMS on scene.`
        : `The subject had a scrape on the ${rng.pick(PARTS)} and declined medical care.`;
    case "treated":
      return s.hospitalized
        ? `The subject had a deep cut to the ${rng.pick(PARTS)} and was admitted to the hospital overnight.`
        : rng.pick([
            `The subject had a cut to the ${rng.pick(PARTS)} and was treated at the hospital and released.`,
            `The subject was taken to the hospital for stitches to the ${rng.pick(PARTS)} and released.`,
          ]);
    case "serious":
      return rng.chance(0.6)
        ? `The subject suffered a broken ${rng.pick(BONES)} and was admitted to the hospital.`
        : "The subject was seriously injured and was admitted to the hospital.";
    case "death":
      return "The subject died of their injuries. The case was referred to internal affairs and the Office of Police Oversight.";
    default:
      return "The subject's injuries were not recorded.";
  }
}

function outcome(rng: Rng, f: SummaryFacts): string {
  const s = f.subjects[0];
  if (s.injury === "death") return "";
  if (f.arrest) return `The subject was arrested for ${rng.pick(f.callLabel.charges ?? CHARGES[f.callType])}.`;
  if (f.callType === "mental_health_crisis" || s.mentalHealth) {
    return rng.pick([
      "The subject was taken to the crisis center for an emergency evaluation.",
      "The subject agreed to go to the hospital for a mental-health evaluation.",
    ]);
  }
  return rng.pick(["The subject was released without charges.", "The subject was given a citation and released."]);
}

/** The sentence a narrative adds for a firearm discharged at an animal, or unintentionally. */
export const DISCHARGE_SENTENCE = {
  firearm_discharge_animal: "During the incident an officer fired at a dog that ran at officers; no person was struck.",
  firearm_discharge_unintentional: "An officer's firearm discharged unintentionally during the incident; no one was struck.",
} as const;

/** A short redacted narrative of one incident, in the department's plain style. */
export function writeSummary(rng: Rng, f: SummaryFacts): string {
  const s = f.subjects[0];
  const before = response(rng, f);
  const parts = [
    opening(rng, f),
    context(rng, s),
    before,
    resistance(rng, s, before === "" && f.contactOrigin === "dispatched"),
    !f.deescalation && (s.resistance === "aggressive" || s.resistance === "deadly") && rng.chance(0.4)
      ? "There was no time to try to calm the situation before force was needed."
      : "",
    forceSentence(rng, f),
    injurySentence(rng, s),
    outcome(rng, f),
  ];
  if (s.perceivedArmed && !s.weapon) parts.push("Officers believed the subject was armed; no weapon was found.");
  if (f.officerInjured) parts.push(rng.pick(["Officer 1 reported a minor injury to the hand.", "An officer was treated for a sprained wrist."]));
  if (f.bwc === true && rng.chance(0.15)) parts.push("The encounter was recorded on body-worn cameras.");
  if (f.bwc === false && rng.chance(0.4)) parts.push("Body-worn cameras were not activated for part of the encounter.");
  return parts.filter((p) => p.length > 0).join(" ");
}
