// The simulator daemon is the simulator: the same scenarios (serial stop, a
// parallel stop with fail/hang/slow faults, start with restores and creates, direct
// calls) run with a simulator process per call and through the daemon (bash
// client, and the C client when it builds), and must leave the same xm call log,
// state, save directory and output. Also: a killed client's call never completes,
// and the daemon's lifecycle.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HANG_MAXWAIT, cleanupScenarios, run, saveDir, scenarioHost } from '../exec/sim-scenario.mjs';
import { cClient, startDaemon } from './sim-daemon.mjs';
import { cleanupHosts, DOM0, names, readLog, readState, simHost, sleepMs, xm, XM, xmAsync } from './sim-helpers.mjs';
import { writeImage } from './sim-image.mjs';
import { testIf } from '../tools.mjs';

const daemon = await startDaemon({ workers: 4 });
test.after(async () => {
  cleanupScenarios();
  cleanupHosts();
  await daemon.stop();
});

const C_CLIENT = cClient();
testIf(C_CLIENT !== undefined, 'no C compiler (apt-get install gcc libc6-dev): the C client of the xm simulator is not tested')('the C client builds and relays a call', () => {
  const r = spawnSync(C_CLIENT, ['list'], { encoding: 'utf8', env: { ...process.env, ...daemon.env, XM_SIM_STATE: join(scenarioHost({}).dir, 'state.json') } });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Domain-0 /m);
});
/** How xm is run: the executable and the environment it needs. */
const MODES = {
  process: { xm: XM, env: {} },
  daemon: { xm: XM, env: daemon.env },
  ...(C_CLIENT ? { 'daemon, C client': { xm: C_CLIENT, env: daemon.env } } : {}),
};
const CLIENTS = Object.entries(MODES).filter(([, m]) => m.env.XM_SIM_DAEMON);

/** Removes what legitimately differs between two runs: the directory, times, pids, durations. */
function normalise(text, dir) {
  return text
    .split(dir).join('<dir>')
    .replace(/\d+(\.\d)? s\b/g, '<t> s')
    .replace(/partial-\d{8}T\d{6}Z/g, 'partial-<stamp>')
    .replace(/\((migr|save|shut)\)\.+/g, '($1).');
}

/** The calls of an XM_SIM_LOG: argv and exit status (null: killed), in start order. */
function callLog(h) {
  const log = readLog({ log: h.log });
  const ends = new Map(log.filter((e) => e.event === 'end').map((e) => [e.pid, e.exit]));
  return log.filter((e) => e.event === 'start').map((e) => JSON.stringify([e.argv, ends.get(e.pid) ?? null]));
}

/** The state file with times reduced to whether they are set. */
function stateOf(h) {
  const s = JSON.parse(readFileSync(h.state, 'utf8'));
  const times = (o) => {
    for (const k of ['goneAt', 'startTime', 'rebootAt', 'at']) if (k in o) o[k] = typeof o[k];
    return o;
  };
  s.domains.forEach(times);
  s.departed?.forEach(times);
  s.departed?.sort((a, b) => a.name.localeCompare(b.name));
  return JSON.parse(normalise(JSON.stringify(s), h.dir));
}

/** Runs the same CLI verbs on two identical hosts, one per simulator mode; returns what each left. */
async function bothModes(setup, verbs, { parallel = false } = {}) {
  const out = {};
  await Promise.all(Object.entries(MODES).map(async ([mode, { xm, env }]) => {
    const h = scenarioHost(setup);
    const runs = [];
    for (const args of verbs) {
      const r = await run(h, args, { env, xm });
      const lines = normalise(r.stdout, h.dir).split('\n');
      runs.push({ code: r.code, signal: r.signal, stdout: parallel ? lines.sort() : lines, stderr: normalise(r.stderr, h.dir).split('\n').sort() });
    }
    const calls = callLog(h).map((c) => normalise(c, h.dir));
    out[mode] = { runs, calls: parallel ? calls.sort() : calls, state: stateOf(h), save: JSON.parse(normalise(JSON.stringify(saveDir(h)), h.dir)) };
  }));
  return out;
}

