import { gunzipSync, gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applySnapshot, encodeSnapshot, lineAt, lineCount, linesOf, SnapshotError, type ReleaseFiles } from "../../scripts/release/snapshot.ts";

function release(files: Record<string, string | Buffer>): ReleaseFiles {
  return new Map(Object.entries(files).map(([p, t]) => [p, linesOf(t)]));
}

function texts(r: ReleaseFiles): Record<string, string> {
  return Object.fromEntries([...r].map(([p, l]) => [p, l.data.toString("latin1")]));
}

function expectSame(got: ReleaseFiles, want: ReleaseFiles): void {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [p, l] of want) expect(Buffer.compare(got.get(p)!.data, l.data), p).toBe(0);
}

/** A count table of years first..last, one row per year and district. */
function yearly(first: number, last: number, districts = 12): string {
  let s = "year,district,incidents,subjects\n";
  for (let y = first; y <= last; y++) for (let d = 1; d <= districts; d++) s += `${y},D${d},${(y * 7 + d * 13) % 97},${(y * 3 + d * 5) % 89}\n`;
  return s;
}

describe("lines", () => {
  it("splits at LF only and keeps whether the file ends with one", () => {
    const l = linesOf("a,b\r\nc\n\nd");
    expect(lineCount(l)).toBe(4);
    expect([0, 1, 2, 3].map((i) => lineAt(l, i).toString())).toEqual(["a,b\r", "c", "", "d"]);
    expect(lineCount(linesOf(""))).toBe(0);
    expect(lineCount(linesOf("\n"))).toBe(1);
    expect(lineCount(linesOf("x\n"))).toBe(1);
  });
});

