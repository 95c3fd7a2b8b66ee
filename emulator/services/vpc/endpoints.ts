/**
 * The elastic network interfaces (ENIs) and internal-facing SLB instances that traffic mirror sessions refer
 * to. The emulator has no ECS or SLB API (the traffic-mirroring actions only reference them), so they are
 * seeded, like the SAG instances of smartag. They are configuration, not state: sessions name them by id, and
 * the set comes from the start options (`networkInterfaces` / `loadBalancers`) every time.
 */

/** An ENI in a region (a traffic mirror source, or a target of type `NetworkInterface`). */
export interface NetworkInterfaceSeed {
  regionId: string;
  networkInterfaceId: string;
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

/**
 * Default ENIs: `eni-demo<city>0001` … `0006` (20 characters, like `eni-j6c2fp57q8rr47rp` in the docs) in
 * cn-hangzhou, cn-shanghai and cn-hongkong (the region of the docs' samples).
 */
export const DEFAULT_NETWORK_INTERFACES: readonly NetworkInterfaceSeed[] = SEEDED_REGIONS.flatMap(([regionId, tag]) =>
  range(6).map((i) => ({ regionId, networkInterfaceId: `eni-demo${tag}${String(i).padStart(4, "0")}` })),
);

/** Default SLB instances: `lb-demo<city>0001`, `0002` in the same regions. */
export const DEFAULT_LOAD_BALANCERS: readonly LoadBalancerSeed[] = SEEDED_REGIONS.flatMap(([regionId, tag]) =>
  range(2).map((i) => ({ regionId, loadBalancerId: `lb-demo${tag}${String(i).padStart(4, "0")}` })),
);

/** The seeded endpoints, looked up by region and id. */
export class MirrorEndpoints {
  private readonly enis: ReadonlyMap<string, NetworkInterfaceSeed>;
  private readonly slbs: ReadonlyMap<string, LoadBalancerSeed>;

  constructor(enis: readonly NetworkInterfaceSeed[], slbs: readonly LoadBalancerSeed[]) {
    this.enis = new Map(enis.map((e) => [e.networkInterfaceId, e]));
    this.slbs = new Map(slbs.map((s) => [s.loadBalancerId, s]));
  }

  hasNetworkInterface(regionId: string, id: string): boolean {
    return this.enis.get(id)?.regionId === regionId;
  }

  hasLoadBalancer(regionId: string, id: string): boolean {
    return this.slbs.get(id)?.regionId === regionId;
  }

  /** The ids seeded in a region. */
  inRegion(regionId: string): { networkInterfaceIds: string[]; loadBalancerIds: string[] } {
    return {
      networkInterfaceIds: [...this.enis.values()].filter((e) => e.regionId === regionId).map((e) => e.networkInterfaceId),
      loadBalancerIds: [...this.slbs.values()].filter((s) => s.regionId === regionId).map((s) => s.loadBalancerId),
    };
  }
}
