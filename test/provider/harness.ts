/**
 * Provider-level tests: the dynamic providers' exported hooks (`check`, `diff`, `create`, `read`,
 * `update`, `delete`) called the way the engine calls them, against an in-process emulator whose
 * journal (the calls) and state (what the cloud holds) are the ground truth.
 *
 * A provider process keeps caches of its own (one API client per endpoint, one listing of a region
 * per client for creates and deletes, the SAGs each flow log claims). `useEmulator()` starts a new
 * emulator for every test: its new URL gives the provider a new client, hence new caches, so no test
 * sees what another one listed. Tokens are per test too (`flowLogInputs`), so claims never collide.
 * Nothing here calls `configure`, which fixes the provider's settings for the rest of the process
 * (the emulator URL of the first test would then stick).
 */
import { randomUUID } from "crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { DEFAULT_SAGS, type EmulatorOptions, type FlowLogRecord, type JournalEntry } from "../../emulator";
import { lineageToken, withMarker } from "../../provider/sag/marker";
import { forgetDeployment } from "../../provider/internal/providerKit";
import { FLOW_LOG_TYPE } from "../../provider/schema";
import { Emulator, actions, applyEnv, outOfBand, providerEnv, startTestEmulator } from "../support/emulatorEnv";

export const REGION = "cn-hangzhou";

/**
 * The hooks a provider module exports, typed as the engine calls them: the dynamic-provider host
 * hands them plain objects (inputs, outputs as stored), whatever TypeScript types the module uses
 * inside, which are not part of the contract.
 */
export type EngineHooks = Required<
  Pick<dynamic.ResourceProvider<Record<string, any>, Record<string, any>>, "check" | "diff" | "create" | "read" | "update" | "delete">
>;

export function engineHooks(module: object): EngineHooks {
  const { check, diff, create, read, update, delete: del } = module as EngineHooks;
  return { check, diff, create, read, update, delete: del };
}

/**
 * The steps of `pulumi up` over a provider's hooks, for the inputs `program` makes of a test's args
 * (the class's hidden inputs added): `checked` (check, with no failure), `up` (check, then create) and
 * `change` (check against the outputs, diff, update: a changed program).
 */
export function upSteps(hooks: EngineHooks, program: (args: Record<string, unknown>) => Record<string, unknown>) {
  async function checked(args: Record<string, unknown>, olds: Record<string, unknown> = {}) {
    const { inputs, failures } = await hooks.check(olds, program(args));
    expect(failures).toEqual([]);
    return inputs!;
  }
  async function up(args: Record<string, unknown>) {
    const { id, outs } = await hooks.create(await checked(args));
    return { id, outs: outs! };
  }
  async function change(id: string, outs: Record<string, any>, args: Record<string, unknown>) {
    const news = await checked(args, outs);
    const d = await hooks.diff(id, outs, news);
    const { outs: next } = await hooks.update(id, outs, news);
    return { diff: d, outs: next! };
  }
  return { checked, up, change };
}

/** The cn-hangzhou SAGs the emulator seeds that can send flow logs (sorted). */
export const SAGS = DEFAULT_SAGS.filter((s) => s.regionId === REGION && s.flowLogSupported !== false)
  .map((s) => s.smartAGId)
  .sort();
/** The seeded SAG whose device model cannot send flow logs. */
export const UNSUPPORTED_SAG = DEFAULT_SAGS.find((s) => s.regionId === REGION && s.flowLogSupported === false)!.smartAGId;

/** What the engine hands every hook in `__provider`: the serialized provider (opaque to it). */
export const PROVIDER = 'exports.handler = require("pulumi-alicloud-traffic/dist/provider/shims/sagFlowLog.js");';

export interface TestEmulator {
  /** The emulator of the running test. */
  readonly emu: Emulator;
  /** Actions journaled since the last `clear()`, in order. */
  calls(): string[];
  /** Journal entries of one action since the last `clear()`. */
  entries(action: string): JournalEntry[];
  clear(): void;
  /** Signed smartag calls made beside the provider (the console, another tool); RegionId is added. */
  outOfBand(action: string, params: Record<string, unknown>): Promise<any>;
}

/**
 * A fresh emulator per test (see the file comment), with the process environment pointed at it
 * (`env` adds or overrides variables for the tests of this block).
 */
