import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { InputError } from "../../scripts/pipeline/problems.ts";
import { readHistory, reconstruct, recordRelease, type NewRelease } from "../../scripts/release/history.ts";
import { linesOf, type ReleaseFiles } from "../../scripts/release/snapshot.ts";

const KEY = "0123456789abcdef0123456789abcdef";
const BUNDLE = { name: "use-of-force.zip", sha256: "a".repeat(64), bytes: 1234 };
const dirs: string[] = [];

function tempDept(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "uof-history-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function release(files: Record<string, string>): ReleaseFiles {
  return new Map(Object.entries(files).map(([p, t]) => [p, linesOf(t)]));
}
function newRelease(version: string, files: ReleaseFiles, released = "2025-03-01"): NewRelease {
  return { version, released, notes: `Notes for ${version}.`, key: KEY, files, bundle: BUNDLE };
}
function texts(r: ReleaseFiles): Record<string, string> {
  return Object.fromEntries([...r].map(([p, l]) => [p, l.data.toString("utf8")]));
}
function problemText(fn: () => unknown): string {
  try { fn(); } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => `${p.file} | ${p.field} | ${p.expected} | ${p.fix}`).join("\n");
    throw e;
  }
  throw new Error("expected a problem");
}

const R1 = { "incidents.csv": "incident,year\nA1,2023\nA2,2023\n", "figures/x.csv": "year,n\n2023,2" };
const R2 = { "incidents.csv": "incident,year\nA1,2023\nA2,2023\nA3,2024\n", "figures/x.csv": "year,n\n2023,2\n2024,1", "README.md": "# Sample data\n" };
const R3 = { "incidents.csv": "incident,year\nA2,2023\nA3,2024\nA4,2025\n", "README.md": "# Sample data\n\nRevised.\n" };

