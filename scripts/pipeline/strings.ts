// Many strings held compactly: packed into a few large strings with offsets (PackedStrings),
// and numbered distinct strings in an open-addressing hash table over typed arrays
// (StringIndex). Millions of small strings and Map entries would each be copied by the
// young-generation collector and marked by every full collection; at a million keys a Map
// also spends a microsecond an operation.

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function grow(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2, 64));
  b.set(a);
  return b;
}

/** Packed strings as plain data: string i is blocks[block[i]].slice(start[i], end[i]) (null where start is -1). */
export interface PackedParts {
  blocks: string[];
  block: Int32Array;
  start: Int32Array;
  end: Int32Array;
}

/**
 * Strings (or nulls) by number, packed into large blocks: string i is cut out of its block
 * when read. Strings added since the last block was made wait in a list, then are joined into
 * the next block (which also frees the file texts they were cut from).
 */
export class PackedStrings {
  length = 0;
  protected blocks: string[] = [];
  /** Block, start and end of each string; start is -1 for null. */
  protected block: Int32Array<ArrayBuffer> = new Int32Array(64);
  protected start: Int32Array<ArrayBuffer> = new Int32Array(64);
  protected end: Int32Array<ArrayBuffer> = new Int32Array(64);
  // Strings not yet joined into a block (pending[k] is string pendingFirst + k), and their length.
  private pending: string[] = [];
  private pendingFirst = 0;
  private pendingLength = 0;

  /** blockChars: the size of a block; a smaller one frees the source texts sooner. */
  constructor(private readonly blockChars = 1 << 24) {}

  push(text: string | null): void {
    if (this.length === this.start.length) {
      this.block = grow(this.block, this.length + 1);
      this.start = grow(this.start, this.length + 1);
      this.end = grow(this.end, this.length + 1);
    }
    const i = this.length++;
    this.block[i] = this.blocks.length;
    this.start[i] = text === null ? -1 : this.pendingLength;
    this.pendingLength += text === null ? 0 : text.length;
    this.end[i] = this.pendingLength;
    this.pending.push(text ?? "");
    if (this.pendingLength >= this.blockChars) this.flush();
  }

  /** Joins the strings added since the last block into a block now (which frees the texts they were cut from). */
  flush(): void {
    if (this.pending.length === 0) return;
    this.blocks.push(this.pending.join(""));
    this.pending = [];
    this.pendingFirst = this.length;
    this.pendingLength = 0;
  }

  get(i: number): string | null {
    const s = this.start[i];
    if (s < 0) return null;
    const b = this.block[i];
    return b < this.blocks.length ? this.blocks[b].slice(s, this.end[i]) : this.pending[i - this.pendingFirst];
  }

  /** Whether string i is s, compared in place. */
  equals(i: number, s: string): boolean {
    const start = this.start[i];
    if (start < 0 || this.end[i] - start !== s.length) return false;
    const b = this.block[i];
    if (b === this.blocks.length) return this.pending[i - this.pendingFirst] === s;
    const text = this.blocks[b];
    for (let k = 0; k < s.length; k++) if (text.charCodeAt(start + k) !== s.charCodeAt(k)) return false;
    return true;
  }

  /** Joins the last strings into a block and trims the arrays. */
  seal(): this {
    this.flush();
    if (this.start.length !== this.length) {
      this.block = this.block.slice(0, this.length);
      this.start = this.start.slice(0, this.length);
      this.end = this.end.slice(0, this.length);
    }
    return this;
  }

  /** The strings as plain parts (blocks and offsets, sealed first), to send to another thread. */
  parts(): PackedParts {
    this.seal();
    return { blocks: this.blocks, block: this.block, start: this.start, end: this.end };
  }

  /** Strings sent from another thread as parts (see parts()). */
  static fromParts(parts: PackedParts): PackedStrings {
    return new PackedStrings().adopt(parts);
  }

