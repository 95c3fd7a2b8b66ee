// One program, one stack per environment: Pulumi.dev.yaml and Pulumi.prod.yaml hold each environment's
// flow-log settings (destinations, aging, sites and their SAGs, mirroring). The program only composes
// them. No credentials live in these files: they come from the environment (ALICLOUD_ACCESS_KEY,
// ALICLOUD_SECRET_KEY) or from `pulumi config set --secret alicloud:secretKey ...`.
import * as pulumi from "@pulumi/pulumi";
import { sag, schema, vpc } from "pulumi-alicloud-traffic";

/** Where flow records go; `sls`, `netflow` or both (the output type follows from what is set). */
interface Destinations {
  sls?: { regionId: string; project: string; logstore: string };
  netflow?: { serverIp: string; port?: number; version?: schema.NetflowVersion };
}

/** Output intervals in seconds. */
interface Aging {
  active?: number;
  inactive?: number;
}

/** One flow log per site: the SAG instances that feed it, and whether it is sending. */
interface Site {
  sagIds: string[];
  status?: schema.FlowLogStatus;
  description?: string;
}

const config = new pulumi.Config();
const stack = pulumi.getStack();
const destinations = config.requireObject<Destinations>("destinations");
const aging: Required<Aging> = { active: 300, inactive: 15, ...config.getObject<Aging>("aging") };
const sites = config.requireObject<Record<string, Site>>("sites");
const trafficMirroring = config.getBoolean("trafficMirroring") ?? false;

function outputType(d: Destinations): schema.OutputType {
  if (d.sls && d.netflow) return "all";
  if (d.sls) return "sls";
  if (d.netflow) return "netflow";
  throw new pulumi.RunError(`stack ${stack}: config "destinations" needs "sls", "netflow" or both`);
}

/** The settings every flow log of this environment shares. */
const shared: Omit<sag.FlowLogArgs, "smartAgIds"> = {
  outputType: outputType(destinations),
  activeAging: aging.active,
  inactiveAging: aging.inactive,
  slsRegionId: destinations.sls?.regionId,
  projectName: destinations.sls?.project,
  logstoreName: destinations.sls?.logstore,
  netflowServerIp: destinations.netflow?.serverIp,
  netflowServerPort: destinations.netflow?.port,
  netflowVersion: destinations.netflow?.version,
};

const flowLogs = Object.entries(sites).map(([site, s]) => ({
  site,
  flowLog: new sag.FlowLog(site, {
    ...shared,
    description: s.description ?? `${site} flow records (${stack})`,
    smartAgIds: s.sagIds,
    status: s.status ?? "Active",
  }),
}));

const mirror = trafficMirroring ? new vpc.TrafficMirrorService("mirror", {}) : undefined;

export const environment = stack;
export const flowLogOutputType = shared.outputType;
// { <site>: <flow log id> } after `pulumi up`.
export const flowLogIds = pulumi
  .all(flowLogs.map(({ site, flowLog }) => flowLog.flowLogId.apply((id) => [site, id] as const)))
  .apply((pairs) => Object.fromEntries(pairs));
export const mirroringEnabled = mirror ? mirror.enabled : false;
