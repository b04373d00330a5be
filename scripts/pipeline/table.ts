// Column store: a table kept as one compact column per field (typed arrays of codes into small
// dictionaries, numbers in Float64Arrays, references as row numbers, text and ids packed into
// large strings) instead of one object per row, so that millions of rows take tens of bytes
// each and leave the garbage collector idle. Columns are built cell by cell with each field's
// own cell parser (see columnBuilder).
import type { z } from "zod";
import { INVALID, metaOf, type FieldMeta } from "../../src/lib/schema/fields.ts";
import { PackedStrings, StringIndex, type PackedParts, type StringIndexParts } from "./strings.ts";

/** A column of values, read by row number. */
export interface Column<T> {
  readonly length: number;
  get(i: number): T;
  /** The rows at the given row numbers, as a new column (dictionaries and targets are shared). */
  select(rows: Int32Array): Column<T>;
}

/** Row numbers kept by a filter, or the source row of each row of a selection. */
export type RowList = Int32Array;

type Codes = Uint8Array | Uint16Array | Uint32Array;

function grow<A extends Codes | Int32Array | Float64Array>(a: A, need: number): A {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => A)(Math.max(need, a.length * 2, 64));
  b.set(a);
  return b;
}

/**
 * A copy of a string that does not keep the file it was cut from in memory (a slice of 13 or
 * more characters would hold on to the whole file's text).
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}

/**
 * Values drawn from a small set: a code per row (0 for null) into a list of distinct values.
 * Closed vocabularies, flags, dates, short labels and derived bands are stored this way;
 * a derived column (a year from a date) can share the codes and map the values.
 */
export class DictColumn<T> implements Column<T | null> {
  length = 0;
  codes: Codes;
  /** values[code]; values[0] is null. */
  readonly values: (T | null)[];
  // Value key -> code, while the column is built.
  private index: Map<string, number> | null = new Map();

  constructor(values: readonly T[] = [], codes?: Codes, length?: number) {
    this.values = [null, ...values];
    this.codes = codes ?? (this.values.length <= 256 && values.length > 0 ? new Uint8Array(64) : new Uint32Array(64));
    if (length !== undefined) this.length = length;
    values.forEach((v, i) => this.index!.set(String(v), i + 1));
  }

  /** The code of a value, added to the dictionary if new. */
  codeOf(key: string, value: T): number {
    let c = this.index!.get(key);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.index!.set(key, c);
      if (c === 256 && this.codes instanceof Uint8Array) this.codes = Uint32Array.from(this.codes);
    }
    return c;
  }

  pushCode(code: number): void {
    if (this.length === this.codes.length) this.codes = grow(this.codes, this.length + 1);
    this.codes[this.length++] = code;
  }

  get(i: number): T | null {
    return this.values[this.codes[i]];
  }

  /** Codes trimmed to the length; the building index is dropped. */
  seal(): this {
    if (this.codes.length !== this.length) this.codes = this.codes.slice(0, this.length);
    this.index = null;
    return this;
  }

  select(rows: RowList): DictColumn<T> {
    const codes = new (this.codes.constructor as new (n: number) => Codes)(rows.length);
    for (let i = 0; i < rows.length; i++) codes[i] = this.codes[rows[i]];
    return DictColumn.sharing<T>(this.values, codes);
  }

  /** A column over the given codes with this dictionary mapped value by value (same codes). */
  map<U>(f: (v: T) => U | null): DictColumn<U> {
    return DictColumn.sharing<U>(this.values.map((v) => (v === null ? null : f(v))), this.codes, this.length);
  }

  /**
   * A column with this dictionary mapped value by value, equal results merged into one code
   * (so that grouping by code groups by value: the year of a date).
   */
  mapDistinct<U>(f: (v: T) => U | null): DictColumn<U> {
    const out = new DictColumn<U>();
    const remap = this.values.map((v) => {
      const u = v === null ? null : f(v);
      return u === null ? 0 : out.codeOf(String(u), u);
    });
    for (let i = 0; i < this.length; i++) out.pushCode(remap[this.codes[i]]);
    return out.seal();
  }

  /** The column as plain data, to send to another thread (sealed first). */
  toParts(): ColumnParts {
    this.seal();
    return { kind: "dict", values: this.values, codes: this.codes, length: this.length };
  }

  /** A column of the given codes into the given values (values[0] must be null). */
  static sharing<T>(values: (T | null)[], codes: Codes, length = codes.length): DictColumn<T> {
    const c = new DictColumn<T>([], codes, length);
    c.values.length = 0;
    c.values.push(...values);
    c.index = null;
    return c;
  }
}

