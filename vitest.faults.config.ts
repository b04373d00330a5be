import { defineConfig } from "vitest/config";

// Fault tests: builds killed at points of their run, a full disk, two builds at once. Not part of
// npm test (each case builds the site, and the full-disk cases mount a tmpfs, which needs root);
// .ci/run runs them.
export default defineConfig({
  test: {
    include: ["tests/faults/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
