"use strict";
/** Whether a process exists (EPERM: it exists, owned by another user). Shared by the build and engine locks. */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

module.exports = { alive };
