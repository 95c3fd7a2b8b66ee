/**
 * Warnings from inside the dynamic provider process, shown by the CLI like any diagnostic.
 * The Node dynamic-provider host is started with the engine's address as its first argument but
 * wires no logger, so we send `Engine.Log` ourselves. Outside the engine (unit tests) the message
 * goes to stderr.
 */
import { createRequire } from "module";

let client: any;

function engineClient(): { client: any; proto: any } | undefined {
  const script = process.argv[1] ?? "";
  const address = process.argv[2];
  if (!/dynamic-provider/.test(script) || !address) return undefined;
  const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));
  const proto = pulumiRequire("./proto/engine_pb");
  if (!client) {
    const grpc = pulumiRequire("@grpc/grpc-js");
    const rpc = pulumiRequire("./proto/engine_grpc_pb");
    client = new rpc.EngineClient(address, grpc.credentials.createInsecure());
  }
  return { client, proto };
}

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
