import os from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/e2e/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    fileParallelism: true,
    // Most of the suite's time is spent waiting on child processes (builds, Chromium), so two
    // files run at once even on two cores, where vitest's default (cores - 1) would run one:
    // 815 s instead of 919 s for the whole suite on a 2-core machine.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
