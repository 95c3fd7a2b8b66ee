// Loaded by jest.faults.config.js only: the fault matrix runs under `npm run test:faults`, and is
// skipped when the default jest config happens to pick its files up.
process.env.ALICLOUD_TRAFFIC_FAULT_MATRIX = "1";
