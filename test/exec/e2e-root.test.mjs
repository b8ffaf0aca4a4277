// Paths end to end: plans name the host's paths (never the planning machine's
// --root or working directory), `apply` runs a plan from any directory, and under
// --root the init verbs and apply touch nothing outside the root — a symlink that
// leads out of it is refused before anything runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calls, cleanupScenarios, clearLog, run, running, scenarioHost } from './sim-scenario.mjs';

// Host paths no machine running the tests has: anything created there is a leak out of --root.
const SAVE = '/var/lib/xd-root-test/save';
const AUTO = '/etc/xd-root-test/auto';

/** A host tree whose sysconfig names host paths: everything lives under the scenario dir, which is the --root. */
function rootedHost(setup = {}) {
  const h = scenarioHost({ domains: [{ id: 3, name: 'web' }, { id: 4, name: 'db' }], auto: { 'web.cfg': 'web' }, lock: '', ...setup, sysconfig: { XENDOMAINS_SAVE: SAVE, XENDOMAINS_AUTO: AUTO } });
  mkdirSync(join(h.dir, AUTO, '..'), { recursive: true });
  renameSync(h.autoDir, join(h.dir, AUTO));
  h.args = [...h.args, '--root', h.dir];
  return h;
}

const outside = () => {
  const dir = mkdtempSync(join(tmpdir(), 'xd-outside-'));
  outsideDirs.push(dir);
  return dir;
};
const outsideDirs = [];

test.after(() => {
  cleanupScenarios();
  for (const d of outsideDirs) rmSync(d, { recursive: true, force: true });
});

test('plan under --root names host paths only: json, sh and text hold no path of the planning machine (text adds the local file in brackets)', async () => {
  const h = rootedHost({ lock: undefined });
  const args = ['plan', 'stop', '--root', h.dir, '--xm', 'xm', '--state', join(h.dir, 'listing.json')];
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(h.dir, 'listing.json'), JSON.stringify({ domains: [{ id: 0, name: 'Domain-0' }, { id: 3, name: 'web' }] }));
  const bare = { ...h, args: [] }; // no -c / --lock-file: the defaults under the root
  const { mkdirSync: mk } = await import('node:fs');
  mk(join(h.dir, 'etc/sysconfig'), { recursive: true });
  renameSync(h.sysconfig, join(h.dir, 'etc/sysconfig/xendomains'));
  const json = await run(bare, [...args, '--format', 'json'], { xm: null, journal: false, cwd: tmpdir() });
  assert.is(json.code, 0, json.stderr);
  assert.not.ok(json.stdout.includes(h.dir), json.stdout);
  const plan = JSON.parse(json.stdout);
  assert.equal(Object.keys(plan.inputs), ['/etc/sysconfig/xendomains', `${AUTO}/web.cfg`, 'state:domains']);
  assert.is(plan.lockFile, '/var/lock/xendomains');
  assert.equal(plan.steps.map((s) => s.argv.join(' ')), [`xm save 3 ${SAVE}/web`, 'xm shutdown 3 --halt --wait', 'xm shutdown --all --halt --wait']);
  const sh = await run(bare, [...args, '--format', 'sh'], { xm: null, journal: false, cwd: h.dir });
  assert.is(sh.code, 0, sh.stderr);
  assert.not.ok(sh.stdout.includes(h.dir), 'no planning-machine path in the script');
  assert.match(sh.stdout, /^XD_LOCK='\/var\/lock\/xendomains'$/m);
  assert.match(sh.stdout, /^# {3}\/etc\/sysconfig\/xendomains {2}sha256:/m);
  // From a directory beside the root, the local file is shown by its absolute path.
  const text = await run(bare, args, { xm: null, journal: false, cwd: outside() });
  assert.match(text.stdout, new RegExp(`Lock: /var/lock/xendomains \\[${h.dir}/var/lock/xendomains\\] is removed after the stop steps`));
  const start = await run(bare, ['plan', 'start', '--root', h.dir, '--xm', 'xm', '--state', join(h.dir, 'listing.json'), '--format', 'json'], { xm: null, journal: false, cwd: tmpdir() });
  assert.not.ok(start.stdout.includes(h.dir), start.stdout);
});

