/**
 * How the pack defines a policy: once, in our field names, for every kind it applies to and each
 * kind's bridged equivalents (./subject.ts), with the pack's exemptions (`policy-exemptions`), the
 * notes of values it could not see (`unchecked-values`), and the metadata Pulumi Cloud shows with a
 * finding (`remediationSteps`, `url` to the policy's section of the pack's README).
 */
import * as fs from "fs";
import * as path from "path";
import type {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { BridgedToken, bridgedSource } from "./bridged";
import { PolicyConfigEntry, packConfigOf, recordExemption, recordReported } from "./runState";
import { Kind, Subject, kindOf, labelOf, resourceSubject, stackSubject, tokensOf } from "./subject";
import { checkedSettings, configError, once } from "./util";

/** The policy that holds the exemptions (its config), and reports the ones applied. */
export const POLICY_EXEMPTIONS = "policy-exemptions";

/** One exemption: a policy that does not apply to a resource, and why. */
export interface Exemption {
  /** The resource's name (the last part of its URN) or its whole URN. */
  resource: string;
  policy: string;
  reason: string;
}

/** The exemptions of the configured `policy-exemptions` (none before the engine configured the pack). */
export function configuredExemptions(): Exemption[] {
  const list = packConfigOf(POLICY_EXEMPTIONS)?.exemptions;
  return Array.isArray(list) ? (list as Exemption[]) : [];
}

/** The exemption of `policy` for the resource, if one applies. */
export function exemptionFor(policy: string, resource: { urn: string; name: string }): Exemption | undefined {
  return configuredExemptions().find((e) => e.policy === policy && (e.resource === resource.urn || e.resource === resource.name));
}

/** The reason a policy reports as not applicable to an exempted resource. */
export const exemptedReason = (e: Exemption): string => `exempted by ${POLICY_EXEMPTIONS}: ${e.reason}`;

/** The version of the pack (its package.json, next to the sources and to dist/). */
const packVersion = once((): string => {
  for (const rel of ["..", path.join("..", "..")]) {
    const file = path.join(__dirname, rel, "package.json");
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
  }
  return "latest";
});

/**
 * The pack's README as published with the package (a versioned copy on the npm CDN); each policy
 * links to its section. (The root package.json names no repository to link to instead.)
 */
export const docsUrl = (policy: string): string =>
  `https://unpkg.com/pulumi-alicloud-traffic@${packVersion()}/policy-pack/README.md#${policy}`;

/** What every policy of the pack declares besides its rule. */
export interface PolicyMeta {
  name: string;
  /** "Checks that ...". */
  description: string;
  enforcementLevel: EnforcementLevel;
  severity: Severity;
  /** What to do about a finding (Pulumi Cloud shows it). */
  remediationSteps: string;
}

/** A policy's settings: its defaults, its config schema and the checks JSON schema cannot express. */
export interface Settings<C extends object> {
  defaults: () => C;
  configSchema?: () => PolicyConfigSchema;
  configProblems?: (config: Partial<C>) => string[];
}

const noSettings: Settings<object> = { defaults: () => ({}) };

/** A resource rule: judges one resource, of one of `kinds` (ours or bridged). */
export interface ResourceRule<C extends object = object> extends PolicyMeta {
  kinds: readonly Kind[];
  /** Bridged types of those kinds the rule cannot apply to, with the reason (reported as not applicable). */
  notApplicable?: Partial<Record<BridgedToken, string>>;
  settings?: Settings<C>;
  /** Why the rule does not apply at all under this config (reported as not applicable), if so. */
  inapplicableUnder?(config: C): string | undefined;
  validate(subject: Subject, config: C, report: (message: string) => void): void;
  /** Our fields to set (enforcement level `remediate`), or undefined to change nothing. */
  remediate?(subject: Subject, config: C): Record<string, unknown> | undefined;
}

/** A resource rule of any settings (they are read from config at run time). */
export type AnyResourceRule = ResourceRule<Record<string, unknown>>;

/** Every resource rule of the pack, by policy name (`deployed-state` runs them on outputs). */
export const RESOURCE_RULES = new Map<string, AnyResourceRule>();

/** Every policy's name, in the order defined (for `policy-exemptions`' config schema). */
export const POLICY_NAMES: string[] = [];

/** The effective settings of a policy for this run: the configured ones, or the defaults. */
export function configuredSettings<C extends object>(name: string, settings: Settings<C>): C {
  const { enforcementLevel: _, ...configured } = (packConfigOf(name) ?? {}) as PolicyConfigEntry;
  const config = { ...settings.defaults(), ...configured } as C;
  const [problem] = settings.configProblems?.(config) ?? [];
  if (problem) throw configError(problem);
  return config;
}

/** The enforcement level of a policy in this run. */
export function configuredLevel(rule: PolicyMeta): string {
  return packConfigOf(rule.name)?.enforcementLevel ?? rule.enforcementLevel;
}

/** "Policy only applies to resources of type 'a', 'b'" (the SDK's wording, with every token). */
export const onlyFor = (kinds: readonly Kind[]): string =>
  `Policy only applies to resources of type ${tokensOf(kinds)
    .map((t) => `'${t}'`)
    .join(", ")}`;

/** The rule's reason for not applying to a resource of this type, if it does not apply. */
function inapplicable(rule: AnyResourceRule, type: string): string | undefined {
  const kind = kindOf(type);
  if (kind === undefined || !rule.kinds.includes(kind)) return onlyFor(rule.kinds);
  return rule.notApplicable?.[type as BridgedToken];
}

/**
 * Puts a policy's metadata on it. The config schema and the URL are getters, read when the engine
 * asks (GetAnalyzerInfo): defining the policies loads neither the provider's schema nor the pack's
 * package.json.
 */
function withMeta<T extends object>(target: T, meta: PolicyMeta, settings: Settings<object>): T {
  Object.assign(target, {
    name: meta.name,
    description: meta.description,
    enforcementLevel: meta.enforcementLevel,
    severity: meta.severity,
    remediationSteps: meta.remediationSteps,
  });
  Object.defineProperty(target, "url", { get: () => docsUrl(meta.name), enumerable: true, configurable: true });
  if (settings.configSchema) {
    const schemaOf = settings.configSchema;
    Object.defineProperty(target, "configSchema", { get: () => schemaOf(), enumerable: true, configurable: true });
  }
  return target;
}

/**
 * A resource policy from a rule: for ours and bridged resources of its kinds, not applicable to
 * anything else, to the bridged types it names, and to exempted resources; remediation writes our
 * fields back under the resource's own prop names.
 */
export function resourcePolicy<C extends object>(rule: ResourceRule<C>): ResourceValidationPolicy {
  const settings = (rule.settings ?? noSettings) as Settings<C>;
  RESOURCE_RULES.set(rule.name, rule as unknown as AnyResourceRule);
  POLICY_NAMES.push(rule.name);
  const policy = withMeta({} as ResourceValidationPolicy, rule, settings as Settings<object>);
  Object.assign(policy, {
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      const reason = inapplicable(rule as unknown as AnyResourceRule, args.type);
      if (reason) return args.notApplicable(reason);
      const exemption = exemptionFor(rule.name, args);
      if (exemption) {
        recordExemption(args.urn, labelOf(args.type, args.name), rule.name, exemption.reason);
        return args.notApplicable(exemptedReason(exemption));
      }
      const config = checkedSettings(args, settings.defaults(), (c) => settings.configProblems?.(c) ?? []);
      const off = rule.inapplicableUnder?.(config);
      if (off) return args.notApplicable(off);
      const subject = resourceSubject(args, rule.name)!;
      rule.validate(subject, config, (message) => {
        recordReported(args.urn, rule.name, message);
        reportViolation(message);
      });
    },
  });
  if (rule.remediate) {
    const remediate = rule.remediate;
    policy.remediateResource = (args: ResourceValidationArgs) => {
      const reason = inapplicable(rule as unknown as AnyResourceRule, args.type);
      if (reason) return args.notApplicable(reason);
      if (exemptionFor(rule.name, args)) return undefined;
      const config = checkedSettings(args, settings.defaults(), (c) => settings.configProblems?.(c) ?? []);
      const subject = resourceSubject(args, rule.name)!;
      const changes = remediate(subject, config);
      if (!changes) return undefined;
      let changed = false;
      for (const [field, value] of Object.entries(changes)) {
        const source = subject.bridged ? bridgedSource(subject.bridged, field) : { props: [field], converted: false };
        if (!source || source.converted) continue;
        // Write through the SDK's proxy so secret inputs stay secret.
        args.props[subject.field(field)] = value;
        changed = true;
      }
      return changed ? args.props : undefined;
    };
  }
  return policy;
}