function assertSame(results) {
  const p = results.process;
  for (const [mode] of CLIENTS) {
    const d = results[mode];
    // The plans name the xm used; the C client's path is not test/sim/xm.
    const same = (x) => JSON.parse(JSON.stringify(x).split(MODES[mode].xm).join(XM));
    assert.equal(same(d.calls), p.calls, `${mode}: xm call log`);
    assert.equal(same(d.runs), p.runs, `${mode}: CLI exit and output`);
    assert.equal(d.state, p.state, `${mode}: simulator state`);
    assert.equal(d.save, p.save, `${mode}: save directory`);
  }
}

const web = { id: 3, name: 'web', memory: 512 };
const db = { id: 4, name: 'db', memory: 1024 };
const mail = { id: 5, name: 'mail' };

test('serial stop with SAVE, a failing save and its fallback, then start: same calls, state, images, output', async () => {
  const r = await bothModes({
    domains: [web, db, mail],
    auto: { 'web.cfg': 'web', 'extra.cfg': 'name = "ex" + "tra"\nmemory = 64\n' },
    faults: { db: { save: { fail: 'xc_save failed', delayMs: 50 } } },
  }, [['stop'], ['start']]);
  assertSame(r);
  const { runs, state, calls } = r.daemon;
  assert.equal(runs.map((x) => x.code), [0, 0]);
  // db's save failed and it was shut down instead; the non-literal config went through the compiler: `"ex" + "tra"`.
  assert.equal(state.domains.map((d) => d.name).sort(), ['Domain-0', 'extra', 'mail', 'web']);
  assert.ok(calls.some((c) => c.startsWith('[["restore",')), calls.join('\n'));
});

test('parallel stop with faults (fail, hang past STOP_MAXWAIT, slow, slow past it): same calls, state and output (HANG_MAXWAIT watchdog: room for a slow node start in the process mode)', async () => {
  const doms = ['ok1', 'ok2', 'fails', 'hangs', 'slow', 'slower', 'ok3'].map((name, i) => ({ id: 3 + i, name }));
  const r = await bothModes({
    domains: doms,
    faults: {
      fails: { shutdown: { fail: 'Domain is busy' } },
      hangs: { shutdown: { hang: true } },
      slow: { shutdown: { delayMs: 300 } },
      slower: { shutdown: { delayMs: 60_000 } },
    },
    sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_STOP_PARALLEL: '4', XENDOMAINS_STOP_MAXWAIT: String(HANG_MAXWAIT), XENDOMAINS_SHUTDOWN_ALL: '' },
  }, [['stop']], { parallel: true });
  assertSame(r);
  const { calls, state, runs } = r.daemon;
  assert.is(runs[0].code, 1);
  // The hung and the too-slow calls were killed: a start without an end.
  assert.equal(calls.filter((c) => c.endsWith(',null]')).sort(), ['[["shutdown","6","--halt","--wait"],null]', '[["shutdown","8","--halt","--wait"],null]']);
  assert.equal(state.domains.map((d) => d.name), ['Domain-0', 'fails', 'hangs', 'slower']);
  assert.is(state.domains.find((d) => d.name === 'hangs').goneAt, undefined);
});

test('parallel stop whose saves hang and fail: the same partial images are quarantined', async () => {
  const r = await bothModes({
    domains: [web, db, mail],
    faults: { web: { save: { hang: true } }, db: { save: { fail: 'xc_save failed', delayMs: 100 } } },
    sysconfig: { XENDOMAINS_STOP_PARALLEL: '3', XENDOMAINS_STOP_MAXWAIT: String(HANG_MAXWAIT) },
  }, [['stop']], { parallel: true });
  assertSame(r);
  const { save } = r.daemon;
  assert.equal(Object.entries(save).filter(([, v]) => Array.isArray(v)).map(([, v]) => v), [['db.partial-<stamp>', 'web.partial-<stamp>']]);
  assert.ok(save.mail >= 65536, JSON.stringify(save));
});

/** One direct call in each mode on two copies of the same state; returns both results and states. */
function direct(state, args, prepare = () => {}) {
  const out = {};
  for (const [mode, { xm: exe, env }] of Object.entries(MODES)) {
    const h = simHost(state);
    prepare(h);
    const r = xm(h, args, { env, xm: exe });
    out[mode] = { code: r.code, signal: r.signal, stdout: r.stdout.split(h.dir).join('<dir>'), stderr: r.stderr.split(h.dir).join('<dir>'), state: stateOf(h), log: callLog(h) };
  }
  return out;
}

