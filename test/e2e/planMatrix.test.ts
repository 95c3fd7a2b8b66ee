/**
 * Plan == apply, for every resource kind and every input, through the real engine against the embedded
 * emulator (the matrix is generated from the field tables: test/support/matrix.ts). Each round applies
 * one change to every kind's group in one stack (test/programs/declared): `preview --json` (0 API calls),
 * then `up --json`; every resource's planned operation must equal what `up` did, and the emulator's
 * journal must show the calls that operation implies (an update makes no create or delete of the
 * resource; a replacement deletes it and creates one, in the order planned; `same` makes none). The
 * changed resource's operation must be what its field table says (a `replace` field replaces, an
 * `update` field never does, reordering a list that is compared as a set or normalized changes
 * nothing). After every round the ids in the cloud equal the ids in the state.
 *
 * Then drift: each resource under test edited out of band (its description, through its own modify
 * action) and, separately, deleted out of band; `refresh`, then the same preview/up comparison.
 *
 * The whole matrix (resource, input, change -> planned, applied, calls) is written to
 * .tmp/plan-matrix.md.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO, Workspace } from "../support/pulumi";
import { Emulator, outOfBand, providerEnv, startTestEmulator } from "../support/emulatorEnv";
import { ResourceOp, previewPlan, upApplied } from "../support/plan";
import { Change, Group, Kind, REGIONS, matrixGroups } from "../support/matrix";
import { idOutputOf } from "../../provider/schema";
import { PUBLIC_RESOURCES } from "../../provider/registry";
import type { MarkedDescriptor } from "../../provider/internal/descriptor";
import type { ServiceDescriptor } from "../../provider/internal/regionalService";

jest.setTimeout(1_800_000);

/** A kind of the registry, with its descriptor (every implementation exports it as `api`). */
type MatrixKind = Kind & { token: string; api: MarkedDescriptor | ServiceDescriptor; product: "smartag" | "vpc" };
const marked = (k: MatrixKind): MarkedDescriptor | undefined => ("actions" in k.api ? k.api : undefined);

