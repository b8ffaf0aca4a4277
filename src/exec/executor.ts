// Runs a Plan: chains of fallback steps in plan order (stop chains up to
// `jobs` at once), watchdogs, sleeps, `mkdir -p` before a save, the image
// deleted only after its restore succeeded, a failed save's image quarantined
// (only what this save wrote; never through a symlink: save-guard.ts; kept for
// restore when the domain is gone, as xend finished it — also after the watchdog
// killed xm save: settleKilledSave), an
// untrusted image never restored, the service lock taken before start and
// dropped after stop. Everything goes through the ExecHost; choosing output
// formats and exit codes is the caller's; the run lock is the CLI's.

import { isDomU } from '../model/host-state.js';
import type { Plan, PlanStep } from '../plan/types.js';
import type { ChainHow, ChainResult, Emit, ExecEvent, ExecResult, StepOutcome } from './events.js';
import type { ExecHost } from './host.js';
import type { Journal } from './journal.js';
import { acquireLock, markStarted, releaseLock, staleMessage } from './lock.js';
import { quarantineImage } from './quarantine.js';
import { afterSave, beforeSave, untrustedImage, type SaveGuard } from './save-guard.js';

export interface ExecuteOptions {
  host: ExecHost;
  /** Stop chains in flight at once (default: plan.lanes). */
  jobs?: number;
  /** Set by the first SIGINT/SIGTERM: steps in flight finish (or meet their watchdog), no new step starts. */
  interrupt?: AbortSignal;
  /** The reason `interrupt` fired, for the result (default SIGTERM). */
  interruptSignal?: () => NodeJS.Signals;
  /** Set by a second signal: kill the commands in flight now. */
  kill?: AbortSignal;
  emit?: Emit;
  journal?: Journal;
  /** SIGKILL this long after a watchdog's SIGTERM (default 5000). */
  killGraceMs?: number;
}

const STDERR_EXCERPT = 2000;

interface Run {
  plan: Plan;
  o: ExecuteOptions;
  host: ExecHost;
  emit: Emit;
  result: ExecResult;
  /** A step said `stop`. */
  halted: boolean;
  inFlight: Map<number, PlanStep>;
  /** Chains whose work an earlier, killed run finished (finishKilledRestores). */
  finished: Set<number>;
  /** Per chain: a save the watchdog killed whose image was moved aside while the domain was still listed (settleKilledSave). */
  killedSaves: Map<number, KilledSave>;
}

/**
 * Killing `xm save` does not stop xend: it may go on writing the image (now
 * moved aside) and then destroy the domain. Its fate is judged when the chain ends.
 */
interface KilledSave {
  step: PlanStep;
  to: string;
  /** The image's size when it was moved aside: growth since means xend kept writing after the kill. */
  size: number;
}

function interrupted(run: Run): boolean {
  return run.halted || Boolean(run.o.interrupt?.aborted);
}

/** Consecutive steps with the same chain number. */
export function chainsOf(steps: readonly PlanStep[]): PlanStep[][] {
  const chains: PlanStep[][] = [];
  for (const s of steps) {
    const last = chains[chains.length - 1];
    if (last && last[0]!.chain === s.chain) last.push(s);
    else chains.push([s]);
  }
  return chains;
}

