/**
 * The shapes the flow log provider passes around: its inputs (the checked inputs plus the hidden
 * ones the resource class adds) and its outputs, derived from the field table.
 */
import type { FlowLogInputs, FlowLogStatus, UNKNOWN } from "../schema";

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

/** Hidden inputs the resource class adds (see `flowLog.ts`); `__`-prefixed keys are never user inputs. */
export type HiddenInputs = {
  /** The idempotency marker's token (`marker.ts`). */
  __token?: string;
  /** The auto-generated name, kept with the resource once created. */
  __autoName?: string;
  /** The `replaceOnChanges` resource option, applied by our diff. */
  __replaceOnChanges?: string[];
  __provider?: string;
};

/** What the engine hands to the hooks: checked inputs (unknown-tolerant at preview) and the hidden inputs. */
export type ProviderInputs = FlowLogInputs & HiddenInputs & { adoptId?: string };

/** What a program (or a state written by an older version) hands over before `check`: anything. */
export type RawInputs = Readonly<Record<string, unknown>>;

/** At preview, any input may still be the unknown sentinel (`schema/common.ts` `UNKNOWN`). */
export type PreviewInputs = { [K in keyof ProviderInputs]: ProviderInputs[K] | typeof UNKNOWN };

/** Hidden outputs set by read (see `flowLogProvider.ts`) and by create/update. */
export type HiddenOutputs = {
  /** A refresh saw the description without our marker: `up` writes it back. */
  __markerLost?: true;
  /** The token another resource's marker carries: another stack adopted the flow log. */
  __ownedElsewhere?: string;
  /** The program sets `status`, so refreshed inputs carry it too. */
  __statusManaged?: true;
};

/** Outputs: the checked inputs plus what the API assigns. */
export type FlowLogOutputs = ProviderInputs &
  HiddenOutputs & {
    flowLogId: string;
    status: FlowLogStatus;
    resourceGroupId?: string;
    totalSagNum: number;
  };

export const MARKER_LOST = "__markerLost";
export const OWNED_ELSEWHERE = "__ownedElsewhere";
export const STATUS_MANAGED = "__statusManaged";
