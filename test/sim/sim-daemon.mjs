// Starts and stops the xm simulator daemon (xm-daemon.mjs) for a test or a
// bench: a child with a pipe on its stdin (so it ends when we do, even killed),
// ready once it printed its address. What XM_SIM_DAEMON means is test/sim/xm's business.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DAEMON = fileURLToPath(new URL('./xm-daemon.mjs', import.meta.url));

/** Resolves with { address, env: { XM_SIM_DAEMON }, pid, stop() } once the daemon's workers are up. */
export function startDaemon({ workers = 4, maxWorkers } = {}) {
  const args = [DAEMON, '--workers', String(workers), ...(maxWorkers ? ['--max-workers', String(maxWorkers)] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      child.stdout.removeAllListeners('data');
      const address = out.slice(0, nl);
      resolve({
        address,
        env: { XM_SIM_DAEMON: address },
        pid: child.pid,
        /** Closes the daemon's stdin (it exits at once); SIGKILL if it has not after 2 s. */
        async stop() {
          process.off('exit', killOnExit);
          child.stdin.end();
          const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
          const r = await exited;
          clearTimeout(timer);
          return r;
        },
      });
    });
    exited.then(({ code, signal }) => reject(new Error(`xm daemon exited before it was ready (${signal ?? `exit ${code}`})`)));
  });
}