/** Every resource of the registry (a new one is covered without a line here). */
const KINDS: MatrixKind[] = PUBLIC_RESOURCES.map((entry) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the implementation's descriptor
  const api = require(path.join(REPO, entry.implementation.replace(/^pulumi-alicloud-traffic\/dist\//, "").replace(/\.js$/, ".ts"))).api;
  return {
    className: entry.className,
    token: entry.token,
    fields: entry.fields,
    idOutput: idOutputOf(entry.outputs),
    requires: entry.requires,
    api,
    product: api.product,
  };
});
const kindOf = (className: string) => KINDS.find((k) => k.className === className)!;

export interface Row {
  resource: string;
  field: string;
  change: string;
  planned: ResourceOp;
  applied: ResourceOp;
  calls: string;
  others: string;
}

const READ = /^(List|Describe|Get)/;

describe("plan == apply for every input of every resource kind (generated from the field tables)", () => {
  let emulator: Emulator;
  let ws: Workspace;
  const rows: Row[] = [];
  const { groups, fixtures } = matrixGroups(KINDS);
  /** The state's ids after the last round (a refresh forgets them). */
  let last: Awaited<ReturnType<typeof stateIds>> | undefined;

  /** Resource name -> class, and the ids it owns (its id, and ids among its outputs: rule ids). */
  async function stateIds(): Promise<{ classOf: Map<string, string>; idOf: Map<string, string>; owner: Map<string, string> }> {
    const state = await ws.exportState();
    const classOf = new Map<string, string>();
    const idOf = new Map<string, string>();
    const owner = new Map<string, string>();
    for (const r of state.deployment.resources ?? []) {
      const kind = KINDS.find((k) => r.type === k.token);
      if (!kind || !r.id) continue;
      const name = r.urn.split("::").pop();
      classOf.set(name, kind.className);
      idOf.set(name, r.id);
      if (kind.idOutput) owner.set(r.id, name);
      for (const [key, value] of Object.entries(r.outputs ?? {})) {
        if (/Ids$/.test(key) && !(key in kind.fields) && Array.isArray(value)) for (const id of value) owner.set(String(id), name);
      }
    }
    return { classOf, idOf, owner };
  }

  /** Every item of a marked kind in the cloud, in every region the matrix uses (listed with the kind's own descriptor). */
  async function cloudIds(kind: MatrixKind): Promise<string[]> {
    const api = marked(kind)!;
    const ids: string[] = [];
    for (const region of REGIONS) {
      const list = outOfBand(emulator, kind.product);
      for (let page = 1, next: string | undefined; ; page++) {
        const params =
          api.list.paging === "pages"
            ? { RegionId: region, PageNumber: page, PageSize: api.list.pageSize }
            : { RegionId: region, MaxResults: api.list.pageSize, ...(next ? { NextToken: next } : {}) };
        const body = await list(api.list.action, params);
        const items = api.list.items(body);
        ids.push(...items.map((i) => String(i[api.keys.id])));
        next = body.NextToken || undefined;
        if (api.list.paging === "pages" ? items.length < api.list.pageSize : next === undefined) break;
      }
    }
    return ids;
  }

  /** Ids in the cloud = ids in the state, for every kind with an id output. */
  async function expectCloudAgrees(): Promise<void> {
    const { idOf, classOf } = await stateIds();
    for (const kind of KINDS.filter((k) => k.idOutput)) {
      const inState = [...idOf.entries()].filter(([name]) => classOf.get(name) === kind.className).map(([, id]) => id);
      expect({ kind: kind.className, ids: (await cloudIds(kind)).sort() }).toEqual({ kind: kind.className, ids: inState.sort() });
    }
  }

  function declared(): Record<string, unknown> {
    return Object.assign({}, fixtures, ...groups.map((g) => g.declare()));
  }

  /**
   * One round: preview (0 calls) and up; plan == applied for every resource; the journal consistent with
   * each applied operation. Returns the plan and each resource's calls.
   */
  async function round(): Promise<{ plan: Record<string, ResourceOp>; calls: Record<string, string[]> }> {
    await ws.ok(["config", "set", "resources", JSON.stringify(declared())]);
    const before = last ?? (await stateIds());
    emulator.clearJournal();
    const { plan } = await previewPlan(ws);
    expect(emulator.journal()).toEqual([]);
    const { applied } = await upApplied(ws);
    expect(applied).toEqual(plan);
    const after = (last = await stateIds());

    const entries = emulator.journal().filter((e) => e.action && !READ.test(e.action) && e.httpStatus === 200);
    const calls: Record<string, string[]> = {};
    // Calls that carry no id of a resource in the state (creates), with their product: sag.FlowLog and
    // vpc.FlowLog both create with CreateFlowLog.
    const creates: Array<{ action: string; product: string | null; seq: number }> = [];
    for (const e of entries) {
      const ids = Object.entries(e.params)
        .filter(([k]) => k !== "RegionId")
        .map(([, v]) => v);
      // The resource the call is about: of those whose ids it carries, the one whose kind the action names.
      const owners = ids.map((v) => before.owner.get(v)).filter((n): n is string => n !== undefined);
      const name = owners.find((n) => e.action!.includes(before.classOf.get(n)!.split(".")[1]!)) ?? owners[0];
      if (name) (calls[name] ??= []).push(e.action!);
      else creates.push({ action: e.action!, product: e.product, seq: e.seq });
    }
    for (const [name, op] of Object.entries(applied)) {
      const className = before.classOf.get(name) ?? after.classOf.get(name);
      if (!className) continue;
      const api = marked(kindOf(className));
      const kind = { ...kindOf(className), create: api?.actions.create, delete: api?.actions.delete };
      const createdHere = creates.filter((c) => c.action === kind.create && c.product === kind.product);
      const mine = calls[name] ?? [];
      const context = `${name}: ${op}, calls ${JSON.stringify(mine)}`;
      if (op === "same") expect({ context, mine }).toEqual({ context, mine: [] });
      if (op === "update") {
        expect({
          context,
          created: kind.create !== undefined && mine.includes(kind.create),
          deleted: kind.delete !== undefined && mine.includes(kind.delete),
        }).toEqual({
          context,
          created: false,
          deleted: false,
        });
        expect(after.idOf.get(name)).toBe(before.idOf.get(name));
      }
      if (op.startsWith("replace")) {
        if (kind.delete) expect({ context, deletes: mine.filter((a) => a === kind.delete).length }).toEqual({ context, deletes: 1 });
        if (kind.create) expect({ context, created: createdHere.length > 0 }).toEqual({ context, created: true });
        if (kind.idOutput) expect(after.idOf.get(name)).not.toBe(before.idOf.get(name));
        // The order, where it can be told apart: one resource of the kind replaced in the round.
        const sameKind = Object.entries(applied).filter(([n, o]) => o.startsWith("replace") && before.classOf.get(n) === kind.className);
        if (kind.create && kind.delete && sameKind.length === 1) {
          const deletedAt = entries.find(
            (e) => e.action === kind.delete && e.product === kind.product && Object.values(e.params).includes(before.idOf.get(name)!),
          )!.seq;
          const firstCreate = Math.min(...createdHere.map((c) => c.seq));
          expect({ context, deleteFirst: deletedAt < firstCreate }).toEqual({ context, deleteFirst: op === "replace (delete first)" });
        }
      }
      if (op === "create" && kind.create) expect({ context, created: createdHere.length > 0 }).toEqual({ context, created: true });
      // For the table: the create of a replacement carries no id of the old resource; show it in its place.
      if (op.startsWith("replace") && kind.create)
        calls[name] = op === "replace (delete first)" ? [...mine, kind.create] : [kind.create, ...mine];
      if (op === "create" && kind.create) calls[name] = [kind.create];
    }
    await expectCloudAgrees();
    return { plan, calls };
  }

  /** What the field table says a change does to the resource under test. */
  function expectFromTable(g: Group, change: Change, op: ResourceOp): void {
    const spec = g.kind.fields[change.field]!;
    const context = `${g.kind.className}.${change.field} ${change.kind}`;
    if (change.kind === "reorder") expect({ context, op }).toEqual({ context, op: "same" });
    else if (spec.change === "update") expect({ context, replaced: op.startsWith("replace") }).toEqual({ context, replaced: false });
    else if (change.kind === "value") expect({ context, replaced: op.startsWith("replace") }).toEqual({ context, replaced: true });
  }

  beforeAll(async () => {
    emulator = await startTestEmulator({
      mirrorTransitionMs: 10,
      mirrorSourcesPerSession: 3,
      mirrorSessionsPerSource: 10,
      vpcFlowLogTransitionMs: 10,
    });
    ws = new Workspace("plan-matrix", { from: "test/programs/declared", env: providerEnv(emulator, "cn-hangzhou") });
    await ws.init();
  });
  afterAll(async () => {
    const table = [
      "| resource | input | change | planned | applied | calls of the resource | other resources |",
      "| --- | --- | --- | --- | --- | --- | --- |",
      ...rows.map((r) => `| ${r.resource} | ${r.field} | ${r.change} | ${r.planned} | ${r.applied} | ${r.calls} | ${r.others} |`),
    ];
    fs.mkdirSync(path.join(REPO, ".tmp"), { recursive: true });
    fs.writeFileSync(path.join(REPO, ".tmp", "plan-matrix.md"), `${table.join("\n")}\n`);
    await emulator?.close();
    ws?.cleanup();
  });

  it("a clean up of every group, then no changes", async () => {
    const { plan } = await round();
    for (const g of groups) expect(plan[g.name]).toBe("create");
    const again = await round();
    for (const op of Object.values(again.plan)) expect(op).toBe("same");
  });

  it("every input of every kind: value, add, remove, reorder; plan == apply, calls as planned", async () => {
    const sequences = groups.map((g) => g.changes());
    const rounds = Math.max(...sequences.map((s) => s.length));
    for (let i = 0; i < rounds; i++) {
      const applied = groups.map((g, k) => [g, sequences[k]![i]] as const).filter((p): p is readonly [Group, Change] => p[1] !== undefined);
      for (const [g, change] of applied) g.apply(change);
      const { plan, calls } = await round();
      for (const [g, change] of applied) {
        expectFromTable(g, change, plan[g.name]!);
        const others = Object.keys(g.declare())
          .filter((n) => n !== g.name && plan[n] !== "same")
          .map((n) => `${n}: ${plan[n]}`);
        rows.push({
          resource: g.kind.className,
          field: change.field,
          change: change.kind,
          planned: plan[g.name]!,
          applied: plan[g.name]!,
          calls: (calls[g.name] ?? []).join(", ") || "none",
          others: others.join("; ") || "same",
        });
      }
    }
  });

  it("drift: edited or deleted out of band, then refresh; the preview after it is what up does", async () => {
    // Edited: each resource under test gets another description through its own modify action (which also
    // takes away its idempotency marker: `up` writes it back, an update).
    const { idOf } = await stateIds();
    for (const g of groups) {
      const kind = kindOf(g.kind.className);
      const api = marked(kind);
      if (!api || !kind.idOutput) continue;
      await outOfBand(emulator, kind.product)(api.actions.modify, {
        RegionId: g.region,
        [api.keys.id]: idOf.get(g.name)!,
        [api.keys.description]: "edited in the console",
      });
    }
    await settle(emulator);
    await ws.ok(["refresh", "--yes", "--skip-preview"]);
    last = undefined;
    let { plan, calls } = await round();
    for (const g of groups.filter((g) => kindOf(g.kind.className).idOutput)) {
      rows.push(driftRow(g, "description", "refresh after an out-of-band edit", plan, calls));
      expect(`${g.name}: ${plan[g.name]}`).toBe(`${g.name}: update`);
    }

    // Deleted: every resource of every group, as a console user would (dependents first, a flow log's SAGs
    // released first), then refresh: the preview creates them, as up does.
    const now = await stateIds();
    const names = groups.flatMap((g) => Object.keys(g.declare())).reverse();
    for (const name of names) {
      const kind = kindOf(now.classOf.get(name) ?? "");
      if (!kind || !marked(kind) || !now.idOf.has(name)) continue;
      const g = groups.find((x) => name in x.declare())!;
      await deleteOutOfBand(emulator, kind, g.region, now.idOf.get(name)!);
    }
    await settle(emulator);
    await ws.ok(["refresh", "--yes", "--skip-preview"]);
    last = undefined;
    ({ plan, calls } = await round());
    for (const g of groups.filter((g) => kindOf(g.kind.className).idOutput)) {
      rows.push(driftRow(g, "(all)", "refresh after an out-of-band delete", plan, calls));
      expect(`${g.name}: ${plan[g.name]}`).toBe(`${g.name}: create`);
    }
  });
});

function driftRow(g: Group, field: string, change: string, plan: Record<string, ResourceOp>, calls: Record<string, string[]>): Row {
  return {
    resource: g.kind.className,
    field,
    change,
    planned: plan[g.name]!,
    applied: plan[g.name]!,
    calls: (calls[g.name] ?? []).join(", ") || "none",
    others: "",
  };
}

/** Deletes a resource the way a console user would (a SAG flow log's SAGs released first). */
async function deleteOutOfBand(emulator: Emulator, kind: MatrixKind, region: string, id: string): Promise<void> {
  const call = outOfBand(emulator, kind.product);
  const api = marked(kind)!;
  if (kind.className === "sag.FlowLog") {
    const sags = await call("DescribeFlowLogSags", { RegionId: region, FlowLogId: id, PageSize: 50 });
    for (const s of sags.Sags?.Sag ?? []) await call("DisassociateFlowLog", { RegionId: region, FlowLogId: id, SmartAGId: s.SmartAGId });
  }
  await call(api.actions.delete, { RegionId: region, [api.keys.id]: id });
  // A deletion in progress still holds what it uses (a session its filter): let it complete.
  await settle(emulator);
}

/** Every transition of the vpc resources in the matrix's regions completes now (the emulator's control routes). */
async function settle(emulator: Emulator): Promise<void> {
  for (const region of REGIONS) {
    for (const route of ["traffic-mirror", "flow-log"])
      await fetch(`${emulator.url}/_emulator/vpc/${route}/${region}/settle`, { method: "POST" });
  }
}
