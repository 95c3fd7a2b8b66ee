/**
 * What every vpc action shares: the region check, the ClientToken contract, DryRun, the asynchronous
 * transitions and NextToken paging. The per-resource backends (`backend.ts`, `filters.ts`, `sessions.ts`)
 * are built on one `VpcCore`.
 *
 * ClientToken (reference §2.4; Alibaba's "how to ensure idempotence" page): the same token with the same
 * parameters returns the first result and has no second effect; the same token with different parameters is
 * `IdempotentParameterMismatch`. A replay that arrives while the task the first request started is still
 * running (its resource still Creating / Modifying / Deleting) is `LastTokenProcessing`, the code the
 * official Terraform provider retries for these actions; once the task settled the replay gets the first
 * result. Only successes are remembered, so a failed request can be retried with its token.
 */
import { invalidParameter, missingRegionId } from "../../errors";
import { randomLowerAlnumId } from "../../ids";
import {
  dryRunOperation,
  idempotentParameterMismatch,
  incorrectStatusTrafficMirrorService,
  invalidParam,
  invalidRegionIdNotFound,
  lastTokenProcessing,
  missingParam,
} from "./errors";
import { isRegionIdShape } from "../regions";
import {
  DEFAULT_RESOURCE_GROUP_ID,
  MAX_RESULTS,
  MIRROR_ID_LENGTH,
  TAGS_MAX,
  creationTime,
  isNameOrDescription,
  isResourceGroupId,
  isTagText,
  parseBoolean,
  parseUnsignedInt,
} from "./rules";
import { mirrorEnabled, statusAt, type MirrorStatus, type Tag, type Transitional, type VpcState } from "./state";

/** Choice: ClientTokens are remembered for 24 h, at most 10,000 of them (retention is undocumented). */
export const CLIENT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
export const CLIENT_TOKEN_CAPACITY = 10_000;

export const present = (v: string | undefined): v is string => v !== undefined && v !== "";

/** One `Tag.N` (or `Tags.N`) entry as received. */
export interface TagInput {
  key?: string;
  value?: string;
}

/** What both List actions filter and page by, besides their own fields (raw strings). */
export interface ListingInput {
  resourceGroupId?: string;
  tags: readonly TagInput[];
  maxResults?: string;
  nextToken?: string;
}

/** What one request to an idempotent action carries besides its own fields. */
export interface RequestMeta {
  clientToken?: string;
  dryRun?: string;
  /** Every business parameter of the request, compared for ClientToken replays. */
  params: Readonly<Record<string, string>>;
}

export interface VpcCoreOptions {
  /** Delay before Creating / Modifying / Deleting settle. */
  transitionMs: number;
  now?: () => number;
}

export class VpcCore {
  readonly transitionMs: number;
  readonly now: () => number;

  constructor(
    readonly state: VpcState,
    options: VpcCoreOptions,
  ) {
    this.transitionMs = Math.max(0, options.transitionMs);
    this.now = options.now ?? Date.now;
  }

  /**
   * Every traffic-mirroring action starts here: a required RegionId of the documented shape; deletions that
   * settled since the last request are dropped first.
   */
  enter(regionId: string | undefined): string {
    if (!present(regionId)) throw missingRegionId();
    this.checkRegion(regionId);
    this.state.sweep(this.now());
    return regionId;
  }

  /** Choice: creating or changing filters and sessions needs traffic mirroring opened (and active) in the region. */
  requireOpen(regionId: string): void {
    if (!mirrorEnabled(this.state.getTrafficMirror(regionId), this.now())) throw incorrectStatusTrafficMirrorService();
  }

  /** The status a record shows now (undefined: its deletion settled). */
  status(rec: Transitional): MirrorStatus | undefined {
    return statusAt(rec, this.now());
  }

  /** An optional name or description: 1–`max` characters, not starting with `http://` / `https://`. */
  text(name: string, v: string | undefined, max: number): string | undefined {
    if (!present(v)) return undefined;
    if (!isNameOrDescription(v, max)) throw invalidParam(name);
    return v;
  }

  /** ResourceGroupId (optional; choice: `rg-` + lowercase alphanumerics) and `Tag.N` of a new filter or session. */
  owner(input: { resourceGroupId?: string; tags: readonly TagInput[] }): { resourceGroupId: string; tags: Tag[] } {
    const v = input.resourceGroupId;
    if (present(v) && !isResourceGroupId(v)) throw invalidParam("ResourceGroupId");
    return { resourceGroupId: present(v) ? v : DEFAULT_RESOURCE_GROUP_ID, tags: this.tags("Tag", input.tags) };
  }

  /** The fields every new filter or session starts with: `Creating` until the transition delay has passed. */
  fresh(regionId: string, owner: { resourceGroupId: string; tags: Tag[] }) {
    const now = this.now();
    return {
      regionId,
      seq: this.state.nextSeq(),
      ...owner,
      creationTime: creationTime(now),
      status: "Creating" as const,
      settlesAt: new Date(now + this.transitionMs).toISOString(),
    };
  }

