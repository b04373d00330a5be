// A department whose yearly files lack a date column for some years: the sample department with
// every 2019 incident dated only to the year ("2019") and every 2020 incident only to the month
// ("2020-03"), as the import writes such files. Shared by the unit and browser tests.
import fs from "node:fs";
import path from "node:path";
import { copyDepartment, editCsv, tmpDir } from "./helpers.ts";

export const SAMPLE = path.resolve(import.meta.dirname, "..", "data");

/** What the fixture holds: incidents of each changed year, counted from its files. */
export interface PartialDates {
  dir: string;
  /** Incidents by year, from the files (every year). */
  incidents: Map<number, number>;
  /** Incidents dated only to the year / only to the month, by year. */
  yearOnly: Map<number, number>;
  monthOnly: Map<number, number>;
}

/**
 * Copies the sample to a temporary folder and coarsens its dates: years in `yearOnly` lose month
 * and day, years in `monthOnly` their day; in `lateHalfYearOnly` only the incidents from July on
 * lose month and day (a year whose last dated incident is in June). Without calls for service
 * when `noCalls` (so part years can come only from the incidents' dates).
 */
export function partialDatesSample(opts: {
  yearOnly: number[];
  monthOnly: number[];
  lateHalfYearOnly?: number[];
  noCalls?: boolean;
  /** Changes to config.json. */
  config?: Record<string, unknown>;
}): PartialDates {
  const dir = path.join(tmpDir("uof-dates-"), "data");
  copyDepartment(SAMPLE, dir);
  if (opts.config) {
    const file = path.join(dir, "config.json");
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")), ...opts.config }, null, 2));
  }
  const incidents = new Map<number, number>();
  const yearOnly = new Map<number, number>();
  const monthOnly = new Map<number, number>();
  const add = (m: Map<number, number>, y: number) => m.set(y, (m.get(y) ?? 0) + 1);
  for (const f of fs.readdirSync(path.join(dir, "incidents"))) {
    editCsv(path.join(dir, "incidents", f), (rows) =>
      rows.map((r) => {
        const y = Number(r.date.slice(0, 4));
        add(incidents, y);
        if (opts.yearOnly.includes(y) || (opts.lateHalfYearOnly?.includes(y) && r.date.slice(5, 7) >= "07")) {
          add(yearOnly, y);
          return { ...r, date: r.date.slice(0, 4), time: "" };
        }
        if (opts.monthOnly.includes(y)) {
          add(monthOnly, y);
          return { ...r, date: r.date.slice(0, 7), time: "" };
        }
        return r;
      }),
    );
  }
  if (opts.noCalls) fs.rmSync(path.join(dir, "calls_for_service"), { recursive: true });
  return { dir, incidents, yearOnly, monthOnly };
}
