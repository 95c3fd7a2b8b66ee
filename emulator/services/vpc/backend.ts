/**
 * VPC 2016-04-28 traffic-mirroring enablement backend (reference §2): OpenTrafficMirrorService,
 * GetTrafficMirrorServiceStatus and the control-plane drift hook; never sees HTTP. Filters and sessions are in
 * `filters.ts` and `sessions.ts`; the ClientToken contract they share is in `core.ts`.
 *
 * Opening a region twice: while the first activation is still in progress the second open is
 * `OperationConflict` (the docs say concurrent activation in one region is not supported); once the
 * service is open it is `ORDER.OPEND`, as the real service answers and Terraform expects. A replay of the
 * first open's ClientToken answers its result, during the activation too. Handlers run synchronously and
 * reserve the region before any await, so two concurrent opens can never both take effect.
 */
import type { RequestMeta, VpcCore } from "./core";
import { operationConflict, orderOpend } from "./errors";
import { mirrorEnabled } from "./state";

export interface VpcBackendOptions {
  /** Delay between a successful open and `Enabled: true` (default 0). */
  activationMs?: number;
}

export class VpcBackend {
  private readonly activationMs: number;

  constructor(
    private readonly core: VpcCore,
    options: VpcBackendOptions = {},
  ) {
    this.activationMs = Math.max(0, options.activationMs ?? 0);
  }

  /** @param regionId the effective region (the handler defaults it from the endpoint when omitted). */
  openTrafficMirrorService(regionId: string, meta: RequestMeta): { Code: "200"; Message: "successful" } {
    this.core.checkRegion(regionId);
    return this.core.idempotent("OpenTrafficMirrorService", regionId, meta, () => {
      const existing = this.core.state.getTrafficMirror(regionId);
      if (existing) {
        if (!mirrorEnabled(existing, this.core.now())) throw operationConflict();
        throw orderOpend();
      }
      return () => {
        const now = this.core.now();
        this.core.state.setTrafficMirror({
          regionId,
          openedAt: new Date(now).toISOString(),
          enabledAt: new Date(now + this.activationMs).toISOString(),
        });
        // Success carries Code "200" / Message "successful" exactly as documented (pop-core treats it as success).
        return { result: { Code: "200", Message: "successful" } as const, busyUntil: 0 };
      };
    });
  }

  getTrafficMirrorServiceStatus(regionId: string | undefined, clientToken: string | undefined): { Enabled: boolean } {
    // RegionId is documented as required for this action (HELP gettrafficmirrorservicestatus).
    const region = this.core.enter(regionId);
    this.core.checkClientToken(clientToken);
    return { Enabled: mirrorEnabled(this.core.state.getTrafficMirror(region), this.core.now()) };
  }

  /** Control plane only: the API cannot close the service, but drift tests need a disabled region. */
  disableTrafficMirrorService(regionId: string): boolean {
    return this.core.state.deleteTrafficMirror(regionId);
  }
}
