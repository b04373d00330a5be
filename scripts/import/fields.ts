// Compiles a mapping's field specs into readers: one export row in, the canonical value(s) of one
// field out, with the department's raw labels kept and every cell it cannot read described.
import { INVALID, metaOf, normalizeKey, type FieldMeta } from "../../src/lib/schema/fields.ts";
import { BOOLEAN_PRESETS, type FieldSpec } from "../../src/lib/schema/mapping.ts";
import { TABLES, type TableName } from "../../src/lib/schema/tables.ts";
import { FORCE_TYPE_LEVEL, INJURY_ORDER } from "../../src/lib/schema/vocab.ts";
import { compileLayout, isoDate, isoPartialDate, isoTime, isPartialDate, toLocal } from "./dates.ts";
import { codeKey, codesFor, headerEchoFix, isHeaderEcho, notReportedAs, refName, refNames, squashName, type CodeBook, type CodeEntry, type ColumnRef, type OptionStats } from "./options.ts";

/** The one field that may hold a date known only to the year or month. */
export const PARTIAL_DATE_FIELD = "incidents.date";
import { compileYearsFromDate } from "./elapsed.ts";

/** Header names compared loosely: a byte-order mark, case and runs of spaces do not matter. */
export function looseName(s: string): string {
  return s.replace(/^\uFEFF/, "").trim().replace(/\s+/g, " ").toLowerCase();
}

const looseCache = new Map<string, string>();

/** Labels compared loosely: case and runs of spaces do not matter. (Labels repeat: each is worked out once.) */
export function looseLabel(s: string): string {
  let v = looseCache.get(s);
  if (v === undefined) {
    v = s.trim().replace(/\s+/g, " ").toLowerCase();
    if (looseCache.size < 50_000) looseCache.set(s, v);
  }
  return v;
}

/**
 * A source header: finds columns by loose name; then, when only one column matches, ignoring
 * spaces, underscores and punctuation too ("CouncilDistrict", "council_district"). A reference
 * with alternatives (or a name with aliases in the source) takes the first the header has.
 */
export class HeaderIndex {
  private readonly byName = new Map<string, number>();
  /** Squashed name -> column, or -1 when two columns squash alike (then only the loose name finds them). */
  private readonly bySquash = new Map<string, number>();
  private readonly aliases = new Map<string, string[]>();
  constructor(readonly names: string[], aliases: Record<string, string[]> = {}) {
    names.forEach((n, i) => {
      const k = looseName(n);
      if (!this.byName.has(k)) this.byName.set(k, i);
      const q = squashName(n);
      this.bySquash.set(q, this.bySquash.has(q) ? -1 : i);
    });
    for (const [name, alts] of Object.entries(aliases)) this.aliases.set(looseName(name), alts);
  }
  private one(name: string): number {
    const i = this.byName.get(looseName(name));
    if (i !== undefined) return i;
    const q = squashName(name);
    return q === "" ? -1 : (this.bySquash.get(q) ?? -1);
  }
  indexOf(ref: ColumnRef): number {
    for (const name of refNames(ref)) {
      let i = this.one(name);
      if (i < 0) for (const alt of this.aliases.get(looseName(name)) ?? []) if ((i = this.one(alt)) >= 0) break;
      if (i >= 0) return i;
    }
    return -1;
  }
}

/** A cell the mapping cannot turn into a canonical value: the row is rejected with this reason. */
export interface CellIssue {
  column: number;
  header: string;
  value: string;
  expected: string;
  fix: string;
}

/** What a field reader returns for one row. */
export interface Evaluated {
  /** Canonical values; empty when the field is blank in this row. */
  values: string[];
  /** The department's own label of each value, for the *_raw fields. */
  raw: string[];
  issue?: CellIssue;
}

export type FieldReader = (row: string[]) => Evaluated;

/** The shared result of a blank field: never changed (the import copies before it adds to a record). */
export const BLANK: Evaluated = Object.freeze({ values: Object.freeze([]) as unknown as string[], raw: Object.freeze([]) as unknown as string[] });

/** Counts the import report shows: labels not in the maps, blank markers, contradictory flags. */
export class ImportStats {
  /** "target <- column" -> label -> rows. */
  readonly unmapped = new Map<string, { target: string; column: string; mode: "reject" | "blank"; labels: Map<string, number>; file: string }>();
  /** The file being read: labels are counted per file (per year, for yearly files). */
  file = "";
  /** "target <- column" -> marker -> cells read as blank. */
  readonly blanks = new Map<string, Map<string, number>>();
  /** target -> flag combination -> rows (more than one flag said yes). */
  readonly contradictions = new Map<string, { rule: string; combos: Map<string, number> }>();

