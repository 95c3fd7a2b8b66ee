#!/usr/bin/env node
/**
 * Installs the freshly built package into <repo>/node_modules/pulumi-alicloud-traffic as a real
 * copy (what `npm install pulumi-alicloud-traffic` would put there), so that programs in this repo
 * (examples/, the e2e tests' temp programs under .tmp/) import it from node_modules.
 *
 * Why a copy and not a symlink (`npm link`, `file:`): Pulumi serializes each dynamic resource's
 * provider; a module whose real path lies under node_modules is captured as a short
 * `require("pulumi-alicloud-traffic/...")`, anything else is serialized by value (see README,
 * "How the provider is stored in state").
 */
"use strict";
const fs = require("fs");
const path = require("path");

const repo = path.resolve(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8"));
const target = path.join(repo, "node_modules", pkg.name);
const tmp = `${target}.staging-${process.pid}`;

fs.rmSync(tmp, { recursive: true, force: true });
fs.mkdirSync(tmp, { recursive: true });
for (const entry of ["package.json", "README.md", "LICENSE", ...pkg.files]) {
  const from = path.join(repo, entry);
  if (fs.existsSync(from)) fs.cpSync(from, path.join(tmp, entry), { recursive: true });
}
fs.rmSync(target, { recursive: true, force: true });
fs.renameSync(tmp, target);
