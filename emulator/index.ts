/**
 * Local Alibaba Cloud RPC emulator (smartag 2018-03-13 flow logs; VPC 2016-04-28 traffic mirroring, flow
 * logs and their tags).
 *
 * ```ts
 * import { startEmulator, DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET } from "pulumi-alicloud-traffic/emulator";
 * const emu = await startEmulator({ port: 0, log: false });
 * // point ALICLOUD_SMARTAG_ENDPOINT / ALICLOUD_VPC_ENDPOINT at emu.url, sign with the demo key pair
 * await emu.close();
 * ```
 */
import { randomBytes } from "crypto";
import { CONTROL_TOKEN_HEADER, isLoopbackHost } from "./control";
import type { Credential } from "./protocol/auth";
import { EmulatorServer, type EmulatorStateView, type ServerTimeouts } from "./server";
import type { SagSeed } from "./services/smartag/sags";
import {
  networkProblem,
  vpcService,
  type LoadBalancerSeed,
  type NetworkInterfaceSeed,
  type VSwitchSeed,
  type VpcSeed,
} from "./services/vpc";
import { Store } from "./store";
import type { Fault, FaultSpec } from "./faults";
import type { JournalEntry } from "./journal";

export type { Credential } from "./protocol/auth";
export type { EmulatorStateView, ServerTimeouts } from "./server";
export { DEFAULT_TIMEOUTS } from "./server";
export { CONTROL_TOKEN_HEADER, isLoopbackHost } from "./control";
export { StateLockedError } from "./store";
export type { SagSeed } from "./services/smartag/sags";
export type { LoadBalancerSeed, NetworkInterfaceSeed, VSwitchSeed, VpcSeed } from "./services/vpc";
export { DEFAULT_LOAD_BALANCERS, DEFAULT_NETWORK_INTERFACES, DEFAULT_VPCS, DEFAULT_VSWITCHES } from "./services/vpc";
export { DEFAULT_VPC_FLOW_LOG_QUOTA } from "./services/vpc/rules";
export type { Fault, FaultKind, FaultSpec } from "./faults";
export type { JournalEntry } from "./journal";
export type { FlowLogRecord, SagRecord } from "./services/smartag/state";
export { DEFAULT_SAGS, parseSagSpec } from "./services/smartag/sags";
export { DEFAULT_FLOW_LOG_QUOTA } from "./services/smartag/rules";
export { SMARTAG_VERSION } from "./services/smartag/handlers";
export { VPC_VERSION } from "./services/vpc/handlers";

/** Documented demo AccessKey pair the emulator accepts by default. Not a real credential. */
export const DEMO_ACCESS_KEY_ID = "LTAI5tEmulatorDemoKey01";
export const DEMO_ACCESS_KEY_SECRET = "emulator-demo-secret-not-for-production";