  countUnmapped(target: string, column: string, mode: "reject" | "blank", label: string): void {
    const k = `${this.file} | ${target} <- ${column}`;
    let e = this.unmapped.get(k);
    if (!e) this.unmapped.set(k, (e = { target, column, mode, labels: new Map(), file: this.file }));
    e.labels.set(label, (e.labels.get(label) ?? 0) + 1);
  }
  countBlank(column: string, marker: string): void {
    let e = this.blanks.get(column);
    if (!e) this.blanks.set(column, (e = new Map()));
    e.set(marker, (e.get(marker) ?? 0) + 1);
  }
  countContradiction(target: string, rule: string, combo: string): void {
    let e = this.contradictions.get(target);
    if (!e) this.contradictions.set(target, (e = { rule, combos: new Map() }));
    e.combos.set(combo, (e.combos.get(combo) ?? 0) + 1);
  }
}

/** What compiling a field spec needs. */
export interface CompileContext {
  header: HeaderIndex;
  /** Blank markers of the whole source (loose). */
  sourceBlank: readonly string[];
  timezone: string;
  stats: ImportStats;
  /** Columns a spec reads, collected for the "columns not used" list. */
  used: Set<number>;
  /** Reads a code book the mapping names (null: it could not be used; its problems are reported). */
  codeBook?: (name: string, where: string) => CodeBook | null;
  /** Counts of the mapping options (codes not in a code book). */
  options?: OptionStats;
  /** Reports a problem found in a file other than mapping.json (a code book's value). */
  problem?: (p: { file: string; line: number | null; column: number | null; field: string | null; value: string | null; expected: string; fix: string }) => void;
  /** The row's incident date, for specs that count years to it (years_from_date); set once the source's fields are compiled. */
  incidentDate?: FieldReader;
}

/** A mistake in the mapping itself: reported against mapping.json, it stops the import. */
export class MappingError extends Error {
  constructor(
    /** Where in the mapping, e.g. sources[0].fields["subjects.sex"].values["M"]. */
    readonly where: string,
    /** Completes "expected ...". */
    readonly expected: string,
    readonly fix = "correct the mapping",
    /** The export column the mapping names and the file lacks, when that is the mistake. */
    readonly missingColumn?: ColumnRef,
  ) {
    super(`${where}: expected ${expected}`);
  }
}

/** The canonical field a target names. */
const metaCache = new Map<string, { table: TableName; field: string; meta: FieldMeta }>();

export function targetMeta(target: string): { table: TableName; field: string; meta: FieldMeta } {
  let m = metaCache.get(target);
  if (!m) {
    const [table, field] = target.split(".") as [TableName, string];
    const schema = (TABLES[table].schema.shape as Record<string, unknown>)[field];
    metaCache.set(target, (m = { table, field, meta: metaOf(schema as never) }));
  }
  return m;
}

/** Makes a target outside the canonical tables (a dispatch export's "calls.time"...) known to compileField. */
export function defineTarget(target: string, meta: FieldMeta): void {
  const [table, field] = target.split(".") as [TableName, string];
  metaCache.set(target, { table, field, meta });
}

/** Whether a field is a yes/no/unknown flag. */
export function isFlagMeta(meta: FieldMeta): boolean {
  return meta.vocab !== undefined && Object.keys(meta.vocab).join() === "yes,no,unknown";
}

/** Canonical fields every record must have, beyond its keys: a mapping must give each a source. */
export function requiredTargets(targets: readonly string[]): string[] {
  return targets.filter((t) => targetMeta(t).meta.required);
}

/** Fields whose several values stay several (the others keep one). */
export const LIST_TARGETS = new Set(["subjects.weapons", "force_uses.force_type"]);

/** Order of a field's values for `pick` and `combine: highest`: higher is more (injury, resistance, force). */
export function rankOf(target: string): (v: string) => number {
  const { field, meta } = targetMeta(target);
  if (isFlagMeta(meta)) return (v) => (v === "yes" ? 2 : v === "no" ? 1 : 0);
  if (field === "injury") return (v) => INJURY_ORDER.indexOf(v as never);
  if (field === "force_type") return (v) => FORCE_TYPE_LEVEL[v as keyof typeof FORCE_TYPE_LEVEL] ?? -1;
  const keys = meta.vocab ? Object.keys(meta.vocab) : [];
  return (v) => (v === "unknown" || v === "other" ? -1 : keys.indexOf(v));
}

