// Shared test helpers: run the built CLI as a real process, and make
// throw-away host trees (etc/sysconfig/xendomains, etc/xen/auto/*).
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'dist/bin/xendomains.cjs');
export const SAMPLE_SYSCONFIG = join(ROOT, 'examples/etc/sysconfig/xendomains');

// The CLI runs as shipped: grammar self-checks are for in-process tests (test/run.mjs turns them on).
const cliEnv = (extra) => {
  const env = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.XENDOMAINS_GRAMMAR_CHECKS;
  return env;
};

export function cli(args, options = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: cliEnv(options.env),
    encoding: 'utf8',
    input: options.input,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** Like cli() but asynchronous, so a test can run many at once. */
export function cliAsync(args, options = {}) {
  return outcomeOf(spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: cliEnv(options.env) }));
}

/**
 * A spawned child's outcome: resolves {code, signal, stdout, stderr, ms} when it closes (ms since
 * `started`, default now). `guardMs`: a safety net that SIGKILLs the child after that long, so a
 * wedged run fails its test instead of hanging the suite.
 */
export function outcomeOf(child, { guardMs, started = Date.now() } = {}) {
  const guard = guardMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), guardMs);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    }),
  );
}

const made = [];
/** files: { 'etc/sysconfig/xendomains': text|Buffer, 'etc/xen/auto/web.cfg': text, … } */
export function tmpHost(files = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'xd-host-'));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

export function cleanup() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A seeded random generator (mulberry32): generated test cases are the same on every run. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