test('direct calls: list, list -l, errors with usage and the `1` line, help, create, save, restore — byte for byte', () => {
  const state = { domains: [DOM0, web, { id: 4, name: 'db+1', memory: 2048, vcpus: 2, cpuTime: 812.5 }, { id: 6, name: "it's" }], faults: { web: { migrate: { fail: 'no route' } } } };
  const cases = [
    ['list'], ['list', '-l'], ['list', 'nope'], ['list', '--state=blocked'], ['list', '-v'], [], ['s'], ['bogus'], ['--help'], ['shutdown', '-h'],
    ['shutdown'], ['shutdown', 'web', '-H', '-R'], ['shutdown', '0'], ['migrate', 'web', 'peer', '--live'], ['migrate', 'web'], ['sysrq', 'web', 'ss'],
    ['sysrq', 'db+1', 's'], ['save', 'web', 'sub/web.img'], ['save', 'web', 'nodir/x/web.img'], ['save', '-c', 'web', 'web.img'], ['restore', 'img/db.img'],
    ['restore', 'img/short.img'], ['create', 'cfg/app.cfg'], ['create', '-q', '--path=cfg', 'app.cfg', 'memory=64'], ['create', '-n', 'cfg/app.cfg'],
    ['create', 'cfg/missing.cfg'], ['create', 'cfg/bad.cfg'], ['vcpu-list'], ['shutdown', 'web', '--wait'], ['shutdown', '--all', '--halt', '--wait'],
  ];
  const prepare = (h) => {
    mkdirSync(join(h.dir, 'sub'));
    mkdirSync(join(h.dir, 'img'));
    mkdirSync(join(h.dir, 'cfg'));
    const fd = openSync(join(h.dir, 'img/db.img'), 'w');
    writeImage(fd, { id: 9, name: 'db', memory: 256 });
    closeSync(fd);
    writeFileSync(join(h.dir, 'img/short.img'), 'LinuxGuest');
    writeFileSync(join(h.dir, 'cfg/app.cfg'), 'name = "app"\nmemory = 256\ndisk = [ "phy:sda1,xvda,w" ]\n');
    writeFileSync(join(h.dir, 'cfg/bad.cfg'), 'name = "bad"\nmemory = = 3\n');
  };
  for (const args of cases) {
    const r = direct(state, args, prepare);
    for (const [mode] of CLIENTS) assert.equal(r[mode], r.process, `${mode}: xm ${args.join(' ')}`);
  }
  const long = direct(state, ['list', '-l'], prepare).daemon;
  assert.ok(long.stdout.endsWith(')\n') && long.stdout.includes("(name 'db+1')"), long.stdout);
});

test('the environment travels: XM_SIM_STATE unset, a relative XM_SIM_LOG', () => {
  for (const [mode, { xm: exe, env }] of Object.entries(MODES)) {
    const h = simHost({ domains: [DOM0, web] });
    const r = xm(h, ['list'], { env: { ...env, XM_SIM_STATE: '' }, xm: exe });
    assert.equal([r.code, r.stderr], [1, 'Error: XM_SIM_STATE is not set; the xm simulator keeps its domains in that JSON file (see contrib/xm-simulator.md)\n'], mode);
    const rel = xm(h, ['list', 'web'], { env: { ...env, XM_SIM_STATE: 'state.json', XM_SIM_LOG: 'rel.log' }, xm: exe });
    assert.is(rel.code, 0, mode);
    assert.equal(readLog({ log: join(h.dir, 'rel.log') }).map((e) => e.event), ['start', 'end'], mode);
  }
});

