/**
 * globalTeardown of jest.faults.config.js: turns the per-cell results in .tmp/fault-results/ into
 * test/faults/RESULTS.md (the table for docs/reliability.md). Cells from earlier runs
 * stay until their case runs again, so running one file updates its rows only.
 */
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const REPO = path.resolve(__dirname, "..", "..", "..");
const DIR = path.join(REPO, ".tmp", "fault-results");
const OUT = path.join(REPO, "test", "faults", "RESULTS.md");
const OPS = ["up", "refresh", "destroy"];

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const cellText = (r) => {
  if (!r) return "not run";
  const mark = r.verified ? "✅" : "❌";
  return `${mark} ${r.outcome} (${secs(r.ms)})`;
};
const esc = (s) =>
  String(s)
    .replace(/file:\/\/\/\S+/g, "<lock file>")
    .replace(/\|/g, "\\|")
    .replace(/\n/g, " ");

module.exports = async function writeResults() {
  if (!fs.existsSync(DIR)) return;
  const results = fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(fs.readFileSync(path.join(DIR, f), "utf8")));
  if (results.length === 0) return;
  const lifecycle = results.filter((r) => r.kind === "lifecycle").sort((a, b) => a.faultOrder - b.faultOrder);
  const faults = [...new Map(results.filter((r) => r.kind !== "lifecycle").map((r) => [r.fault, r])).values()].sort(
    (a, b) => a.faultOrder - b.faultOrder,
  );
  const cell = (fault, op) => results.find((r) => r.fault === fault && r.op === op);
  const times = results.map((r) => r.at).sort();

  const lines = [];
  lines.push("# Fault matrix: results");
  lines.push("");
  lines.push(
    `Written by \`npm run test:faults\` (jest.faults.config.js), runs between ${times[0]} and ${times[times.length - 1]}, ` +
      `on ${os.cpus().length} CPU cores. Do not edit by hand.`,
  );
  lines.push("");
  lines.push(
    "Each fault kind gets its own stack of **20 `sag.FlowLog`** (4 of them bound to a SAG) **and one `vpc.TrafficMirrorService`** " +
      "in cn-hangzhou, driven through the real Pulumi engine against the emulator: `up`, then `refresh`, then `destroy`, each " +
      "with the fault active (`--skip-preview`; previews make no API calls). A failed run is re-run the way a user would, " +
      "after `pulumi cancel` when the killed engine left the stack locked. After every operation, with the fault removed:",
  );
  lines.push("");
  lines.push(
    "- the emulator holds exactly the flow logs the stack declares: same ids in the emulator, the state and the outputs, " +
      "one flow log per `[pulumi:<token>]` marker (0 duplicates, 0 orphans), " +
      "the declared SAG bindings, mirroring enabled, no pending operations in the state;",
  );
  lines.push("- `pulumi refresh --expect-no-changes` and `pulumi preview --expect-no-changes` pass;");
  lines.push("- after `destroy`: no flow log, no binding, nothing in the state;");
  lines.push("- a failed run's errors name the API call and the failure and say what to do next (asserted on the text).");
  lines.push("");
  lines.push("Provider settings: retries with base 50 ms / max 1 s / 8 attempts (test timings) unless noted; timeout 10 s unless noted.");
  lines.push("");
  lines.push("| fault | injected | up | refresh | destroy |");
  lines.push("|---|---|---|---|---|");
  for (const f of faults) lines.push(`| ${esc(f.label)} | ${esc(f.how)} | ${OPS.map((op) => cellText(cell(f.fault, op))).join(" | ")} |`);
  lines.push("");
  lines.push("✅ = converged (checks above passed); ❌ = a check failed (see below). Times include re-runs, not the checks.");
  lines.push("Every cell asserts that its fault was injected (a count > 0) or its trigger fired.");
  lines.push("");
  if (lifecycle.length > 0) {
    lines.push("## Lifecycle operations under faults");
    lines.push("");
    lines.push(
      "The same stack, first created cleanly; then an operation sequence with a fault active; then the same checks " +
        "(one flow log per marker, ids in the cloud = state = outputs, another stack's flow logs untouched, " +
        "`refresh` and `preview --expect-no-changes`).",
    );
    lines.push("");
    lines.push("| operation | injected | outcome | API calls (faulted) | what happened | runs | error the user saw on the failed run |");
    lines.push("|---|---|---|---|---|---|---|");
    for (const r of lifecycle) {
      const runs = r.attempts.map((a) => `${a.command}: ${a.code === 0 ? "ok" : `exit ${a.code}`} (${secs(a.ms)})`).join("; ");
      lines.push(
        `| ${esc(r.label)} | ${esc(r.how)} | ${cellText(r)} | ${r.apiCalls} (${r.faulted}) | ` +
          `${esc(r.note ?? "")} | ${esc(runs)} | ${esc(r.firstError ?? "")} |`,
      );
    }
    lines.push("");
  }
  lines.push("## Details");
  lines.push("");
  lines.push("| fault | op | outcome | API calls (faulted) | trigger | runs | error the user saw on the failed run |");
  lines.push("|---|---|---|---|---|---|---|");
  const repairs = [];
  for (const f of faults) {
    for (const op of OPS) {
      const r = cell(f.fault, op);
      if (!r) continue;
      const runs = r.attempts
        .map((a) => `${a.command}: ${a.signal === "SIGKILL" ? "killed" : a.code === 0 ? "ok" : `exit ${a.code}`} (${secs(a.ms)})`)
        .join("; ");
      lines.push(
        `| ${esc(f.label)} | ${op} | ${esc(r.outcome)} | ${r.apiCalls} (${r.faulted}) | ` +
          `${esc(r.note ?? "")} | ${esc(runs)} | ${esc(r.firstError ?? "")} |`,
      );
      if (r.repair) repairs.push(`- **${esc(r.label)} / ${r.op}**: ${esc(r.repair)}`);
    }
  }
  const failed = results.filter((r) => !r.verified);
  if (failed.length > 0) {
    lines.push("");
    lines.push("## Failed checks");
    lines.push("");
    for (const r of failed.sort((a, b) => a.faultOrder - b.faultOrder || OPS.indexOf(a.op) - OPS.indexOf(b.op))) {
      lines.push(`- **${esc(r.label)} / ${r.op}**: ${esc(r.failure ?? "did not finish")}`);
    }
    if (repairs.length > 0) {
      lines.push("");
      lines.push("Repairs made so that the next operation of the same stack starts converged:");
      lines.push("");
      lines.push(...repairs);
    }
  }
  lines.push("");
  fs.writeFileSync(OUT, lines.join("\n"));
};
