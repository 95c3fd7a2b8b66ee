/**
 * A marked resource's descriptor: what the idempotency-marker protocol (`markedResource.ts`) and the
 * listing (`cloudView.ts`) need to know about one kind of Alibaba Cloud resource, as data. It is kept
 * beside the resource's field table; the protocol is written once, for every descriptor.
 */
import type { Product } from "../client/config";
import type { Params } from "../client/rpcClient";

/** A describe item or response body as the API sends it (JSON). */
export type ApiItem = Record<string, unknown>;

/** A listing read by page number (`PageNumber` / `PageSize`, a `TotalCount`): pages shift when items go. */
export interface PagedListing {
  paging: "pages";
  action: string;
  /** The page size asked for: the API's maximum. */
  pageSize: number;
  /** The items of a response body. */
  items: (body: ApiItem) => ApiItem[];
  /** The parameters that select one id (`{ FlowLogId: id }`). */
  byId: (id: string) => Params;
  /** The parameters that select a name (`{ FlowLogName: name }`): a lookup others' changes cannot disturb. */
  byName?: (name: string) => Params;
}

/** A listing read by cursor (`MaxResults` / `NextToken`): a cursor does not shift. */
export interface CursorListing {
  paging: "cursor";
  action: string;
  pageSize: number;
  items: (body: ApiItem) => ApiItem[];
  byId: (id: string) => Params;
  byName?: (name: string) => Params;
}

export interface MarkedDescriptor {
  /** As users name the class: `vpc.TrafficMirrorFilter`. */
  resource: string;
  /** As messages name one: `traffic mirror filter`. */
  what: string;
  product: Product;
  list: PagedListing | CursorListing;
  /** Keys of an item: its id, name, description (which carries the marker) and status. */
  keys: { id: string; name?: string; description: string; status?: string };
  /** Answers that mean the id does not exist (of the actions that take it). */
  notFound: RegExp;
  /** The actions that create, delete and change one (the change: name and description at least). */
  actions: { create: string; delete: string; modify: string };
  /**
   * Every mutating call takes a ClientToken drawn per logical call and sent by each of its retries, so
   * that ambiguous failures are retried like reads (`prefix` starts the token: `tmf`). Without one, a
   * create is sent at most once per outcome it knows of (`markedResource.ts` `sendCreate`).
   */
  clientToken?: { prefix: string };
  /** Answers that mean "busy, try again" (the resource or the token's first request still working). */
  busy?: RegExp;
  /** The item settled (no transition running). Without it, every item is settled (no waiting). */
  settled?: (item: ApiItem) => boolean;
  /** The status of an item being deleted: never adopted. */
  deleting?: string;
  /** DeleteX is asynchronous: the delete waits until the listing no longer has the item. */
  waitForDelete?: boolean;
  /** The answer of a region where the kind's service is not opened, and what to do about it. */
  notOpened?: { code: RegExp; advice: (region: string) => string };
  /** A status set by actions of its own: the action that brings it to each value (`Active`: ActiveFlowLog). */
  statusActions?: Readonly<Record<string, string>>;
  /** Tags set by TagResources / UnTagResources with this `ResourceType` (`FLOWLOG`). */
  tagResourceType?: string;
  /** The id of one (`fl-...`): what `adoptId` must look like. */
  idPattern: RegExp;
}
