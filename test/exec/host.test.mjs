// The real host's pieces on a real file system: the locks' meaning (empty,
// same boot, earlier boot, dead PID, not ours), atomic creation and stale replacement,
// `mkdir -p` that cannot hang, quarantine renames, the process runner's group kill.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock, dropRunLock, markStarted, releaseLock, takeRunLock } from '../../dist/src/exec/lock.js';
import { judgeRunLock, judgeServiceLock, runLockPath } from '../../dist/src/model/lock.js';
import { mkdirp, realHost } from '../../dist/src/exec/host.js';
import { compactUtc, quarantineImage } from '../../dist/src/exec/quarantine.js';
import { runCommand, runningCommandCount } from '../../dist/src/host/process.js';

/** Gone, or a zombie nobody reaped yet (this sandbox's init is slow to reap). */
function dead(pid) {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].startsWith('Z');
  } catch {
    return true;
  }
}

const dirs = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'xd-exec-host-'));
  dirs.push(d);
  return d;
};
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('judgeServiceLock: absent, empty (reference), started, earlier boot, unknown boot, not ours, an unfinished start of a dead PID', () => {
  const rec = (bootId, phase) => JSON.stringify({ pid: 9, bootId, verb: 'start', time: 't', ...(phase ? { phase } : {}) });
  const alive = (yes) => ({ bootId: 'b1', alive: () => yes });
  assert.equal(judgeServiceLock(undefined, alive(true)), { state: 'absent' });
  assert.equal(judgeServiceLock('', alive(false)), { state: 'held', why: 'empty' });
  assert.equal(judgeServiceLock('\n', alive(false)).state, 'held');
  assert.equal(judgeServiceLock(rec('b1'), alive(false)).why, 'started', 'a record without a phase is a finished start');
  assert.equal(judgeServiceLock(rec('b1', 'started'), alive(false)).why, 'started');
  assert.equal(judgeServiceLock(rec('b1', 'starting'), alive(true)).why, 'same-boot');
  assert.equal(judgeServiceLock(rec('b1', 'starting'), alive(false)), { state: 'stale', why: 'dead-pid', record: { pid: 9, bootId: 'b1', verb: 'start', time: 't', phase: 'starting' } });
  assert.equal(judgeServiceLock(rec('b0'), alive(true)).why, 'earlier-boot');
  assert.equal(judgeServiceLock(rec('b0'), { bootId: undefined, alive: () => true }).why, 'boot-unknown');
  assert.equal(judgeServiceLock(rec(null), alive(true)).why, 'boot-unknown');
  assert.equal(judgeServiceLock('1234\n', alive(false)).why, 'not-ours');
  assert.equal(judgeRunLock(rec('b1'), alive(false)).why, 'dead-pid', 'a run lock is held only while its process lives');
  assert.equal(judgeRunLock(rec('b1'), alive(true)).why, 'same-boot');
  assert.is(runLockPath('/var/lock/subsys/xendomains'), '/var/lock/subsys/.xendomains.run');
});

test('acquireLock on disk: creates the directory and a JSON lock; held stays held; stale is replaced; a symlink is refused; release is rm -f', () => {
  const d = tmp();
  const host = realHost();
  const lock = join(d, 'var/lock/subsys/xendomains');
  assert.equal(acquireLock(host, lock, 'start').kind, 'created');
  const rec = JSON.parse(readFileSync(lock, 'utf8'));
  assert.equal([rec.pid, rec.bootId, rec.verb, rec.phase], [process.pid, host.bootId() ?? null, 'start', 'starting']);
  assert.equal(acquireLock(host, lock, 'start').kind, 'held', 'our own process lives');
  assert.is(markStarted(host, lock, 'start'), undefined);
  assert.is(JSON.parse(readFileSync(lock, 'utf8')).phase, 'started');
  writeFileSync(lock, JSON.stringify({ pid: 1, bootId: 'an-earlier-boot', verb: 'start', time: 'then' }));
  const again = acquireLock(host, lock, 'start');
  assert.equal([again.kind, again.replaced?.record.bootId], ['created', 'an-earlier-boot']);
  assert.equal(readdirSync(join(d, 'var/lock/subsys')), ['xendomains'], 'no temporary file left behind');
  assert.is(releaseLock(host, lock), undefined);
  assert.is(releaseLock(host, lock), undefined, 'absent is fine');
  symlinkSync(join(d, 'nowhere'), lock);
  assert.match(acquireLock(host, lock, 'start').message, /is a symlink/);
  writeFileSync(join(d, 'plain-file'), '');
  const blocked = acquireLock(host, join(d, 'plain-file/xendomains'), 'start');
  assert.is(blocked.kind, 'error');
});

