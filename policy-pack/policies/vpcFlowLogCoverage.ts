import type { PolicyResource } from "@pulumi/policy";
import type { TrafficType } from "pulumi-alicloud-traffic/dist/provider/schema";
import { stackPolicy } from "./define";
import { recordUnseen } from "./runState";
import { RELATED, Subject, idOf, labelOf } from "./subject";
import { emptyListProblems, quoteList, schema } from "./util";

export const VPC_FLOW_LOG_COVERAGE = "vpc-flowlog-coverage";

/** Config of `vpc-flowlog-coverage`. */
export interface VpcFlowLogCoverageConfig {
  /** Traffic types a covering flow log may record. Default `["All"]`. */
  trafficTypes: TrafficType[];
  /**
   * Whether vSwitch-scoped flow logs count: a VPC is then also covered when every vSwitch of it that
   * the stack declares has one (and it has at least one). Default false.
   */
  countVSwitchFlowLogs: boolean;
  /**
   * Whether ENI-scoped flow logs count: a vSwitch is then also covered when every ENI in it that the
   * stack declares has one (and it has at least one). Default false.
   */
  countNetworkInterfaceFlowLogs: boolean;
}

export const vpcFlowLogCoverageDefaults = (): VpcFlowLogCoverageConfig => ({
  trafficTypes: ["All"],
  countVSwitchFlowLogs: false,
  countNetworkInterfaceFlowLogs: false,
});

/** What is wrong with a config of this policy: no traffic type. */
export function vpcFlowLogCoverageConfigProblems(config: Partial<VpcFlowLogCoverageConfig>): string[] {
  const { trafficTypes } = { ...vpcFlowLogCoverageDefaults(), ...config };
  return emptyListProblems(VPC_FLOW_LOG_COVERAGE, "trafficTypes", trafficTypes);
}

/** Which resources a reference (a prop holding another resource's id) points at. */
interface Link {
  targets: PolicyResource[];
  /** The reference may point at a candidate the policy cannot tell (unseen value, or a candidate whose id it cannot see). */
  undetermined: boolean;
}

/**
 * The candidates `prop` of `from` refers to: the ones its value came from (the engine's property
 * dependencies: `resourceId: vpc.id` depends on the VPC, known or not), else the ones whose id
 * (shown in their outputs) is its value.
 */
function link(from: PolicyResource, prop: string, value: unknown, hidden: boolean, candidates: readonly PolicyResource[]): Link {
  const deps = from.propertyDependencies?.[prop] ?? [];
  const targets = candidates.filter((c) => deps.some((d) => d.urn === c.urn));
  if (targets.length > 0) return { targets, undetermined: false };
  if (hidden || typeof value !== "string") return { targets: [], undetermined: hidden && candidates.length > 0 };
  const byId = candidates.filter((c) => idOf(candidates, c.urn) === value);
  return { targets: byId, undetermined: byId.length === 0 && candidates.some((c) => idOf(candidates, c.urn) === undefined) };
}

/** How a flow log relates to a VPC, vSwitch or ENI. */
interface FlowLogVerdict {
  subject: Subject;
  scope: unknown;
  link: Link;
  /** "yes": it covers its target; "no": with the reason; "unknown": the policy cannot tell. */
  counts: "yes" | "no" | "unknown";
  why?: string;
}

function verdict(
  flowLog: Subject,
  resource: PolicyResource,
  config: VpcFlowLogCoverageConfig,
  candidatesFor: (scope: unknown) => PolicyResource[],
): FlowLogVerdict {
  const { props } = flowLog;
  const idHidden = flowLog.hidden("resourceId") !== undefined;
  const scopeHidden = flowLog.hidden("resourceType") !== undefined;
  const result: FlowLogVerdict = {
    subject: flowLog,
    scope: props.resourceType,
    link: link(resource, flowLog.field("resourceId"), props.resourceId, idHidden || scopeHidden, candidatesFor(props.resourceType)),
    counts: "yes",
  };
  if (scopeHidden) {
    flowLog.unseen("resourceType");
    return { ...result, counts: "unknown" };
  }
  if (idHidden && result.link.undetermined) flowLog.unseen("resourceId");
  // A status not known yet (preview of a flow log that leaves it to the provider) is the API's: Active.
  const status = flowLog.hidden("status") === "unknown" ? "Active" : props.status;
  if (flowLog.hidden("status") === "secret" || flowLog.hidden("trafficType")) {
    if (flowLog.hidden("status") === "secret") flowLog.unseen("status");
    flowLog.unseen("trafficType");
    return { ...result, counts: "unknown" };
  }
  const type = props.trafficType ?? "All";
  if (status === "Inactive") return { ...result, counts: "no", why: `its ${flowLog.field("status")} is "Inactive"` };
  if (!config.trafficTypes.includes(type as TrafficType)) {
    return { ...result, counts: "no", why: `its ${flowLog.field("trafficType")} is ${JSON.stringify(type)}` };
  }
  return result;
}

