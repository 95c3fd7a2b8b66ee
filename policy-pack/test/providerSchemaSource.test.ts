/**
 * The policy tests run against the provider's schema source, not a compiled copy: jest.config.js
 * maps the module the pack loads by package name (which the tests import too) to provider/. Without the mapping they would get dist/ or the copy `npm run build`
 * stages into node_modules, and a change in provider/schema would pass them until the next build.
 * (The engine-driven tests, test/e2e/policyPack*.test.ts, load the installed package on purpose.)
 */
import * as path from "path";
import * as sourceSchema from "../../provider/schema";
import { PROVIDER_SCHEMA_MODULE, schema } from "../policies/util";

const REPO = path.resolve(__dirname, "..", "..");

describe("the provider schema the policy tests see", () => {
  it("is the source file provider/schema/index.ts", () => {
    expect(require.resolve(PROVIDER_SCHEMA_MODULE)).toBe(path.join(REPO, "provider", "schema", "index.ts"));
  });

  it("is the very module instance the provider's source uses (values the policies read come from it)", () => {
    // An object export is the same object only when both sides loaded the same module.
    expect(schema.ACTIVE_AGING).toBe(sourceSchema.ACTIVE_AGING);
    expect(schema.validateFlowLogInputs).toBe(sourceSchema.validateFlowLogInputs);
  });

  it("is also what the tests import as the package's schema module", () => {
    expect(require.resolve("pulumi-alicloud-traffic/dist/provider/schema")).toBe(path.join(REPO, "provider", "schema", "index.ts"));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require("pulumi-alicloud-traffic/dist/provider/schema").ACTIVE_AGING).toBe(sourceSchema.ACTIVE_AGING);
  });
});
