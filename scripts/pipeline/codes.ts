// Values of a protected field as small integer codes, shared by the protection of incidents,
// subjects and officers.
import { ANOTHER_CATEGORY, WITHHELD } from "../../src/lib/schema/disclosure.ts";

/** A field's values as codes: 0 empty, 1 withheld, 2 another category, then values as met. */
export class Codes {
  readonly values: (string | null)[] = [null, WITHHELD, ANOTHER_CATEGORY];
  private index = new Map<string, number>([[WITHHELD, 1], [ANOTHER_CATEGORY, 2]]);
  code(v: string | null): number {
    if (v === null) return 0;
    let c = this.index.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(v);
      this.index.set(v, c);
    }
    return c;
  }
  get radix(): number {
    return this.values.length;
  }
}
