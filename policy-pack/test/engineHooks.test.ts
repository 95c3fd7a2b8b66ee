/**
 * engineHooks.ts (the source, through ts-node) in a child Node process: the hooks work on Node's
 * own module cache, which jest replaces with its registry.
 */
import { execFileSync } from "child_process";
import * as path from "path";

const PACK = path.resolve(__dirname, "..");

/** Runs `body` in a node process with the pack's engineHooks loaded as `hooks`; returns its JSON output. */
function inNode(body: string): any {
  const script = `
    const hooks = require(${JSON.stringify(path.join(PACK, "engineHooks.ts"))});
    const loaded = (part) => Object.keys(require.cache).some((f) => f.includes(part));
    const index = require.resolve("@pulumi/pulumi", { paths: [require("path").dirname(require.resolve("@pulumi/policy"))] });
    ${body}
  `;
  const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: PACK, encoding: "utf8" });
  return JSON.parse(out);
}

describe("deferPulumiIndex", () => {
  it("lets @pulumi/policy load without @pulumi/pulumi's index, its Automation API or arborist", () => {
    const r = inNode(`
      hooks.deferPulumiIndex();
      require("@pulumi/policy");
      console.log(JSON.stringify({
        arborist: loaded("/@npmcli/arborist/"),
        automation: loaded("/@pulumi/pulumi/automation/"),
        index: require.cache[index].loaded && !require.cache[index].children.length,
      }));
    `);
    expect(r).toEqual({ arborist: false, automation: false, index: true });
  });

  it("serves asset from @pulumi/pulumi/asset (the same classes), and anything else from the real index", () => {
    const r = inNode(`
      hooks.deferPulumiIndex();
      const pulumi = require("@pulumi/pulumi");
      const sameAsset = pulumi.asset.FileAsset === require("@pulumi/pulumi/asset").FileAsset;
      const before = loaded("/@npmcli/arborist/");
      const config = typeof pulumi.Config;
      // Anything but asset loads the real index (which loads arborist on 3.248, not on 3.276).
      const after = {
        indexLoaded: Boolean(require.cache[index] && require.cache[index].loaded),
        sameAsset: pulumi.asset === require("@pulumi/pulumi/asset"),
        keys: Object.keys(pulumi).includes("Config"),
        real: require("@pulumi/pulumi").Config === pulumi.Config,
      };
      console.log(JSON.stringify({ sameAsset, before, config, ...after }));
    `);
    expect(r).toEqual({ sameAsset: true, before: false, config: "function", indexLoaded: true, keys: true, real: true });
  });

  it("changes nothing when the index is loaded already", () => {
    const r = inNode(`
      const real = require(index);
      hooks.deferPulumiIndex();
      console.log(JSON.stringify({ same: require("@pulumi/pulumi") === real }));
    `);
    expect(r).toEqual({ same: true });
  });
});
