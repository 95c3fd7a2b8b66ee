/**
 * The network the vpc actions refer to but do not manage: VPCs, vSwitches and elastic network interfaces
 * (ENIs), which flow logs are created on (`ResourceType` `VPC` / `VSwitch` / `NetworkInterface`) and which
 * traffic mirror sessions use as sources and targets, plus the internal-facing SLB instances sessions can
 * target. The emulator has no ECS, SLB or VPC-management API, so they are seeded, like the SAG instances of
 * smartag. They are configuration, not state: records name them by id, and the set comes from the start
 * options (`vpcs`, `vSwitches`, `networkInterfaces`, `loadBalancers`) every time.
 *
 * VPCs, vSwitches and ENIs form one network: each vSwitch is in a VPC of its region, each ENI (optionally)
 * in a vSwitch of its region. Giving any of the three lists replaces the whole demo network (VPCs,
 * vSwitches and ENIs), so a given network is checked as a whole; `loadBalancers` replaces the demo SLB
 * instances on its own.
 */

/** A VPC in a region (`vpc-...`). */
export interface VpcSeed {
  regionId: string;
  vpcId: string;
}

/** A vSwitch (`vsw-...`) of a seeded VPC in the same region. */
export interface VSwitchSeed {
  regionId: string;
  vSwitchId: string;
  vpcId: string;
}

/**
 * An ENI in a region (a flow-log resource, a traffic mirror source, or a target of type `NetworkInterface`);
 * `vSwitchId`, when given, is a seeded vSwitch of the same region (every default ENI has one).
 */
export interface NetworkInterfaceSeed {
  regionId: string;
  networkInterfaceId: string;
  vSwitchId?: string;
}

/** An internal-facing SLB instance in a region (a target of type `SLB`). */
export interface LoadBalancerSeed {
  regionId: string;
  loadBalancerId: string;
}

const SEEDED_REGIONS: ReadonlyArray<[regionId: string, tag: string]> = [
  ["cn-hangzhou", "hangzhou"],
  ["cn-shanghai", "shanghai"],
  ["cn-hongkong", "hongkong"],
];
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const n4 = (i: number) => String(i).padStart(4, "0");

/** Default VPCs: `vpc-demo<city>0001` (it holds the ENIs) and `vpc-demo<city>0002` (one empty vSwitch) per region. */
export const DEFAULT_VPCS: readonly VpcSeed[] = SEEDED_REGIONS.flatMap(([regionId, tag]) =>
  range(2).map((i) => ({ regionId, vpcId: `vpc-demo${tag}${n4(i)}` })),
);

/** Default vSwitches: `vsw-demo<city>0001` and `0002` in VPC `0001`, `vsw-demo<city>0003` in VPC `0002`. */
export const DEFAULT_VSWITCHES: readonly VSwitchSeed[] = SEEDED_REGIONS.flatMap(([regionId, tag]) =>
  range(3).map((i) => ({ regionId, vSwitchId: `vsw-demo${tag}${n4(i)}`, vpcId: `vpc-demo${tag}${n4(i < 3 ? 1 : 2)}` })),
);

/**
 * Default ENIs: `eni-demo<city>0001` … `0006` (20 characters, like `eni-j6c2fp57q8rr47rp` in the docs) in
 * cn-hangzhou, cn-shanghai and cn-hongkong (the region of the docs' samples); 0001–0003 in vSwitch `0001`,
 * 0004–0006 in vSwitch `0002`.
 */
export const DEFAULT_NETWORK_INTERFACES: readonly NetworkInterfaceSeed[] = SEEDED_REGIONS.flatMap(([regionId, tag]) =>
  range(6).map((i) => ({
    regionId,
    networkInterfaceId: `eni-demo${tag}${n4(i)}`,
    vSwitchId: `vsw-demo${tag}${n4(i <= 3 ? 1 : 2)}`,
  })),
);

/** Default SLB instances: `lb-demo<city>0001`, `0002` in the same regions. */
export const DEFAULT_LOAD_BALANCERS: readonly LoadBalancerSeed[] = SEEDED_REGIONS.flatMap(([regionId, tag]) =>
  range(2).map((i) => ({ regionId, loadBalancerId: `lb-demo${tag}${n4(i)}` })),
);

/** The seeded network: VPCs, vSwitches, ENIs (each list replaces nothing on its own: see the file comment). */
export interface NetworkSeeds {
  vpcs: readonly VpcSeed[];
  vSwitches: readonly VSwitchSeed[];
  networkInterfaces: readonly NetworkInterfaceSeed[];
}

/** The network to seed from the start options: the demo network unless any of its three lists is given. */
export function networkFrom(options: Partial<NetworkSeeds>): NetworkSeeds {
  if (options.vpcs === undefined && options.vSwitches === undefined && options.networkInterfaces === undefined) {
    return { vpcs: DEFAULT_VPCS, vSwitches: DEFAULT_VSWITCHES, networkInterfaces: DEFAULT_NETWORK_INTERFACES };
  }
  return { vpcs: options.vpcs ?? [], vSwitches: options.vSwitches ?? [], networkInterfaces: options.networkInterfaces ?? [] };
}

const ID_SHAPES = { vpc: /^vpc-[a-z0-9]+$/, vsw: /^vsw-[a-z0-9]+$/, eni: /^eni-[a-z0-9]+$/ } as const;

/**
 * Checks a network to seed; returns a description of the first problem, or undefined when it is
 * consistent: ids of the documented shape and unique, each vSwitch in a VPC of its region, each ENI's
 * vSwitch (if any) a vSwitch of its region.
 */
