/**
 * VPC 2016-04-28 traffic-mirroring enablement backend (reference §2). One method per action plus the
 * control-plane drift hook; never sees HTTP.
 *
 * ClientToken contract (reference §2.4): the same token with the same parameters returns the first result
 * and has no second effect; the same token with different parameters is `IdempotentParameterMismatch`.
 * Opening a region twice: while the first activation is still in progress the second open is
 * `OperationConflict` (the docs say concurrent activation in one region is not supported); once the
 * service is open it is `ORDER.OPEND`, as the real service answers and Terraform expects. Handlers run
 * synchronously and reserve the region before any await, so two concurrent opens can never both take effect.
 */
import {
  invalidParameter,
  missingRegionId,
} from "../../errors";
import {
  idempotentParameterMismatch,
  invalidRegionIdNotFound,
  operationConflict,
  orderOpend,
} from "./errors";
import { mirrorEnabled, type VpcState } from "./state";
import { isRegionIdShape } from "../regions";

export interface VpcBackendOptions {
  /** Delay between a successful open and `Enabled: true` (default 0). */
  activationMs?: number;
  now?: () => number;
}

/** Choice: ClientTokens are remembered for 24 h, at most 10,000 of them (retention is undocumented). */
export const CLIENT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
export const CLIENT_TOKEN_CAPACITY = 10_000;

const present = (v: string | undefined): v is string => v !== undefined && v !== "";

export class VpcBackend {
  private readonly activationMs: number;
  private readonly now: () => number;

  constructor(
    private readonly state: VpcState,
    options: VpcBackendOptions = {},
  ) {
    this.activationMs = Math.max(0, options.activationMs ?? 0);
    this.now = options.now ?? Date.now;
  }

  /**
   * @param regionId the effective region (the handler defaults it from the endpoint when omitted).
   * @param requestParams every business parameter of the request, compared for ClientToken replays.
   */
  openTrafficMirrorService(
    regionId: string,
    clientToken: string | undefined,
    requestParams: Readonly<Record<string, string>>,
  ): { Code: "200"; Message: "successful" } {
    this.checkRegion(regionId);
    this.checkClientToken(clientToken);
    let tokenKey: string | undefined;
    let fingerprint = "";
    if (present(clientToken)) {
      tokenKey = `OpenTrafficMirrorService\n${clientToken}`;
      const { ClientToken: _ignored, ...rest } = requestParams;
      fingerprint = JSON.stringify({ ...rest, RegionId: regionId });
      const seen = this.state.getClientToken(tokenKey);
      if (seen && seen.at >= this.now() - CLIENT_TOKEN_TTL_MS) {
        if (seen.fingerprint !== fingerprint) throw idempotentParameterMismatch();
        return seen.result as { Code: "200"; Message: "successful" };
      }
    }

    const existing = this.state.getTrafficMirror(regionId);
    if (existing) {
      if (!mirrorEnabled(existing, this.now())) throw operationConflict();
      throw orderOpend();
    }
    const now = this.now();
    this.state.setTrafficMirror({
      regionId,
      openedAt: new Date(now).toISOString(),
      enabledAt: new Date(now + this.activationMs).toISOString(),
    });
    // Success carries Code "200" / Message "successful" exactly as documented (pop-core treats it as success).
    const result = { Code: "200", Message: "successful" } as const;
    if (tokenKey !== undefined) {
      this.state.putClientToken({ key: tokenKey, fingerprint, result: { ...result }, at: now }, CLIENT_TOKEN_CAPACITY, CLIENT_TOKEN_TTL_MS);
    }
    return result;
  }

  getTrafficMirrorServiceStatus(regionId: string | undefined, clientToken: string | undefined): { Enabled: boolean } {
    // RegionId is documented as required for this action (HELP gettrafficmirrorservicestatus).
    if (!present(regionId)) throw missingRegionId();
    this.checkRegion(regionId);
    this.checkClientToken(clientToken);
    const rec = this.state.getTrafficMirror(regionId);
    return { Enabled: mirrorEnabled(rec, this.now()) };
  }

  /** Control plane only: the API cannot close the service, but drift tests need a disabled region. */
  disableTrafficMirrorService(regionId: string): boolean {
    return this.state.deleteTrafficMirror(regionId);
  }

  private checkRegion(regionId: string): void {
    if (!isRegionIdShape(regionId)) throw invalidRegionIdNotFound();
  }

  /** ClientToken: at most 64 ASCII characters (reference §2.4). */
  private checkClientToken(token: string | undefined): void {
    if (token !== undefined && (token.length > 64 || !/^[\x20-\x7e]*$/.test(token))) throw invalidParameter("ClientToken");
  }
}
