/**
 * Control plane under `/_emulator/` (no Alibaba API uses that path). JSON in, JSON out; not journaled and
 * not authenticated (the emulator listens on loopback). Every endpoint is documented in emulator/README.md.
 *
 *   GET    /_emulator/health
 *   GET    /_emulator/journal[?since=<seq>]      DELETE /_emulator/journal
 *   POST   /_emulator/reset
 *   GET    /_emulator/state
 *   POST   /_emulator/faults                     GET /_emulator/faults
 *   DELETE /_emulator/faults                     DELETE /_emulator/faults/<id>
 *   POST   /_emulator/outage {"ms": n}
 *   POST   /_emulator/vpc/traffic-mirror/<region>/disable
 */
import type { IncomingMessage, ServerResponse } from "http";
import type { Fault, FaultRegistry } from "./faults";
import { FaultSpecError } from "./faults";
import type { Journal } from "./journal";
import { readBody } from "./protocol/request";
import { sendJson } from "./protocol/response";

/** What the control plane needs from the server. */
export interface ControlTarget {
  readonly journal: Journal;
  readonly faults: FaultRegistry;
  health(): unknown;
  state(): unknown;
  reset(): Promise<void>;
  outage(ms: number): Promise<void>;
  disableTrafficMirror(regionId: string): Promise<boolean>;
}

const MAX_CONTROL_BODY = 64 * 1024;
const MAX_OUTAGE_MS = 10 * 60 * 1000;

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let body: Buffer;
  try {
    body = await readBody(req, MAX_CONTROL_BODY);
  } catch {
    throw new ControlError(413, `body larger than ${MAX_CONTROL_BODY} bytes`);
  }
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new ControlError(400, "body is not valid JSON");
  }
}

const reply = (res: ServerResponse, status: number, value: unknown) => sendJson(res, status, JSON.stringify(value));

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  rawQuery: string,
  target: ControlTarget,
): Promise<void> {
  const method = req.method ?? "GET";
  const route = `${method} ${pathname.replace(/\/+$/, "")}`;
  try {
    if (route === "GET /_emulator/health") return reply(res, 200, target.health());

    if (route === "GET /_emulator/journal") {
      const since = Number(new URLSearchParams(rawQuery).get("since") ?? "0");
      if (!Number.isInteger(since) || since < 0) throw new ControlError(400, '"since" must be a non-negative integer');
      return reply(res, 200, { entries: target.journal.entries(since) });
    }
    if (route === "DELETE /_emulator/journal") {
      target.journal.clear();
      return reply(res, 200, { cleared: true });
    }

    if (route === "POST /_emulator/reset") {
      req.resume();
      await target.reset();
      return reply(res, 200, { reset: true });
    }

    if (route === "GET /_emulator/state") return reply(res, 200, target.state());

    if (route === "GET /_emulator/faults") return reply(res, 200, { faults: target.faults.list() });
    if (route === "POST /_emulator/faults") {
      let fault: Fault;
      try {
        fault = target.faults.add((await readJson(req)) as never);
      } catch (e) {
        if (e instanceof FaultSpecError) throw new ControlError(400, e.message);
        throw e;
      }
      return reply(res, 201, { fault });
    }
    if (route === "DELETE /_emulator/faults") {
      target.faults.clear();
      return reply(res, 200, { cleared: true });
    }
    const faultMatch = /^DELETE \/_emulator\/faults\/([^/]+)$/.exec(route);
    if (faultMatch) {
      if (!target.faults.remove(decodeURIComponent(faultMatch[1]!))) throw new ControlError(404, "no such fault");
      return reply(res, 200, { removed: faultMatch[1] });
    }

    if (route === "POST /_emulator/outage") {
      const body = (await readJson(req)) as { ms?: unknown };
      const ms = body?.ms;
      if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 1 || ms > MAX_OUTAGE_MS) {
        throw new ControlError(400, `"ms" must be an integer between 1 and ${MAX_OUTAGE_MS}`);
      }
      // Answer first (on a connection that closes), then take the listener down.
      res.setHeader("Connection", "close");
      res.on("finish", () => setImmediate(() => void target.outage(ms).catch(() => undefined)));
      return reply(res, 202, { outageMs: ms });
    }

    const mirrorMatch = /^POST \/_emulator\/vpc\/traffic-mirror\/([^/]+)\/disable$/.exec(route);
    if (mirrorMatch) {
      req.resume();
      const regionId = decodeURIComponent(mirrorMatch[1]!);
      const wasOpen = await target.disableTrafficMirror(regionId);
      return reply(res, 200, { regionId, enabled: false, wasOpen });
    }

    req.resume();
    throw new ControlError(404, `unknown control endpoint: ${method} ${pathname}`);
  } catch (e) {
    if (e instanceof ControlError) return reply(res, e.status, { error: e.message });
    if (e instanceof URIError) return reply(res, 400, { error: "malformed percent-encoding in path" });
    throw e;
  }
}
