// Nothing lost on xl hosts: seeded random faults (fail, hang, slow past the
// watchdog) on every stop verb of 32 domains, parallel and serial, through the xl
// simulator (the xm hosts' larger seeded engine is faults.test.mjs). Every domain must end
// migrated, saved or shut down, or be named on stderr with a non-zero exit; every
// file restore would pick up must be a complete image; partial ones are quarantined
// and named. A boot afterwards restores every image. Scenarios and invariants are
// fault-scenarios.mjs's (toolstack 'xl': xl images, xl's shutdown words); XD_FAULT_SEEDS=N
// runs N/2 seeds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { checkStop, scenario } from './fault-scenarios.mjs';
import { cleanupScenarios, limiter, run, running, scenarioHost } from './sim-scenario.mjs';

const XL_SEEDS = Math.ceil((Number(process.env.XD_FAULT_SEEDS) || 8) / 2);
const limit = limiter(2);
const runs = Array.from({ length: XL_SEEDS }, (_, i) => {
  const s = scenario(5000 + i * 7919, 'xl');
  return limit(async () => {
    const h = scenarioHost({ domains: s.domains, faults: s.faults, refuseHosts: [], sysconfig: s.sysconfig, lock: '', toolstack: s.toolstack });
    const r = await run(h, ['stop']);
    return { h, s, r };
  });
});

test.after(cleanupScenarios);

for (let i = 0; i < XL_SEEDS; i++) {
  test(`random faults, xl seed #${i}: nothing lost, every survivor named`, async () => {
    const { h, s, r } = await runs[i];
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const restorable = checkStop(h, s, r);
    if (i % 3 !== 0) return;
    // A boot restores exactly the complete images, and deletes each after its restore.
    const boot = await run(h, ['start', '--jobs', '1']);
    assert.is(boot.code, 0, boot.stderr);
    for (const name of restorable) assert.ok(running(h).includes(name), `${name} not restored`);
    assert.equal(readdirSync(h.saveDir).filter((n) => n !== 'partial@xendomains'), []);
  });
}

test.run();
