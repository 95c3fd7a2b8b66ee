/**
 * The fault matrix (test/faults): up, refresh and destroy of a 20-flow-log stack under each fault
 * kind, and the lifecycle cells (replace, renamed stack, fresh runner, ...), through the real
 * engine. `npm test` runs it after the main suite; `npm run test:faults` alone. Writes
 * test/faults/RESULTS.md.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }] },
  testMatch: ["<rootDir>/test/faults/**/*.test.ts"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.tmp/"],
  setupFiles: ["<rootDir>/test/faults/support/enable.js"],
  globalTeardown: "<rootDir>/test/faults/support/writeResults.js",
  testTimeout: 1_200_000,
  // Two stacks at a time: most of a faulted run is waiting (backoff, timeouts, outages).
  maxWorkers: 2,
};