export interface EmulatorOptions {
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** Port (default 0 = pick a free one; the bound port is in `RunningEmulator.port`). */
  port?: number;
  /** Accepted AccessKeys (default: the demo pair). With `securityToken`, requests must carry that token. */
  credentials?: Credential[];
  /** State file; when set, state survives restarts and kill -9. Default: memory only. */
  statePath?: string;
  /** SAG instances to seed (default `DEFAULT_SAGS`). Given SAGs replace the default set. */
  sags?: SagSeed[];
  /** Flow logs allowed per region before `QuotaExceeded.Flowlog` (default 1000). */
  flowLogQuota?: number;
  /** Delay between OpenTrafficMirrorService and `Enabled: true` (default 0). */
  mirrorActivationMs?: number;
  /** How long traffic mirror filters, rules and sessions stay Creating / Modifying / Deleting (default 300). */
  mirrorTransitionMs?: number;
  /** Sources one traffic mirror session may have (default 1, Alibaba's documented quota). */
  mirrorSourcesPerSession?: number;
  /** Sessions one ENI may be the source of (default 3). */
  mirrorSessionsPerSource?: number;
  /**
   * ENIs to seed (default `DEFAULT_NETWORK_INTERFACES`), each optionally in a seeded vSwitch. Giving any of
   * `vpcs`, `vSwitches`, `networkInterfaces` replaces the whole demo network (VPCs, vSwitches and ENIs).
   */
  networkInterfaces?: NetworkInterfaceSeed[];
  /** VPCs to seed (default `DEFAULT_VPCS`); see `networkInterfaces`. */
  vpcs?: VpcSeed[];
  /** vSwitches to seed (default `DEFAULT_VSWITCHES`), each in a seeded VPC of its region; see `networkInterfaces`. */
  vSwitches?: VSwitchSeed[];
  /** Internal SLB instances to seed (default `DEFAULT_LOAD_BALANCERS`). Given ones replace the default set. */
  loadBalancers?: LoadBalancerSeed[];
  /** Delay between OpenFlowLogService and `Enabled: true` (default 0). */
  vpcFlowLogActivationMs?: number;
  /** How long VPC flow logs stay Activating / Deactivating / Modifying / Deleting (default 300). */
  vpcFlowLogTransitionMs?: number;
  /** VPC flow logs allowed per region before `QuotaExceeded.FlowLog` (default 1000). */
  vpcFlowLogQuota?: number;
  /** Per-request log line `<Action> <Code|OK> <ms>ms`: true = stderr (default), false = off, or a sink. */
  log?: boolean | ((line: string) => void);
  /** Seed of the fault-injection RNG (default random). */
  seed?: number;
  /** Request body cap in bytes (default 256 KiB). */
  maxBodyBytes?: number;
  /**
   * Token every control-plane request (except `GET /_emulator/health`) must carry in `x-emulator-token`.
   * Default: none on loopback; a random one when `host` is not loopback (read it from `controlToken`).
   */
  controlToken?: string;
  /** Slow-client limits (default headers 10 s, whole request 30 s, idle keep-alive 60 s). */
  timeouts?: ServerTimeouts;
}

export interface RunningEmulator {
  /** `http://<host>:<port>` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** The control-plane token in force (undefined when none is required). */
  readonly controlToken: string | undefined;
  /** Stops listening, drops connections, and waits for pending state writes. */
  close(): Promise<void>;
  /** Journal entries, oldest first. */
  journal(): JournalEntry[];
  clearJournal(): void;
  /** Clears state, journal and faults; reseeds the SAGs. */
  reset(): Promise<void>;
  injectFault(fault: FaultSpec): Fault;
  /** Registered faults with their injection counts. */
  faults(): Fault[];
  clearFaults(): void;
  /** Refuses connections for `ms`, then listens again on the same port. Resolves once the listener is down. */
  outage(ms: number): Promise<void>;
  /** Marks traffic mirroring of a region as not opened (drift); resolves to whether it was open. */
  disableTrafficMirror(regionId: string): Promise<boolean>;
  /**
   * Snapshot of smartag flow logs (with their SAGs), SAGs, traffic mirroring per region and VPC flow logs
   * per region.
   */
  state(): EmulatorStateView;
}

function logSink(log: EmulatorOptions["log"]): ((line: string) => void) | undefined {
  if (log === false) return undefined;
  if (typeof log === "function") return log;
  return (line) => process.stderr.write(line + "\n");
}

/**
 * The warning for a bind beyond loopback (undefined on loopback): anyone who can reach the address can call
 * the API (with the public demo key pair, if it is accepted) and, given the token, the control plane.
 */