describe("release history", () => {
  it("is empty when the department has no releases folder", () => {
    const d = tempDept();
    expect(readHistory(d)).toEqual({ history: { format: 1, releases: [] }, problems: [] });
  });

  it("records a chain of three releases and rebuilds each one byte for byte", () => {
    const d = tempDept();
    const r1 = recordRelease(d, newRelease("2023.1", release(R1), "2024-02-01"));
    const r2 = recordRelease(d, newRelease("2024.1", release(R2), "2025-02-01"));
    const r3 = recordRelease(d, newRelease("2025.1", release(R3), "2026-02-01"));
    expect([r1.status, r2.status, r3.status]).toEqual(["recorded", "recorded", "recorded"]);
    const { history, problems } = readHistory(d);
    expect(problems).toEqual([]);
    expect(history.releases.map((r) => [r.version, r.base, r.snapshot])).toEqual([
      ["2023.1", null, "2023.1.snapshot.gz"],
      ["2024.1", "2023.1", "2024.1.snapshot.gz"],
      ["2025.1", "2024.1", "2025.1.snapshot.gz"],
    ]);
    expect(history.releases[1].files.map((f) => f.path)).toEqual(["README.md", "figures/x.csv", "incidents.csv"]);
    expect(history.releases[1].files[2].bytes).toBe(Buffer.byteLength(R2["incidents.csv"]));
    expect(fs.readdirSync(path.join(d, "releases")).sort()).toEqual(["2023.1.snapshot.gz", "2024.1.snapshot.gz", "2025.1.snapshot.gz", "releases.json"]);
    expect(texts(reconstruct(d, history, "2023.1"))).toEqual(R1);
    expect(texts(reconstruct(d, history, "2024.1"))).toEqual(R2);
    expect(texts(reconstruct(d, history, "2025.1"))).toEqual(R3);
  });

  it("keeps a large snapshot in parts that join to it, and names a missing part", () => {
    const d = tempDept();
    // Parts of 100 bytes here, 45 MB in use: file hosts refuse files over 100 MB.
    const r1 = recordRelease(d, newRelease("2023.1", release(R1), "2024-02-01"), 100);
    const r2 = recordRelease(d, newRelease("2024.1", release(R2), "2025-02-01"), 100);
    expect(r1.record.parts).toBe(Math.ceil(r1.snapshotBytes / 100));
    expect(r1.record.parts).toBeGreaterThan(2);
    const parts = fs.readdirSync(path.join(d, "releases")).filter((f) => f.startsWith("2023.1.")).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    expect(parts).toEqual(["2023.1.snapshot.gz", ...Array.from({ length: r1.record.parts! - 1 }, (_, i) => `2023.1.snapshot.gz.${i + 2}`)]);
    for (const p of parts.slice(0, -1)) expect(fs.statSync(path.join(d, "releases", p)).size).toBe(100);
    const { history, problems } = readHistory(d);
    expect(problems).toEqual([]);
    expect(texts(reconstruct(d, history, "2024.1"))).toEqual(R2);
    expect(r2.record.base).toBe("2023.1");
    fs.rmSync(path.join(d, "releases", "2023.1.snapshot.gz.2"));
    expect(problemText(() => reconstruct(d, history, "2024.1"))).toContain("2023.1.snapshot.gz.2");
  });

  it("leaves a version recorded with the same files as it is, and refuses one with other files", () => {
    const d = tempDept();
    recordRelease(d, newRelease("2024.1", release(R1)));
    const before = fs.readFileSync(path.join(d, "releases", "releases.json"), "utf8");
    expect(recordRelease(d, newRelease("2024.1", release(R1))).status).toBe("already recorded");
    expect(() => recordRelease(d, newRelease("2024.1", release(R2)))).toThrow(/release 2024\.1 is already recorded .* Give this release a new version/);
    expect(fs.readFileSync(path.join(d, "releases", "releases.json"), "utf8")).toBe(before);
  });

  it("refuses versions that cannot name a folder", () => {
    const d = tempDept();
    for (const v of ["", ".hidden", "2025/1", "2025 1", "../x"]) {
      expect(() => recordRelease(d, newRelease(v, release(R1)))).toThrow(/cannot be recorded: expected letters, digits/);
    }
    expect(fs.existsSync(path.join(d, "releases"))).toBe(false);
  });

  it("leaves the history as it was when recording stops before releases.json is replaced", () => {
    const d = tempDept();
    recordRelease(d, newRelease("2024.1", release(R1)));
    const file = path.join(d, "releases", "releases.json");
    const before = fs.readFileSync(file, "utf8");
    const rename = fs.renameSync;
    vi.spyOn(fs, "renameSync").mockImplementation((from, to) => {
      if (String(to) === file) throw new Error("interrupted");
      rename(from, to);
    });
    expect(() => recordRelease(d, newRelease("2025.1", release(R2)))).toThrow(/interrupted/);
    vi.restoreAllMocks();
    expect(fs.readFileSync(file, "utf8")).toBe(before);
    expect(fs.readdirSync(path.join(d, "releases")).filter((f) => f.includes(".tmp"))).toEqual([]);
    const { history } = readHistory(d);
    expect(history.releases.map((r) => r.version)).toEqual(["2024.1"]);
    expect(texts(reconstruct(d, history, "2024.1"))).toEqual(R1);
    // Recording again afterwards works.
    expect(recordRelease(d, newRelease("2025.1", release(R2))).status).toBe("recorded");
    expect(texts(reconstruct(d, readHistory(d).history, "2025.1"))).toEqual(R2);
  });

  it("names a missing snapshot and how to restore it", () => {
    const d = tempDept();
    recordRelease(d, newRelease("2024.1", release(R1)));
    recordRelease(d, newRelease("2025.1", release(R2)));
    fs.rmSync(path.join(d, "releases", "2024.1.snapshot.gz"));
    const { history } = readHistory(d);
    const text = problemText(() => reconstruct(d, history, "2025.1"));
    expect(text).toContain(path.join(d, "releases", "2024.1.snapshot.gz"));
    expect(text).toMatch(/the snapshot of release 2024\.1, which releases\.json lists \| restore 2024\.1\.snapshot\.gz from the repository's history/);
  });

  it("names a corrupted snapshot and the file it breaks", () => {
    const d = tempDept();
    recordRelease(d, newRelease("2024.1", release(R1)));
    recordRelease(d, newRelease("2025.1", release(R2)));
    const snap = path.join(d, "releases", "2025.1.snapshot.gz");
    const gz = fs.readFileSync(snap);
    gz[Math.floor(gz.length / 2)] ^= 0x01;
    fs.writeFileSync(snap, gz);
    const text = problemText(() => reconstruct(d, readHistory(d).history, "2025.1"));
    expect(text).toContain(snap);
    expect(text).toMatch(/a snapshot that rebuilds release 2025\.1/);
    // The release before it is untouched and still rebuilds.
    expect(texts(reconstruct(d, readHistory(d).history, "2024.1"))).toEqual(R1);
  });

  it("finds a file whose recorded checksum differs from what the snapshot rebuilds", () => {
    const d = tempDept();
    recordRelease(d, newRelease("2024.1", release(R1)));
    const file = path.join(d, "releases", "releases.json");
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    json.releases[0].files[1].sha256 = "b".repeat(64);
    fs.writeFileSync(file, JSON.stringify(json));
    expect(problemText(() => reconstruct(d, readHistory(d).history, "2024.1"))).toMatch(/\| incidents\.csv \| the sha256 b{64} that releases\.json records for release 2024\.1/);
  });

  it("reports invalid JSON and schema problems with the file and field", () => {
    const d = tempDept();
    fs.mkdirSync(path.join(d, "releases"));
    const file = path.join(d, "releases", "releases.json");
    fs.writeFileSync(file, "{ not json");
    const bad = readHistory(d).problems;
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ file, field: null, expected: "valid JSON" });

    const good = { format: 1, releases: [
      { version: "2024.1", released: "2024-02-30", notes: "", base: null, key: KEY, snapshot: "2024.1.snapshot.gz", files: [{ path: "a.csv", sha256: "c".repeat(64), bytes: 1 }], bundle: BUNDLE },
      { version: "2025.1", released: "2025-02-01", notes: "", base: "2023.9", key: KEY, snapshot: "2025.1.snapshot.gz", files: [], bundle: BUNDLE },
    ] };
    fs.writeFileSync(file, JSON.stringify(good));
    const schema = readHistory(d).problems;
    expect(schema.map((p) => [p.field, p.expected])).toEqual([["releases[0].released", "a real date written YYYY-MM-DD, for example 2025-02-28"]]);
    good.releases[0].released = "2024-02-28";
    fs.writeFileSync(file, JSON.stringify(good));
    expect(readHistory(d).problems.map((p) => [p.file, p.field, p.value, p.expected])).toEqual([[file, "releases[1].base", "2023.9", '"2024.1", the release before it']]);
    expect(() => recordRelease(d, newRelease("2026.1", release(R1)))).toThrow(InputError);
  });
});
