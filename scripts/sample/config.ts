// The configuration (config.json) of the kit's fictional sample department.
import type { z } from "zod";
import type { departmentConfig } from "../../src/lib/schema/config.ts";

/** Names of the sample department's districts, in code order; more districts fall back to "District N". */
const DISTRICT_NAMES = [
  "Harborview",
  "Old Mill",
  "Northgate",
  "Cedar Heights",
  "Riverside Flats",
  "Eastfield",
  "Lakeshore",
  "Southbank",
  "Foundry Row",
  "Prairie Hill",
  "West Landing",
  "Bluff Park",
];

/** The districts of a sample with this many districts: codes D1, D2, ... */
export function sampleDistricts(count: number): { code: string; name: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    code: `D${i + 1}`,
    name: DISTRICT_NAMES[i] ?? `District ${i + 1}`,
  }));
}

/** What the sample configuration depends on. */
export interface SampleConfigOptions {
  districts: number;
  /** Last year of data: the release is versioned "<lastYear>.1" and dated 1 March after it. */
  lastYear: number;
  /** Resident population to state (the population table's figure for the last year). */
  population: number;
}

/** The sample department's config.json object. */
export function sampleConfig(options: SampleConfigOptions): z.input<typeof departmentConfig> {
  return {
    name: "City of Riverton Police Department (synthetic sample)",
    short_name: "Riverton PD (sample)",
    jurisdiction: "City of Riverton",
    contact: {
      email: "data@riverton.example",
      url: "https://riverton.example/police/data",
    },
    licence: {
      id: "CC-BY-4.0",
      name: "Creative Commons Attribution 4.0",
      url: "https://creativecommons.org/licenses/by/4.0/",
    },
    population: options.population,
    location_grain: "district",
    date_precision: "day",
    privacy_threshold: 5,
    timezone: "America/Chicago",
    districts: sampleDistricts(options.districts),
    synthetic: true,
    version: `${options.lastYear}.1`,
    released: `${options.lastYear + 1}-03-01`,
  };
}

/** config.json as written: two-space JSON with a final newline. */
export function sampleConfigJson(options: SampleConfigOptions): string {
  return JSON.stringify(sampleConfig(options), null, 2) + "\n";
}
