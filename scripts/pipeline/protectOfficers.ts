// Disclosure control of officers' demographics. Officers are public employees, but an officer's
// age band, sex, race or ethnicity and years of service, beside the published date and place of
// the incident, can single out one officer in a small department. The officer records get the
// same treatment as the subjects (protect.ts): k-anonymity over the incident's published
// quasi-identifiers joined to the officer's own, each officer field generalised one level for the
// whole release where that loses least (wider age and service bands, rare categories merged),
// then single values of the records still in groups smaller than k withheld. It runs after the
// incidents are protected, on their published values, so it never changes an incident.
import type { DepartmentConfig } from "../../src/lib/schema/config.ts";
import {
  AGE_BAND_WIDER, ANOTHER_CATEGORY, INCIDENT_QUASI_IDENTIFIERS, SERVICE_BAND_WIDER, WITHHELD,
  type GroupFigures, type OfficerField, type OfficerFieldProtection, type OfficerProtectionReport,
} from "../../src/lib/schema/disclosure.ts";
import type { PublishedIncident, PublishedOfficer } from "../../src/lib/schema/published.ts";
import { Codes } from "./codes.ts";
import { DictColumn, type ColumnTable, type Column, type RefColumn } from "./table.ts";

const EMPTY = 0;
const WITHHELD_CODE = 1;
const ANOTHER_CODE = 2;


function codesOf(col: Column<unknown>, n: number, codes: Codes): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = col.get(i);
    out[i] = codes.code(v === null || v === undefined ? null : String(v));
  }
  return out;
}

/** Dense group ids of numeric keys and each group's size. */
function group(keys: Float64Array): { id: Int32Array; size: number[] } {
  const ids = new Map<number, number>();
  const id = new Int32Array(keys.length);
  const size: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    let g = ids.get(keys[i]);
    if (g === undefined) {
      g = size.length;
      ids.set(keys[i], g);
      size.push(0);
    }
    id[i] = g;
    size[g]++;
  }
  return { id, size };
}

function figures(size: number[], n: number, k: number): GroupFigures {
  let unique = 0, small = 0, inSmall = 0;
  for (const s of size) {
    if (s === 1) unique++;
    if (s < k) {
      small++;
      inSmall += s;
    }
  }
  return { records: n, groups: size.length, unique, small_groups: small, records_in_small_groups: inSmall };
}

/** The officer fields in the model, with the label readers know each by and its hierarchy. */
export const OFFICER_FIELDS: { field: OfficerField; label: string; wider: string; domain: number }[] = [
  { field: "age_band", label: "officer's age band", wider: "wider bands", domain: 7 },
  { field: "sex", label: "officer's sex", wider: "rare categories merged", domain: 4 },
  { field: "race_ethnicity", label: "officer's race or ethnicity", wider: "rare categories merged", domain: 9 },
  { field: "service_band", label: "officer's years-of-service band", wider: "wider bands", domain: 5 },
];

interface Field {
  field: OfficerField;
  codes: Codes;
  base: Int32Array;
  /** Codes one level up, and the loss per changed cell. */
  wider: Int32Array;
  loss: number;
}

/**
 * Protects the officers' demographic fields. `incidents` are the protected incidents (their
 * published values); officers refer to them by row.
 */
