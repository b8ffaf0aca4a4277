// The seeded fault scenarios behind test/exec/faults.test.mjs (a CI subset) and
// bench/faults.mjs (1,000 seeds): a host of 1–N domains with a real-sized
// `xm list -l`, faults (fail, hang, slow) on every xm verb, then one stop, two
// concurrent stops, or a stop killed with SIGKILL at a random moment; then a
// reboot and a start. checkSeed() returns the broken invariants (empty: all held):
// every domain ends running, migrated, saved as a complete image the next start
// restores, or named with a non-zero exit; no complete or quarantined image is
// deleted or lost unless its restore succeeded; an AUTO domain is down after the
// start only if its config was tried and failed (named, non-zero exit). SAVE
// holds only complete images after a stop that was not killed, except one the
// stop kept saying it could not vouch for (its domain vanished during a failed
// save): the start must then keep it (its restore fails) and name the domain.
// Not a test file.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readImage } from '../sim/sim-image.mjs';
import { calls, departed, run, running, scenarioHost, simState } from './sim-scenario.mjs';
import { reboot } from './sim-reboot.mjs';
import { mulberry32 } from '../helpers.mjs';

export { mulberry32 };

function fault(rand, rate) {
  const x = rand();
  if (x >= rate) return undefined;
  const y = rand();
  if (y < 0.45) return { fail: 'injected failure' };
  if (y < 0.65) return { hang: true };
  return { delayMs: Math.floor(200 + rand() * 1400) }; // about half of these outlive the 1 s watchdog
}

/** The scenario of a seed: same seed, same host, faults and moment of the kill. */
export function scenario(seed, { maxDomains = 40 } = {}) {
  const rand = mulberry32(seed);
  const x = rand();
  const count = x < 0.7 ? 1 + Math.floor(rand() * 12) : x < 0.95 ? 13 + Math.floor(rand() * 28) : Math.max(1, Math.floor(maxDomains * (0.25 + rand() * 0.75)));
  const big = count > 100;
  // Big hosts get rarer faults, so that a seed stays minutes, not hours, long.
  const rate = big ? 0.03 : 0.45;
  const names = Array.from({ length: count }, (_, i) => `vm${String(i).padStart(4, '0')}`);
  const faults = {};
  const auto = {};
  for (const name of names) {
    const f = {};
    for (const verb of ['migrate', 'save', 'shutdown']) {
      const one = fault(rand, rate);
      if (one) f[verb] = one;
    }
    // Restore and create run without a watchdog (as in the reference): fail or slow, never hang.
    for (const verb of ['restore', 'create']) {
      if (rand() < rate / 3) f[verb] = rand() < 0.7 ? { fail: 'injected failure' } : { delayMs: Math.floor(rand() * 500) };
    }
    if (Object.keys(f).length) faults[name] = f;
    if (rand() < 0.6) auto[`${name}.cfg`] = name;
  }
  const m = rand();
  const mode = m < 0.55 ? 'stop' : m < 0.75 ? 'concurrent' : 'kill';
  const parallel = [1, 4, 8, 16][Math.floor(rand() * 4)];
  return {
    seed,
    mode,
    parallel,
    killAfterMs: Math.floor(rand() * 2500),
    domains: names.map((name, i) => ({ id: 3 + i, name })),
    faults,
    auto,
    sysconfig: {
      XENDOMAINS_MIGRATE: rand() < 0.3 ? 'peer' : '',
      XENDOMAINS_SHUTDOWN_ALL: rand() < 0.5 ? '--all --halt --wait' : '',
      XENDOMAINS_STOP_MAXWAIT: '1',
      XENDOMAINS_STOP_PARALLEL: String(parallel),
      XENDOMAINS_CREATE_USLEEP: '0',
      XENDOMAINS_USLEEP: '0',
    },
  };
}

const sha = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

function files(dir) {
  const out = new Map();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out.set(path, sha(path));
  }
  return out;
}

const QUARANTINE = 'partial@xendomains';
const named = (text, name) => text.includes(name);