/** Numbers, NaN standing for an empty cell. */
export class NumberColumn implements Column<number | null> {
  length = 0;
  constructor(public data: Float64Array = new Float64Array(64), length?: number) {
    if (length !== undefined) this.length = length;
  }
  push(v: number | null): void {
    if (this.length === this.data.length) this.data = grow(this.data, this.length + 1);
    this.data[this.length++] = v === null ? NaN : v;
  }
  get(i: number): number | null {
    const v = this.data[i];
    return v !== v ? null : v;
  }
  seal(): this {
    if (this.data.length !== this.length) this.data = this.data.slice(0, this.length);
    return this;
  }
  toParts(): ColumnParts {
    this.seal();
    return { kind: "number", data: this.data, length: this.length };
  }
  select(rows: RowList): NumberColumn {
    const d = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) d[i] = this.data[rows[i]];
    return new NumberColumn(d, rows.length);
  }
}

/** Strings (or other values) kept as they are: long free text, pseudonyms. */
export class ArrayColumn<T> implements Column<T> {
  constructor(public readonly data: T[] = []) {}
  get length(): number {
    return this.data.length;
  }
  get(i: number): T {
    return this.data[i];
  }
  select(rows: RowList): ArrayColumn<T> {
    const d = new Array<T>(rows.length);
    for (let i = 0; i < rows.length; i++) d[i] = this.data[rows[i]];
    return new ArrayColumn(d);
  }
}

/**
 * Long text (narratives) packed into a few large strings, a row's text cut out when it is read.
 * A million separate strings would each be copied by the young-generation collector and marked
 * by every full collection; a few large blocks are allocated once and never moved.
 */
export class TextColumn extends PackedStrings implements Column<string | null> {
  select(rows: RowList): TextColumn {
    return this.selectInto(new TextColumn(), rows);
  }
  toParts(): ColumnParts {
    return { kind: "text", text: this.parts() };
  }
  static fromText(parts: PackedParts): TextColumn {
    return new TextColumn().adopt(parts);
  }
}

/** Strings of one width cut from one text: row i's is the at[i]-th (pseudonyms computed together). */
export class FixedWidthColumn implements Column<string> {
  constructor(
    readonly text: string,
    readonly width: number,
    readonly at: Int32Array,
  ) {}
  get length(): number {
    return this.at.length;
  }
  get(i: number): string {
    const s = this.at[i] * this.width;
    return this.text.slice(s, s + this.width);
  }
  select(rows: RowList): FixedWidthColumn {
    const at = new Int32Array(rows.length);
    for (let k = 0; k < rows.length; k++) at[k] = this.at[rows[k]];
    return new FixedWidthColumn(this.text, this.width, at);
  }
}

/** A field never kept (a direct identifier): null in every row, no memory. */
export class NullColumn implements Column<null> {
  constructor(public length = 0) {}
  get(): null {
    return null;
  }
  select(rows: RowList): NullColumn {
    return new NullColumn(rows.length);
  }
  toParts(): ColumnParts {
    return { kind: "null", length: this.length };
  }
}

/**
 * A table's own identifier (primary key): the distinct ids, packed, the id of each row, and the
 * row where each id first appears. References from other tables resolve to that row; later
 * rows with the same id are duplicates.
 */
export class IdColumn implements Column<string> {
  length = 0;
  /** Rows whose id appeared before -> that first row. */
  readonly duplicateOf = new Map<number, number>();
  // Per row, the number of its id among the distinct ids; per id, its first row (while needed).
  private idOf = new Int32Array(64);
  private firstRow = new Int32Array(64);

  constructor(private readonly ids = new StringIndex()) {}

