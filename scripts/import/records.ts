// The records the import assembles, held column-wise: each record is a number, its id is packed
// in a StringIndex, and each field is a typed array of codes into that field's distinct values.
// A million-row export builds millions of records; one object, array and Map entry each would
// take most of the import's memory and keep the garbage collector busy.
import { StringIndex } from "../pipeline/strings.ts";

function grown<A extends Int32Array | Uint8Array>(a: A, size: number): A {
  const b = new (a.constructor as new (n: number) => A)(size);
  b.set(a);
  return b;
}

/** Distinct strings by code: 1, 2, 3... in the order added; 0 stands for no value. */
export class Dict {
  private readonly index = new StringIndex();

  /** The code of s, added if new. */
  codeOf(s: string): number {
    return this.index.add(s) + 1;
  }

  /** The string of a code (undefined for 0). */
  value(code: number): string | undefined {
    return code === 0 ? undefined : this.index.key(code - 1);
  }

  /** Whether code stands for s, compared in place. */
  is(code: number, s: string): boolean {
    return code !== 0 && this.index.is(code - 1, s);
  }
}

/** One field of a table's records: a code per record into the field's values. */
class FieldColumn {
  readonly dict = new Dict();
  codes: Int32Array;
  constructor(capacity: number) {
    this.codes = new Int32Array(capacity);
  }
}

/**
 * Incidents, subjects or officers being assembled from rows: record i has id ids.key(i), the
 * incident it belongs to, the first row that contributed and how many did, and a value (or
 * none) in each field slot. Records are numbered in the order their first row was read.
 */
export class RecordTable {
  private readonly ids = new StringIndex();
  private capacity = 1024;
  /** The record number of each record's incident in the incidents table. */
  incident = new Int32Array(this.capacity);
  /** The first row that contributed: its file (a number the caller gives) and line. */
  firstFile = new Int32Array(this.capacity);
  firstLine = new Int32Array(this.capacity);
  rowCount = new Int32Array(this.capacity);
  private readonly fields: (FieldColumn | undefined)[] = [];
  private readonly raws: (FieldColumn | undefined)[] = [];
  /** Per slot, the records whose rows disagreed on it (each counted once). */
  private readonly conflicted: (Uint8Array | undefined)[] = [];

  get size(): number {
    return this.ids.size;
  }

  /** The record with this id, made (for the given incident, -1 for an incident itself; first row file:line) if new. */
  recordOf(id: string, incident: number, file: number, line: number): number {
    const n = this.ids.size;
    const i = this.ids.add(id);
    if (i === n) {
      if (n === this.capacity) this.grow();
      this.incident[i] = incident < 0 ? i : incident;
      this.firstFile[i] = file;
      this.firstLine[i] = line;
    }
    return i;
  }

  id(i: number): string {
    return this.ids.key(i);
  }

  private grow(): void {
    const size = this.capacity * 2;
    this.incident = grown(this.incident, size);
    this.firstFile = grown(this.firstFile, size);
    this.firstLine = grown(this.firstLine, size);
    this.rowCount = grown(this.rowCount, size);
    for (const c of [...this.fields, ...this.raws]) if (c) c.codes = grown(c.codes, size);
    this.conflicted.forEach((c, k) => c && (this.conflicted[k] = grown(c, size)));
    this.capacity = size;
  }

  private column(of: (FieldColumn | undefined)[], slot: number): FieldColumn {
    return (of[slot] ??= new FieldColumn(this.capacity));
  }

  /** The code of record i's value in a slot (0: none); value() reads it. */
  code(slot: number, i: number): number {
    return this.fields[slot]?.codes[i] ?? 0;
  }

  value(slot: number, i: number): string | undefined {
    const c = this.fields[slot];
    return c ? c.dict.value(c.codes[i]) : undefined;
  }

