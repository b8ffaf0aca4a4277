// `xendomains compile-init` beyond the differential test: the script is
// ShellCheck-clean, its header names version, host tree, time and input digest,
// `--check` tells a current script from a stale one, a host whose plan is
// unknowable is refused, a config changed since compiling is still created (with
// a warning), SIGTERM mid-stop and two starts at once behave as the CLI's, the
// seeded fault test keeps its invariants (xm and xl hosts), a start killed during an
// xl restore is finished by the other implementation, and the chains are the planner's templates.
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { have, testIf } from '../tools.mjs';
import { ROOT } from '../helpers.mjs';
import { checkStop, scenario } from './fault-scenarios.mjs';
import { calls, cleanupScenarios, departed, killedCalls, run, running, saveDir, scenarioHost, sleep } from './sim-scenario.mjs';
import { readXlImage } from '../sim/sim-xl-format.mjs';
import { waitFor } from './sim-reboot.mjs';
import { cleanupHarness, compile, runScript, SHELLS, xmWrapper } from './init-script-harness.mjs';
import { RUNTIME_SH } from '../../dist/src/report/init-runtime.js';

const dash = SHELLS.find((s) => s.name === 'dash');
const busybox = SHELLS.find((s) => s.name === 'busybox ash');
const posix = SHELLS.find((s) => s.posix);

test.after(() => {
  cleanupScenarios();
  cleanupHarness();
});

const HOSTS = {
  full: { domains: [{ id: 3, name: 'web' }], auto: { 'web.cfg': 'web', 'db.cfg': 'db' }, sysconfig: { XENDOMAINS_SYSRQ: 's u', XENDOMAINS_MIGRATE: '--live peer' } },
  noSave: { auto: { 'web.cfg': 'web' }, sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_SHUTDOWN_ALL: '' } },
  autoOnlyParallel: { auto: { "o'brien.cfg": "o'brien" }, sysconfig: { XENDOMAINS_AUTO_ONLY: 'true', XENDOMAINS_STOP_PARALLEL: '4', XENDOMAINS_STOP_MAXWAIT: '' } },
  empty: { sysconfig: { XENDOMAINS_AUTO: null, XENDOMAINS_SAVE: null, XENDOMAINS_SHUTDOWN: null } },
  xlFull: { toolstack: 'xl', domains: [{ id: 3, name: 'web' }], auto: { 'web.cfg': 'web', 'anon.cfg': 'memory = 256\n' }, sysconfig: { XENDOMAINS_SYSRQ: 's', XENDOMAINS_MIGRATE: 'peer' } },
  xlNoSaveParallel: { toolstack: 'xl', auto: { 'web.cfg': 'web' }, sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_STOP_PARALLEL: '3', XENDOMAINS_AUTO_ONLY: 'true' } },
};

testIf(have('shellcheck'), 'shellcheck not installed (apt-get install shellcheck)')('the compiled script passes `shellcheck -s sh` with no finding, for several kinds of host', async () => {
  for (const [name, setup] of Object.entries(HOSTS)) {
    const h = scenarioHost(setup);
    await compile(h);
    const r = spawnSync('shellcheck', ['-s', 'sh', '-S', 'style', h.script], { encoding: 'utf8' });
    assert.is(r.status, 0, `${name}:\n${r.stdout}${r.stderr}`);
  }
});

