/**
 * Helpers shared by the policies: the provider's schema (loaded on first use), matching our
 * resource types, reading props that may hold unknown values, reading typed config with defaults,
 * and naming resources in messages. No policy lives here.
 */
import { PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs, UnknownValueError } from "@pulumi/policy";
import type * as Schema from "pulumi-alicloud-traffic/dist/provider/schema";

/**
 * The provider's schema module (the one its `check` uses), resolved from the installed
 * `pulumi-alicloud-traffic` and loaded on first use: defining the policies loads nothing, and
 * the pack never loads the provider's resources, API client or `@pulumi/pulumi` for it. The
 * first read is the engine's GetAnalyzerInfo call (the config schemas take their ranges from it).
 */
export const PROVIDER_SCHEMA_MODULE = "pulumi-alicloud-traffic/dist/provider/schema/index.js";
let loadedSchema: typeof Schema | undefined;
export const schema: typeof Schema = new Proxy({} as typeof Schema, {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load described above
  get: (_target, key) => (loadedSchema ??= require(PROVIDER_SCHEMA_MODULE) as typeof Schema)[key as keyof typeof Schema],
});
/** Whether the schema module has been loaded yet (for tests of the lazy load). */
export const schemaLoaded = (): boolean => loadedSchema !== undefined;

/** A getter that computes once: config schemas and defaults that read the (lazy) schema. */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

const flowLogType = (): string => schema.FLOW_LOG_TYPE;
const notOfType = (args: { notApplicable(reason?: string): never }, type: string): never =>
  args.notApplicable(`Policy only applies to resources of type '${type}'`);

/**
 * Marks a validation or remediation with the type it applies to, the way the SDK's
 * `validateResourceOfType` does (`__pulumiType`, which its server uses to skip other types
 * without a call), but read when the engine first asks rather than when the pack is defined.
 */
function tagType<F extends object>(fn: F, type: () => string): F {
  Object.defineProperty(fn, "__pulumiType", { get: type });
  return fn;
}

/** `validateResourceOfType(sag.FlowLog, ...)`, matching by the schema's type token. */
export function validateFlowLog(validate: (args: ResourceValidationArgs, reportViolation: ReportViolation) => void) {
  return tagType((args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    const type = flowLogType();
    return args.type === type ? validate(args, reportViolation) : notOfType(args, type);
  }, flowLogType);
}

/** `remediateResourceOfType(sag.FlowLog, ...)`, matching by the schema's type token. */
export function remediateFlowLog(remediate: (args: ResourceValidationArgs) => Record<string, any> | undefined) {
  return tagType((args: ResourceValidationArgs) => {
    const type = flowLogType();
    return args.type === type ? remediate(args) : notOfType(args, type);
  }, flowLogType);
}

/** `validateStackResourcesOfType(sag.FlowLog, ...)`: the stack's flow logs, or "not applicable" without any. */
export function validateFlowLogsInStack(validate: (flowLogs: PolicyResource[], reportViolation: ReportViolation) => void) {
  return (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const type = flowLogType();
    const flowLogs = args.resources.filter((r) => r.type === type);
    return flowLogs.length > 0 ? validate(flowLogs, reportViolation) : notOfType(args, type);
  };
}

/** Plain props: nested objects and arrays are plain too; values not known yet are `schema.UNKNOWN`. */
export type Props = Record<string, unknown>;

/**
 * A plain copy of a resource's props in which every value the engine does not know yet (during
 * preview) is `schema.UNKNOWN`. The SDK hands policies a proxy that throws `UnknownValueError` on
 * reading such a value, which would turn a policy into an advisory "can't run during preview";
 * reading through this copy lets a policy skip just the rules that depend on the unknown value.
 */
export function known(props: object): Props {
  return copy(props) as Props;
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => copy(read(value, i)));
  if (value !== null && typeof value === "object") {
    const out: Props = {};
    for (const key of Object.keys(value)) {
      const v = read(value, key);
      if (v !== undefined) out[key] = copy(v);
    }
    return out;
  }
  return value;
}

function read(obj: object, key: string | number): unknown {
  try {
    return (obj as Record<string | number, unknown>)[key];
  } catch (e) {
    if (e instanceof UnknownValueError) return schema.UNKNOWN;
    throw e;
  }
}

/** True if the value is unknown, or is an array with an unknown entry. */
export const isUnknown = (value: unknown): boolean => schema.containsUnknown(value);

/**
 * The policy's settings: the engine fills `configSchema` defaults from the pack, and these
 * defaults apply when a policy runs outside the engine (unit tests, other hosts).
 */
export function settings<T extends object>(args: { getConfig<C extends object>(): C }, defaults: T): T {
  return { ...defaults, ...args.getConfig<Partial<T>>() };
}

/**
 * Resources sorted by URN. The engine lists resources in registration order, which varies between
 * runs when a program creates resources concurrently; sorting makes "which one came first" stable.
 */
export function byUrn<T extends { urn: string }>(resources: readonly T[]): T[] {
  return [...resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

/** `sag.FlowLog "edge"`: how messages name a resource. */
export function flowLogLabel(name: string): string {
  return `sag.FlowLog "${name}"`;
}

export function trafficMirrorServiceLabel(name: string): string {
  return `vpc.TrafficMirrorService "${name}"`;
}

/** `"sls", "all"`. */
export function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

/**
 * A problem in the organization's config of a policy, as one line: `policy config of <policy>: ...`.
 * The pack reports these once, when the engine configures it (see ../engineHooks.ts).
 */
export function configProblem(policy: string, message: string): string {
  return `policy config of ${policy}: ${message}`;
}

/**
 * An error for a config problem, thrown by a policy that cannot run with its config (a host that
 * did not take the pack's config check, e.g. unit tests): no stack trace, the line says it all.
 */
export function configError(problem: string): Error {
  const error = new Error(problem);
  error.stack = problem;
  return error;
}
