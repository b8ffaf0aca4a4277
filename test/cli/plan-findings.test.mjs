// Plans that show what lint knows: a warning or error on a sysconfig assignment
// is printed under every step that assignment feeds (text) and carried on the
// step (JSON, schema-valid, accepted by apply's reader); `plan --fail-on` gates.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tmpHost, cleanup, ROOT } from '../helpers.mjs';
import { parsePlanJson } from '../../dist/src/plan/plan-json.js';

const sample = readFileSync(join(ROOT, 'examples/etc/sysconfig/xendomains'), 'utf8');
const host = () =>
  tmpHost({
    'etc/sysconfig/xendomains': sample.replace(/^XENDOMAINS_SYSRQ=.*$/m, 'XENDOMAINS_SYSRQ="b"').replace(/^XENDOMAINS_MIGRATE=.*$/m, 'XENDOMAINS_MIGRATE="--live dom0-prod-04:8002"'),
  });
const state = join(ROOT, 'examples/state.sxp');

test('text: each sysrq and migrate step carries the finding that condemns it', () => {
  const r = cli(['plan', 'stop', '--root', host(), '--state', state]);
  assert.is(r.code, 0, r.stderr);
  const sysrq = r.stdout.split('\n').filter((l) => /! warning XD2003: SysRq "b"/.test(l)).length;
  const migrate = r.stdout.split('\n').filter((l) => /! error XD2005: "dom0-prod-04:8002" is not a host name/.test(l)).length;
  const domains = (r.stdout.match(/xm migrate /g) ?? []).length;
  assert.ok(domains >= 2, r.stdout);
  assert.is(sysrq, domains);
  assert.is(migrate, domains);
  assert.not.match(r.stdout, /xm save [^\n]*\n[^\n]*\n[^\n]*\n\s+! /, 'save steps are not marked');
});

test('json: findings on the steps, valid against the plan schema and readable by apply', () => {
  const r = cli(['plan', 'stop', '--root', host(), '--state', state, '--format', 'json']);
  const plan = JSON.parse(r.stdout);
  const migrate = plan.steps.find((s) => s.phase === 'migrate');
  assert.equal(migrate.findings.map((f) => [f.code, f.severity]), [['XD2005', 'error']]);
  assert.is(plan.steps.find((s) => s.phase === 'save').findings, undefined);
  const back = parsePlanJson(r.stdout, 'plan.json');
  assert.ok(back.ok, JSON.stringify(back.errors));
});

test('--fail-on: exit 1 at or above the severity, after printing the plan; default unchanged', () => {
  const root = host();
  assert.is(cli(['plan', 'stop', '--root', root, '--state', state]).code, 0);
  const warn = cli(['plan', 'stop', '--root', root, '--state', state, '--fail-on', 'warning']);
  assert.is(warn.code, 1);
  assert.match(warn.stdout, /xm migrate/);
  assert.match(warn.stderr, /xendomains: 2 findings at or above --fail-on warning/);
  assert.is(cli(['plan', 'stop', '--root', 'examples', '--state', state, '--fail-on', 'warning']).code, 1, 'the example host has its deliberate error');
  assert.is(cli(['plan', 'stop', '--root', root, '--state', state, '--fail-on', 'bogus']).code, 4);
});

test.after(cleanup);
test.run();
