/**
 * A small harness that runs one policy the way the SDK's analyzer server does (`server.js`), on
 * hand-built ResourceValidationArgs / StackValidationArgs (pulumi docs' test-helpers pattern):
 * props are wrapped in the SDK's unknown-checking proxy, config is the configSchema defaults
 * overlaid with the given config (as the engine reconciles it), and thrown UnknownValueError /
 * notApplicable are recorded instead of failing the test.
 */
import {
  Policy,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Secret,
  StackValidationArgs,
  StackValidationPolicy,
  UnknownValueError,
  unknownCheckingProxy,
} from "@pulumi/policy";
import { secretsPreservingProxy } from "@pulumi/policy/secret";

export interface TestResource {
  type: string;
  /** The resource name (last URN component). */
  name: string;
  /** Props as the engine sends them; keys whose value is `undefined` are dropped, as the SDK does. */
  props: Record<string, unknown>;
  /** The resource's provider as the engine sends it (a bridged resource's default provider holds `region`). */
  provider?: { type: string; name: string; props: Record<string, unknown> };
  /** Stack policies: the resources (by name) each prop's value came from (the engine's property dependencies). */
  propertyDependencies?: Record<string, string[]>;
}

/** What one policy reported. */
export interface Outcome {
  violations: string[];
  /** URNs the violations were reported on (stack policies), in order; undefined for the resource itself. */
  urns: (string | undefined)[];
  /** The SDK's advisory "can't run policy ... during preview" notes (an UnknownValueError escaped the policy). */
  cantRun: string[];
  /** Reasons given to `notApplicable`. */
  notApplicable: string[];
}

class NotApplicableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export const urnOf = (r: Pick<TestResource, "type" | "name">): string => `urn:pulumi:test::policy-tests::${r.type}::${r.name}`;

/** The config a policy sees: its configSchema defaults overlaid with `config` (the engine does this). */
export function effectiveConfig(policy: Policy, config: object = {}): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(policy.configSchema?.properties ?? {})) {
    if (prop.default !== undefined) defaults[key] = structuredClone(prop.default);
  }
  return { ...defaults, ...structuredClone(config) };
}

function cleanProps(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props))
    if (v !== undefined) out[k] = v instanceof Secret ? new Secret(structuredClone(v.value)) : structuredClone(v);
  return out;
}

function typeCheck(type: string) {
  return (cls: unknown): boolean => {
    const c = cls as { __pulumiType?: string; isInstance?: (o: unknown) => boolean };
    if (c.__pulumiType) return c.__pulumiType === type;
    return c.isInstance?.({ __pulumiType: type }) === true;
  };
}

const throwNotApplicable = (reason?: string): never => {
  throw new NotApplicableError(reason ?? "");
};

function baseArgs(policy: Policy, resource: TestResource, props: Record<string, any>, config: object): ResourceValidationArgs {
  const isType = typeCheck(resource.type);
  const settings = effectiveConfig(policy, config);
  return {
    type: resource.type,
    name: resource.name,
    urn: urnOf(resource),
    props,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
    },
    stackTags: new Map<string, string>(),
    isType,
    asType: ((cls: unknown) => (isType(cls) ? props : undefined)) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => settings as T,
    notApplicable: throwNotApplicable,
    ...(resource.provider ? { provider: providerOf(resource) } : {}),
  };
}

function providerOf(resource: TestResource) {
  const p = resource.provider!;
  return { type: p.type, name: p.name, urn: urnOf(p), props: unknownCheckingProxy(cleanProps(p.props)) };
}

function record(outcome: Outcome, policy: Policy, e: unknown): void {
  if (e instanceof UnknownValueError) outcome.cantRun.push(`can't run policy '${policy.name}' during preview: ${(e as Error).message}`);
  else if (e instanceof NotApplicableError) outcome.notApplicable.push(e.reason);
  else throw e;
}

const emptyOutcome = (): Outcome => ({ violations: [], urns: [], cantRun: [], notApplicable: [] });