describe("snapshot round trip", () => {
  const first = release({
    "incidents.csv": 'incident,summary\nA1,"Line one\nline two, ""quoted"""\nA2,plain\n',
    "no-newline.csv": "year,n\n2020,3",
    "empty.csv": "",
    "only-newline.txt": "\n",
    "crlf.csv": "a,b\r\n1,2\r\n",
    "figures/unicode.json": '{"title":"Fuerza según distrito — ñ, 東京, 😀"}\n',
    "blank-lines.md": "\n\n# Title\n\n\ntext\n\n",
  });

  it("rebuilds the first release byte for byte from nothing", () => {
    const gz = encodeSnapshot(null, first);
    expectSame(applySnapshot(null, gz), first);
  });

  it("reads the same ops recompressed as one gzip member, or with a file name in the gzip header", () => {
    const ops = gunzipSync(encodeSnapshot(null, first));
    expectSame(applySnapshot(null, gzipSync(ops)), first);
    const named = gzipSync(ops);
    // FNAME flag and a zero-terminated name after the 10-byte header, as gzip(1) writes.
    const withName = Buffer.concat([named.subarray(0, 3), Buffer.from([0x08]), named.subarray(4, 10), Buffer.from("s.ops\0"), named.subarray(10)]);
    expectSame(applySnapshot(null, withName), first);
  });

  it("is the same bytes for the same input", () => {
    expect(Buffer.compare(encodeSnapshot(null, first), encodeSnapshot(null, first))).toBe(0);
  });

  it("replays a chain of three releases, with files added, removed, emptied and changed", () => {
    const second = release({
      "incidents.csv": 'incident,summary\nA1,"Line one\nline two, ""quoted"""\nA2,revised\nA3,new\n',
      "no-newline.csv": "year,n\n2020,3\n2021,4",
      "empty.csv": "now,has\ncontent\n",
      "crlf.csv": "a,b\r\n1,2\r\n3,4\r\n",
      "figures/unicode.json": '{"title":"Fuerza según distrito — ñ, 東京, 😀"}',
      "blank-lines.md": "\n\n# Title\n\n\ntext\n\n",
      "figures/new.csv": "x\n1\n",
    });
    const third = release({
      "incidents.csv": "incident,summary\nA2,revised\nA1,\"Line one\nline two, \"\"quoted\"\"\"\n",
      "no-newline.csv": "",
      "empty.csv": "now,has\ncontent\n",
      "crlf.csv": "a,b\r\n1,2\r\n3,4\r\n",
      "figures/new.csv": "x\n1\n2\n",
    });
    const s1 = encodeSnapshot(null, first);
    const s2 = encodeSnapshot(first, second);
    const s3 = encodeSnapshot(second, third);
    const r1 = applySnapshot(null, s1);
    const r2 = applySnapshot(r1, s2);
    const r3 = applySnapshot(r2, s3);
    expectSame(r1, first);
    expectSame(r2, second);
    expectSame(r3, third);
    expect(texts(r3)["incidents.csv"]).toBe(texts(third)["incidents.csv"]);
    // Reordered lines are copies, not literals.
    const ops = gunzipSync(s3).toString("utf8");
    expect(ops).toMatch(/^F [0-9a-f]{64} \d+ 4 1 incidents\.csv\nC 0 1\nC 3 1\nC 1 2\n/m);
  });

  it("keeps an appended year far smaller than the full release", () => {
    const before = release({ "counts.csv": yearly(2000, 2024), "same.csv": yearly(1990, 2024, 40) });
    const rows = yearly(2000, 2025).split("\n");
    rows[5] = rows[5].replace(/,(\d+)$/, ",999"); // one past row revised
    const after = release({ "counts.csv": rows.join("\n"), "same.csv": yearly(1990, 2024, 40) });
    const full = encodeSnapshot(null, after);
    const delta = encodeSnapshot(before, after);
    expectSame(applySnapshot(before, delta), after);
    expect(delta.length * 5).toBeLessThan(full.length);
    const ops = gunzipSync(delta).toString("utf8").split("\n").filter((l) => l.startsWith("L "));
    expect(ops.length).toBe(12 + 1); // the new year's twelve rows and the revised one
  });

  it("names the snapshot and the file when a byte is flipped", () => {
    const gz = encodeSnapshot(null, first);
    // A flipped byte in the compressed stream is caught by gzip's checksum.
    const flipped = Buffer.from(gz);
    flipped[Math.floor(flipped.length / 2)] ^= 0x20;
    expect(() => applySnapshot(null, flipped, "2025.1.snapshot.gz")).toThrow(/2025\.1\.snapshot\.gz/);
    // A changed byte inside a literal, recompressed, is caught by the file's sha256.
    const ops = gunzipSync(gz);
    const at = ops.indexOf("L A2,plain");
    ops[at + 5] = "X".charCodeAt(0);
    const forged = gzipSync(ops);
    let err: unknown;
    try { applySnapshot(null, forged, "2025.1.snapshot.gz"); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(SnapshotError);
    expect((err as SnapshotError).message).toMatch(/^2025\.1\.snapshot\.gz, file incidents\.csv: .*sha256/);
  });

  it("can drop previous files as it goes, and check without keeping the result", () => {
    const second = release({ "incidents.csv": texts(first)["incidents.csv"] + "A9,x\n", "other.csv": "o\n" });
    const gz = encodeSnapshot(first, second);
    const prev = applySnapshot(null, encodeSnapshot(null, first));
    const got = applySnapshot(prev, gz, "s.gz", { releasePrevious: true });
    expectSame(got, second);
    expect(prev.has("incidents.csv")).toBe(false);
    expect(prev.has("crlf.csv")).toBe(true); // not in the new release, so never rebuilt
    const checked = applySnapshot(first, gz, "s.gz", { checkOnly: true });
    expect([...checked.keys()].sort()).toEqual(["incidents.csv", "other.csv"]);
    expect(checked.get("incidents.csv")!.data.length).toBe(0);
    const ops = gunzipSync(gz);
    ops[ops.indexOf("L A9,x") + 3] = "B".charCodeAt(0);
    expect(() => applySnapshot(first, gzipSync(ops), "s.gz", { checkOnly: true })).toThrow(/s\.gz, file incidents\.csv: .*sha256/);
  });

  it("refuses a snapshot applied to the wrong previous release", () => {
    const second = release({ "incidents.csv": texts(first)["incidents.csv"] + "A9,x\n" });
    const gz = encodeSnapshot(first, second);
    expect(() => applySnapshot(null, gz, "s.gz")).toThrow(/s\.gz, file incidents\.csv: copies lines from a previous release that has no such file/);
  });

  it("refuses a truncated snapshot (a member cut off at a member boundary)", () => {
    const gz = encodeSnapshot(null, release({ "a.csv": "a\n", "b.csv": "b\n" }));
    // Each file is one gzip member and the end mark the last: drop the end mark's member.
    const endMember = gzipSync(Buffer.from("E 2\n"), { level: 9 });
    expect(Buffer.compare(gz.subarray(gz.length - endMember.length), endMember)).toBe(0);
    expect(() => applySnapshot(null, gz.subarray(0, gz.length - endMember.length))).toThrow(/end mark is missing/);
    expect(() => applySnapshot(null, gz.subarray(0, gz.length - 5))).toThrow(/damaged or truncated/);
  });

  it("refuses paths that could escape the release folder", () => {
    expect(() => encodeSnapshot(null, release({ "../x.csv": "a\n" }))).toThrow(/cannot be kept in a snapshot/);
  });

  it("round trips random line edits (property)", () => {
    const line = fc.oneof(
      fc.string({ maxLength: 12 }).map((s) => s.replace(/\n/g, "")),
      fc.constantFrom("", "\r", "a,b", '"x\r', "ñ,😀", "2020,D1,3"),
    );
    const file = fc.record({ lines: fc.array(line, { maxLength: 30 }), final: fc.boolean() });
    const text = (f: { lines: string[]; final: boolean }) => f.lines.join("\n") + (f.final && f.lines.length ? "\n" : "");
    const edit = fc.array(fc.record({ op: fc.constantFrom("insert", "delete", "replace", "move"), at: fc.nat(), line }), { maxLength: 8 });
    fc.assert(
      fc.property(file, edit, fc.boolean(), (f, edits, finalAfter) => {
        const lines = [...f.lines];
        for (const e of edits) {
          const i = lines.length ? e.at % lines.length : 0;
          if (e.op === "insert") lines.splice(i, 0, e.line);
          else if (e.op === "delete") lines.splice(i, 1);
          else if (e.op === "replace" && lines.length) lines[i] = e.line;
          else if (e.op === "move" && lines.length) lines.push(...lines.splice(i, 1));
        }
        const before = release({ "f.csv": text(f) });
        const after = release({ "f.csv": text({ lines, final: finalAfter }) });
        const got = applySnapshot(applySnapshot(null, encodeSnapshot(null, before)), encodeSnapshot(before, after));
        return Buffer.compare(got.get("f.csv")!.data, after.get("f.csv")!.data) === 0;
      }),
      { numRuns: 400 },
    );
  });
});
