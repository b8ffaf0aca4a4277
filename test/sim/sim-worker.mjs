// xm simulator daemon: one worker thread, running one xm call at a time with
// the same code as a simulator process (xm-sim.mjs), its pid, cwd and XM_SIM_*
// taken from the call and its stdout/stderr posted back as they are written.
// Sockets, the pool and abandoning a call whose client died are xm-daemon.mjs's.

import { parentPort, threadId, workerData } from 'node:worker_threads';
import { setCall } from './sim-call.mjs';
import { main, preload } from './xm-sim.mjs';
import { main as xlMain, preload as xlPreload } from './xl-sim.mjs';

// A copy into a buffer of its own: a slice of Buffer's shared pool would clone the whole pool.
const write = (fd, buf) => parentPort.postMessage({ type: 'out', fd, data: new Uint8Array(buf) });

await preload();
await xlPreload();
// A few listings of a throw-away state (workerData.warmState, no log, output dropped) before
// the first real call, so that a host's first `xm list -l` does not pay for a cold JIT.
if (workerData?.warmState) {
  setCall({ pid: process.pid, cwd: '/', env: { XM_SIM_STATE: workerData.warmState }, write: () => {} });
  for (let i = 0; i < 5; i++) {
    await main(['list', '-l']);
    await main(['list']);
  }
}
setCall({ writers: workerData?.writers, threadId });
parentPort.on('message', async ({ argv, pid, cwd, env }) => {
  setCall({ pid, cwd, env, write });
  const code = await (env.XM_SIM_TOOL === 'xl' ? xlMain : main)(argv);
  parentPort.postMessage({ type: 'done', code });
});
parentPort.postMessage({ type: 'ready' });