/** Checks a canonical value a mapping names; returns the canonical key. */
function canonicalValue(target: string, meta: FieldMeta, v: string, where: string): string {
  if (meta.vocab) {
    const key = normalizeKey(v);
    if (key in meta.vocab) return key;
    throw new MappingError(where, `a value of ${target}: one of ${Object.keys(meta.vocab).join(", ")} ("${v}" is not one)`, "use a canonical value (see the data dictionary)");
  }
  if (meta.convert(v.trim()) === INVALID) throw new MappingError(where, `${meta.expected} for ${target} (got "${v}")`);
  return v.trim();
}

const LABEL_LIMIT = 10_000;

/**
 * Whether a cell is one of these loose markers. A cell whose first character is plain ASCII that
 * begins no marker is told apart at once: dates and ids, each cell its own, are not made loose.
 */
export function markerTest(markers: ReadonlySet<string>): (cell: string) => boolean {
  if (markers.size === 0) return () => false;
  const firsts = new Set<number>();
  let empty = false;
  for (const m of markers) {
    if (m === "") empty = true;
    else firsts.add(m.charCodeAt(0)).add(m.toUpperCase().charCodeAt(0));
  }
  return (cell) => {
    const c = cell.charCodeAt(0);
    if (!empty && c > 32 && c < 128 && !firsts.has(c)) return false;
    return markers.has(looseLabel(cell));
  };
}

