// Injuries to officers who used force.
import type { Cell } from "../lib/aggregates.ts";
import { coverageName } from "../lib/coverage.ts";
import { barH, responsive } from "../lib/charts.ts";
import { INJURED_LEVELS, INJURY } from "../lib/schema/vocab.ts";
import { NOT_RECORDED, countRows, label, num, str, through } from "./count.ts";
import { NOT_REPORTED, n0, ofYear, pct, share, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

const n = (v: Cell) => (typeof v === "number" ? v : null);

function officerInjuries(rows: Row[], y: number): string {
  if (rows.length === 0) return `Injuries to officers are ${NOT_REPORTED}.`;
  const year = ofYear(rows, y);
  if (year.length === 0) return `Injuries to officers in ${y} are ${NOT_REPORTED}.`;
  const count = (keys: string[]) => year.filter((r) => keys.includes(String(r.injury))).reduce((t, r) => t + (r.officers as number), 0);
  const all = year.reduce((t, r) => t + (r.officers as number), 0);
  const injured = count([...INJURED_LEVELS]);
  const serious = count(["serious"]), deaths = count(["death"]), vague = count(["injured_unspecified"]);
  // Where no injured officer's record says how badly, "0 seriously" would be read into a yes/no field.
  const grave = vague > 0 && vague === injured ? ", how badly was not recorded"
    : `${deaths ? `, ${n0(serious)} seriously and ${n0(deaths)} fatally` : `, ${n0(serious)} seriously`}${vague > 0 ? ` (how badly was not recorded for ${n0(vague)})` : ""}`;
  return `In ${y}, ${n0(injured)} of ${n0(all)} officers who used force (${pct(share(injured, all) ?? 0)}) were recorded as injured${grave}.`;
}

export const figure: FigureModule = {
  id: "officer-injuries",
  title: "Injuries to officers",
  section: "injuries",
  fields: ["officers", "officers.injury"],
  policy: ["reporting_review"],
  empty: `Injuries to officers are ${NOT_REPORTED}.`,
  compute({ pub, years, lacks }) {
    const rows: Row[] = [];
    if (pub.officers.length) {
      const injKey = (v: string | null) => v ?? NOT_RECORDED;
      // An officer's year is its incident's (every published officer's incident is published).
      const by = countRows([through(pub.officers.columns.incident, pub.incidents.columns.year), pub.officers.columns.injury], ([y, inj]) => `${y}|${injKey(inj as string | null)}`);
      for (const y of years)
        for (const inj of [...Object.keys(INJURY), NOT_RECORDED]) {
          const k = by.get(`${y}|${inj}`) ?? 0;
          if (k > 0) rows.push({ year: y, injury: inj, injury_label: label(INJURY, inj === NOT_RECORDED ? null : inj), officers: k });
        }
    }
    return {
      need: pub.officers.length ? lacks("officers.injury") : [coverageName("officers")],
      table: {
        id: "officer-injuries",
        title: "Injuries to officers",
        description: "Officers who used force, by the most severe injury they suffered.",
        columns: [num("year", "Year"), str("injury", "Injury code"), str("injury_label", "Injury"), num("officers", "Officers")],
        rows,
        notes: [],
      },
    };
  },
  summary: officerInjuries,
  view(table, { focus }) {
    const title = `${table.title}, ${focus}`;
    const rows = ofYear(table.rows, focus);
    return {
      columns: ["injury_label", "officers"],
      svg: rows.length ? responsive((width) => barH(rows.map((r) => ({ label: String(r.injury_label), value: n(r.officers) })), { title, xLabel: "Officers who used force", width })) : undefined,
    };
  },
};