export async function execute(plan: Plan, options: ExecuteOptions): Promise<ExecResult> {
  const run: Run = {
    plan,
    o: options,
    host: options.host,
    emit: options.emit ?? (() => {}),
    halted: false,
    inFlight: new Map(),
    finished: new Set(),
    killedSaves: new Map(),
    result: {
      verb: plan.verb,
      alreadyRunning: false,
      chains: [],
      failed: [],
      interrupted: null,
      quarantined: [],
      problems: [],
      warnings: [],
      stillRunning: null,
      lock: { created: false, removed: false, replacedStale: false },
    },
  };
  const jobs = Math.max(1, Math.floor(options.jobs ?? plan.lanes ?? 1));
  const onInterrupt = () => {
    run.result.interrupted = options.interruptSignal?.() ?? 'SIGTERM';
    const inFlight = [...run.inFlight.values()].map((s) => `${s.domain ?? 'all domains'}: ${s.argv.slice(1).join(' ')}`);
    run.emit({ type: 'interrupt', signal: run.result.interrupted, inFlight });
    options.journal?.write('interrupt', { signal: run.result.interrupted, inFlight });
  };
  if (options.interrupt?.aborted) onInterrupt();
  else options.interrupt?.addEventListener('abort', onInterrupt, { once: true });

  run.emit({ type: 'run-start', plan, jobs, at: run.host.now() });
  options.journal?.begin();
  options.journal?.write('run-start', { verb: plan.verb, steps: plan.steps.length, jobs, xm: plan.xm });
  try {
    if (plan.outcome) {
      run.result.alreadyRunning = true;
      run.emit({ type: 'already-running', message: plan.outcome.message });
    } else if (plan.verb !== 'status') {
      await runParts(run, jobs);
    }
  } finally {
    options.interrupt?.removeEventListener('abort', onInterrupt);
  }
  const r = run.result;
  options.journal?.write('run-end', {
    failed: r.failed.map((c) => c.domain ?? c.subject ?? c.phase),
    interrupted: r.interrupted,
    stillRunning: r.stillRunning,
    quarantined: r.quarantined,
    problems: r.problems,
  });
  run.emit({ type: 'run-end', result: r, at: run.host.now() });
  return r;
}

async function runParts(run: Run, jobs: number): Promise<void> {
  const { plan } = run;
  const hasStop = plan.verb === 'stop' || plan.verb === 'restart';
  const hasStart = plan.verb === 'start' || plan.verb === 'restart';
  if (hasStop) {
    const steps = plan.steps.filter((s) => s.part === 'stop');
    await runPart(run, 'stop', steps, jobs);
    await checkStillRunning(run);
    // An interrupted stop leaves guests running: keep the lock so the service still counts as up (rc calls stop again).
    if (plan.removeLock && !run.result.interrupted) {
      const problem = releaseLock(run.host, plan.lockFile);
      if (problem) warn(run, problem);
      else run.result.lock.removed = true;
    }
  }
  if (hasStart && !interrupted(run)) {
    if (plan.createLock) {
      const lock = acquireLock(run.host, plan.lockFile, plan.verb);
      if (lock.kind === 'held') {
        run.result.alreadyRunning = true;
        run.emit({ type: 'already-running', message: 'xendomains already running (lockfile exists)' });
        return;
      }
      if (lock.kind === 'error') {
        // Started without its lock, `status` says "unused" and sysvinit skips `stop` at shutdown: the guests would be killed unsaved.
        problem(run, `${lock.message}: nothing started (a start without its lock is never stopped at shutdown)`);
        return;
      }
      run.result.lock.created = true;
      if (lock.replaced) {
        run.result.lock.replacedStale = true;
        warn(run, staleMessage(plan.lockFile, lock.replaced));
      }
    }
    const startSteps = plan.steps.filter((s) => s.part === 'start');
    await finishKilledRestores(run, startSteps);
    await runPart(run, 'start', startSteps, jobs);
    // Interrupted, the lock stays "starting": once this process is gone the next start takes it for stale and finishes the job.
    if (run.result.lock.created && !run.result.interrupted) {
      const failed = markStarted(run.host, plan.lockFile, plan.verb);
      if (failed) warn(run, failed);
    }
  }
}

/**
 * A start killed during `xm restore` left the image (xm itself lived on and
 * may have finished). The journal names such restores: where the domain now
 * runs, that restore succeeded, so the image is deleted and not restored again
 * over the running guest; otherwise the planned restore runs as printed.
 */
