// Benchmark: the whole pipeline against a bare d3-dsv parse of the same files, on synthetic
// departments of 100k and 1M incidents. Each measurement runs in its own process so that
// peak memory (max RSS) is that measurement's alone. Prints figures; asserts nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { csvParse } from "d3-dsv";
import { diskIo } from "../pipeline/io.ts";
import { measureInChild, reportFromChild } from "./child.ts";
import { runPipeline } from "../pipeline/run.ts";
import { tableFiles } from "../pipeline/run.ts";
import { TABLE_NAMES } from "../../src/lib/schema/tables.ts";
import { generateSample } from "../sample/generate.ts";

const SELF = import.meta.filename;

function allCsv(dataDir: string): string[] {
  return TABLE_NAMES.flatMap((t) => tableFiles(diskIo, dataDir, t));
}

function child(mode: string, dataDir: string): void {
  const t0 = performance.now();
  let rows = 0;
  if (mode === "parse") {
    for (const f of allCsv(dataDir)) rows += csvParse(fs.readFileSync(f, "utf8")).length;
  } else {
    const out = path.join(path.dirname(dataDir), "generated");
    const r = runPipeline(diskIo, {
      dataDir, outDir: out, key: "bench-key-0123456789abcdef", allowRejected: false,
      reportPath: path.join(path.dirname(dataDir), "report.md"),
      log: { info: (l) => process.stderr.write(`    ${l}\n`), progress: () => {} },
    });
    rows = r.reconciliation.reduce((n, x) => n + x.read, 0);
  }
  reportFromChild(t0, { rows });
}


function main(): void {
  const sizes = (process.env.BENCH_SIZES ?? "100000,1000000").split(",").map(Number);
  console.log(`Pipeline benchmark on ${os.cpus().length} cores, Node ${process.version}`);
  for (const n of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uof-bench-"));
    const dataDir = path.join(dir, "data");
    const years = 10;
    let t0 = performance.now();
    const files = generateSample({ seed: 7, firstYear: 2015, years, incidentsPerYear: Math.round(n / years), districts: 12 });
    let bytes = 0;
    for (const [rel, content] of files) {
      const p = path.join(dataDir, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
      bytes += Buffer.byteLength(content);
    }
    files.clear();
    console.log(`\n${n.toLocaleString("en-US")} incidents: generated ${(bytes / 1e6).toFixed(0)} MB of CSV in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    const parse = measureInChild<{ rows: number }>(SELF, "parse", dataDir);
    const pipe = measureInChild<{ rows: number }>(SELF, "pipeline", dataDir);
    const fmt = (m: typeof parse) => `${m.seconds.toFixed(2)} s, ${Math.round(m.rows / m.seconds).toLocaleString("en-US")} rows/s, peak ${Math.round(m.maxRssMB).toLocaleString("en-US")} MB`;
    console.log(`  rows in all tables:      ${pipe.rows.toLocaleString("en-US")}`);
    console.log(`  bare d3-dsv parse:       ${fmt(parse)}`);
    console.log(`  whole pipeline:          ${fmt(pipe)}`);
    console.log(`  pipeline / parse time:   ${(pipe.seconds / parse.seconds).toFixed(2)}x`);
    console.log(`  incident rows/s (pipeline): ${Math.round(n / pipe.seconds).toLocaleString("en-US")}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") child(process.argv[3], process.argv[4]);
else main();
