// Flow records of Smart Access Gateway (SAG) instances, sent to NetFlow collectors.
//
// `netflowServerPort` and `netflowVersion` are optional: when omitted the flow log uses the documented
// defaults, UDP port 9995 and NetFlow V9. The first flow log relies on them; the second one feeds an
// older collector that listens on 2055 and only understands V5.
import * as pulumi from "@pulumi/pulumi";
import { sag } from "pulumi-alicloud-traffic";

const config = new pulumi.Config();
const collectorIp = config.get("collectorIp") ?? "10.0.0.5";
const legacyCollectorIp = config.get("legacyCollectorIp") ?? "10.0.0.6";

// A SAG can feed only one flow log, so each flow log gets its own SAG instances.
const collector = new sag.FlowLog("netflow-default", {
  description: "NetFlow V9 to the main collector (default port and version)",
  outputType: "netflow",
  netflowServerIp: collectorIp,
  smartAgIds: config.getObject<string[]>("sagIds") ?? ["sag-demohangzhou000003"],
});

const legacy = new sag.FlowLog("netflow-legacy", {
  description: "NetFlow V5 on port 2055 for the legacy collector",
  outputType: "netflow",
  netflowServerIp: legacyCollectorIp,
  netflowServerPort: 2055,
  netflowVersion: "V5",
  smartAgIds: config.getObject<string[]>("legacySagIds") ?? ["sag-demohangzhou000004"],
});

/** Where a flow log sends its records: "ip:port (version)". */
const endpoint = (flowLog: sag.FlowLog) =>
  pulumi.interpolate`${flowLog.netflowServerIp}:${flowLog.netflowServerPort} (${flowLog.netflowVersion})`;

export const collectorFlowLogId = collector.flowLogId;
// After `pulumi up`: "10.0.0.5:9995 (V9)", the defaults filled in.
export const collectorEndpoint = endpoint(collector);
export const legacyFlowLogId = legacy.flowLogId;
export const legacyEndpoint = endpoint(legacy);
