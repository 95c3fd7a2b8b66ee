/**
 * A small on-disk ledger of create attempts, keyed by idempotency token.
 *
 * Why: a clean create must cost one API call (CreateFlowLog), yet a create that an earlier,
 * interrupted `pulumi up` may already have sent must not make a second flow log. The engine keeps
 * no record the provider can see, so the provider writes one: an entry is made (and synced) before
 * CreateFlowLog is sent and removed when the resource is deleted or read back. When a create finds
 * an entry for its token, it reconciles with DescribeFlowLogs before creating.
 *
 * Location: `$ALICLOUD_TRAFFIC_STATE_DIR`, else `~/.pulumi-alicloud-traffic`, subfolder
 * `create-intents/`. In-process retries after ambiguous failures reconcile regardless of the ledger.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

function ledgerDir(): string {
  const base = process.env.ALICLOUD_TRAFFIC_STATE_DIR || path.join(os.homedir(), ".pulumi-alicloud-traffic");
  return path.join(base, "create-intents");
}

const entryPath = (token: string) => path.join(ledgerDir(), `${token}.json`);

export function hasCreateIntent(token: string): boolean {
  return fs.existsSync(entryPath(token));
}

export function recordCreateIntent(token: string, region: string): void {
  fs.mkdirSync(ledgerDir(), { recursive: true });
  const fd = fs.openSync(entryPath(token), "w");
  try {
    fs.writeSync(fd, JSON.stringify({ token, region, at: new Date().toISOString(), pid: process.pid }));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function clearCreateIntent(token: string | undefined): void {
  if (!token) return;
  try {
    fs.unlinkSync(entryPath(token));
  } catch {
    /* already gone */
  }
}
