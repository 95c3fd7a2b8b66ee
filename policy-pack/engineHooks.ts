/**
 * Two things the pack does around `@pulumi/policy` when the engine starts it (index.ts only; the
 * unit tests never load this file):
 *
 * - `deferPulumiIndex()`: `@pulumi/policy` requires the whole `@pulumi/pulumi` index for one
 *   thing, `pulumi.asset` (to deserialize asset props). The index pulls in the Automation API and
 *   the closure serializer with `@npmcli/arborist`, about 600 modules and a third of the pack's
 *   start-up, none of which a policy uses. This puts a stand-in for the index into Node's module
 *   cache, where only `@pulumi/policy` will look it up: `asset` comes from `@pulumi/pulumi/asset`
 *   (the same module object the index exports), and any other property loads the real index and
 *   reads it there, so nothing can see a difference but the time.
 *
 * - `withConfigCheck()`: the engine hands the pack its config (defaults filled in, plus every name
 *   the config file gave) in one Configure call before the program runs. The SDK keeps it to
 *   itself, so a contradiction in it (a minimum above a maximum) could only surface as an error
 *   of each resource's Analyze call. This wraps the SDK's Configure handler: a config the
 *   policies cannot run with fails Configure, so the engine stops once with the message, and a
 *   name that is not a policy of the pack is warned about on stderr (the engine prints it once
 *   under the stack's diagnostics). The handler also keeps the config for the run
 *   (policies/runState.ts): every policy applies the exemptions of `policy-exemptions`, and
 *   `deployed-state` runs the other policies with their own settings.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- this file's work is Node's module cache:
   it requires by resolved path, at the moment a load must happen, modules that have no types. */
import Module from "module";
import * as path from "path";

/** The directory `@pulumi/policy` is installed in: its requires resolve from there. */
function policySdkDir(): string {
  return path.dirname(require.resolve("@pulumi/policy"));
}

const fromPolicySdk = (request: string): string => require.resolve(request, { paths: [policySdkDir()] });

/** Installs the stand-in for `@pulumi/pulumi`'s index (a no-op if the index is loaded already). */
export function deferPulumiIndex(): void {
  const index = fromPolicySdk("@pulumi/pulumi");
  if (require.cache[index]) return;
  const root = path.dirname(index);
  let real: Record<string | symbol, unknown> | undefined;
  const stub = new Module(index, module);
  const load = (): Record<string | symbol, unknown> => {
    if (!real) {
      if (require.cache[index] === stub) delete require.cache[index];
      real = require(index) as Record<string | symbol, unknown>;
    }
    return real;
  };
  // The parts of the index that load on their own: the index exports these very module objects.
  const parts: Record<string, () => unknown> = { asset: () => require(path.join(root, "asset", "index.js")) };
  const facade = new Proxy({} as Record<string | symbol, unknown>, {
    get: (_target, key) => (!real && typeof key === "string" && key in parts ? parts[key]() : Reflect.get(load(), key)),
    has: (_target, key) => Reflect.has(load(), key),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
  stub.filename = index;
  stub.loaded = true;
  stub.exports = facade;
  stub.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(root);
  require.cache[index] = stub;
}

export interface ConfigReport {
  errors: string[];
  warnings: string[];
}

type PolicyConfig = Record<string, { enforcementLevel?: string; [key: string]: unknown }>;

/** A unary gRPC method of a service implementation, as @grpc/grpc-js calls it. */
type Handler = (this: unknown, call: { request: unknown }, callback: (error: unknown, response?: unknown) => void) => unknown;

/** The config map of a Configure request, read the way the SDK's own handler reads it. */
function configOf(request: any, convertLevel: (level: unknown) => string): PolicyConfig {
  const config: PolicyConfig = {};
  for (const [name, entry] of request.getPolicyconfigMap().entries() as Iterable<[string, any]>) {
    config[name] = { ...(entry.getProperties()?.toJavaScript() ?? {}), enforcementLevel: convertLevel(entry.getEnforcementlevel()) };
  }
  return config;
}

/**
 * Runs `construct` (the `new PolicyPack(...)`) with the SDK's Configure handler wrapped by
 * `check`. If the SDK's internals ever change shape, the pack still runs as before: the
 * policies check their config themselves too (and then fail their resources' Analyze calls).
 */
export function withConfigCheck<T>(check: (config: PolicyConfig) => ConfigReport, construct: () => T): T {
  const grpc = require(fromPolicySdk("@grpc/grpc-js"));
  const { convertEnforcementLevel } = require(path.join(policySdkDir(), "protoutil.js"));
  const server = grpc.Server.prototype;
  const addService = server.addService;
  server.addService = function (this: unknown, service: unknown, implementation: Record<string, Handler | undefined>) {
    const configure = implementation?.configure;
    if (typeof configure === "function" && typeof implementation.analyze === "function") {
      implementation = {
        ...implementation,
        configure(this: unknown, call: { request: unknown }, callback: (error: unknown, response?: unknown) => void) {
          let report: ConfigReport;
          try {
            report = check(configOf(call.request, convertEnforcementLevel));
          } catch {
            return configure.call(this, call, callback);
          }
          for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
          if (report.errors.length > 0) {
            const details = report.errors.join("; ");
            return callback(Object.assign(new Error(details), { code: grpc.status.INVALID_ARGUMENT, details }));
          }
          return configure.call(this, call, callback);
        },
      };
    }
    return addService.call(this, service, implementation);
  };
  try {
    return construct();
  } finally {
    server.addService = addService;
  }
}