/** What a stack rule gets besides the engine's args. */
export interface StackContext {
  args: StackValidationArgs;
  /**
   * The stack's resources of the kinds, as subjects (outputs), in URN order; the exempted ones left
   * out (and noted for `policy-exemptions`).
   */
  subjects(kinds: readonly Kind[]): Subject[];
  /** Whether the policy is exempted for the resource (and notes it if so). */
  exempt(resource: { urn: string; name: string; type: string }): boolean;
  /** The subject of any resource of the stack (unseen values noted under this policy). */
  subject(resource: PolicyResource): Subject | undefined;
}

/** A stack rule. */
export interface StackRule<C extends object = object> extends PolicyMeta {
  settings?: Settings<C>;
  validate(context: StackContext, config: C, report: (message: string, urn?: string) => void): void;
}

const byUrn = <T extends { urn: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));

/** The `validateStack` of a stack rule. */
function stackValidation<C extends object>(rule: StackRule<C>, settings: Settings<C>) {
  return (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const config = checkedSettings(args, settings.defaults(), (c) => settings.configProblems?.(c) ?? []);
    const exempt = (r: { urn: string; name: string; type: string }) => {
      const exemption = exemptionFor(rule.name, r);
      if (exemption) recordExemption(r.urn, labelOf(r.type, r.name), rule.name, exemption.reason);
      return exemption !== undefined;
    };
    const context: StackContext = {
      args,
      exempt,
      subject: (r) => stackSubject(r, { policy: rule.name }),
      subjects: (kinds) =>
        byUrn(args.resources)
          .filter((r) => {
            const kind = kindOf(r.type);
            return kind !== undefined && kinds.includes(kind) && !exempt(r);
          })
          .map((r) => stackSubject(r, { policy: rule.name })!),
    };
    rule.validate(context, config, reportViolation);
  };
}

