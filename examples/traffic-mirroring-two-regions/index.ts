// Enables VPC traffic mirroring in two regions: one `vpc.TrafficMirrorService` per region.
//
// Alibaba Cloud cannot close the traffic mirroring service once it is open: `pulumi destroy` only
// removes these resources from the stack (with a warning) and mirroring stays enabled in both regions.
import * as pulumi from "@pulumi/pulumi";
import { vpc } from "pulumi-alicloud-traffic";

const config = new pulumi.Config();
const regions = config.getObject<string[]>("regions") ?? ["cn-hangzhou", "cn-shanghai"];

const services = regions.map((region) => new vpc.TrafficMirrorService(`mirror-${region}`, { region }));

// e.g. { "cn-hangzhou": true, "cn-shanghai": true } after `pulumi up`.
export const mirroringEnabled = pulumi
  .all(services.map((s) => pulumi.all([s.region, s.enabled])))
  .apply((pairs) => Object.fromEntries(pairs));