  push(id: string): void {
    const row = this.length++;
    const n = this.ids.size;
    const k = this.ids.add(id);
    if (row === this.idOf.length) this.idOf = grow(this.idOf, row + 1);
    this.idOf[row] = k;
    if (k === n) {
      if (k === this.firstRow.length) this.firstRow = grow(this.firstRow, k + 1);
      this.firstRow[k] = row;
    } else this.duplicateOf.set(row, this.firstRow[k]);
  }

  get(i: number): string {
    return this.ids.key(this.idOf[i]);
  }

  /** Whether row i's id is s, compared in place. */
  equals(i: number, s: string): boolean {
    return this.ids.is(this.idOf[i], s);
  }

  /** The first row with this id, or -1. */
  rowOf(id: string): number {
    const k = this.ids.indexOf(id);
    return k < 0 ? -1 : this.firstRow[k];
  }

  seal(): this {
    if (this.idOf.length !== this.length) this.idOf = this.idOf.slice(0, this.length);
    return this;
  }

  /** The distinct ids, and the number of each row's id among them. */
  idsByRow(): { ids: PackedParts; idOf: Int32Array } {
    this.seal();
    return { ids: this.ids.parts(), idOf: this.idOf };
  }

  /** Packs the ids added so far (see PackedStrings.flush). */
  flush(): void {
    this.ids.flush();
  }

  /** Lets the index go once references are resolved and duplicates found. */
  dropIndex(): void {
    this.ids.freeze();
    this.firstRow = new Int32Array(0);
  }

  toParts(): ColumnParts {
    this.seal();
    return { kind: "id", ids: this.ids.toParts(), idOf: this.idOf, firstRow: this.firstRow, duplicateOf: this.duplicateOf, length: this.length };
  }

  static fromParts(p: Extract<ColumnParts, { kind: "id" }>): IdColumn {
    const c = new IdColumn(StringIndex.fromParts(p.ids));
    c.idOf = p.idOf;
    c.firstRow = p.firstRow;
    for (const [row, first] of p.duplicateOf) c.duplicateOf.set(row, first);
    c.length = p.length;
    return c;
  }

  select(rows: RowList): IdColumn {
    const c = new IdColumn(this.ids);
    c.idOf = new Int32Array(rows.length);
    for (let k = 0; k < rows.length; k++) c.idOf[k] = this.idOf[rows[k]];
    c.length = rows.length;
    return c;
  }
}

/**
 * A reference to another table's rows by its id: the row number of the first row with that id
 * in the target, or, for ids the target does not have, an index into a list of the ids as
 * written (kept once each). Row numbers replace millions of repeated id strings.
 */
export class RefColumn<T extends string | null = string | null> implements Column<T> {
  length = 0;
  /** >= 0: a row of target; -1: empty; <= -2: missing[-2 - ref]. */
  refs: Int32Array;
  private missingIndex: Map<string, number> | null = new Map();

  constructor(
    /** The values the row numbers point to (the target's ids, or later their pseudonyms). */
    public readonly target: Column<string>,
    /** Values of references the target does not have. */
    public readonly missing: string[] = [],
    refs?: Int32Array,
    /** The target's ids, to resolve references while the column is built. */
    private resolver: IdColumn | null = null,
  ) {
    this.refs = refs ?? new Int32Array(64);
    if (refs) this.length = refs.length;
  }

  /** The reference for an id: a target row, or a missing id. */
  refOf(id: string): number {
    const r = this.resolver ? this.resolver.rowOf(id) : -1;
    if (r >= 0) return r;
    let m = this.missingIndex!.get(id);
    if (m === undefined) {
      m = this.missing.length;
      const own = ownCopy(id);
      this.missing.push(own);
      this.missingIndex!.set(own, m);
    }
    return -2 - m;
  }

  push(ref: number): void {
    if (this.length === this.refs.length) this.refs = grow(this.refs, this.length + 1);
    this.refs[this.length++] = ref;
  }

  get(i: number): T {
    const r = this.refs[i];
    return (r >= 0 ? this.target.get(r) : r === -1 ? null : this.missing[-2 - r]) as T;
  }

  seal(): this {
    if (this.refs.length !== this.length) this.refs = this.refs.slice(0, this.length);
    this.missingIndex = null;
    this.resolver = null;
    return this;
  }

