/**
 * `node -r bench/cpu-prof-preload.js`: a CPU profile of a process that is killed rather than
 * exits (the engine kills the dynamic-provider host, so `--cpu-prof` never writes). Profiles in
 * chunks of ALICLOUD_TRAFFIC_PROFILE_CHUNK_MS (default 500) into ALICLOUD_TRAFFIC_PROFILE_DIR,
 * one file per chunk, and on SIGINT/SIGTERM/exit; bench/profile.ts sums the chunks. Only what
 * runs after the last chunk before a SIGKILL is lost.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const inspector = require("inspector");

const dir = process.env.ALICLOUD_TRAFFIC_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  let n = 0;
  const post = (method, params) => {
    let out;
    session.post(method, params, (err, res) => {
      if (err) throw err;
      out = res;
    });
    return out;
  };
  post("Profiler.enable");
  post("Profiler.setSamplingInterval", { interval: 1000 });
  post("Profiler.start");
  const flush = (restart) => {
    const res = post("Profiler.stop");
    if (res && res.profile)
      fs.writeFileSync(path.join(dir, `chunk-${process.pid}-${String(n++).padStart(4, "0")}.cpuprofile`), JSON.stringify(res.profile));
    if (restart) post("Profiler.start");
  };
  setInterval(() => flush(true), Number(process.env.ALICLOUD_TRAFFIC_PROFILE_CHUNK_MS ?? 500)).unref();
  for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, () => (flush(false), process.exit(0)));
  process.once("exit", () => flush(false));
}
