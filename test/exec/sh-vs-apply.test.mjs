// The `sh` form of a plan is the same plan: run against the simulator, the
// generated POSIX script issues exactly the calls that `apply` of the JSON plan
// issues for the same host (fallbacks, failures and all), ends with the same exit
// status, and leaves the same domains, save directory and lock. On xm hosts for a
// few scenarios; on xl hosts for every e2e-xl scenario and the golden-plan cases
// those do not cover (restart among them).
// Watchdogs: a scenario's calls all finish far below STOP_MAXWAIT (BASE's 120 s), except
// a hang fault's, which both runs kill after HANG_MAXWAIT — so a loaded machine's slow
// process start never makes a watchdog fire in one run and not in the other.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { outcomeOf } from '../helpers.mjs';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { calls, cleanupScenarios, clearLog, departed, HANG_MAXWAIT, limiter, run, running, scenarioHost } from './sim-scenario.mjs';
import { XL_SCENARIOS } from './scenarios-xl.mjs';
import { startDaemon } from '../sim/sim-daemon.mjs';

// Each scenario runs two node processes and a shell one after another; three at a time. The
// simulator's calls go to its daemon (a bash start each, not a node start): both runs use the
// same client, and the comparison, not the simulator's process model, is what is tested here.
const limit = limiter(3);
const daemon = await startDaemon({ workers: 4 });
const withoutLists = (argvs) => argvs.filter((a) => a[0] !== 'list');
const hangs = (faults = {}) => Object.values(faults).some((byCall) => Object.values(byCall).some((f) => f.hang));

/** The save directory as names (folders as nested objects), a quarantined file's time stamp masked. */
function tree(dir) {
  const out = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    out[name.replace(/-\d{8}T\d{6}Z$/, '-TIME')] = statSync(path).isDirectory() ? tree(path) : 'file';
  }
  return out;
}

/** What a run leaves: the calls (listings aside: the executor lists again where the script need not), domains, images, lock. */
function outcome(h) {
  return { calls: withoutLists(calls(h)), running: running(h), departed: departed(h), save: tree(h.saveDir), lock: existsSync(h.lock) };
}

function runScript(h, file) {
  return outcomeOf(spawn('sh', [file], { cwd: h.dir, env: { ...process.env, ...h.env } }), { guardMs: 600_000 });
}

/** Plans VERB on a fresh host, applies the JSON plan, resets the host, runs the sh plan; both runs' outcomes. */
async function bothWays(spec, verb) {
  const hangMaxwait = hangs(spec.faults) ? { XENDOMAINS_STOP_MAXWAIT: String(HANG_MAXWAIT) } : {};
  const sysconfig = typeof spec.sysconfig === 'function' ? (h) => ({ ...spec.sysconfig(h), ...hangMaxwait }) : { ...spec.sysconfig, ...hangMaxwait };
  const h = scenarioHost({ ...spec, sysconfig });
  Object.assign(h.env, daemon.env);
  const pristine = { state: join(h.dir, 'state.pristine.json'), save: join(h.dir, 'save.pristine'), lock: existsSync(h.lock) ? readFileSync(h.lock) : null };
  copyFileSync(h.state, pristine.state);
  cpSync(h.saveDir, pristine.save, { recursive: true });
  // One plan, both forms: the sh on stdout, the JSON for apply in --out.
  const planned = await run(h, ['plan', verb, '--format', 'sh', '--out', join(h.dir, 'plan.json')], { journal: false });
  if (planned.code !== 0) return { planError: planned.stderr };
  writeFileSync(join(h.dir, 'plan.sh'), planned.stdout);

  clearLog(h);
  const applied = await run(h, ['apply', join(h.dir, 'plan.json')]);
  const viaApply = outcome(h);

  // The same starting point for the script: the simulator's state, the save directory, the lock.
  copyFileSync(pristine.state, h.state);
  rmSync(h.saveDir, { recursive: true, force: true });
  cpSync(pristine.save, h.saveDir, { recursive: true });
  rmSync(h.lock, { force: true });
  if (pristine.lock !== null) {
    mkdirSync(dirname(h.lock), { recursive: true });
    writeFileSync(h.lock, pristine.lock);
  }
  clearLog(h);
  const script = await runScript(h, join(h.dir, 'plan.sh'));
  return { h, applied, viaApply, script, viaSh: outcome(h) };
}

