/**
 * The resource registry: every resource of the package, one row each, and the one place that lists
 * them. It drives the type tokens (`schema/tokens.ts`), the shims (each forwards to its row's
 * implementation) and the classes' shim objects (`shimOf`), the building of every validation rule
 * (`buildRules`, and its warm-up), the type-level tests and the policy pack's matching of our types.
 * Adding a resource is adding a row (and its schema, class, descriptor and shim).
 *
 * The shim paths are a public contract (stacks of every version require them from their state):
 * never change a row's shim, only add rows. Pure data and lazy requires: loading it loads the field
 * tables (no zod) and nothing of the API client.
 */
import type { FieldTable, OutputTable } from "./schema/fieldTable";
import { flowLogFields, flowLogOutputs } from "./schema/flowLog";
import { trafficMirrorFilterFields, trafficMirrorFilterOutputs } from "./schema/trafficMirrorFilter";
import { trafficMirrorServiceFields, trafficMirrorServiceOutputs } from "./schema/trafficMirrorService";
import { trafficMirrorSessionFields, trafficMirrorSessionOutputs } from "./schema/trafficMirrorSession";
import { vpcFlowLogFields, vpcFlowLogOutputs } from "./schema/vpcFlowLog";
import { vpcFlowLogServiceFields, vpcFlowLogServiceOutputs } from "./schema/vpcFlowLogService";

export interface ResourceEntry {
  /** `pulumi-nodejs:dynamic/<module>:<type>`, what the engine and policies match. */
  token: string;
  /** How users and messages name it, and its path in the package's exports (`sag.FlowLog`). */
  className: string;
  /** The shim module in `dist/provider/shims/`, as the state requires it. */
  shim: string;
  /** The implementation the shim forwards to, by package name. */
  implementation: string;
  /** The inputs' and the computed outputs' tables (none for the internal state identity). */
  fields?: FieldTable;
  outputs?: OutputTable;
  /** The regional service (a class name) that must be opened for this resource to be created. */
  requires?: string;
  /** Why a replacement always deletes first (the class forces `deleteBeforeReplace`); absent: the diff decides. */
  deleteFirst?: string;
}

const PACKAGE = "pulumi-alicloud-traffic/dist/provider";
const token = (module: string, type: string) => `pulumi-nodejs:dynamic/${module}:${type}`;

/** Why a marked resource's replacement deletes first: a create adopts what carries its marker. */
const MARKED_DELETE_FIRST =
  "A replacement always deletes the old one first: the idempotency marker names one per resource, and a create finds and adopts the one that carries it.";