export function useEmulator(options: EmulatorOptions = {}, env: Record<string, string> = {}): TestEmulator {
  let current: Emulator | undefined;
  let restore: (() => void) | undefined;
  let direct: ReturnType<typeof outOfBand> | undefined;
  beforeEach(async () => {
    // Each test is a deployment of its own (one provider process serves one deployment).
    forgetDeployment();
    current = await startTestEmulator(options);
    restore = applyEnv({ ...providerEnv(current, REGION), ...env });
    direct = outOfBand(current);
  });
  afterEach(async () => {
    restore?.();
    await current?.close();
    current = undefined;
  });
  const emu = () => {
    if (!current) throw new Error("useEmulator: no emulator outside a test");
    return current;
  };
  return {
    get emu() {
      return emu();
    },
    calls: () => actions(emu()),
    entries: (action) =>
      emu()
        .journal()
        .filter((e) => e.action === action),
    clear: () => emu().clearJournal(),
    outOfBand: (action, params) => direct!(action, { RegionId: REGION, ...params }),
  };
}

/** Warnings the provider printed (outside the engine, `warn` writes `warning: ...` to stderr). */
export function captureWarnings(): string[] {
  const seen: string[] = [];
  let spy: jest.SpyInstance | undefined;
  beforeEach(() => {
    seen.length = 0;
    const write = process.stderr.write.bind(process.stderr);
    spy = jest.spyOn(process.stderr, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: any[]) => {
      const text = String(chunk);
      if (text.startsWith("warning: ")) {
        seen.push(text.slice("warning: ".length).trimEnd());
        return true;
      }
      return write(chunk, ...rest);
    }) as typeof process.stderr.write);
  });
  afterEach(() => spy?.mockRestore());
  return seen;
}

/** This test file's stack state identity: tokens are derived from it as the resource class does. */
const STATE_ID = randomUUID();
let resources = 0;

export interface FlowLogResource {
  name: string;
  /** The idempotency token the class hands over in `__token`. */
  token: string;
  autoName: string;
  /**
   * What the resource hands the engine for the program's `args`: the hidden inputs the class adds
   * (`__token`, `__autoName`), the serialized provider, and the region. `check` turns them into
   * what create, diff and update get.
   */
  inputs(args: Record<string, unknown>): Record<string, any>;
}

/** A `sag.FlowLog` resource new to this file's stack state. */
export function flowLogResource(name = `fl${++resources}`): FlowLogResource {
  const token = lineageToken(STATE_ID, FLOW_LOG_TYPE, name);
  const autoName = `${name}-${token.slice(0, 7)}`;
  return {
    name,
    token,
    autoName,
    inputs: (args) => ({ region: REGION, ...args, __token: token, __autoName: autoName, __provider: PROVIDER }),
  };
}

/**
 * The module as a new provider process loads it (a later `pulumi up` or `destroy`): its own clients
 * and listings, none of this process's caches. Only its exported hooks are used.
 */
export function inNewProcess<T>(load: () => T): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = load();
  });
  return loaded!;
}

export const SLS = { outputType: "sls", slsRegionId: "cn-shanghai", projectName: "netlogs", logstoreName: "sag" };
export const NETFLOW = { outputType: "netflow", netflowServerIp: "10.0.0.5" };
export const ALL = { ...SLS, ...NETFLOW, outputType: "all" };

/** A token of a resource of another stack's state (of `type` and `name` when given: the same names, another state). */
export const foreignToken = (type: string = FLOW_LOG_TYPE, name = "other"): string => lineageToken(randomUUID(), type, name);

export interface MarkedResource {
  name: string;
  /** The idempotency token the class hands over in `__token`. */
  token: string;
  /** The program's args with the hidden input the class adds (what `check` gets). */
  args(args: Record<string, unknown>): Record<string, unknown>;
}

/** A resource of `type` (vpc.TrafficMirrorFilter, vpc.TrafficMirrorSession) new to this file's stack state. */
export function markedResource(type: string, name = `r${++resources}`): MarkedResource {
  const token = lineageToken(STATE_ID, type, name);
  return { name, token, args: (args) => ({ ...args, __token: token }) };
}

/** The cloud's record of a flow log (with its SAGs), or undefined. */
export function cloudFlowLog(emu: Emulator, id: string): (FlowLogRecord & { smartAGIds: string[] }) | undefined {
  return emu.state().flowLogs.find((f) => f.flowLogId === id);
}

/** Business parameters of a journaled call: the signature's common parameters left out. */
export function businessParams(entry: JournalEntry): Record<string, string> {
  const common = ["Action", "Version", "Format", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp", "SignatureType"];
  return Object.fromEntries(Object.entries(entry.params).filter(([k]) => !common.includes(k)));
}

/** Creates a flow log beside the provider (console, Terraform, an interrupted create), marked with `token` if given. */
export async function makeFlowLog(t: TestEmulator, settings: Record<string, unknown>, token?: string): Promise<string> {
  const description = settings.Description as string | undefined;
  const body = await t.outOfBand("CreateFlowLog", {
    OutputType: "netflow",
    NetflowServerIp: "10.9.9.9",
    ...settings,
    ...(token !== undefined ? { Description: withMarker(description, token) } : {}),
  });
  return String(body.FlowLogId);
}
