// xm simulator: what one xm call knows about itself — its pid, working
// directory, XM_SIM_* environment and where stdout/stderr go. A process run
// takes them from `process`; the daemon's workers (sim-worker.mjs) set them per call.

import { appendFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

/** Writes all of buf to fd 1 or 2 at once (so `--wait` progress appears as it happens). */
function writeFd(fd, buf) {
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if (e.code !== 'EAGAIN') return; // reader gone: nothing more to say
    }
  }
}

export const call = {
  pid: process.pid,
  cwd: process.cwd(),
  /** Only the XM_SIM_* variables matter to the simulator. */
  env: process.env,
  write: writeFd,
  /** Daemon workers: [holder's threadId or 0], shared by all of them (see lockThreads). */
  writers: undefined,
  threadId: 0,
};

/** Replaces the facts for the next call (daemon workers only). */
export function setCall(facts) {
  Object.assign(call, facts);
}

/** A path as the calling process would resolve it. */
export const here = (p) => resolve(call.cwd, p);

/** Appends one JSON line to XM_SIM_LOG (when set): the calls' start and end, and where a hung call hangs. */
export function simLog(record) {
  const file = call.env.XM_SIM_LOG;
  if (!file) return;
  try {
    appendFileSync(here(file), JSON.stringify(record) + '\n');
  } catch {}
}
