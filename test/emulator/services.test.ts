/**
 * The service-module seam: the registry's invariants, and a product added as one descriptor (here a toy
 * `notes` product, defined in this file) being served, persisted, reset and controlled without any change
 * to the server, the store or the control plane.
 */
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { invalidParameter } from "../../emulator/errors";
import { EmulatorServer } from "../../emulator/server";
import { SERVICES, type ServiceOptions } from "../../emulator/services/registry";
import type { ChangeTracker, ServiceDescriptor, ServiceInstance, StateSlice } from "../../emulator/services/types";
import { Store } from "../../emulator/store";
import { AK, SECRET, SMARTAG, VPC, call, expectRawError, pop, raw, start, v1Params, v1Request } from "./helpers";

const NOTES_VERSION = "2099-09-09";

class NotesState implements StateSlice {
  readonly keys = ["notes"];
  readonly notes = new Map<string, string>();
  constructor(private readonly tracker: ChangeTracker) {}
  put(key: string, text: string): void {
    this.notes.set(key, text);
    this.tracker.changed();
  }
  delete(key: string): boolean {
    const had = this.notes.delete(key);
    if (had) this.tracker.changed();
    return had;
  }
  snapshot() {
    return { notes: [...this.notes].map(([key, text]) => ({ key, text })) };
  }
  restore(data: Readonly<Record<string, unknown>>): void {
    for (const n of (data["notes"] as Array<{ key: string; text: string }> | undefined) ?? []) this.notes.set(n.key, n.text);
  }
  clear(): void {
    this.notes.clear();
  }
}

const notesService: ServiceDescriptor<ServiceOptions> = {
  product: "notes",
  productName: "Notes",
  version: NOTES_VERSION,
  create(store): ServiceInstance {
    const state = new NotesState(store);
    return {
      state,
      actions: new Map([
        [
          "PutNote",
          ({ params }) => {
            const key = params.get("Key");
            if (!key) throw invalidParameter("Key");
            state.put(key, params.get("Text") ?? "");
            return {};
          },
        ],
        ["GetNote", ({ params }) => ({ Text: state.notes.get(params.get("Key") ?? "") ?? null })],
      ]),
      seed: () => {
        if (!state.notes.has("welcome")) state.put("welcome", "seeded");
      },
      controlRoutes: [
        {
          method: "POST",
          path: "notes/:key/delete",
          handle: async ({ params, body }) => ({ key: params["key"], removed: state.delete(params["key"]!), body: await body() }),
        },
      ],
      view: () => ({ notes: Object.fromEntries(state.notes) }),
    };
  },
};

const credentials = [{ accessKeyId: AK, accessKeySecret: SECRET }];

async function serve(services: ReadonlyArray<ServiceDescriptor<ServiceOptions>>, statePath?: string): Promise<EmulatorServer> {
  const store = await Store.open(statePath);
  const server = new EmulatorServer({ host: "127.0.0.1", port: 0, credentials, store, services });
  await server.start();
  return server;
}

const notes = (url: string, action: string, business: Record<string, string>) =>
  v1Request(url, v1Params(action, NOTES_VERSION, business), { method: "POST" });

describe("the registry", () => {
  it("lists each product once, with its own API version and its own state-file keys", async () => {
    const products = SERVICES.map((s) => s.product);
    const versions = SERVICES.map((s) => s.version);
    expect(products).toEqual(["smartag", "vpc"]);
    expect(versions).toEqual([SMARTAG, VPC]);
    const keys = SERVICES.map((s) => [...s.create({ changed: () => undefined }, {}).state.keys]);
    expect(keys).toEqual([
      ["flowLogs", "sags"],
      ["trafficMirror", "clientTokens", "vpcFlowLogs"],
    ]);
  });

  it("is what the emulator serves: health names every product, unknown versions are InvalidVersion", async () => {
    const emu = await start();
    try {
      const health = (await raw(emu.url, { path: "/_emulator/health" })).json;
      expect(health.products.map((p: { product: string }) => p.product)).toEqual(SERVICES.map((s) => s.product));
      expectRawError(await notes(emu.url, "PutNote", { Key: "k" }), "InvalidVersion", 400);
    } finally {
      await emu.close();
    }
  });
});

