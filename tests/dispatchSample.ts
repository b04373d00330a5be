// A department folder for the dispatch-import tests, all synthetic: the sample's force records as
// one officer-per-force export, and a synthetic dispatch export written from the sample's
// calls_for_service tables, with mapping.json mapping both (the calls table itself is left out).
import fs from "node:fs";
import path from "node:path";
import { csvFormatRows, csvParse } from "d3-dsv";
import { dispatchExport, dispatchMapping, type CallsCell, type DispatchExtras } from "../scripts/sample/dispatch.ts";
import { generateSample, type SampleOptions } from "../scripts/sample/generate.ts";

/** What the folder was written from: the counts the dispatch export was generated to add up to. */
export interface DispatchDepartment {
  dir: string;
  /** The sample's calls_for_service rows, all years, as generated. */
  intended: CallsCell[];
  extras: DispatchExtras;
  /** Incidents of each year, and of those, incidents begun by a dispatched call. */
  incidents: Map<number, { all: number; dispatched: number }>;
}

const TABLES_LEFT_OUT = new Set(["incidents", "subjects", "officers", "force_uses", "calls_for_service"]);

/** Writes the folder at dir. */
export function dispatchDepartment(dir: string, options: Required<SampleOptions>): DispatchDepartment {
  const files = generateSample(options);
  fs.mkdirSync(dir, { recursive: true });
  for (const [rel, text] of files) {
    if (TABLES_LEFT_OUT.has(rel.split("/")[0])) continue;
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  const of = (table: string) => [...files].filter(([k]) => k.startsWith(`${table}/`)).sort(([a], [b]) => a.localeCompare(b)).flatMap(([, t]) => csvParse(t));

  // The force export: one row per force use, with its incident's date, district, origin and call type.
  const incidents = new Map(of("incidents").map((r) => [r.incident_id!, r]));
  const force = [["Case", "Date", "District", "Contact", "Call Type", "Force"]];
  for (const u of of("force_uses")) {
    const i = incidents.get(u.incident_id!)!;
    force.push([i.incident_id!, i.date!, i.district!, i.contact_origin!, i.call_type!, u.force_type!]);
  }
  fs.writeFileSync(path.join(dir, "force.csv"), csvFormatRows(force) + "\n");
  const byYear = new Map<number, { all: number; dispatched: number }>();
  for (const i of incidents.values()) {
    const y = Number(i.date!.slice(0, 4));
    const e = byYear.get(y) ?? { all: 0, dispatched: 0 };
    e.all++;
    if (i.contact_origin === "dispatched") e.dispatched++;
    byYear.set(y, e);
  }

  const config = JSON.parse(files.get("config.json")!) as { released: string; districts: { code: string }[] };
  const intended: CallsCell[] = of("calls_for_service").map((r) => ({ period: r.period!, call_type: r.call_type!, district: r.district!, calls_911: Number(r.calls_911), calls_dispatched: Number(r.calls_dispatched) }));
  const extras: DispatchExtras = { officerInitiated: 0, notDispatched: 0, duplicates: 0, tests: 0, afterRelease: 0 };
  fs.writeFileSync(path.join(dir, "dispatch.csv"), [...dispatchExport(intended, { seed: options.seed, released: config.released, extras })].join(""));

  const mapping = {
    description: "Synthetic sample data for the dispatch-import tests.",
    sources: [{
      file: "force.csv", grain: "officer_force", keys: { incident: ["Case"] },
      fields: {
        "incidents.date": { column: "Date" },
        "incidents.district": { column: "District" },
        "incidents.contact_origin": { column: "Contact" },
        "incidents.call_type": { column: "Call Type" },
        "force_uses.force_type": { column: "Force" },
      },
    }],
    calls: dispatchMapping("dispatch.csv", config.districts.map((d) => d.code)),
  };
  fs.writeFileSync(path.join(dir, "mapping.json"), JSON.stringify(mapping, null, 2) + "\n");
  return { dir, intended, extras, incidents: byYear };
}
