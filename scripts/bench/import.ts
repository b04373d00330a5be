// Benchmark: the import stage (export + mapping.json -> canonical tables) against a bare d3-dsv
// parse of the same export, on synthetic officer-per-force exports of 100k and 1M rows written
// here (seeded, fictional); then the import of a synthetic dispatch export of 5M calls (counted
// into calls_for_service.csv). Each measurement runs in its own process so that peak memory
// (max RSS) is that measurement's alone. Prints figures; asserts nothing.
// BENCH_SIZES (force export rows, comma-separated; empty for none) and BENCH_DISPATCH_CALLS
// (rows of the dispatch export, about; 0 for none) choose the sizes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { csvFormatRows, csvParseRows } from "d3-dsv";
import { diskIo } from "../pipeline/io.ts";
import { measureInChild, reportFromChild } from "./child.ts";
import { runImport } from "../import/run.ts";
import { departmentConfig } from "../../src/lib/schema/config.ts";
import { dispatchExport, dispatchMapping, type CallsCell } from "../sample/dispatch.ts";
import { CALL_TYPE } from "../../src/lib/schema/vocab.ts";

const SELF = import.meta.filename;

const CONFIG = {
  name: "Benchmark Police Department (synthetic)", jurisdiction: "Benchmark City", contact: { email: "data@bench.example" },
  licence: { id: "CC-BY-4.0", name: "Creative Commons Attribution 4.0", url: "https://creativecommons.org/licenses/by/4.0/" },
  timezone: "America/Chicago", districts: ["A", "B", "C", "D", "E", "F"].map((c) => ({ code: c, name: `Area ${c}` })),
  synthetic: true, version: "bench", released: "2026-01-01",
};

const MAPPING = {
  sources: [{
    file: "export.csv", grain: "officer_force", blank: ["-", "NULL"],
    keys: { incident: ["Case  Number"], subject: { columns: ["Subject ID"] }, officer: { columns: ["Officer ID"] } },
    drop: ["Street Address"],
    fields: {
      "incidents.date": { column: "Date  Occurred", format: "MM/DD/YYYY hh:mm:ss A" },
      "incidents.time": { column: "Time  Occurred", format: "HHmm", pad_left: 4 },
      "incidents.district": { column: "Area" },
      "incidents.contact_origin": { column: "Nature of Contact", values: { "DISPATCHED CALL": "dispatched", "VIEWED OFFENSE": "officer_initiated", "TRAFFIC STOP": "officer_initiated", OTHER: "other" } },
      "subjects.sex": { column: "Subject Sex", values: { M: "male", F: "female" } },
      "subjects.race_ethnicity": { first_of: [{ column: "Subject Ethnicity", values: { H: "hispanic_latino", N: null } }, { column: "Subject Race", values: { W: "white", B: "black", A: "asian", U: "unknown" } }] },
      "subjects.injury": { column: "Subject Effects", split: "; ", values: { "NO INJURY": "none", "MINOR INJURY": "minor", "SERIOUS INJURY": "serious" }, pick: "highest" },
      "officers.injury": { column: "Officer Injured", values: { Yes: "injured_unspecified", No: "none" } },
      "force_uses.force_type": { first_of: [{ flags: { "Taser Used": "ced", "OC Used": "oc_spray" }, boolean: "yes_no" }, { columns: ["Weapon 1", "Weapon 2", "Weapon 3"], values: { HANDS: "physical_unspecified", TAKEDOWN: "takedown", BATON: "baton" } }] },
      "force_uses.agency_level": { column: "Level" },
    },
  }],
};

/** A seeded export of n rows: about 2.5 rows per incident, one officer and one type of force a row. */
function writeExport(dir: string, n: number): number {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const header = ["Case  Number", "Date  Occurred", "Time  Occurred", "Street Address", "Area", "Nature of Contact", "Subject ID", "Subject Sex", "Subject Race", "Subject Ethnicity", "Subject Effects", "Officer ID", "Officer Injured", "Taser Used", "OC Used", "Weapon 1", "Weapon 2", "Weapon 3", "Level"];
  const rows: string[][] = [header];
  let incident = 0;
  let left = 0;
  let date = "", time = "", area = "", contact = "";
  for (let r = 0; r < n; r++) {
    if (left === 0) {
      incident++;
      left = 1 + Math.floor(rnd() * 4);
      const m = 1 + Math.floor(rnd() * 12), d = 1 + Math.floor(rnd() * 28);
      date = `${String(m).padStart(2, "0")}/${String(d).padStart(2, "0")}/2024 12:00:00 AM`;
      time = rnd() < 0.25 ? "" : String(Math.floor(rnd() * 24) * 100 + Math.floor(rnd() * 60));
      area = pick(["A", "B", "C", "D", "E", "F", "-"]);
      contact = pick(["DISPATCHED CALL", "DISPATCHED CALL", "VIEWED OFFENSE", "TRAFFIC STOP", "OTHER"]);
    }
    left--;
    const taser = rnd() < 0.15 ? "Yes" : "No";
    rows.push([
      `C${incident}`, date, time, `${100 + Math.floor(rnd() * 9000)} Example St`, area === "-" ? "A" : area, contact,
      `P${incident}-${1 + Math.floor(rnd() * 2)}`, pick(["M", "M", "F", "-"]), pick(["W", "B", "A", "U"]), pick(["H", "N", "N", ""]),
      pick(["NO INJURY", "MINOR INJURY", "MINOR INJURY; NO INJURY", "SERIOUS INJURY", "-"]), `O${Math.floor(rnd() * 900)}`, pick(["Yes", "No", "No", "No"]),
      taser, taser === "Yes" ? "No" : pick(["Yes", "No", "No", "No"]), pick(["HANDS", "TAKEDOWN", "BATON", ""]), pick(["", "", "HANDS"]), "", pick(["1", "2", "3"]),
    ]);
  }
  fs.writeFileSync(path.join(dir, "export.csv"), csvFormatRows(rows) + "\n");
  fs.writeFileSync(path.join(dir, "mapping.json"), JSON.stringify(MAPPING));
  fs.writeFileSync(path.join(dir, "config.json"), JSON.stringify(CONFIG));
  return fs.statSync(path.join(dir, "export.csv")).size;
}