function assertSame(r, { unordered = false, expectedCalls } = {}) {
  assert.is(r.planError, undefined, `plan: ${r.planError}`);
  const why = `sh:\n${r.script.stderr}\napply:\n${r.applied.stderr}`;
  const sorted = (argvs) => (unordered ? argvs.map((a) => JSON.stringify(a)).sort() : argvs);
  assert.equal(sorted(r.viaSh.calls), sorted(r.viaApply.calls), why);
  if (expectedCalls) assert.equal(sorted(r.viaApply.calls), sorted(expectedCalls), `apply made the scenario's calls\n${why}`);
  assert.is(r.script.code, r.applied.code, `the same exit status (sh ${r.script.code}, apply ${r.applied.code})\n${why}`);
  assert.equal(r.viaSh.running, r.viaApply.running, 'the same domains left running');
  assert.equal(r.viaSh.departed, r.viaApply.departed, 'the same domains left, the same way');
  assert.equal(r.viaSh.save, r.viaApply.save, 'the same save directory');
  assert.is(r.viaSh.lock, r.viaApply.lock, 'the lock the same');
}

// ---------------------------------------------------------------- xm hosts

const XM_CASES = [
  {
    title: 'stop with SysRq, a failing save falling through to shutdown, and SHUTDOWN_ALL',
    verb: 'stop',
    setup: { sysconfig: { XENDOMAINS_SYSRQ: 's u' }, domains: [{ id: 3, name: 'web' }, { id: 4, name: 'db' }, { id: 5, name: 'mail' }], faults: { db: { save: { fail: 'xc_save failed' } } } },
  },
  {
    title: 'stop with a failing migrate and a failing shutdown',
    verb: 'stop',
    setup: {
      sysconfig: { XENDOMAINS_MIGRATE: '--live dom0-b', XENDOMAINS_SAVE: null },
      domains: [{ id: 3, name: 'web' }, { id: 4, name: 'db' }],
      faults: { web: { migrate: { fail: 'no route' } }, db: { migrate: { fail: 'no route' }, shutdown: { fail: 'refused' } } },
    },
  },
  {
    title: 'a save that fails after the image is whole and the domain gone: the image is kept',
    verb: 'stop',
    setup: { domains: [{ id: 3, name: 'web' }, { id: 4, name: 'db' }], faults: { web: { save: { fail: 'lost the reply', whole: true } } } },
  },
  {
    title: 'start: restore the images, create the AUTO configs not running',
    verb: 'start',
    setup: { auto: { 'web.cfg': 'web', 'db.cfg': 'db', 'mail.cfg': 'mail' }, save: { web: { image: { id: 9, name: 'web' } } }, domains: [{ id: 4, name: 'db' }] },
  },
];

// ---------------------------------------------------------------- xl hosts: what e2e-xl's rows leave out

const web = { id: 3, name: 'web' };
const db = { id: 4, name: 'db' };
const xlImage = (id, name) => ({ image: { id, name } });