  select(rows: RowList): RefColumn<T> {
    const refs = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) refs[i] = this.refs[rows[i]];
    return new RefColumn<T>(this.target, this.missing, refs);
  }

  /** The column as plain data (sealed first); its target is named by targetName, which knows the target column. */
  toParts(targetName: (target: Column<string>) => string): ColumnParts {
    this.seal();
    return { kind: "ref", target: targetName(this.target), missing: this.missing, refs: this.refs };
  }

  /** The same references pointing at other values: target[r] -> target2[r], missing[m] -> missing2[m]. */
  retarget<U extends string | null>(target: Column<string>, missing: string[]): RefColumn<U> {
    return new RefColumn<U>(target, missing, this.refs.length === this.length ? this.refs : this.refs.slice(0, this.length));
  }

  /**
   * The references after the target lost rows: oldToNew[r] is the new row of old row r, or -1
   * for a dropped row, whose id becomes a missing value.
   */
  remap(target: Column<string>, oldToNew: Int32Array): RefColumn<T> {
    const missing = [...this.missing];
    const dropped = new Map<number, number>();
    const refs = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const r = this.refs[i];
      if (r < 0) refs[i] = r;
      else if (oldToNew[r] >= 0) refs[i] = oldToNew[r];
      else {
        let m = dropped.get(r);
        if (m === undefined) dropped.set(r, (m = missing.push(this.target.get(r)) - 1));
        refs[i] = -2 - m;
      }
    }
    return new RefColumn<T>(target, missing, refs);
  }
}

/**
 * The rows that refer to each target row, in table order (a counting sort): rows[start[t] ..
 * start[t + 1]) refer to row t. Rows that refer to no row (a ref below 0) are left out.
 */
export function rowsByTarget(refs: ArrayLike<number>, targets: number): { start: Int32Array; rows: Int32Array } {
  const start = new Int32Array(targets + 1);
  for (let i = 0; i < refs.length; i++) if (refs[i] >= 0) start[refs[i] + 1]++;
  for (let t = 0; t < targets; t++) start[t + 1] += start[t];
  const rows = new Int32Array(start[targets]);
  const fill = start.slice(0, targets);
  for (let i = 0; i < refs.length; i++) if (refs[i] >= 0) rows[fill[refs[i]]++] = i;
  return { start, rows };
}

/**
 * The first row of target with this id, or -1, as target.rowOf(id) gives it. The row after
 * last (the row the previous reference resolved to) is tried first, by comparing ids, as rows
 * tend to refer to the target in order: a string comparison instead of hashing every id.
 */
function findRow(target: IdColumn, id: string, last: number): number {
  if (last >= 0) {
    if (target.equals(last, id)) return last;
    const next = last + 1;
    if (next < target.length && target.equals(next, id) && (target.duplicateOf.size === 0 || !target.duplicateOf.has(next))) return next;
  }
  return target.rowOf(id);
}

/**
 * References to a table validated elsewhere (on another thread), not yet resolved: the ids as
 * written, one per run of rows naming the same id (rows tend to come grouped by the row they
 * refer to; ids are not hashed here), and each row's run (-1: empty). resolve() makes the
 * RefColumn that building the column against the target would have made.
 */
export class PendingRefColumn implements Column<string | null> {
  length = 0;
  refs = new Int32Array(64);
  constructor(readonly ids = new PackedStrings(1 << 20)) {}

  push(k: number): void {
    if (this.length === this.refs.length) this.refs = grow(this.refs, this.length + 1);
    this.refs[this.length++] = k;
  }

  get(i: number): string | null {
    const k = this.refs[i];
    return k < 0 ? null : this.ids.get(k);
  }

  seal(): this {
    if (this.refs.length !== this.length) this.refs = this.refs.slice(0, this.length);
    this.ids.seal();
    return this;
  }

  select(rows: RowList): PendingRefColumn {
    const c = new PendingRefColumn(this.ids);
    c.refs = new Int32Array(rows.length);
    for (let k = 0; k < rows.length; k++) c.refs[k] = this.refs[rows[k]];
    c.length = rows.length;
    return c;
  }

