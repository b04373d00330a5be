// Global setup of the adversary's suite: builds the sample department once, and a copy of it with
// canaries planted, with the real command line; the test files read the results through inject().
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildSample, ROOT, type Built } from "../e2e/build.ts";
import { copyDepartment, tmpDir } from "../helpers.ts";
import { plantCanaries, type Planted } from "./canaries.ts";

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

declare module "vitest" {
  export interface ProvidedContext {
    sample: Outcome<Built>;
    canary: Outcome<Built & { planted: Planted }>;
  }
}

function attempt<T>(f: () => T): Outcome<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

export default function setup(project: TestProject): () => void {
  const made: string[] = [];
  project.provide("sample", attempt(() => {
    const b = buildSample();
    made.push(b.work);
    return b;
  }));
  project.provide("canary", attempt(() => {
    const dept = path.join(tmpDir("uof-canary-src-"), "data");
    made.push(path.dirname(dept));
    copyDepartment(path.join(ROOT, "data"), dept);
    const planted = plantCanaries(dept);
    const b = buildSample("/", dept);
    made.push(b.work);
    return { ...b, planted };
  }));
  return () => {
    if (process.env.UOF_KEEP_BUILDS) return;
    for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  };
}