async function finishKilledRestores(run: Run, steps: PlanStep[]): Promise<void> {
  const unfinished = run.o.journal?.unfinishedRestores();
  const restores = steps.filter((s) => s.phase === 'restore' && s.image !== undefined && unfinished?.has(s.image));
  if (!restores.length) return;
  const listing = await run.host.listDomains(run.plan.xm, 60_000);
  if (!listing.ok) {
    warn(run, `${listing.message}: cannot tell whether the restores a killed start left unfinished went through; restoring as planned`);
    return;
  }
  const up = new Set(listing.domains.map((d) => d.name));
  for (const step of restores) {
    const domain = step.domain ?? unfinished!.get(step.image!) ?? null;
    if (domain === null || !up.has(domain)) continue;
    try {
      run.host.remove(step.image!);
    } catch (error) {
      problem(run, `${domain} runs, restored from ${step.image} by a start that was killed (journal), but the image could not be deleted (${(error as Error).message}): delete it before the next boot`);
      continue;
    }
    run.finished.add(step.chain);
    warn(run, `${domain} runs: its restore from ${step.image}, left unfinished by a start that was killed, went through (journal); the image is deleted and not restored again`);
  }
}

function warn(run: Run, message: string): void {
  run.result.warnings.push(message);
  run.emit({ type: 'warning', message });
  run.o.journal?.write('warning', { message });
}

async function runPart(run: Run, part: 'stop' | 'start', steps: PlanStep[], jobs: number): Promise<void> {
  const chains = chainsOf(steps);
  run.emit({ type: 'part-start', part, chains: chains.length, at: run.host.now() });
  let i = 0;
  while (i < chains.length) {
    const lane = chains[i]![0]!.lane;
    if (lane === null || part !== 'stop') {
      await runChainOrSkip(run, chains[i]!);
      i++;
      continue;
    }
    // A block of laned (domain) chains: up to `jobs` in flight, started in plan order.
    const block: PlanStep[][] = [];
    while (i < chains.length && chains[i]![0]!.lane !== null) block.push(chains[i++]!);
    let next = 0;
    const worker = async () => {
      while (next < block.length) await runChainOrSkip(run, block[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(jobs, block.length) }, worker));
  }
  run.emit({ type: 'part-end', part, at: run.host.now() });
}

async function runChainOrSkip(run: Run, chain: PlanStep[]): Promise<void> {
  if (run.finished.has(chain[0]!.chain)) {
    for (const step of chain) skip(run, step, 'done by an earlier run that was killed (journal)');
    record(run, chainResult(chain, true, 'restored'));
    return;
  }
  if (interrupted(run)) {
    record(run, chainResult(chain, false, 'not started'));
    return;
  }
  await runChain(run, chain);
}

function chainResult(chain: PlanStep[], ok: boolean, how: ChainHow, last?: ChainResult['last']): ChainResult {
  const first = chain.find((s) => s.phase !== 'sysrq') ?? chain[0]!;
  const subject = first.phase === 'restore' ? first.image : first.phase === 'create' ? (first.config ?? first.argv[first.argv.length - 1]) : undefined;
  const result: ChainResult = { chain: first.chain, part: first.part, domain: first.domain, phase: first.phase, ok, how };
  if (last) result.last = last;
  if (subject !== undefined) result.subject = subject;
  return result;
}

function record(run: Run, result: ChainResult): void {
  run.result.chains.push(result);
  if (!result.ok && result.how !== 'not started') run.result.failed.push(result);
  run.emit({ type: 'chain-end', result, at: run.host.now() });
}

const SUCCESS: Partial<Record<PlanStep['phase'], ChainHow>> = {
  migrate: 'migrated',
  save: 'saved',
  shutdown: 'shut down',
  'shutdown-all': 'shut down',
  restore: 'restored',
  create: 'created',
  sysrq: 'sysrq sent',
};

async function runChain(run: Run, chain: PlanStep[]): Promise<void> {
  run.emit({ type: 'chain-start', chain: chain[0]!.chain, steps: chain, at: run.host.now() });
  const result = await runChainSteps(run, chain);
  const killed = run.killedSaves.get(chain[0]!.chain);
  if (killed) {
    run.killedSaves.delete(chain[0]!.chain);
    await settleKilledSave(run, killed, result.after);
  }
  record(run, result.result);
}