  /**
   * The references resolved against the target's ids (null: the target has none): each run's
   * id is looked up once, and ids the target lacks are listed as missing in the order rows
   * name them, as RefColumn.refOf lists them.
   */
  resolve(target: IdColumn | null): RefColumn {
    const n = this.ids.length;
    const rowOf = new Int32Array(n);
    let last = -1;
    for (let k = 0; k < n; k++) {
      const r = target ? findRow(target, this.ids.get(k)!, last) : -1;
      rowOf[k] = r;
      if (r >= 0) last = r;
    }
    const missing: string[] = [];
    const missingIndex = new Map<string, number>();
    const refs = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const k = this.refs[i];
      if (k < 0) refs[i] = -1;
      else if (rowOf[k] >= 0) refs[i] = rowOf[k];
      else {
        const id = ownCopy(this.ids.get(k)!);
        let m = missingIndex.get(id);
        if (m === undefined) missingIndex.set(id, (m = missing.push(id) - 1));
        refs[i] = -2 - m;
      }
    }
    return new RefColumn(target ?? new ArrayColumn<string>([]), missing, refs).seal();
  }

  toParts(): ColumnParts {
    this.seal();
    return { kind: "pending", ids: this.ids.parts(), refs: this.refs };
  }
}

/**
 * A column built by a ColumnBuilder, as plain data to send to another thread: typed arrays
 * (moved, not copied, when listed for transfer) and strings. A reference names its target,
 * an id column sent with it.
 */
export type ColumnParts =
  | { kind: "dict"; values: unknown[]; codes: Codes; length: number }
  | { kind: "number"; data: Float64Array; length: number }
  | { kind: "text"; text: PackedParts }
  | { kind: "null"; length: number }
  | { kind: "id"; ids: StringIndexParts; idOf: Int32Array<ArrayBuffer>; firstRow: Int32Array<ArrayBuffer>; duplicateOf: Map<number, number>; length: number }
  | { kind: "ref"; target: string; missing: string[]; refs: Int32Array }
  | { kind: "pending"; ids: PackedParts; refs: Int32Array<ArrayBuffer> };

/** The column sent as parts; targetOf gives a reference's target by the name it was sent with. */
export function columnFromParts(p: ColumnParts, targetOf: (name: string) => Column<string>): Column<unknown> {
  switch (p.kind) {
    case "dict": {
      const c = DictColumn.sharing<unknown>([], p.codes, p.length);
      c.values.length = 0;
      for (const v of p.values) c.values.push(v);
      return c;
    }
    case "number":
      return new NumberColumn(p.data as Float64Array<ArrayBuffer>, p.length);
    case "text":
      return TextColumn.fromText(p.text);
    case "null":
      return new NullColumn(p.length);
    case "id":
      return IdColumn.fromParts(p);
    case "ref":
      return new RefColumn(targetOf(p.target), p.missing, p.refs).seal();
    case "pending": {
      const c = new PendingRefColumn(PackedStrings.fromParts(p.ids));
      c.refs = p.refs;
      c.length = p.refs.length;
      return c;
    }
  }
}

/** The parts of a column built by a ColumnBuilder (see ColumnParts). */
export function columnToParts(col: Column<unknown>, targetName: (target: Column<string>) => string): ColumnParts {
  if (col instanceof RefColumn) return col.toParts(targetName);
  if (col instanceof DictColumn || col instanceof NumberColumn || col instanceof TextColumn || col instanceof NullColumn || col instanceof IdColumn || col instanceof PendingRefColumn) return col.toParts();
  throw new Error(`columnToParts: a ${col.constructor.name} is not built by a ColumnBuilder`);
}

/** The buffers of the typed arrays in some parts, to move them to another thread instead of copying. */
export function transferablesOf(value: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (Array.isArray(value)) {
    // Arrays of strings (dictionary values, missing ids) hold no buffers.
    if (value.length > 0 && typeof value[0] === "object") for (const v of value) transferablesOf(v, out);
  } else if (value !== null && typeof value === "object" && !(value instanceof Map) && !(value instanceof Set)) {
    for (const v of Object.values(value)) transferablesOf(v, out);
  }
  return [...out];
}

