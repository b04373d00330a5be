// Whole years from a date in the export to the row's incident date: an officer's years of service
// from a hire or commission date, or an age from a date of birth. Only the count of years is
// kept; the date itself never reaches the canonical tables or the import's raw labels.
import { INVALID } from "../../src/lib/schema/fields.ts";
import type { FieldSpec } from "../../src/lib/schema/mapping.ts";
import { BLANK, compileField, MappingError, targetMeta, type CompileContext, type Evaluated, type FieldReader } from "./fields.ts";

/** Whole years from one YYYY-MM-DD date to another (negative where `to` is earlier). */
export function wholeYears(from: string, to: string): number {
  const [fy, fm, fd] = from.split("-").map(Number);
  const [ty, tm, td] = to.split("-").map(Number);
  let years = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) years--;
  return years;
}

/** Compiles a `years_from_date` spec: the cell is read as a date (with the spec's format), the value is the years to the incident date. */
export function compileYearsFromDate(target: string, spec: FieldSpec, ctx: CompileContext, where: string): FieldReader {
  const { meta } = targetMeta(target);
  if (meta.type !== "integer") throw new MappingError(`${where}.years_from_date`, `a whole-number field for years_from_date (${target} is not one)`, "remove years_from_date, or use it on officers.years_of_service or an age");
  if (spec.values || spec.split || spec.flags || spec.value !== undefined) throw new MappingError(`${where}.years_from_date`, "a plain date column with years_from_date (no values, split, flags or value)", "remove those options");
  // The date is read as a date field reads it; "incidents.date" lends its checks (a real date, 1950 to 2100).
  const { years_from_date: _, ...dateSpec } = spec;
  const readDate = compileField("incidents.date", dateSpec, ctx, where);
  const column = spec.column ?? spec.columns?.[0] ?? "";
  return (row): Evaluated => {
    const d = readDate(row);
    if (d.issue) return { values: [], raw: [], issue: d.issue };
    if (d.values.length === 0) return BLANK;
    const col = ctx.header.indexOf(column);
    const at = { column: col, header: ctx.header.names[col] ?? column, value: row[col] ?? "" };
    if (!ctx.incidentDate) return { values: [], raw: [], issue: { ...at, expected: "an incident date in the same row, to count the years to (incidents.date is not mapped in this source)", fix: `map incidents.date in this source, or remove ${where}` } };
    const incident = ctx.incidentDate(row);
    // A missing or unreadable incident date is reported by its own reader.
    if (incident.issue || incident.values.length === 0) return BLANK;
    const years = wholeYears(d.values[0], incident.values[0]);
    if (years < 0) return { values: [], raw: [], issue: { ...at, expected: `a date on or before the incident date (${incident.values[0]})`, fix: "correct the date in the export (is the year mistyped?), or leave the cell blank" } };
    if (meta.convert(String(years)) === INVALID) return { values: [], raw: [], issue: { ...at, expected: `a date giving ${meta.expected} years to the incident date (${incident.values[0]} gives ${years})`, fix: "correct the date in the export, or leave the cell blank" } };
    // The count of years only: never the date (raw labels reach the import report and *_raw fields).
    return { values: [String(years)], raw: [String(years)] };
  };
}
