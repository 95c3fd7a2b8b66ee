/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }] },
  testMatch: ["<rootDir>/test/**/*.test.ts", "<rootDir>/policy-pack/test/**/*.test.ts"],
  // The fault matrix is long; it runs with `npm run test:faults` (jest.faults.config.js).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/faults/"],
  modulePathIgnorePatterns: ["<rootDir>/dist/", "<rootDir>/.tmp/"],
  // In-process imports of the package by name get its source, not a compiled copy (dist/, or the one
  // `npm run build` stages into node_modules), which lags until the next build: the policy pack
  // loads the provider's schema as "pulumi-alicloud-traffic/dist/provider/schema/index.js"
  // (policy-pack/policies/util.ts), and so do its tests.
  // Programs the engine runs (test/e2e) are other processes and still load the installed package.
  moduleNameMapper: {
    "^pulumi-alicloud-traffic/dist/provider/schema(?:/index)?(?:\\.js)?$": "<rootDir>/provider/schema/index.ts",
    "^pulumi-alicloud-traffic$": "<rootDir>/provider/index.ts",
  },
  testTimeout: 60000,
};
