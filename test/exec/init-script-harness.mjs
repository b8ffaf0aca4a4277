// Running the compiled init script (`xendomains compile-init`) against the xm
// simulator: the shells it must run under (bash, dash, busybox ash, and
// `bash --posix` with a PATH of POSIX tools only, no `timeout`), compiling for a
// scenario host, resetting a host to its pristine state between runs, and the
// outcome two runs are compared by. Not a test file.

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { have } from '../tools.mjs';
import { calls, departed, running, run, saveDir, XM } from './sim-scenario.mjs';

/** Every external command the compiled script runs (besides the toolstack): all POSIX. */
export const POSIX_TOOLS = ['awk', 'basename', 'cat', 'cksum', 'cut', 'date', 'dd', 'dirname', 'find', 'grep', 'id', 'ln', 'ls', 'mkdir', 'mv', 'od', 'rm', 'sed', 'sleep', 'sort', 'tail', 'tr'];

const made = [];
let posixDir;

/** A directory of symlinks to the POSIX tools only (no timeout, usleep, mktemp, …), and an xm that finds its own node. */
export function posixBin() {
  if (posixDir) return posixDir;
  posixDir = mkdtempSync(join(tmpdir(), 'xd-posix-bin-'));
  made.push(posixDir);
  for (const tool of POSIX_TOOLS) {
    const path = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { encoding: 'utf8' }).stdout.trim();
    if (!path.startsWith('/')) throw new Error(`POSIX tool ${tool} not found`);
    symlinkSync(path, join(posixDir, tool));
  }
  return posixDir;
}

/** The simulator as one node process (test/sim/xm is bash, then node, both from PATH): it runs under the POSIX-only PATH too. */
export function xmWrapper() {
  const dir = mkdtempSync(join(tmpdir(), 'xd-xm-wrap-'));
  made.push(dir);
  const path = join(dir, 'xm');
  writeFileSync(path, `#!${process.execPath}\nimport(${JSON.stringify(join(dirname(XM), 'xm-run.mjs'))});\n`);
  chmodSync(path, 0o755);
  return path;
}

// The compiled script runs on the host's POSIX tools (awk above all): without one, no shell can run it.
const missingTools = POSIX_TOOLS.filter((tool) => !have(tool));
const toolsReason = `POSIX tools not found: ${missingTools.join(', ')}${missingTools.includes('awk') ? ' (apt-get install mawk)' : ''}: the compiled init script cannot run`;
const shell = (name, argv, ok, reason, extra = {}) => ({ name, argv, ok: ok && missingTools.length === 0, reason: ok ? toolsReason : reason, ...extra });

export const SHELLS = [
  shell('bash', ['bash'], have('bash'), 'bash not installed (apt-get install bash)'),
  shell('dash', ['dash'], have('dash'), 'dash not installed (apt-get install dash)'),
  shell('busybox ash', ['busybox', 'ash'], have('busybox'), 'busybox not installed (apt-get install busybox)'),
  shell('bash --posix, POSIX tools only', ['bash', '--posix'], have('bash'), 'bash not installed', { posix: true }),
];

export function cleanupHarness() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Compiles the host's init script to <dir>/xendomains.init; resolves the CLI result. */
export async function compile(h, { xm = XM, journal = h.journal } = {}) {
  h.script = join(h.dir, 'xendomains.init');
  const r = await run(h, ['compile-init', '-q', '--out', h.script, ...(journal ? ['--journal', journal] : [])], { journal: false, xm });
  if (r.code !== 0) throw new Error(`compile-init failed (${r.code}): ${r.stderr}`);
  return r;
}

/** Runs the compiled script under a shell; resolves {code, signal, stdout, stderr}; `.child` via onSpawn. */
export function runScript(h, shell, verb, { onSpawn } = {}) {
  const env = { ...process.env, ...h.env };
  if (shell.posix) env.PATH = posixBin();
  const program = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', shell.argv[0]], { encoding: 'utf8' }).stdout.trim();
  const child = spawn(program, [...shell.argv.slice(1), h.script, verb], { cwd: h.dir, env });
  onSpawn?.(child);
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    }),
  );
}

/** Keeps a copy of the host as set up, so several runs can start from the same state at the same paths. */
export function snapshot(h) {
  const copy = mkdtempSync(join(tmpdir(), 'xd-pristine-'));
  made.push(copy);
  cpSync(h.dir, copy, { recursive: true, verbatimSymlinks: true });
  return () => {
    rmSync(h.dir, { recursive: true, force: true });
    mkdirSync(h.dir);
    cpSync(copy, h.dir, { recursive: true, verbatimSymlinks: true });
  };
}

const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

function lockKind(h) {
  if (!existsSync(h.lock)) return 'absent';
  const text = readFileSync(h.lock, 'utf8');
  if (text === '') return 'empty';
  try {
    const record = JSON.parse(text);
    return `record of ${record.verb}${record.bootId === bootId ? ' (this boot)' : ' (another boot)'}`;
  } catch {
    return text;
  }
}

/** What a run leaves, comparable across hosts: xm calls (paths relative to the host), domains, SAVE, lock, exit code. */
export function outcome(h, r, { unordered = false } = {}) {
  const rel = (x) => JSON.parse(JSON.stringify(x).split(h.dir).join('<host>'));
  let argv = rel(calls(h));
  if (unordered) argv = argv.map((a) => JSON.stringify(a)).sort();
  const save = {};
  for (const [name, v] of Object.entries(saveDir(h))) save[name] = Array.isArray(v) ? v.map((q) => q.replace(/\.([a-z]+)-\d{8}T\d{6}Z(~\d+)?$/, '.$1-<time>')) : v;
  return { code: r.code, calls: argv, running: running(h), departed: departed(h), save, lock: lockKind(h) };
}
