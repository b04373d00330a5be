// Every figure, in the order pages show them, and the questions they answer. Adding a figure
// means adding its module to FIGURES (and, for a new question, to SECTIONS).
import type { FigureModule, SectionId } from "./types.ts";
import { figure as rateByYear } from "./rate-by-year.ts";
import { figure as rateByCallType } from "./rate-by-call-type.ts";
import { figure as forceLevelMix } from "./force-level-mix.ts";
import { figure as forceTypes } from "./force-types.ts";
import { figure as gravestOutcomes } from "./gravest-outcomes.ts";
import { figure as injuryTotals } from "./injury-totals.ts";
import { figure as subjectInjuries } from "./subject-injuries.ts";
import { figure as officerInjuries } from "./officer-injuries.ts";
import { figure as subjectsByAge } from "./subjects-by-age.ts";
import { figure as subjectsBySex } from "./subjects-by-sex.ts";
import { figure as subjectsByRace } from "./subjects-by-race.ts";
import { figure as districts } from "./districts.ts";
import { figure as crisisResponse } from "./crisis-response.ts";
import { figure as deescalationCamera } from "./deescalation-camera.ts";
import { figure as reviewFindings } from "./review-findings.ts";
import { figure as complaints } from "./complaints.ts";
import { figure as training } from "./training.ts";
import { figure as officersWhoUsedForce } from "./officers-who-used-force.ts";

export type { FigureModule } from "./types.ts";

export const FIGURES: readonly FigureModule[] = [
  rateByYear, rateByCallType, forceLevelMix, forceTypes, gravestOutcomes, injuryTotals, subjectInjuries, officerInjuries,
  subjectsByAge, subjectsBySex, subjectsByRace, districts, crisisResponse, deescalationCamera,
  reviewFindings, complaints, training, officersWhoUsedForce,
];

const BY_ID = new Map(FIGURES.map((f) => [f.id, f]));

/** The module of a figure id, or undefined. */
export function figureById(id: string): FigureModule | undefined {
  return BY_ID.get(id);
}

/** A question the site answers, its heading, the page section that answers it and the figures there. */
export interface Question {
  section: SectionId;
  heading: string;
  /** The question as a resident would ask it. */
  ask: string;
  figures: string[];
}

const SECTIONS: readonly Omit<Question, "figures">[] = [
  { section: "how-often", heading: "How often calls end in force", ask: "How often does a call for police help end in force, and on which kinds of call?" },
  { section: "how-much", heading: "What force, and how much", ask: "What force is used and at what level, and how often do people die or officers fire a gun?" },
  { section: "injuries", heading: "Injuries", ask: "How often are people, and officers, injured?" },
  { section: "who", heading: "Who force was used on", ask: "Who is force used on, by age, sex and race or ethnicity?" },
  { section: "where", heading: "Where", ask: "Where in the city is force used, against the number of calls?" },
  { section: "crisis", heading: "Mental-health calls", ask: "On mental-health calls, what happens with and without crisis support?" },
  { section: "de-escalation", heading: "De-escalation and body-worn cameras", ask: "Do officers try to de-escalate, and are cameras on?" },
  { section: "accountability", heading: "Reviews, complaints and training", ask: "Is force reviewed, are complaints upheld, and are officers trained? Who are the officers who use force?" },
];

/** The questions, in the order pages show them, each with its figures in order. */
export const QUESTIONS: readonly Question[] = SECTIONS.map((s) => ({ ...s, figures: FIGURES.filter((f) => f.section === s.section).map((f) => f.id) }));
