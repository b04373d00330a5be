// The release bundle: a ZIP that reads back to the same files, byte-identical for the same input
// whatever the chunking and the machine's time zone.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { bundleName, writeChunks, zipChunks, zipFolderChunks, type BundleEntry } from "../../scripts/release/bundle.ts";
import { tmpDir } from "../helpers.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Bytes that compress unevenly: text lines with a counter and pseudo-random noise. */
function sampleBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = i % 61 === 60 ? 10 : (x >>> 16) % 7 === 0 ? 48 + ((x >>> 8) % 10) : 97 + (i % 26);
  }
  return out;
}

/** Cuts bytes into chunks of the given sizes, cycling. */
function* cut(bytes: Uint8Array, sizes: number[]): Generator<Uint8Array> {
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length];
    yield bytes.slice(at, at + n);
    at += n;
  }
}

const concat = (chunks: Iterable<Uint8Array>) => Buffer.concat([...chunks].map((c) => Buffer.from(c)));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

const FILES: Record<string, Uint8Array> = {
  "incidents.csv": sampleBytes(300_000, 1),
  "figures/districts.csv": sampleBytes(5_000, 2),
  "README.md": new TextEncoder().encode("# Sample\n\nSynthetic sample data.\n"),
  "empty.txt": new Uint8Array(0),
  "SHA256SUMS.txt": sampleBytes(70_001, 3),
};

describe("zipChunks", () => {
  it("reads back to every file's exact bytes, entries sorted by name and dated the release day", () => {
    const entries: BundleEntry[] = Object.entries(FILES).map(([name, b]) => ({ name, chunks: () => cut(b, [10_000]) }));
    const zip = concat(zipChunks(entries, "2025-03-01"));
    const back = unzipSync(zip);
    expect(Object.keys(back).sort()).toEqual(Object.keys(FILES).sort());
    for (const [name, b] of Object.entries(FILES)) expect(sha(back[name]), name).toBe(sha(b));
    // Central directory order and each entry's DOS date and time, read from the raw bytes.
    const names: string[] = [];
    const stamps = new Set<string>();
    for (let at = zip.indexOf(Buffer.from([0x50, 0x4b, 1, 2])); at >= 0; at = zip.indexOf(Buffer.from([0x50, 0x4b, 1, 2]), at + 4)) {
      const time = zip.readUInt16LE(at + 12);
      const date = zip.readUInt16LE(at + 14);
      const nameLen = zip.readUInt16LE(at + 28);
      const extraLen = zip.readUInt16LE(at + 30);
      expect(extraLen, "no extra fields").toBe(0);
      names.push(zip.subarray(at + 46, at + 46 + nameLen).toString("utf8"));
      stamps.add(`${(date >> 9) + 1980}-${(date >> 5) & 15}-${date & 31} ${time >> 11}:${(time >> 5) & 63}:${(time & 31) * 2}`);
    }
    expect(names).toEqual(Object.keys(FILES).sort((a, b) => (a < b ? -1 : 1)));
    expect([...stamps]).toEqual(["2025-3-1 0:0:0"]);
  });

  it("writes the same bytes for the same files however their chunks are cut, and other bytes for another date", () => {
    const zipWith = (sizes: number[], released = "2025-03-01") =>
      concat(zipChunks(Object.entries(FILES).map(([name, b]) => ({ name, chunks: () => cut(b, sizes) })), released));
    const a = zipWith([300_000]);
    expect(zipWith([1, 7, 65_536, 100_003]).equals(a)).toBe(true);
    expect(zipWith([4096]).equals(a)).toBe(true);
    // Entries given in another order sort the same.
    const reversed = Object.entries(FILES).reverse().map(([name, b]) => ({ name, chunks: () => cut(b, [999]) }));
    expect(concat(zipChunks(reversed, "2025-03-01")).equals(a)).toBe(true);
    expect(zipWith([300_000], "2025-03-02").equals(a)).toBe(false);
  });

  it("zips a folder from disk like the same files in memory", () => {
    const dir = tmpDir();
    for (const [name, b] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), b);
    }
    const fromDisk = concat(zipFolderChunks(dir, Object.keys(FILES), "2025-03-01"));
    const inMemory = concat(zipChunks(Object.entries(FILES).map(([name, b]) => ({ name, chunks: () => [b] })), "2025-03-01"));
    expect(fromDisk.equals(inMemory)).toBe(true);
    const file = path.join(dir, "out.zip");
    expect(writeChunks(file, zipFolderChunks(dir, Object.keys(FILES), "2025-03-01"))).toBe(fromDisk.length);
    expect(fs.readFileSync(file).equals(fromDisk)).toBe(true);
  });

  it("refuses a name given twice and a date a ZIP cannot hold", () => {
    const e = { name: "a.csv", chunks: () => [new Uint8Array(1)] };
    expect(() => concat(zipChunks([e, e], "2025-03-01"))).toThrow(/twice/);
    expect(() => concat(zipChunks([e], "1979-12-31"))).toThrow(/1980/);
    expect(() => concat(zipChunks([e], "2025-3-1"))).toThrow(/YYYY-MM-DD/);
  });

  it("writes the same bytes under any time zone", () => {
    const dir = tmpDir();
    for (const [name, b] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), b);
    }
    const script = path.join(dir, "zip.ts");
    fs.writeFileSync(
      script,
      `import { zipFolderChunks } from ${JSON.stringify(path.join(ROOT, "scripts/release/bundle.ts"))};\n` +
        `const names = ${JSON.stringify(Object.keys(FILES))};\n` +
        `for (const c of zipFolderChunks(${JSON.stringify(dir)}, names, "2024-09-29")) process.stdout.write(c);\n`,
    );
    const zipIn = (tz: string) => execFileSync(path.join(ROOT, "node_modules/.bin/tsx"), [script], { env: { ...process.env, TZ: tz }, maxBuffer: 64 << 20 });
    // 2024-09-29 is the day New Zealand moved its clocks forward (at 02:00, so midnight exists).
    const utc = zipIn("UTC");
    expect(utc.length).toBeGreaterThan(1000);
    for (const tz of ["Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"]) expect(zipIn(tz).equals(utc), tz).toBe(true);
  });
});

describe("bundleName", () => {
  it("is the short name as a lower-case ASCII slug, then the version", () => {
    expect(bundleName("Riverton PD (sample)", "2024.1")).toBe("riverton-pd-sample-2024.1.zip");
    expect(bundleName("Ciudad de Méxíco — SSC", "2025.2")).toBe("ciudad-de-mexico-ssc-2025.2.zip");
    expect(bundleName("../../etc", "1")).toBe("etc-1.zip");
    expect(bundleName("日本", "3")).toBe("data-3.zip");
  });
});