  /** Takes the strings of parts in place of its own (a sealed copy of another PackedStrings). */
  protected adopt(parts: PackedParts): this {
    this.blocks = parts.blocks;
    this.block = parts.block as Int32Array<ArrayBuffer>;
    this.start = parts.start as Int32Array<ArrayBuffer>;
    this.end = parts.end as Int32Array<ArrayBuffer>;
    this.length = parts.block.length;
    this.pendingFirst = this.length;
    return this;
  }

  /** The strings at the given numbers (sealed first), sharing the blocks. */
  protected selectInto<P extends PackedStrings>(into: P, rows: Int32Array): P {
    this.seal();
    into.blocks = this.blocks;
    into.block = new Int32Array(rows.length);
    into.start = new Int32Array(rows.length);
    into.end = new Int32Array(rows.length);
    for (let k = 0; k < rows.length; k++) {
      into.block[k] = this.block[rows[k]];
      into.start[k] = this.start[rows[k]];
      into.end[k] = this.end[rows[k]];
    }
    into.length = rows.length;
    into.pendingFirst = rows.length;
    return into;
  }
}

/** A StringIndex as plain data: its keys, their hashes and the hash table. */
export interface StringIndexParts {
  keys: PackedParts;
  hashes: Int32Array<ArrayBuffer>;
  slots: Int32Array<ArrayBuffer>;
}

/** Distinct strings, each with its number (0, 1, 2... in the order added), packed. */
export class StringIndex {
  private keys = new PackedStrings(1 << 20);
  private hashes: Int32Array<ArrayBuffer> = new Int32Array(64);
  // Open addressing with linear probing: number + 1 per slot, 0 for an empty slot; at most half full.
  private slots = new Int32Array(128);
  private mask = 127;

  get size(): number {
    return this.keys.length;
  }

  /** String number k. */
  key(k: number): string {
    return this.keys.get(k)!;
  }

  /** Whether string number k is s, compared in place. */
  is(k: number, s: string): boolean {
    return this.keys.equals(k, s);
  }

  /** The number of s, or -1. */
  indexOf(s: string): number {
    if (this.slots.length === 0) throw new Error("StringIndex: look-up after freeze()");
    const h = hashString(s) | 0;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const k = this.slots[i];
      if (k === 0) return -1;
      if (this.hashes[k - 1] === h && this.keys.equals(k - 1, s)) return k - 1;
    }
  }

  /** The number of s, which is added (copied) if absent: then the number is size - 1. */
  add(s: string): number {
    if (this.slots.length === 0) throw new Error("StringIndex: add after freeze()");
    const h = hashString(s) | 0;
    let i = h & this.mask;
    for (; ; i = (i + 1) & this.mask) {
      const k = this.slots[i];
      if (k === 0) break;
      if (this.hashes[k - 1] === h && this.keys.equals(k - 1, s)) return k - 1;
    }
    const n = this.keys.length;
    this.keys.push(s);
    this.hashes = grow(this.hashes, n + 1);
    this.hashes[n] = h;
    this.slots[i] = n + 1;
    if ((n + 1) * 2 > this.slots.length) this.rehash();
    return n;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let k = 0; k < this.keys.length; k++) {
      let i = this.hashes[k] & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = k + 1;
    }
  }

  /** The keys as plain parts (see PackedStrings.parts). */
  parts(): PackedParts {
    return this.keys.parts();
  }

  /** Packs the keys added so far (see PackedStrings.flush). */
  flush(): void {
    this.keys.flush();
  }

  /** The whole index as plain data (keys sealed first), to send to another thread. */
  toParts(): StringIndexParts {
    return { keys: this.keys.parts(), hashes: this.hashes, slots: this.slots };
  }

  /** An index sent from another thread, usable as it was there. */
  static fromParts(parts: StringIndexParts): StringIndex {
    const ix = new StringIndex();
    ix.keys = PackedStrings.fromParts(parts.keys);
    ix.hashes = parts.hashes;
    ix.slots = parts.slots;
    ix.mask = parts.slots.length - 1;
    return ix;
  }

  /** Lets the hash table go once no more look-ups are needed; the keys stay readable. */
  freeze(): void {
    this.keys.seal();
    this.hashes = new Int32Array(0);
    this.slots = new Int32Array(0);
  }
}