/** What a policy that has nothing to say reports. */
export const CLEAN: Outcome = Object.freeze({ violations: [], urns: [], cantRun: [], notApplicable: [] }) as Outcome;

/**
 * `run(overrides, config)` and `violations(overrides, config)` of one policy on a fixture with
 * `overrides` applied (the fixture's `(name, overrides)` shape, at its default name).
 */
export function resourceRunner(
  policy: ResourceValidationPolicy,
  fixture: (name?: string, overrides?: Record<string, unknown>) => TestResource,
) {
  const run = (overrides: Record<string, unknown> = {}, config: object = {}) =>
    runResourcePolicy(policy, fixture(undefined, overrides), config);
  const violations = async (overrides: Record<string, unknown> = {}, config: object = {}) => (await run(overrides, config)).violations;
  return { run, violations };
}

/** Runs a resource policy's validations on one resource. */
export async function runResourcePolicy(policy: ResourceValidationPolicy, resource: TestResource, config: object = {}): Promise<Outcome> {
  const outcome = emptyOutcome();
  const validations =
    policy.validateResource === undefined
      ? []
      : Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
  for (const validate of validations) {
    const args = baseArgs(policy, resource, unknownCheckingProxy(cleanProps(resource.props)), config);
    try {
      await validate(args, (message, urn) => {
        outcome.violations.push(message);
        outcome.urns.push(urn);
      });
    } catch (e) {
      record(outcome, policy, e);
    }
  }
  return outcome;
}

export interface RemediationOutcome {
  /** The remediated props with secrets as `Secret` objects, or undefined if the policy changed nothing. */
  props?: Record<string, unknown>;
  cantRun: string[];
  notApplicable: string[];
}

/** Unwraps the SDK's proxies (what its serializer does before sending remediated props back). */
function unwrap(value: unknown): unknown {
  let v = value as Record<string, unknown> | undefined;
  while (v !== null && typeof v === "object" && v.__isSpecialProxy === true) v = v.__getSpecialProxyTarget as Record<string, unknown>;
  return v;
}

/** Runs a resource policy's remediation on one resource, as at enforcement level `remediate`. */
export async function runRemediation(
  policy: ResourceValidationPolicy,
  resource: TestResource,
  config: object = {},
): Promise<RemediationOutcome> {
  const outcome: RemediationOutcome = { cantRun: [], notApplicable: [] };
  if (!policy.remediateResource) throw new Error(`${policy.name} has no remediation`);
  const props = unknownCheckingProxy(secretsPreservingProxy(cleanProps(resource.props)));
  try {
    const result = await policy.remediateResource(baseArgs(policy, resource, props, config));
    if (result) outcome.props = unwrap(result) as Record<string, unknown>; // a fresh copy already (cleanProps)
  } catch (e) {
    if (e instanceof UnknownValueError) outcome.cantRun.push((e as Error).message);
    else if (e instanceof NotApplicableError) outcome.notApplicable.push(e.reason);
    else throw e;
  }
  return outcome;
}

/** Runs a stack policy on the given resources (their props play the role of outputs). */
export async function runStackPolicy(policy: StackValidationPolicy, resources: TestResource[], config: object = {}): Promise<Outcome> {
  const outcome = emptyOutcome();
  const settings = effectiveConfig(policy, config);
  const policyResources: PolicyResource[] = resources.map((r) => {
    const props = unknownCheckingProxy(cleanProps(r.props));
    const isType = typeCheck(r.type);
    return {
      type: r.type,
      name: r.name,
      urn: urnOf(r),
      props,
      opts: {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
      },
      dependencies: [],
      propertyDependencies: {},
      isType,
      asType: ((cls: unknown) => (isType(cls) ? props : undefined)) as PolicyResource["asType"],
      ...(r.provider ? { provider: providerOf(r) } : {}),
    };
  });
  // As the SDK does: property dependencies as the resource objects of the stack.
  resources.forEach((r, i) => {
    for (const [prop, names] of Object.entries(r.propertyDependencies ?? {})) {
      policyResources[i].propertyDependencies[prop] = names.flatMap((n) => policyResources.filter((p) => p.name === n || p.urn === n));
    }
  });
  const args: StackValidationArgs = {
    resources: policyResources,
    stackTags: new Map<string, string>(),
    getConfig: <T extends object>() => settings as T,
    notApplicable: throwNotApplicable,
  };
  try {
    await policy.validateStack(args, (message, urn) => {
      outcome.violations.push(message);
      outcome.urns.push(urn);
    });
  } catch (e) {
    record(outcome, policy, e);
  }
  return outcome;
}

