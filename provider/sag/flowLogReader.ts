/**
 * Batched reads of flow logs. `pulumi refresh` calls `read` once per resource, all in one provider
 * process and nearly at once. Instead of one DescribeFlowLogs per resource, reads that arrive
 * within a short window are answered together: a few ids are looked up one by one, many ids (as
 * soon as there are more than a few) from one listing of the region, 50 per page (the API
 * maximum), with the pages after the first fetched concurrently. A listing is reused for a short while and dropped when this process writes.
 *
 * Creates use a different view, `tokenIndex()`: one listing of the region per provider process
 * (one per deployment), read so that concurrent deletions by others cannot hide an item, kept up
 * to date with this process's own creates and deletes.
 */
import { isApiError } from "../client/errors";
import { RpcClient } from "../client/rpcClient";

/** One entry of `FlowLogs.FlowLogSetType[]` as the API returns it. */
export interface FlowLogItem {
  FlowLogId: string;
  Name?: string;
  Description?: string;
  Status?: string;
  OutputType?: string;
  ActiveAging?: number;
  InactiveAging?: number;
  SlsRegionId?: string;
  ProjectName?: string;
  LogstoreName?: string;
  NetflowServerIp?: string;
  /** Documented as string, sampled as integer: callers use `Number()`. */
  NetflowServerPort?: number | string;
  NetflowVersion?: string;
  ResourceGroupId?: string;
  TotalSagNum?: number;
}

export const PAGE_SIZE = 50;
const BATCH_WINDOW_MS = 25;
/** Up to this many pending ids are looked up one by one; more trigger a full listing. */
const SINGLE_LOOKUP_LIMIT = 2;
const LISTING_TTL_MS = 30_000;

interface Pending {
  id: string;
  resolve: (item: FlowLogItem | undefined) => void;
  reject: (e: unknown) => void;
}

function itemsOf(body: any): FlowLogItem[] {
  const items = body?.FlowLogs?.FlowLogSetType;
  return Array.isArray(items) ? items : [];
}

/** How often a listing disturbed by concurrent creations is taken again before falling back. */
const CONSISTENT_LISTING_ATTEMPTS = 3;

/**
 * The region's flow logs as creates need them: by idempotency token. `reliable` is false when
 * every listing was disturbed by concurrent creations; callers then look up by name instead.
 */
export interface TokenIndex {
  reliable: boolean;
  items: Map<string, FlowLogItem>;
}

export class FlowLogReader {
  private listing?: { at: number; items: Promise<Map<string, FlowLogItem>> };
  private index?: Promise<TokenIndex>;
  private pending: Pending[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly client: RpcClient) {}

  /** Drops the cached listing; called after every write this process makes. */
  invalidate(): void {
    this.listing = undefined;
  }

  /**
   * The listing creates consult before they send CreateFlowLog, taken once per process and
   * shared by every create in the region (N creates cost N + ⌈flow logs in the region / 50⌉ calls).
   * Flow logs an interrupted earlier run made are older than this process, so one listing sees them.
   */
  tokenIndex(): Promise<TokenIndex> {
    if (!this.index) {
      this.index = this.consistentListing();
      this.index.catch(() => (this.index = undefined));
    }
    return this.index;
  }

  /** Keeps the index current with what this process created, adopted or deleted. */
  async recordInIndex(item: FlowLogItem | { FlowLogId: string; deleted: true }): Promise<void> {
    const index = await this.index?.catch(() => undefined);
    if (!index) return;
    if ("deleted" in item) index.items.delete(item.FlowLogId);
    else index.items.set(item.FlowLogId, item);
  }

  /**
   * Flow logs named `name` (DescribeFlowLogs filtered by FlowLogName): a lookup no concurrent
   * change elsewhere in the region can disturb. Callers match the marker themselves, so a filter
   * the service applied loosely (or not at all) costs pages, never a miss.
   */
  async byName(name: string): Promise<FlowLogItem[]> {
    const found: FlowLogItem[] = [];
    for (let n = 1; ; n++) {
      const body = await this.client.call("DescribeFlowLogs", { FlowLogName: name, PageNumber: n, PageSize: PAGE_SIZE });
      const items = itemsOf(body);
      found.push(...items);
      if (items.length < PAGE_SIZE || n * PAGE_SIZE >= Number(body.TotalCount ?? 0)) return found;
    }
  }

