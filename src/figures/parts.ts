// The parts (segments) of stacked charts, each with its own label, short code and fill.
import type { Part } from "../lib/charts.ts";
import { NO_FORCE_LEVEL } from "../lib/incidents.ts";

export const LEVEL_PARTS: Part[] = [
  { key: "1", label: "Officer presence", short: "L1", fill: "#56B4E9" },
  { key: "2", label: "Verbal commands", short: "L2", fill: "#009E73" },
  { key: "3", label: "Soft control", short: "L3", fill: "#0072B2" },
  { key: "4", label: "Hard control", short: "L4", fill: "#E69F00" },
  { key: "5", label: "Less-lethal weapons", short: "L5", fill: "#D55E00" },
  { key: "6", label: "Deadly force", short: "L6", fill: "#000000" },
  { key: "null", label: NO_FORCE_LEVEL, short: "NR", fill: "#bbbbbb" },
];

export const INJURY_PARTS: Part[] = [
  { key: "none", label: "No injury", short: "None", fill: "#56B4E9" },
  { key: "injured_unspecified", label: "Injured, severity not recorded", short: "Injured", fill: "#F0E442" },
  { key: "minor", label: "Minor injury or complaint of pain", short: "Minor", fill: "#E69F00" },
  { key: "treated", label: "Injury requiring treatment", short: "Treated", fill: "#D55E00" },
  { key: "serious", label: "Serious bodily injury", short: "Serious", fill: "#CC79A7" },
  { key: "death", label: "Death", short: "Death", fill: "#000000" },
  { key: "unknown", label: "Unknown", short: "Unknown", fill: "#bbbbbb" },
  { key: "not_recorded", label: "Not recorded", short: "NR", fill: "#dddddd" },
];

export const FINDING_PARTS: Part[] = [
  { key: "within_policy", label: "Within policy", short: "Within", fill: "#0072B2" },
  { key: "within_policy_training_issue", label: "Within policy, training or policy issue", short: "Issue", fill: "#56B4E9" },
  { key: "out_of_policy", label: "Out of policy", short: "Out", fill: "#D55E00" },
  { key: "pending", label: "Pending", short: "Pending", fill: "#E69F00" },
  { key: "unknown", label: "Unknown", short: "Unknown", fill: "#bbbbbb" },
  { key: "not_recorded", label: "Not recorded", short: "NR", fill: "#dddddd" },
];
