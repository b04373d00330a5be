// A synthetic dispatch (CAD) export, one row per call, whose counts are a calls_for_service table's:
// SYNTHETIC SAMPLE DATA, invented call by call. Beside the calls the table counts it writes what a
// real export also holds and the import must leave out: officer-initiated calls, calls handled
// without an officer, duplicate and test records, and calls received after the release.
import { csvFormatRow } from "d3-dsv";
import { Rng } from "./random.ts";

/** One row of a calls_for_service table (what the export must add up to). */
export interface CallsCell {
  period: string;
  call_type: string;
  district: string;
  calls_911: number;
  calls_dispatched: number;
}

/** The department's own call-type labels for each canonical call type (several, as a CAD system has). */
export const CALL_LABELS: Record<string, string[]> = {
  domestic_disturbance: ["DOMESTIC DISTURBANCE", "DOMESTIC VIOLENCE IN PROGRESS", "FAMILY FIGHT"],
  mental_health_crisis: ["MENTAL HEALTH CRISIS", "WELFARE CHECK", "SUICIDAL PERSON"],
  assault_fight: ["ASSAULT", "FIGHT IN PROGRESS"],
  disturbance: ["DISTURBANCE", "NOISE COMPLAINT", "LOUD PARTY"],
  property_crime: ["BURGLARY", "THEFT", "ROBBERY", "SHOPLIFTING"],
  weapons: ["SHOTS FIRED", "PERSON WITH A WEAPON"],
  suspicious_person: ["SUSPICIOUS PERSON", "SUSPICIOUS VEHICLE"],
  traffic: ["TRAFFIC COLLISION", "TRAFFIC HAZARD"],
  warrant_service: ["WARRANT SERVICE"],
  medical_emergency: ["MEDICAL ASSIST"],
  other: ["CIVIL MATTER", "FOUND PROPERTY", "ANIMAL COMPLAINT"],
  unknown: ["UNKNOWN PROBLEM"],
};

/** How calls came in, as the export writes it. */
const SOURCE = { e911: "E-911", phone: "NON-EMERG LINE", alarm: "ALARM CO", officer: "SELF-INITIATED" } as const;
const DISPATCHED_OUTCOMES = ["REPORT TAKEN", "ARREST", "ADVISED", "GONE ON ARRIVAL", "NO REPORT NEEDED"];
const NOT_DISPATCHED = ["CANCELLED BEFORE DISPATCH", "REFERRED TO FIRE/EMS", "HANDLED BY PHONE"];

/** Beats of a district: its code and a letter ("D1A", "D1B", "D1C"). */
export function beatsOf(code: string): string[] {
  return ["A", "B", "C"].map((l) => `${code}${l}`);
}

/** The export's header. */
export const DISPATCH_HEADER = ["Call Number", "Received", "Call Type", "Beat", "Source", "Priority", "Dispatched", "Disposition"];

/** The mapping's `calls` section for an export written by dispatchExport. */
export function dispatchMapping(file: string, districts: readonly string[]): Record<string, unknown> {
  const types: Record<string, string> = {};
  for (const [canonical, labels] of Object.entries(CALL_LABELS)) for (const l of labels) types[l] = canonical;
  const beats: Record<string, string> = {};
  for (const d of districts) for (const b of beatsOf(d)) beats[b] = d;
  return {
    description: "SYNTHETIC SAMPLE DATA: an invented dispatch export, one row per call.",
    file,
    blank: ["-"],
    fields: {
      time: { column: "Received", format: "MM/DD/YYYY HH:mm:ss" },
      call_type: { column: "Call Type", values: types },
      district: { column: "Beat", values: beats },
      origin: { column: "Source", values: { [SOURCE.e911]: "911", [SOURCE.phone]: "phone", [SOURCE.alarm]: "alarm", [SOURCE.officer]: "officer_initiated" } },
      dispatched: { present: "Dispatched", note: "an officer was dispatched when the call has a dispatch time" },
    },
    filter: [{ column: "Disposition", drop: ["DUPLICATE", "TEST"], note: "duplicate records of one call, and test calls" }],
  };
}

