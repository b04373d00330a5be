// Builds a site from a generated folder as the build command does after its data stage (Astro, the
// search index, the Content-Security-Policy step), for tests that edit the generated data first.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { acquire } from "../../scripts/lock.ts";
import { cleanEnv, copyDepartment, tmpDir } from "../helpers.ts";
import { ROOT } from "./build.ts";

const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

function run(args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`${args.slice(1).join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
}

/** Runs the data stage on a copy of the sample department; returns the generated folder. */
export function generateSample(dataDir = path.join(ROOT, "data")): string {
  const work = tmpDir("uof-gen-");
  const dept = copyDepartment(dataDir, path.join(work, "data"));
  const out = path.join(work, "generated");
  run([TSX, path.join(ROOT, "scripts/cli.ts"), "data", "--data", dept, "--out", out, "--report", path.join(work, "report.md")], { ...cleanEnv(), UOF_PSEUDONYM_KEY: "e2e-key-0123456789abcdef" });
  return out;
}

/** Builds the site of a generated folder into a new folder (base "/"), holding the kit's site-build lock as the build command does. */
export async function buildSiteFrom(generated: string, site = ""): Promise<string> {
  const dist = path.join(tmpDir("uof-site-"), "dist");
  const lock = await acquire([path.join(ROOT, "site-build")], { command: "test site build" });
  try {
    const env = { ...cleanEnv(), UOF_GENERATED: generated, UOF_BASE: "/", UOF_SITE: site, UOF_DIST: dist, ASTRO_TELEMETRY_DISABLED: "1" };
    fs.rmSync(path.join(ROOT, ".astro"), { recursive: true, force: true });
    run([path.join(ROOT, "node_modules/astro/astro.js"), "build", "--silent", "--root", ROOT], env);
    run([TSX, path.join(ROOT, "scripts/search.ts"), "--dist", dist, "--generated", generated], env);
    run([TSX, path.join(ROOT, "scripts/csp.ts"), "--dist", dist], env);
  } finally {
    lock.release();
  }
  return dist;
}
