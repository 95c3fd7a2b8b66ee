/**
 * Preload (`node -r bench/trace-requires.js ...`) that splits a policy pack's start-up by module:
 * each module's own load time (its compile and top-level code, children excluded) is added to the
 * group it belongs to, and when the pack prints its port the split is written as one JSON line to
 * the file named by TRACE_REQUIRES_OUT. Used by bench/packStartup.ts.
 */
"use strict";
const Module = require("module");
const fs = require("fs");
const { performance } = require("perf_hooks");

const out = process.env.TRACE_REQUIRES_OUT;
const bootMs = performance.now(); // process start (timeOrigin) to this preload: Node's own boot
const self = new Map(); // group -> ms
const stack = [];

/**
 * The group a module file is counted in, or undefined for a dependency of a group, which counts
 * in the group of the module that required it (arborist's ~100 packages count as arborist).
 */
function groupOf(file) {
  const f = file.replace(/\\/g, "/");
  const i = f.lastIndexOf("/node_modules/");
  if (i < 0) return "pack files";
  const rest = f.slice(i + "/node_modules/".length).split("/");
  const pkg = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  if (pkg === "pulumi-alicloud-traffic") return rest[1] === "policy-pack" ? "pack files" : "pulumi-alicloud-traffic (provider)";
  if (pkg === "@pulumi/pulumi") {
    if (rest.includes("vendor")) return f.includes("typescript@") ? "typescript" : "ts-node";
    return "@pulumi/pulumi";
  }
  if (pkg === "@npmcli/arborist") return "@npmcli/arborist";
  if (["@grpc/grpc-js", "@grpc/proto-loader", "google-protobuf", "protobufjs"].includes(pkg)) return "grpc + protobuf";
  if (["typescript", "ts-node", "zod", "@pulumi/policy", "@opentelemetry/api"].includes(pkg)) return pkg;
  return undefined;
}

const origLoad = Module._load;
Module._load = function (request, parent, isMain) {
  let file;
  try {
    file = Module._resolveFilename(request, parent, isMain);
  } catch {
    return origLoad.apply(this, arguments);
  }
  if (Module._cache[file] || !file.includes("/")) return origLoad.apply(this, arguments);
  const frame = { group: groupOf(file) ?? (stack.length ? stack[stack.length - 1].group : "other"), child: 0 };
  stack.push(frame);
  const t0 = performance.now();
  try {
    return origLoad.apply(this, arguments);
  } finally {
    const total = performance.now() - t0;
    stack.pop();
    self.set(frame.group, (self.get(frame.group) ?? 0) + total - frame.child);
    if (stack.length) stack[stack.length - 1].child += total;
  }
};

let written = false;
const origWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = function (chunk, ...rest) {
  if (!written && out && /^\d+\s*$/.test(String(chunk))) {
    written = true;
    const readyMs = performance.now();
    const loads = [...self.values()].reduce((a, b) => a + b, 0);
    self.set("not in a require (gRPC bind, event loop)", readyMs - bootMs - loads);
    const groups = Object.fromEntries([...self.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round(v * 10) / 10]));
    fs.writeFileSync(out, JSON.stringify({ bootMs: Math.round(bootMs), readyMs: Math.round(readyMs), groups }) + "\n");
  }
  return origWrite(chunk, ...rest);
};
