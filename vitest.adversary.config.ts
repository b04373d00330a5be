import { defineConfig } from "vitest/config";

// The adversary's suite: checks a built site from the outside, as an attacker would, without
// trusting the pipeline's own claims (k-anonymity of the record downloads, hidden table cells
// that can be worked out, identifiers planted in the input that reach the output).
// The builds are made once, by the global setup, and shared by the files.
export default defineConfig({
  test: {
    include: ["tests/adversary/**/*.test.ts"],
    globalSetup: ["tests/adversary/setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: true,
  },
});