async function runChainSteps(run: Run, chain: PlanStep[]): Promise<{ result: ChainResult; after: StepOutcome[] }> {
  let last: ChainResult['last'];
  /** Outcomes of the steps after a killed save (settleKilledSave reads them). */
  const after: StepOutcome[] = [];
  for (let i = 0; i < chain.length; i++) {
    const step = chain[i]!;
    if (interrupted(run)) {
      skip(run, step, 'interrupted');
      return { result: chainResult(chain, false, 'interrupted', last), after };
    }
    if (step.onlyIfDomainsRemain) {
      const listing = await run.host.listDomains(run.plan.xm);
      if (listing.ok && !listing.domains.some((d) => isDomU(run.plan.state, d))) {
        skip(run, step, run.plan.state.xenstoreDomid === undefined ? 'no domain other than Domain-0 is left' : 'no domain other than Domain-0 and the xenstore domain is left');
        return { result: chainResult(chain, true, 'nothing to do', last), after };
      }
      if (!listing.ok) warn(run, `${listing.message}: cannot tell whether domains remain, so running ${step.argv.slice(1).join(' ')} anyway`);
    }
    const killedBefore = run.killedSaves.has(step.chain);
    const outcome = await runStep(run, step);
    if (killedBefore) after.push(outcome);
    last = { step, outcome };
    const isLast = i === chain.length - 1;
    if (outcome.next === 'stop') run.halted = true;
    if (outcome.next !== 'next-step' || isLast) {
      return { result: chainResult(chain, outcome.ok, outcome.ok ? (SUCCESS[step.phase] ?? 'nothing to do') : 'failed', last), after };
    }
  }
  return { result: chainResult(chain, false, 'failed', last), after };
}

function skip(run: Run, step: PlanStep, reason: string): void {
  run.emit({ type: 'step-skip', step, reason });
  run.o.journal?.write('step-skip', { step: step.id, phase: step.phase, domain: step.domain, argv: step.argv, reason });
}

