// Which policy sections govern which figures, so charts link to their policy and back.
import type { POLICY_SECTION } from "./schema/vocab.ts";
import type { PolicySection } from "./schema/config.ts";

type SectionKey = keyof typeof POLICY_SECTION;

/** Figure id (as in aggregates.tables) -> the policy sections that govern it. */
export const FIGURE_POLICY: Readonly<Record<string, readonly SectionKey[]>> = {
  "rate-by-year": ["continuum", "de_escalation"],
  "rate-by-call-type": ["continuum", "crisis_response"],
  "force-level-mix": ["continuum"],
  "injury-totals": ["continuum", "reporting_review"],
  "subject-injuries": ["continuum", "reporting_review"],
  "officer-injuries": ["reporting_review"],
  "subjects-by-age": ["community_engagement"],
  "subjects-by-sex": ["community_engagement"],
  "subjects-by-race": ["community_engagement"],
  districts: ["community_engagement"],
  "crisis-response": ["crisis_response", "de_escalation"],
  "deescalation-camera": ["de_escalation", "reporting_review"],
  "review-findings": ["reporting_review", "oversight"],
  complaints: ["complaints", "oversight"],
  training: ["de_escalation", "crisis_response"],
};

/** The policy sections (present in this department's policy) that govern a figure. */
export function policyFor(figureId: string, policy: readonly PolicySection[]): PolicySection[] {
  const keys = FIGURE_POLICY[figureId] ?? [];
  return keys.flatMap((k) => policy.filter((p) => p.section === k));
}

/** The figures a policy section governs. */
export function figuresFor(section: SectionKey): string[] {
  return Object.entries(FIGURE_POLICY).filter(([, ks]) => ks.includes(section)).map(([id]) => id);
}
