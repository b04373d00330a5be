// The gravest outcomes, as exact counts each year: people who died following the use of force,
// and incidents in which a firearm was discharged at a person, at an animal or unintentionally.
import { countRows, num, str, type DataColumn } from "./count.ts";
import { NOT_REPORTED, isNum, n0, ofYear, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

/** Injury levels that say how badly a person was hurt (injured_unspecified does not). */
const SEVERITY = ["minor", "treated", "serious", "death"];

/** The discharges counted, each as the incidents in which a firearm was so discharged. */
export const DISCHARGES = [
  { type: "firearm_discharge", key: "incidents_fired_at_person" },
  { type: "firearm_discharge_animal", key: "incidents_fired_at_animal" },
  { type: "firearm_discharge_unintentional", key: "incidents_unintentional_discharge" },
] as const;

const people = (k: number) => `${n0(k)} ${k === 1 ? "person" : "people"}`;
const incidents = (k: number) => `${n0(k)} incident${k === 1 ? "" : "s"}`;

/** The year's gravest outcomes in one sentence, in exact numbers; what is not reported is said so, never 0. */
function gravestOutcomes(rows: Row[], y: number): string {
  const r = ofYear(rows, y)[0];
  if (!r) return `There are no figures on deaths or firearm discharges for ${y}.`;
  const deaths = r.deaths;
  const vague = r.injured_severity_not_recorded;
  let deathPart: string;
  if (!isNum(vague)) deathPart = `deaths following the use of force are ${NOT_REPORTED}, as it does not report injuries`;
  else if (!isNum(deaths)) deathPart = `deaths following the use of force are ${NOT_REPORTED}: its injury records say only whether a person was injured, not how badly`;
  else if (vague > 0) deathPart = `at least ${people(deaths)} died following the use of force (how badly ${people(vague)} ${vague === 1 ? "was" : "were"} injured was not recorded)`;
  else deathPart = `${people(deaths)} died following the use of force`;
  const [person, animal, unintended] = DISCHARGES.map((d) => r[d.key]);
  const firePart = isNum(person) && isNum(animal) && isNum(unintended)
    ? `officers fired at a person in ${incidents(person)} and at an animal in ${incidents(animal)}, and a firearm was discharged unintentionally in ${incidents(unintended)}`
    : `firearm discharges are ${NOT_REPORTED}`;
  return `In ${y}, ${deathPart}; ${firePart}.`;
}

export const figure: FigureModule = {
  id: "gravest-outcomes",
  title: "Deaths and firearm discharges",
  section: "how-much",
  fields: ["subjects.injury", "force_uses.force_type"],
  policy: ["continuum", "reporting_review"],
  compute({ pub, years, lacks }) {
    const inc = pub.incidents.columns;
    const sub = pub.subjects.columns;
    const noInjury = lacks("subjects.injury");
    const noTypes = lacks("force_uses.force_type");
    const byInjury = countRows([sub.year, sub.injury as DataColumn<unknown>], ([y, i]) => `${y}|${i}`);
    const bySet = countRows([inc.year, inc.force_types as DataColumn<unknown>], ([y, t]) => `${y}|${((t as string[] | null) ?? []).join(",")}`);
    const withType = (y: number, type: string) => {
      let k = 0;
      for (const [key, count] of bySet) {
        const [yy, set] = key.split("|");
        if (yy === String(y) && set.split(",").includes(type)) k += count;
      }
      return k;
    };
    const rows: Row[] = years.map((y) => {
      const at = (i: string) => byInjury.get(`${y}|${i}`) ?? 0;
      const vague = at("injured_unspecified");
      // Where no injury that year says how bad it was, a count of deaths would read a yes/no field as "no death".
      const severityRecorded = SEVERITY.some((s) => at(s) > 0) || vague === 0;
      const row: Row = {
        year: y,
        deaths: noInjury.length || !severityRecorded ? null : at("death"),
        injured_severity_not_recorded: noInjury.length ? null : vague,
      };
      for (const d of DISCHARGES) row[d.key] = noTypes.length ? null : withType(y, d.type);
      row.note = noInjury.length ? "Injuries: not reported by this department" : !severityRecorded ? "Injury severity not recorded, so deaths are not reported" : vague > 0 ? "Severity not recorded for some injured people: deaths may be more" : null;
      return row;
    });
    return {
      // The figure stands on either half; it is not reported only without both.
      need: noInjury.length && noTypes.length ? [...noInjury, ...noTypes] : [],
      also: [...noInjury, ...noTypes],
      table: {
        id: "gravest-outcomes",
        title: "Deaths and firearm discharges",
        description: "Exact counts: people on whom force was used whose injury was death, and force incidents in which an officer discharged a firearm at a person, at an animal, or unintentionally (incidents, not shots or officers).",
        columns: [
          num("year", "Year"), num("deaths", "People who died following the use of force"),
          num("injured_severity_not_recorded", "People injured, severity not recorded"),
          num("incidents_fired_at_person", "Incidents: firearm discharged at a person"),
          num("incidents_fired_at_animal", "Incidents: firearm discharged at an animal"),
          num("incidents_unintentional_discharge", "Incidents: unintentional discharge"),
          str("note", "Note"),
        ],
        rows,
        notes: [
          "Counted exactly, however small: disclosure control never hides these counts.",
          ...(noInjury.length ? ["Injuries: not reported by this department, so deaths cannot be counted."] : []),
          ...(noTypes.length ? ["Force types: not reported by this department, so firearm discharges cannot be counted."] : []),
        ],
      },
    };
  },
  summary: gravestOutcomes,
  view(table, { trend }) {
    // A table of exact counts: every year on a page of all years, else the year's row. The
    // columns that only qualify the counts are left to the download where they say nothing.
    const hide = new Set([
      ...(table.rows.every((r) => r.injured_severity_not_recorded === 0) ? ["injured_severity_not_recorded"] : []),
      ...(table.rows.every((r) => r.note === null) ? ["note"] : []),
    ]);
    const columns = table.columns.map((c) => c.key).filter((k) => !hide.has(k));
    return { allYears: trend, columns };
  },
};
