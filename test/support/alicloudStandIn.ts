/**
 * TEST ONLY: makes a Workspace's `pulumi` commands find the stand-in for the `alicloud` provider
 * plugin (test/support/alicloudStandIn/: `pulumi-resource-alicloud`, an sh script that runs
 * standIn.js, a provider served by `@pulumi/pulumi/provider`'s `main()`), so that programs can
 * declare bridged resources by their real type tokens without `@pulumi/alicloud`, offline.
 *
 * How the engine finds it (pulumi/pulumi@v3.248.0 sdk/go/common/workspace/plugins.go
 * `getPluginInfoAndPath`, called from sdk/go/common/resource/plugin/provider_plugin.go `NewProvider`):
 * project plugins (Pulumi.yaml `plugins:`), then an executable `pulumi-resource-alicloud` on $PATH
 * (unless PULUMI_IGNORE_AMBIENT_PLUGINS), then the plugin cache, `$PULUMI_HOME/plugins/<kind>-<name>-v<version>/`.
 * This helper uses the cache, the place `pulumi plugin install` writes, under the workspace's own
 * PULUMI_HOME: nothing to download, no change to the program or PATH, and no "using
 * pulumi-resource-alicloud from $PATH" warning (which the engine prints on every run for a
 * non-bundled plugin found on PATH).
 *
 * Versions: a resource registered without a version (`new pulumi.CustomResource(token, ...)`) gets
 * the highest installed version (`LegacySelectCompatiblePlugin`). One registered with a version
 * (the real SDK passes its own, e.g. `{ version: "3.105.0" }`) needs a cache entry of exactly that
 * version (`SelectCompatiblePlugin`: semver equality); no match is a MissingError, which
 * PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true turns into a failure instead of a download
 * (pkg/resource/deploy/providers/registry.go `loadProvider`). So install every version the program
 * asks for. The stand-in reports the version of the directory it runs from (GetPluginInfo), which
 * keeps pkg/host/host.go's "expected to have version >=" warning away.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO, Workspace } from "./pulumi";

export const ALICLOUD_STAND_IN_DIR = path.join(REPO, "test", "support", "alicloudStandIn");
export const ALICLOUD_STAND_IN_SCRIPT = path.join(ALICLOUD_STAND_IN_DIR, "pulumi-resource-alicloud");
/** The version installed when none is given: the pulumi-alicloud release whose SDK bridged.ts was read from. */
export const ALICLOUD_STAND_IN_DEFAULT_VERSION = "3.105.0";

export interface AlicloudStandInOptions {
  /** The plugin versions to install (each a cache entry); default [ALICLOUD_STAND_IN_DEFAULT_VERSION]. */
  versions?: string[];
  /** Record the stand-in's starts and calls (JSON lines) in a file under the workspace; see `calls()`. */
  log?: boolean;
}

/** One line of the stand-in's log. */
export interface AlicloudStandInCall {
  pid: number;
  call: "start" | "check" | "diff" | "create" | "read" | "update" | "delete" | "invoke";
  urn?: string;
  id?: string;
  token?: string;
  version?: string;
  changed?: string[];
}

export interface AlicloudStandIn {
  versions: string[];
  /** The cache directories, `<PULUMI_HOME>/plugins/resource-alicloud-v<version>`. */
  dirs: string[];
  /** The log file (with `log: true`). */
  logFile?: string;
  /** The calls logged so far (empty without `log: true`). */
  calls(): AlicloudStandInCall[];
  /** Empties the log. */
  clearCalls(): void;
}

/**
 * Where to install the stand-in when the commands do not run through a Workspace (a program
 * outside the repo, e.g. one that installs the packed tarball): its PULUMI_HOME, a directory for
 * the log, and the environment its commands run with (the log's path is added to it).
 */
export interface AlicloudStandInTarget {
  pulumiHome: string;
  logDir: string;
  env: Record<string, string | undefined>;
}

/**
 * Installs the stand-in into the workspace's plugin cache, once per version: a real directory
 * `resource-alicloud-v<version>` (the engine skips symlinked directories) holding a symlink
 * `pulumi-resource-alicloud` to the script in the repo. Idempotent.
 */
export function installAlicloudStandIn(ws: Workspace | AlicloudStandInTarget, opts: AlicloudStandInOptions = {}): AlicloudStandIn {
  const versions = opts.versions ?? [ALICLOUD_STAND_IN_DEFAULT_VERSION];
  const target: AlicloudStandInTarget =
    ws instanceof Workspace ? { pulumiHome: ws.commandEnv("").PULUMI_HOME as string, logDir: ws.root, env: ws.env } : ws;
  const home = target.pulumiHome;
  const dirs = versions.map((version) => {
    if (!/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/.test(version)) throw new Error(`not a plugin version: ${version}`);
    const dir = path.join(home, "plugins", `resource-alicloud-v${version}`);
    fs.mkdirSync(dir, { recursive: true });
    const link = path.join(dir, "pulumi-resource-alicloud");
    fs.rmSync(link, { force: true });
    fs.symlinkSync(ALICLOUD_STAND_IN_SCRIPT, link);
    return dir;
  });
  let logFile: string | undefined;
  if (opts.log) {
    logFile = path.join(target.logDir, "alicloud-stand-in.log");
    fs.writeFileSync(logFile, "");
    if (ws instanceof Workspace) ws.env = { ...ws.env, PULUMI_ALICLOUD_STAND_IN_LOG: logFile };
    else ws.env.PULUMI_ALICLOUD_STAND_IN_LOG = logFile;
  }
  return {
    versions,
    dirs,
    logFile,
    calls: () =>
      logFile && fs.existsSync(logFile)
        ? fs
            .readFileSync(logFile, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l) as AlicloudStandInCall)
        : [],
    clearCalls: () => {
      if (logFile) fs.writeFileSync(logFile, "");
    },
  };
}
