// Issue #11 items 4–8 against the xm simulator: two stops at once lose no
// image; kill -9 during a save, then a reboot, still brings the guest back; an
// interrupted start does not block the next one; a lock that cannot be taken
// stops start loudly but never stops `stop`; SAVE is never written through a
// planted symlink and an image others could have written is not restored.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readImage } from '../sim/sim-image.mjs';
import { calls, cleanupScenarios, departed, run, running, saveDir, scenarioHost, simState } from './sim-scenario.mjs';
import { reboot, waitFor } from './sim-reboot.mjs';

test.after(cleanupScenarios);

const image = (id, name) => ({ image: { id, name } });

test('#11.4 two stops at once: the second waits for the first, no complete image is quarantined, the next start restores both', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'alpha' }, { id: 4, name: 'beta' }], auto: { 'alpha.cfg': 'alpha' }, faults: { '*': { save: { delayMs: 800 } } }, sysconfig: { XENDOMAINS_STOP_MAXWAIT: '30' }, lock: '' });
  const [one, two] = await Promise.all([run(h, ['stop']), run(h, ['stop'])]);
  assert.equal([one.code, two.code], [0, 0], one.stderr + two.stderr);
  assert.match(one.stderr + two.stderr, /waiting for the stop already running \(pid \d+\) to finish/);
  assert.equal(calls(h).filter((a) => a[0] === 'save').length, 2, 'each domain saved once');
  assert.equal(Object.keys(saveDir(h)), ['alpha', 'beta'], 'no partial@xendomains');
  for (const n of ['alpha', 'beta']) assert.ok(readImage(join(h.saveDir, n)).complete);
  const boot = await run(h, ['start']);
  assert.is(boot.code, 0, boot.stderr);
  assert.equal(running(h), ['alpha', 'beta']);
  assert.equal(saveDir(h), {});
});

test('#11.4 a failed save never moves an image it did not write; an earlier image at SAVE/NAME is moved aside whole, never overwritten', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'alpha' }], save: { alpha: image(9, 'alpha') }, faults: { alpha: { save: { fail: 'xc_save failed' } } }, lock: '' });
  const before = readFileSync(join(h.saveDir, 'alpha'));
  const r = await run(h, ['stop']);
  assert.is(r.code, 1, r.stderr);
  const q = saveDir(h)['partial@xendomains'];
  const earlier = q.find((n) => n.startsWith('alpha.earlier-'));
  const partial = q.find((n) => n.startsWith('alpha.partial-'));
  assert.ok(earlier && partial, q.join());
  assert.equal(readFileSync(join(h.saveDir, 'partial@xendomains', earlier)), before, 'the earlier image, byte for byte');
  assert.match(r.stderr, new RegExp(`alpha was a file .* moved to .*${earlier}`));
  assert.equal(departed(h), { alpha: 'shutdown' });
});

test('#11.5 kill -9 during a save, a reboot, then start: the partial image is moved aside and alpha is created from its config', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'alpha' }], auto: { 'alpha.cfg': 'alpha' }, faults: { alpha: { save: { delayMs: 20000 } } }, sysconfig: { XENDOMAINS_STOP_MAXWAIT: '60' }, lock: '' });
  const image = join(h.saveDir, 'alpha');
  let child;
  const stopping = run(h, ['stop'], { onSpawn: (c) => (child = c) });
  await waitFor(() => existsSync(image) && statSync(image).size > 100, 'the save has started writing');
  child.kill('SIGKILL');
  await stopping;
  reboot(h);
  assert.equal(readImage(image).complete, false);
  const r = await run(h, ['start']);
  assert.is(r.code, 1, r.stderr);
  assert.equal(running(h), ['alpha']);
  assert.is(simState(h).domains.find((d) => d.name === 'alpha').createdFrom, join(h.autoDir, 'alpha.cfg'));
  const q = saveDir(h)['partial@xendomains'];
  assert.match(q.join(), /^alpha\.unrestored-/);
  assert.match(r.stderr, /the restore of alpha failed: .* was moved to .*alpha\.unrestored-.* alpha is created from its config/);
  // The next boot is clean: nothing left in SAVE to restore.
  assert.equal(Object.keys(saveDir(h)), ['partial@xendomains']);
});

test('#11.5 kill -9 during a restore: xm finishes it; the next start reads the journal, deletes the image and does not restore it again', async () => {
  const h = scenarioHost({ save: { alpha: image(3, 'alpha'), beta: image(4, 'beta') }, faults: { alpha: { restore: { delayMs: 1500 } } } });
  let child;
  const starting = run(h, ['start'], { onSpawn: (c) => (child = c) });
  await waitFor(() => calls(h).some((a) => a[0] === 'restore' && a[1].endsWith('/alpha')), 'the restore of alpha has started');
  child.kill('SIGKILL');
  await starting;
  await waitFor(() => running(h).includes('alpha'), 'the orphaned xm restore has finished');
  assert.ok(existsSync(join(h.saveDir, 'alpha')), 'the killed start could not delete the image');
  const r = await run(h, ['start']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /replaced a stale lock .* left by start pid \d+, which is gone/);
  assert.match(r.stderr, /alpha runs: its restore from .*\/save\/alpha, left unfinished by a start that was killed, went through \(journal\); the image is deleted/);
  assert.equal(calls(h).filter((a) => a[0] === 'restore').map((a) => a[1].split('/').pop()), ['alpha', 'beta'], 'alpha restored once, beta by the second start');
  assert.equal(running(h), ['alpha', 'beta']);
  assert.equal(saveDir(h), {});
});

