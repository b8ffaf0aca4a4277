// Domain names reach the operator's terminal escaped (issue #11 item 11): a
// name holding an OSC title change, a screen clear, BEL or U+202E is printed
// as visible escapes by every text output of the init verbs and of plan; the
// JSON outputs keep the true name. The CLI against the xm simulator.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanupScenarios, journal, limiter, run, running, scenarioHost } from './sim-scenario.mjs';

const limit = limiter(4);
const EVIL = ['evil\u001b]0;pwned\u0007', 'clear\u001b[2J\u001b[H', 'gnp\u202eexe.cfg'];
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const host = () => scenarioHost({ lock: '', domains: EVIL.map((name, i) => ({ id: 3 + i, name })), sysconfig: { XENDOMAINS_SAVE: '', XENDOMAINS_SHUTDOWN: '--halt --wait' } });

const runs = Object.fromEntries(
  [['plain', []], ['upstream', ['--log-format', 'upstream']], ['plan', null], ['status', null]].map(([label, args]) => [
    label,
    limit(async () => {
      const h = host();
      const r = await run(h, args === null ? (label === 'plan' ? ['plan', 'stop'] : ['status']) : ['stop', ...args], { journal: args !== null });
      return { h, r };
    }),
  ]),
);

test.after(cleanupScenarios);

for (const label of ['plain', 'upstream']) {
  test(`stop --log-format ${label}: names escaped on stdout and stderr; the domains are stopped`, async () => {
    const { h, r } = await runs[label];
    assert.is(r.code, 0, r.stderr);
    assert.equal(running(h), []);
    assert.not.ok(RAW.test(r.stdout), JSON.stringify(r.stdout));
    assert.not.ok(RAW.test(r.stderr), JSON.stringify(r.stderr));
    assert.ok(r.stdout.includes('evil\\x1b]0;pwned\\x07'), r.stdout);
    // The rc-style output prints names as xm lists them (a Python repr of the bytes), as the reference does.
    assert.ok(r.stdout.includes(label === 'plain' ? 'gnp\\u202eexe.cfg' : "'gnp\\xe2\\x80\\xaeexe.cfg'"), r.stdout);
    // The journal (JSON lines) keeps the true names.
    assert.ok(journal(h).some((j) => j.domain === EVIL[0]));
  });
}

test('plan stop and status: names escaped', async () => {
  for (const label of ['plan', 'status']) {
    const { r } = await runs[label];
    assert.not.ok(RAW.test(r.stdout + r.stderr), `${label}: ${JSON.stringify(r.stdout + r.stderr)}`);
    assert.ok(r.stdout.includes('gnp\\u202eexe.cfg'), `${label}: ${r.stdout}`);
  }
});

test.run();
