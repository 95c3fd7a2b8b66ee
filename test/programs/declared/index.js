// Resources of pulumi-alicloud-traffic declared entirely by stack config, so that tests change config,
// not code. Config `resources` (JSON), in declaration order:
//   { "<name>": { "class": "vpc.TrafficMirrorFilter", "args": { ... }, "options": { ... } }, ... }
// - `class` is the exported class path (`sag.FlowLog`, `vpc.TrafficMirrorSession`, ...);
// - an arg `{ "$ref": "<name>.<output>" }` is that resource's output (declared earlier);
// - `options.dependsOn` lists names; the other options (replaceOnChanges, deleteBeforeReplace,
//   protect, ...) are passed as they are.
// Every output of every resource is exported as `<name>.<output>`.
"use strict";
const pulumi = require("@pulumi/pulumi");
const pkg = require("pulumi-alicloud-traffic");

const declared = new pulumi.Config().requireObject("resources");
const made = {};

function resolve(value) {
  if (Array.isArray(value)) return value.map(resolve);
  if (value && typeof value === "object") {
    if (typeof value.$ref === "string") {
      const [name, output] = value.$ref.split(".");
      if (!made[name]) throw new Error(`$ref ${value.$ref}: no resource "${name}" declared before`);
      return made[name][output];
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  }
  return value;
}

for (const [name, spec] of Object.entries(declared)) {
  const Class = spec.class.split(".").reduce((o, k) => o?.[k], pkg);
  if (typeof Class !== "function") throw new Error(`${name}: no class ${spec.class} in pulumi-alicloud-traffic`);
  const { dependsOn, ...options } = spec.options ?? {};
  made[name] = new Class(name, resolve(spec.args ?? {}), {
    ...options,
    ...(dependsOn ? { dependsOn: dependsOn.map((d) => made[d]) } : {}),
  });
}

for (const [name, resource] of Object.entries(made)) {
  for (const [key, value] of Object.entries(resource)) {
    if (pulumi.Output.isInstance(value) && key !== "urn") exports[`${name}.${key}`] = value;
  }
}
