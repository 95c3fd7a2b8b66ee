/**
 * The settings of a smartag flow log: the parameters CreateFlowLog and ModifyFlowLogAttribute take and
 * DescribeFlowLogs returns, one entry per documented parameter (reference §1.4, seed
 * CreateFlowLog.zh-CN.txt), with the emulator's own rule for each. Written from the documentation,
 * never from the provider's field tables. A documented parameter the emulator should accept is one
 * entry here; the handlers, the record, validation and the listing item follow from the table.
 *
 * How a request's value is merged over the stored one (`resolveSettings` in backend.ts):
 * - absent keeps the stored value (on create: the entry's default, else none);
 * - an empty string clears a text setting and keeps any other;
 * - a setting of a destination group (`sls`, `netflow`) the effective OutputType uses must end up
 *   with a value and must not be sent empty (`MissingParam.X`); otherwise it is kept but unused.
 */
import {
  ACTIVE_AGING,
  DEFAULT_NETFLOW_VERSION,
  DESCRIPTION_MAX_LENGTH,
  INACTIVE_AGING,
  NAME_MAX_LENGTH,
  NETFLOW_PORT,
  NETFLOW_VERSIONS,
  OUTPUT_TYPES,
  codePointLength,
  isIPv4,
  isRegionIdShape,
  needsNetflow,
  needsSls,
  parseUnsignedInt,
} from "./rules";
import type { NetflowVersion, OutputType } from "./state";

/** A destination group: its settings are required when the OutputType sends there. */
export type Group = "sls" | "netflow";

interface SettingRule<K extends string, V> {
  /** The record's key (the state file's name for it). */
  readonly key: K;
  /** The value of a request's non-empty string, or undefined when it is invalid (`IllegalParam.X`). */
  readonly parse: (raw: string) => V | undefined;
  readonly default?: V;
  readonly text?: true;
  readonly group?: Group;
}

const text = <K extends string>(key: K, valid: (v: string) => boolean = () => true, group?: Group): SettingRule<K, string> => ({
  key,
  parse: (raw) => (valid(raw) ? raw : undefined),
  text: true,
  ...(group ? { group } : {}),
});

const integer = <K extends string>(
  key: K,
  range: { min: number; max: number; default?: number },
  group?: Group,
): SettingRule<K, number> => ({
  key,
  parse: (raw) => {
    const n = parseUnsignedInt(raw);
    return n !== undefined && n >= range.min && n <= range.max ? n : undefined;
  },
  ...(range.default !== undefined ? { default: range.default } : {}),
  ...(group ? { group } : {}),
});

const choice = <K extends string, V extends string>(key: K, values: readonly V[], fallback?: V, group?: Group): SettingRule<K, V> => ({
  key,
  parse: (raw) => ((values as readonly string[]).includes(raw) ? (raw as V) : undefined),
  ...(fallback !== undefined ? { default: fallback } : {}),
  ...(group ? { group } : {}),
});

const maxLength = (max: number) => (v: string) => codePointLength(v) <= max;

/** In the order the emulator validates them (the first invalid parameter is the error). */
export const FLOW_LOG_SETTINGS = {
  OutputType: choice("outputType", OUTPUT_TYPES),
  Name: text("name", maxLength(NAME_MAX_LENGTH)),
  Description: text("description", maxLength(DESCRIPTION_MAX_LENGTH)),
  ActiveAging: integer("activeAging", ACTIVE_AGING),
  InactiveAging: integer("inactiveAging", INACTIVE_AGING),
  SlsRegionId: text("slsRegionId", isRegionIdShape, "sls"),
  ProjectName: text("projectName", undefined, "sls"),
  LogstoreName: text("logstoreName", undefined, "sls"),
  NetflowServerIp: text("netflowServerIp", isIPv4, "netflow"),
  NetflowServerPort: integer("netflowServerPort", NETFLOW_PORT, "netflow"),
  NetflowVersion: choice<"netflowVersion", NetflowVersion>("netflowVersion", NETFLOW_VERSIONS, DEFAULT_NETFLOW_VERSION, "netflow"),
} as const;

type Table = typeof FLOW_LOG_SETTINGS;
/** A documented parameter name (`ActiveAging`, ...). */
export type SettingParam = keyof Table;
type RuleOf<P extends SettingParam> = Table[P];
type ValueOf<R> = R extends SettingRule<string, infer V> ? V : never;
type Defaulted = { [P in SettingParam]: RuleOf<P> extends { default: unknown } ? P : P extends "OutputType" ? P : never }[SettingParam];

/** A flow log's settings as the record stores them: defaulted ones (and OutputType) always have a value. */
export type FlowLogSettings = { [P in Defaulted as RuleOf<P>["key"]]: ValueOf<RuleOf<P>> } & {
  [P in Exclude<SettingParam, Defaulted> as RuleOf<P>["key"]]?: ValueOf<RuleOf<P>>;
};

/** A request's settings: the raw parameter strings, undefined when not sent. */
export type SettingsInput = Partial<Record<SettingParam, string>>;

export const SETTING_PARAMS = Object.keys(FLOW_LOG_SETTINGS) as SettingParam[];

/** The rule of a parameter, widened for the table-driven code. */
export const ruleOf = (param: SettingParam): SettingRule<keyof FlowLogSettings, string | number> =>
  FLOW_LOG_SETTINGS[param] as SettingRule<keyof FlowLogSettings, string | number>;

/** The destination groups an OutputType sends to. */
export const groupsOf = (t: OutputType): ReadonlySet<Group> =>
  new Set<Group>([...(needsSls(t) ? ["sls" as const] : []), ...(needsNetflow(t) ? ["netflow" as const] : [])]);
