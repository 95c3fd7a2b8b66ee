import { BlockList, isIPv4 } from "net";
import { resourcePolicy } from "./define";
import { configError, configProblem, schema } from "./util";

export const FLOW_LOG_PRIVATE_NETFLOW_COLLECTOR = "flowlog-private-netflow-collector";

/** Config of `flowlog-private-netflow-collector`. */
export interface FlowLogPrivateNetflowCollectorConfig {
  /** IPv4 CIDR blocks NetFlow collectors may be in. Default: the RFC 1918 private ranges. */
  allowedCidrs: string[];
}

export const RFC1918_CIDRS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

export const flowLogPrivateNetflowCollectorDefaults: FlowLogPrivateNetflowCollectorConfig = { allowedCidrs: RFC1918_CIDRS };

const cache = new Map<string, BlockList>();

/** `[address, prefix bits]` of an IPv4 CIDR block, or undefined if the string is not one. */
function parseCidr(cidr: string): [string, number] | undefined {
  const [address, prefix, extra] = cidr.split("/");
  const bits = Number(prefix);
  return extra !== undefined || !isIPv4(address) || !/^\d{1,2}$/.test(prefix ?? "") || bits > 32 ? undefined : [address, bits];
}

/** What is wrong with a config of this policy (checked once per run, when the engine configures the pack). */
export function flowLogPrivateNetflowCollectorConfigProblems(config: Partial<FlowLogPrivateNetflowCollectorConfig>): string[] {
  return (config.allowedCidrs ?? RFC1918_CIDRS)
    .filter((cidr) => parseCidr(cidr) === undefined)
    .map((cidr) =>
      configProblem(
        FLOW_LOG_PRIVATE_NETFLOW_COLLECTOR,
        `allowedCidrs entry ${JSON.stringify(cidr)} is not an IPv4 CIDR block such as "10.0.0.0/8"`,
      ),
    );
}

/** The allowed blocks as a `net.BlockList`; a malformed CIDR in the config fails the run. */
function blockListOf(cidrs: string[]): BlockList {
  const key = cidrs.join(",");
  let list = cache.get(key);
  if (!list) {
    const [problem] = flowLogPrivateNetflowCollectorConfigProblems({ allowedCidrs: cidrs });
    if (problem) throw configError(problem);
    list = new BlockList();
    for (const cidr of cidrs) list.addSubnet(...parseCidr(cidr)!, "ipv4");
    cache.set(key, list);
  }
  return list;
}

/**
 * Checks that SAG flow logs (`sag.FlowLog`, the bridged `alicloud.sag.SmartagFlowLog`) send NetFlow
 * only to collectors on private addresses (RFC 1918 by default, or the organization's CIDR blocks):
 * NetFlow is unencrypted UDP and describes internal traffic. A collector set as a secret is judged
 * where the pack can read it (preview, up, `policy analyze` of the stack); a state file analyzed
 * without its secrets shows `"[secret]"`, which is noted as not checked, never a violation.
 */
export const flowLogPrivateNetflowCollectorPolicy = resourcePolicy<FlowLogPrivateNetflowCollectorConfig>({
  name: FLOW_LOG_PRIVATE_NETFLOW_COLLECTOR,
  description:
    "Checks that flow logs send NetFlow records only to collectors on private addresses (RFC 1918 or the configured CIDR blocks).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Point netflowServerIp at a collector on a private address inside the VPC or the office network (reached over the SAG), " +
    "or send the records to SLS only (outputType sls). If the collector's range is approved, add it to allowedCidrs in the org config.",
  kinds: ["sag.FlowLog"],
  settings: {
    defaults: () => flowLogPrivateNetflowCollectorDefaults,
    configProblems: flowLogPrivateNetflowCollectorConfigProblems,
    configSchema: () => ({
      properties: {
        allowedCidrs: {
          type: "array",
          items: { type: "string", pattern: "^\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}$" },
          default: [...RFC1918_CIDRS],
          description: "IPv4 CIDR blocks NetFlow collectors may be in.",
        },
      },
    }),
  },
  validate: (subject, { allowedCidrs }, report) => {
    const allowed = blockListOf(allowedCidrs);
    if (subject.unseen("outputType") || !schema.usesNetflow(subject.props.outputType)) return;
    if (subject.unseen("netflowServerIp")) return;
    const ip = subject.props.netflowServerIp;
    // A missing or malformed IP is for flowlog-required-output-settings to judge.
    if (typeof ip !== "string" || !schema.flowLogFieldSchemas.netflowServerIp.safeParse(ip).success) return;
    if (!allowed.check(ip, "ipv4")) {
      report(
        `${subject.label}: ${subject.field("netflowServerIp")} ${JSON.stringify(ip)} is not in an allowed range ` +
          `(${allowedCidrs.join(", ")}; policy config allowedCidrs): ` +
          "NetFlow records travel unencrypted over UDP, so send them to a collector on a private address",
      );
    }
  },
});
