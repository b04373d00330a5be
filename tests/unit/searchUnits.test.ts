// Search units (src/lib/searchUnits.ts) and the search page's reading of them (public/search.js):
// the unit file decodes to the incidents, word positions map to the incident that holds them, and
// the filter counts equal a plain recount of the incidents found.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeNumbers, filterAndCount, hitsByIncident, queryWords, readIncidentIndex } from "../../public/search.js";
import { escapeHtml } from "../../scripts/search.ts";
import type { IncidentRecord } from "../../src/lib/aggregates.ts";
import { FILTER, incidentFilters, incidentSearchParts } from "../../src/lib/incidents.ts";
import {
  UNIT_MAX, encodeNumbers, incidentIndexFile, planUnits, unitDictionary, unitHtml, unitOfUrl, unitUrl, zigzag, type IndexedUnit,
} from "../../src/lib/searchUnits.ts";

const SEED = Number(process.env.PROP_SEED ?? 20251);

function incident(n: number, over: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    incident: `inc${String(n).padStart(13, "0")}`, date: "2024-03-04", year: 2024, district: "D3", district_name: "Northgate", beat: null,
    contact_origin: "dispatched", call_type: "domestic_disturbance", call_type_raw: null, officers_count: 1, subjects_count: 1,
    arrest_made: null, bwc_activated: null, deescalation_attempted: null, crisis_trained_officer: null, coresponder_present: null,
    review_status: null, review_body: null, review_finding: "within_policy", discipline: null, highest_force_level: 3,
    force_types: ["escort"], most_severe_subject_injury: "none", summary: "Officers spoke with the subject.", subjects: [], ...over,
  };
}

/** Where Pagefind would put each heading: the words before it, as the unit's HTML lays them out. */
function fakeIndexed(units: ReturnType<typeof planUnits>): IndexedUnit[] {
  return units.map((u, n) => {
    let at = 0;
    const starts = u.incidents.map((rec) => {
      const s = at;
      const { heading, body } = incidentSearchParts(rec);
      at += `${heading} ${body}`.split(/\s+/).filter(Boolean).length;
      return s;
    });
    return { hash: `en_${n.toString(16).padStart(7, "0")}`, starts };
  });
}

const YEARS = [2022, 2023, 2024];
const CALLS = ["domestic_disturbance", "traffic", "mental_health", null];
const INJURIES = ["none", "minor", "treated", "serious", null];
const FINDINGS = ["within_policy", "out_of_policy", "pending", null];
const SUMMARIES = ["Short.", "The subject ran and officers followed on foot for two blocks.", null, "Officer 1 used a taser once; the subject fell and was taken to hospital for a check."];

/** A varied set of incidents from fast-check. */
const incidents = fc.array(
  fc.record({
    year: fc.constantFrom(...YEARS), district: fc.constantFrom("D1", "D2", "D3"), call: fc.constantFrom(...CALLS),
    level: fc.constantFrom(2, 3, 4, 5, null), injury: fc.constantFrom(...INJURIES), finding: fc.constantFrom(...FINDINGS), summary: fc.constantFrom(...SUMMARIES),
  }),
  { minLength: 1, maxLength: 150 },
).map((xs) => xs.map((x, n) => incident(n, {
  year: x.year, date: `${x.year}-05-06`, district: x.district, district_name: `District ${x.district}`, call_type: x.call, highest_force_level: x.level,
  most_severe_subject_injury: x.injury, review_finding: x.finding, summary: x.summary,
})));

