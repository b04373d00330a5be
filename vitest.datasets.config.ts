import { defineConfig } from "vitest/config";

// The real-export suite: builds each worked example in examples/ from ../shared/datasets.
// Not part of npm test (a fresh clone has no datasets); .ci/run runs it.
export default defineConfig({
  test: {
    include: ["tests/datasets/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