/** Golden xl plans (test/plan/xl-golden) with no e2e-xl row, on the simulator (ids as there), and names the sh must quote. */
const XL_GOLDEN_CASES = [
  { id: 'XS13', title: 'a glob character in a name: created', verb: 'start', setup: { auto: { star: 'web*' }, domains: [{ id: 3, name: 'web1' }] } },
  { id: 'XS14', title: 'names that are prefixes of each other: web1 restored, web created', verb: 'start', setup: { auto: { web: 'web', web1: 'web1' }, save: { web1: xlImage(7, 'web1') } } },
  { id: 'XS15', title: 'an image named web-1 does not hide config web', verb: 'start', setup: { auto: { web: 'web' }, save: { 'web-1': xlImage(7, 'web-1') } } },
  { id: 'XS16', title: 'RESTORE=false: images stay, configs created', verb: 'start', setup: { sysconfig: { XENDOMAINS_RESTORE: 'false' }, auto: { db: 'db' }, save: { db: xlImage(4, 'db') } } },
  { id: 'XT7', title: 'an xm-era MIGRATE (-l host), refused: save follows', verb: 'stop', setup: { sysconfig: { XENDOMAINS_MIGRATE: '-l peer' }, refuseHosts: ['peer'], domains: [web] } },
  { id: 'XT9', title: 'SHUTDOWN_ALL without -a', verb: 'stop', setup: { sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_SHUTDOWN_ALL: '--wait' }, domains: [web], faults: { web: { shutdown: { fail: 'refused' } } } } },
  { id: 'XT14', title: 'STOP_MAXWAIT empty: no watchdog', verb: 'stop', setup: { sysconfig: { XENDOMAINS_STOP_MAXWAIT: '' }, domains: [web, db] } },
  { id: 'XT15', title: 'domid order, not name order', verb: 'stop', setup: { sysconfig: { XENDOMAINS_SAVE: '' }, domains: [{ id: 3, name: 'zulu' }, { id: 7, name: 'alpha' }] } },
  {
    id: 'XT17', title: 'AUTO_ONLY with a config without name', verb: 'stop',
    setup: { sysconfig: { XENDOMAINS_AUTO_ONLY: 'true' }, auto: { a: 'a', b: 'memory = 256\nkernel = "/boot/vmlinuz"\n' }, domains: [{ id: 3, name: 'a' }, { id: 4, name: 'c' }] },
  },
  { id: 'XT19', title: 'short options clustered (-wF)', verb: 'stop', setup: { sysconfig: { XENDOMAINS_SHUTDOWN: '-wF', XENDOMAINS_SHUTDOWN_ALL: '-awF', XENDOMAINS_SAVE: '' }, domains: [web, { id: 4, name: 'win', type: 'hvm', pvDrivers: false }] } },
  {
    id: 'whole', title: 'a save that fails after the image is whole and the domain gone (or is killed then): the image is kept', verb: 'stop',
    setup: { sysconfig: { XENDOMAINS_AUTO_ONLY: 'false' }, domains: [web, db, { id: 5, name: 'a b' }], faults: { web: { save: { fail: 'lost the reply', whole: true } }, 'a b': { save: { hang: true, whole: true } } } },
  },
  {
    id: 'quoting', title: "names with a quote, a dollar, a backslash and blanks: saved, then restored", verb: 'restart',
    setup: { sysconfig: { XENDOMAINS_AUTO_ONLY: 'false' }, domains: [{ id: 3, name: "o'hara $HOME" }, { id: 4, name: 'a\\b  c`d`' }], lock: '' },
  },
  { id: 'XR1', title: 'restart: saved and shut down, then restored', verb: 'restart', setup: { auto: { db: 'db', web: 'web' }, domains: [web, db], lock: '' } },
  {
    id: 'XR2', title: 'restart with a failing save and a failing restore', verb: 'restart',
    setup: { auto: { db: 'db', web: 'web' }, domains: [web, db], lock: '', faults: { web: { save: { fail: 'Failed to suspend domain' } }, db: { restore: { fail: 'failed to restore' } } } },
  },
];

// Hanging scenarios (two watchdog periods per run) start first, so that the others overlap them.
const runs = [
  ...XM_CASES.map((c) => ({ name: `xm host, ${c.verb}: ${c.title}`, c, toolstack: 'xm' })),
  ...XL_SCENARIOS.map((row) => ({ name: `xl host, ${row.id} ${row.verb}: ${row.title}`, c: row, toolstack: 'xl', expectedCalls: (h) => withoutLists(row.calls(h)) })),
  ...XL_GOLDEN_CASES.map((c) => ({ name: `xl host, golden ${c.id} ${c.verb}: ${c.title}`, c, toolstack: 'xl' })),
];

const slowFirst = [...runs].sort((a, b) => hangs(b.c.setup.faults) - hangs(a.c.setup.faults));
for (const r of slowFirst) r.result = limit(() => bothWays({ ...r.c.setup, toolstack: r.toolstack }, r.c.verb).catch((error) => ({ planError: error.stack })));

test.after(async () => {
  cleanupScenarios();
  await daemon.stop();
});

for (const r of runs) {
  test(r.name, async () => {
    const result = await r.result;
    // Not two empty logs compared: apply makes the calls e2e-xl's row expects of the init verb, or some.
    const expectedCalls = result.h && r.expectedCalls?.(result.h);
    assertSame(result, { unordered: r.c.unordered, expectedCalls });
    if (!expectedCalls) assert.ok(result.viaApply.calls.length > 0, 'the plan ran some commands');
  });
}

test('every e2e-xl scenario is compared', () => {
  assert.ok(XL_SCENARIOS.length >= 30);
  assert.is(runs.filter((r) => r.toolstack === 'xl').length, XL_SCENARIOS.length + XL_GOLDEN_CASES.length);
});

test.run();
