#!/usr/bin/env node
/**
 * CLI: `node dist/emulator/cli.js --port <n> [--access-key-id <id> --access-key-secret <secret>
 * [--security-token <t>]] [--state <file>] [--sag <region>:<sag-id>[:unsupported]]... [--flow-log-quota <n>]
 * [--mirror-activation-ms <n>] [--mirror-transition-ms <n>] [--mirror-sources-per-session <n>]
 * [--mirror-sessions-per-source <n>] [--eni <region>:<eni-id>[:<vsw-id>]]... [--slb <region>:<lb-id>]...
 * [--vpc <region>:<vpc-id>]... [--vswitch <region>:<vsw-id>:<vpc-id>]... [--vpc-flow-log-activation-ms <n>]
 * [--vpc-flow-log-transition-ms <n>] [--vpc-flow-log-quota <n>] [--seed <n>] [--host <h>] [--control-token <t>] [--quiet]`
 *
 * Prints exactly `listening on http://127.0.0.1:<port>` on stdout once ready. SIGTERM/SIGINT close it
 * cleanly (pending state writes are flushed) and exit 0. A state file owned by another live emulator, like
 * any other start failure, exits 1. Beyond loopback it warns on stderr and prints the control token there.
 */
import {
  CONTROL_TOKEN_HEADER,
  DEMO_ACCESS_KEY_ID,
  DEMO_ACCESS_KEY_SECRET,
  parseSagSpec,
  startEmulator,
  type EmulatorOptions,
  type LoadBalancerSeed,
  type NetworkInterfaceSeed,
  type SagSeed,
  type VSwitchSeed,
  type VpcSeed,
} from "./index";
import { networkProblem } from "./services/vpc";

const USAGE = `usage: cli.js [--host 127.0.0.1] [--port 0] [--access-key-id ID --access-key-secret SECRET [--security-token T]]
              [--state FILE] [--sag REGION:SAG-ID[:unsupported]]... [--flow-log-quota N]
              [--mirror-activation-ms N] [--mirror-transition-ms N] [--mirror-sources-per-session N]
              [--mirror-sessions-per-source N] [--eni REGION:ENI-ID[:VSW-ID]]... [--slb REGION:LB-ID]...
              [--vpc REGION:VPC-ID]... [--vswitch REGION:VSW-ID:VPC-ID]... [--vpc-flow-log-activation-ms N]
              [--vpc-flow-log-transition-ms N] [--vpc-flow-log-quota N] [--seed N] [--control-token T] [--quiet]
Defaults: port 0 (any free port), the demo key pair ${DEMO_ACCESS_KEY_ID}, memory-only state, the demo SAG set,
the demo network (VPCs, vSwitches, ENIs; any --vpc/--vswitch/--eni replaces all of it) and SLB instances,
no control token on loopback (a random one, printed on stderr, for any other --host).`;

class UsageError extends Error {}