export function exposureWarning(host: string, demoKeyAccepted: boolean): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  return (
    `warning: listening on ${host}, beyond loopback: anyone who can reach this address can call the emulated API` +
    (demoKeyAccepted ? ` with the public demo key pair (${DEMO_ACCESS_KEY_ID})` : "") +
    `, and the control plane (/_emulator/: reset, faults, outage) is protected only by the control token` +
    ` (header ${CONTROL_TOKEN_HEADER}). Bind 127.0.0.1 unless other machines must reach it.`
  );
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const credentials = options.credentials ?? [{ accessKeyId: DEMO_ACCESS_KEY_ID, accessKeySecret: DEMO_ACCESS_KEY_SECRET }];
  if (credentials.length === 0) throw new Error("startEmulator: at least one credential is required");
  for (const c of credentials) {
    if (!c.accessKeyId || !c.accessKeySecret) throw new Error("startEmulator: credentials need accessKeyId and accessKeySecret");
  }
  const nonNegativeInt = (name: string, v: number | undefined) => {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new Error(`startEmulator: ${name} must be a non-negative integer`);
  };
  nonNegativeInt("port", options.port);
  nonNegativeInt("flowLogQuota", options.flowLogQuota);
  nonNegativeInt("mirrorActivationMs", options.mirrorActivationMs);
  nonNegativeInt("mirrorTransitionMs", options.mirrorTransitionMs);
  nonNegativeInt("vpcFlowLogActivationMs", options.vpcFlowLogActivationMs);
  nonNegativeInt("vpcFlowLogTransitionMs", options.vpcFlowLogTransitionMs);
  nonNegativeInt("vpcFlowLogQuota", options.vpcFlowLogQuota);
  const positiveInt = (name: string, v: number | undefined) => {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new Error(`startEmulator: ${name} must be a positive integer`);
  };
  positiveInt("mirrorSourcesPerSession", options.mirrorSourcesPerSession);
  positiveInt("mirrorSessionsPerSource", options.mirrorSessionsPerSource);
  for (const e of options.networkInterfaces ?? []) {
    if (!e?.regionId || !e.networkInterfaceId) throw new Error("startEmulator: networkInterfaces need regionId and networkInterfaceId");
  }
  if (options.vpcs !== undefined || options.vSwitches !== undefined || options.networkInterfaces !== undefined) {
    const problem = networkProblem({
      vpcs: options.vpcs ?? [],
      vSwitches: options.vSwitches ?? [],
      networkInterfaces: options.networkInterfaces ?? [],
    });
    if (problem) throw new Error(`startEmulator: ${problem}`);
  }
  for (const lb of options.loadBalancers ?? []) {
    if (!lb?.regionId || !lb.loadBalancerId) throw new Error("startEmulator: loadBalancers need regionId and loadBalancerId");
  }
  nonNegativeInt("maxBodyBytes", options.maxBodyBytes);
  for (const [name, v] of Object.entries(options.timeouts ?? {})) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new Error(`startEmulator: timeouts.${name} must be a positive integer`);
  }
  if (options.controlToken !== undefined && !/^[\x21-\x7e]{16,}$/.test(options.controlToken)) {
    throw new Error("startEmulator: controlToken must be at least 16 printable ASCII characters without spaces");
  }
  const host = options.host ?? "127.0.0.1";
  const controlToken = options.controlToken ?? (isLoopbackHost(host) ? undefined : randomBytes(24).toString("base64url"));
  const log = logSink(options.log);
  const warning = exposureWarning(
    host,
    credentials.some((c) => c.accessKeyId === DEMO_ACCESS_KEY_ID && c.accessKeySecret === DEMO_ACCESS_KEY_SECRET),
  );
  // A security warning is printed even when request logging is off.
  if (warning) (log ?? ((line: string) => process.stderr.write(line + "\n")))(warning);
  const store = await Store.open(options.statePath);
  const server = new EmulatorServer({
    host,
    port: options.port ?? 0,
    credentials,
    store,
    serviceOptions: {
      sags: options.sags,
      flowLogQuota: options.flowLogQuota,
      mirrorActivationMs: options.mirrorActivationMs,
      mirrorTransitionMs: options.mirrorTransitionMs,
      mirrorSourcesPerSession: options.mirrorSourcesPerSession,
      mirrorSessionsPerSource: options.mirrorSessionsPerSource,
      networkInterfaces: options.networkInterfaces,
      vpcs: options.vpcs,
      vSwitches: options.vSwitches,
      loadBalancers: options.loadBalancers,
      vpcFlowLogActivationMs: options.vpcFlowLogActivationMs,
      vpcFlowLogTransitionMs: options.vpcFlowLogTransitionMs,
      vpcFlowLogQuota: options.vpcFlowLogQuota,
    },
    log,
    seed: options.seed,
    maxBodyBytes: options.maxBodyBytes,
    controlToken,
    timeouts: options.timeouts,
  });
  try {
    await server.start();
  } catch (e) {
    await server.close(); // releases the state file's lock
    throw e;
  }
  return {
    url: server.url,
    port: server.port,
    controlToken,
    close: () => server.close(),
    journal: () => server.journal.entries(),
    clearJournal: () => server.journal.clear(),
    reset: () => server.reset(),
    injectFault: (f) => server.faults.add(f),
    faults: () => server.faults.list(),
    clearFaults: () => server.faults.clear(),
    outage: (ms) => server.outage(ms),
    disableTrafficMirror: (regionId) => server.durably(() => server.instance(vpcService).disableTrafficMirror(regionId)),
    state: () => server.state(),
  };
}
