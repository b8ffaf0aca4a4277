// STOP_MAXWAIT past Node's timer range (issue #11 item 2): 2,147,484 s and up
// used to overflow setTimeout, so every watchdogged step "timed out" after 1 ms
// and the guest stayed running. Now any value the reference accepts means what
// it says. The CLI against the xm simulator.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { calls, cleanupScenarios, departed, limiter, plan, run, running, scenarioHost } from './sim-scenario.mjs';

const limit = limiter(3);
const web = { id: 3, name: 'web', memory: 512 };
const db = { id: 4, name: 'db', memory: 1024 };

const stop = (maxwait) =>
  limit(async () => {
    // Each save takes a while, so a watchdog that fires early would kill it.
    const h = scenarioHost({ domains: [web, db], lock: '', faults: { '*': { save: { delayMs: 300 } } }, sysconfig: { XENDOMAINS_STOP_MAXWAIT: maxwait } });
    const printed = await plan(h, 'stop');
    return { h, printed, r: await run(h, ['stop']) };
  });

const cases = { overflow: stop('2147484'), huge: stop('99999999999999'), absurd: stop('123456789012345678901234567890') };

test.after(cleanupScenarios);

for (const [label, pending] of Object.entries(cases)) {
  test(`STOP_MAXWAIT ${label}: every save completes, nothing times out`, async () => {
    const { h, r } = await pending;
    assert.is(r.code, 0, r.stderr + r.stdout);
    assert.not.match(r.stdout + r.stderr, /watchdog|timed out|TimeoutOverflow/i);
    assert.equal(calls(h).filter((c) => c[0] === 'save').length, 2);
    assert.equal(departed(h), { db: 'save', web: 'save' });
    assert.equal(running(h), []);
  });
}

test('the plan keeps the watchdog it was given, and an absurd one is no watchdog', async () => {
  assert.ok((await cases.overflow).printed.steps.filter((s) => s.phase === 'save').every((s) => s.timeoutSeconds === 2147484));
  assert.ok((await cases.huge).printed.steps.filter((s) => s.phase === 'save').every((s) => s.timeoutSeconds === 99999999999999));
  const absurd = (await cases.absurd).printed;
  assert.ok(absurd.steps.filter((s) => s.phase === 'save').every((s) => s.timeoutSeconds === null));
  assert.is(absurd.worstCaseSeconds, null);
});

test.run();
