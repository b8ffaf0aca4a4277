// xm simulator, part 3: many xm processes at once (parallel shutdown --wait,
// parallel creates), hung commands killed with SIGTERM (partial image, a log
// start without an end), stale locks, and the simulator's start-up time (printed).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupHosts, DOM0, names, readLog, readState, simHost, sleepMs, xm, XM, xmAsync } from './sim-helpers.mjs';

test.after.each(cleanupHosts);

test('20 parallel `shutdown --wait` with delays finish in about the longest delay; state stays consistent', async () => {
  const doms = Array.from({ length: 20 }, (_, i) => ({ id: 10 + i, name: `vm${String(i).padStart(2, '0')}`, memory: 256 }));
  const faults = Object.fromEntries(doms.map((d, i) => [d.name, { shutdown: { delayMs: 300 + 20 * i } }]));
  const h = simHost({ domains: [DOM0, ...doms], nextId: 40, faults });
  const t = Date.now();
  const results = await Promise.all(doms.map((d) => xmAsync(h, ['shutdown', d.name, '--wait'])));
  const wall = Date.now() - t;
  const sum = doms.reduce((a, _, i) => a + 300 + 20 * i, 0);
  console.log(`  20 parallel shutdown --wait: ${wall} ms wall (longest delay 680 ms, sum ${sum} ms)`);
  for (const [i, r] of results.entries()) {
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stdout, `Domain ${doms[i].name} terminated\nAll domains terminated\n`);
  }
  // Node start-up of 20 processes on a small machine dominates the wall time, so judge by the
  // simulator's own log: each call lasts about its own delay, and they overlap.
  const ends = readLog(h).filter((l) => l.event === 'end');
  for (const l of ends) {
    const delay = faults[l.argv[1]].shutdown.delayMs;
    // Serialised waits would add up (the 20th would wait ~9 s); 3 s is room for a loaded machine.
    assert.ok(l.end - l.start >= delay && l.end - l.start < delay + 3000, `${l.argv[1]}: ${l.end - l.start} ms`);
  }
  const span = Math.max(...ends.map((l) => l.end)) - Math.min(...ends.map((l) => l.start));
  console.log(`  first start to last end in the log: ${span} ms`);
  // They overlap: some call started before another one ended (an order, not a duration).
  const overlapping = ends.some((a) => ends.some((b) => a !== b && b.start < a.end && a.start < b.end));
  assert.ok(wall >= 680 && overlapping, `${wall} / ${span}`);
  const s = readState(h);
  assert.equal(s.domains.map((d) => d.name), ['Domain-0']);
  assert.equal(s.departed.map((d) => d.name).sort(), doms.map((d) => d.name));
  assert.is(s.nextId, 40);
  assert.not.ok(existsSync(`${h.state}.lock`));
  const log = readLog(h);
  assert.is(log.filter((l) => l.event === 'end' && l.exit === 0).length, 20);
});

test('parallel creates get distinct ids; a duplicate name is refused exactly once', async () => {
  const h = simHost();
  mkdirSync(join(h.dir, 'auto'));
  for (let i = 0; i < 12; i++) writeFileSync(join(h.dir, 'auto', `c${i}`), `name = "c${i % 10}"\nmemory = 64\n`);
  const rs = await Promise.all(Array.from({ length: 12 }, (_, i) => xmAsync(h, ['create', '-q', `auto/c${i}`])));
  assert.equal(rs.filter((r) => r.code === 0).length, 10);
  const refused = rs.filter((r) => r.code !== 0);
  assert.is(refused.length, 2);
  for (const r of refused) assert.match(r.stderr, /^Error: VM name 'c[01]' already exists as domain 1\d\n$/);
  const ids = readState(h).domains.map((d) => d.id);
  assert.is(new Set(ids).size, ids.length);
  assert.is(ids.length, 11);
});

test('a hung save killed with SIGTERM leaves a partial image; the log has a start, the point where it hung, and no end', async () => {
  const h = simHost({ domains: [DOM0, { id: 3, name: 'web', memory: 512 }], faults: { web: { save: { hang: true } } } });
  const run = xmAsync(h, ['save', 'web', 'web.img']);
  const image = join(h.dir, 'web.img');
  for (let i = 0; i < 100 && !(existsSync(image) && statSync(image).size > 0); i++) await sleepMs(20);
  await sleepMs(100);
  run.child.kill('SIGTERM');
  const r = await run;
  assert.is(r.signal, 'SIGTERM');
  const img = readFileSync(image);
  assert.is(img.subarray(0, 16).toString('latin1'), 'LinuxGuestRecord');
  assert.ok(img.length < 65536, String(img.length));
  const log = readLog(h);
  assert.equal(log.map((l) => l.event), ['start', 'hang']);
  assert.is(log[1].pid, run.child.pid);
  assert.is(log[0].pid, run.child.pid);
  assert.equal(names(h), ['Domain-0', 'web']);
  assert.match(xm(h, ['restore', 'web.img']).stderr, /Domain 'web' already exists/);
});

