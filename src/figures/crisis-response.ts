// Crisis response on mental-health calls: outcomes with and without crisis support.
import type { Cell } from "../lib/aggregates.ts";
import { NOT_REPORTED_TEXT } from "../lib/coverage.ts";
import { groupedBars, responsive } from "../lib/charts.ts";
import { isInjured } from "../lib/schema/vocab.ts";
import { NOT_RECORDED, NOT_RECORDED_LABEL, countRows, derive, num, share, str, through, where } from "./count.ts";
import { NOT_REPORTED, fmt, isNum, n0, ofYear, pct, type Row } from "./text.ts";
import type { FigureModule } from "./types.ts";

const n = (v: Cell) => (typeof v === "number" ? v : null);

function crisisResponse(rows: Row[], y: number): string {
  const year = ofYear(rows, y);
  const w = year.find((r) => r.crisis_support === "with");
  const wo = year.find((r) => r.crisis_support === "without");
  if (!w && !wo) return `There were no force incidents on mental-health calls in ${y}, or crisis support was not recorded.`;
  const side = (r: Row | undefined, when: string) => {
    if (!r || !isNum(r.subjects) || r.subjects === 0) return `no subjects ${when}`;
    if (!isNum(r.share_injured)) return `a share ${when} that is ${r.note === "suppressed" ? `hidden because it counts so few people (${n0(r.subjects as number)} subjects)` : NOT_REPORTED}`;
    const few = r.subjects < 20 ? `, too few to read much into` : "";
    return `${pct(r.share_injured)} ${when} (${isNum(r.subjects_injured) ? n0(r.subjects_injured) : "some"} of ${n0(r.subjects)}${few})`;
  };
  return `In ${y}, on mental-health calls, the share of subjects injured was ${side(w, "when a crisis-trained officer or co-responder was present")}, against ${side(wo, "when neither was present")}.`;
}

export const figure: FigureModule = {
  id: "crisis-response",
  title: "Mental-health calls: outcomes with and without crisis support",
  section: "crisis",
  fields: ["incidents.call_type", "incidents.crisis_trained_officer", "incidents.coresponder_present", "subjects.injury"],
  policy: ["crisis_response", "de_escalation"],
  compute({ pub, years, has, lacks }) {
    const inc = pub.incidents.columns;
    const sub = pub.subjects.columns;
    // Crisis support of each incident on a mental-health call (null for other calls), and of each subject's incident.
    const support = derive([inc.call_type, inc.crisis_trained_officer, inc.coresponder_present], ([t, c, r]) =>
      t !== "mental_health_crisis" ? null : c === "yes" || r === "yes" ? "with" : c === null && r === null ? NOT_RECORDED : "without");
    const subjectSupport = through(sub.incident, support);
    const byYearSupport = ([y, sp]: unknown[]) => `${y}|${sp}`;
    const mhByYear = countRows([inc.year, support], byYearSupport);
    const subsByYear = countRows([sub.year, subjectSupport], byYearSupport);
    const injuredByYear = countRows([sub.year, subjectSupport], byYearSupport, where(sub.injury, (v) => isInjured(v as string | null)));
    const highByYear = countRows([sub.year, subjectSupport], byYearSupport, where(sub.highest_force_level, (l) => (l ?? 0) >= 5));
    const rows: Row[] = [];
    for (const y of years)
      for (const sup of ["with", "without", NOT_RECORDED]) {
        const incidents = mhByYear.get(`${y}|${sup}`) ?? 0;
        if (incidents === 0 && sup === NOT_RECORDED) continue;
        const subs = subsByYear.get(`${y}|${sup}`) ?? 0;
        const injured = injuredByYear.get(`${y}|${sup}`) ?? 0;
        const high = highByYear.get(`${y}|${sup}`) ?? 0;
        rows.push({
          year: y, crisis_support: sup,
          crisis_support_label: sup === "with" ? "Crisis-trained officer or co-responder present" : sup === "without" ? "Neither present" : NOT_RECORDED_LABEL,
          incidents, subjects: subs, subjects_injured: injured, share_injured: share(injured, subs),
          subjects_less_lethal_or_higher: high, share_less_lethal_or_higher: share(high, subs),
          note: null,
        });
      }
    if (!has("subjects.injury")) for (const r of rows) r.subjects_injured = r.share_injured = null;
    return {
      need: [
        ...lacks("incidents.call_type"),
        ...(has("incidents.crisis_trained_officer") || has("incidents.coresponder_present") ? [] : ["whether a crisis-trained officer or co-responder was present"]),
      ],
      also: [
        ...(has("incidents.crisis_trained_officer") !== has("incidents.coresponder_present") ? [...lacks("incidents.crisis_trained_officer"), ...lacks("incidents.coresponder_present")] : []),
        ...lacks("subjects.injury"),
      ],
      table: {
        id: "crisis-response",
        title: "Mental-health calls: outcomes with and without crisis support",
        description: "Force incidents on mental-health crisis or welfare calls, by whether a crisis-trained officer or mental-health co-responder was present, with the share of subjects injured and the share on whom less-lethal weapons or deadly force were used.",
        columns: [num("year", "Year"), str("crisis_support", "Crisis support code"), str("crisis_support_label", "Crisis support"), num("incidents", "Incidents"), num("subjects", "Subjects"), num("subjects_injured", "Subjects injured"), num("share_injured", "Share injured (%)"), num("subjects_less_lethal_or_higher", "Subjects with level 5 or 6 force"), num("share_less_lethal_or_higher", "Share with level 5 or 6 force (%)"), str("note", "Note")],
        rows,
        notes: [
          has("subjects.injury") ? "Injured means any injury from minor to death, including injuries whose severity was not recorded; unknown and not-recorded injuries count as not injured." : `Subjects' injuries: ${NOT_REPORTED_TEXT.toLowerCase()}, so no share injured can be given.`,
        ],
      },
    };
  },
  summary: crisisResponse,
  view(table, { focus }) {
    const title = `${table.title}, ${focus}`;
    const rows = ofYear(table.rows, focus);
    const series = rows.map((r) => String(r.crisis_support_label));
    // An empty share is hidden (suppressed), not reported (injuries), or a share of no one.
    const why = (r: Row) => (r.note === "suppressed" ? "suppressed" : r.subjects === 0 ? "no subjects" : "not reported");
    const bars = rows.flatMap((r) => [
      { group: "Subjects injured", series: String(r.crisis_support_label), value: n(r.share_injured), missing: why(r), text: typeof r.share_injured === "number" ? `${fmt(r.share_injured, 1)}% (${fmt(n(r.subjects_injured))} of ${fmt(n(r.subjects))})` : undefined },
      { group: "Subjects on whom less-lethal weapons or deadly force were used", series: String(r.crisis_support_label), value: n(r.share_less_lethal_or_higher), missing: why(r), text: typeof r.share_less_lethal_or_higher === "number" ? `${fmt(r.share_less_lethal_or_higher, 1)}% (${fmt(n(r.subjects_less_lethal_or_higher))} of ${fmt(n(r.subjects))})` : undefined },
    ]);
    return {
      columns: ["crisis_support_label", "incidents", "subjects", "subjects_injured", "share_injured", "subjects_less_lethal_or_higher", "share_less_lethal_or_higher"],
      svg: rows.length ? responsive((width) => groupedBars(bars, { title, xLabel: "Share of subjects on mental-health calls", series, unit: "%", max: 100, width })) : undefined,
      extra: "Crisis-trained officers and co-responders are not sent to every call at random, so the calls with and without them may differ: these shares describe what happened, not the effect of crisis support.",
    };
  },
};