  /**
   * A listing that concurrent deletions cannot make miss an item. Offset pages shift when an item
   * before them goes away: read front to back, the first item of the next page slides onto the
   * page already read. So the pages after the first are read from the last one back to the first,
   * where a deletion only makes an item appear twice, and page 1 is read again at the end.
   * Creations can shift items the other way; they raise TotalCount, and then the listing is taken
   * again. One page (≤ 50 flow logs) is a single, atomic answer.
   */
  private async consistentListing(): Promise<TokenIndex> {
    const page = (n: number) => this.client.call("DescribeFlowLogs", { PageNumber: n, PageSize: PAGE_SIZE });
    for (let attempt = 0; attempt < CONSISTENT_LISTING_ATTEMPTS; attempt++) {
      const first = await page(1);
      const total = Number(first.TotalCount ?? 0);
      const items = new Map<string, FlowLogItem>();
      const add = (body: any) => itemsOf(body).forEach((i) => items.set(i.FlowLogId, i));
      add(first);
      if (total <= PAGE_SIZE) return { reliable: true, items };
      let grew = false;
      for (let n = Math.ceil(total / PAGE_SIZE); n >= 1; n--) {
        const body = await page(n);
        if (Number(body.TotalCount ?? 0) > total) grew = true;
        add(body);
      }
      if (!grew) return { reliable: true, items };
    }
    const fallback = await this.fetchAll();
    return { reliable: false, items: fallback };
  }

  /** The flow log with this id, or undefined if it does not exist. */
  get(id: string): Promise<FlowLogItem | undefined> {
    const cached = this.listing && Date.now() - this.listing.at < LISTING_TTL_MS ? this.listing : undefined;
    if (cached) {
      return cached.items.then((m) => m.get(id) ?? this.describeOne(id));
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ id, resolve, reject });
      // Enough reads for a listing: take it now rather than at the end of the window (a refresh's
      // reads arrive one every millisecond or two; later ones wait on the listing in flight).
      if (this.pending.length > SINGLE_LOOKUP_LIMIT) {
        clearTimeout(this.timer);
        this.flush();
      } else if (!this.timer) this.timer = setTimeout(() => this.flush(), BATCH_WINDOW_MS);
    });
  }

  /** A fresh full listing of the region, cached for subsequent `get`s. */
  listAll(): Promise<Map<string, FlowLogItem>> {
    const items = this.fetchAll();
    this.listing = { at: Date.now(), items };
    items.catch(() => {
      if (this.listing?.items === items) this.listing = undefined;
    });
    return items;
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.timer = undefined;
    if (batch.length <= SINGLE_LOOKUP_LIMIT) {
      for (const p of batch) this.describeOne(p.id).then(p.resolve, p.reject);
      return;
    }
    this.listAll().then(
      (map) => {
        for (const p of batch) {
          const item = map.get(p.id);
          if (item) p.resolve(item);
          // Not in the listing: confirm with a direct lookup (it may have been created meanwhile).
          else this.describeOne(p.id).then(p.resolve, p.reject);
        }
      },
      (e) => batch.forEach((p) => p.reject(e)),
    );
  }

  private async describeOne(id: string): Promise<FlowLogItem | undefined> {
    try {
      const body = await this.client.call("DescribeFlowLogs", { FlowLogId: id, PageSize: PAGE_SIZE });
      return itemsOf(body).find((i) => i.FlowLogId === id);
    } catch (e) {
      if (isApiError(e, "InvalidFlowLogId.NotFound")) return undefined;
      throw e;
    }
  }

  private async fetchAll(): Promise<Map<string, FlowLogItem>> {
    const page = (n: number) => this.client.call("DescribeFlowLogs", { PageNumber: n, PageSize: PAGE_SIZE });
    const first = await page(1);
    const total = Number(first.TotalCount ?? 0);
    const pages = Math.ceil(total / PAGE_SIZE);
    const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) }, (_, i) => page(i + 2)));
    const map = new Map<string, FlowLogItem>();
    for (const body of [first, ...rest]) for (const item of itemsOf(body)) map.set(item.FlowLogId, item);
    return map;
  }

  /** SAG ids bound to a flow log (DescribeFlowLogSags, 50 per page). */
  async sagIds(flowLogId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let n = 1; ; n++) {
      const body = await this.client.call("DescribeFlowLogSags", { FlowLogId: flowLogId, PageNumber: n, PageSize: PAGE_SIZE });
      const sags = body?.Sags?.Sag;
      const list: any[] = Array.isArray(sags) ? sags : [];
      ids.push(...list.map((s) => String(s.SmartAGId)));
      if (list.length < PAGE_SIZE || ids.length >= Number(body.TotalCount ?? 0)) return ids;
    }
  }
}

const readers = new Map<RpcClient, FlowLogReader>();
export function readerFor(client: RpcClient): FlowLogReader {
  let r = readers.get(client);
  if (!r) readers.set(client, (r = new FlowLogReader(client)));
  return r;
}
