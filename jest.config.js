/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }] },
  testMatch: ["<rootDir>/test/**/*.test.ts", "<rootDir>/policy-pack/test/**/*.test.ts"],
  // The fault matrix is long; it runs with `npm run test:faults` (jest.faults.config.js).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/faults/"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.tmp/"],
  testTimeout: 60000,
};
