/**
 * Smartag flow-log validation rules, written from the Alibaba documentation (reference §1, seed
 * CreateFlowLog.zh-CN.txt) independently of the provider. Values marked "choice" are undocumented; the
 * reasons are in docs/emulator.md ("Choices where the docs are silent").
 */
import type { NetflowVersion, OutputType } from "./state";

/** Regions smartag serves (TEA `@endpointMap` of smartag 2018-03-13, reference §1.1). */
export const SMARTAG_REGIONS: ReadonlySet<string> = new Set([
  "cn-hangzhou",
  "cn-shanghai",
  "cn-shanghai-finance-1",
  "cn-hongkong",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-5",
  "ap-northeast-1",
  "eu-central-1",
]);

/** ActiveAging: 60–6000 s, default 300. */
export const ACTIVE_AGING = { min: 60, max: 6000, default: 300 } as const;
/** InactiveAging: 10–600 s, default 15. */
export const INACTIVE_AGING = { min: 10, max: 600, default: 15 } as const;
/** NetflowServerPort default 9995; range 1–65535 is a choice (no range documented). */
export const NETFLOW_PORT = { min: 1, max: 65535, default: 9995 } as const;
export const DEFAULT_NETFLOW_VERSION: NetflowVersion = "V9";

export const OUTPUT_TYPES: readonly OutputType[] = ["sls", "netflow", "all"];
export const NETFLOW_VERSIONS: readonly NetflowVersion[] = ["V5", "V9", "V10"];
export const FLOW_LOG_STATUSES = ["Active", "Inactive"] as const;

/** Choice: Name/Description limits are undocumented; generous caps that still reject garbage. */
export const NAME_MAX_LENGTH = 128;
export const DESCRIPTION_MAX_LENGTH = 256;

/** DescribeFlowLogs / DescribeFlowLogSags paging: default 10, maximum 50 (intl DescribeFlowLogs.md). */
export const PAGE_SIZE = { default: 10, max: 50 } as const;

/** Choice: default per-region flow-log quota (the real value is undocumented). */
export const DEFAULT_FLOW_LOG_QUOTA = 1000;

/** Choice: the account's default resource group id returned by CreateFlowLog/DescribeFlowLogs. */
export const DEFAULT_RESOURCE_GROUP_ID = "rg-acfmxemulator01";

export function isOutputType(v: string): v is OutputType {
  return (OUTPUT_TYPES as readonly string[]).includes(v);
}

/** Output types that need the SLS destination fields / the NetFlow collector fields. */
export const needsSls = (t: OutputType): boolean => t === "sls" || t === "all";
export const needsNetflow = (t: OutputType): boolean => t === "netflow" || t === "all";

/** A non-negative decimal integer without sign, spaces or exponent; undefined otherwise. */
export function parseUnsignedInt(v: string): number | undefined {
  if (!/^\d{1,9}$/.test(v)) return undefined;
  return Number(v);
}

/** Dotted-quad IPv4 (choice: the docs only show IPv4 collectors). */
export function isIPv4(v: string): boolean {
  const parts = v.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

export { isRegionIdShape } from "../regions";

/** Length in Unicode code points. */
export const codePointLength = (v: string): number => [...v].length;

/** `fl-` + 18 lowercase alphanumerics, like `fl-7a56mar1kfw9vj****` in the docs. */
export const FLOW_LOG_ID_LENGTH = 18;