test('#11.6 an interrupted start (SIGTERM, exit 143) leaves a lock the next start takes for stale: it warns and finishes the job', async () => {
  const h = scenarioHost({ auto: { 'a.cfg': 'a', 'b.cfg': 'b' }, faults: { a: { create: { delayMs: 1500 } } } });
  let child;
  const starting = run(h, ['start'], { onSpawn: (c) => (child = c) });
  await waitFor(() => calls(h).some((a) => a[0] === 'create'), 'the first create has started');
  child.kill('SIGTERM');
  const first = await starting;
  assert.is(first.code, 143, first.stderr);
  assert.equal(running(h), ['a']);
  assert.is(JSON.parse(readFileSync(h.lock, 'utf8')).phase, 'starting');
  const status = await run(h, ['status'], { journal: false });
  assert.is(status.code, 1, 'a half-done start still counts as running for sysvinit (b is missing)');
  const second = await run(h, ['start']);
  assert.is(second.code, 0, second.stderr);
  assert.match(second.stderr, /replaced a stale lock .* left by start pid \d+, which is gone/);
  assert.equal(running(h), ['a', 'b']);
  assert.is(JSON.parse(readFileSync(h.lock, 'utf8')).phase, 'started');
  const third = await run(h, ['start']);
  assert.match(third.stdout, /already running/, 'a finished start stays held after its process exits');
});

test('#11.7 a dangling-symlink lock or an unwritable lock directory: start does nothing and exits 1; stop still stops the guests, exit 1', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'web' }], auto: { 'db.cfg': 'db' } });
  mkdirSync(join(h.dir, 'lock'));
  symlinkSync(join(h.dir, 'nowhere'), h.lock);
  const [one, two] = await Promise.all([run(h, ['start']), run(h, ['start'])]);
  for (const r of [one, two]) {
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stderr, /xendomains: .*is a symlink.*nothing (done|started)/);
  }
  assert.equal(running(h), ['web'], 'nothing started without the lock');
  assert.is(existsSync(join(h.dir, 'nowhere')), false, 'the symlink was not followed');

  const u = scenarioHost({ domains: [{ id: 3, name: 'web' }], auto: { 'db.cfg': 'db' } });
  u.args = ['-c', u.sysconfig, '--lock-file', join(u.blocker, 'xendomains')];
  const start = await run(u, ['start']);
  assert.is(start.code, 1, start.stderr);
  assert.match(start.stderr, /cannot take the lock: .*ENOTDIR.*nothing done/);
  assert.equal(running(u), ['web']);
  const stop = await run(u, ['stop']);
  assert.is(stop.code, 1, stop.stderr);
  assert.match(stop.stderr, /stopping the guests without it/);
  assert.equal(running(u), [], 'stop did what the reference would');
});

test('#11.8 a planted symlink SAVE/alpha is moved aside, never written through; images owned by another user or writable by others are not restored', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'alpha' }], lock: '' });
  const victim = join(h.dir, 'victim');
  writeFileSync(victim, 'precious\n');
  symlinkSync(victim, join(h.saveDir, 'alpha'));
  const r = await run(h, ['stop']);
  assert.is(readFileSync(victim, 'utf8'), 'precious\n');
  assert.is(r.code, 1, 'loud');
  assert.match(r.stderr, /alpha was a symlink before the save: moved to .*partial@xendomains\/alpha\.symlink-/);
  assert.ok(readImage(join(h.saveDir, 'alpha')).complete, 'alpha itself is saved');

  const b = scenarioHost({ save: { mine: image(3, 'mine'), theirs: image(4, 'theirs'), open: image(5, 'open') } });
  chownSync(join(b.saveDir, 'theirs'), 1234, 1234);
  chmodSync(join(b.saveDir, 'open'), 0o666);
  const boot = await run(b, ['start']);
  assert.is(boot.code, 1, boot.stderr);
  assert.equal(running(b), ['mine']);
  assert.match(boot.stderr, /theirs is owned by uid 1234, not 0: not restored/);
  assert.match(boot.stderr, /open is writable by others \(mode 666\): not restored/);
  assert.equal(calls(b).filter((a) => a[0] === 'restore').map((a) => a[1]), [join(b.saveDir, 'mine')], 'xm never saw the untrusted images');
  assert.equal(Object.keys(saveDir(b)), ['open', 'theirs'], 'left where they are');

  // Lint reads the same facts from the host: XD4011 names SAVE and both images.
  chmodSync(b.saveDir, 0o1777);
  const lint = await run(b, ['lint'], { journal: false, xm: null });
  assert.is(lint.code, 1, lint.stderr + lint.stdout);
  const found = lint.stdout.split('\n').filter((l) => l.includes('XD4011'));
  assert.equal(found.length, 3, lint.stdout);
  assert.match(lint.stdout, /save is writable by everyone \(mode 1777, sticky\)/);
  assert.match(lint.stdout, /save\/theirs is owned by uid 1234, not root/);
  assert.match(lint.stdout, /save\/open is writable by everyone \(mode 666\)/);
});

test.run();
