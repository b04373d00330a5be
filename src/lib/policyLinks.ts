// Which policy sections govern which figures, so charts link to their policy and back.
import type { POLICY_SECTION } from "./schema/vocab.ts";
import type { PolicySection } from "./schema/config.ts";
import { FIGURES } from "../figures/index.ts";

type SectionKey = keyof typeof POLICY_SECTION;

/** Figure id (as in aggregates.tables) -> the policy sections that govern it (from each figure's module). */
export const FIGURE_POLICY: Readonly<Record<string, readonly SectionKey[]>> = Object.fromEntries(FIGURES.map((f) => [f.id, f.policy]));

/** The policy sections (present in this department's policy) that govern a figure. */
export function policyFor(figureId: string, policy: readonly PolicySection[]): PolicySection[] {
  const keys = FIGURE_POLICY[figureId] ?? [];
  return keys.flatMap((k) => policy.filter((p) => p.section === k));
}

/** The figures a policy section governs. */
export function figuresFor(section: SectionKey): string[] {
  return Object.entries(FIGURE_POLICY).filter(([, ks]) => ks.includes(section)).map(([id]) => id);
}
