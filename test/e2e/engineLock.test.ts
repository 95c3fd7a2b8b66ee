/**
 * The engine build lock of scripts/ensure-engine.js, with the real script and a stand-in `go` first
 * on PATH (so a "build" takes seconds, not minutes) in an empty engine cache:
 * - a build killed with SIGKILL leaves its lock behind; the next run takes it over at once (its
 *   owner's pid is gone), says so, and builds;
 * - a run that finds a live owner says whom it waits for, then reuses that build without building.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO } from "../support/pulumi";

jest.setTimeout(120_000);

const ENGINE = "3.248.0"; // a tested engine, so its go.mod is committed and nothing is generated
const FAKE_GO = `#!/bin/sh
# Stand-in for go: "build ... -o OUT PKG". FAKE_GO_MODE=hang never finishes; build sleeps
# FAKE_GO_SLEEP seconds, then writes OUT; fail exits 1 (a run that must not build).
out=""
while [ $# -gt 0 ]; do [ "$1" = "-o" ] && out="$2"; shift; done
echo "$$" >> "$FAKE_GO_LOG"
case "$FAKE_GO_MODE" in
  hang) exec sleep 600 ;;
  fail) echo "fake go: this run must not build" >&2; exit 1 ;;
esac
sleep "\${FAKE_GO_SLEEP:-0}"
printf '#!/bin/sh\\necho v${ENGINE}\\n' > "$out"
chmod +x "$out"
`;

interface Run {
  child: ChildProcess;
  out: { stdout: string; stderr: string };
  done: Promise<number>;
}

describe("engine build lock", () => {
  let root: string;
  let cache: string;
  let fakeBin: string;
  const started: ChildProcess[] = [];

  beforeEach(() => {
    fs.mkdirSync(path.join(REPO, ".tmp"), { recursive: true });
    root = fs.mkdtempSync(path.join(REPO, ".tmp", "engine-lock-"));
    cache = path.join(root, "cache");
    fakeBin = path.join(root, "bin");
    fs.mkdirSync(fakeBin, { recursive: true });
    fs.writeFileSync(path.join(fakeBin, "go"), FAKE_GO, { mode: 0o755 });
  });

  afterEach(() => {
    for (const c of started) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, "SIGKILL");
    fs.rmSync(root, { recursive: true, force: true });
  });

  function ensure(env: Record<string, string>): Run {
    const child = spawn(process.execPath, [path.join(REPO, "scripts", "ensure-engine.js")], {
      cwd: REPO,
      detached: true, // its own process group, so a kill takes the stand-in go with it
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        PATH: `${fakeBin}${path.delimiter}${process.env.PATH}`,
        PULUMI_ALICLOUD_TRAFFIC_ENGINE_CACHE: cache,
        PULUMI_ALICLOUD_TRAFFIC_ENGINE_VERSION: ENGINE,
        PULUMI_ALICLOUD_TRAFFIC_USE_PATH: "0",
        FAKE_GO_LOG: path.join(root, "go.log"),
        ...env,
      },
    });
    started.push(child);
    const out = { stdout: "", stderr: "" };
    child.stdout!.on("data", (d) => (out.stdout += d));
    child.stderr!.on("data", (d) => (out.stderr += d));
    const done = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
    return { child, out, done };
  }

  /** The lock folder once it names its owner (and the stand-in go has started, if asked). */
  async function lockOwnedBy(pid: number, goStarted: boolean): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const lock = fs.existsSync(cache) ? fs.readdirSync(cache).find((n) => n.endsWith(".lock")) : undefined;
      const ownerFile = lock && path.join(cache, lock, "owner.json");
      if (ownerFile && fs.existsSync(ownerFile) && (!goStarted || fs.existsSync(path.join(root, "go.log")))) {
        try {
          expect(JSON.parse(fs.readFileSync(ownerFile, "utf8")).pid).toBe(pid);
          return path.join(cache, lock!);
        } catch (e) {
          if (!(e instanceof SyntaxError)) throw e; // half-written: look again
        }
      }
      if (Date.now() > deadline) throw new Error(`no lock owned by pid ${pid} in ${cache} after 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it("takes over the lock of a killed build at once, says so, and builds", async () => {
    const first = ensure({ FAKE_GO_MODE: "hang" });
    const lock = await lockOwnedBy(first.child.pid!, true);
    process.kill(-first.child.pid!, "SIGKILL"); // the build and its go, as a kill -9 or a closed terminal would
    expect(await first.done).toBe(-1);
    expect(fs.existsSync(lock)).toBe(true); // left behind

    const t0 = Date.now();
    const second = ensure({ FAKE_GO_MODE: "build" });
    const code = await second.done;
    const ms = Date.now() - t0;
    expect(second.out.stderr).toContain(`taking over the build lock ${lock}: its owner, pid ${first.child.pid}, is no longer running`);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(15_000); // no wait for a 30-minute staleness
    const dir = second.out.stdout.trim();
    expect(fs.existsSync(path.join(dir, ".complete"))).toBe(true);
    expect(fs.existsSync(lock)).toBe(false);
    expect(fs.readdirSync(cache).filter((n) => n.includes(".tmp-"))).toEqual([]); // the killed build's temp dir is swept
  });

  it("waits for a live owner with a line saying whom it waits for, then reuses that build", async () => {
    const owner = ensure({ FAKE_GO_MODE: "build", FAKE_GO_SLEEP: "3" });
    await lockOwnedBy(owner.child.pid!, false);
    const waiter = ensure({ FAKE_GO_MODE: "fail" }); // must not build: the owner does
    const [ownerCode, waiterCode] = await Promise.all([owner.done, waiter.done]);
    expect(waiter.out.stderr).toMatch(
      new RegExp(`waiting for another build of engine v${ENGINE.replace(/\./g, "\\.")} \\(pid ${owner.child.pid}, started `),
    );
    expect(waiter.out.stderr).not.toContain("taking over");
    expect(ownerCode).toBe(0);
    expect(waiterCode).toBe(0);
    expect(waiter.out.stdout.trim()).toBe(owner.out.stdout.trim());
    expect(fs.readFileSync(path.join(root, "go.log"), "utf8").trim().split("\n")).toHaveLength(2); // the owner's two builds only
  });
});
