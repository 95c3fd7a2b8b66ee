/**
 * The resource registry (provider/registry.ts), entry by entry: the shim and the implementation exist
 * and expose the provider hooks, the shim forwards to the entry's implementation, the shim path is the
 * one stacks have in their state, the class users construct (at its `className` path in the package's
 * exports) carries the entry's token, and every table the entry names is the one its class and
 * provider use.
 */
import * as fs from "fs";
import * as path from "path";
import * as pkg from "../../provider";
import { PUBLIC_RESOURCES, RESOURCES, resourceOfType } from "../../provider/registry";
import { STATE_IDENTITY_TYPE } from "../../provider/internal/stateIdentityTypes";

const REPO = path.resolve(__dirname, "../..");
/** `pulumi-alicloud-traffic/dist/provider/x/y.js` -> the source file `provider/x/y.ts`. */
const source = (packagePath: string) =>
  path.join(REPO, packagePath.replace(/^pulumi-alicloud-traffic\/dist\//, "").replace(/\.js$/, ".ts"));
const HOOKS = ["configure", "check", "diff", "create", "read", "update", "delete"];

/**
 * The shim paths stacks have in their state (a public contract): each one ever shipped, by registry key.
 * A new resource adds its line here; an existing line never changes.
 */
const SHIPPED_SHIMS: Record<string, string> = {
  flowLog: "pulumi-alicloud-traffic/dist/provider/shims/sagFlowLog.js",
  trafficMirrorService: "pulumi-alicloud-traffic/dist/provider/shims/vpcTrafficMirrorService.js",
  trafficMirrorFilter: "pulumi-alicloud-traffic/dist/provider/shims/vpcTrafficMirrorFilter.js",
  trafficMirrorSession: "pulumi-alicloud-traffic/dist/provider/shims/vpcTrafficMirrorSession.js",
  vpcFlowLogService: "pulumi-alicloud-traffic/dist/provider/shims/vpcFlowLogService.js",
  vpcFlowLog: "pulumi-alicloud-traffic/dist/provider/shims/vpcFlowLog.js",
  stateIdentity: "pulumi-alicloud-traffic/dist/provider/shims/stateIdentity.js",
};

describe("resource registry", () => {
  it.each(Object.entries(RESOURCES))("%s: shim and implementation exist; the shim forwards to it; it exports every hook", (_key, entry) => {
    expect(fs.existsSync(source(entry.shim))).toBe(true);
    expect(fs.readFileSync(source(entry.shim), "utf8")).toMatch(new RegExp(`forwardTo\\(RESOURCES\\.${_key}\\.implementation\\)`));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const impl = require(source(entry.implementation));
    for (const hook of HOOKS) expect(typeof impl[hook]).toBe("function");
  });

  it("every shim path is the one stacks have in their state, for every entry and only those", () => {
    expect(Object.fromEntries(Object.entries(RESOURCES).map(([k, e]) => [k, e.shim]))).toEqual(SHIPPED_SHIMS);
  });

  it.each(PUBLIC_RESOURCES.map((e) => [e.className, e] as const))(
    "%s: the class at that path of the package's exports carries the entry's token",
    (className, entry) => {
      const Class = className.split(".").reduce<any>((o, k) => o?.[k], pkg);
      expect(typeof Class).toBe("function");
      expect(Class.__pulumiType).toBe(entry.token);
      expect(Class.isInstance({ __pulumiType: entry.token })).toBe(true);
      expect(Class.isInstance({ __pulumiType: "pulumi-nodejs:dynamic/other:Thing" })).toBe(false);
      expect(entry.token).toBe(`pulumi-nodejs:dynamic/${className.split(".")[0]}:${className.split(".")[1]}`);
      expect(resourceOfType(entry.token)).toBe(entry);
    },
  );

  it("tokens are unique; the state identity's is the one its class registers", () => {
    const tokens = Object.values(RESOURCES).map((r) => r.token);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(RESOURCES.stateIdentity.token).toBe(STATE_IDENTITY_TYPE);
    expect(resourceOfType("pulumi-nodejs:dynamic/other:Thing")).toBeUndefined();
  });

  it("every resource with an idempotency marker replaces delete-first (the engine asks no provider about up --replace)", () => {
    // A create-first replacement's create would adopt the old one by its marker, and the engine then deletes it.
    for (const entry of [RESOURCES.flowLog, RESOURCES.trafficMirrorFilter, RESOURCES.trafficMirrorSession, RESOURCES.vpcFlowLog]) {
      expect({ resource: entry.className, deleteFirst: entry.deleteFirst }).toEqual({
        resource: entry.className,
        deleteFirst: expect.stringMatching(/always delete/),
      });
    }
  });

  it("every public entry has its field and output tables, and every class is in the registry", () => {
    for (const entry of PUBLIC_RESOURCES) {
      expect(Object.keys(entry.fields).length).toBeGreaterThan(0);
      expect(entry.outputs).toBeDefined();
    }
    const classes = Object.entries(pkg)
      .filter(([k]) => k !== "schema")
      .flatMap(([module, exports]) =>
        Object.entries(exports as object)
          .filter(([, v]) => typeof v === "function" && "__pulumiType" in v)
          .map(([name]) => `${module}.${name}`),
      );
    expect(classes.sort()).toEqual(PUBLIC_RESOURCES.map((e) => e.className).sort());
  });
});
