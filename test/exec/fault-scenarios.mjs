// Seeded random faults for one stop of 32 domains, on an xm or an xl host
// (shared by faults-xl.test.mjs, which runs the CLI on xl hosts, and
// init-script.test.mjs, which runs the compiled init script): the scenario for a
// seed and the invariants every stop must keep. The larger seeded engine (kill -9,
// concurrent stops, big hosts) is fault-engine.mjs. Not a test file.
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readImage } from '../sim/sim-image.mjs';
import { readXlImage } from '../sim/sim-xl-format.mjs';
import { mulberry32 } from './fault-engine.mjs';
import { departed, running } from './sim-scenario.mjs';

export const DOMAINS = 32;

function fault(rand) {
  const x = rand();
  if (x < 0.55) return undefined;
  if (x < 0.75) return { fail: 'injected failure' };
  if (x < 0.85) return { hang: true };
  return { delayMs: Math.floor(200 + rand() * 1400) }; // about half of these outlive the 1 s watchdog
}

/** toolstack: 'xm' or 'xl' (xl images, xl's shutdown words). */
export function scenario(seed, toolstack = 'xm') {
  const rand = mulberry32(seed);
  const names = Array.from({ length: DOMAINS }, (_, i) => `vm${String(i).padStart(2, '0')}`);
  const faults = {};
  for (const name of names) {
    const f = {};
    for (const verb of ['migrate', 'save', 'shutdown']) {
      const x = fault(rand);
      if (x) f[verb] = x;
    }
    faults[name] = f;
  }
  const migrate = rand() < 0.5;
  const shutdownAll = rand() < 0.5;
  const parallel = [1, 4, 8, 16][Math.floor(rand() * 4)];
  // The serial runs get fewer domains so that a seed stays a few seconds long.
  const count = parallel === 1 ? 10 : DOMAINS;
  return {
    seed,
    toolstack,
    parallel,
    domains: names.slice(0, count).map((name, i) => ({ id: 3 + i, name })),
    faults,
    sysconfig: {
      XENDOMAINS_MIGRATE: migrate ? 'peer' : '',
      XENDOMAINS_SHUTDOWN_ALL: shutdownAll ? (toolstack === 'xl' ? '--all --wait' : '--all --halt --wait') : '',
      XENDOMAINS_STOP_MAXWAIT: '1',
      XENDOMAINS_STOP_PARALLEL: String(parallel),
    },
  };
}

/** Checks the invariants after a stop; returns the domains whose images must restore. */
export function checkStop(h, s, r) {
  const how = departed(h);
  const left = running(h);
  const failedLine = r.stderr.match(/^xendomains: stop failed for (.*)$/m)?.[1] ?? '';
  const stillLine = r.stderr.match(/^xendomains: still running: (.*)$/m)?.[1]?.split(', ') ?? [];
  const named = (n) => new RegExp(`(^|[ ;])${n}(,|$)`).test(failedLine);
  const context = `seed ${s.seed} (${s.toolstack}, parallel ${s.parallel}): exit ${r.code}\n${r.stderr}`;
  for (const d of s.domains) {
    if (how[d.name]) continue;
    assert.ok(left.includes(d.name), `${d.name} vanished without a trace; ${context}`);
    assert.ok(r.code !== 0 && named(d.name) && stillLine.includes(d.name), `${d.name} is still running but not named; ${context}`);
  }
  if (left.length === 0 && !/stop failed|final shutdown/.test(r.stderr)) assert.is(r.code, 0, context);
  if (r.code === 0) assert.equal(left, [], context);

  // SAVE: every regular file is a complete image of a domain that left by save; partials are quarantined and named.
  const restorable = [];
  for (const name of readdirSync(h.saveDir)) {
    if (name === 'partial@xendomains') continue;
    const image = (s.toolstack === 'xl' ? readXlImage : readImage)(join(h.saveDir, name));
    assert.ok(image.complete, `${name} in SAVE is incomplete; ${context}`);
    assert.is(image.name, name);
    assert.is(how[name], 'save', `${name} has an image but did not leave by save; ${context}`);
    restorable.push(name);
  }
  for (const d of s.domains) {
    if (how[d.name] !== 'save' || restorable.includes(d.name)) continue;
    // Saved, but its step was killed before xm said so: the image is kept in quarantine and named.
    assert.match(r.stderr, new RegExp(`the save of ${d.name} did not complete: its partial image was moved to .*partial@xendomains/${d.name}\\.partial-`), `${d.name}'s image is lost; ${context}`);
  }
  let quarantined = [];
  try {
    quarantined = readdirSync(join(h.saveDir, 'partial@xendomains'));
  } catch {}
  for (const q of quarantined) assert.ok(r.stderr.includes(q), `quarantined ${q} is not reported; ${context}`);
  return restorable;
}
