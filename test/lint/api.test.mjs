// The programmatic API (package main): compile, lint, format and plan without the CLI.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as api from '../../dist/src/index.js';

test('compile + lint + format through the package entry point', () => {
  const sysconfig = api.compileSysconfig('XENDOMAINS_RESTORE=yes\nXENDOMAINS_STOP_MAXWAIT=300\n', 'xendomains');
  const domain = api.compileDomainConfig("name = 'web'\nmemory = 512\n", 'web.cfg');
  const diagnostics = api.lintModels({ sysconfig, domains: [domain] }, { rules: api.rules });
  assert.equal(diagnostics.map((d) => d.code), ['XD2008']);
  const out = api.format('gcc', { diagnostics, sources: new Map(), fileCount: 2, rules: [], toolVersion: '0' }, { color: false });
  assert.match(out, /^xendomains:1:20: warning: /);
});

test('plan through the package entry point', () => {
  const sysconfig = api.compileSysconfig('XENDOMAINS_SHUTDOWN="--halt --wait"\nXENDOMAINS_STOP_MAXWAIT=60\n', 'xendomains');
  const state = api.parseStateJson('{"domains":[{"id":0,"name":"Domain-0"},{"id":7,"name":"web"}]}', 'state.json');
  const plan = api.planStop({ settings: api.effectiveSettings(sysconfig), auto: undefined, saved: [], savePath: '', state, lockPresent: false, xm: 'xm', inputs: {} });
  assert.equal(plan.steps.map((s) => s.argv.join(' ')), ['xm shutdown 7 --halt --wait']);
  assert.equal(api.parsePlanJson(api.planToJson(plan)).ok, true);
});

test.run();