  /** `Tag.N.Key` / `Tag.N.Value` (or `Tags.N.*` on List): at most 20, keys unique. */
  tags(name: string, input: readonly TagInput[]): Tag[] {
    if (input.length > TAGS_MAX) throw invalidParam(name);
    const out: Tag[] = [];
    for (const t of input) {
      if (t.key === undefined || !isTagText(t.key, false) || out.some((o) => o.Key === t.key)) {
        throw invalidParam(name, `${name}.N.Key`);
      }
      if (!isTagText(t.value ?? "", true)) throw invalidParam(name, `${name}.N.Value`);
      out.push({ Key: t.key, Value: t.value ?? "" });
    }
    return out;
  }

  /** List filter on tags: every given tag is on the resource (a tag given without a value matches any value). */
  hasTags(tags: readonly Tag[], wanted: readonly TagInput[]): boolean {
    return wanted.every((w) => tags.some((t) => t.Key === w.key && (w.value === undefined || t.Value === w.value)));
  }

  checkRegion(regionId: string): void {
    if (!isRegionIdShape(regionId)) throw invalidRegionIdNotFound();
  }

  /** ClientToken: at most 64 ASCII characters (reference §2.4). */
  checkClientToken(token: string | undefined): void {
    if (token !== undefined && (token.length > 64 || !/^[\x20-\x7e]*$/.test(token))) throw invalidParameter("ClientToken");
  }

  /** A required top-level parameter. */
  required(name: string, v: string | undefined): string {
    if (!present(v)) throw missingParam(name);
    return v;
  }

  /** An optional `true` / `false` parameter. */
  flag(name: string, v: string | undefined, fallback: boolean): boolean {
    if (!present(v)) return fallback;
    const b = parseBoolean(v);
    if (b === undefined) throw invalidParam(name);
    return b;
  }

  /** An optional integer parameter in `[min, max]`. */
  integer(name: string, v: string | undefined, range: { min: number; max: number }, shown: string = name): number | undefined {
    if (!present(v)) return undefined;
    const n = parseUnsignedInt(v);
    if (n === undefined || n < range.min || n > range.max) throw invalidParam(name, shown);
    return n;
  }

  /**
   * Runs a mutating action under the ClientToken and DryRun contracts. `validate` checks the request without
   * changing anything and returns the change; a dry run stops there with `DryRunOperation`. The change returns
   * the response fields and the epoch ms its task settles at (0: nothing runs in the background).
   */
  idempotent<T extends object>(
    action: string,
    region: string,
    meta: RequestMeta,
    validate: () => () => { result: T; busyUntil: number },
  ): T {
    this.checkClientToken(meta.clientToken);
    const dryRun = this.flag("DryRun", meta.dryRun, false);
    let key: string | undefined;
    let fingerprint = "";
    if (present(meta.clientToken)) {
      key = `${action}\n${meta.clientToken}`;
      const { ClientToken: _ignored, ...rest } = meta.params;
      fingerprint = JSON.stringify({ ...rest, RegionId: region });
      const seen = this.state.getClientToken(key);
      const now = this.now();
      if (seen && seen.at >= now - CLIENT_TOKEN_TTL_MS) {
        if (seen.fingerprint !== fingerprint) throw idempotentParameterMismatch();
        if (seen.busyUntil !== undefined && now < seen.busyUntil) throw lastTokenProcessing();
        return seen.result as T;
      }
    }
    const apply = validate();
    if (dryRun) throw dryRunOperation();
    const { result, busyUntil } = apply();
    if (key !== undefined) {
      this.state.putClientToken(
        { key, fingerprint, result: { ...result } as Record<string, unknown>, at: this.now(), ...(busyUntil > 0 ? { busyUntil } : {}) },
        CLIENT_TOKEN_CAPACITY,
        CLIENT_TOKEN_TTL_MS,
      );
    }
    return result;
  }

  /** Starts a task on a record: it shows `status` until the transition delay has passed. Returns its end. */
  begin(rec: Transitional, status: Exclude<MirrorStatus, "Created">): number {
    const until = this.now() + this.transitionMs;
    rec.status = status;
    rec.settlesAt = new Date(until).toISOString();
    return until;
  }

  /** A fresh id with `prefix` (and `length` random characters) that `taken` does not know. */
  newId(prefix: string, taken: (id: string) => boolean, length: number = MIRROR_ID_LENGTH): string {
    let id: string;
    do id = randomLowerAlnumId(prefix, length);
    while (taken(id));
    return id;
  }

  /**
   * One page of `items` (creation order, each with its `seq`): `MaxResults` in `range` (default 1–100,
   * default 10), and a `NextToken` that names the position of the next item, so deletions between pages
   * skip nothing.
   */
  page<R extends { seq: number }>(
    kind: string,
    items: readonly R[],
    maxResults: string | undefined,
    nextToken: string | undefined,
    range: { min: number; max: number; default: number } = MAX_RESULTS,
  ): { page: R[]; maxResults: number; nextToken: string } {
    const max = this.integer("MaxResults", maxResults, range) ?? range.default;
    let from = 0;
    if (present(nextToken)) {
      const m = new RegExp(`^${kind}:(\\d{1,15})$`).exec(Buffer.from(nextToken, "base64url").toString("latin1"));
      if (!m || Buffer.from(m[0], "latin1").toString("base64url") !== nextToken) throw invalidParam("NextToken");
      from = Number(m[1]);
    }
    const rest = items.filter((r) => r.seq >= from);
    const next = rest[max];
    return {
      page: rest.slice(0, max),
      maxResults: max,
      nextToken: next ? Buffer.from(`${kind}:${next.seq}`, "latin1").toString("base64url") : "",
    };
  }
}
