import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    // Bounds on a hang, stretched for shared machines (test/helpers/patience.ts); waits end on events.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: "forks",
    maxWorkers: 2,
    // Each file runs on its own key prefix on one real Redis, so files run in parallel.
    fileParallelism: true,
  },
});
