// Helpers for the xm simulator's tests: a throw-away directory with a state
// file, running test/sim/xm as a real process (sync or async), and reading back
// the state and the call log. Not a test file itself.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outcomeOf } from '../helpers.mjs';

export const XM = fileURLToPath(new URL('./xm', import.meta.url));
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const DOM0 = { id: 0, name: 'Domain-0', memory: 1024, state: 'r-----' };

const made = [];

/** A directory holding state.json (from `state`) and the paths of the log. */
export function simHost(state = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'xm-sim-'));
  made.push(dir);
  const host = { dir, state: join(dir, 'state.json'), log: join(dir, 'xm.log') };
  writeFileSync(host.state, JSON.stringify({ domains: [DOM0], nextId: 10, ...state }));
  host.env = { XM_SIM_STATE: host.state, XM_SIM_LOG: host.log };
  return host;
}

export function cleanupHosts() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs xm (or options.xm, another client) synchronously in host's directory. */
export function xm(host, args, options = {}) {
  const r = spawnSync(options.xm ?? XM, args, {
    cwd: options.cwd ?? host.dir,
    env: { ...process.env, ...host.env, ...options.env },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** Starts xm (in its own process group with `detached`); resolves with { code, signal, stdout, stderr, ms }. `child` is exposed for kill(). */
export function xmAsync(host, args, options = {}) {
  const started = Date.now();
  const child = spawn(options.xm ?? XM, args, { cwd: host.dir, env: { ...process.env, ...host.env, ...options.env }, detached: options.detached ?? false });
  const done = outcomeOf(child, { started });
  done.child = child;
  return done;
}

export function readState(host) {
  return JSON.parse(readFileSync(host.state, 'utf8'));
}

export function names(host) {
  const now = Date.now();
  return readState(host).domains.filter((d) => !(d.goneAt <= now)).map((d) => d.name).sort();
}

export function readLog(host) {
  if (!existsSync(host.log)) return [];
  return readFileSync(host.log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

export const sleepMs = (ms) => new Promise((r) => setTimeout(r, ms));