test('apply runs a plan from any directory: a plan made with relative paths records them absolute', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'web' }], auto: { 'web.cfg': 'web' }, lock: '' });
  const relative = { ...h, args: ['-c', 'xendomains', '--lock-file', 'lock/xendomains'] };
  let r = await run(relative, ['plan', 'stop', '--out', 'stop.json'], { journal: false });
  assert.is(r.code, 0, r.stderr);
  const plan = JSON.parse(readFileSync(join(h.dir, 'stop.json'), 'utf8'));
  assert.equal(Object.keys(plan.inputs), [h.sysconfig, join(h.autoDir, 'web.cfg'), 'state:domains']);
  assert.is(plan.lockFile, h.lock);
  clearLog(h);
  // From another directory, without -c: the plan's own sysconfig is checked.
  r = await run({ ...h, args: [] }, ['apply', join(h.dir, 'stop.json')], { cwd: tmpdir() });
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['save', '3', `${h.saveDir}/web`], ['list', '-l']]);
  assert.equal(running(h), []);
  assert.is(existsSync(h.lock), false, 'the plan\'s lock was removed');
});

test('stop --root: the save directory, images, lock and journal are under the root; nothing is made on the real file system', async () => {
  const h = rootedHost();
  const r = await run(h, ['stop']);
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['save', '4', `${h.dir}${SAVE}/db`], ['save', '3', `${h.dir}${SAVE}/web`], ['list', '-l']]);
  assert.equal(readdirSync(join(h.dir, SAVE)).sort(), ['db', 'web']);
  assert.is(existsSync(SAVE), false, `${SAVE} was created outside --root`);
  assert.is(existsSync(h.lock), false);
});

test('apply --root: a plan made under the root runs there (mapped), from another directory', async () => {
  const h = rootedHost();
  let r = await run(h, ['plan', 'stop', '--out', join(h.dir, 'stop.json')], { journal: false });
  assert.is(r.code, 0, r.stderr);
  assert.not.ok(readFileSync(join(h.dir, 'stop.json'), 'utf8').includes(h.dir));
  clearLog(h);
  r = await run({ ...h, args: ['--root', h.dir] }, ['apply', join(h.dir, 'stop.json'), '--lock-file', h.lock], { cwd: tmpdir() });
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['save', '4', `${h.dir}${SAVE}/db`], ['save', '3', `${h.dir}${SAVE}/web`], ['list', '-l']]);
  assert.is(existsSync(SAVE), false);
});

test('--root with a save directory that is a symlink out of the root: stop, apply and status refuse before anything runs', async () => {
  const h = rootedHost();
  const away = outside();
  mkdirSync(join(h.dir, SAVE, '..'), { recursive: true });
  symlinkSync(away, join(h.dir, SAVE));
  const plan = await run(h, ['plan', 'stop', '--out', join(h.dir, 'stop.json')], { journal: false });
  assert.is(plan.code, 0, plan.stderr);
  clearLog(h);
  for (const args of [['stop'], ['apply', join(h.dir, 'stop.json')], ['restart']]) {
    const r = await run(h, args);
    assert.is(r.code, 1, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^xendomains: with --root, every file a run reads or writes must be inside the root: ${h.dir}${SAVE} leads out of --root ${h.dir} \\(a symlink resolves it to ${away}\\); nothing done\\n$`), args[0]);
  }
  const status = await run(h, ['status']);
  assert.is(status.code, 4, status.stderr);
  assert.match(status.stderr, /leads out of --root/);
  assert.equal(readdirSync(away), [], 'nothing written through the symlink');
  assert.equal(running(h), ['db', 'web'], 'no guest was touched');
  assert.ok(calls(h).every((c) => c[0] === 'list'), JSON.stringify(calls(h)));
  assert.is(existsSync(join(h.dir, 'journal.jsonl')), false);
});

test('--root with an AUTO config that is a symlink out of the root, or a --lock-file outside it: start refuses, nothing created', async () => {
  const h = rootedHost({ domains: [] });
  const away = outside();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(away, 'db.cfg'), 'name = "db"\nmemory = 256\nkernel = "/boot/vmlinuz-xen"\n');
  symlinkSync(join(away, 'db.cfg'), join(h.dir, AUTO, 'db.cfg'));
  rmSync(h.lock);
  let r = await run(h, ['start']);
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`${h.dir}${AUTO}/db.cfg leads out of --root .*; nothing done\\n$`));
  assert.ok(calls(h).every((c) => c[0] === 'list'), JSON.stringify(calls(h)));
  assert.equal(running(h), []);
  assert.is(existsSync(h.lock), false);
  rmSync(join(h.dir, AUTO, 'db.cfg'));
  const lockOutside = join(away, 'xendomains.lock');
  r = await run({ ...h, args: h.args.map((a) => (a === h.lock ? lockOutside : a)) }, ['start']);
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`--lock-file ${lockOutside} is outside --root ${h.dir}; nothing done`));
  assert.equal(readdirSync(away), ['db.cfg']);
});

test.run();
