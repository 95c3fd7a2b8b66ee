/**
 * The pack as a whole: names, levels and descriptions; config defaults that come from the schema;
 * the example org config; the layout the engine loads. Runs no policy server.
 */
import * as fs from "fs";
import * as path from "path";
import { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { schema } from "pulumi-alicloud-traffic";
import {
  POLICY_PACK_NAME,
  allowedRegionsDefaults,
  flowLogAgingRangesDefaults,
  flowLogPrivateNetflowCollectorDefaults,
  flowLogRequiredOutputSettingsDefaults,
  policies,
} from "../policies";
import { flowLog, trafficMirrorService } from "./fixtures";
import { effectiveConfig, runResourcePolicy, runStackPolicy } from "./harness";

const PACK = path.resolve(__dirname, "..");
const isStack = (p: Policy): p is StackValidationPolicy => "validateStack" in p;

describe("alicloud-traffic-policies", () => {
  it("has the public pack name and policy names, in order", () => {
    expect(POLICY_PACK_NAME).toBe("alicloud-traffic-policies");
    expect(policies.map((p) => p.name)).toEqual([
      "flowlog-aging-ranges",
      "flowlog-required-output-settings",
      "flowlog-private-netflow-collector",
      "flowlog-status-active",
      "allowed-regions",
      "flowlog-unique-sag-association",
      "flowlog-unique-names",
    ]);
  });

  it("satisfies the SDK's rules for names and config schemas", () => {
    expect(new Set(policies.map((p) => p.name)).size).toBe(policies.length);
    for (const p of policies) {
      expect(p.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.name).not.toBe("all");
      expect(Object.keys(p.configSchema?.properties ?? {})).not.toContain("enforcementLevel");
      expect(p.description).toMatch(/^Checks that .+\.$/);
      expect(p.enforcementLevel).toMatch(/^(advisory|mandatory)$/);
    }
    expect(policies.filter(isStack).map((p) => p.name)).toEqual(["flowlog-unique-sag-association", "flowlog-unique-names"]);
  });

  it("declares the same defaults in configSchema as the policies apply without the engine", () => {
    const byName: Record<string, object> = {
      "flowlog-aging-ranges": flowLogAgingRangesDefaults,
      "flowlog-required-output-settings": flowLogRequiredOutputSettingsDefaults,
      "flowlog-private-netflow-collector": flowLogPrivateNetflowCollectorDefaults,
      "allowed-regions": allowedRegionsDefaults,
    };
    for (const p of policies) expect(effectiveConfig(p)).toEqual(byName[p.name] ?? {});
  });

  it("remediates only through policies that also validate", () => {
    const remediating = policies.filter((p): p is ResourceValidationPolicy => !isStack(p) && p.remediateResource !== undefined);
    expect(remediating.map((p) => p.name)).toEqual(["flowlog-aging-ranges", "flowlog-required-output-settings", "flowlog-status-active"]);
    for (const p of remediating) expect(p.validateResource).toBeDefined();
  });

  it("the compliant baseline is valid for the provider's schema too", () => {
    expect(schema.validateFlowLogInputs(flowLog().props, { requireRegion: true })).toEqual([]);
    expect(schema.validateTrafficMirrorServiceInputs(trafficMirrorService().props)).toEqual([]);
  });

  describe("policy-config.example.json", () => {
    const example: Record<string, unknown> = JSON.parse(fs.readFileSync(path.join(PACK, "policy-config.example.json"), "utf8"));

    it("configures only policies of the pack, with properties their configSchema declares", () => {
      const names = policies.map((p) => p.name);
      for (const [name, value] of Object.entries(example)) {
        expect(names).toContain(name);
        const policy = policies.find((p) => p.name === name)!;
        if (typeof value === "string") {
          expect(value).toMatch(/^(advisory|mandatory|remediate|disabled)$/);
          continue;
        }
        const { enforcementLevel, ...props } = value as Record<string, unknown>;
        if (enforcementLevel !== undefined) expect(enforcementLevel).toMatch(/^(advisory|mandatory|remediate|disabled)$/);
        for (const key of Object.keys(props)) expect(Object.keys(policy.configSchema?.properties ?? {})).toContain(key);
      }
    });

    it("lets the compliant baseline through every policy", async () => {
      const config = (name: string) => {
        const v = example[name];
        if (typeof v !== "object" || v === null) return {};
        const { enforcementLevel: _, ...props } = v as Record<string, unknown>;
        return props;
      };
      for (const p of policies) {
        const out = isStack(p)
          ? await runStackPolicy(p, [flowLog("a"), flowLog("b"), trafficMirrorService()], config(p.name))
          : await runResourcePolicy(p, flowLog(), config(p.name));
        expect(out.violations).toEqual([]);
      }
    });
  });

  describe("layout", () => {
    it("has a PulumiPolicy.yaml with the nodejs runtime", () => {
      expect(fs.readFileSync(path.join(PACK, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
    });

    it("has a package.json with a version and the pinned dependencies", () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8"));
      expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
      // The @pulumi/pulumi range is the package's peer range (both from toolchain.json: npm run toolchain:sync).
      const peer = JSON.parse(fs.readFileSync(path.join(PACK, "..", "package.json"), "utf8")).peerDependencies["@pulumi/pulumi"];
      expect(pkg.dependencies).toEqual({ "@pulumi/policy": "1.21.0", "@pulumi/pulumi": peer, "pulumi-alicloud-traffic": expect.any(String) });
    });

    it("keeps index.ts thin: it only builds the PolicyPack from ./policies", () => {
      const source = fs.readFileSync(path.join(PACK, "index.ts"), "utf8");
      expect(source).toMatch(/new PolicyPack\(POLICY_PACK_NAME, \{/);
      expect(source).toMatch(/from "\.\/policies"/);
      expect(source.match(/^import /gm)).toHaveLength(2);
    });

    it("imports the provider by package name only", () => {
      for (const file of fs.readdirSync(path.join(PACK, "policies"))) {
        const source = fs.readFileSync(path.join(PACK, "policies", file), "utf8");
        expect(source).not.toMatch(/from "\.\.\/\.\.\/provider|dist\/provider/);
      }
    });

    it("documents every policy, its default level and its config in the README", () => {
      const readme = fs.readFileSync(path.join(PACK, "README.md"), "utf8");
      for (const p of policies) {
        expect(readme).toContain(`\`${p.name}\``);
        for (const key of Object.keys(p.configSchema?.properties ?? {})) expect(readme).toContain(`\`${key}\``);
      }
    });
  });
});
