/**
 * What one provider process sees of one kind of resource in one region (a `MarkedDescriptor` and a
 * client), for every marked resource: lookups by id, name and token, batched reads, and the listing
 * creates consult before they create.
 *
 * - Reads (`get`): `pulumi refresh` calls `read` once per resource, all nearly at once. Reads that
 *   arrive within a short window are answered together: up to two ids are looked up one by one; more
 *   (as soon as there are more than two) from one listing of the region, whose later pages are fetched
 *   concurrently. A listing is reused for a short while and dropped when this process writes.
 * - The token index (`tokenIndex`): the region's items by marker, listed once per provider process
 *   (one per deployment), shared by every create of the kind there and kept up to date with this
 *   process's own creates and deletes. Items an interrupted earlier run made are older than this
 *   process, so one listing sees them. A listing by page number is read so that deletions by others
 *   cannot hide an item (see `consistentListing`); one by cursor cannot shift.
 */
import type { RpcClient } from "../client/rpcClient";
import { isApiError } from "../client/errors";
import { ApiItem, MarkedDescriptor } from "./descriptor";
import { parseMarker } from "./marker";

const BATCH_WINDOW_MS = 25;
/** Up to this many pending ids are looked up one by one; more trigger a full listing. */
const SINGLE_LOOKUP_LIMIT = 2;
const LISTING_TTL_MS = 30_000;
/** How often a listing disturbed by concurrent creations is taken again before falling back to lookups by name. */
const CONSISTENT_LISTING_ATTEMPTS = 3;

/** A text field of an item; an empty string is no value. */
export const text = (v: unknown): string | undefined => (v === undefined || v === null || v === "" ? undefined : String(v));

/**
 * The region's items as creates need them. `reliable` is false when every listing was disturbed by
 * concurrent creations; then creates look up by name instead.
 */
export interface TokenIndex {
  reliable: boolean;
  items: Map<string, ApiItem>;
}

interface Pending {
  id: string;
  resolve: (item: ApiItem | undefined) => void;
  reject: (e: unknown) => void;
}