/** What the export holds beyond the counted calls (rows the import must leave out), by kind. */
export interface DispatchExtras {
  officerInitiated: number;
  notDispatched: number;
  duplicates: number;
  tests: number;
  afterRelease: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const stamp = (y: number, m: number, d: number, secondOfDay: number) =>
  `${pad(m)}/${pad(d)}/${y} ${pad(Math.floor(secondOfDay / 3600))}:${pad(Math.floor(secondOfDay / 60) % 60)}:${pad(secondOfDay % 60)}`;

/**
 * The export's CSV text in pieces (header first, then each month's calls in the order received),
 * for a calls table given in period order. extras receives the counts of rows left out.
 */
export function* dispatchExport(cells: Iterable<CallsCell>, opts: { seed: number; released: string; extras?: DispatchExtras }): Generator<string> {
  const rng = new Rng(opts.seed, "dispatch");
  const extras = opts.extras ?? { officerInitiated: 0, notDispatched: 0, duplicates: 0, tests: 0, afterRelease: 0 };
  let seq = 0;
  yield csvFormatRow(DISPATCH_HEADER) + "\n";
  let month: string | null = null;
  let rows: { at: number; line: string }[] = [];
  const flush = function* () {
    rows.sort((a, b) => a.at - b.at);
    let piece = "";
    for (const r of rows) {
      piece += r.line;
      if (piece.length > 1 << 16) {
        yield piece;
        piece = "";
      }
    }
    if (piece) yield piece;
    rows = [];
  };
  /** One call: received at a random moment of the month (or of the given day). */
  const call = (y: number, m: number, type: string, district: string, source: string, sent: boolean, outcome: string, day?: number) => {
    const d = day ?? rng.int(1, daysIn(y, m));
    const second = rng.int(0, 86_399);
    const label = rng.pick(CALL_LABELS[type]);
    const dispatchedAt = sent ? stamp(y, m, d, Math.min(86_399, second + rng.int(30, 1800))) : "";
    const priority = rng.chance(0.03) ? "-" : String(rng.int(1, 4));
    seq++;
    rows.push({ at: d * 86_400 + second, line: csvFormatRow([`SAMPLE-${String(y).slice(2)}-${pad(seq, 7)}`, stamp(y, m, d, second), label, rng.pick(beatsOf(district)), source, priority, dispatchedAt, outcome]) + "\n" });
  };
  let last: { y: number; m: number; district: string } | null = null;
  for (const c of cells) {
    if (c.period !== month) {
      if (month !== null) yield* flush();
      month = c.period;
    }
    const [y, m] = [Number(c.period.slice(0, 4)), Number(c.period.slice(5, 7))];
    last = { y, m, district: c.district };
    const both = Math.min(c.calls_911, c.calls_dispatched);
    // Counted: 911 calls an officer was sent to; other dispatched calls; 911 calls no officer was sent to.
    for (let k = 0; k < both; k++) call(y, m, c.call_type, c.district, SOURCE.e911, true, rng.pick(DISPATCHED_OUTCOMES));
    for (let k = both; k < c.calls_dispatched; k++) call(y, m, c.call_type, c.district, rng.chance(0.8) ? SOURCE.phone : SOURCE.alarm, true, rng.pick(DISPATCHED_OUTCOMES));
    for (let k = both; k < c.calls_911; k++) call(y, m, c.call_type, c.district, SOURCE.e911, false, rng.pick(NOT_DISPATCHED));
    // Left out: officer-initiated calls (which have a dispatch time), non-emergency calls handled
    // without an officer, duplicate records of a call, test calls.
    const own = rng.count(c.calls_dispatched * 0.15);
    for (let k = 0; k < own; k++) call(y, m, c.call_type, c.district, SOURCE.officer, true, rng.pick(DISPATCHED_OUTCOMES));
    const phoned = rng.count(c.calls_dispatched * 0.05);
    for (let k = 0; k < phoned; k++) call(y, m, c.call_type, c.district, SOURCE.phone, false, "HANDLED BY PHONE");
    const dup = rng.count(c.calls_dispatched * 0.01);
    for (let k = 0; k < dup; k++) call(y, m, c.call_type, c.district, SOURCE.e911, true, "DUPLICATE");
    extras.officerInitiated += own;
    extras.notDispatched += phoned;
    extras.duplicates += dup;
    if (rng.chance(0.02)) {
      seq++;
      rows.push({ at: 0, line: csvFormatRow([`SAMPLE-${String(y).slice(2)}-${pad(seq, 7)}`, stamp(y, m, 1, 0), "TEST CALL", rng.pick(beatsOf(c.district)), SOURCE.e911, "4", "", "TEST"]) + "\n" });
      extras.tests++;
    }
  }
  yield* flush();
  // The export was taken some days after the release: calls after it are outside the release.
  if (last) {
    const [ry, rm, rd] = opts.released.split("-").map(Number);
    for (let k = 0; k < 12; k++) {
      const day = Math.min(daysIn(ry, rm), rd + 1 + (k % 5));
      if (day <= rd) break;
      call(ry, rm, "disturbance", last.district, SOURCE.e911, true, "REPORT TAKEN", day);
      extras.afterRelease++;
    }
  }
  yield* flush();
}