/**
 * A seeded dispatch export of about `calls` rows (calls) over 2024-2025 (and the rows a real export
 * holds beside them: officer-initiated, not dispatched, duplicates), with the mapping's calls section.
 */
function writeDispatch(dir: string, calls: number): number {
  const districts = CONFIG.districts.map((d) => d.code);
  const types = Object.keys(CALL_TYPE).filter((t) => t !== "unknown");
  // About 1.21 rows per counted call: the export also holds calls not counted.
  const perCell = calls / 1.21 / (24 * districts.length * types.length);
  function* cells(): Generator<CallsCell> {
    for (const y of [2024, 2025]) for (let m = 1; m <= 12; m++) for (const call_type of types) for (const district of districts) {
      const dispatched = Math.round(perCell * (0.6 + (0.8 * ((m * 7 + call_type.length * 3 + district.charCodeAt(0)) % 11)) / 10));
      yield { period: `${y}-${String(m).padStart(2, "0")}`, call_type, district, calls_911: Math.round(dispatched * 0.7), calls_dispatched: dispatched };
    }
  }
  const file = path.join(dir, "dispatch.csv");
  const fd = fs.openSync(file, "w");
  try {
    for (const piece of dispatchExport(cells(), { seed: 7, released: CONFIG.released })) fs.writeSync(fd, piece);
  } finally {
    fs.closeSync(fd);
  }
  fs.writeFileSync(path.join(dir, "mapping.json"), JSON.stringify({ ...MAPPING, calls: dispatchMapping("dispatch.csv", districts) }));
  return fs.statSync(file).size;
}

function child(mode: string, dataDir: string): void {
  const t0 = performance.now();
  let rows = 0;
  let built = 0;
  if (mode === "parse") rows = csvParseRows(fs.readFileSync(path.join(dataDir, "export.csv"), "utf8")).length - 1;
  else if (mode === "dispatch") {
    const r = runImport(diskIo, {
      dataDir, outDir: path.join(path.dirname(dataDir), "imported"), reportPath: path.join(path.dirname(dataDir), "import.md"), allowRejected: false,
      config: departmentConfig.parse(CONFIG), log: { info: (l) => process.stderr.write(`    ${l}\n`), progress: () => {} },
    });
    rows = r.calls!.files.reduce((s, f) => s + f.read, 0);
    built = r.calls!.dispatched;
  } else {
    const r = runImport(diskIo, {
      dataDir, outDir: path.join(path.dirname(dataDir), "imported"), reportPath: path.join(path.dirname(dataDir), "import.md"), allowRejected: false,
      config: departmentConfig.parse(CONFIG), log: { info: (l) => process.stderr.write(`    ${l}\n`), progress: () => {} },
    });
    rows = r.files.reduce((s, f) => s + f.read, 0);
    built = r.built.incidents;
  }
  reportFromChild(t0, { rows, built });
}


function main(): void {
  const sizes = (process.env.BENCH_SIZES ?? "100000,1000000").split(",").filter((x) => x.trim() !== "").map(Number);
  console.log(`Import benchmark on ${os.cpus().length} cores, Node ${process.version}`);
  for (const n of sizes) {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uof-bench-import-")), "data");
    fs.mkdirSync(dataDir);
    const bytes = writeExport(dataDir, n);
    console.log(`\n${n.toLocaleString("en-US")} export rows (${(bytes / 1e6).toFixed(0)} MB of CSV):`);
    const p = measureInChild<{ rows: number; built: number }>(SELF, "parse", dataDir);
    const i = measureInChild<{ rows: number; built: number }>(SELF, "import", dataDir);
    const f = (x: number) => Math.round(x).toLocaleString("en-US");
    console.log(`  bare d3-dsv parse:   ${p.seconds.toFixed(2)} s, ${f(p.rows / p.seconds)} rows/s, peak ${f(p.maxRssMB)} MB`);
    console.log(`  import:              ${i.seconds.toFixed(2)} s, ${f(i.rows / i.seconds)} rows/s, peak ${f(i.maxRssMB)} MB, ${f(i.built)} incidents built`);
    console.log(`  import / parse time: ${(i.seconds / p.seconds).toFixed(2)}x`);
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
  const calls = Number(process.env.BENCH_DISPATCH_CALLS ?? 5_000_000);
  if (calls > 0) {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uof-bench-dispatch-")), "data");
    fs.mkdirSync(dataDir);
    // A small force export beside it: the dispatch export is what is measured.
    writeExport(dataDir, 1000);
    const bytes = writeDispatch(dataDir, calls);
    console.log(`\nDispatch export of about ${calls.toLocaleString("en-US")} calls (${(bytes / 1e6).toFixed(0)} MB of CSV), with a 1,000-row force export:`);
    const d = measureInChild<{ rows: number; built: number }>(SELF, "dispatch", dataDir);
    const f = (x: number) => Math.round(x).toLocaleString("en-US");
    console.log(`  import:              ${d.seconds.toFixed(2)} s, ${f(d.rows / d.seconds)} call rows/s, peak ${f(d.maxRssMB)} MB, ${f(d.rows)} call rows read, ${f(d.built)} dispatched calls counted`);
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") child(process.argv[3], process.argv[4]);
else main();
