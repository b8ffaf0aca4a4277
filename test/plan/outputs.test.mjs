// The plan's three outputs: the JSON contract (reading a saved plan back, with
// clear errors), the text report, and the sh script — which is also run, with a
// fake xm that logs its calls, to check fallbacks, watchdog, lock and exit status.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { parsePlanJson, planToJson } from '../../dist/src/plan/plan-json.js';
import { formatPlanSh, shQuote, sleepSeconds } from '../../dist/src/report/plan-sh.js';
import { formatPlanText } from '../../dist/src/report/plan-text.js';
import { planStart, planStop, planRestart, planStatus, input, sysconfig, cfg, checkedPlans } from './fixture.mjs';

// ---------------------------------------------------------------- JSON

test('json: a plan reads back; version, syntax, schema and consistency errors are clear', () => {
  const plan = planStop(input({ domains: [[3, 'db'], [4, 'web']] }));
  const json = planToJson(plan);
  assert.ok(json.endsWith('\n'));
  assert.equal(parsePlanJson(json).plan, plan);
  const bad = (mutate) => {
    const data = JSON.parse(json);
    mutate(data);
    return parsePlanJson(JSON.stringify(data), 'p.json');
  };
  assert.match(parsePlanJson('{', 'p.json').errors[0], /^p\.json: not JSON/);
  assert.match(parsePlanJson('[]', 'p.json').errors[0], /not a xendomains plan/);
  assert.match(bad((d) => (d.version = 2)).errors[0], /has version 2; this xendomains reads plan version 1/);
  assert.match(bad((d) => delete d.version).errors[0], /has no "version"/);
  assert.match(bad((d) => (d.steps[0].phase = 'destroy')).errors.join('\n'), /steps\[0\]\.phase must be one of "restore"/);
  assert.match(bad((d) => (d.steps[0].bogus = 1)).errors.join('\n'), /steps\[0\] has an unknown property "bogus"/);
  assert.match(bad((d) => (d.inputs['x'] = 'nope')).errors.join('\n'), /inputs\.x must match pattern/);
  assert.match(bad((d) => (d.steps[1].argv[0] = '/bin/rm')).errors.join('\n'), /argv\[0\] is "\/bin\/rm", not the plan's xm/);
  assert.match(bad((d) => (d.steps[1].id = 7)).errors.join('\n'), /steps\[1\]\.id is 7, expected 2/);
  assert.match(bad((d) => (d.steps[3].chain = 1)).errors.join('\n'), /chain 1 is split/);
});

// ---------------------------------------------------------------- text

test('text: per domain, numbered steps, argv, fallbacks, watchdog, sleeps, notes with Q-numbers, summary, timeline', () => {
  const config = sysconfig({ XENDOMAINS_SYSRQ: '"s"', XENDOMAINS_STOP_PARALLEL: '2' });
  const plan = planStop(input({ config, domains: [[3, 'db'], [5, 'db+1'], [7, 'web']] }));
  const text = formatPlanText(plan);
  assert.match(text, /^xendomains plan: stop/);
  assert.match(text, /domain db \(id 3\) {2}\[lane 1\]\n {3}1\. \/usr\/sbin\/xm sysrq 3 s\n/);
  assert.match(text, /mkdir -p \/var\/lib\/xen\/save && \/usr\/sbin\/xm save 3 \/var\/lib\/xen\/save\/db/);
  assert.match(text, /watchdog 300 s; then sleep 0\.001 s if it succeeds/);
  assert.match(text, /→ on success: done · on failure: next step/);
  assert.match(text, /\[Q8\] the save image is \/var\/lib\/xen\/save\/db\+1/);
  assert.match(text, /Plan: 10 steps \(3 domains to stop\), stopping in 2 lanes; sleeps alone take 0\.202 s \(the xm commands. own time not counted\); worst case 2100\.2 s \(35 min 0\.2 s\)\./);
  assert.match(text, /\n {2}lane 1 \|db/);
  assert.match(text, /\n {2}lane 2 \|db\+1/);
  assert.match(text, /\n {2}after {2}\s+\|all/);
  assert.not.match(text, /\x1b\[/, 'no colour without a Chalk instance');
  assert.match(formatPlanText(plan, { chalk: new Chalk({ level: 1 }) }), /\x1b\[/);
});

test('text: names with control characters cannot reach the terminal raw', () => {
  const plan = planStop(input({ config: sysconfig({ XENDOMAINS_SAVE: '""' }), domains: [[3, 'evil\x1b]0;pwned\x07']] }));
  const text = formatPlanText(plan);
  assert.not.match(text, /[\x07\x1b]/);
  assert.match(text, /domain evil\\x1b\]0;pwned\\x07 \(id 3\)/);
});

test('text: lock present, status', () => {
  assert.match(formatPlanText(planStart(input({ lock: true }))), /xendomains already running \(lockfile exists\): nothing to do/);
  const status = formatPlanText(planStatus(input({ auto: [{ file: 'a.cfg', text: cfg('a') }], lock: true })));
  assert.match(status, /a {2}MISSING/);
  assert.match(status, /Status: dead \(exit 1\)/);
});

// ---------------------------------------------------------------- sh

test('sh: every word single-quoted, quotes inside escaped; sleeps in seconds', () => {
  assert.is(shQuote("it's"), `'it'\\''s'`);
  assert.is(shQuote('$(rm -rf /)'), `'$(rm -rf /)'`);
  assert.equal([1000, 100000, 5000000, 1, 1500000].map(sleepSeconds), ['0.001', '0.1', '5', '0.000001', '1.5']);
  const plan = planStop(input({ config: sysconfig({ XENDOMAINS_SAVE: `"/srv/it's here"` }), domains: [[3, 'db']] }));
  const sh = formatPlanSh(plan);
  assert.ok(sh.includes(`'/usr/sbin/xm' 'save' '3' '/srv/it'\\''s here/db'`));
  assert.ok(sh.startsWith('#!/bin/sh\n'));
  assert.match(sh, /\nset -u\n/);
});

/** A fake xm: logs each call, fails calls matching $XD_FAIL, hangs on $XD_HANG, lists a domU when $XD_REMAIN is set. */
function host() {
  const dir = mkdtempSync(join(tmpdir(), 'xd-plan-sh-'));
  const xm = join(dir, 'xm');
  writeFileSync(
    xm,
    `#!/bin/sh
printf '%s\\n' "$*" >> "$XD_LOG"
if [ "$1" = list ]; then
  [ -n "\${XD_REMAIN:-}" ] && printf '(domain\\n    (domid 3)\\n    (name db)\\n)\\n'
  exit 0
fi
if [ -n "\${XD_HANG:-}" ] && printf '%s' "$*" | grep -Eq -- "$XD_HANG"; then exec sleep 30; fi
if [ -n "\${XD_FAIL:-}" ] && printf '%s' "$*" | grep -Eq -- "$XD_FAIL"; then echo "xm: $1 failed" >&2; exit 1; fi
exit 0
`,
  );
  chmodSync(xm, 0o755);
  return { dir, xm, lock: join(dir, 'lock', 'xendomains'), log: join(dir, 'calls.log') };
}

function runSh(h, plan, env = {}) {
  const script = join(h.dir, 'plan.sh');
  writeFileSync(script, formatPlanSh(plan));
  const r = spawnSync('sh', [script], { encoding: 'utf8', env: { PATH: process.env.PATH, XD_LOG: h.log, ...env }, timeout: 20000 });
  const calls = existsSync(h.log) ? readFileSync(h.log, 'utf8').trim().split('\n').filter(Boolean) : [];
  rmSync(h.log, { force: true });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls };
}

const withXm = (h, extra) => ({ ...input(extra), xm: h.xm, lockFile: h.lock });

test('sh run: fallback chain — migrate fails, save succeeds, shutdown skipped; exit 0; lock removed', () => {
  const h = host();
  const config = sysconfig({ XENDOMAINS_MIGRATE: '"--live backup"', XENDOMAINS_SAVE: `${h.dir}/save` });
  spawnSync('mkdir', ['-p', join(h.dir, 'lock')]);
  writeFileSync(h.lock, '');
  const plan = planStop(withXm(h, { config, domains: [[3, 'db'], [5, 'web']] }));
  const r = runSh(h, plan, { XD_FAIL: '^migrate 3 ', XD_REMAIN: '' });
  assert.equal(r.calls, ['migrate 3 --live backup', `save 3 ${h.dir}/save/db`, 'migrate 5 --live backup', 'list -l']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(existsSync(`${h.dir}/save`), 'mkdir -p before save');
  assert.match(r.stderr, /step 1 \(.* migrate 3 --live backup\) failed with status 1; trying the next step/);
  assert.not.ok(existsSync(h.lock));
  rmSync(h.dir, { recursive: true, force: true });
});

test('sh run: every fallback fails → exit 1; shutdown-all runs because a domU remains', () => {
  const h = host();
  const plan = planStop(withXm(h, { config: sysconfig({ XENDOMAINS_SAVE: `${h.dir}/save` }), domains: [[3, 'db']] }));
  const r = runSh(h, plan, { XD_FAIL: '^(save|shutdown) 3 ', XD_REMAIN: '1' });
  assert.equal(r.calls, [`save 3 ${h.dir}/save/db`, 'shutdown 3 --halt --wait', 'list -l', 'shutdown --all --halt --wait']);
  assert.is(r.code, 1);
  rmSync(h.dir, { recursive: true, force: true });
});

test('sh run: the watchdog kills a hung xm at STOP_MAXWAIT and the chain falls through', () => {
  const h = host();
  const config = sysconfig({ XENDOMAINS_SAVE: `${h.dir}/save`, XENDOMAINS_STOP_MAXWAIT: '1', XENDOMAINS_SHUTDOWN_ALL: '""' });
  const plan = planStop(withXm(h, { config, domains: [[3, 'db']] }));
  const started = Date.now();
  const r = runSh(h, plan, { XD_HANG: '^save ' });
  assert.ok(Date.now() - started < 10000, 'killed, not waited for');
  assert.equal(r.calls, [`save 3 ${h.dir}/save/db`, 'shutdown 3 --halt --wait']);
  assert.match(r.stderr, /step 1 timed out after 1 s/);
  assert.is(r.code, 0, 'the shutdown fallback succeeded');
  rmSync(h.dir, { recursive: true, force: true });
});

test('sh run: start creates the lock, restores (deleting only restored images), creates with the pause; a second run sees the lock', () => {
  const h = host();
  const save = join(h.dir, 'save');
  const plan = planStart(withXm(h, {
    config: sysconfig({ XENDOMAINS_SAVE: save, XENDOMAINS_CREATE_USLEEP: '1000' }),
    savePath: save,
    saved: [{ name: 'bad', image: 'bad' }, { name: 'good', image: 'good' }],
    auto: [{ file: 'web.cfg', text: cfg('web') }],
  }));
  spawnSync('mkdir', ['-p', save]);
  writeFileSync(join(save, 'bad'), 'x');
  writeFileSync(join(save, 'good'), 'x');
  const r = runSh(h, plan, { XD_FAIL: '^restore .*/bad$' });
  assert.equal(r.calls, [`restore ${save}/bad`, `restore ${save}/good`, 'create --quiet --defconfig /etc/xen/auto/web.cfg']);
  assert.is(r.code, 1, 'a failed restore fails the run');
  assert.ok(existsSync(join(save, 'bad')), 'a failed restore keeps its image');
  assert.not.ok(existsSync(join(save, 'good')), 'a successful restore deletes its image');
  assert.ok(existsSync(h.lock));
  const again = runSh(h, plan);
  assert.equal(again.calls, []);
  assert.match(again.stdout, /xendomains already running \(lockfile exists\)/);
  assert.is(again.code, 0);
  rmSync(h.dir, { recursive: true, force: true });
});

test('sh run: parallel lanes run every domain and join before shutdown-all; a failing lane fails the run', () => {
  const h = host();
  const config = sysconfig({ XENDOMAINS_SAVE: '""', XENDOMAINS_STOP_PARALLEL: '3' });
  const plan = planStop(withXm(h, { config, domains: [[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']] }));
  const r = runSh(h, plan, { XD_FAIL: '^shutdown 4 ' });
  assert.equal([...r.calls].sort(), ['list -l', 'shutdown 1 --halt --wait', 'shutdown 2 --halt --wait', 'shutdown 3 --halt --wait', 'shutdown 4 --halt --wait']);
  assert.is(r.calls[r.calls.length - 1], 'list -l', 'shutdown-all check after all lanes');
  assert.is(r.code, 1);
  rmSync(h.dir, { recursive: true, force: true });
});

test('sh run: restart removes the lock after stop and takes it again for start', () => {
  const h = host();
  const config = sysconfig({ XENDOMAINS_SAVE: '""', XENDOMAINS_SHUTDOWN_ALL: '""', XENDOMAINS_CREATE_USLEEP: '1000' });
  spawnSync('mkdir', ['-p', join(h.dir, 'lock')]);
  writeFileSync(h.lock, '');
  const plan = planRestart(withXm(h, { config, domains: [[3, 'web']], auto: [{ file: 'web.cfg', text: cfg('web') }], lock: true }));
  const r = runSh(h, plan);
  assert.equal(r.calls, ['shutdown 3 --halt --wait', 'create --quiet --defconfig /etc/xen/auto/web.cfg']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(existsSync(h.lock));
  rmSync(h.dir, { recursive: true, force: true });
});

test('every golden plan in this file passed the output checks', () => {
  assert.ok(checkedPlans >= 10);
});

test.run();
