/** The resource registry: each entry's shim and implementation exist and expose the provider hooks. */
import * as fs from "fs";
import * as path from "path";
import { RESOURCES, resourceOfType } from "../../provider/registry";
import { FlowLog } from "../../provider/sag/flowLog";
import { TrafficMirrorService } from "../../provider/vpc/trafficMirrorService";
import { STATE_IDENTITY_TYPE } from "../../provider/internal/stateIdentityTypes";

const REPO = path.resolve(__dirname, "../..");
/** `pulumi-alicloud-traffic/dist/provider/x/y.js` -> the source file `provider/x/y.ts`. */
const source = (packagePath: string) =>
  path.join(REPO, packagePath.replace(/^pulumi-alicloud-traffic\/dist\//, "").replace(/\.js$/, ".ts"));
const HOOKS = ["configure", "check", "diff", "create", "read", "update", "delete"];

describe("resource registry", () => {
  it.each(Object.entries(RESOURCES))("%s: shim and implementation exist; the implementation exports every hook", (_key, entry) => {
    expect(fs.existsSync(source(entry.shim))).toBe(true);
    // The shim forwards to exactly this implementation.
    expect(fs.readFileSync(source(entry.shim), "utf8")).toMatch(/forwardTo\(RESOURCES\.\w+\.implementation\)/);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const impl = require(source(entry.implementation));
    for (const hook of HOOKS) expect(typeof impl[hook]).toBe("function");
  });

  it("tokens are unique and the classes use them", () => {
    const tokens = Object.values(RESOURCES).map((r) => r.token);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(FlowLog.__pulumiType).toBe(RESOURCES.flowLog.token);
    expect(TrafficMirrorService.__pulumiType).toBe(RESOURCES.trafficMirrorService.token);
    expect(RESOURCES.stateIdentity.token).toBe(STATE_IDENTITY_TYPE);
    expect(resourceOfType(RESOURCES.flowLog.token)?.className).toBe("sag.FlowLog");
    expect(resourceOfType("pulumi-nodejs:dynamic/other:Thing")).toBeUndefined();
  });

  it("the shim paths are the ones stacks have in their state (a public contract)", () => {
    expect(RESOURCES.flowLog.shim).toBe("pulumi-alicloud-traffic/dist/provider/shims/sagFlowLog.js");
    expect(RESOURCES.trafficMirrorService.shim).toBe("pulumi-alicloud-traffic/dist/provider/shims/vpcTrafficMirrorService.js");
    expect(RESOURCES.stateIdentity.shim).toBe("pulumi-alicloud-traffic/dist/provider/shims/stateIdentity.js");
  });
});