/** A table as columns, one per field, all of one length. */
export class ColumnTable<T extends object> {
  constructor(
    readonly columns: { readonly [K in keyof T]: Column<T[K]> },
    readonly length: number,
  ) {}

  column<K extends keyof T>(name: K): Column<T[K]> {
    return this.columns[name];
  }

  /** Row i as an object (one fresh object: for small tables, tests and messages). */
  row(i: number): T {
    const o = {} as T;
    for (const k in this.columns) o[k] = this.columns[k].get(i);
    return o;
  }

  /** Every row as an object: only for small tables. */
  toRows(): T[] {
    const out = new Array<T>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.row(i);
    return out;
  }

  select(rows: RowList): ColumnTable<T> {
    const cols = {} as { [K in keyof T]: Column<T[K]> };
    for (const k in this.columns) cols[k] = this.columns[k].select(rows);
    return new ColumnTable<T>(cols, rows.length);
  }

  /** The same table with one column replaced. */
  with<K extends keyof T>(name: K, column: Column<T[K]>): ColumnTable<T> {
    return new ColumnTable<T>({ ...this.columns, [name]: column }, this.length);
  }
}

/**
 * Builds one column from trimmed cells with the field's own cell parser, one row at a time:
 * a cell is staged, and the row's cells are committed together once all of them are valid.
 */
export interface ColumnBuilder {
  /** Stages a non-empty trimmed cell; false if the cell parser rejects it. */
  stage(trimmed: string): boolean;
  stageNull(): void;
  commit(): void;
  /** At the end of a file: lets go of anything cut from its text. */
  endFile(): void;
  /** The finished column (trimmed). */
  seal(): Column<unknown>;
}

// Distinct cell texts remembered per column (each maps to its code without parsing again).
const CELL_CACHE = 10_000;

class DictBuilder implements ColumnBuilder {
  readonly column: DictColumn<unknown>;
  private readonly cache = new Map<string, number>();
  private staged = 0;
  constructor(
    private readonly meta: FieldMeta,
    vocabKeys: readonly string[] | undefined,
  ) {
    this.column = new DictColumn<unknown>(vocabKeys ?? []);
  }
  stage(s: string): boolean {
    let code = this.cache.get(s);
    if (code === undefined) {
      const v = this.meta.convert(s);
      code = v === INVALID ? -1 : this.column.codeOf(Array.isArray(v) ? v.join("\u0000") : String(v), typeof v === "string" ? ownCopy(v) : v);
      if (this.cache.size < CELL_CACHE) this.cache.set(ownCopy(s), code);
    }
    this.staged = code;
    return code >= 0;
  }
  stageNull(): void {
    this.staged = 0;
  }
  commit(): void {
    this.column.pushCode(this.staged);
  }
  endFile(): void {}
  seal(): DictColumn<unknown> {
    return this.column.seal();
  }
}

/** A column that takes one value (or null) per row; flush() is called at the end of each file. */
interface ValueColumn<T> {
  push(v: T | null): void;
  seal(): this;
  flush?(): void;
}

/** Builds a number or text column: each cell goes through the field's own parser. */
class ValueBuilder<T, C extends ValueColumn<T> & Column<unknown>> implements ColumnBuilder {
  private staged: T | null = null;
  constructor(
    private readonly meta: FieldMeta,
    readonly column: C,
  ) {}
  stage(s: string): boolean {
    const v = this.meta.convert(s);
    if (v === INVALID) return false;
    this.staged = v as T;
    return true;
  }
  stageNull(): void {
    this.staged = null;
  }
  commit(): void {
    this.column.push(this.staged);
  }
  endFile(): void {
    // Text packed so far is copied into blocks, so the file's text can be freed.
    this.column.flush?.();
  }
  seal(): C {
    return this.column.seal();
  }
}

class IdBuilder implements ColumnBuilder {
  readonly column = new IdColumn();
  private staged = "";
  constructor(private readonly meta: FieldMeta) {}
  stage(s: string): boolean {
    const v = this.meta.convert(s);
    if (v === INVALID) return false;
    this.staged = v as string;
    return true;
  }
  stageNull(): void {
    // A primary key is required: the row is rejected and nothing is committed.
    this.staged = "";
  }
  commit(): void {
    this.column.push(this.staged);
  }
  endFile(): void {
    this.column.flush();
  }
  seal(): IdColumn {
    return this.column.seal();
  }
}

