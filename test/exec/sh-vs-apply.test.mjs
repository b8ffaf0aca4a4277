// The `sh` form of a plan is the same plan: run against the xm simulator, the
// generated POSIX script issues exactly the xm calls that `apply` of the JSON
// plan issues for the same host (fallbacks, failures and all).
// No fault here hangs, so no watchdog may fire: STOP_MAXWAIT is far above any xm call's
// time. (With the scenario default of 2 s, a loaded machine's slow node start made the
// watchdog fire in one run and not in the other, and the call logs differed.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calls, cleanupScenarios, clearLog, run, scenarioHost } from './sim-scenario.mjs';

const withoutLists = (argvs) => argvs.filter((a) => a[0] !== 'list');

const NO_WATCHDOG_FIRES = { XENDOMAINS_STOP_MAXWAIT: '600' };

async function compare(spec, verb) {
  const h = scenarioHost({ ...spec, sysconfig: { ...NO_WATCHDOG_FIRES, ...spec.sysconfig } });
  const pristine = join(h.dir, 'state.pristine.json');
  copyFileSync(h.state, pristine);
  const planned = await run(h, ['plan', verb, '--format', 'json', '--out', join(h.dir, 'plan.json')], { journal: false });
  assert.is(planned.code, 0, planned.stderr);
  const sh = await run(h, ['plan', verb, '--format', 'sh'], { journal: false });
  writeFileSync(join(h.dir, 'plan.sh'), sh.stdout);
  const saveCopy = join(h.dir, 'save.pristine');
  cpSync(h.saveDir, saveCopy, { recursive: true });

  clearLog(h);
  const applied = await run(h, ['apply', join(h.dir, 'plan.json')]);
  const viaApply = withoutLists(calls(h));
  const afterApply = readdirSync(h.saveDir).sort();

  // Same starting point for the script: the simulator's state, the save directory and no lock.
  copyFileSync(pristine, h.state);
  rmSync(h.saveDir, { recursive: true, force: true });
  cpSync(saveCopy, h.saveDir, { recursive: true });
  rmSync(h.lock, { force: true });
  clearLog(h);
  const script = spawnSync('sh', [join(h.dir, 'plan.sh')], { env: { ...process.env, ...h.env }, encoding: 'utf8', timeout: 600_000 });
  const viaSh = withoutLists(calls(h));
  assert.ok(viaApply.length > 0, 'the plan ran some xm commands');
  assert.equal(viaSh, viaApply, `sh:\n${script.stderr}\napply:\n${applied.stderr}`);
  assert.is(script.status === 0, applied.code === 0, `both succeed or both fail (sh ${script.status}, apply ${applied.code})`);
  assert.equal(readdirSync(h.saveDir).sort(), afterApply, 'the same images are left');
}

test('stop with SysRq, a failing save falling through to shutdown, and SHUTDOWN_ALL', async () => {
  await compare({
    sysconfig: { XENDOMAINS_SYSRQ: 's u' },
    domains: [{ id: 3, name: 'web' }, { id: 4, name: 'db' }, { id: 5, name: 'mail' }],
    faults: { db: { save: { fail: 'xc_save failed' } } },
  }, 'stop');
});

test('stop with a failing migrate and a failing shutdown', async () => {
  await compare({
    sysconfig: { XENDOMAINS_MIGRATE: '--live dom0-b', XENDOMAINS_SAVE: null },
    domains: [{ id: 3, name: 'web' }, { id: 4, name: 'db' }],
    faults: { web: { migrate: { fail: 'no route' } }, db: { migrate: { fail: 'no route' }, shutdown: { fail: 'refused' } } },
  }, 'stop');
});

test('start: restore the images, create the AUTO configs not running', async () => {
  await compare({
    auto: { 'web.cfg': 'web', 'db.cfg': 'db', 'mail.cfg': 'mail' },
    save: { web: { image: { id: 9, name: 'web' } } },
    domains: [{ id: 4, name: 'db' }],
  }, 'start');
});

test('xl host, stop: SysRq, a failing migrate, a failing save, options before the domid, the xenstore domain left alone', async () => {
  await compare({
    toolstack: 'xl',
    sysconfig: { XENDOMAINS_SYSRQ: 's', XENDOMAINS_MIGRATE: 'peer', XENDOMAINS_AUTO_ONLY: 'false' },
    refuseHosts: ['peer'],
    domains: [{ id: 1, name: 'Xenstore', xenstore: true }, { id: 3, name: 'web' }, { id: 4, name: 'db' }, { id: 5, name: 'mail' }],
    faults: { db: { save: { fail: 'Failed to suspend domain' } } },
  }, 'stop');
});

test('xl host, stop: only SHUTDOWN_ALL, an HVM guest without PV drivers making it fail', async () => {
  await compare({
    toolstack: 'xl',
    sysconfig: { XENDOMAINS_SAVE: null, XENDOMAINS_SHUTDOWN: '' },
    domains: [{ id: 1, name: 'Xenstore', xenstore: true }, { id: 3, name: 'web' }, { id: 4, name: 'win', type: 'hvm', pvDrivers: false }],
  }, 'stop');
});

test('xl host, start: xl images restored (one cut off), AUTO configs created', async () => {
  await compare({
    toolstack: 'xl',
    auto: { 'web.cfg': 'web', 'db.cfg': 'db', 'mail.cfg': 'mail' },
    save: { web: { image: { id: 9, name: 'web' } }, old: { image: { id: 8, name: 'old' }, truncate: 20000 } },
    domains: [{ id: 4, name: 'db' }],
  }, 'start');
});

test.after(cleanupScenarios);
test.run();