/** One finding of a whole run: the policy, its level, the resource it is on, the message. */
export interface Finding {
  policy: string;
  level: string;
  /** The resource's URN (resource policies; stack policies that name one). */
  urn?: string;
  message: string;
}

export interface RunOptions {
  /** The props the stack policies see (the outputs), per resource name; default: the same as the inputs. */
  outputs?: Record<string, Record<string, unknown>>;
}

/**
 * One engine run of the whole pack, the way the engine drives it: Configure with the org config
 * (each policy's level and settings, defaults filled in), the resource policies on each resource's
 * inputs (Analyze, one resource after the other, policies in list order), then the stack policies
 * on the outputs (AnalyzeStack). Returns every finding and every not-applicable reason.
 */
export async function runPack(
  pack: {
    policies: readonly Policy[];
    configurePack(config: Record<string, { enforcementLevel?: string }>): unknown;
    resetRunState(): void;
  },
  resources: TestResource[],
  orgConfig: Record<string, string | Record<string, unknown>> = {},
  options: RunOptions = {},
): Promise<{ findings: Finding[]; notApplicable: { policy: string; name?: string; reason: string }[] }> {
  pack.resetRunState();
  const settingsOf = (p: Policy) => {
    const entry = orgConfig[p.name];
    const { enforcementLevel, ...props } = typeof entry === "string" ? { enforcementLevel: entry } : (entry ?? {});
    return { level: (enforcementLevel as string | undefined) ?? p.enforcementLevel ?? "advisory", props };
  };
  pack.configurePack(
    Object.fromEntries(
      pack.policies.map((p) => [p.name, { enforcementLevel: settingsOf(p).level, ...effectiveConfig(p, settingsOf(p).props) }]),
    ),
  );
  const findings: Finding[] = [];
  const notApplicable: { policy: string; name?: string; reason: string }[] = [];
  for (const r of resources) {
    for (const p of pack.policies) {
      const { level, props } = settingsOf(p);
      if (level === "disabled" || !("validateResource" in p) || !p.validateResource) continue;
      const out = await runResourcePolicy(p as ResourceValidationPolicy, r, props);
      findings.push(...out.violations.map((message) => ({ policy: p.name, level, urn: urnOf(r), message })));
      notApplicable.push(...out.notApplicable.map((reason) => ({ policy: p.name, name: r.name, reason })));
    }
  }
  const outputs = resources.map((r) => ({ ...r, props: options.outputs?.[r.name] ?? r.props }));
  for (const p of pack.policies) {
    const { level, props } = settingsOf(p);
    if (level === "disabled" || !("validateStack" in p)) continue;
    const out = await runStackPolicy(p as StackValidationPolicy, outputs, props);
    findings.push(...out.violations.map((message, i) => ({ policy: p.name, level, urn: out.urns[i], message })));
    notApplicable.push(...out.notApplicable.map((reason) => ({ policy: p.name, reason })));
  }
  return { findings, notApplicable };
}

/**
 * The values the policies run so far noted as not checked (for `unchecked-values`), as
 * `<resource label> <field> (<reason>): <policies>` lines; forgets them.
 */
export function uncheckedNotes(
  drain: () => { label: string; fields: { field: string; reason: string; policies: string[] }[] }[],
): string[] {
  return drain().flatMap((n) => n.fields.map((f) => `${n.label} ${f.field} (${f.reason}): ${f.policies.join(", ")}`));
}
