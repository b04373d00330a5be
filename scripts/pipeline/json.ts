// The department's JSON files (config.json, mapping.json), read with what JSON.parse forgets:
// the line of every key, so that a problem can name it, and keys written twice in one object,
// of which JSON.parse silently keeps the last.

/** A key written a second time in one object. */
export interface DuplicateKey {
  /** Path of the key, e.g. ["districts", 0, "code"]. */
  path: (string | number)[];
  /** Line of the second occurrence. */
  line: number;
  /** Line of the first. */
  first: number;
}

/** A JSON file parsed, with the line of each value and the keys written twice. */
export interface LocatedJson {
  /** The parsed value, as JSON.parse gives it. */
  value: unknown;
  /** Line (1-based) of the key (or, in an array, the element) holding the value at a path; null when there is none. */
  lineOf(path: readonly PropertyKey[]): number | null;
  /** Keys written twice in one object. */
  duplicates: DuplicateKey[];
}

/** A JSON syntax error: the parser's message and, where it says, the line. */
export interface JsonSyntaxError {
  /** The parser's message. */
  error: string;
  /** The line it points at, where it says. */
  line: number | null;
}

const keyOf = (path: readonly PropertyKey[]) => path.map(String).join("\u0000");

/** Parses JSON text (a leading byte-order mark is allowed), recording lines and duplicate keys. */
export function parseLocatedJson(source: string): LocatedJson | JsonSyntaxError {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const lineCol = /\(line (\d+) column \d+\)/.exec(msg);
    const pos = /position (\d+)/.exec(msg);
    const line = lineCol ? Number(lineCol[1]) : pos ? text.slice(0, Number(pos[1])).split("\n").length : null;
    return { error: msg, line };
  }
  // The text is valid JSON: a scan needs no error handling, only to follow the structure.
  const lines = new Map<string, number>();
  const duplicates: DuplicateKey[] = [];
  const path: (string | number)[] = [];
  let i = 0;
  let line = 1;
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      i++;
    }
  };
  const string = (): string => {
    let j = i + 1;
    while (text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
    const s = JSON.parse(text.slice(i, j + 1)) as string;
    i = j + 1;
    return s;
  };
  const scan = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const seen = new Map<string, number>();
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        const at = line;
        const k = string();
        const first = seen.get(k);
        if (first !== undefined) duplicates.push({ path: [...path, k], line: at, first });
        else seen.set(k, at);
        ws();
        i++; // the colon
        path.push(k);
        lines.set(keyOf(path), at);
        scan();
        path.pop();
        ws();
        if (text[i++] === "}") return;
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        ws();
        path.push(n);
        lines.set(keyOf(path), line);
        scan();
        path.pop();
        ws();
        if (text[i++] === "]") return;
      }
    }
    if (c === '"') {
      string();
      return;
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
  };
  scan();
  return {
    value,
    duplicates,
    lineOf(p) {
      // The nearest enclosing key that has a line (a missing key is reported at its object).
      for (let n = p.length; n > 0; n--) {
        const l = lines.get(keyOf(p.slice(0, n)));
        if (l !== undefined) return l;
      }
      return null;
    },
  };
}

/** Every string in a JSON value, with its path (to find text the department should not have written). */
export function* jsonStrings(value: unknown, path: (string | number)[] = []): Generator<{ path: (string | number)[]; text: string }> {
  if (typeof value === "string") yield { path, text: value };
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* jsonStrings(v, [...path, i]);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      yield { path: [...path, k], text: k };
      yield* jsonStrings(v, [...path, k]);
    }
  }
}
