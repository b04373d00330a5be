// Officers who used force, by race or ethnicity, sex, age band and years of service: counted
// from the officer records as disclosure control published them (protectOfficers.ts).
import type { Cell } from "../lib/aggregates.ts";
import { coverageName } from "../lib/coverage.ts";
import { barH, responsive } from "../lib/charts.ts";
import { ANOTHER_CATEGORY, PROTECTED_NOTE, PROTECTED_VOCAB, WITHHELD, WITHHELD_TEXT } from "../lib/schema/disclosure.ts";
import { NOT_RECORDED, countRows, label, num, share, str, through } from "./count.ts";
import { NOT_REPORTED, lowerFirst, n0, ofYear, pct, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

/** The officer details counted, in the order shown, with the field each is published from. */
const CHARACTERISTICS = [
  { key: "race_ethnicity", label: "Race or ethnicity", fields: ["officers.race_ethnicity"] },
  { key: "sex", label: "Sex", fields: ["officers.sex"] },
  { key: "age_band", label: "Age band", fields: ["officers.age", "officers.age_band"] },
  { key: "service_band", label: "Years of service", fields: ["officers.years_of_service"] },
] as const;

const n = (v: Cell) => (typeof v === "number" ? v : null);
const OTHER = new Set([NOT_RECORDED, WITHHELD, ANOTHER_CATEGORY, "unknown", "adult", ""]);

function officersWhoUsedForce(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  if (year.length === 0) return `Officers' details for ${y} are ${NOT_REPORTED}.`;
  const parts: string[] = [];
  const absent: string[] = [];
  for (const c of CHARACTERISTICS) {
    const of = year.filter((r) => r.characteristic === c.key);
    if (of.length === 0 || of.every((r) => r.officers === null)) {
      absent.push(c.label.toLowerCase());
      continue;
    }
    const [top, second] = of.filter((r) => typeof r.officers === "number" && !OTHER.has(String(r.group))).sort((a, b) => (b.officers as number) - (a.officers as number));
    // Officers whose value is withheld or merged could belong to any group: a group is named the
    // largest only when they could not change that; otherwise the sentence says so.
    const hidden = of.filter((r) => (r.group === WITHHELD || r.group === ANOTHER_CATEGORY) && typeof r.officers === "number").reduce((k, r) => k + (r.officers as number), 0);
    if (!top) continue;
    const named = `${lowerFirst(String(top.group_label))} (${n0(top.officers as number)}, ${pct(top.share_of_officers as number)})`;
    const sure = hidden === 0 || (top.officers as number) > ((second?.officers as number | undefined) ?? 0) + hidden;
    parts.push(sure ? `by ${c.label.toLowerCase()}, ${named}` : `by ${c.label.toLowerCase()}, ${named} among those shown, though for ${n0(hidden)} officer${hidden === 1 ? "" : "s"} it is ${WITHHELD_TEXT}, enough to change the order`);
  }
  const lead = parts.length ? `In ${y}, the largest group of officers who used force was, ${parts.join("; ")}` : `In ${y}, no group of officers who used force is large enough to name`;
  return `${lead}.${absent.length ? ` Officers' ${absent.join(", ")}: ${NOT_REPORTED}.` : ""}`;
}

export const figure: FigureModule = {
  id: "officers-who-used-force",
  title: "Officers who used force",
  section: "accountability",
  fields: ["officers", "officers.race_ethnicity", "officers.sex", "officers.age", "officers.years_of_service"],
  policy: ["reporting_review"],
  empty: `Officers' details are ${NOT_REPORTED}.`,
  compute({ pub, years, has }) {
    const rows: Row[] = [];
    const O = pub.officers.columns;
    const reported = CHARACTERISTICS.filter((c) => pub.officers.length > 0 && c.fields.some((f) => has(f)));
    if (reported.length > 0) {
      const year = through(O.incident, pub.incidents.columns.year);
      for (const c of CHARACTERISTICS) {
        const vocab = PROTECTED_VOCAB[c.key] as Record<string, string>;
        if (!reported.includes(c)) {
          // Not reported: one row a year that says so, never a count of 0.
          for (const y of years) rows.push({ year: y, characteristic: c.key, characteristic_label: c.label, group: null, group_label: "Not reported by this department", officers: null, share_of_officers: null, note: "not reported" });
          continue;
        }
        const by = countRows([year, O[c.key]], ([y, v]) => `${y}|${v ?? NOT_RECORDED}`);
        for (const y of years) {
          let all = 0;
          for (const [k, v] of by) if (k.startsWith(`${y}|`)) all += v;
          for (const v of [...Object.keys(vocab), NOT_RECORDED]) {
            const k = by.get(`${y}|${v}`) ?? 0;
            if (k === 0) continue;
            rows.push({ year: y, characteristic: c.key, characteristic_label: c.label, group: v, group_label: label(vocab, v === NOT_RECORDED ? null : v), officers: k, share_of_officers: share(k, all), note: null });
          }
        }
      }
    }
    return {
      need: pub.officers.length === 0 ? [coverageName("officers")] : reported.length === 0 ? CHARACTERISTICS.map((c) => coverageName(c.fields[0])) : [],
      also: reported.length > 0 ? CHARACTERISTICS.filter((c) => !reported.includes(c)).map((c) => coverageName(c.fields[0])) : [],
      table: {
        id: "officers-who-used-force",
        title: "Officers who used force",
        description: "Officers' involvements in force incidents, by race or ethnicity, sex, age band and years of service as recorded by the department; an officer is counted once for each incident.",
        columns: [num("year", "Year"), str("characteristic", "Characteristic code"), str("characteristic_label", "Characteristic"), str("group", "Group code"), str("group_label", "Group"), num("officers", "Officers"), num("share_of_officers", "Share of officers (%)"), str("note", "Note")],
        rows,
        notes: [
          "Officers are counted once for each incident they used force in, so one officer may be counted several times.",
          ...(rows.some((r) => r.group === WITHHELD || r.group === ANOTHER_CATEGORY) ? [PROTECTED_NOTE] : []),
        ],
      },
    };
  },
  summary: officersWhoUsedForce,
  view(table, { focus }) {
    const title = `${table.title}, ${focus}`;
    const rows = ofYear(table.rows, focus);
    return {
      columns: ["characteristic_label", "group_label", "officers", "share_of_officers", "note"],
      svg: rows.length
        ? responsive((width) => barH(rows.map((r) => ({
          label: `${r.characteristic_label}: ${r.group_label}`,
          value: n(r.share_of_officers),
          text: typeof r.officers === "number" ? `${r.share_of_officers}% (${n0(r.officers)})` : undefined,
          missing: "not reported by this department",
        })), { title, xLabel: "Share of officers who used force, within each characteristic (officers in brackets)", unit: "%", digits: 1, width }))
        : undefined,
    };
  },
};
