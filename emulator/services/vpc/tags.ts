/**
 * The vpc tag actions (vpc 2016-04-28): TagResources, UnTagResources, ListTagResources, with the parameter
 * and response names of the `@alicloud/vpc20160428` models. They take a `ResourceType` (case-insensitive);
 * the emulator tags flow logs (`FLOWLOG`) only: another documented type is
 * `OperationUnsupported.ResourceType`, anything else `InvalidParam.ResourceType`. Tags added here show up
 * in the resource's own listing (DescribeFlowLogs' `Tags.Tag`), and its `Tags.N` filter sees them.
 */
import { missingParameter } from "../../errors";
import { type TagInput, type VpcCore } from "./core";
import { invalidInstanceIdNotFound, invalidParam, missingParam, operationUnsupportedResourceType, quotaExceededTag } from "./errors";
import { TAGS_MAX, TAG_MAX_RESULTS, TAG_RESOURCE_IDS_MAX, TAG_RESOURCE_TYPES, isTagText } from "./rules";
import type { Tag } from "./state";

/** A kind of resource the tag actions can address. */
export interface TaggableKind {
  /** The resource of the region with this id, if it exists (its `tags` are edited in place). */
  find(regionId: string, id: string): { tags: Tag[] } | undefined;
  /** Every resource of the region, in creation order. */
  list(regionId: string): Array<{ id: string; tags: Tag[] }>;
}

export interface TagResourcesInput {
  resourceType?: string;
  resourceIds: readonly string[];
  tags: readonly TagInput[];
}

export interface UnTagResourcesInput {
  resourceType?: string;
  resourceIds: readonly string[];
  tagKeys: readonly string[];
  all?: string;
}

export interface ListTagResourcesInput {
  resourceType?: string;
  resourceIds: readonly string[];
  tags: readonly TagInput[];
  maxResults?: string;
  nextToken?: string;
}

export class VpcTagBackend {
  constructor(
    private readonly core: VpcCore,
    /** Upper-case ResourceType → the resources of that type. */
    private readonly kinds: ReadonlyMap<string, TaggableKind>,
  ) {}

  /** Adds the tags to every resource; a key it already has gets the new value. */
  tagResources(regionId: string | undefined, input: TagResourcesInput): Record<string, never> {
    const region = this.core.enter(regionId);
    const targets = this.targets(region, input.resourceType, input.resourceIds);
    if (input.tags.length === 0) throw missingParam("Tag");
    const tags = this.core.tags("Tag", input.tags);
    const merged = targets.map((t) => [...t.tags.filter((old) => !tags.some((n) => n.Key === old.Key)), ...tags]);
    if (merged.some((m) => m.length > TAGS_MAX)) throw quotaExceededTag();
    targets.forEach((t, i) => (t.tags = merged[i]!));
    this.core.state.changed();
    return {};
  }

  /**
   * Removes the `TagKey.N` keys from every resource (keys a resource does not have are ignored); without
   * keys, `All=true` removes every tag and `All=false` (the default) nothing (choice).
   */
  unTagResources(regionId: string | undefined, input: UnTagResourcesInput): Record<string, never> {
    const region = this.core.enter(regionId);
    const targets = this.targets(region, input.resourceType, input.resourceIds);
    if (input.tagKeys.length > TAGS_MAX || input.tagKeys.some((k) => !isTagText(k, true))) throw invalidParam("TagKey");
    const all = this.core.flag("All", input.all, false);
    const keys = new Set(input.tagKeys);
    for (const t of targets) {
      if (keys.size > 0) t.tags = t.tags.filter((tag) => !keys.has(tag.Key));
      else if (all) t.tags = [];
    }
    this.core.state.changed();
    return {};
  }

  /**
   * One `{ResourceId, ResourceType, TagKey, TagValue}` row per tag of each resource that is among
   * `ResourceId.N` (when given; unknown ids match nothing) and has every `Tag.N` (a tag without a value
   * matches any value); resources in creation order. At least one of `ResourceId.N` / `Tag.N` is required.
   */
  listTagResources(regionId: string | undefined, input: ListTagResourcesInput) {
    const region = this.core.enter(regionId);
    const [type, kind] = this.kind(input.resourceType);
    if (input.resourceIds.length > TAG_RESOURCE_IDS_MAX) throw invalidParam("ResourceId");
    this.core.tags("Tag", input.tags);
    if (input.resourceIds.length === 0 && input.tags.length === 0) throw missingParameter("ResourceId.N or Tag.N");
    const ids = new Set(input.resourceIds);
    const rows = kind
      .list(region)
      .filter((r) => (ids.size === 0 || ids.has(r.id)) && this.core.hasTags(r.tags, input.tags))
      .flatMap((r) => r.tags.map((t) => ({ ResourceId: r.id, ResourceType: type, TagKey: t.Key, TagValue: t.Value })))
      .map((row, i) => ({ seq: i + 1, row }));
    const { page, nextToken } = this.core.page("tags", rows, input.maxResults, input.nextToken, TAG_MAX_RESULTS);
    return { NextToken: nextToken, TagResources: { TagResource: page.map((p) => p.row) } };
  }

  /** The resources `ResourceId.N` names: 1–50 of them, each an existing resource of the type in the region. */
  private targets(region: string, resourceType: string | undefined, resourceIds: readonly string[]): Array<{ tags: Tag[] }> {
    const [, kind] = this.kind(resourceType);
    if (resourceIds.length === 0) throw missingParam("ResourceId");
    if (resourceIds.length > TAG_RESOURCE_IDS_MAX) throw invalidParam("ResourceId");
    return [...new Set(resourceIds)].map((id) => {
      const found = kind.find(region, id);
      if (!found) throw invalidInstanceIdNotFound();
      return found;
    });
  }

  /** `ResourceType` (required, case-insensitive) → its kind, named in upper case. */
  private kind(resourceType: string | undefined): [string, TaggableKind] {
    const type = this.core.required("ResourceType", resourceType).toUpperCase();
    const kind = this.kinds.get(type);
    if (kind) return [type, kind];
    if (TAG_RESOURCE_TYPES.includes(type)) throw operationUnsupportedResourceType();
    throw invalidParam("ResourceType");
  }
}