test('the header: version, host tree, time, input digests, LSB and chkconfig blocks', async () => {
  const h = scenarioHost(HOSTS.full);
  await compile(h);
  const text = readFileSync(h.script, 'utf8');
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  assert.match(text, /^#!\/bin\/sh\n/);
  assert.match(text, new RegExp(`compiled by xendomains ${version.replace(/\./g, '\\.')} \\(compile-init\\)`));
  assert.match(text, /# Compiled: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  assert.match(text, /# xendomains-compile-init: version=\S+ inputs-sha256=[0-9a-f]{64}\n/);
  assert.match(text, /#   [0-9a-f]{64}  .*auto\/web\.cfg\n/);
  assert.match(text, /### BEGIN INIT INFO\n# Provides: +xendomains\n[\s\S]*### END INIT INFO/);
  assert.match(text, /# chkconfig: 345 98 01/);
  // Baked, never sourced: the sysconfig is not read at run time.
  assert.not.match(text, /\. .*xendomains"?\n|source /);
  assert.ok(text.includes(`XD_SAVE='${h.saveDir}'`));
});

test('the header of an xl host: toolstack xl, xl and xenstore-read at run time, LSB services xenstored and xenconsoled, not xend', async () => {
  const h = scenarioHost(HOSTS.xlFull);
  await compile(h);
  const text = readFileSync(h.script, 'utf8');
  assert.match(text, /toolstack: xl\n/);
  assert.match(text, /^# Required-Start: +\$syslog \$remote_fs xenstored xenconsoled$/m);
  assert.match(text, /^# Required-Stop: +\$syslog \$remote_fs xenstored xenconsoled$/m);
  assert.match(text, /^# Should-Start: .* xend /m);
  assert.match(text, /^XD_XM='.*\/xl'$/m);
  assert.match(text, /xd_exec 30 'xenstore-read' '\/tool\/xenstored\/domid'/);
  assert.match(text, /^XD_IMAGE_SIGNATURE='Xen saved domain'$/m);
  assert.match(text, /xl create --quiet --defconfig <config>/);
  assert.match(text, /anon\.cfg: not created/, 'a config without name is not created (X6), as the planner decides');
  // The xm host's header still requires xend.
  const x = scenarioHost(HOSTS.full);
  await compile(x);
  assert.match(readFileSync(x.script, 'utf8'), /^# Required-Start: +\$syslog \$remote_fs xend$/m);
  // --xl alone selects xl, as it does for the init verbs.
  const y = scenarioHost(HOSTS.xlFull);
  const r = await run({ ...y, args: y.args.filter((a) => a !== '--toolstack' && a !== 'xl') }, ['compile-init', '-q', '--out', join(y.dir, 'auto.init')], { journal: false });
  assert.is(r.code, 0, r.stderr);
  assert.match(readFileSync(join(y.dir, 'auto.init'), 'utf8'), /toolstack: xl\n/);
});

test('--check: 0 while the host tree matches, 1 after a config changed, 2 for an unreadable or foreign script', async () => {
  const h = scenarioHost(HOSTS.full);
  await compile(h);
  let r = await run(h, ['compile-init', '--check', h.script], { journal: false });
  assert.equal([r.code, r.stdout], [0, 'xendomains.init: up to date with the host tree\n']);
  writeFileSync(join(h.autoDir, 'db.cfg'), 'name = "db"\nmemory = 2048\n');
  r = await run(h, ['compile-init', '--check', h.script], { journal: false });
  assert.is(r.code, 1);
  assert.match(r.stdout, /out of date.*recompile/);
  writeFileSync(join(h.autoDir, 'new.cfg'), 'name = "new"\n');
  r = await run(h, ['compile-init', '--check', h.script], { journal: false });
  assert.is(r.code, 1, 'a new AUTO config makes the script stale');
  r = await run(h, ['compile-init', '--check', join(h.dir, 'missing')], { journal: false });
  assert.is(r.code, 2);
  r = await run(h, ['compile-init', '--check', h.sysconfig], { journal: false });
  assert.is(r.code, 2);
  assert.match(r.stderr, /not a script written by xendomains compile-init/);
});

test('a host whose plan is unknowable (an AUTO config without a name) is refused with the findings, exit 1', async () => {
  const h = scenarioHost({ auto: { 'web.cfg': 'web', 'odd.cfg': 'import os\nname = os.environ["X"]\n' } });
  const r = await run(h, ['compile-init', '--out', join(h.dir, 'x.init')], { journal: false });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /odd\.cfg:\d+:\d+: warning: .*XD1102/);
  assert.match(r.stderr, /xendomains: no init script: the domain name of .*odd\.cfg cannot be determined/);
  assert.is(existsSync(join(h.dir, 'x.init')), false);
});

test('a sysconfig bash cannot parse is refused with the findings, exit 1, and no script written', async () => {
  const h = scenarioHost({ auto: { 'web.cfg': 'web' } });
  writeFileSync(h.sysconfig, `${readFileSync(h.sysconfig, 'utf8')}XENDOMAINS_SYSRQ="s\n`);
  const r = await run(h, ['compile-init', '--out', join(h.dir, 'x.init')], { journal: false });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, /XD1001/);
  assert.match(r.stderr, /\nxendomains: no init script: the sysconfig cannot be parsed; fix the findings above\n$/);
  assert.is(existsSync(join(h.dir, 'x.init')), false);
});

testIf(dash.ok, dash.reason)('a config changed since compiling is still created by file, with a warning to recompile', async () => {
  const h = scenarioHost({ auto: { 'web.cfg': 'web' } });
  await compile(h, { xm: xmWrapper() });
  writeFileSync(join(h.autoDir, 'web.cfg'), 'name = "web"\nmemory = 512\n');
  const r = await runScript(h, dash, 'start');
  assert.is(r.code, 0, r.stderr);
  assert.equal(calls(h), [['list', '-l'], ['create', '--quiet', '--defconfig', `${h.autoDir}/web.cfg`]]);
  assert.match(r.stderr, /web\.cfg changed since this script was compiled: created by file, but its domain name may no longer be web; recompile/);
});

for (const shell of [dash, posix]) {
  testIf(shell.ok, shell.reason)(`SIGTERM mid-stop (${shell.name}): the step in hand finishes, no further step, survivors named, lock kept, exit 143`, async () => {
    const domains = [{ id: 3, name: 'a' }, { id: 4, name: 'b' }, { id: 5, name: 'c' }];
    const h = scenarioHost({ domains, sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_STOP_MAXWAIT: '30' }, faults: { a: { shutdown: { delayMs: 1200 } } }, lock: '' });
    await compile(h, { xm: xmWrapper() });
    let child;
    const pending = runScript(h, shell, 'stop', { onSpawn: (c) => (child = c) });
    for (let i = 0; i < 500 && !calls(h).some((a) => a[0] === 'shutdown'); i++) await sleep(20);
    await sleep(150);
    child.kill('SIGTERM');
    const r = await pending;
    assert.is(r.code, 143, r.stderr);
    assert.equal(calls(h), [['list', '-l'], ['shutdown', '3', '--halt', '--wait'], ['list', '-l']]);
    assert.equal(killedCalls(h), [], 'the step in hand was not killed');
    assert.equal(running(h), ['b', 'c']);
    assert.match(r.stderr, /SIGTERM: no new steps/);
    assert.match(r.stderr, /interrupted by SIGTERM: not done: b, c, all domains\n/);
    assert.match(r.stderr, /still running: b, c\n/);
    assert.is(existsSync(h.lock), true, 'an interrupted stop keeps the lock');
  });
}

testIf(dash.ok, dash.reason)('SIGINT twice: the command in flight is killed at once, exit 130', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'a' }], sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_STOP_MAXWAIT: '30' }, faults: { a: { shutdown: { hang: true } } }, lock: '' });
  await compile(h, { xm: xmWrapper() });
  let child;
  const started = Date.now();
  const pending = runScript(h, dash, 'stop', { onSpawn: (c) => (child = c) });
  for (let i = 0; i < 500 && !calls(h).some((a) => a[0] === 'shutdown'); i++) await sleep(20);
  await sleep(150);
  child.kill('SIGINT');
  await sleep(100);
  child.kill('SIGINT');
  const r = await pending;
  assert.is(r.code, 130, r.stderr);
  assert.ok(Date.now() - started < 20_000, 'not waiting for the 30 s watchdog');
  assert.equal(killedCalls(h), [['shutdown', '3', '--halt', '--wait']]);
  assert.match(r.stderr, /still running: a/);
});

testIf(dash.ok, dash.reason)('two starts at once: one runs, the other says "already running"; each config is created once', async () => {
  const h = scenarioHost({ auto: { 'a.cfg': 'a', 'b.cfg': 'b', 'c.cfg': 'c' }, sysconfig: { XENDOMAINS_CREATE_USLEEP: '200000' } });
  await compile(h, { xm: xmWrapper() });
  const [one, two] = await Promise.all([runScript(h, dash, 'start'), runScript(h, dash, 'start')]);
  assert.equal([one.code, two.code], [0, 0], one.stderr + two.stderr);
  assert.is([one, two].filter((r) => r.stdout.includes('xendomains already running (lockfile exists)')).length, 1, one.stdout + two.stdout);
  assert.equal(calls(h).filter((a) => a[0] === 'create').map((a) => a[3]), ['a', 'b', 'c'].map((n) => `${h.autoDir}/${n}.cfg`));
  assert.equal(running(h), ['a', 'b', 'c']);
});

// The run lock was once written in place: a second start read it empty and refused
// ("not written by xendomains"). Now it appears whole or not at all.
testIf(dash.ok, dash.reason)('the run lock under contention: six shells take and drop it 30 times each, none ever reads it half-written', async () => {
  const h = scenarioHost({});
  const runtime = join(h.dir, 'runtime.sh');
  writeFileSync(runtime, RUNTIME_SH);
  const driver = `. "$1"; XD_LOCK=$2/xendomains; i=0
while [ $i -lt 30 ]; do
  xd_run_take start || { echo "take failed: $xd_lerr"; exit 1; }
  xd_run_drop; i=$((i + 1))
done`;
  const one = () => new Promise((resolve) => {
    const child = spawn('dash', ['-c', driver, 'dash', runtime, h.dir], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
  const results = await Promise.all(Array.from({ length: 6 }, one));
  assert.equal(results.map((r) => r.code), [0, 0, 0, 0, 0, 0], results.map((r) => r.out).join(''));
  assert.not.ok(existsSync(join(h.dir, '.xendomains.run')), 'every holder dropped it');
});

testIf(dash.ok, dash.reason)('the journal: one JSON line before and after every step', async () => {
  const h = scenarioHost({ domains: [{ id: 3, name: 'web' }], lock: '' });
  await compile(h, { xm: xmWrapper() });
  const r = await runScript(h, dash, 'stop');
  assert.is(r.code, 0, r.stderr);
  const lines = readFileSync(h.journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.map((l) => l.event), ['run-start', 'step-start', 'step-end', 'run-end']);
  assert.equal(lines[1].argv.slice(1), ['save', '3', `${h.saveDir}/web`]);
  assert.equal([lines[2].ok, lines[2].exit, lines[2].timedOut], [true, 0, false]);
});

// The seeded fault test (faults.test.mjs) on the compiled script: a subset of its seeds, parallel and serial.
const FAULT_RUNS = [
  { seed: 1000, shell: dash },
  { seed: 1000 + 3 * 7919, shell: busybox },
  { seed: 1000 + 5 * 7919, shell: posix },
];
for (const { seed, shell } of FAULT_RUNS) {
  testIf(shell.ok, shell.reason)(`random faults, seed ${seed}, compiled script under ${shell.name}: nothing lost, every survivor named`, async () => {
    const s = scenario(seed);
    const h = scenarioHost({ domains: s.domains, faults: s.faults, refuseHosts: [], sysconfig: s.sysconfig, lock: '' });
    await compile(h, { xm: xmWrapper() });
    const r = await runScript(h, shell, 'stop');
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    checkStop(h, s, r);
  });
}

// The journal is one format for both: a start killed during a restore by one is finished by the other.
for (const [first, second] of [['script', 'CLI'], ['CLI', 'script']]) {
  testIf(dash.ok, dash.reason)(`xl: a ${first} start killed (SIGKILL) during a restore that goes through; the ${second}'s next start reads the journal, deletes the image, does not restore it again`, async () => {
    const image = (id, name) => ({ image: { id, name } });
    const h = scenarioHost({ toolstack: 'xl', save: { alpha: image(3, 'alpha'), beta: image(4, 'beta') }, faults: { alpha: { restore: { delayMs: 1500 } } } });
    await compile(h, { xm: xmWrapper('xl') });
    let child;
    const starting = first === 'script' ? runScript(h, dash, 'start', { onSpawn: (c) => (child = c) }) : run(h, ['start'], { onSpawn: (c) => (child = c), xm: h.compiledFor });
    await waitFor(() => calls(h).some((a) => a[0] === 'restore' && a[1].endsWith('/alpha')), 'the restore of alpha has started');
    child.kill('SIGKILL');
    await starting;
    await waitFor(() => running(h).includes('alpha'), 'the orphaned xl restore has finished');
    assert.ok(saveDir(h).alpha, 'the killed start could not delete the image');
    const r = second === 'script' ? await runScript(h, dash, 'start') : await run(h, ['start'], { xm: h.compiledFor });
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /alpha runs: its restore from .*\/save\/alpha, left unfinished by a start that was killed, went through \(journal\); the image is deleted/);
    assert.equal(calls(h).filter((a) => a[0] === 'restore').map((a) => a[1].split('/').pop()), ['alpha', 'beta'], 'alpha restored once, beta by the second start');
    assert.equal(running(h), ['alpha', 'beta']);
    assert.equal(saveDir(h), {});
  });
}

/**
 * The same invariants for an xl host (fault-scenarios.mjs' checkStop reads xm images): every domain
 * left or is named with a non-zero exit; every file in SAVE is a complete xl image of a domain that
 * left by save; a save that went through unreported is quarantined and named; every quarantined file is named.
 */
function checkXlStop(h, s, r) {
  const how = departed(h);
  const left = running(h);
  const failedLine = r.stderr.match(/^xendomains: stop failed for (.*)$/m)?.[1] ?? '';
  const stillLine = r.stderr.match(/^xendomains: still running: (.*)$/m)?.[1]?.split(', ') ?? [];
  const context = `xl seed ${s.seed} (parallel ${s.parallel}): exit ${r.code}\n${r.stderr}`;
  for (const d of s.domains) {
    if (how[d.name]) continue;
    assert.ok(left.includes(d.name), `${d.name} vanished without a trace; ${context}`);
    assert.ok(r.code !== 0 && new RegExp(`(^|[ ;])${d.name}(,|$)`).test(failedLine) && stillLine.includes(d.name), `${d.name} is still running but not named; ${context}`);
  }
  if (r.code === 0) assert.equal(left, [], context);
  const restorable = readdirSync(h.saveDir).filter((n) => n !== 'partial@xendomains');
  for (const name of restorable) {
    const image = readXlImage(join(h.saveDir, name));
    assert.ok(image.complete && image.name === name && how[name] === 'save', `${name} in SAVE is not a complete image of a saved domain; ${context}`);
  }
  for (const d of s.domains) {
    if (how[d.name] === 'save' && !restorable.includes(d.name)) assert.match(r.stderr, new RegExp(`the save of ${d.name} did not complete: its partial image was moved to .*partial@xendomains/${d.name}\\.partial-`), `${d.name}'s image is lost; ${context}`);
  }
  const quarantined = existsSync(join(h.saveDir, 'partial@xendomains')) ? readdirSync(join(h.saveDir, 'partial@xendomains')) : [];
  for (const q of quarantined) assert.ok(r.stderr.includes(q), `quarantined ${q} is not reported; ${context}`);
}

for (const { seed, shell } of [{ seed: 5000 + 11 * 7919, shell: dash }, { seed: 5000 + 13 * 7919, shell: posix }]) {
  testIf(shell.ok, shell.reason)(`random faults on an xl host, seed ${seed}, compiled script under ${shell.name}: nothing lost, every survivor named`, async () => {
    const s = { ...scenario(seed), seed };
    const sysconfig = { ...s.sysconfig, XENDOMAINS_SHUTDOWN_ALL: s.sysconfig.XENDOMAINS_SHUTDOWN_ALL ? '--all --wait' : '' };
    const h = scenarioHost({ toolstack: 'xl', domains: s.domains, faults: s.faults, refuseHosts: [], sysconfig, lock: '' });
    await compile(h, { xm: xmWrapper('xl') });
    const r = await runScript(h, shell, 'stop');
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    checkXlStop(h, s, r);
  });
}

test('posixCksum is POSIX cksum', async () => {
  const { posixCksum } = await import('../../dist/src/plan/cksum.js');
  for (const text of ['', 'a', 'name = "web"\nmemory = 256\n', 'x'.repeat(70000)]) {
    const r = spawnSync('cksum', { input: text, encoding: 'utf8' });
    assert.is(posixCksum(Buffer.from(text)), r.stdout.trim(), JSON.stringify(text.slice(0, 20)));
  }
});

test('one source of truth: the planned stop chain of each domain is the compiled template, instantiated', async () => {
  const { initProgram, planStop } = await import('../../dist/src/plan/planner.js');
  const { instantiate } = await import('../../dist/src/plan/template.js');
  const { compileSysconfig } = await import('../../dist/src/model/sysconfig-compile.js');
  const { effectiveSettings } = await import('../../dist/src/model/settings.js');
  const settings = effectiveSettings(compileSysconfig('XENDOMAINS_SYSRQ="s"\nXENDOMAINS_MIGRATE="--live peer"\nXENDOMAINS_SAVE=/save\nXENDOMAINS_SHUTDOWN="--halt --wait"\nXENDOMAINS_SHUTDOWN_ALL="--all"\nXENDOMAINS_STOP_MAXWAIT=60\nXENDOMAINS_USLEEP=5\n', 'xendomains'));
  const base = { settings, auto: undefined, savePath: '/save', xm: 'xm', inputs: {} };
  const domains = [{ id: 0, name: 'Domain-0' }, { id: 3, name: 'web' }, { id: 7, name: '-odd' }];
  const plan = planStop({ ...base, saved: [], lockPresent: false, state: { domains, source: 'json', problems: [] } });
  const program = initProgram(base);
  const strip = (s) => ({ argv: s.argv, phase: s.phase, timeoutSeconds: s.timeoutSeconds, sleepAfterMicros: s.sleepAfterMicros, sleepWhen: s.sleepWhen, onSuccess: s.onSuccess, onFailure: s.onFailure, image: s.image, ensureDir: s.ensureDir });
  for (const d of domains.slice(1)) {
    const planned = plan.steps.filter((s) => s.domid === d.id).map(strip);
    const safe = !d.name.startsWith('-');
    assert.equal(planned, instantiate(program.stop.chain, { domid: d.id, name: d.name }, safe).map(strip), d.name);
  }
  assert.equal(strip(plan.steps.at(-1)), strip(instantiate([program.stop.shutdownAll], {})[0]));
});

test.run();
