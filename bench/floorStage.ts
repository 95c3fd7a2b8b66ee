import * as fs from "fs";
import * as path from "path";
import { REPO } from "../test/support/pulumi";

/**
 * Installs the floor provider (bench/floor/provider) as the package alicloud-traffic-bench-floor,
 * so that, like our shims, it is serialized as a short `require("alicloud-traffic-bench-floor")`.
 */
export function stageFloorProvider(): void {
  const target = path.join(REPO, "node_modules", "alicloud-traffic-bench-floor");
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(path.join(REPO, "bench", "floor", "provider"), target, { recursive: true });
}
