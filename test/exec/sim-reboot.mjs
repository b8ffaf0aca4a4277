// A "reboot" of a simulated host, for the kill -9 tests: every xm process still
// running (orphaned when its xendomains was killed) dies with the machine, every
// domain is gone but Domain-0, and our locks now record an earlier boot (as on a
// host whose /var/lock survives reboots); an empty reference lock is gone (tmpfs). Not a test file.

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simState } from './sim-scenario.mjs';

const lines = (file) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

/** PIDs of xm calls that logged a start and no end. */
export function orphanedXm(h) {
  const log = lines(h.log);
  const ended = new Set(log.filter((e) => e.event === 'end').map((e) => e.pid));
  return log.filter((e) => e.event === 'start' && !ended.has(e.pid)).map((e) => e.pid);
}

export function reboot(h) {
  for (const pid of orphanedXm(h)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone already */
      }
    }
  }
  const state = simState(h);
  state.domains = state.domains.filter((d) => d.id === 0);
  state.nextId = 1;
  writeFileSync(h.state, JSON.stringify(state));
  const lockDir = join(h.lock, '..');
  for (const file of [h.lock, join(lockDir, '.xendomains.run')]) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, JSON.stringify({ ...JSON.parse(text), bootId: 'an-earlier-boot' }));
    } catch {
      rmSync(file, { force: true }); // an empty (reference) lock: only a tmpfs /var/lock makes sense of it after a reboot
    }
  }
}

/** Polls a condition of the simulated host (a state it reaches), failing after a generous bound. */
export async function waitFor(condition, what, boundMs = 30_000) {
  const until = Date.now() + boundMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