/** A stack policy from a stack rule. */
export function stackPolicy<C extends object>(rule: StackRule<C>): StackValidationPolicy {
  const settings = (rule.settings ?? noSettings) as Settings<C>;
  POLICY_NAMES.push(rule.name);
  const policy = withMeta({} as StackValidationPolicy, rule, settings as Settings<object>);
  return Object.assign(policy, { validateStack: stackValidation(rule, settings) });
}

/**
 * A policy that is both: a resource rule judged on each resource before it is created, and a stack
 * rule for what only the whole stack shows (e.g. a filter's rules declared as resources of their
 * own). The SDK runs `validateResource` in its Analyze handler and `validateStack` in its
 * AnalyzeStack handler, each for any policy that has it (`@pulumi/policy` 1.21 server.js:
 * `isResourcePolicy` and `isStackPolicy` test one function each), so both report under one name.
 */
export function resourceAndStackPolicy<C extends object>(
  rule: ResourceRule<C>,
  stack: Pick<StackRule<C>, "validate">,
): ResourceValidationPolicy & Pick<StackValidationPolicy, "validateStack"> {
  const policy = resourcePolicy(rule);
  const settings = (rule.settings ?? noSettings) as Settings<C>;
  return Object.assign(policy, { validateStack: stackValidation({ ...rule, validate: stack.validate }, settings) });
}