async function runStep(run: Run, step: PlanStep): Promise<StepOutcome> {
  const { host } = run;
  const startedAt = host.now();
  run.inFlight.set(step.id, step);
  run.o.journal?.write('step-start', {
    step: step.id,
    part: step.part,
    chain: step.chain,
    phase: step.phase,
    domain: step.domain,
    domid: step.domid,
    argv: step.argv,
    timeoutSeconds: step.timeoutSeconds,
    start: new Date(startedAt).toISOString(),
  });
  run.emit({ type: 'step-start', step, at: startedAt });

  let outcome: Omit<StepOutcome, 'next'>;
  let prepared: string | undefined;
  let guard: SaveGuard | undefined;
  if (step.ensureDir !== undefined) {
    try {
      host.mkdirp(step.ensureDir);
    } catch (error) {
      prepared = `mkdir -p ${step.ensureDir}: ${(error as Error).message}`;
    }
  }
  if (prepared === undefined && step.phase === 'save' && step.image !== undefined) {
    const before = beforeSave(host, step.image);
    for (const moved of before.movedAside) quarantined(run, step, moved.from, moved.to, moved.message, true);
    if (before.refused !== undefined) prepared = before.refused;
    else guard = before.guard;
  }
  if (prepared === undefined && step.phase === 'restore' && step.image !== undefined) {
    prepared = untrustedImage(host, step.image);
    // Loud even when a fallback create then succeeds.
    if (prepared !== undefined) problem(run, prepared);
  }
  if (prepared !== undefined) {
    outcome = { ok: false, code: null, signal: null, timedOut: false, aborted: false, error: prepared, stdout: '', stderr: '', startedAt, durationMs: host.now() - startedAt };
  } else {
    const r = await host.run(step.argv, {
      timeoutMs: step.timeoutSeconds === null ? undefined : step.timeoutSeconds * 1000,
      killGraceMs: run.o.killGraceMs ?? 5000,
      signal: run.o.kill,
    });
    outcome = {
      ok: r.code === 0 && !r.timedOut && !r.aborted && r.spawnError === undefined,
      code: r.code,
      signal: r.signal,
      timedOut: r.timedOut,
      aborted: r.aborted,
      stdout: r.stdout,
      stderr: r.stderr,
      startedAt,
      durationMs: r.durationMs,
    };
    if (r.spawnError !== undefined) outcome.error = r.spawnError;
  }
  run.inFlight.delete(step.id);

  if (outcome.ok && step.deleteOnSuccess && step.image !== undefined) {
    try {
      host.remove(step.image);
    } catch (error) {
      // Left in place, the image would be restored again at the next boot over a guest that has moved on.
      problem(run, `${step.domain ?? step.image} was restored, but ${step.image} could not be deleted (${(error as Error).message}): delete it before the next boot`);
    }
  }
  if (step.phase === 'save' && step.image !== undefined && guard) {
    const after = afterSave(host, step.image, guard, outcome.ok);
    const fate = after.quarantine ? await domainFate(run, step) : undefined;
    if (fate === 'gone') {
      warn(run, `xm save of ${step.domain ?? step.image} did not report success, but the domain is gone: its image ${step.image} is kept for the next boot to restore`);
    } else if (fate !== undefined) {
      const moved = quarantine(run, step);
      const killed = outcome.timedOut || outcome.aborted;
      if (moved && killed && fate === 'listed') run.killedSaves.set(step.chain, { step, to: moved, size: host.lstat(moved)?.size ?? 0 });
    }
    if (after.warning) warn(run, after.warning);
  }
  // A restore that failed with a fallback create after it: the image goes aside, or the next boot restores it over the new guest.
  if (!outcome.ok && step.phase === 'restore' && step.image !== undefined && step.onFailure === 'next-step' && prepared === undefined) {
    const moved = quarantineImage(host, step.image, 'unrestored');
    if (moved.moved) quarantined(run, step, step.image, moved.to, `the restore of ${step.domain ?? step.image} failed: ${step.image} was moved to ${moved.to} (kept; restore it by hand only if the guest below has not run since) and ${step.domain ?? 'the domain'} is created from its config`, true);
    else if (moved.reason === 'error') problem(run, `the restore of ${step.domain ?? step.image} failed and ${step.image} could not be moved aside (${moved.message}): delete it before the next boot, or it is restored over the guest created now`);
  }

  const full: StepOutcome = { ...outcome, next: outcome.ok ? step.onSuccess : step.onFailure };
  run.o.journal?.write('step-end', {
    step: step.id,
    phase: step.phase,
    domain: step.domain,
    argv: step.argv,
    start: new Date(startedAt).toISOString(),
    end: new Date(startedAt + outcome.durationMs).toISOString(),
    durationMs: outcome.durationMs,
    ok: full.ok,
    // false: xm never started (mkdir -p failed, xm missing).
    ran: prepared === undefined && full.error === undefined,
    exit: full.code,
    signal: full.signal,
    timedOut: full.timedOut,
    aborted: full.aborted,
    ...(full.error === undefined ? {} : { error: full.error }),
    stderr: full.stderr.length > STDERR_EXCERPT ? `…${full.stderr.slice(-STDERR_EXCERPT)}` : full.stderr,
    next: full.next,
  });
  run.emit({ type: 'step-end', step, outcome: full });

  if (step.sleepAfterMicros > 0 && (full.ok || step.sleepWhen === 'always') && !interrupted(run)) {
    await host.sleep(step.sleepAfterMicros / 1000, run.o.interrupt);
  }
  return full;
}

function problem(run: Run, message: string): void {
  run.result.problems.push(message);
  run.emit({ type: 'warning', message });
  run.o.journal?.write('problem', { message });
}

/**
 * Where the domain of a save that did not report success is now. Gone: xend
 * wrote the whole image and destroyed the domain (the save was killed or failed
 * after that), so the image — the guest's only state — stays where restore finds
 * it. (Something else may have taken the domain meanwhile — a guest that powered
 * off, an earlier stop's shutdown still under way — and left a partial image; no
 * listing tells the two apart, so the image goes where nothing is lost: restore
 * judges it, and a failed restore moves it aside and creates the domain from its
 * config.) Listed, or no listing: quarantine.
 */
async function domainFate(run: Run, step: PlanStep): Promise<'gone' | 'listed' | 'unknown'> {
  if (step.domid === null) return 'unknown';
  const listing = await run.host.listDomains(run.plan.xm, 60_000);
  if (!listing.ok) return 'unknown';
  return listing.domains.some((d) => d.id === step.domid || d.name === step.domain) ? 'listed' : 'gone';
}