export class CloudView {
  private listing?: { at: number; items: Promise<Map<string, ApiItem>> };
  private index?: Promise<TokenIndex>;
  private pending: Pending[] = [];
  /** Ids this process put into the token index itself (its creates and adoptions), not seen in a listing. */
  private readonly recordedHere = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    readonly client: RpcClient,
    readonly desc: MarkedDescriptor,
  ) {}

  idOf(item: ApiItem): string {
    return String(item[this.desc.keys.id]);
  }

  /** The token of the marker the item's description carries, if any. */
  tokenOf(item: ApiItem): string | undefined {
    return parseMarker(text(item[this.desc.keys.description])).token;
  }

  /** The item of `id`, looked up by id now (waits poll with it), or undefined when it does not exist. */
  async lookup(id: string): Promise<ApiItem | undefined> {
    try {
      const body = await this.client.call<ApiItem>(this.desc.list.action, this.desc.list.byId(id));
      return this.desc.list.items(body).find((i) => this.idOf(i) === id);
    } catch (e) {
      if (isApiError(e, this.desc.notFound)) return undefined;
      throw e;
    }
  }

  /** The item of `id` for a read: batched with the reads that arrive with it (see the file comment). */
  get(id: string): Promise<ApiItem | undefined> {
    const cached = this.listing && Date.now() - this.listing.at < LISTING_TTL_MS ? this.listing : undefined;
    if (cached) return cached.items.then((m) => m.get(id) ?? this.lookup(id));
    return new Promise((resolve, reject) => {
      this.pending.push({ id, resolve, reject });
      // Enough reads for a listing: take it now rather than at the end of the window (a refresh's reads
      // arrive one every millisecond or two; later ones wait on the listing in flight).
      if (this.pending.length > SINGLE_LOOKUP_LIMIT) {
        clearTimeout(this.timer);
        this.flush();
      } else if (!this.timer) this.timer = setTimeout(() => this.flush(), BATCH_WINDOW_MS);
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.timer = undefined;
    if (batch.length <= SINGLE_LOOKUP_LIMIT) {
      for (const p of batch) this.lookup(p.id).then(p.resolve, p.reject);
      return;
    }
    this.listAll().then(
      (map) => {
        // Not in the listing: confirmed with a lookup (it may have been created meanwhile).
        for (const p of batch) {
          if (map.has(p.id)) p.resolve(map.get(p.id));
          else this.lookup(p.id).then(p.resolve, p.reject);
        }
      },
      (e) => batch.forEach((p) => p.reject(e)),
    );
  }

  /** A fresh listing of the region, cached for the reads that follow. */
  listAll(): Promise<Map<string, ApiItem>> {
    const items = this.fetchAll();
    this.listing = { at: Date.now(), items };
    items.catch(() => {
      if (this.listing?.items === items) this.listing = undefined;
    });
    return items;
  }

  /** Drops the cached listing; called after every write this process makes. */
  invalidate(): void {
    this.listing = undefined;
  }

  private page(n: number, extra: Record<string, unknown> = {}): Promise<ApiItem> {
    return this.client.call<ApiItem>(this.desc.list.action, { PageNumber: n, PageSize: this.desc.list.pageSize, ...extra });
  }

  /** Every item of the region: by page (page 1, then the rest concurrently) or by cursor. */
  private async fetchAll(extra: Record<string, unknown> = {}): Promise<Map<string, ApiItem>> {
    const map = new Map<string, ApiItem>();
    const add = (body: ApiItem) => this.desc.list.items(body).forEach((i) => map.set(this.idOf(i), i));
    if (this.desc.list.paging === "cursor") {
      await this.byCursor(extra, add);
      return map;
    }
    const first = await this.page(1, extra);
    const pages = Math.ceil(Number(first.TotalCount ?? 0) / this.desc.list.pageSize);
    const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) }, (_, i) => this.page(i + 2, extra)));
    [first, ...rest].forEach(add);
    return map;
  }

  /** Every page of a cursor listing (`NextToken` until it is empty; a cursor seen before ends it). */
  private async byCursor(extra: Record<string, unknown>, add: (body: ApiItem) => void): Promise<void> {
    const seen = new Set<string>();
    let next: string | undefined;
    do {
      const body = await this.client.call<ApiItem>(this.desc.list.action, {
        MaxResults: this.desc.list.pageSize,
        ...extra,
        ...(next ? { NextToken: next } : {}),
      });
      add(body);
      next = text(body.NextToken);
      if (next !== undefined && seen.has(next)) break;
      if (next !== undefined) seen.add(next);
    } while (next !== undefined);
  }

  /**
   * Items named `name`: a lookup no concurrent change elsewhere in the region can disturb. Callers match
   * the marker themselves, so a filter the service applied loosely (or not at all) costs pages, never a miss.
   */
  async byName(name: string): Promise<ApiItem[]> {
    const byName = this.desc.list.byName?.(name);
    if (!byName) return [...(await this.fetchAll()).values()];
    if (this.desc.list.paging === "cursor") return [...(await this.fetchAll(byName)).values()];
    const found: ApiItem[] = [];
    for (let n = 1; ; n++) {
      const body = await this.page(n, byName);
      const items = this.desc.list.items(body);
      found.push(...items);
      if (items.length < this.desc.list.pageSize || n * this.desc.list.pageSize >= Number(body.TotalCount ?? 0)) return found;
    }
  }

  /** The token index (see the file comment), taken on first use; a failed one is taken again by the next caller. */
  tokenIndex(): Promise<TokenIndex> {
    if (!this.index) {
      this.index =
        this.desc.list.paging === "cursor" ? this.fetchAll().then((items) => ({ reliable: true, items })) : this.consistentListing();
      this.index.catch(() => (this.index = undefined));
    }
    return this.index;
  }

  /**
   * A listing by page number that concurrent deletions cannot make miss an item. Offset pages shift
   * when an item before them goes away: read front to back, the first item of the next page slides onto
   * the page already read. So the pages after the first are read from the last one back to the first,
   * where a deletion only makes an item appear twice, and page 1 is read again at the end. Creations can
   * shift items the other way; they raise TotalCount, and then the listing is taken again. One page is a
   * single, atomic answer.
   */
  private async consistentListing(): Promise<TokenIndex> {
    for (let attempt = 0; attempt < CONSISTENT_LISTING_ATTEMPTS; attempt++) {
      const first = await this.page(1);
      const total = Number(first.TotalCount ?? 0);
      const items = new Map<string, ApiItem>();
      const add = (body: ApiItem) => this.desc.list.items(body).forEach((i) => items.set(this.idOf(i), i));
      add(first);
      if (total <= this.desc.list.pageSize) return { reliable: true, items };
      let grew = false;
      for (let n = Math.ceil(total / this.desc.list.pageSize); n >= 1; n--) {
        const body = await this.page(n);
        if (Number(body.TotalCount ?? 0) > total) grew = true;
        add(body);
      }
      if (!grew) return { reliable: true, items };
    }
    return { reliable: false, items: await this.fetchAll() };
  }

  /**
   * The items that carry `token` (one being deleted left out): from the token index, or, when every
   * listing was disturbed, looked up by `name`.
   */
  async carrying(token: string, name?: string): Promise<ApiItem[]> {
    const index = await this.tokenIndex();
    const candidates = index.reliable || name === undefined ? [...index.items.values()] : await this.byName(name);
    const deleting = this.desc.keys.status && this.desc.deleting;
    return candidates.filter((i) => this.tokenOf(i) === token && !(deleting && i[this.desc.keys.status!] === this.desc.deleting));
  }

  /** The item carrying `token`, looked up afresh by name (after an ambiguous create, when the index may be stale). */
  async carryingByName(token: string, name: string): Promise<ApiItem | undefined> {
    return (await this.byName(name)).find((i) => this.tokenOf(i) === token);
  }

  /** Keeps the token index current with an item this process created, adopted or changed. */
  async record(item: ApiItem): Promise<void> {
    const index = await this.index?.catch(() => undefined);
    if (!index) return;
    index.items.set(this.idOf(item), item);
    this.recordedHere.add(this.idOf(item));
  }

  /**
   * The items that carry `token`, those this process recorded itself looked up again: one may have been
   * deleted outside since (a listing's items are older than this process, so they are what the cloud had).
   */
  async carryingNow(token: string, name?: string): Promise<ApiItem[]> {
    const found: ApiItem[] = [];
    for (const item of await this.carrying(token, name)) {
      const id = this.idOf(item);
      if (!this.recordedHere.has(id)) found.push(item);
      else if (await this.lookup(id)) found.push(item);
      else await this.forget(id);
    }
    return found;
  }

  /** This process deleted `id` (or found it gone): a later create must not find it in the index. */
  async forget(id: string): Promise<void> {
    const index = await this.index?.catch(() => undefined);
    index?.items.delete(id);
    this.recordedHere.delete(id);
  }

  /** The item of `id` as the token index saw it (it may be stale: only the marker is read from it), else looked up. */
  async indexed(id: string): Promise<ApiItem | undefined> {
    return (await this.tokenIndex()).items.get(id) ?? this.lookup(id);
  }
}

const views = new WeakMap<RpcClient, Map<string, CloudView>>();

/** The view of one kind in one client's region, one per provider process. */
export function viewOf(client: RpcClient, desc: MarkedDescriptor): CloudView {
  let byKind = views.get(client);
  if (!byKind) views.set(client, (byKind = new Map()));
  let view = byKind.get(desc.resource);
  if (!view) byKind.set(desc.resource, (view = new CloudView(client, desc)));
  return view;
}