  /** Whether record i's value in a slot is s (false when it has none). */
  valueIs(slot: number, i: number, s: string): boolean {
    const c = this.fields[slot];
    return c !== undefined && c.dict.is(c.codes[i], s);
  }

  setValue(slot: number, i: number, v: string): void {
    const c = this.column(this.fields, slot);
    c.codes[i] = c.dict.codeOf(v);
  }

  /** The department's label kept beside a value (fields whose raw label is published). */
  raw(slot: number, i: number): string | undefined {
    const c = this.raws[slot];
    return c ? c.dict.value(c.codes[i]) : undefined;
  }

  setRaw(slot: number, i: number, v: string | undefined): void {
    // An absent label (undefined) is stored as no value, as it reads back.
    const c = this.column(this.raws, slot);
    c.codes[i] = v === undefined ? 0 : c.dict.codeOf(v);
  }

  isConflicted(slot: number, i: number): boolean {
    return this.conflicted[slot]?.[i] === 1;
  }

  setConflicted(slot: number, i: number): void {
    (this.conflicted[slot] ??= new Uint8Array(this.capacity))[i] = 1;
  }
}

/**
 * Force uses: one type of force on one subject by one officer. Each is a tuple of record numbers
 * (incident, subject or -1, officer or -1) and the type's code; a tuple already present is not
 * added again. The tuples are found through an open-addressing hash table over typed arrays.
 */
export class UseTable {
  size = 0;
  private capacity = 1024;
  incident = new Int32Array(this.capacity);
  subject = new Int32Array(this.capacity);
  officer = new Int32Array(this.capacity);
  type = new Int32Array(this.capacity);
  raw = new Int32Array(this.capacity);
  /** Code of the department's level; 0 for none. */
  level = new Int32Array(this.capacity);
  /** Continuum level (1 to 6) the department's level stands for, from the mapping; 0 for none. */
  continuum = new Uint8Array(this.capacity);
  readonly types = new Dict();
  readonly raws = new Dict();
  readonly levels = new Dict();
  // Use number + 1 per slot, 0 for an empty slot; at most half full.
  private slots = new Int32Array(2048);

  private static hash(incident: number, subject: number, officer: number, type: number): number {
    let h = Math.imul(incident ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ subject ^ (h >>> 13), 0xc2b2ae35);
    h = Math.imul(h ^ officer ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ type ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  /** Adds the use unless the same incident, subject, officer and type is already there. */
  add(incident: number, subject: number, officer: number, type: string, raw: string, level: string | null, continuum = 0): void {
    const t = this.types.codeOf(type);
    const mask = this.slots.length - 1;
    let at = UseTable.hash(incident, subject, officer, t) & mask;
    for (; ; at = (at + 1) & mask) {
      const k = this.slots[at] - 1;
      if (k < 0) break;
      if (this.incident[k] === incident && this.subject[k] === subject && this.officer[k] === officer && this.type[k] === t) return;
    }
    const n = this.size++;
    if (n === this.capacity) this.grow();
    this.incident[n] = incident;
    this.subject[n] = subject;
    this.officer[n] = officer;
    this.type[n] = t;
    this.raw[n] = this.raws.codeOf(raw);
    this.level[n] = level === null ? 0 : this.levels.codeOf(level);
    this.continuum[n] = continuum;
    this.slots[at] = n + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
  }

  private grow(): void {
    const size = this.capacity * 2;
    this.incident = grown(this.incident, size);
    this.subject = grown(this.subject, size);
    this.officer = grown(this.officer, size);
    this.type = grown(this.type, size);
    this.raw = grown(this.raw, size);
    this.level = grown(this.level, size);
    this.continuum = grown(this.continuum, size);
    this.capacity = size;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let k = 0; k < this.size; k++) {
      let at = UseTable.hash(this.incident[k], this.subject[k], this.officer[k], this.type[k]) & mask;
      while (this.slots[at] !== 0) at = (at + 1) & mask;
      this.slots[at] = k + 1;
    }
  }
}
