/**
 * The FLOOR dynamic provider (bench only): what the engine costs for a dynamic resource that does
 * nothing. Staged by bench/run.ts into node_modules/alicloud-traffic-bench-floor, so that, like
 * our shims, it is serialized as a short `require("alicloud-traffic-bench-floor")`. No I/O.
 */
"use strict";
let next = 0;
const same = (a, b) => {
  for (const k of Object.keys(b)) if (k !== "__provider" && JSON.stringify(a[k]) !== JSON.stringify(b[k])) return false;
  return true;
};
exports.check = async (_olds, news) => ({ inputs: news });
exports.diff = async (_id, olds, news) => ({ changes: !same(olds, news) });
exports.create = async (inputs) => ({ id: `floor-${process.pid}-${next++}`, outs: inputs });
exports.read = async (id, props) => ({ id, props });
exports.update = async (_id, _olds, news) => ({ outs: news });
exports.delete = async () => {};