export const RESOURCES = {
  flowLog: {
    token: token("sag", "FlowLog"),
    className: "sag.FlowLog",
    shim: `${PACKAGE}/shims/sagFlowLog.js`,
    implementation: `${PACKAGE}/sag/flowLogProvider.js`,
    fields: flowLogFields,
    outputs: flowLogOutputs,
    deleteFirst:
      "A flow log is always deleted before its replacement is created: a SAG can feed only one flow log, and the idempotency " +
      "marker names one flow log per resource.",
  },
  trafficMirrorService: {
    token: token("vpc", "TrafficMirrorService"),
    className: "vpc.TrafficMirrorService",
    shim: `${PACKAGE}/shims/vpcTrafficMirrorService.js`,
    implementation: `${PACKAGE}/vpc/trafficMirrorServiceProvider.js`,
    fields: trafficMirrorServiceFields,
    outputs: trafficMirrorServiceOutputs,
  },
  trafficMirrorFilter: {
    token: token("vpc", "TrafficMirrorFilter"),
    className: "vpc.TrafficMirrorFilter",
    shim: `${PACKAGE}/shims/vpcTrafficMirrorFilter.js`,
    implementation: `${PACKAGE}/vpc/trafficMirrorFilterProvider.js`,
    fields: trafficMirrorFilterFields,
    outputs: trafficMirrorFilterOutputs,
    requires: "vpc.TrafficMirrorService",
    deleteFirst: MARKED_DELETE_FIRST,
  },
  trafficMirrorSession: {
    token: token("vpc", "TrafficMirrorSession"),
    className: "vpc.TrafficMirrorSession",
    shim: `${PACKAGE}/shims/vpcTrafficMirrorSession.js`,
    implementation: `${PACKAGE}/vpc/trafficMirrorSessionProvider.js`,
    fields: trafficMirrorSessionFields,
    outputs: trafficMirrorSessionOutputs,
    requires: "vpc.TrafficMirrorService",
    deleteFirst: MARKED_DELETE_FIRST,
  },
  vpcFlowLogService: {
    token: token("vpc", "FlowLogService"),
    className: "vpc.FlowLogService",
    shim: `${PACKAGE}/shims/vpcFlowLogService.js`,
    implementation: `${PACKAGE}/vpc/flowLogServiceProvider.js`,
    fields: vpcFlowLogServiceFields,
    outputs: vpcFlowLogServiceOutputs,
  },
  vpcFlowLog: {
    token: token("vpc", "FlowLog"),
    className: "vpc.FlowLog",
    shim: `${PACKAGE}/shims/vpcFlowLog.js`,
    implementation: `${PACKAGE}/vpc/flowLogProvider.js`,
    fields: vpcFlowLogFields,
    outputs: vpcFlowLogOutputs,
    requires: "vpc.FlowLogService",
    deleteFirst: MARKED_DELETE_FIRST,
  },
  stateIdentity: {
    token: token("alicloud-traffic", "StateIdentity"),
    className: "(internal) state identity",
    shim: `${PACKAGE}/shims/stateIdentity.js`,
    implementation: `${PACKAGE}/internal/stateIdentityProvider.js`,
  },
} as const satisfies Record<string, ResourceEntry>;

export type ResourceKey = keyof typeof RESOURCES;

/** The rows of the resources users declare (every row but the internal state identity). */
export const PUBLIC_RESOURCES: ReadonlyArray<ResourceEntry & { fields: FieldTable; outputs: OutputTable }> = Object.values(
  RESOURCES,
).filter((r): r is (typeof RESOURCES)[Exclude<ResourceKey, "stateIdentity">] => "fields" in r);

/** The entry of a type token, if it is one of ours. */
export function resourceOfType(type: string): ResourceEntry | undefined {
  return Object.values(RESOURCES).find((r) => r.token === type);
}

/** `isInstance` for a resource class: matches by token, so it works across copies of the package. */
export function isInstanceOfType(obj: unknown, type: string): boolean {
  return (obj as { __pulumiType?: string } | undefined)?.__pulumiType === type;
}

const shims = new Map<string, unknown>();

/**
 * The shim module's exports, which a class hands to `dynamic.Resource` as its provider: the object
 * serializes as a `require` of the shim's package path (see shims/).
 */
export function shimOf(entry: ResourceEntry): unknown {
  const file = entry.shim.slice(entry.shim.lastIndexOf("/") + 1);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module's exports object is what serializes
  if (!shims.has(file)) shims.set(file, require(`./shims/${file}`));
  return shims.get(file);
}

/** Loads zod and builds every resource's rules now (what the first `check` of each kind would do). */
export function buildRules(): void {
  for (const entry of PUBLIC_RESOURCES) for (const spec of Object.values(entry.fields)) void spec.schema;
}

let warmed = false;

/**
 * The validation warm-up: builds the rules (~40 ms, most of it loading zod) while the provider host
 * idles, instead of in the first `check`. The state identity's diff or create, the first calls of a
 * preview or an up, schedule it: the host then waits ~150 ms for the registrations that waited on the
 * identity. Never after a read has come (`noWarmUp`): a refresh calls diff after read while the host is
 * busy reading, and validates nothing. Measured by the floor bench (bench/results/latest.md).
 */
export function warmUpValidationSoon(): void {
  if (warmed) return;
  warmed = true;
  setTimeout(buildRules, 0).unref();
}

/** A read came first: this process refreshes (see `warmUpValidationSoon`). */
export function noWarmUp(): void {
  warmed = true;
}
