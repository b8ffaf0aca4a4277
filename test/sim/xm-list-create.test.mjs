// xm simulator, part 1: dispatch, `list` (brief and SXP, parsed back with the
// project's parser), `create` (fast path and compiler, dry run, duplicates,
// faults) and the call log. Runs test/sim/xm as a real process.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseXmListLong } from '../../dist/src/plan/state.js';
import { cleanupHosts, DOM0, names, readLog, readState, simHost, xm } from './sim-helpers.mjs';

const HEADER = 'Name                                        ID   Mem VCPUs      State   Time(s)';

test.after.each(cleanupHosts);

test('list: xm 4.0 brief columns, sorted by name in byte order', () => {
  const h = simHost({ domains: [{ id: 7, name: 'alpha', memory: 512, vcpus: 2, cpuTime: 12.34 }, DOM0,
    { id: 3, name: 'Zed', memory: 256, state: '-b---d' }] });
  const r = xm(h, ['list']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, [HEADER,
    'Domain-0                                     0  1024     1     r-----      0.0',
    'Zed                                          3   256     1     -b---d      0.0',
    'alpha                                        7   512     2     -b----     12.3', ''].join('\n'));
  assert.is(r.stderr, '');
});

test('list NAME / ID; unknown domain is exit 3 with xend text', () => {
  const h = simHost({ domains: [DOM0, { id: 3, name: 'web', memory: 512 }] });
  assert.match(xm(h, ['list', 'web']).stdout, /^web +3 +512/m);
  assert.match(xm(h, ['list', '3']).stdout, /^web +3/m);
  const r = xm(h, ['list', 'web', 'nope']);
  assert.is(r.code, 3);
  assert.is(r.stderr, "Error: Domain 'nope' does not exist.\n");
  assert.is(r.stdout, '');
});

test('list -l: SXP that the project parser reads back; odd names quoted as Python repr', () => {
  const h = simHost({ domains: [DOM0, { id: 4, name: 'db+1', memory: 4096 }, { id: 5, name: "it's", memory: 64 },
    { id: 3, name: 'web-01', memory: 512, state: '-b----' }] });
  const r = xm(h, ['list', '--long']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith('(domain\n    (domid 0)\n'));
  assert.match(r.stdout, /^    \(name 'db\+1'\)$/m);
  assert.match(r.stdout, /^    \(name "it's"\)$/m);
  assert.match(r.stdout, /^    \(name web-01\)$/m);
  assert.match(r.stdout, /^    \(image \(linux \(kernel \) \(superpages 0\) \(nomigrate 0\) \(tsc_mode 0\)\)\)$/m);
  for (const line of r.stdout.split('\n')) assert.ok(line.length <= 80, line);
  const parsed = parseXmListLong(r.stdout, 'list.sxp');
  assert.equal(parsed.problems, []);
  assert.equal(parsed.domains.map((d) => [d.id, d.name, d.memory]), [[0, 'Domain-0', 1024], [4, 'db+1', 4096],
    [5, "it's", 64], [3, 'web-01', 512]]);
  assert.is(parsed.domains[3].state, '-b----');
  assert.is(xm(h, ['list', '-l', 'web-01']).stdout.match(/\(domain/g).length, 1);
});

test('list: option errors and --state with names, as xm prints them', () => {
  const h = simHost();
  let r = xm(h, ['list', '--bogus']);
  assert.is(r.code, 1);
  assert.is(r.stderr, 'Error: option --bogus not recognized\n1\n');
  assert.match(r.stdout, /^Usage: xm list/);
  r = xm(h, ['list', '--state=running', 'Domain-0']);
  assert.is(r.code, 1);
  assert.is(r.stderr, 'Error: You may specify either a state or a particular VM, but not both\n');
  assert.match(xm(h, ['list', '--state=running']).stdout, /Domain-0/);
});

test('domains whose shutdown finished (goneAt passed) are not listed', () => {
  const h = simHost({ domains: [DOM0, { id: 3, name: 'old', goneAt: Date.now() - 10 }, { id: 4, name: 'later', goneAt: Date.now() + 60000 }] });
  const r = xm(h, ['list']);
  assert.not.match(r.stdout, /old/);
  assert.match(r.stdout, /later/);
});

test('dispatch: unique prefixes, unknown and ambiguous subcommands, -h anywhere', () => {
  const h = simHost();
  assert.is(xm(h, ['li']).code, 0);
  let r = xm(h, ['frobnicate']);
  assert.is(r.code, 1);
  assert.is(r.stderr, 'Error: Subcommand frobnicate not found!\n');
  assert.match(r.stdout, /^Usage: xm <subcommand>/);
  assert.is(xm(h, ['s']).stderr, 'Error: Subcommand s not found!\n'); // save, shutdown, sysrq, …
  r = xm(h, ['migrate', 'web', 'host', '-h']);
  assert.is(r.code, 1);
  assert.match(r.stdout, /^Usage: xm migrate <Domain> <Host>/);
  assert.is(xm(h, ['-h']).code, 0);
});

test('state: XM_SIM_STATE required; a missing file reads as xend not running', () => {
  const h = simHost();
  let r = xm(h, ['list'], { env: { XM_SIM_STATE: '' } });
  assert.is(r.code, 1);
  assert.match(r.stderr, /^Error: XM_SIM_STATE is not set/);
  r = xm(h, ['list'], { env: { XM_SIM_STATE: join(h.dir, 'none.json') } });
  assert.is(r.code, 1);
  assert.is(r.stderr, 'Error: Unable to connect to xend: No such file or directory. Is xend running?\n');
  writeFileSync(h.state, '{"domains": [');
  assert.match(xm(h, ['list']).stderr, /is not valid JSON/);
});

function withConfigs(h, files) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(h.dir, 'auto'), { recursive: true });
    writeFileSync(join(h.dir, 'auto', name), text);
  }
}