describe("encodeNumbers(numbers) / decodeNumbers(text)", () => {
  it("round-trips whole numbers, one character for each under 32", () => {
    expect(encodeNumbers([0, 1, 31])).toHaveLength(3);
    expect(encodeNumbers([32])).toHaveLength(2);
    fc.assert(fc.property(fc.array(fc.nat({ max: 2 ** 40 })), (xs) => {
      expect(decodeNumbers(encodeNumbers(xs))).toEqual(xs);
    }), { seed: SEED });
  });

  it("refuses negative and fractional numbers; zigzag makes any whole number one it takes", () => {
    expect(() => encodeNumbers([-1])).toThrow(/whole number/);
    expect(() => encodeNumbers([1.5])).toThrow(/whole number/);
    expect([0, -1, 1, -2, 2].map(zigzag)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe("planUnits(records, dict)", () => {
  it("puts incidents of one year, district and call type together, newest year first, at most UNIT_MAX a unit in equal runs", () => {
    const recs = [
      ...Array.from({ length: UNIT_MAX + 10 }, (_, n) => incident(n)),
      incident(900, { year: 2023, date: "2023-01-02" }),
      incident(901, { call_type: "traffic" }),
    ];
    const dict = unitDictionary(recs);
    expect(dict.filters).toEqual([FILTER.year, FILTER.district, FILTER.callType, FILTER.forceLevel, FILTER.injury, FILTER.finding]);
    expect(dict.unitFilters).toBe(3);
    const units = planUnits(recs, dict);
    expect(units.map((u) => u.incidents.length)).toEqual([30, 30, 1, 1]);
    expect(units.map((u) => dict.values[0][u.unitCodes[0]])).toEqual(["2024", "2024", "2024", "2023"]);
    expect(units.flatMap((u) => u.incidents).map((r) => r.incident).sort()).toEqual(recs.map((r) => r.incident).sort());
  });

  it("sorts a unit's incidents by length, so that the starts differ by little", () => {
    const recs = [incident(1, { summary: "A much longer summary of what the officers did and said." }), incident(2, { summary: "Short." })];
    const [unit] = planUnits(recs, unitDictionary(recs));
    expect(unit.incidents.map((r) => r.incident)).toEqual([recs[1].incident, recs[0].incident]);
  });

  it("leaves out the filters of fields the department does not report", () => {
    const recs = [incident(1)];
    const dict = unitDictionary(recs, new Set(["incidents.call_type", "incidents.review_finding"]));
    expect(dict.filters).toEqual([FILTER.year, FILTER.district, FILTER.forceLevel, FILTER.injury]);
    expect(dict.unitFilters).toBe(2);
  });
});

describe("unitHtml(unit, mode)", () => {
  it("gives each incident a heading whose id is its address, with department text escaped", () => {
    const recs = [incident(1, { district_name: 'Harbor<img src=x onerror=alert(1)>', summary: "a < b & c" })];
    const [unit] = planUnits(recs, unitDictionary(recs));
    const grouped = unitHtml(unit, "grouped", escapeHtml);
    expect(grouped).toContain(`<h2 id="incidents/2024/d3/03/#${recs[0].incident}">4 March 2024: Domestic disturbance, Harbor&lt;img src=x onerror=alert(1)&gt;</h2>`);
    expect(grouped).toContain("<p>a &lt; b &amp; c");
    expect(grouped).not.toContain("<img");
    expect(unitHtml(unit, "single", escapeHtml)).toContain(`<h2 id="incidents/${recs[0].incident}/">`);
  });

  it("unitUrl(n) and unitOfUrl(url) name a unit, and no page of the site", () => {
    expect(unitOfUrl(unitUrl(17))).toBe(17);
    expect(unitOfUrl(unitUrl(17, 2))).toBe(17);
    expect(unitOfUrl("/policy/use-of-force/")).toBeNull();
  });
});

describe("incidentIndexFile(...) read by readIncidentIndex(file)", () => {
  it("gives back every incident's filter values and where its heading starts", () => {
    fc.assert(
      fc.property(incidents, (recs) => {
        const dict = unitDictionary(recs);
        const units = planUnits(recs, dict, undefined, 7);
        const indexed = fakeIndexed(units);
        const file = JSON.parse(JSON.stringify(incidentIndexFile(dict, units, indexed, { en_policy1: "Policy" })));
        const index = readIncidentIndex(file);
        expect(index.count).toBe(recs.length);
        expect(index.pages).toEqual(new Map([["en_policy1", "Policy"]]));
        units.forEach((u, n) => {
          const { first, size, hash } = index.units[n];
          expect([hash, size]).toEqual([indexed[n].hash, u.incidents.length]);
          expect(index.unitOf.get(hash)).toBe(n);
          u.incidents.forEach((rec, k) => {
            expect(index.start[first + k]).toBe(indexed[n].starts[k]);
            const want = incidentFilters(rec);
            index.filters.forEach((f, j) => expect(index.values[j][index.codes[j][first + k]]).toBe(want[f][0]));
          });
        });
      }),
      { seed: SEED, numRuns: 50 },
    );
  });

  it("reads a department without incidents as no units, keeping its typed pages", () => {
    const dict = unitDictionary([]);
    const index = readIncidentIndex(JSON.parse(JSON.stringify(incidentIndexFile(dict, planUnits([], dict), [], { en_p: "Policy" }))));
    expect([index.count, index.units.length, index.filters]).toEqual([0, 0, []]);
    expect(filterAndCount(index, [], ["Policy"], {}).counts).toEqual({ type: { Policy: 1 } });
  });

  it("refuses a unit whose headings Pagefind did not all index", () => {
    const recs = [incident(1), incident(2)];
    const dict = unitDictionary(recs);
    const units = planUnits(recs, dict);
    expect(() => incidentIndexFile(dict, units, [{ hash: "en_1", starts: [0] }], {})).toThrow(/2 incidents but 1 headings/);
  });
});

describe("hitsByIncident(index, unit, locations)", () => {
  it("counts each word found for the incident whose heading comes last before it", () => {
    const recs = [incident(1), incident(2, { summary: "Two words." }), incident(3, { summary: "One more summary here." })];
    const dict = unitDictionary(recs);
    const units = planUnits(recs, dict);
    const starts = [0, 10, 25];
    const index = readIncidentIndex(JSON.parse(JSON.stringify(incidentIndexFile(dict, units, [{ hash: "en_a", starts }], {}))));
    const hits = hitsByIncident(index, 0, [0, 3, 9, 10, 24, 25, 400]);
    expect([...hits]).toEqual([[0, 3], [1, 2], [2, 2]]);
  });
});

describe("filterAndCount(index, incidents, pageTypes, chosen)", () => {
  it("keeps what every chosen filter allows, and counts a filter's values with the other filters applied", () => {
    const choices = fc.record({
      year: fc.subarray(YEARS.map(String)), injury: fc.subarray(["No injury", "Minor injury or complaint of pain", "Not recorded"]),
      type: fc.subarray(["Incident", "Policy"]), found: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(incidents, choices, (recs, c) => {
        const dict = unitDictionary(recs);
        const units = planUnits(recs, dict, undefined, 5);
        const index = readIncidentIndex(JSON.parse(JSON.stringify(incidentIndexFile(dict, units, fakeIndexed(units), {}))));
        // Some of the incidents, and two policy pages and a page without a type.
        const foundIds = Array.from({ length: index.count }, (_, i) => i).filter((i) => (i * 0.6180339887) % 1 < c.found);
        const pageTypes = ["Policy", "Policy", undefined];
        const chosen: Record<string, string[]> = {};
        if (c.year.length) chosen.year = c.year;
        if (c.injury.length) chosen.injury = c.injury;
        if (c.type.length) chosen.type = c.type;
        const got = filterAndCount(index, foundIds, pageTypes, chosen);
        // The plain recount: every item with its value of every filter.
        const items = [
          ...foundIds.map((i) => ({ id: i, page: -1, v: Object.fromEntries([["type", "Incident"], ...index.filters.map((f, j) => [f, index.values[j][index.codes[j][i]]])]) as Record<string, string> })),
          ...pageTypes.map((t, p) => ({ id: -1, page: p, v: (t ? { type: t } : {}) as Record<string, string> })),
        ];
        const passes = (v: Record<string, string>, except?: string) => Object.entries(chosen).every(([f, vs]) => f === except || vs.includes(v[f]));
        expect([...got.incidents].sort((a, b) => a - b)).toEqual(items.filter((x) => x.id >= 0 && passes(x.v)).map((x) => x.id));
        expect([...got.pages].sort()).toEqual(items.filter((x) => x.page >= 0 && passes(x.v)).map((x) => x.page));
        for (const f of ["type", ...index.filters]) {
          const want: Record<string, number> = {};
          for (const x of items) if (x.v[f] !== undefined && passes(x.v, f)) want[x.v[f]] = (want[x.v[f]] ?? 0) + 1;
          expect(got.counts[f], f).toEqual(want);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe("queryWords(q)", () => {
  it("splits on spaces, drops pieces Pagefind drops, and keeps a quoted phrase whole", () => {
    expect(queryWords("  taser  crisis taser ")).toEqual(["taser", "crisis"]);
    expect(queryWords("taser - (crisis) --")).toEqual(["taser", "(crisis)"]);
    expect(queryWords('"mental health crisis"')).toEqual(['"mental health crisis"']);
    expect(queryWords("")).toEqual([]);
  });
});
