// One measurement in a process of its own, so that its peak memory (max RSS) is its alone: the
// benchmark runs itself with "--child MODE DIR", and the child reports its figures as one JSON line.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";

const TSX_LOADER = path.resolve(import.meta.dirname, "../../node_modules/tsx/dist/loader.mjs");
// The heap ceiling of the measured processes; peak memory is reported, not limited by it.
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 16384);

/** Runs `script --child mode dir` (Node itself, tsx as a loader, so the heap flag applies) and returns what it reported. */
export function measureInChild<T>(script: string, mode: string, dir: string): T & { seconds: number; maxRssMB: number } {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, "--import", pathToFileURL(TSX_LOADER).href, script, "--child", mode, dir], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`${mode} run failed (exit ${r.status})`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

/** In the child: reports its figures, the seconds since t0 and its peak memory. */
export function reportFromChild(t0: number, figures: Record<string, number>): void {
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({ ...figures, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + "\n");
}