test('create: Using/Started lines, new id from nextId, memory and vcpus from the config', () => {
  const h = simHost();
  withConfigs(h, { 'app.cfg': 'name = "app"\nmemory = 256\nvcpus = 2\n' });
  const r = xm(h, ['create', 'auto/app.cfg']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, 'Using config file "./auto/app.cfg".\nStarted domain app (id=10)\n');
  const s = readState(h);
  assert.is(s.nextId, 11);
  const app = s.domains.find((d) => d.name === 'app');
  assert.equal([app.id, app.memory, app.vcpus, app.state], [10, 256, 2, '-b----']);
  assert.equal(xm(h, ['create', '--quiet', '--defconfig', `${h.dir}/auto/app.cfg`]).stderr,
    "Error: VM name 'app' already exists as domain 10\n");
});

test('create --quiet prints nothing; name falls back to the --defconfig basename; memory defaults to 128', () => {
  const h = simHost();
  withConfigs(h, { plain: 'kernel = "/boot/vmlinuz"\n' });
  const r = xm(h, ['create', '-q', '-f', 'auto/plain']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, '');
  const d = readState(h).domains.find((x) => x.name === 'plain');
  assert.is(d.memory, 128);
});

test('create --dryrun prints (vm (name …) …) and changes nothing', () => {
  const h = simHost();
  withConfigs(h, { 'app.cfg': "name = 'app'\nmemory = 256\ndisk = ['phy:/dev/vg0/app,xvda,w']\n" });
  const before = readState(h);
  const r = xm(h, ['create', '--quiet', '--dryrun', '--defconfig', 'auto/app.cfg']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith('(vm\n    (name app)\n    (memory 256)\n'), r.stdout);
  assert.match(r.stdout, /\(device \(vbd \(uname phy:\/dev\/vg0\/app\) \(dev xvda\) \(mode w\)\)\)/);
  assert.equal(readState(h), before);
});