/**
 * The chain of a save the watchdog killed has ended. If the domain is gone and
 * this chain did not take it (no later step succeeded or was itself killed
 * mid-way) — or the image grew after it was moved aside — xend finished the save
 * after the kill: the image is complete and goes back where restore finds it.
 * Otherwise it stays aside. (Restore is the final judge: an image that fails to
 * restore is moved aside then, and the domain created from its config.)
 */
async function settleKilledSave(run: Run, killed: KilledSave, after: StepOutcome[]): Promise<void> {
  const { step, to } = killed;
  const image = step.image!;
  let now;
  try {
    now = run.host.lstat(to);
  } catch {
    return;
  }
  if (!now || now.kind !== 'file') return;
  const grew = now.size > killed.size;
  const weTookIt = after.some((o) => o.ok || o.timedOut || o.aborted);
  // The common case (xend stopped with xm, our shutdown took the domain) needs no listing.
  if (!grew && weTookIt) return;
  const listing = await run.host.listDomains(run.plan.xm, 60_000);
  if (!listing.ok || listing.domains.some((d) => d.id === step.domid || d.name === step.domain)) return;
  const name = step.domain ?? image;
  const why = grew ? `its image grew after the watchdog killed xm save` : `no later step of its chain took it`;
  try {
    if (!run.host.moveNoReplace(to, image)) {
      problem(run, `${name} is gone and ${why}, so xend finished the save: ${to} is its complete image, but ${image} is taken; move it there by hand before the next boot`);
      return;
    }
  } catch (error) {
    problem(run, `${name} is gone and ${why}, so xend finished the save, but ${to} could not be moved back to ${image} (${(error as Error).message}): move it there by hand before the next boot`);
    return;
  }
  const i = run.result.quarantined.findIndex((q) => q.to === to);
  if (i >= 0) run.result.quarantined.splice(i, 1);
  run.o.journal?.write('unquarantine', { domain: step.domain, image, from: to });
  warn(run, `${name} is gone and ${why}, so xend finished the save after the kill: its image ${to} was moved back to ${image} for the next boot to restore`);
}

/** Moves a failed save's image aside and reports it; returns where it went. */
function quarantine(run: Run, step: PlanStep): string | undefined {
  const image = step.image!;
  const moved = quarantineImage(run.host, image);
  if (!moved.moved && moved.reason === 'absent') return undefined;
  if (moved.moved) quarantined(run, step, image, moved.to, `the save of ${step.domain ?? image} did not complete: its partial image was moved to ${moved.to} (restore will not pick it up; delete it once you have looked)`, false);
  else quarantined(run, step, image, undefined, `the save of ${step.domain ?? image} did not complete and its partial image ${image} could not be moved aside (${moved.message}): delete it before the next boot, or it is restored`, true);
  return moved.moved ? moved.to : undefined;
}

/** Reports a file moved out of restore's way (or that should have been); `loud` ones make the run fail. */
function quarantined(run: Run, step: PlanStep, image: string, to: string | undefined, message: string, loud: boolean): void {
  const q = to === undefined ? { domain: step.domain, image, message } : { domain: step.domain, image, to, message };
  run.result.quarantined.push(q);
  if (loud) run.result.problems.push(message);
  run.emit({ type: 'quarantine', quarantine: q });
  run.o.journal?.write('quarantine', { domain: q.domain, image: q.image, to: q.to ?? null, message: q.message });
}

/** After a stop that did not go cleanly, ask which guests are still up, so they can be named. */
async function checkStillRunning(run: Run): Promise<void> {
  const stopFailed = run.result.failed.some((c) => c.part === 'stop') || run.result.chains.some((c) => c.part === 'stop' && !c.ok);
  if (!stopFailed && !run.result.interrupted) return;
  const listing = await run.host.listDomains(run.plan.xm);
  if (listing.ok) run.result.stillRunning = listing.domains.filter((d) => isDomU(run.plan.state, d)).map((d) => d.name);
  else warn(run, `${listing.message}: cannot tell which domains are still running`);
}

export type { ExecEvent };