describe("a product added as one more descriptor", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "emu-services-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is routed by its version, journaled, listed in health and merged into the state view", async () => {
    const server = await serve([...SERVICES, notesService]);
    try {
      expect((await notes(server.url, "PutNote", { Key: "a", Text: "hello" })).status).toBe(200);
      expect((await notes(server.url, "GetNote", { Key: "a" })).json.Text).toBe("hello");
      expectRawError(await notes(server.url, "PutNote", {}), "InvalidParameter", 400);
      expectRawError(await notes(server.url, "Nope", {}), "InvalidApi.NotFound", 404);
      // Its error envelope names its product in the Recommend link.
      expect((await notes(server.url, "PutNote", {})).json.Recommend).toContain("product=Notes");
      expect(server.journal.entries().map((e) => [e.product, e.action, e.code])).toEqual([
        ["notes", "PutNote", null],
        ["notes", "GetNote", null],
        ["notes", "PutNote", "InvalidParameter"],
        ["notes", "Nope", "InvalidApi.NotFound"],
        ["notes", "PutNote", "InvalidParameter"],
      ]);
      expect(server.health().products.map((p) => p.product)).toEqual(["smartag", "vpc", "notes"]);

      // The existing products are unaffected.
      await call(pop(server.url, SMARTAG), "CreateFlowLog", {
        RegionId: "cn-hangzhou",
        OutputType: "netflow",
        NetflowServerIp: "10.0.0.9",
      });
      const state = server.state() as unknown as Record<string, unknown>;
      expect(Object.keys(state)).toEqual(["flowLogs", "sags", "trafficMirror", "vpcFlowLogs", "notes"]);
      expect(state["notes"]).toEqual({ welcome: "seeded", a: "hello" });
      expect((await raw(server.url, { path: "/_emulator/state" })).json.notes).toEqual({ welcome: "seeded", a: "hello" });
    } finally {
      await server.close();
    }
  });

  it("brings its control routes, mounted under /_emulator/<product>/", async () => {
    const server = await serve([...SERVICES, notesService]);
    try {
      const r = await raw(server.url, {
        method: "POST",
        path: "/_emulator/notes/notes/we%6Ccome/delete",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ why: "test" }),
      });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ key: "welcome", removed: true, body: { why: "test" } });
      expect((await raw(server.url, { method: "POST", path: "/_emulator/notes/notes/welcome/delete" })).json.removed).toBe(false);
      expect((await raw(server.url, { method: "GET", path: "/_emulator/notes/notes/welcome/delete" })).status).toBe(404);
      // The built-in vpc route still answers beside it.
      const vpc = await raw(server.url, { method: "POST", path: "/_emulator/vpc/traffic-mirror/cn-hangzhou/disable" });
      expect(vpc.json).toEqual({ regionId: "cn-hangzhou", enabled: false, wasOpen: false });
    } finally {
      await server.close();
    }
  });

  it("persists its slice under its own key beside the others, restores it, and is cleared and reseeded by reset", async () => {
    const statePath = path.join(dir, "state.json");
    const first = await serve([...SERVICES, notesService], statePath);
    await notes(first.url, "PutNote", { Key: "kept", Text: "across restarts" });
    await first.close();
    const file = JSON.parse(readFileSync(statePath, "utf8"));
    expect(Object.keys(file)).toEqual(["format", "version", "flowLogs", "sags", "trafficMirror", "clientTokens", "notes"]);
    expect(file.notes).toEqual([
      { key: "welcome", text: "seeded" },
      { key: "kept", text: "across restarts" },
    ]);

    const second = await serve([...SERVICES, notesService], statePath);
    try {
      expect((await notes(second.url, "GetNote", { Key: "kept" })).json.Text).toBe("across restarts");
      await second.reset();
      expect((second.state() as unknown as { notes: unknown }).notes).toEqual({ welcome: "seeded" });
      expect(second.state().sags).toHaveLength(17);
    } finally {
      await second.close();
    }
    expect(JSON.parse(readFileSync(statePath, "utf8")).notes).toEqual([{ key: "welcome", text: "seeded" }]);
  });

  it("without the product, a state file holding its key still loads (the key is dropped on the next write)", async () => {
    const statePath = path.join(dir, "state.json");
    const first = await serve([...SERVICES, notesService], statePath);
    await first.close();
    const second = await serve(SERVICES, statePath);
    try {
      await call(pop(second.url, SMARTAG), "CreateFlowLog", {
        RegionId: "cn-hangzhou",
        OutputType: "netflow",
        NetflowServerIp: "10.0.0.9",
      });
    } finally {
      await second.close();
    }
    expect(Object.keys(JSON.parse(readFileSync(statePath, "utf8")))).not.toContain("notes");
  });
});

describe("clashes between products are refused at start", () => {
  const variant = (
    over: Partial<ServiceDescriptor<ServiceOptions>>,
    instance: (store: ChangeTracker) => Partial<ServiceInstance> = () => ({}),
  ): ServiceDescriptor<ServiceOptions> => ({
    ...notesService,
    ...over,
    create: (store, options) => ({ ...notesService.create(store, options), ...instance(store) }),
  });
  const construct = async (services: ReadonlyArray<ServiceDescriptor<ServiceOptions>>) => {
    const store = await Store.open();
    return () => new EmulatorServer({ host: "127.0.0.1", port: 0, credentials, store, services });
  };

  it.each<[string, ServiceDescriptor<ServiceOptions>, RegExp]>([
    ["the same API version", variant({ version: SMARTAG }), /registered twice/],
    ["the same product code", variant({ product: "vpc", version: "2099-01-01" }), /registered twice/],
    [
      "a state-file key another product owns",
      variant({}, (store) => ({ state: Object.assign(new NotesState(store), { keys: ["sags"] }) })),
      /"sags" is claimed twice/,
    ],
    ["a product code the control plane uses", variant({ product: "faults" }), /clashes with the control plane/],
  ])("%s", async (_name, extra, error) => {
    expect(await construct([...SERVICES, extra])).toThrow(error);
  });

  it("the same control route twice", async () => {
    const route = { method: "POST" as const, path: "x/:id", handle: () => ({}) };
    const twice = variant({}, () => ({ controlRoutes: [route, { ...route, path: "x/:other" }] }));
    expect(await construct([...SERVICES, twice])).toThrow(/defined twice/);
  });
});
