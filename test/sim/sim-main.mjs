// The simulators' one call, shared by xm-sim.mjs and xl-sim.mjs: log its start
// and end to XM_SIM_LOG as JSON lines, write its output through call.write and
// turn what it threw into an exit status. Dispatching the arguments is each simulator's.

import { call, simLog as log } from './sim-call.mjs';
import { writeAll, XmExit } from './sim-opts.mjs';

/**
 * Runs `run(argv)` as one call and returns its exit status. `tool` is added to each log record
 * when given (xl's; xm's records have none); `internalError` prefixes an unexpected exception's stack.
 */
export async function runCall(argv, run, { tool, internalError }) {
  const start = Date.now();
  const tag = tool ? { tool } : {};
  log({ event: 'start', argv, pid: call.pid, start, ...tag });
  let code = 0;
  try {
    const out = await run(argv);
    if (out) writeAll(1, out);
  } catch (e) {
    if (!(e instanceof XmExit)) e = new XmExit(1, `${internalError}: ${e?.stack ?? e}\n`);
    if (e.stdout) writeAll(1, e.stdout);
    if (e.stderr) writeAll(2, e.stderr);
    code = e.code;
  }
  log({ event: 'end', argv, pid: call.pid, start, end: Date.now(), exit: code, ...tag });
  return code;
}