test('run lock: taken, waited for while its holder lives, stale once the holder is gone, dropped only by its owner', async () => {
  const d = tmp();
  const host = realHost();
  const lock = join(d, 'xendomains');
  const mine = await takeRunLock(host, lock, 'stop');
  assert.is(mine.kind, 'taken');
  // A second taker waits while we (a live PID) hold it, and gets it once we drop it.
  let waitedFor;
  const second = takeRunLock({ ...host, pid: () => process.pid + 1 }, lock, 'stop', { pollMs: 5, onWait: (holder) => (waitedFor = holder) });
  await new Promise((r) => setTimeout(r, 50));
  assert.is(waitedFor?.pid, process.pid);
  assert.is(dropRunLock(host, mine), undefined);
  const got = await second;
  assert.equal([got.kind, got.waited?.pid], ['taken', process.pid]);
  assert.is(dropRunLock(host, mine), undefined, 'not ours any more: left alone');
  assert.ok(readFileSync(runLockPath(lock), 'utf8').includes(`"pid":${process.pid + 1}`));
  // A holder that is gone: stale, replaced.
  writeFileSync(runLockPath(lock), JSON.stringify({ pid: 2 ** 22 + 12345, bootId: host.bootId() ?? null, verb: 'start', time: 't' }));
  const after = await takeRunLock(host, lock, 'start');
  assert.equal([after.kind, after.replaced?.why], ['taken', 'dead-pid']);
  dropRunLock(host, after);
  assert.equal(readdirSync(d), []);
  // A dangling symlink in its place: an error, never "keeps changing" and never a run without it.
  symlinkSync(join(d, 'nowhere'), runLockPath(lock));
  const bad = await takeRunLock(host, lock, 'start');
  assert.equal([bad.kind, /is a symlink/.test(bad.message)], ['error', true]);
});

test('mkdirp: makes every level, accepts existing ones, fails (never hangs) where it cannot', () => {
  const d = tmp();
  mkdirp(join(d, 'a/b/c'));
  mkdirp(join(d, 'a/b/c'));
  assert.equal(readdirSync(join(d, 'a/b')), ['c']);
  writeFileSync(join(d, 'file'), '');
  assert.throws(() => mkdirp(join(d, 'file/x/y')), /ENOTDIR/);
  assert.throws(() => mkdirp('/proc/xendomains-test-dir/save'), /ENOENT|EACCES|EPERM/);
});

test('quarantine on disk: into partial@xendomains with a UTC stamp; an absent image is left alone', () => {
  const d = tmp();
  const host = realHost();
  writeFileSync(join(d, 'web'), 'LinuxGuestRecord…');
  const moved = quarantineImage(host, join(d, 'web'));
  assert.ok(moved.moved);
  assert.match(moved.to, /\/partial@xendomains\/web\.partial-\d{8}T\d{6}Z$/);
  assert.equal(readdirSync(d), ['partial@xendomains']);
  assert.equal(quarantineImage(host, join(d, 'web')), { moved: false, reason: 'absent' });
  assert.is(compactUtc(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), '20240102T030405Z');
});

test('runCommand: the watchdog kills the whole process group (no orphan grandchild)', async () => {
  const d = tmp();
  const pidFile = join(d, 'grandchild');
  const r = await runCommand(['/bin/sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`], { timeoutMs: 300, killGraceMs: 500 });
  assert.ok(r.timedOut);
  const grandchild = Number(readFileSync(pidFile, 'utf8'));
  await new Promise((res) => setTimeout(res, 100));
  assert.ok(dead(grandchild), `grandchild ${grandchild} still running`);
  assert.is(runningCommandCount(), 0);
});

test('realHost.listDomains: parses xm list -l, and a failure is "unknown", not "none"', async () => {
  const d = tmp();
  writeFileSync(join(d, 'state.json'), JSON.stringify({ domains: [{ id: 0, name: 'Domain-0' }, { id: 3, name: 'web' }] }));
  const host = realHost({ stateFile: join(d, 'state.json') });
  assert.equal(await host.listDomains('xm'), { ok: true, domains: [{ id: 0, name: 'Domain-0' }, { id: 3, name: 'web' }] });
  const missing = await realHost().listDomains('/nonexistent/xm');
  assert.is(missing.ok, false);
  assert.match(missing.message, /command not found/);
});

test.run();
