// `xendomains plan --toolstack xl` through the real CLI on the examples/xl
// host: the state from a live (fake) `xl list -l` or --state, the xenstore
// domain's id from `xenstore-read` on PATH, xl's argument order in every output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tmpHost, cleanup, ROOT } from '../helpers.mjs';

const EX = join(ROOT, 'examples/xl');
const listing = readFileSync(join(EX, 'xl-list.json'), 'utf8');

function xlHost() {
  const files = { 'etc/default/xendomains': readFileSync(join(EX, 'etc/default/xendomains'), 'utf8'), 'var/lib/xen/save/.keep': '' };
  for (const f of readdirSync(join(EX, 'etc/xen/auto'))) files[`etc/xen/auto/${f}`] = readFileSync(join(EX, 'etc/xen/auto', f), 'utf8');
  return tmpHost(files);
}

/** A fake xl answering `list -l` from the capture (logging every call), and a xenstore-read answering `answer` (or failing). */
function fakeTools(root, answer) {
  const bin = join(root, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(root, 'xl-list.json'), listing);
  writeFileSync(join(bin, 'xl'), `#!/bin/sh\necho "$*" >> '${root}/xl.log'\nif [ "$1 $2" = "list -l" ]; then cat '${root}/xl-list.json'; exit 0; fi\nexit 1\n`);
  writeFileSync(join(bin, 'xenstore-read'), answer === undefined ? `#!/bin/sh\necho "xenstore-read: couldn't read path $1" >&2\nexit 1\n` : `#!/bin/sh\n[ "$1" = /tool/xenstored/domid ] && { echo ${answer}; exit 0; }\nexit 1\n`);
  chmodSync(join(bin, 'xl'), 0o755);
  chmodSync(join(bin, 'xenstore-read'), 0o755);
  return { xl: join(bin, 'xl'), env: { PATH: `${bin}:${process.env.PATH}` } };
}

test('plan stop --toolstack xl: xl argument order, the xenstore domain left alone, AUTO_ONLY skips scratch', () => {
  const root = xlHost();
  const { xl, env } = fakeTools(root, 1);
  const r = cli(['plan', 'stop', '--toolstack', 'xl', '--root', root, '--xl', xl, '--format', 'json'], { env });
  assert.is(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.is(plan.toolstack, 'xl');
  assert.is(plan.state.xenstoreDomid, 1);
  assert.equal(plan.steps.map((s) => s.argv.slice(1).join(' ')), [
    'save 3 /var/lib/xen/save/db',
    'shutdown --wait 3',
    'save 5 /var/lib/xen/save/ga',
    'shutdown --wait 5',
    'shutdown --all --wait',
  ]);
  assert.ok(plan.notes.some((n) => n.quirk === 'X5' && n.domain === 'ga'), 'the channel name re-runs the reference body');
  assert.ok(plan.notes.some((n) => n.quirk === 'X9'));
  assert.equal(readFileSync(join(root, 'xl.log'), 'utf8'), 'list -l\n', 'plan asks xl only list -l');
  cleanup(root);
});

test('plan --toolstack xl with --state and no xenstore stub domain: Xenstore is then an ordinary domU', () => {
  const root = xlHost();
  const { env } = fakeTools(root, undefined);
  const r = cli(['plan', 'stop', '--toolstack', 'xl', '--root', root, '--state', join(EX, 'xl-list.json'), '--format', 'sh'], { env });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, "'xl' 'shutdown' '--wait' '3'");
  assert.match(r.stdout, "grep -Evq '^(0)$'");
  cleanup(root);
});

test('plan --toolstack xl with --state: this machine\'s xenstore-read is not asked (the capture is another host\'s); --xenstore-domid says which domain is the stub', () => {
  const root = xlHost();
  const { env } = fakeTools(root, 1); // this machine would answer 1
  const args = ['plan', 'stop', '--toolstack', 'xl', '--root', root, '--state', join(EX, 'xl-list.json'), '--format', 'json'];
  const ignored = JSON.parse(cli(args, { env }).stdout);
  assert.is(ignored.state.xenstoreDomid, undefined, 'a capture says nothing about this machine\'s xenstore');
  const given = cli([...args, '--xenstore-domid', '1'], { env: { PATH: '/usr/bin:/bin' } });
  assert.is(given.code, 0, given.stderr);
  const plan = JSON.parse(given.stdout);
  assert.is(plan.state.xenstoreDomid, 1);
  assert.ok(plan.notes.some((n) => n.quirk === 'X9' && /Xenstore \(id 1\)/.test(n.message)), 'Xenstore is never stopped');
  assert.is(JSON.parse(cli([...args, '--xenstore-domid', '0'], { env }).stdout).state.xenstoreDomid, undefined, '0: xenstored runs in dom0');
  const bad = cli([...args, '--xenstore-domid', 'one'], { env });
  assert.is(bad.code, 4);
  assert.match(bad.stderr, 'invalid value for --xenstore-domid: "one"');
  cleanup(root);
});

test('plan start --toolstack xl: restore an xl image, skip running configs, text output', () => {
  const root = xlHost();
  const { xl, env } = fakeTools(root, 1);
  const r = cli(['plan', 'start', '--toolstack', 'xl', '--root', root, '--xl', xl, '--format', 'json'], { env });
  assert.is(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.equal(plan.steps.map((s) => s.argv.slice(1).join(' ')), ['create --quiet --defconfig /etc/xen/auto/web.cfg']);
  cleanup(root);
});

test('--toolstack with a bad value: exit 4', () => {
  const r = cli(['plan', 'stop', '--toolstack', 'xend', '--state', join(EX, 'xl-list.json')]);
  assert.is(r.code, 4);
  assert.match(r.stderr, 'invalid value for --toolstack');
});

test.run();