for (const [mode, { xm: exe }] of CLIENTS) test(`${mode}: a killed client's call is dropped at once and never completes later; the daemon keeps serving`, async () => {
  const h = simHost({ domains: [DOM0, web, db], faults: { web: { save: { delayMs: 4000 } }, db: { shutdown: { hang: true } } } }); // long: still writing when killed, even under load
  // Its own process group, as the executor starts xm.
  const save = xmAsync(h, ['save', 'web', 'web.img'], { env: daemon.env, detached: true, xm: exe });
  const hang = xmAsync(h, ['shutdown', 'db', '--wait'], { env: daemon.env, xm: exe });
  const image = join(h.dir, 'web.img');
  // Both calls under way: the save has written, and the hang has logged its start.
  const underWay = () => existsSync(image) && statSync(image).size > 0 && readLog(h).filter((e) => e.event === 'start').length === 2;
  for (let i = 0; i < 500 && !underWay(); i++) await sleepMs(10);
  assert.ok(underWay(), 'both calls started');
  // The executor's watchdog signals the whole group; a plain kill of the client must do as well.
  process.kill(-save.child.pid, 'SIGTERM');
  hang.child.kill('SIGTERM');
  assert.is((await save).signal, 'SIGTERM');
  assert.is((await hang).signal, 'SIGTERM');
  const size = statSync(image).size;
  await sleepMs(4500); // past the save's 4 s: a call that lived on would have finished it by now
  assert.is(statSync(image).size, size, 'the image stopped growing');
  assert.ok(size < 65536, String(size));
  assert.equal(names(h), ['Domain-0', 'db', 'web']);
  assert.equal(readState(h).departed, undefined);
  assert.equal(readLog(h).map((e) => e.event), ['start', 'start']);
  assert.equal(readLog(h).map((e) => e.pid).sort(), [save.child.pid, hang.child.pid].sort());
  const after = xm(h, ['shutdown', 'web', '--wait'], { env: daemon.env, xm: exe });
  assert.equal([after.code, after.stdout], [0, 'Domain web terminated\nAll domains terminated\n']);
});

test('many calls at once through a small pool: each gets its own answer', async () => {
  const doms = Array.from({ length: 24 }, (_, i) => ({ id: 10 + i, name: `vm${String(i).padStart(2, '0')}` }));
  const h = simHost({ domains: [DOM0, ...doms], nextId: 40, faults: { '*': { shutdown: { delayMs: 200 } } } });
  const rs = await Promise.all(doms.map((d) => xmAsync(h, ['shutdown', d.name, '--wait'], { env: daemon.env })));
  for (const [i, r] of rs.entries()) assert.equal([r.code, r.stdout, r.stderr], [0, `Domain ${doms[i].name} terminated\nAll domains terminated\n`, '']);
  assert.equal(names(h), ['Domain-0']);
  assert.is(readLog(h).filter((e) => e.event === 'end' && e.exit === 0).length, 24);
});

test('a wrong token or no daemon: exit 1 with one line on stderr', () => {
  for (const [mode, { xm: exe }] of CLIENTS) {
    const h = simHost({ domains: [DOM0] });
    const wrong = xm(h, ['list'], { env: { XM_SIM_DAEMON: daemon.address.replace(/\/.*/, '/0000') }, xm: exe });
    assert.equal([wrong.code, wrong.stdout], [1, ''], mode);
    assert.match(wrong.stderr, /^Error: xm simulator: the daemon refused the call \([^\n]*\)\n$/, mode);
    const none = xm(h, ['list'], { env: { XM_SIM_DAEMON: '127.0.0.1:1/x' }, xm: exe });
    assert.equal([none.code, none.stderr], [1, 'Error: xm simulator: cannot reach the daemon at 127.0.0.1:1 (XM_SIM_DAEMON)\n'], mode);
    assert.equal(readLog(h), [], mode);
  }
});

test('lifecycle: the daemon exits when told, and when the process that started it dies', async () => {
  const d = await startDaemon({ workers: 1 });
  assert.equal(await d.stop(), { code: 0, signal: null });
  // A parent that starts a daemon, reports its pid and is then SIGKILLed (no chance to clean up).
  const parent = spawn(process.execPath, ['--input-type=module', '-e',
    `import { startDaemon } from ${JSON.stringify(new URL('./sim-daemon.mjs', import.meta.url).href)};
     const d = await startDaemon({ workers: 1 }); console.log(d.pid); setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = await new Promise((resolve) => parent.stdout.once('data', (b) => resolve(Number(String(b).trim()))));
  assert.ok(pid > 0);
  parent.kill('SIGKILL');
  let alive = true;
  for (let i = 0; i < 100 && alive; i++) {
    await sleepMs(50);
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
  }
  assert.not.ok(alive, `daemon ${pid} outlived its parent`);
});

test('without XM_SIM_DAEMON, test/sim/xm is the simulator process itself (the pid in the log is the one spawned)', async () => {
  const h = simHost({ domains: [DOM0, web] });
  const r = xmAsync(h, ['list', 'web']);
  const done = await r;
  assert.is(done.code, 0);
  assert.equal(readLog(h).map((e) => e.pid), [r.child.pid, r.child.pid]);
  assert.ok(XM.endsWith('test/sim/xm'));
});

test.run();