/** Compiles one field spec for a target field into a row reader. `where` names the spec in messages. */
export function compileField(target: string, spec: FieldSpec, ctx: CompileContext, where: string, keepAll = false): FieldReader {
  if (spec.years_from_date) return compileYearsFromDate(target, spec, ctx, where);
  const { meta } = targetMeta(target);
  const isFlag = isFlagMeta(meta);
  if (spec.not_reported) {
    // Optional fields not reported are left out before this; a required one is "unknown" everywhere.
    if (notReportedAs(target) !== "unknown") throw new MappingError(`${where}.not_reported`, `a field that can be not reported: every record needs ${target} and it has no "unknown" value`, target === "incidents.district" ? 'give one district for the whole export with "value" (listed in config.json districts)' : "map it from a column");
    return () => ({ values: ["unknown"], raw: [] });
  }
  const column = (name: ColumnRef): number => {
    const i = ctx.header.indexOf(name);
    if (i < 0) throw new MappingError(where, `a column named "${refName(name)}" in the export's header (it has ${ctx.header.names.map((h) => `"${h}"`).join(", ")})`, "correct the column name", name);
    ctx.used.add(i);
    return i;
  };
  const unmappedMode = spec.unmapped ?? "reject";
  // Columns first: a missing column is the mistake to report, before what the spec does with it.
  for (const name of [spec.column, ...(spec.columns ?? []), ...Object.keys(spec.flags ?? {})]) if (name !== undefined) column(name);

  // A code book: the cell's code -> the book's label (read through values) or canonical value.
  const book = spec.code_book !== undefined && ctx.codeBook ? ctx.codeBook(spec.code_book, `${where}.code_book`) : null;
  const bookCodes = new Map<number, Map<string, CodeEntry> | null>();
  if (book) {
    for (const ref of [spec.column, ...(spec.columns ?? [])]) {
      if (ref === undefined) continue;
      const col = ctx.header.indexOf(ref);
      const codes = codesFor(book, [ctx.header.names[col], ...refNames(ref)]);
      bookCodes.set(col, codes);
      for (const [code, e] of codes ?? []) {
        if (e.value === "") continue;
        try {
          canonicalValue(target, meta, e.value, `${where}.code_book`);
        } catch {
          const p = { file: book.file, line: e.line, column: book.valueColumn, field: "value", value: e.value, expected: `a canonical value of ${target} for code "${code}" of "${ctx.header.names[col]}"${meta.vocab ? ` (${Object.keys(meta.vocab).join(", ")})` : ""}`, fix: "correct the value, or leave it empty and map the label through values" };
          if (ctx.problem) ctx.problem(p);
          else throw new MappingError(`${where}.code_book`, p.expected);
        }
      }
    }
  }

  // Blank markers: the source's and this spec's, compared loosely; a marker that is a date also
  // matches any cell that reads as that date (sentinel dates such as 1900-01-02).
  const markers = new Set([...ctx.sourceBlank, ...(spec.blank ?? [])].map(looseLabel));
  const dateMarkers = new Set([...markers].filter((m) => /^\d{4}-\d{2}-\d{2}$/.test(m)));
  const isMarker = markerTest(markers);

  // Yes/no labels.
  let booleans: Map<string, string> | null = null;
  if (spec.boolean !== undefined || (spec.flags !== undefined) || (isFlag && !spec.values)) {
    const b = typeof spec.boolean === "string" ? BOOLEAN_PRESETS[spec.boolean] : spec.boolean ?? { true: ["yes", "y", "true", "1"], false: ["no", "n", "false", "0"] };
    booleans = new Map();
    for (const t of b.true) booleans.set(looseLabel(t), "yes");
    for (const f of b.false) booleans.set(looseLabel(f), "no");
    for (const u of ("unknown" in b ? b.unknown ?? [] : ["unknown"])) booleans.set(looseLabel(u), "unknown");
  }

  // Value map: loose label -> canonical (null drops the label).
  let valueMap: Map<string, string | null> | null = null;
  const knownLabels: string[] = [];
  if (spec.values) {
    valueMap = new Map();
    for (const [label, v] of Object.entries(spec.values)) {
      valueMap.set(looseLabel(label), v === null ? null : canonicalValue(target, meta, v, `${where}.values["${label}"]`));
      knownLabels.push(label.trim());
    }
    knownLabels.sort((a, b) => b.length - a.length);
  }

  const layout = spec.format !== undefined ? (() => {
    try {
      return compileLayout(spec.format!);
    } catch (e) {
      throw new MappingError(`${where}.format`, `a date or time layout: ${(e as Error).message}`);
    }
  })() : null;
  if ((meta.type === "date" || meta.type === "time") && spec.column !== undefined && !layout && !spec.values) {
    // Canonical layouts need no format.
  }
  // A year or year-and-month layout gives incidents.date known only that far ("2015", "2015-03").
  const partialDate = layout !== null && layout.partial !== null && target === PARTIAL_DATE_FIELD;
  if (layout && meta.type === "date" && !layout.hasDate && !partialDate) throw new MappingError(`${where}.format`, `a layout with a date (YYYY, MM, DD) for ${target}; "${spec.format}" has none`);
  if (layout && meta.type === "time" && !layout.hasTime) throw new MappingError(`${where}.format`, `a layout with a time (HH or hh, mm) for ${target}; "${spec.format}" has none`);

  const split = typeof spec.split === "string" ? { delimiter: spec.split, match_known: false } : spec.split;
  if (split?.match_known && !valueMap) throw new MappingError(`${where}.split.match_known`, "the labels to match listed in values");

  /** Splits a cell: at every delimiter, or by finding the known labels (longest first). */
  const splitCell = (cell: string): string[] | null => {
    if (!split) return [cell];
    if (!split.match_known) return cell.split(split.delimiter).map((s) => s.trim()).filter((s) => s !== "");
    const out: string[] = [];
    let rest = cell.trim();
    const lower = () => looseLabel(rest);
    while (rest !== "") {
      const l = lower();
      const hit = knownLabels.find((k) => l.startsWith(looseLabel(k)) && (l.length === looseLabel(k).length || l.slice(looseLabel(k).length).trimStart().startsWith(split.delimiter.trim())));
      if (!hit) {
        // Not a known label: the text up to the next delimiter, as one (unmapped) label.
        const at = rest.indexOf(split.delimiter);
        out.push((at < 0 ? rest : rest.slice(0, at)).trim());
        rest = at < 0 ? "" : rest.slice(at + split.delimiter.length).trim();
        continue;
      }
      const collapsed = rest.replace(/\s+/g, " ");
      out.push(collapsed.slice(0, looseLabel(hit).length));
      rest = collapsed.slice(looseLabel(hit).length).trim();
      if (rest.startsWith(split.delimiter.trim())) rest = rest.slice(split.delimiter.trim().length).trim();
    }
    return out.filter((s) => s !== "");
  };

  /** One part of a cell to its canonical value: a value, null (blank or dropped), or an issue. */
  const readPart = (part: string, col: number, header: string, cell: string): string | null | CellIssue => {
    if (isMarker(part)) {
      ctx.stats.countBlank(header, part);
      return null;
    }
    // Dates and numbers (each cell its own) are not looked up by label.
    let loose = valueMap !== null || booleans !== null || book ? looseLabel(part) : "";
    if (book) {
      const e = bookCodes.get(col)?.get(codeKey(part));
      if (e) {
        if (e.value !== "") return normalizeKey(e.value) in (meta.vocab ?? {}) ? normalizeKey(e.value) : e.value;
        part = e.label;
        loose = looseLabel(part);
      } else if (!valueMap?.has(loose)) {
        ctx.options?.countMissingCode(ctx.stats.file, header, book.name, unmappedMode, part.trim());
        if (unmappedMode === "blank") return null;
        return { column: col, header, value: cell, expected: `a code of "${header}" listed in the code book ${book.name}`, fix: isHeaderEcho(part, header) ? headerEchoFix(header) : `add the code "${part.trim()}" to ${book.name} (column,code,label), or set "unmapped": "blank" in ${where} to read it as blank` };
      }
    }
    if (valueMap) {
      const v = valueMap.get(loose);
      if (v !== undefined) return v;
      if (booleans === null || spec.boolean === undefined) return unmapped(part, col, header, cell, `one of the labels listed in ${where}.values`);
    }
    if (booleans !== null && (spec.boolean !== undefined || spec.flags !== undefined || isFlag)) {
      const v = booleans.get(loose);
      if (v !== undefined) return v;
      return unmapped(part, col, header, cell, "a yes/no label listed in boolean");
    }
    if (layout) {
      // The layout's spaces match any run of white space: the cell need not be collapsed first.
      let p = layout.read(part.trim());
      if (!p) return { column: col, header, value: cell, expected: `a ${meta.type} written as "${spec.format}"`, fix: isHeaderEcho(part, header) ? headerEchoFix(header) : `correct the cell, or the format in ${where}` };
      if (spec.utc || p.offset !== null) {
        if (!layout.hasDate) return { column: col, header, value: cell, expected: "a date with the time, to convert from UTC", fix: `remove utc from ${where}` };
        p = toLocal(p, ctx.timezone);
      }
      if (meta.type === "date") {
        if (partialDate) return isoPartialDate(p);
        const d = isoDate(p);
        if (dateMarkers.has(d)) {
          ctx.stats.countBlank(header, part);
          return null;
        }
        const ok = meta.convert(d);
        return ok === INVALID ? { column: col, header, value: cell, expected: meta.expected, fix: "correct the date in the export" } : d;
      }
      if (meta.type === "time") return isoTime(p);
      return { column: col, header, value: cell, expected: `a ${meta.type}`, fix: `remove format from ${where}: ${target} is not a date or time` };
    }
    if (meta.vocab) {
      const key = normalizeKey(part);
      if (key in meta.vocab) return key;
      return unmapped(part, col, header, cell, `a value of ${target} (${Object.keys(meta.vocab).join(", ")}), or a label listed in ${where}.values`);
    }
    const v = meta.convert(part.trim());
    if (v === INVALID) return { column: col, header, value: cell, expected: meta.expected, fix: isHeaderEcho(part, header) ? headerEchoFix(header) : `correct the cell, or map it in ${where}` };
    return part.trim();
  };

  const unmapped = (part: string, col: number, header: string, cell: string, expected: string): null | CellIssue => {
    if (ctx.stats.unmapped.size < LABEL_LIMIT) ctx.stats.countUnmapped(target, header, unmappedMode, part.trim());
    if (unmappedMode === "blank") return null;
    return { column: col, header, value: cell, expected, fix: isHeaderEcho(part, header) ? headerEchoFix(header) : `add "${part.trim()}" to ${where}.values, or set "unmapped": "blank" there to read it as blank` };
  };

  /** Reads one column's cell into values. */
  const readColumn = (col: number, header: string, row: string[], out: Evaluated): void => {
    let cell = row[col] ?? "";
    if (cell.trim() === "") return;
    if (spec.pad_left) cell = cell.trim().padStart(spec.pad_left, "0");
    if (isMarker(cell)) {
      ctx.stats.countBlank(header, cell.trim());
      return;
    }
    for (const part of splitCell(cell) ?? []) {
      const v = readPart(part, col, header, cell);
      if (v === null) continue;
      if (typeof v === "object") {
        out.issue ??= v;
        continue;
      }
      out.values.push(v);
      out.raw.push(book ? (bookCodes.get(col)?.get(codeKey(part))?.label || part.trim()) : part.trim());
    }
  };

  /** Keeps one value, for fields that hold one. */
  const rank = rankOf(target);
  const reduce = (e: Evaluated): Evaluated => {
    if (keepAll || LIST_TARGETS.has(target) || e.values.length <= 1) return e;
    let k = 0;
    if (spec.pick === "highest" || spec.pick === "lowest") {
      for (let i = 1; i < e.values.length; i++) {
        const better = spec.pick === "highest" ? rank(e.values[i]) > rank(e.values[k]) : rank(e.values[i]) < rank(e.values[k]);
        if (better) k = i;
      }
    }
    return { values: [e.values[k]], raw: [e.raw[k]], issue: e.issue };
  };

  if (spec.value !== undefined) {
    const v = target === PARTIAL_DATE_FIELD && isPartialDate(spec.value) ? spec.value : canonicalValue(target, meta, spec.value, `${where}.value`);
    return () => ({ values: [v], raw: [] });
  }
  if (spec.column !== undefined) {
    const col = column(spec.column);
    const header = ctx.header.names[col];
    return (row) => {
      // A blank cell (the common case for many fields) allocates nothing.
      const cell = row[col];
      if (cell === undefined || cell === "" || (markers.size > 0 && isMarker(cell) && (ctx.stats.countBlank(header, cell.trim()), true))) return BLANK;
      const out: Evaluated = { values: [], raw: [] };
      readColumn(col, header, row, out);
      return reduce(out);
    };
  }
  if (spec.columns !== undefined) {
    const cols = spec.columns.map(column);
    return (row) => {
      const out: Evaluated = { values: [], raw: [] };
      for (const c of cols) readColumn(c, ctx.header.names[c], row, out);
      // The same value twice (e.g. one force type in two "Weapon Used" columns) counts once.
      const seen = new Set<string>();
      const keep = out.values.map((v) => !seen.has(v) && (seen.add(v), true));
      return reduce({ values: out.values.filter((_, i) => keep[i]), raw: out.raw.filter((_, i) => keep[i]), issue: out.issue });
    };
  }
  if (spec.flags !== undefined) {
    const flags = Object.entries(spec.flags).map(([name, v]) => ({ col: column(name), name, value: canonicalValue(target, meta, v, `${where}.flags["${name}"]`) }));
    const several = spec.when_several ?? "reject";
    const severalValue = several === "reject" || several === "first" ? null : canonicalValue(target, meta, several, `${where}.when_several`);
    const none = spec.when_none === undefined || spec.when_none === null ? null : canonicalValue(target, meta, spec.when_none, `${where}.when_none`);
    const single = !LIST_TARGETS.has(target);
    return (row) => {
      const out: Evaluated = { values: [], raw: [] };
      const yes: typeof flags = [];
      for (const f of flags) {
        const cell = row[f.col] ?? "";
        if (cell.trim() === "" || isMarker(cell)) continue;
        const b = booleans!.get(looseLabel(cell));
        if (b === undefined) {
          const u = unmapped(cell, f.col, ctx.header.names[f.col], cell, "a yes/no label listed in boolean");
          if (u) out.issue ??= u;
        } else if (b === "yes") yes.push(f);
      }
      if (out.issue) return out;
      if (yes.length === 0) {
        if (none !== null) out.values.push(none);
        return out;
      }
      if (single && yes.length > 1) {
        const combo = yes.map((f) => f.name).join(" + ");
        ctx.stats.countContradiction(target, several, combo);
        if (several === "reject") {
          const f = yes[1];
          out.issue = { column: f.col, header: ctx.header.names[f.col], value: row[f.col], expected: `at most one of ${flags.map((x) => `"${x.name}"`).join(", ")} to be yes`, fix: `fix the export, or set "when_several" in ${where} (e.g. "unknown" or "first")` };
          return out;
        }
        if (severalValue !== null) {
          out.values.push(severalValue);
          out.raw.push(combo);
          return out;
        }
      }
      for (const f of single ? yes.slice(0, 1) : yes) {
        out.values.push(f.value);
        out.raw.push(f.name);
      }
      return out;
    };
  }
  if (spec.first_of !== undefined) {
    const readers = spec.first_of.map((s, i) => compileField(target, s, ctx, `${where}.first_of[${i}]`, keepAll));
    return (row) => {
      let issue: CellIssue | undefined;
      for (const r of readers) {
        const e = r(row);
        if (e.issue) issue ??= e.issue;
        else if (e.values.length > 0) return e;
      }
      return { values: [], raw: [], issue };
    };
  }
  throw new MappingError(where, "one of column, columns, flags, first_of or value");
}
