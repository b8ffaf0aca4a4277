// `xendomains plan` through the real CLI: it reads the host and changes
// nothing (a fake xm that logs every call may only be asked `list -l`), prints
// text / json / sh, saves with --out, and refuses when the plan is unknowable.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cli, tmpHost, cleanup, ROOT } from '../helpers.mjs';

const state = readFileSync(join(ROOT, 'examples/state.sxp'), 'utf8');
const sysconfig = readFileSync(join(ROOT, 'examples/etc/sysconfig/xendomains'), 'utf8');
const autoFiles = Object.fromEntries(readdirSync(join(ROOT, 'examples/etc/xen/auto')).map((f) => [`etc/xen/auto/${f}`, readFileSync(join(ROOT, 'examples/etc/xen/auto', f), 'utf8')]));

function exampleHost(extra = {}) {
  return tmpHost({ 'etc/sysconfig/xendomains': sysconfig, ...autoFiles, 'var/lib/xen/save/.keep': '', ...extra });
}

function snapshot(dir) {
  const out = {};
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out[p] = `${s.mtimeMs}:${readFileSync(p, 'base64')}`;
    }
  };
  walk(dir);
  return out;
}

/** A fake xm that answers `list -l` from a file and fails (and logs) everything else. */
function fakeXm(root) {
  const path = join(root, 'fake-xm');
  writeFileSync(join(root, 'state.sxp'), state);
  writeFileSync(path, `#!/bin/sh\necho "$*" >> '${root}/xm.log'\nif [ "$1 $2" = "list -l" ]; then cat '${root}/state.sxp'; exit 0; fi\necho "Error: not allowed in plan" >&2\nexit 1\n`);
  chmodSync(path, 0o755);
  return path;
}

test('plan asks xm only `list -l` and leaves the host untouched', () => {
  const root = exampleHost();
  const xm = fakeXm(root);
  const before = snapshot(root);
  for (const verb of ['start', 'stop', 'restart', 'status']) {
    const r = cli(['plan', verb, '--root', root, '--xm', xm, '--format', 'json']);
    assert.is(r.code, 0, `${verb}: ${r.stderr}`);
  }
  const log = readFileSync(join(root, 'xm.log'), 'utf8').trim().split('\n');
  assert.equal([...new Set(log)], ['list -l']);
  const after = snapshot(root);
  delete after[join(root, 'xm.log')];
  assert.equal(after, before, 'no file created, changed or removed');
});

test('plan stop: the reference command lines, as JSON valid against the schema', () => {
  const root = exampleHost();
  const r = cli(['plan', 'stop', '--root', root, '--state', join(ROOT, 'examples/state.sxp'), '--format', 'json']);
  assert.is(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.is(plan.version, 1);
  assert.equal(plan.steps.map((s) => s.argv.join(' ')), [
    'xm save 5 /var/lib/xen/save/build', 'xm shutdown 5 --halt --wait',
    'xm save 3 /var/lib/xen/save/mail', 'xm shutdown 3 --halt --wait',
    'xm save 1 /var/lib/xen/save/web1', 'xm shutdown 1 --halt --wait',
    'xm save 2 /var/lib/xen/save/web2', 'xm shutdown 2 --halt --wait',
    'xm shutdown --all --halt --wait',
  ]);
  assert.ok(Object.keys(plan.inputs).some((k) => k.endsWith('etc/sysconfig/xendomains')), 'the sysconfig digest is recorded');
  assert.ok(Object.keys(plan.inputs).some((k) => k.endsWith('web1.cfg')), 'AUTO config digests are recorded');
});

test('plan start creates the AUTO domains that are not running', () => {
  const root = exampleHost();
  const r = cli(['plan', 'start', '--root', root, '--state', join(ROOT, 'examples/state.sxp'), '--format', 'json']);
  assert.is(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).steps.map((s) => s.argv.join(' ')), ['xm create --quiet --defconfig /etc/xen/auto/db.cfg']);
});

test('--out writes the JSON plan; sh output is valid POSIX sh; text is readable', () => {
  const root = exampleHost();
  const out = join(root, 'plan.json');
  const args = ['plan', 'stop', '--root', root, '--state', join(ROOT, 'examples/state.sxp')];
  const json = cli([...args, '--format', 'json']).stdout;
  const text = cli([...args, '--out', out]);
  assert.is(text.code, 0);
  assert.is(readFileSync(out, 'utf8'), json);
  assert.match(text.stdout, /xm shutdown 5 --halt --wait/);
  assert.match(text.stdout, /Plan: 9 steps/);
  const sh = cli([...args, '--format', 'sh']).stdout;
  const check = spawnSync('sh', ['-n'], { input: sh, encoding: 'utf8' });
  assert.is(check.status, 0, check.stderr);
});

test('unreadable state or sysconfig exits 2 with one line', () => {
  const root = exampleHost();
  const r = cli(['plan', 'stop', '--root', root, '--state', join(root, 'missing.sxp')]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /^xendomains: cannot read .*missing\.sxp: no such file\n$/);
  const bad = cli(['plan', 'stop', '--root', root, '--state', join(ROOT, 'package.json')]);
  assert.is(bad.code, 2, bad.stderr);
  const none = cli(['plan', 'stop', '--root', tmpHost({}), '--state', join(ROOT, 'examples/state.sxp')]);
  assert.is(none.code, 2);
  const noXm = cli(['plan', 'stop', '--root', root, '--xm', join(root, 'no-such-xm')]);
  assert.is(noXm.code, 2);
  assert.match(noXm.stderr, /command not found/);
});

test('a domain whose name cannot be determined blocks start (exit 1), not a plain stop', () => {
  const root = exampleHost({ 'etc/xen/auto/zz.cfg': "import os\nname = os.environ['X']\n" });
  const start = cli(['plan', 'start', '--root', root, '--state', join(ROOT, 'examples/state.sxp')]);
  assert.is(start.code, 1);
  assert.match(start.stderr, /no plan: the domain name of .*zz\.cfg cannot be determined/);
  assert.is(cli(['plan', 'stop', '--root', root, '--state', join(ROOT, 'examples/state.sxp')]).code, 0);
  assert.ok(!existsSync(join(root, 'var/lock/xendomains')));
});

test.after(cleanup);
test.run();