function nonNegativeInt(flag: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} expects a non-negative integer, got "${v}"`);
  return Number(v);
}

function positiveInt(flag: string, v: string): number {
  const n = nonNegativeInt(flag, v);
  if (n < 1) throw new UsageError(`${flag} expects a positive integer, got "${v}"`);
  return n;
}

/**
 * `<region>:<id>[:<parent>]` of a seeded resource: `prefixes[0]` is the id's prefix, `prefixes[1]` the
 * parent's (`eni`: an optional vSwitch; `vsw`: a required VPC; `vpc`, `lb`: none).
 */
function endpointSpec(
  flag: string,
  spec: string,
  prefixes: readonly [string, string?],
  parentRequired = false,
): { regionId: string; id: string; parent?: string } {
  const [prefix, parentPrefix] = prefixes;
  const parts = spec.split(":");
  const [regionId, id, parent] = parts;
  const shape = (p: string, v: string | undefined) => v !== undefined && new RegExp(`^${p}-[a-z0-9]+$`).test(v);
  const max = parentPrefix ? 3 : 2;
  const min = parentRequired ? 3 : 2;
  if (
    parts.length < min ||
    parts.length > max ||
    !regionId ||
    !shape(prefix, id) ||
    (parts.length === 3 && !shape(parentPrefix!, parent))
  ) {
    const expected =
      `<region>:${prefix}-<lowercase alnum>` + (parentPrefix ? (parentRequired ? `:${parentPrefix}-<id>` : `[:${parentPrefix}-<id>]`) : "");
    throw new UsageError(`invalid ${flag} "${spec}": expected ${expected}`);
  }
  return { regionId, id: id!, ...(parent !== undefined ? { parent } : {}) };
}

export function parseArgs(argv: readonly string[]): EmulatorOptions {
  const opts: EmulatorOptions = {};
  let accessKeyId: string | undefined;
  let accessKeySecret: string | undefined;
  let securityToken: string | undefined;
  const sags: SagSeed[] = [];
  const enis: NetworkInterfaceSeed[] = [];
  const slbs: LoadBalancerSeed[] = [];
  const vpcs: VpcSeed[] = [];
  const vSwitches: VSwitchSeed[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq !== -1 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq !== -1 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--host":
        opts.host = value();
        break;
      case "--port": {
        const p = nonNegativeInt(flag, value());
        if (p > 65535) throw new UsageError("--port must be at most 65535");
        opts.port = p;
        break;
      }
      case "--access-key-id":
        accessKeyId = value();
        break;
      case "--access-key-secret":
        accessKeySecret = value();
        break;
      case "--security-token":
        securityToken = value();
        break;
      case "--state":
        opts.statePath = value();
        break;
      case "--sag":
        try {
          sags.push(parseSagSpec(value()));
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
        break;
      case "--flow-log-quota":
        opts.flowLogQuota = nonNegativeInt(flag, value());
        break;
      case "--mirror-activation-ms":
        opts.mirrorActivationMs = nonNegativeInt(flag, value());
        break;
      case "--mirror-transition-ms":
        opts.mirrorTransitionMs = nonNegativeInt(flag, value());
        break;
      case "--mirror-sources-per-session":
        opts.mirrorSourcesPerSession = positiveInt(flag, value());
        break;
      case "--mirror-sessions-per-source":
        opts.mirrorSessionsPerSource = positiveInt(flag, value());
        break;
      case "--eni": {
        const { regionId, id, parent } = endpointSpec(flag, value(), ["eni", "vsw"]);
        enis.push({ regionId, networkInterfaceId: id, ...(parent !== undefined ? { vSwitchId: parent } : {}) });
        break;
      }
      case "--slb": {
        const { regionId, id } = endpointSpec(flag, value(), ["lb"]);
        slbs.push({ regionId, loadBalancerId: id });
        break;
      }
      case "--vpc": {
        const { regionId, id } = endpointSpec(flag, value(), ["vpc"]);
        vpcs.push({ regionId, vpcId: id });
        break;
      }
      case "--vswitch": {
        const { regionId, id, parent } = endpointSpec(flag, value(), ["vsw", "vpc"], true);
        vSwitches.push({ regionId, vSwitchId: id, vpcId: parent! });
        break;
      }
      case "--vpc-flow-log-activation-ms":
        opts.vpcFlowLogActivationMs = nonNegativeInt(flag, value());
        break;
      case "--vpc-flow-log-transition-ms":
        opts.vpcFlowLogTransitionMs = nonNegativeInt(flag, value());
        break;
      case "--vpc-flow-log-quota":
        opts.vpcFlowLogQuota = nonNegativeInt(flag, value());
        break;
      case "--seed":
        opts.seed = nonNegativeInt(flag, value());
        break;
      case "--control-token": {
        const t = value();
        if (!/^[\x21-\x7e]{16,}$/.test(t)) throw new UsageError("--control-token must be at least 16 printable ASCII characters");
        opts.controlToken = t;
        break;
      }
      case "--quiet":
        opts.log = false;
        break;
      case "--help":
      case "-h":
        throw new UsageError("");
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  if ((accessKeyId === undefined) !== (accessKeySecret === undefined)) {
    throw new UsageError("--access-key-id and --access-key-secret go together");
  }
  if (securityToken !== undefined && accessKeyId === undefined) throw new UsageError("--security-token needs --access-key-id");
  opts.credentials = [
    accessKeyId !== undefined
      ? { accessKeyId, accessKeySecret: accessKeySecret!, ...(securityToken !== undefined ? { securityToken } : {}) }
      : { accessKeyId: DEMO_ACCESS_KEY_ID, accessKeySecret: DEMO_ACCESS_KEY_SECRET },
  ];
  if (sags.length > 0) opts.sags = sags;
  if (enis.length > 0 || vpcs.length > 0 || vSwitches.length > 0) {
    // Any of them replaces the whole demo network, which must then hold together.
    const problem = networkProblem({ vpcs, vSwitches, networkInterfaces: enis });
    if (problem) throw new UsageError(`invalid network (--vpc / --vswitch / --eni): ${problem}`);
    opts.networkInterfaces = enis;
    opts.vpcs = vpcs;
    opts.vSwitches = vSwitches;
  }
  if (slbs.length > 0) opts.loadBalancers = slbs;
  return opts;
}

async function main(): Promise<void> {
  let opts: EmulatorOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) process.stderr.write(`error: ${e.message}\n`);
      process.stderr.write(USAGE + "\n");
      process.exit(e.message ? 2 : 0);
    }
    throw e;
  }
  const emulator = await startEmulator(opts);
  process.stdout.write(`listening on ${emulator.url}\n`);
  if (emulator.controlToken !== undefined && opts.controlToken === undefined) {
    // Generated for a non-loopback bind; stdout keeps its one-line contract, so it goes to stderr.
    process.stderr.write(`control plane token: ${emulator.controlToken} (send it in the ${CONTROL_TOKEN_HEADER} header)\n`);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // second signal: give up waiting
    stopping = true;
    if (opts.log !== false) process.stderr.write(`${signal}: shutting down\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`emulator failed to start: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  });
}