/** A hung save with the xendFinishes fault, killed once it hangs (the log says where); the image is then moved aside as xendomains does. */
async function killedSave(when) {
  const h = simHost({ domains: [DOM0, { id: 3, name: 'web', memory: 512 }], faults: { web: { save: { hang: true, xendFinishes: when } } } });
  const run = xmAsync(h, ['save', 'web', 'web.img']);
  for (let i = 0; i < 3000 && !readLog(h).some((l) => l.event === 'hang'); i++) await sleepMs(20);
  run.child.kill('SIGTERM');
  assert.is((await run).signal, 'SIGTERM');
  const at = join(h.dir, 'aside');
  mkdirSync(at);
  const moved = join(at, 'web.partial');
  renameSync(join(h.dir, 'web.img'), moved);
  return { h, moved, size: statSync(moved).size };
}

test('xendFinishes before-shutdown: the whole image was written, the domain stays listed until the next shutdown, which finds it gone', async () => {
  const { h, moved, size } = await killedSave('before-shutdown');
  assert.ok(size >= 65536, String(size));
  assert.equal(names(h), ['Domain-0', 'web'], 'listed after the kill');
  assert.equal(xm(h, ['list', 'web']).code, 0, 'a listing does not trigger it');
  const r = xm(h, ['shutdown', '3', '--halt', '--wait']);
  assert.is(r.code, 3, 'xend: no such domain');
  assert.match(r.stderr, /does not exist/);
  assert.equal(names(h), ['Domain-0']);
  assert.equal(readState(h).departed.map((d) => [d.name, d.how, d.file]), [['web', 'save', join(h.dir, 'web.img')]]);
  assert.is(statSync(moved).size, size, 'nothing more written');
  assert.equal(readState(h).xendSaves, []);
});

test('xendFinishes during-shutdown: xend writes the rest into the moved file and the domain goes while the shutdown waits', async () => {
  const { h, moved, size } = await killedSave('during-shutdown');
  assert.ok(size > 0 && size < 65536, String(size));
  assert.equal(names(h), ['Domain-0', 'web']);
  const r = xm(h, ['shutdown', '3', '--halt', '--wait']);
  assert.equal([r.code, r.stdout], [0, 'Domain web terminated\nAll domains terminated\n']);
  assert.ok(statSync(moved).size >= 65536, 'the image grew to its whole size where it was moved');
  const img = readFileSync(moved);
  assert.is(img.subarray(0, 16).toString('latin1'), 'LinuxGuestRecord');
  assert.equal(readState(h).departed.map((d) => [d.name, d.how]), [['web', 'save']]);
  assert.equal(xm(h, ['restore', moved]).code, 0, 'a complete image: it restores');
});

test('a hung shutdown --wait dies on SIGTERM and the domain keeps running', async () => {
  const h = simHost({ domains: [DOM0, { id: 3, name: 'web' }], faults: { web: { shutdown: { hang: true } } } });
  const run = xmAsync(h, ['shutdown', 'web', '--wait']);
  await sleepMs(300);
  run.child.kill('SIGTERM');
  const r = await run;
  assert.is(r.signal, 'SIGTERM');
  assert.equal(names(h), ['Domain-0', 'web']);
  assert.is(readState(h).domains[1].goneAt, undefined);
});

test('a stale lock (dead owner, or older than 5 s) is broken; a live fresh lock is waited for', async () => {
  const h = simHost({ domains: [DOM0, { id: 3, name: 'web' }] });
  const lock = `${h.state}.lock`;
  writeFileSync(lock, '999999999\n'); // no such process
  assert.is(xm(h, ['sysrq', 'web', 's']).code, 0);
  writeFileSync(lock, `${process.pid}\n`);
  const old = new Date(Date.now() - 10_000);
  utimesSync(lock, old, old);
  assert.is(xm(h, ['sysrq', 'web', 'u']).code, 0);
  writeFileSync(lock, `${process.pid}\n`); // held by this (live) process
  const run = xmAsync(h, ['sysrq', 'web', 'o']);
  await sleepMs(300);
  assert.equal(readState(h).domains[1].sysrq, ['s', 'u']);
  spawnSync('rm', ['-f', lock]);
  assert.is((await run).code, 0);
  assert.equal(readState(h).domains[1].sysrq, ['s', 'u', 'o']);
  assert.not.ok(existsSync(lock));
});

test('start-up time of the simulator (printed, not asserted: budgets live in bench/)', () => {
  const h = simHost({ domains: [DOM0, { id: 3, name: 'web' }] });
  const time = (cmd, args) => {
    const ms = [];
    for (let i = 0; i < 9; i++) {
      const t = process.hrtime.bigint();
      spawnSync(cmd, args, { env: { ...process.env, ...h.env }, cwd: h.dir });
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return ms.sort((a, b) => a - b)[4];
  };
  const node = time(process.execPath, ['-e', '0']);
  const list = time(XM, ['list']);
  const listLong = time(XM, ['list', '-l']);
  console.log(`  median wall per call: node -e 0 ${node.toFixed(1)} ms, xm list ${list.toFixed(1)} ms, xm list -l ${listLong.toFixed(1)} ms`);
  assert.ok(list > 0);
});

test.run();