class RefBuilder implements ColumnBuilder {
  readonly column: RefColumn;
  private staged = -1;
  // The target row the previous reference resolved to (rows tend to refer to the target in order).
  private last = -1;
  constructor(
    private readonly meta: FieldMeta,
    private readonly target: IdColumn | null,
  ) {
    this.column = new RefColumn(target ?? new ArrayColumn<string>([]), [], undefined, target);
  }
  stage(s: string): boolean {
    const v = this.meta.convert(s);
    if (v === INVALID) return false;
    this.staged = this.resolve(v as string);
    return true;
  }
  // The same row as the last reference, or the next one, is checked by comparing ids before
  // the id index is consulted: a string comparison instead of hashing every id.
  private resolve(id: string): number {
    const r = this.target !== null ? findRow(this.target, id, this.last) : -1;
    if (r >= 0) return (this.last = r);
    return this.column.refOf(id);
  }
  stageNull(): void {
    this.staged = -1;
  }
  commit(): void {
    this.column.push(this.staged);
  }
  endFile(): void {}
  seal(): RefColumn {
    return this.column.seal();
  }
}

/** Builds references to a table validated elsewhere, resolved later (see PendingRefColumn). */
class PendingRefBuilder implements ColumnBuilder {
  readonly column = new PendingRefColumn();
  private staged = -1;
  // The previous id and its number: rows referring to one target row tend to come together.
  private lastId: string | null = null;
  private lastK = -1;
  constructor(private readonly meta: FieldMeta) {}
  stage(s: string): boolean {
    const v = this.meta.convert(s);
    if (v === INVALID) return false;
    if (v !== this.lastId) {
      this.lastId = v as string;
      this.lastK = this.column.ids.length;
      this.column.ids.push(this.lastId);
    }
    this.staged = this.lastK;
    return true;
  }
  stageNull(): void {
    this.staged = -1;
  }
  commit(): void {
    this.column.push(this.staged);
  }
  endFile(): void {
    // The last id may be cut from the file's text; the ids added are packed.
    this.lastId = null;
    this.column.ids.flush();
  }
  seal(): PendingRefColumn {
    return this.column.seal();
  }
}

class NullBuilder implements ColumnBuilder {
  readonly column = new NullColumn();
  constructor(private readonly meta: FieldMeta) {}
  stage(s: string): boolean {
    return this.meta.convert(s) !== INVALID;
  }
  stageNull(): void {}
  commit(): void {
    this.column.length++;
  }
  endFile(): void {}
  seal(): NullColumn {
    return this.column;
  }
}

/** How a field is stored: chosen from its metadata, or given for identifiers. */
export type Storage =
  | { kind: "id" } // the table's primary key
  | { kind: "ref"; target: IdColumn | null } // an id of a row of another table
  | { kind: "pending" } // an id of a row of a table validated elsewhere, resolved later
  | { kind: "auto" };

/**
 * A builder for a field: never-published fields are checked and dropped; vocabulary fields,
 * flags, lists, dates, times and short labels become dictionary codes; numbers Float64;
 * long text is kept as strings.
 */
export function columnBuilder(schema: z.ZodType, storage: Storage = { kind: "auto" }): ColumnBuilder {
  const m = metaOf(schema);
  if (storage.kind === "id") return new IdBuilder(m);
  if (storage.kind === "ref") return new RefBuilder(m, storage.target);
  if (storage.kind === "pending") return new PendingRefBuilder(m);
  if (m.publish === "never") return new NullBuilder(m);
  if (m.type === "integer" || m.type === "number") return new ValueBuilder<number, NumberColumn>(m, new NumberColumn());
  if (m.vocab) return new DictBuilder(m, m.type === "list" ? undefined : Object.keys(m.vocab));
  // Labels and codes (at most 200 characters) repeat from row to row; longer text rarely does.
  if (m.maxLength !== undefined && m.maxLength > 200) return new ValueBuilder<string, TextColumn>(m, new TextColumn());
  return new DictBuilder(m, undefined);
}
