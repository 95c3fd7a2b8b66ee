/**
 * The pack as a whole: names, levels and descriptions; config defaults that come from the schema;
 * the example org config; the layout the engine loads. Runs no policy server.
 */
import * as fs from "fs";
import * as path from "path";
import { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as schema from "pulumi-alicloud-traffic/dist/provider/schema";
import {
  POLICY_PACK_NAME,
  allowedRegionsDefaults,
  checkPackConfig,
  flowLogAgingRangesDefaults,
  flowLogPrivateNetflowCollectorDefaults,
  flowLogRequiredOutputSettingsDefaults,
  policies,
  trafficMirrorFilterNoOpenBothDirectionsDefaults,
  trafficMirrorSessionAllowedTargetsDefaults,
  trafficMirrorSessionPacketLengthDefaults,
  trafficMirrorSessionServiceInStackDefaults,
  policyExemptionsDefaults,
  vpcFlowLogAggregationIntervalDefaults,
  vpcFlowLogCoverageDefaults,
  vpcFlowLogSlsDestinationDefaults,
  vpcFlowLogTrafficTypeDefaults,
} from "../policies";
import { flowLog, trafficMirrorFilter, trafficMirrorService, trafficMirrorSession } from "./fixtures";
import { effectiveConfig, runResourcePolicy, runStackPolicy } from "./harness";

const PACK = path.resolve(__dirname, "..");
const isStack = (p: Policy): p is StackValidationPolicy => "validateStack" in p;

describe("alicloud-traffic-policies", () => {
  it("names each policy one way: file <name>.ts, policy name, export <name>Policy", () => {
    const dir = path.join(PACK, "policies");
    const notPolicies = ["index.ts", "util.ts", "bridged.ts", "define.ts", "subject.ts", "runState.ts"];
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !notPolicies.includes(f));
    expect(files).toHaveLength(policies.length);
    for (const file of files) {
      const base = file.replace(/\.ts$/, "");
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const policy: Policy = require(path.join(dir, file))[`${base}Policy`];
      const kebab = base
        .replace(/^vpcFlowLog/, "vpcFlowlog")
        .replace(/^flowLog/, "flowlog")
        .replace(/^trafficMirror/, "mirror")
        .replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      expect({ file, name: policy?.name }).toEqual({ file, name: kebab });
      expect(policies).toContain(policy);
    }
  });

  it("has the public pack name and policy names, in order", () => {
    expect(POLICY_PACK_NAME).toBe("alicloud-traffic-policies");
    expect(policies.map((p) => p.name)).toEqual([
      "flowlog-aging-ranges",
      "flowlog-required-output-settings",
      "flowlog-private-netflow-collector",
      "flowlog-status-active",
      "allowed-regions",
      "mirror-session-allowed-targets",
      "mirror-filter-no-open-both-directions",
      "mirror-session-packet-length",
      "vpc-flowlog-aggregation-interval",
      "vpc-flowlog-traffic-type",
      "vpc-flowlog-sls-destination",
      "flowlog-unique-sag-association",
      "flowlog-unique-names",
      "mirror-session-service-in-stack",
      "mirror-session-unique-priorities",
      "vpc-flowlog-coverage",
      "deployed-state",
      "policy-exemptions",
      "unchecked-values",
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
    // One policy has a resource and a stack part (rules declared as resources of their own).
    expect(policies.filter(isStack).map((p) => p.name)).toEqual([
      "mirror-filter-no-open-both-directions",
      "flowlog-unique-sag-association",
      "flowlog-unique-names",
      "mirror-session-service-in-stack",
      "mirror-session-unique-priorities",
      "vpc-flowlog-coverage",
      "deployed-state",
      "policy-exemptions",
      "unchecked-values",
    ]);
  });

  it("declares the same defaults in configSchema as the policies apply without the engine", () => {
    const byName: Record<string, object> = {
      "flowlog-aging-ranges": flowLogAgingRangesDefaults(),
      "flowlog-required-output-settings": flowLogRequiredOutputSettingsDefaults(),
      "flowlog-private-netflow-collector": flowLogPrivateNetflowCollectorDefaults,
      "allowed-regions": allowedRegionsDefaults,
      "mirror-session-allowed-targets": trafficMirrorSessionAllowedTargetsDefaults(),
      "mirror-filter-no-open-both-directions": trafficMirrorFilterNoOpenBothDirectionsDefaults,
      "mirror-session-packet-length": trafficMirrorSessionPacketLengthDefaults(),
      "mirror-session-service-in-stack": trafficMirrorSessionServiceInStackDefaults,
      "vpc-flowlog-aggregation-interval": vpcFlowLogAggregationIntervalDefaults(),
      "vpc-flowlog-traffic-type": vpcFlowLogTrafficTypeDefaults(),
      "vpc-flowlog-sls-destination": vpcFlowLogSlsDestinationDefaults(),
      "vpc-flowlog-coverage": vpcFlowLogCoverageDefaults(),
      "policy-exemptions": policyExemptionsDefaults(),
    };
    for (const p of policies) expect(effectiveConfig(p)).toEqual(byName[p.name] ?? {});
  });

  it("defines the policies without loading the provider's schema; the first read of a config schema loads it", () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require("../policies") as typeof import("../policies");
      expect(fresh.policies).toHaveLength(19);
      expect(fresh.schemaLoaded()).toBe(false);
      expect(fresh.flowLogAgingRangesPolicy.configSchema?.properties.maxActiveAging).toMatchObject({ maximum: schema.ACTIVE_AGING.max });
      expect(fresh.schemaLoaded()).toBe(true);
    });
  });

  it("gives every policy the metadata Pulumi Cloud shows with a finding: remediation steps and a URL to its README section", () => {
    const version = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")).version;
    const readme = fs.readFileSync(path.join(PACK, "README.md"), "utf8");
    for (const p of policies) {
      expect({ name: p.name, steps: p.remediationSteps }).toEqual({ name: p.name, steps: expect.stringMatching(/^[A-Z].{40,}\.$/s) });
      expect(p.url).toBe(`https://unpkg.com/pulumi-alicloud-traffic@${version}/policy-pack/README.md#${p.name}`);
      expect(readme).toContain(`<a id="${p.name}"></a>`);
    }
  });

  it("hands the metadata to the engine (GetAnalyzerInfo, as the SDK builds it)", () => {
    /* eslint-disable @typescript-eslint/no-require-imports -- the SDK's internal proto builder */
    const { makeAnalyzerInfo } = require("@pulumi/policy/protoutil") as {
      makeAnalyzerInfo(name: string, version: string, level: string, args: { policies: Policy[] }, config?: unknown): any;
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const info = makeAnalyzerInfo(POLICY_PACK_NAME, "0.1.0", "advisory", { policies: [...policies] });
    const byName = new Map<string, any>(info.getPoliciesList().map((p: any) => [p.getName(), p]));
    for (const p of policies) {
      expect(byName.get(p.name).getRemediationSteps()).toBe(p.remediationSteps);
      expect(byName.get(p.name).getUrl()).toBe(p.url);
    }
  });

  it("remediates only through policies that also validate", () => {
    const remediating = policies.filter((p): p is ResourceValidationPolicy => !isStack(p) && p.remediateResource !== undefined);
    expect(remediating.map((p) => p.name)).toEqual(["flowlog-aging-ranges", "flowlog-required-output-settings", "flowlog-status-active"]);
    for (const p of remediating) expect(p.validateResource).toBeDefined();
  });

  it("the compliant baseline is valid for the provider's schema too", () => {
    expect(schema.validateFlowLogInputs(flowLog().props, { requireRegion: true })).toEqual([]);
    expect(schema.validateTrafficMirrorServiceInputs(trafficMirrorService().props)).toEqual([]);
    const { __provider: _f, ...filter } = trafficMirrorFilter().props;
    expect(schema.validateTrafficMirrorFilterInputs(filter)).toEqual([]);
    expect(schema.withTrafficMirrorFilterDefaults(filter)).toEqual(filter);
    const { __provider: _s, ...session } = trafficMirrorSession().props;
    expect(schema.validateTrafficMirrorSessionInputs(session)).toEqual([]);
    expect(schema.withTrafficMirrorSessionDefaults(session)).toEqual(session);
  });

  describe("the org config as the engine hands it over (checked once per run)", () => {
    type Entry = { enforcementLevel?: string; [key: string]: unknown };
    const all = (overrides: Record<string, Entry> = {}): Record<string, Entry> => ({
      ...Object.fromEntries(policies.map((p) => [p.name, { enforcementLevel: p.enforcementLevel, ...effectiveConfig(p) }])),
      ...overrides,
    });

    it("finds nothing wrong with the defaults or the example config", () => {
      expect(checkPackConfig(all())).toEqual({ errors: [], warnings: [] });
      const example = JSON.parse(fs.readFileSync(path.join(PACK, "policy-config.example.json"), "utf8"));
      const merged = all(
        Object.fromEntries(
          Object.entries(example).map(([k, v]) => [k, typeof v === "string" ? { enforcementLevel: v } : v]) as [string, Entry][],
        ),
      );
      expect(checkPackConfig(merged)).toEqual({ errors: [], warnings: [] });
    });

    it("reports each contradiction the policies cannot run with, by policy and setting", () => {
      const report = checkPackConfig(
        all({
          "flowlog-aging-ranges": {
            enforcementLevel: "mandatory",
            minActiveAging: 900,
            maxActiveAging: 600,
            minInactiveAging: 10,
            maxInactiveAging: 600,
          },
          "flowlog-required-output-settings": { enforcementLevel: "mandatory", allowedOutputTypes: [] },
          "flowlog-private-netflow-collector": { enforcementLevel: "mandatory", allowedCidrs: ["10.0.0.0/8", "10.0.0/8"] },
        }),
      );
      expect(report.errors).toEqual([
        "policy config of flowlog-aging-ranges: minActiveAging 900 is greater than maxActiveAging 600",
        "policy config of flowlog-required-output-settings: allowedOutputTypes is empty",
        'policy config of flowlog-private-netflow-collector: allowedCidrs entry "10.0.0/8" is not an IPv4 CIDR block such as "10.0.0.0/8"',
      ]);
      expect(report.warnings).toEqual([]);
    });

    it("ignores the settings of a disabled policy", () => {
      const report = checkPackConfig(
        all({ "flowlog-aging-ranges": { enforcementLevel: "disabled", minActiveAging: 900, maxActiveAging: 600 } }),
      );
      expect(report).toEqual({ errors: [], warnings: [] });
    });

    it("warns about a name that is no policy of the pack, with the closest name, and accepts `all`", () => {
      const report = checkPackConfig(
        all({
          "flowlog-aging-rangez": { enforcementLevel: "disabled" },
          all: { enforcementLevel: "advisory" },
          "something-else": { enforcementLevel: "mandatory" },
        }),
      );
      expect(report.errors).toEqual([]);
      expect(report.warnings).toEqual([
        `policy config names "flowlog-aging-rangez", which is not a policy of alicloud-traffic-policies, so its settings are ignored. ` +
          `Did you mean "flowlog-aging-ranges"? The policies are: ${policies.map((p) => p.name).join(", ")}.`,
        `policy config names "something-else", which is not a policy of alicloud-traffic-policies, so its settings are ignored. ` +
          `The policies are: ${policies.map((p) => p.name).join(", ")}.`,
      ]);
    });
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
      const stack = [flowLog("a"), flowLog("b"), trafficMirrorService(), trafficMirrorFilter(), trafficMirrorSession()];
      for (const p of policies) {
        if (isStack(p)) expect((await runStackPolicy(p, stack, config(p.name))).violations).toEqual([]);
        else
          for (const r of stack)
            expect({ policy: p.name, r: r.name, ...(await runResourcePolicy(p, r, config(p.name))) }).toMatchObject({ violations: [] });
      }
    });
  });

  describe("layout", () => {
    it("has a PulumiPolicy.yaml with the nodejs runtime", () => {
      expect(fs.readFileSync(path.join(PACK, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
    });

    it("has a package.json whose main is the compiled JavaScript, with the root package's version", () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8"));
      const root = JSON.parse(fs.readFileSync(path.join(PACK, "..", "package.json"), "utf8"));
      expect(pkg.version).toBe(root.version);
      expect(pkg.main).toBe("dist/index.js");
      expect(pkg.type).toBe("commonjs");
      // What `pulumi policy publish` packs (it runs `npm pack` in the pack directory).
      expect(pkg.files).toEqual(["PulumiPolicy.yaml", "dist", "policy-config.example.json", "README.md"]);
      // What Pulumi Cloud installs for a published pack: the package that ships it, at its own version.
      // (scripts/toolchain.js keeps the SDK versions in step with the root package's.)
      expect(pkg.dependencies).toEqual({
        "@pulumi/policy": root.devDependencies["@pulumi/policy"],
        "@pulumi/pulumi": root.peerDependencies["@pulumi/pulumi"],
        "pulumi-alicloud-traffic": root.version,
      });
    });

    it("ships the pack compiled: the root package lists the built pack, not its TypeScript", () => {
      const root = JSON.parse(fs.readFileSync(path.join(PACK, "..", "package.json"), "utf8"));
      const packFiles = (root.files as string[]).filter((f) => f.startsWith("policy-pack/"));
      expect(packFiles).toEqual([
        "policy-pack/PulumiPolicy.yaml",
        "policy-pack/package.json",
        "policy-pack/dist",
        "policy-pack/policy-config.example.json",
        "policy-pack/README.md",
      ]);
      expect(root.peerDependencies["@pulumi/policy"]).toBe("^1.21.0");
      expect(root.peerDependenciesMeta["@pulumi/policy"]).toEqual({ optional: true });
      expect(root.scripts.build).toContain("node scripts/build-policy-pack.js");
    });

    it("keeps index.ts thin: the engine hooks first, then @pulumi/policy and the PolicyPack from ./policies/index", () => {
      const source = fs.readFileSync(path.join(PACK, "index.ts"), "utf8");
      const order = [
        "deferPulumiIndex();",
        'require("@pulumi/policy")',
        'require("./policies/index")',
        "new PolicyPack(POLICY_PACK_NAME, {",
      ].map((s) => source.indexOf(s));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(source.match(/^import /gm)).toEqual(["import "]);
    });

    it("loads the provider's schema module by package name, and nothing else of the provider", () => {
      for (const file of fs.readdirSync(path.join(PACK, "policies"))) {
        const source = fs.readFileSync(path.join(PACK, "policies", file), "utf8");
        expect(source).not.toMatch(/from "\.\.\/\.\.\/provider|\.\.\/dist\/provider/);
        // Types may come from anywhere in the package; values only through util's lazy `schema`.
        expect(source).not.toMatch(/^import (?!type )[^;]*from "pulumi-alicloud-traffic/m);
      }
      // The bridged types are matched by token through policies/bridged.ts: the pack works without @pulumi/alicloud.
      for (const file of [
        ...fs.readdirSync(path.join(PACK, "policies")).map((f) => path.join("policies", f)),
        "index.ts",
        "engineHooks.ts",
      ]) {
        expect({ file, source: fs.readFileSync(path.join(PACK, file), "utf8") }).toEqual({
          file,
          source: expect.not.stringMatching(/["']@pulumi\/alicloud["'/]/),
        });
      }
      expect(fs.readFileSync(path.join(PACK, "policies", "util.ts"), "utf8")).toContain(
        '"pulumi-alicloud-traffic/dist/provider/schema/index.js"',
      );
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