/** Whether a target is covered: "yes", "no", or "unknown" (the policy cannot tell). */
type Coverage = "yes" | "no" | "unknown";

interface CoverageOf {
  coverage: Coverage;
  nearMisses: string[];
  /** "unknown" because a flow log names a target by an id that no target's outputs show. */
  byHiddenId: boolean;
}

function coverageOf(target: PolicyResource, scope: string, verdicts: readonly FlowLogVerdict[]): CoverageOf {
  let coverage: Coverage = "no";
  let byHiddenId = false;
  const nearMisses: string[] = [];
  for (const v of verdicts) {
    const points = v.link.targets.some((t) => t.urn === target.urn);
    const scopeMayMatch = v.scope === scope || v.scope === undefined || schema.containsUnknown(v.scope);
    if (v.counts === "unknown" && (points || v.link.undetermined) && scopeMayMatch) {
      if (coverage === "no") coverage = "unknown";
      continue;
    }
    if (v.scope !== scope) continue;
    if (points && v.counts === "yes") return { coverage: "yes", nearMisses: [], byHiddenId: false };
    if (points && v.counts === "no") nearMisses.push(`${v.subject.label} records it, but ${v.why}`);
    if (!points && v.link.undetermined && v.counts === "yes" && coverage === "no") {
      coverage = "unknown";
      byHiddenId ||= v.subject.hidden("resourceId") === undefined;
    }
  }
  return { coverage, nearMisses, byHiddenId };
}

const all = (list: Coverage[]): Coverage =>
  list.length === 0 || list.includes("no") ? "no" : list.includes("unknown") ? "unknown" : "yes";
const either = (a: Coverage, b: Coverage): Coverage =>
  a === "yes" || b === "yes" ? "yes" : a === "unknown" || b === "unknown" ? "unknown" : "no";

/**
 * Checks, across the stack, that every VPC it declares (`alicloud.vpc.Network`, the bridged
 * `alicloud:vpc/network:Network`; this package has no VPC resource) is covered by an Active flow log
 * that records the allowed traffic types (default `All`) at VPC scope: this package's `vpc.FlowLog`
 * or the bridged `alicloud.vpc.FlowLog`, with `resourceType: "VPC"` and `resourceId` the VPC's id.
 * With `countVSwitchFlowLogs` / `countNetworkInterfaceFlowLogs`, flow logs of every vSwitch
 * (`alicloud.vpc.Switch`) of the VPC, or of every ENI in them, count as well.
 *
 * Policies are not given a resource's id. A flow log is matched to the VPC its `resourceId` came
 * from (the engine's property dependencies, known or not, in preview too), else to the VPC whose
 * outputs show that id (a bridged resource's `id` output). A VPC the policy cannot match either way,
 * a flow log whose status or traffic type it cannot see: noted as not checked, never reported as
 * uncovered. A flow log whose status is not known yet counts as Active (new flow logs start so).
 * Each uncovered VPC is reported on itself, in URN order.
 */