export function networkProblem(network: NetworkSeeds): string | undefined {
  const seen = new Set<string>();
  const unique = (id: string) => {
    if (seen.has(id)) return `${id} is seeded twice`;
    seen.add(id);
    return undefined;
  };
  const vpcs = new Map<string, VpcSeed>();
  for (const v of network.vpcs) {
    if (!v?.regionId || !ID_SHAPES.vpc.test(v.vpcId ?? "")) return "vpcs need a regionId and a vpcId of the form vpc-<lowercase alnum>";
    const dup = unique(v.vpcId);
    if (dup) return dup;
    vpcs.set(v.vpcId, v);
  }
  const vSwitches = new Map<string, VSwitchSeed>();
  for (const s of network.vSwitches) {
    if (!s?.regionId || !ID_SHAPES.vsw.test(s.vSwitchId ?? "") || !s.vpcId) {
      return "vSwitches need a regionId, a vSwitchId of the form vsw-<lowercase alnum> and a vpcId";
    }
    const dup = unique(s.vSwitchId);
    if (dup) return dup;
    if (vpcs.get(s.vpcId)?.regionId !== s.regionId)
      return `vSwitch ${s.vSwitchId} names VPC ${s.vpcId}, which is not seeded in ${s.regionId}`;
    vSwitches.set(s.vSwitchId, s);
  }
  for (const e of network.networkInterfaces) {
    if (!e?.regionId || !e.networkInterfaceId) return "networkInterfaces need regionId and networkInterfaceId";
    const dup = unique(e.networkInterfaceId);
    if (dup) return dup;
    if (e.vSwitchId !== undefined && vSwitches.get(e.vSwitchId)?.regionId !== e.regionId) {
      return `ENI ${e.networkInterfaceId} names vSwitch ${e.vSwitchId}, which is not seeded in ${e.regionId}`;
    }
  }
  return undefined;
}

/** A seeded VPC with its vSwitches and their ENIs (the control plane's region view). */
export interface SeededVpcView {
  vpcId: string;
  vSwitches: Array<{ vSwitchId: string; networkInterfaceIds: string[] }>;
}

/** The seeded resources, looked up by region and id. */
export class SeededNetwork {
  private readonly vpcs: ReadonlyMap<string, VpcSeed>;
  private readonly vSwitches: ReadonlyMap<string, VSwitchSeed>;
  private readonly enis: ReadonlyMap<string, NetworkInterfaceSeed>;
  private readonly slbs: ReadonlyMap<string, LoadBalancerSeed>;

  constructor(network: NetworkSeeds, slbs: readonly LoadBalancerSeed[]) {
    const problem = networkProblem(network);
    if (problem) throw new Error(`vpc network: ${problem}`);
    this.vpcs = new Map(network.vpcs.map((v) => [v.vpcId, v]));
    this.vSwitches = new Map(network.vSwitches.map((s) => [s.vSwitchId, s]));
    this.enis = new Map(network.networkInterfaces.map((e) => [e.networkInterfaceId, e]));
    this.slbs = new Map(slbs.map((s) => [s.loadBalancerId, s]));
  }

  hasNetworkInterface(regionId: string, id: string): boolean {
    return this.enis.get(id)?.regionId === regionId;
  }

  hasLoadBalancer(regionId: string, id: string): boolean {
    return this.slbs.get(id)?.regionId === regionId;
  }

  /**
   * The VPC a seeded resource of the region is in (for a VPC: itself); `null` for an ENI in no seeded
   * vSwitch; undefined when the region has no such resource.
   */
  vpcOf(regionId: string, type: "VPC" | "VSwitch" | "NetworkInterface", id: string): string | null | undefined {
    if (type === "VPC") return this.vpcs.get(id)?.regionId === regionId ? id : undefined;
    if (type === "VSwitch") {
      const s = this.vSwitches.get(id);
      return s?.regionId === regionId ? s.vpcId : undefined;
    }
    const e = this.enis.get(id);
    if (e?.regionId !== regionId) return undefined;
    return e.vSwitchId === undefined ? null : this.vSwitches.get(e.vSwitchId)!.vpcId;
  }

  /** The ids seeded in a region (the traffic-mirroring view). */
  inRegion(regionId: string): { networkInterfaceIds: string[]; loadBalancerIds: string[] } {
    return {
      networkInterfaceIds: [...this.enis.values()].filter((e) => e.regionId === regionId).map((e) => e.networkInterfaceId),
      loadBalancerIds: [...this.slbs.values()].filter((s) => s.regionId === regionId).map((s) => s.loadBalancerId),
    };
  }

  /** The region's VPCs with their vSwitches and those vSwitches' ENIs, and the ENIs in no seeded vSwitch. */
  networkIn(regionId: string): { vpcs: SeededVpcView[]; unattachedNetworkInterfaceIds: string[] } {
    const enis = [...this.enis.values()].filter((e) => e.regionId === regionId);
    const vpcs = [...this.vpcs.values()]
      .filter((v) => v.regionId === regionId)
      .map((v) => ({
        vpcId: v.vpcId,
        vSwitches: [...this.vSwitches.values()]
          .filter((s) => s.vpcId === v.vpcId)
          .map((s) => ({
            vSwitchId: s.vSwitchId,
            networkInterfaceIds: enis.filter((e) => e.vSwitchId === s.vSwitchId).map((e) => e.networkInterfaceId),
          })),
      }));
    return { vpcs, unattachedNetworkInterfaceIds: enis.filter((e) => e.vSwitchId === undefined).map((e) => e.networkInterfaceId) };
  }
}
