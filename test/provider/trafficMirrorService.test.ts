/**
 * vpc.TrafficMirrorService's provider hooks driven directly (no engine) against an in-process
 * emulator: the journal shows each GetTrafficMirrorServiceStatus / OpenTrafficMirrorService, the
 * emulator's state whether the region is enabled. A new emulator per test (`useEmulator`, see
 * harness.ts) gives every test a closed region and a provider client of its own.
 */
import * as trafficMirrorServiceProvider from "../../provider/vpc/trafficMirrorServiceProvider";
import { REGION, businessParams, captureWarnings, engineHooks, useEmulator } from "./harness";

const { check, create, delete: deleteService, diff, read, update } = engineHooks(trafficMirrorServiceProvider);

const GET = "GetTrafficMirrorServiceStatus";
const OPEN = "OpenTrafficMirrorService";
const URN = `urn:pulumi:dev::traffic::${"pulumi-nodejs:dynamic/vpc:TrafficMirrorService"}::mirror`;

/** The emulator takes this long from an open to `Enabled: true`, so that create has to wait. */
const ACTIVATION_MS = 300;

jest.setTimeout(20_000);

const warnings = captureWarnings();
const t = useEmulator({ mirrorActivationMs: ACTIVATION_MS });

/** check, then create: a new resource in `pulumi up`. */
async function up(args: Record<string, unknown> = { region: REGION }) {
  const { inputs, failures } = await check({}, { ...args, __urn: URN });
  expect(failures).toEqual([]);
  const { id, outs } = await create(inputs!);
  return { id, outs: outs!, inputs: inputs! };
}

const mirrorOf = (region: string) => t.emu.state().trafficMirror.find((m) => m.regionId === region);

describe("vpc.TrafficMirrorService provider", () => {
  it("opens a closed region with a ClientToken of its own, then polls the status until it is enabled", async () => {
    const { id, outs } = await up();
    const calls = t.calls();
    expect(calls.slice(0, 2)).toEqual([GET, OPEN]);
    expect(calls.slice(2).length).toBeGreaterThanOrEqual(2);
    expect(new Set(calls.slice(2))).toEqual(new Set([GET]));

    const [open] = t.entries(OPEN);
    expect(businessParams(open!)).toEqual({ RegionId: REGION, ClientToken: outs.clientToken });
    expect(typeof outs.clientToken).toBe("string");
    expect(id).toBe(REGION);
    expect(outs).toMatchObject({ region: REGION, enabled: true });

    // Polled until the emulator's activation time, and not beyond the first poll after it: every
    // poll but the last arrived before it; the last was answered at it or later (arrival, ms precision,
    // plus its handling time).
    const mirror = mirrorOf(REGION)!;
    expect(mirror.enabled).toBe(true);
    const polls = t.entries(GET).slice(1);
    const last = polls[polls.length - 1]!;
    const enabledAt = Date.parse(mirror.enabledAt);
    expect(Date.parse(last.time) + last.ms + 1).toBeGreaterThanOrEqual(enabledAt);
    expect(polls.slice(0, -1).every((p) => Date.parse(p.time) < enabledAt)).toBe(true);
  });

  it("does not open a region that is already enabled: one status call", async () => {
    const first = await up();
    t.clear();
    // Another stack (or the same one after a destroy) declares the same region.
    const { outs } = await up();
    expect(t.calls()).toEqual([GET]);
    expect(outs).toMatchObject({ region: REGION, enabled: true });
    expect(outs.clientToken).not.toBe(first.outs.clientToken);
    expect(t.emu.state().trafficMirror.map((m) => m.regionId)).toEqual([REGION]);
  });

  it("reads enabled: false after an out-of-band disable; the next update opens again with a new ClientToken", async () => {
    const { id, outs } = await up();
    t.clear();
    expect(await read(id, outs)).toMatchObject({ id, props: { enabled: true }, inputs: { region: REGION, enabled: true } });
    expect(t.calls()).toEqual([GET]);

    expect(await t.emu.disableTrafficMirror(REGION)).toBe(true);
    t.clear();
    const seen = await read(id, outs);
    expect(t.calls()).toEqual([GET]);
    expect(seen).toMatchObject({ id, props: { enabled: false }, inputs: { region: REGION, enabled: false } });
    expect(mirrorOf(REGION)).toBeUndefined();

    const news = (await check(seen.inputs!, { region: REGION, __urn: URN })).inputs!;
    expect(await diff(id, seen.props!, news)).toMatchObject({ changes: true, replaces: [] });
    t.clear();
    const { outs: next } = await update(id, seen.props!, news);
    const [open, ...more] = t.entries(OPEN);
    expect(more).toEqual([]);
    expect(t.calls().slice(0, 2)).toEqual([GET, OPEN]);
    expect(open!.params.ClientToken).not.toBe(outs.clientToken);
    expect(next).toMatchObject({ region: REGION, enabled: true, clientToken: open!.params.ClientToken });
    expect(mirrorOf(REGION)!.enabled).toBe(true);
  });

  it("delete makes no API call, leaves the region enabled, and warns that it stays enabled", async () => {
    const { id, outs } = await up();
    t.clear();
    await deleteService(id, outs);
    expect(t.emu.journal()).toEqual([]);
    expect(mirrorOf(REGION)!.enabled).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`traffic mirroring stays enabled in ${REGION}`);
  });

  it("check and diff make no API call; the region defaults to ALICLOUD_REGION; a region change replaces", async () => {
    const { inputs, failures } = await check({}, {});
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ region: process.env.ALICLOUD_REGION, enabled: true });
    expect((await check({}, { region: "mars-north-1" })).failures).toHaveLength(1);
    const olds = { region: REGION, enabled: true, clientToken: "pulumi-tms-x", generation: 0 };
    expect(await diff(REGION, olds, { region: "cn-shanghai", enabled: true })).toMatchObject({ changes: true, replaces: ["region"] });
    expect(await diff(REGION, olds, { region: REGION, enabled: true })).toMatchObject({ changes: false });
    expect(t.emu.journal()).toEqual([]);
  });
});
