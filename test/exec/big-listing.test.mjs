// Host state is read whole (issue #11 items 1 and 10): a 1,000-domain host whose
// `xm list -l` prints several KB per domain, as real xend does (the simulator's
// `listPadBytes`), is planned, stopped and reported in full; a hung `xm list -l`
// is reported as a timeout. The CLI against the xm simulator.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { cleanupScenarios, limiter, run, running, scenarioHost, simState } from './sim-scenario.mjs';

const limit = limiter(2);
const DOMAINS = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, name: `vm${String(i + 1).padStart(4, '0')}` }));

/** A scenario host whose simulator pads each domain's `xm list -l` form to `pad` bytes. */
function bigHost(sysconfig, { pad = 4000, auto = {}, lock } = {}) {
  const h = scenarioHost({ domains: DOMAINS, sysconfig, auto, lock });
  writeFileSync(h.state, JSON.stringify({ ...simState(h), listPadBytes: pad }));
  return h;
}

test.after(cleanupScenarios);

test('the simulator pads list -l like xend: over 6 MB for 1,000 domains', async () => {
  const { spawnSync } = await import('node:child_process');
  const { XM } = await import('./sim-scenario.mjs');
  const h = bigHost({});
  const r = spawnSync(XM, ['list', '-l'], { env: { ...process.env, ...h.env }, maxBuffer: 64 << 20, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.ok(r.stdout.length > 4000 * 1000, `${r.stdout.length} bytes`);
  assert.is(r.stdout.match(/^\(domain$/gm)?.length, 1001);
});

const planned = limit(async () => {
  const h = bigHost({ XENDOMAINS_SAVE: '', XENDOMAINS_SHUTDOWN: '--halt --wait' });
  return { h, r: await run(h, ['plan', 'stop', '--format', 'json'], { journal: false }) };
});
const stopped = limit(async () => {
  const h = bigHost({ XENDOMAINS_SAVE: '', XENDOMAINS_SHUTDOWN: '', XENDOMAINS_SHUTDOWN_ALL: '--all --halt --wait' });
  return { h, r: await run(h, ['stop']) };
});
const statused = limit(async () => {
  const h = bigHost({}, { auto: { 'a.cfg': 'vm0001', 'b.cfg': 'vm0500', 'c.cfg': 'vm1000' }, lock: '' });
  return { h, r: await run(h, ['status'], { journal: false }) };
});

test('plan stop from a 6 MB listing plans every one of the 1,000 domains', async () => {
  const { r } = await planned;
  assert.is(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.is(plan.state.domains.length, 1001);
  assert.equal(plan.steps.filter((s) => s.phase === 'shutdown').map((s) => s.domain), DOMAINS.map((d) => d.name));
});

test('stop from a 6 MB listing runs (shutdown --all) and leaves nothing running', async () => {
  const { h, r } = await stopped;
  assert.is(r.code, 0, r.stderr);
  assert.equal(running(h), []);
});

test('status from a 6 MB listing sees every domain', async () => {
  const { r } = await statused;
  assert.is(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /3 of 3 AUTO domains running/);
  assert.equal(r.stdout.match(/^running domains: (.*)$/m)?.[1].split(' '), DOMAINS.map((d) => d.name));
});

test('a hung `xm list -l` is reported as timed out after N s, not as killed by SIGTERM', async () => {
  const h = scenarioHost({ domains: DOMAINS.slice(0, 2), faults: { '*': { list: { hang: true } } } });
  const env = { XENDOMAINS_LIST_TIMEOUT: '1' };
  const [p, s] = await Promise.all([run(h, ['plan', 'stop'], { journal: false, env }), run(h, ['status'], { journal: false, env })]);
  for (const r of [p, s]) {
    assert.ok(r.code !== 0, r.stdout);
    assert.match(r.stderr, /`\S*xm list -l` timed out after 1 s/);
    assert.not.match(r.stderr, /SIGTERM/);
  }
});

test.run();
