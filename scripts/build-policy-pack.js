#!/usr/bin/env node
/**
 * Compiles the policy pack (policy-pack/*.ts, policies/*.ts) to policy-pack/dist/, the JavaScript
 * that ships in the npm package and that the engine runs (policy-pack/package.json "main":
 * "dist/index.js"; no ts-node or typescript at run time).
 *
 * Every relative require in the output is then made an explicit file path (`./policies/index.js`,
 * not `./policies`): directory and extension-less specifiers only work under CommonJS resolution,
 * and a host that loads the pack the ESM way fails on them with ERR_UNSUPPORTED_DIR_IMPORT. A
 * require that points at no file fails the build.
 */
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const repo = path.resolve(__dirname, "..");
const pack = path.join(repo, "policy-pack");
const out = path.join(pack, "dist");

fs.rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc", { paths: [repo] }), "-p", path.join(pack, "tsconfig.json")], {
  stdio: "inherit",
});

/** `spec` (relative to `dir`) as an explicit path to an existing .js file. */
function explicit(dir, spec, file) {
  for (const candidate of [spec, `${spec}.js`, `${spec}/index.js`]) {
    const full = path.resolve(dir, candidate);
    if (candidate.endsWith(".js") && fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  throw new Error(`${path.relative(repo, file)}: require("${spec}") resolves to no file in ${path.relative(repo, out)}`);
}

const files = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".js")) files.push(p);
  }
};
walk(out);
for (const file of files) {
  const source = fs.readFileSync(file, "utf8");
  const fixed = source.replace(
    /require\("(\.{1,2}\/[^"]*|\.{1,2})"\)/g,
    (_, spec) => `require("${explicit(path.dirname(file), spec, file)}")`,
  );
  if (fixed !== source) fs.writeFileSync(file, fixed);
}
if (!fs.existsSync(path.join(out, "index.js"))) throw new Error("policy-pack/dist/index.js was not built");
