/**
 * What the engine planned and what it did, per resource, in one vocabulary: `pulumi preview --json`
 * (the preview digest: one step per operation) and `pulumi up --json` (engine events, one JSON object
 * per line) both name each step's operation; a resource's steps are folded into one of
 * `same`, `create`, `update`, `delete`, `replace (delete first)`, `replace (create first)`.
 */
import { RunResult, Workspace } from "./pulumi";

export type ResourceOp = "same" | "create" | "update" | "delete" | "replace (delete first)" | "replace (create first)" | "read" | "refresh";

/** A resource's step operations, in the order the engine reported them, folded into one `ResourceOp`. */
export function foldOps(ops: readonly string[]): ResourceOp {
  const deleteAt = ops.findIndex((o) => o === "delete-replaced" || o === "discard-replaced");
  const createAt = ops.indexOf("create-replacement");
  if (createAt >= 0 || deleteAt >= 0 || ops.includes("replace")) {
    // A dependent replaced delete-first is deleted (delete-replaced) long before it is created again.
    return deleteAt >= 0 && (createAt < 0 || deleteAt < createAt) ? "replace (delete first)" : "replace (create first)";
  }
  for (const op of ["create", "delete", "update", "read", "refresh"] as const) if (ops.includes(op)) return op;
  return "same";
}

/** URN -> the step operations it got, in order. */
function opsByUrn(steps: ReadonlyArray<{ op: string; urn: string }>): Map<string, string[]> {
  const byUrn = new Map<string, string[]>();
  for (const { op, urn } of steps) {
    if (!byUrn.has(urn)) byUrn.set(urn, []);
    byUrn.get(urn)!.push(op);
  }
  return byUrn;
}

/** The resource's name (the last URN segment) -> its folded operation; the stack and providers left out. */
function byName(byUrn: Map<string, string[]>): Record<string, ResourceOp> {
  const out: Record<string, ResourceOp> = {};
  for (const [urn, ops] of byUrn) {
    const type = urn.split("::")[2] ?? "";
    if (type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:")) continue;
    out[urn.split("::").pop()!] = foldOps(ops);
  }
  return out;
}

/** The plan of `pulumi preview --json` output, by resource name. */
export function plannedOps(previewJson: string): Record<string, ResourceOp> {
  const digest = JSON.parse(previewJson) as { steps?: Array<{ op: string; urn: string }> };
  return byName(opsByUrn(digest.steps ?? []));
}

/** What `pulumi up --json` did (its engine events), by resource name. */
export function appliedOps(upJson: string): Record<string, ResourceOp> {
  const steps: Array<{ op: string; urn: string }> = [];
  for (const line of upJson.split("\n")) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line) as { resourcePreEvent?: { metadata: { op: string; urn: string } } };
    const m = event.resourcePreEvent?.metadata;
    if (m) steps.push({ op: m.op, urn: m.urn });
  }
  return byName(opsByUrn(steps));
}

/** `pulumi preview --json` in `ws`: the plan by resource name (throws with the output on failure). */
export async function previewPlan(ws: Workspace, args: string[] = []): Promise<{ plan: Record<string, ResourceOp>; run: RunResult }> {
  const run = await ws.pulumi(["preview", "--json", "--show-sames", "--show-replacement-steps", ...args]);
  if (run.code !== 0) throw new Error(`pulumi preview --json exited ${run.code}:\n${run.output}`);
  return { plan: plannedOps(run.stdout), run };
}

/** `pulumi up --json --yes --skip-preview` in `ws`: what it did by resource name (throws with the output on failure). */
export async function upApplied(ws: Workspace, args: string[] = []): Promise<{ applied: Record<string, ResourceOp>; run: RunResult }> {
  const run = await ws.pulumi(["up", "--json", "--yes", "--skip-preview", ...args]);
  if (run.code !== 0) throw new Error(`pulumi up --json exited ${run.code}:\n${errorsOf(run)}`);
  return { applied: appliedOps(run.stdout), run };
}

/** The error diagnostics of a `--json` run (engine events), else its stderr. */
function errorsOf(run: RunResult): string {
  const errors = run.stdout
    .split("\n")
    .filter((l) => l.startsWith("{") && l.includes('"diagnosticEvent"'))
    .map((l) => JSON.parse(l).diagnosticEvent as { urn?: string; message: string; severity: string })
    .filter((d) => d.severity === "error")
    .map((d) => `${d.urn?.split("::").pop() ?? "stack"}: ${d.message.trim()}`);
  return errors.length > 0 ? errors.join("\n") : run.stderr;
}
