// Starts and stops the xm simulator daemon (xm-daemon.mjs) for a test or a
// bench: a child with a pipe on its stdin (so it ends when we do, even killed),
// ready once it printed its address. Also builds the C client (xm-client.c) when
// a compiler is there. What XM_SIM_DAEMON means is the clients' business.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DAEMON = fileURLToPath(new URL('./xm-daemon.mjs', import.meta.url));
const SOURCE = fileURLToPath(new URL('./xm-client.c', import.meta.url));
/** The bash client: test/sim/xm relays to the daemon when XM_SIM_DAEMON is set. */
export const BASH_CLIENT = fileURLToPath(new URL('./xm', import.meta.url));

/**
 * The C client, compiled once per source version into the temp directory
 * (`cc`, or $CC), or undefined when there is no compiler or it fails.
 */
export function cClient() {
  const source = readFileSync(SOURCE);
  const dir = join(tmpdir(), `xm-sim-client-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`);
  const bin = join(dir, 'xm');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  // Built beside its final name and renamed, so that concurrent test files never run a half-written binary.
  const tmp = `${bin}.${process.pid}`;
  const r = spawnSync(process.env.CC || 'cc', ['-O2', '-o', tmp, SOURCE], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) {
    rmSync(tmp, { force: true });
    return undefined;
  }
  renameSync(tmp, bin);
  return bin;
}

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