test('create with Python the fast path does not take: the project compiler decides the name', () => {
  const h = simHost();
  withConfigs(h, { web: 'vmid = 1\nname = "web-%02d" % vmid\nmemory = 2 * 256\n', simple: 'name = "simple"\nmemory = 300\n' });
  let r = xm(h, ['create', '-q', 'auto/web']);
  assert.is(r.code, 0, r.stderr);
  r = xm(h, ['create', '-q', 'auto/simple'], { env: { XM_SIM_COMPILER: 'always' } });
  assert.is(r.code, 0, r.stderr);
  const byName = Object.fromEntries(readState(h).domains.map((d) => [d.name, d.memory]));
  assert.is(byName['web-01'], 512);
  assert.is(byName.simple, 300);
});

test('create errors: missing or unreadable config, syntax error, invalid name, XML config', () => {
  const h = simHost();
  withConfigs(h, { bad: 'name = "x"\n  memory = 3\n', spaced: 'name = "a b"\n', 'x.xml': '<vm/>\n', locked: 'name="l"\n' });
  let r = xm(h, ['create', 'nothere']);
  assert.is(r.code, 1);
  assert.is(r.stderr, 'Error: Unable to open config file: nothere\n');
  r = xm(h, ['create', 'auto']);
  assert.is(r.stderr, 'Error: Unable to open config file: auto\n');
  r = xm(h, ['create', 'auto/bad']);
  assert.is(r.code, 1);
  assert.is(r.stderr, 'Error: Errors were found at line 2 while processing ./auto/bad:\n\t  memory = 3\n');
  assert.is(xm(h, ['create', 'auto/spaced']).stderr, 'Error: Invalid VM Name\n');
  r = xm(h, ['create', 'auto/x.xml']);
  assert.equal([r.code, r.stdout, r.stderr], [0, '', '']);
  if (process.getuid?.() !== 0) {
    chmodSync(join(h.dir, 'auto/locked'), 0);
    assert.is(xm(h, ['create', 'auto/locked']).stderr, 'Error: Unable to open config file: auto/locked\n');
  }
  assert.equal(names(h), ['Domain-0']);
});

test('create: --path search, VAR=VALUE overrides, options after the config', () => {
  const h = simHost();
  withConfigs(h, { app: 'name = "app"\nmemory = 256\n' });
  const r = xm(h, ['create', 'app', 'name=app2', 'memory=64', '--path=/nonexistent:auto', '--quiet']);
  assert.is(r.code, 0, r.stderr);
  assert.is(readState(h).domains.find((d) => d.name === 'app2')?.memory, 64);
  assert.is(xm(h, ['create', 'app', '--path=auto', 'memory=lots']).stderr, 'Error: Invalid value: lots\n1\n');
});

test('create faults: fail (with delay) keyed by the new name; dryrun has its own key', () => {
  const h = simHost({ faults: { app: { create: { fail: 'Device 51712 (vbd) could not be connected.', delayMs: 200 } },
    probe: { dryrun: { fail: 'boom' } } } });
  withConfigs(h, { app: 'name = "app"\n', probe: 'name = "probe"\n' });
  const t = Date.now();
  const r = xm(h, ['create', '-q', 'auto/app']);
  assert.ok(Date.now() - t >= 200);
  assert.is(r.code, 1);
  assert.is(r.stderr, 'Error: Device 51712 (vbd) could not be connected.\n');
  assert.is(xm(h, ['create', '-n', 'auto/probe']).stderr, 'Error: boom\n');
  assert.is(xm(h, ['create', '-q', 'auto/probe']).code, 0);
  assert.equal(names(h), ['Domain-0', 'probe']);
});

test('log: one start and one end line per call, with argv, pid and exit code', () => {
  const h = simHost();
  xm(h, ['list']);
  xm(h, ['list', 'nope']);
  const log = readLog(h);
  assert.equal(log.map((l) => [l.event, l.argv, l.exit]), [['start', ['list'], undefined], ['end', ['list'], 0],
    ['start', ['list', 'nope'], undefined], ['end', ['list', 'nope'], 3]]);
  assert.is(log[0].pid, log[1].pid);
  assert.ok(log[1].end >= log[1].start);
});

test.run();
