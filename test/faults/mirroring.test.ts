/**
 * Fault cells for traffic mirror filters and sessions: the examples/traffic-mirroring-sessions stack (one
 * vpc.TrafficMirrorService, one vpc.TrafficMirrorFilter with 4 rules, one vpc.TrafficMirrorSession with two
 * sources) runs `up`, `refresh` and `destroy` through the real engine with a fault active on the calls of
 * that operation: the creates (CreateTrafficMirrorFilter, CreateTrafficMirrorSession) under `up`, the
 * listings under `refresh`, the deletes under `destroy`. A failed run is re-run the way a user would. Each
 * cell asserts that every fault it registered was injected, then, with the faults removed, that the cloud
 * holds exactly one filter and one session (0 duplicates), with the ids of the state and the outputs
 * (after `destroy`: none), before and after a `refresh`.
 */
import type { FaultSpec } from "../../emulator";
import { Workspace } from "../support/pulumi";
import { providerEnv, startTestEmulator } from "../support/emulatorEnv";
import { expectMirrorAgrees, expectMirrorGone } from "../support/mirrorTruth";
import { StackFaultCase, stackFaultSuite } from "./support/stackCells";

jest.setTimeout(1_200_000);

/** The stack of every mirroring cell; each fault it registers must be injected at least once. */
const mirrorFaultSuite = (fc: StackFaultCase) =>
  stackFaultSuite(
    {
      async start(fc) {
        // Two sources per session (the example's), short Creating / Modifying / Deleting.
        const emu = await startTestEmulator({ seed: 1000 + fc.order, mirrorTransitionMs: 50, mirrorSourcesPerSession: 2 });
        const ws = new Workspace(`fault-${fc.id}`, { from: "examples/traffic-mirroring-sessions", env: providerEnv(emu), stack: "faults" });
        await ws.init();
        return { emu, ws };
      },
      actionableErrors: false,
      mustFire: () => true,
      anyFaulted: false,
      async verify(emu, ws, op) {
        if (op === "destroy") {
          await expectMirrorGone(emu.state(), ws);
          return;
        }
        await expectMirrorAgrees(emu.state(), ws);
        // A plain refresh: `--expect-no-changes` fails on every filter with rules today (its diff compares rules
        // key-order-sensitively; test/e2e/trafficMirroring.test.ts asserts the no-change previews).
        await ws.ok(["refresh", "--yes", "--skip-preview"]);
        await expectMirrorAgrees(emu.state(), ws);
      },
    },
    fc,
  );

mirrorFaultSuite({
  id: "mirror-commit-drop",
  order: 20,
  label: "Traffic mirror filter + session: commit, then drop the connection",
  how:
    "stack: 1 TrafficMirrorService, 1 TrafficMirrorFilter (4 rules), 1 TrafficMirrorSession (2 sources); checked: exactly 1 filter " +
    "and 1 session, ids in cloud = state = outputs, before and after a plain refresh; the call executed, " +
    "then the socket destroyed unanswered: up: the first CreateTrafficMirrorFilter and CreateTrafficMirrorSession; " +
    "refresh: the first ListTrafficMirrorFilters and ListTrafficMirrorSessions; " +
    "destroy: the first DeleteTrafficMirrorSession and DeleteTrafficMirrorFilter",
  faults: {
    up: [
      { action: "CreateTrafficMirrorFilter", kind: "commit-drop", count: 1 },
      { action: "CreateTrafficMirrorSession", kind: "commit-drop", count: 1 },
    ],
    refresh: [
      { action: "ListTrafficMirrorFilters", kind: "commit-drop", count: 1 },
      { action: "ListTrafficMirrorSessions", kind: "commit-drop", count: 1 },
    ],
    destroy: [
      { action: "DeleteTrafficMirrorSession", kind: "commit-drop", count: 1 },
      { action: "DeleteTrafficMirrorFilter", kind: "commit-drop", count: 1 },
    ],
  },
});

const THROTTLE_ALL: FaultSpec = { action: "*", kind: "throttling", rate: 0.3 };

mirrorFaultSuite({
  id: "mirror-throttling",
  order: 21,
  label: "Traffic mirror filter + session: throttling",
  how:
    "the same stack; 30% of all calls answered `400 Throttling`, plus up: the first CreateTrafficMirrorFilter and " +
    "CreateTrafficMirrorSession; refresh: the first ListTrafficMirrorSessions; destroy: the first DeleteTrafficMirrorFilter",
  faults: {
    up: [
      { action: "CreateTrafficMirrorFilter", kind: "throttling", count: 1 },
      { action: "CreateTrafficMirrorSession", kind: "throttling", count: 1 },
      THROTTLE_ALL,
    ],
    refresh: [{ action: "ListTrafficMirrorSessions", kind: "throttling", count: 1 }, THROTTLE_ALL],
    destroy: [{ action: "DeleteTrafficMirrorFilter", kind: "throttling", count: 1 }, THROTTLE_ALL],
  },
});
