// The real host's pieces on a real file system: the lock's meaning (empty,
// same boot, earlier boot, not ours), atomic creation and stale replacement,
// `mkdir -p` that cannot hang, quarantine renames, the process runner's group kill.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock, judgeLock, releaseLock } from '../../dist/src/exec/lock.js';
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

test('judgeLock: absent, empty (reference), same boot, earlier boot, unknown boot, not ours', () => {
  const rec = (bootId) => JSON.stringify({ pid: 9, bootId, verb: 'start', time: 't' });
  assert.equal(judgeLock(undefined, 'b1'), { state: 'absent' });
  assert.equal(judgeLock('', 'b1'), { state: 'held', why: 'empty' });
  assert.equal(judgeLock('\n', 'b1').state, 'held');
  assert.equal(judgeLock(rec('b1'), 'b1').why, 'same-boot');
  assert.equal(judgeLock(rec('b0'), 'b1').state, 'stale');
  assert.equal(judgeLock(rec('b0'), undefined).why, 'boot-unknown');
  assert.equal(judgeLock(rec(null), 'b1').why, 'boot-unknown');
  assert.equal(judgeLock('1234\n', 'b1').why, 'not-ours');
});

test('acquireLock on disk: creates the directory and a JSON lock; held stays held; stale is replaced; release is rm -f', async () => {
  const d = tmp();
  const host = realHost();
  const lock = join(d, 'var/lock/subsys/xendomains');
  assert.equal((await acquireLock(host, lock, 'start')).kind, 'created');
  const rec = JSON.parse(readFileSync(lock, 'utf8'));
  assert.equal([rec.pid, rec.bootId, rec.verb], [process.pid, host.bootId() ?? null, 'start']);
  assert.equal((await acquireLock(host, lock, 'start')).kind, 'held');
  writeFileSync(lock, JSON.stringify({ pid: 1, bootId: 'an-earlier-boot', verb: 'start', time: 'then' }));
  const again = await acquireLock(host, lock, 'start');
  assert.equal([again.kind, again.replaced?.bootId], ['created', 'an-earlier-boot']);
  assert.equal(readdirSync(join(d, 'var/lock/subsys')), ['xendomains'], 'no .break mutex left behind');
  assert.is(releaseLock(host, lock), undefined);
  assert.is(releaseLock(host, lock), undefined, 'absent is fine');
  writeFileSync(join(d, 'plain-file'), '');
  const blocked = await acquireLock(host, join(d, 'plain-file/xendomains'), 'start');
  assert.is(blocked.kind, 'error');
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