export const vpcFlowLogCoveragePolicy = stackPolicy<VpcFlowLogCoverageConfig>({
  name: VPC_FLOW_LOG_COVERAGE,
  description: "Checks that every VPC the stack declares is covered by an Active VPC flow log of all its traffic.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    'Add a VPC flow log for the VPC the message names: vpc.FlowLog (or alicloud.vpc.FlowLog) with resourceType "VPC", ' +
    'resourceId set to the VPC\'s id, trafficType "All" and status Active (the default). If the VPC is covered elsewhere ' +
    "(another stack), exempt it in policy-exemptions with the reason.",
  settings: {
    defaults: vpcFlowLogCoverageDefaults,
    configProblems: vpcFlowLogCoverageConfigProblems,
    configSchema: () => ({
      properties: {
        trafficTypes: {
          type: "array",
          items: { type: "string", enum: [...schema.TRAFFIC_TYPES] },
          minItems: 1,
          uniqueItems: true,
          default: vpcFlowLogCoverageDefaults().trafficTypes,
          description: "Traffic types a covering flow log may record (All, Allow, Drop).",
        },
        countVSwitchFlowLogs: {
          type: "boolean",
          default: false,
          description: "Whether flow logs of every vSwitch of a VPC (declared in the stack) cover the VPC.",
        },
        countNetworkInterfaceFlowLogs: {
          type: "boolean",
          default: false,
          description: "Whether flow logs of every ENI in a vSwitch (declared in the stack) cover the vSwitch.",
        },
      },
    }),
  },
  validate: (context, config, report) => {
    const resources = [...context.args.resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    const ofTypes = (types: readonly string[]) => resources.filter((r) => types.includes(r.type));
    const allVpcs = ofTypes([RELATED.network]);
    if (allVpcs.length === 0)
      return context.args.notApplicable(`Policy only applies to stacks with resources of type '${RELATED.network}'`);
    const vpcs = allVpcs.filter((r) => !context.exempt(r));
    const vswitches = ofTypes(RELATED.vswitches);
    const enis = ofTypes(RELATED.networkInterfaces);
    const verdicts = resources.flatMap((r) => {
      const s = context.subject(r);
      return s && s.kind === "vpc.FlowLog" ? [{ s, r }] : [];
    });
    const candidatesFor = (scope: unknown) =>
      scope === "VPC"
        ? allVpcs
        : scope === "VSwitch"
          ? vswitches
          : scope === "NetworkInterface"
            ? enis
            : schema.containsUnknown(scope)
              ? [...allVpcs, ...vswitches, ...enis]
              : [];
    const judged = verdicts.map(({ s, r }) => verdict(s, r, config, candidatesFor));
    const parentOf = (child: PolicyResource, prop: string, candidates: PolicyResource[]) => {
      let value: unknown;
      try {
        value = (child.props as Record<string, unknown>)[prop];
      } catch {
        value = schema.UNKNOWN;
      }
      return link(child, prop, value, schema.containsUnknown(value), candidates).targets;
    };
    const eniCoverage = (vsw: PolicyResource): Coverage => {
      if (!config.countNetworkInterfaceFlowLogs) return "no";
      const own = enis.filter((e) => parentOf(e, "vswitchId", vswitches).some((p) => p.urn === vsw.urn));
      return all(own.map((e) => coverageOf(e, "NetworkInterface", judged).coverage));
    };
    const vswitchCoverage = (vpc: PolicyResource): { coverage: Coverage; bare: string[] } => {
      if (!config.countVSwitchFlowLogs && !config.countNetworkInterfaceFlowLogs) return { coverage: "no", bare: [] };
      const own = vswitches.filter((v) => parentOf(v, "vpcId", allVpcs).some((p) => p.urn === vpc.urn));
      const each = own.map((v) => ({
        v,
        c: either(config.countVSwitchFlowLogs ? coverageOf(v, "VSwitch", judged).coverage : "no", eniCoverage(v)),
      }));
      return { coverage: all(each.map((e) => e.c)), bare: each.filter((e) => e.c === "no").map((e) => labelOf(e.v.type, e.v.name)) };
    };
    const types = quoteList(config.trafficTypes);
    for (const vpc of vpcs) {
      const direct = coverageOf(vpc, "VPC", judged);
      const below = direct.coverage === "yes" ? { coverage: "no" as Coverage, bare: [] } : vswitchCoverage(vpc);
      const coverage = either(direct.coverage, below.coverage);
      const label = labelOf(vpc.type, vpc.name);
      if (coverage === "yes") continue;
      if (coverage === "unknown") {
        if (direct.byHiddenId && idOf(allVpcs, vpc.urn) === undefined) recordUnseen(vpc.urn, label, "id", "id", VPC_FLOW_LOG_COVERAGE);
        continue;
      }
      const misses = direct.nearMisses.length > 0 ? ` (${direct.nearMisses.join("; ")})` : "";
      const scopes =
        config.countVSwitchFlowLogs || config.countNetworkInterfaceFlowLogs
          ? `; nor does one of each of its vSwitches${config.countNetworkInterfaceFlowLogs ? " (or of each ENI in them)" : ""}` +
            (below.bare.length > 0
              ? `: ${below.bare.join(", ")} ${below.bare.length === 1 ? "has" : "have"} none`
              : ": it has no vSwitch in the stack")
          : "";
      report(
        `${label}: no Active flow log with traffic type ${types} records this VPC${misses}${scopes}: ` +
          'add a vpc.FlowLog (or alicloud.vpc.FlowLog) with resourceType "VPC" and resourceId set to the VPC\'s id, ' +
          "or exempt the VPC (policy-exemptions) if a flow log outside this stack covers it",
        vpc.urn,
      );
    }
  },
});