export function protectOfficers(
  officers: ColumnTable<PublishedOfficer>,
  incidents: ColumnTable<PublishedIncident>,
  config: DepartmentConfig,
): { officers: ColumnTable<PublishedOfficer>; report: OfficerProtectionReport | null } {
  const k = config.privacy_threshold;
  const n = officers.length;
  if (n === 0) return { officers, report: null };
  const O = officers.columns;
  const refs = (O.incident as unknown as RefColumn).refs ?? new Int32Array(n).fill(-1);

  // The incident's published quasi-identifiers: those in the model and those published as recorded.
  const shown = new Set([...config.quasi_identifiers, ...config.publish_exact]);
  const incFields = INCIDENT_QUASI_IDENTIFIERS.filter((f) => f !== "time" && shown.has(f) && (f !== "beat" || config.location_grain === "beat"));
  const incKeys = new Float64Array(incidents.length);
  {
    const parts = new Map<string, number>();
    const I = incidents.columns as unknown as Record<string, Column<unknown>>;
    for (let i = 0; i < incidents.length; i++) {
      const key = incFields.map((f) => String(I[f]?.get(i) ?? "")).join("\u0000");
      let g = parts.get(key);
      if (g === undefined) parts.set(key, (g = parts.size));
      incKeys[i] = g;
    }
  }
  const incGroup = Float64Array.from(refs, (r) => (r >= 0 ? incKeys[r] + 1 : 0));

  // Each officer field, as recorded and one level up; a field the department never records stays
  // out of the model (it reads "not reported", never "withheld").
  const all: Field[] = OFFICER_FIELDS.map(({ field, domain }) => {
    const codes = new Codes();
    const base = codesOf(O[field] as Column<unknown>, n, codes);
    const counts = new Map<string, number>();
    let known = 0;
    for (let i = 0; i < n; i++) {
      const v = codes.values[base[i]];
      if (base[i] > ANOTHER_CODE && v !== null) {
        counts.set(v, (counts.get(v) ?? 0) + 1);
        if (v !== "unknown") known++;
      }
    }
    const up = (v: string): string => {
      if (field === "age_band") return (AGE_BAND_WIDER as Record<string, string>)[v] ?? v;
      if (field === "service_band") return SERVICE_BAND_WIDER[v] ?? v;
      // A category is rare where it holds under 5% of the known values: merged into "another category".
      const keep = field === "sex" ? ["female", "male", "unknown"] : ["unknown"];
      return keep.includes(v) || (counts.get(v) ?? 0) >= 0.05 * known ? v : ANOTHER_CATEGORY;
    };
    const byCode = codes.values.map((v, c) => (c <= ANOTHER_CODE || v === null ? c : codes.code(up(v))));
    const covered = new Map<number, number>();
    for (let c = ANOTHER_CODE + 1; c < byCode.length; c++) if (byCode[c] !== c) covered.set(byCode[c], (covered.get(byCode[c]) ?? 0) + 1);
    const widest = Math.max(1, ...covered.values());
    return { field, codes, base, wider: base.map((c) => byCode[c]), loss: Math.max(widest - 1, 0.5) / Math.max(1, domain - 1) };
  });
  const fields = all.filter((f) => f.base.some((c) => c !== EMPTY));

  const keysOf = (cur: Int32Array[]): Float64Array => {
    const out = Float64Array.from(incGroup);
    cur.forEach((c, j) => {
      const r = fields[j].codes.values.length;
      for (let i = 0; i < n; i++) out[i] = out[i] * r + c[i];
    });
    return out;
  };
  const smallCount = (cur: Int32Array[]) => {
    const g = group(keysOf(cur));
    let s = 0;
    for (let i = 0; i < n; i++) if (g.size[g.id[i]] < k) s++;
    return s;
  };
  const changed = (f: Field) => {
    let c = 0;
    for (let i = 0; i < n; i++) if (f.wider[i] !== f.base[i]) c++;
    return c;
  };
  const before = group(keysOf(fields.map((f) => f.base)));

  // Withholding, from a set of levels: for the records still in small groups, the field whose
  // withholding puts most of them in groups of k or more per value withheld goes first; where
  // none helps, the first field that still has a value. Records still in a small group at the
  // end have every value withheld, an empty one ("not recorded", a detail too) included.
  // Returns the codes and the cells withheld.
  const withhold = (node: number): { state: Int32Array[]; withheld: number } => {
    const state = fields.map((f, j) => Int32Array.from(node & (1 << j) ? f.wider : f.base));
    let withheld = 0;
    const open = (i: number) => state.some((c) => c[i] !== EMPTY && c[i] !== WITHHELD_CODE);
    for (let round = 0; round < 4 * fields.length + 1; round++) {
      const g = group(keysOf(state));
      const small = [];
      for (let i = 0; i < n; i++) if (g.size[g.id[i]] < k && open(i)) small.push(i);
      if (small.length === 0) break;
      let best = -1;
      let bestScore = -1;
      for (let j = 0; j < fields.length; j++) {
        const trial = state.map((c, m) => (m === j ? Int32Array.from(c) : c));
        let changedCells = 0;
        for (const i of small) {
          if (trial[j][i] !== EMPTY && trial[j][i] !== WITHHELD_CODE) {
            trial[j][i] = WITHHELD_CODE;
            changedCells++;
          }
        }
        if (changedCells === 0) continue;
        const t = group(keysOf(trial));
        let freed = 0;
        for (const i of small) if (t.size[t.id[i]] >= k) freed++;
        const score = freed / changedCells;
        if (score > bestScore) {
          bestScore = score;
          best = j;
        }
      }
      if (best < 0) break;
      for (const i of small) {
        if (state[best][i] !== EMPTY && state[best][i] !== WITHHELD_CODE) {
          state[best][i] = WITHHELD_CODE;
          withheld++;
        }
      }
    }
    const g = group(keysOf(state));
    for (let i = 0; i < n; i++) {
      if (g.size[g.id[i]] >= k) continue;
      for (const c of state) {
        if (c[i] !== WITHHELD_CODE) withheld++;
        c[i] = WITHHELD_CODE;
      }
    }
    return { state, withheld };
  };

  // Global levels: the 16 combinations estimated (generalised cells weighed by their loss, plus a
  // cell for each record in a small group), then the best few withheld in full, and the one
  // losing least in all (a withheld value costs a cell) kept.
  const genLoss = fields.map((f) => changed(f) * f.loss);
  const nodeGen = (node: number) => fields.reduce((a, _, j) => a + (node & (1 << j) ? genLoss[j] : 0), 0);
  const estimates: { node: number; loss: number }[] = [];
  for (let node = 0; node < 1 << fields.length; node++) {
    // A level that changes nothing is not a level of its own.
    if (fields.some((_, j) => node & (1 << j) && genLoss[j] === 0)) continue;
    const cur = fields.map((f, j) => (node & (1 << j) ? f.wider : f.base));
    estimates.push({ node, loss: nodeGen(node) + smallCount(cur) });
  }
  estimates.sort((a, b) => a.loss - b.loss || a.node - b.node);
  let bestNode = 0;
  let bestLoss = Infinity;
  let state: Int32Array[] = [];
  for (const e of estimates.slice(0, 4)) {
    const done = withhold(e.node);
    const loss = nodeGen(e.node) + done.withheld;
    if (loss < bestLoss) {
      bestLoss = loss;
      bestNode = e.node;
      state = done.state;
    }
  }
  const after = group(keysOf(state));
  let fullyWithheld = 0;
  for (let i = 0; i < n; i++) if (state.every((c) => c[i] === WITHHELD_CODE)) fullyWithheld++;

  let out = officers;
  const fieldReports: OfficerFieldProtection[] = OFFICER_FIELDS.map((meta) => {
    const j = fields.findIndex((f) => f.field === meta.field);
    if (j < 0) return { field: meta.field, label: meta.label, treatment: "not reported", hierarchy: [], level: null, values: 0, generalised: 0, withheld: 0 };
    const f = fields[j];
    out = out.with(f.field as "sex", DictColumn.sharing<string>(f.codes.values, Uint32Array.from(state[j])) as never);
    let generalised = 0, withheld = 0;
    for (let i = 0; i < n; i++) {
      if (state[j][i] === WITHHELD_CODE) withheld++;
      else if (state[j][i] !== f.base[i]) generalised++;
    }
    return {
      field: f.field, label: meta.label, treatment: "generalised",
      hierarchy: ["as recorded", meta.wider, "withheld"],
      level: bestNode & (1 << j) ? meta.wider : "as recorded",
      values: n, generalised, withheld,
    };
  });
  return {
    officers: out,
    report: {
      k,
      incident_fields: incFields,
      fields: fieldReports,
      before: fields.length === 0 ? null : figures(before.size, n, k),
      after: fields.length === 0 ? null : figures(after.size, n, k),
      fully_withheld: fields.length === 0 ? 0 : fullyWithheld,
    },
  };
}