/** Runs one seed; resolves with { scenario, problems: string[], log } (log: what ran, for a failure message). */
export async function checkSeed(seed, { maxDomains, env = {}, xm, guardMs } = {}) {
  const s = scenario(seed, { maxDomains });
  const h = scenarioHost({ domains: s.domains, faults: s.faults, auto: s.auto, sysconfig: s.sysconfig, lock: '' });
  const state = simState(h);
  state.listVifs = 10; // ≈4 KB of `xm list -l` per domain, as xend prints
  state.imageBytes = 16384;
  writeFileSync(h.state, JSON.stringify(state));
  const problems = [];
  const log = [`seed ${seed}: ${s.domains.length} domains, ${s.mode}, parallel ${s.parallel}${s.mode === 'kill' ? `, kill -9 after ${s.killAfterMs} ms` : ''}`];
  const bad = (m) => problems.push(m);
  // A big host's stop or start takes minutes on a loaded machine: the bench gives it longer than a test would.
  const opts = { env, ...(xm ? { xm } : {}), ...(guardMs ? { guardMs } : {}) };

  // ---- stop
  let stops = [];
  if (s.mode === 'kill') {
    let child;
    const p = run(h, ['stop'], { ...opts, onSpawn: (c) => (child = c) });
    const timer = setTimeout(() => child.kill('SIGKILL'), s.killAfterMs);
    await p;
    clearTimeout(timer);
    // The xm calls it left behind die with the machine: what SAVE holds after the reboot is what counts
    // (sampled before, an orphaned save could still complete the image it is writing).
    reboot(h);
  } else {
    stops = s.mode === 'concurrent' ? await Promise.all([run(h, ['stop'], opts), run(h, ['stop'], opts)]) : [await run(h, ['stop'], opts)];
    const err = stops.map((r) => r.stderr).join('\n');
    const failed = stops.some((r) => r.code !== 0);
    log.push(...stops.map((r) => `stop: exit ${r.code}\n${r.stderr}`));
    for (const r of stops) if (r.code !== 0 && r.code !== 1) bad(`stop exited ${r.code}`);
    const how = departed(h);
    const left = running(h);
    for (const d of s.domains) {
      if (how[d.name]) continue;
      if (!left.includes(d.name)) bad(`${d.name} vanished without a trace`);
      else if (!failed || !named(err, d.name)) bad(`${d.name} is still running but not named with a non-zero exit`);
    }
  }
  const saveFiles = files(h.saveDir);
  const quarantined = files(join(h.saveDir, QUARANTINE));
  const complete = new Map();
  /** Partial images a stop kept in SAVE, saying it could not tell (the domain vanished during a failed save): the start must keep them and name the domain. */
  const unvouched = new Map();
  const stopErr = stops.map((r) => r.stderr).join('\n');
  for (const [path, hash] of saveFiles) {
    let image;
    try {
      image = readImage(path);
    } catch {
      continue;
    }
    if (image.complete) complete.set(path, { name: image.name, hash });
    else if (s.mode === 'kill') continue;
    // A domain taken by something else (an earlier stop's shutdown still under way) during a save that then failed
    // looks, to xendomains, exactly like a save xend finished: it keeps the image for restore to judge, and says so.
    else if (stopErr.includes(`its image ${path} is kept for the next boot to restore`) && departed(h)[image.name] !== 'save') unvouched.set(path, { name: image.name, hash });
    else bad(`${path} in SAVE is a partial image after a stop that was not killed`);
  }
  if (s.mode !== 'kill') {
    const err = stops.map((r) => r.stderr).join('\n');
    for (const path of quarantined.keys()) if (!err.includes(path.split('/').pop())) bad(`quarantined ${path} is not reported`);
    const how = departed(h);
    // A complete image moved aside as "partial" of a guest that left by save, with no complete image in SAVE:
    // its memory state is out of restore's reach. (A save killed just after it wrote everything, of a guest a
    // later save then took, leaves a whole copy in quarantine and the real one in SAVE: nothing lost.)
    for (const q of quarantined.keys()) {
      const name = q.split('/').pop().replace(/\.partial-.*$/, '');
      if (!q.includes('.partial-') || how[name] !== 'save' || complete.has(join(h.saveDir, name))) continue;
      let whole = false;
      try {
        whole = readImage(q).complete;
      } catch {}
      if (whole) bad(`the complete image of ${name}, which left by save, was quarantined as partial (${q})`);
    }
    for (const d of s.domains) {
      if (how[d.name] !== 'save') continue;
      const path = join(h.saveDir, d.name);
      if (!complete.has(path) && ![...quarantined.keys()].some((q) => q.includes(`/${d.name}.partial-`))) bad(`${d.name} left by save but its image is lost`);
    }
  }

  // ---- reboot, start
  if (s.mode !== 'kill') reboot(h);
  const r = await run(h, ['start', '--jobs', '1'], opts);
  log.push(`start: exit ${r.code}\n${r.stderr}`);
  if (r.code !== 0 && r.code !== 1) bad(`start exited ${r.code}`);
  const up = new Set(running(h));
  const byName = new Map(simState(h).domains.map((d) => [d.name, d]));
  const now = new Map([...files(h.saveDir), ...files(join(h.saveDir, QUARANTINE))]);
  const kept = new Set(now.values());
  for (const [path, { name, hash }] of complete) {
    const restored = byName.get(name)?.restoredFrom === path;
    if (restored) {
      if (existsSync(path)) bad(`${path} was restored but not deleted`);
      continue;
    }
    if (!kept.has(hash)) bad(`the complete image ${path} is gone although its restore did not succeed`);
    if (r.code === 0 || !named(r.stderr, name)) bad(`the complete image of ${name} was not restored and ${name} is not named with a non-zero exit`);
  }
  for (const [path, hash] of quarantined) if (!kept.has(hash)) bad(`the quarantined ${path} was deleted`);
  for (const [path, { name, hash }] of unvouched) {
    // Its restore fails: the image is kept (moved aside when the domain's config is created instead) and the domain named.
    if (!kept.has(hash)) bad(`the partial image ${path} kept by the stop is gone after the start`);
    if (r.code === 0 || !named(r.stderr, name)) bad(`the partial image of ${name} failed its restore, but ${name} is not named with a non-zero exit`);
  }
  // An AUTO domain may be down only if its create was tried and failed (a failed restore alone would keep it down at every boot).
  const created = new Set(calls(h).filter((a) => a[0] === 'create').map((a) => a[a.length - 1].split('/').pop()));
  for (const file of Object.keys(s.auto)) {
    const name = s.auto[file];
    if (up.has(name)) continue;
    if (r.code === 0 || !named(r.stderr, name)) bad(`${name} (AUTO) is down after start and not named with a non-zero exit`);
    if (!created.has(file)) bad(`${name} (AUTO) is down after start and its config was never tried`);
  }
  for (const d of simState(h).domains) {
    if (d.restoredFrom && !complete.has(d.restoredFrom)) bad(`${d.name} was restored from ${d.restoredFrom}, which was not a complete image after the stop`);
  }
  return { scenario: s, problems, log, host: h };
}
