// The time zone a department's dates are in, from where it is: a US state named in its config.json
// or in the export. A state that spans two zones gives none (the department says which).

/** US states (and DC) -> IANA zone; null where the state spans more than one zone. */
const STATES: Record<string, [string, string | null]> = {
  AL: ["Alabama", "America/Chicago"], AK: ["Alaska", null], AZ: ["Arizona", "America/Phoenix"], AR: ["Arkansas", "America/Chicago"],
  CA: ["California", "America/Los_Angeles"], CO: ["Colorado", "America/Denver"], CT: ["Connecticut", "America/New_York"],
  DE: ["Delaware", "America/New_York"], DC: ["District of Columbia", "America/New_York"], FL: ["Florida", null], GA: ["Georgia", "America/New_York"],
  HI: ["Hawaii", "Pacific/Honolulu"], ID: ["Idaho", null], IL: ["Illinois", "America/Chicago"], IN: ["Indiana", null], IA: ["Iowa", "America/Chicago"],
  KS: ["Kansas", null], KY: ["Kentucky", null], LA: ["Louisiana", "America/Chicago"], ME: ["Maine", "America/New_York"],
  MD: ["Maryland", "America/New_York"], MA: ["Massachusetts", "America/New_York"], MI: ["Michigan", null], MN: ["Minnesota", "America/Chicago"],
  MS: ["Mississippi", "America/Chicago"], MO: ["Missouri", "America/Chicago"], MT: ["Montana", "America/Denver"], NE: ["Nebraska", null],
  NV: ["Nevada", "America/Los_Angeles"], NH: ["New Hampshire", "America/New_York"], NJ: ["New Jersey", "America/New_York"],
  NM: ["New Mexico", "America/Denver"], NY: ["New York", "America/New_York"], NC: ["North Carolina", "America/New_York"],
  ND: ["North Dakota", null], OH: ["Ohio", "America/New_York"], OK: ["Oklahoma", "America/Chicago"], OR: ["Oregon", null],
  PA: ["Pennsylvania", "America/New_York"], RI: ["Rhode Island", "America/New_York"], SC: ["South Carolina", "America/New_York"],
  SD: ["South Dakota", null], TN: ["Tennessee", null], TX: ["Texas", null], UT: ["Utah", "America/Denver"], VT: ["Vermont", "America/New_York"],
  VA: ["Virginia", "America/New_York"], WA: ["Washington", "America/Los_Angeles"], WV: ["West Virginia", "America/New_York"],
  WI: ["Wisconsin", "America/Chicago"], WY: ["Wyoming", "America/Denver"],
};

/** The US state a text names ("Seattle, WA", "City of Albany, New York"), longest name first; null if none or several. */
export function stateIn(text: string): { code: string; name: string; zone: string | null } | null {
  const found = new Set<string>();
  let rest = ` ${text} `;
  // Longest names first, so "West Virginia" is not read as "Virginia", nor "Washington, DC" as the state.
  const byLength = Object.entries(STATES).sort((a, b) => b[1][0].length - a[1][0].length);
  for (const [code, [name]] of byLength) {
    const re = new RegExp(`(^|[^a-z])${name.replace(/ /g, "\\s+")}([^a-z]|$)`, "i");
    if (re.test(rest)) {
      found.add(code);
      rest = rest.replace(re, "$1 $2");
    }
  }
  // Two-letter codes only in capitals after a comma or at the end: "Seattle, WA", "Albany NY".
  for (const m of rest.matchAll(/(?:,\s*|\s)([A-Z]{2})(?=\s*(?:\d{5}(?:-\d{4})?)?\s*$|\s*,)/g)) if (m[1] in STATES) found.add(m[1]);
  if (found.size !== 1) return null;
  const code = [...found][0];
  return { code, name: STATES[code][0], zone: STATES[code][1] };
}
