/**
 * Warnings from inside the dynamic provider process, shown by the CLI like any diagnostic.
 * The Node dynamic-provider host is started with the engine's address as its first argument but
 * wires no logger, so we send `Engine.Log` ourselves. Outside the engine (unit tests) the message
 * goes to stderr.
 *
 * Loading this module inside the host also stops the host's second copy of every error: for a
 * failed check, diff, read or delete, `@pulumi/pulumi` `cmd/dynamic-provider/index.js` both returns
 * the error to the engine (shown on the resource) and prints `${e}: ${e.stack}` to stderr, which
 * the CLI shows again on the Stack with a JavaScript stack trace. See `isHostErrorEcho`.
 */
import { createRequire } from "module";

let client: any;

function inDynamicProviderHost(): boolean {
  return /dynamic-provider/.test(process.argv[1] ?? "") && !!process.argv[2];
}

function engineClient(): { client: any; proto: any } | undefined {
  const address = process.argv[2];
  if (!inDynamicProviderHost() || !address) return undefined;
  const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
  const proto = pulumiRequire("./proto/engine_pb");
  if (!client) {
    const grpc = pulumiRequire("@grpc/grpc-js");
    const rpc = pulumiRequire("./proto/engine_grpc_pb");
    client = new rpc.EngineClient(address, grpc.credentials.createInsecure());
  }
  return { client, proto };
}

/** `urn`: the resource the warning belongs to; without one the CLI shows it on the Stack. */
export async function warn(message: string, urn?: string): Promise<void> {
  const engine = engineClient();
  if (!engine) {
    process.stderr.write(`warning: ${message}\n`);
    return;
  }
  const req = new engine.proto.LogRequest();
  req.setSeverity(engine.proto.LogSeverity.WARNING);
  req.setMessage(message);
  if (urn) req.setUrn(urn);
  await new Promise<void>((resolve) => engine.client.log(req, () => resolve()));
}

/**
 * True for the host's `${e}: ${e.stack}` echo of an error our code threw on purpose (`Error`,
 * `AlibabaApiError`): the engine already shows its message on the resource. Programming errors
 * (TypeError, ReferenceError, ...) keep their stack trace.
 */
export function isHostErrorEcho(args: unknown[]): boolean {
  if (args.length !== 1 || typeof args[0] !== "string") return false;
  const text = args[0];
  for (const name of ["Error", "AlibabaApiError"]) {
    const prefix = `${name}: `;
    if (!text.startsWith(prefix)) continue;
    // `${e}` is "<name>: <message>" and the stack starts with the same text.
    for (let at = text.indexOf(`: ${prefix}`, prefix.length); at !== -1; at = text.indexOf(`: ${prefix}`, at + 1)) {
      const head = text.slice(0, at);
      const rest = text.slice(at + 2);
      if (rest.startsWith(head) && (rest.length === head.length || rest[head.length] === "\n")) return true;
    }
  }
  return false;
}

const QUIET = Symbol.for("pulumi-alicloud-traffic/quiet-host-errors");
if (inDynamicProviderHost() && !(console as any)[QUIET]) {
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (!isHostErrorEcho(args)) original(...args);
  };
  (console as any)[QUIET] = true;
}
