// The init-script verbs (`start|stop|restart|reload|status`) and `apply PLAN.json`:
// the reference's preamble (dom0 check, config readable), plan from the live
// host (or check a saved plan is still current), then run it with the lock,
// journal, signal handling and the chosen output. Inputs `plan` would refuse
// (partly unknown) do not stop an init verb: it runs and exits non-zero. Planning and running are src/plan and src/exec.

import { setMaxListeners } from 'node:events';
import { resolve } from 'node:path';
import { readTextFile } from '../host/files.js';
import { checkDom0, type Dom0Answer } from '../host/dom0.js';
import { gatherPlanInput, type Gathered } from '../host/plan-input.js';
import { displayPath, lexicallyUnder, lockPath, sysconfigPath, underRoot } from '../host/paths.js';
import { lintModels } from '../lint/engine.js';
import { isExactlyTrue, isNonEmpty } from '../model/settings.js';
import { gcc } from '../report/gcc.js';
import { parsePlanJson } from '../plan/plan-json.js';
import { planStart, planStatus, planStop, type PlanInput } from '../plan/planner.js';
import type { Plan, PlanVerb, ToolstackName } from '../plan/types.js';
import { failureSummary } from '../exec/describe.js';
import type { ExecResult } from '../exec/events.js';
import { execute } from '../exec/executor.js';
import { realHost, type ExecHost } from '../exec/host.js';
import { confinedHost, localizePlan, planPaths, rootEscapes } from '../exec/rooted.js';
import { DEFAULT_JOURNAL, Journal } from '../exec/journal.js';
import { dropRunLock, inspectLock, serviceUp, staleMessage, takeRunLock, type RunLock } from '../exec/lock.js';
import { processSink, type Reporter, type Sink } from '../exec/report.js';
import { jsonReporter } from '../exec/report-json.js';
import { plainReporter } from '../exec/report-plain.js';
import { ttyReporter } from '../exec/report-tty.js';
import { formatStatusUpstream, upstreamReporter, type StartShape } from '../exec/report-upstream.js';
import { staleness } from '../exec/stale.js';
import { formatStatusJson, formatStatusText } from '../exec/status-text.js';
import { blockingRules, unplannable } from './plan.js';
import { choice, CliError, oneRoot, toolVersion, wholeNumber, xenstoreDomidOption, type GlobalOptions } from './common.js';
import { toolstackOption } from './toolstack.js';

export interface ExecCliOptions extends GlobalOptions {
  journal?: string;
  logFormat?: string;
  jobs?: number;
  state?: string;
}

export interface VerbOptions extends ExecCliOptions {
  verb: 'start' | 'stop' | 'restart' | 'reload' | 'status';
}

export interface ApplyOptions extends ExecCliOptions {
  plan: string;
}

/** LSB exit codes (and ours). */
export const VERB_EXIT = {
  ok: 0,
  /** A restore, a create or a whole stop chain failed; the xm list could not be read; a stale plan. */
  failed: 1,
  /** A plan file that cannot be read or is not a plan. */
  badArgs: 2,
  /** status: the state cannot be known (xm cannot be run). */
  statusUnknown: 4,
  /** The config is unreadable; or an input was only partly known and the verb did what the reference would with the rest. */
  notConfigured: 6,
} as const;

type LogFormat = 'plain' | 'progress' | 'json' | 'upstream';
const LOG_FORMATS = ['auto', 'plain', 'progress', 'json', 'upstream'] as const;

function logFormat(options: ExecCliOptions): LogFormat {
  const chosen = choice('log-format', options.logFormat, LOG_FORMATS) ?? 'auto';
  if (chosen !== 'auto') return chosen;
  return process.stdout.isTTY && !options.quiet ? 'progress' : 'plain';
}

function jobs(options: ExecCliOptions): number | undefined {
  return wholeNumber('jobs', options.jobs, 1);
}

function toolstackGiven(options: GlobalOptions): boolean {
  return options.xm !== undefined || options.xl !== undefined || Boolean(process.env.XENDOMAINS_XM) || Boolean(process.env.XENDOMAINS_XL);
}

/** Given an xm or xl to use, we are told this is a dom0 (or a simulator); otherwise the host is asked. */
function dom0(options: GlobalOptions): Dom0Answer {
  return toolstackGiven(options) ? { dom0: true } : checkDom0();
}

/**
 * The reference exits 0 with no output when this is not a dom0. We keep its exit
 * for start/stop (a guest that has the package installed must boot quietly), but
 * say why on stderr; `status` cannot know, so it exits 4 (LSB "unknown"), not 0 ("running").
 */
function notDom0(verb: string, why: string): number {
  if (verb === 'status') {
    process.stderr.write(`xendomains: ${why}: the status is unknown\n`);
    return VERB_EXIT.statusUnknown;
  }
  process.stderr.write(`xendomains: ${why}: nothing done\n`);
  return verb === 'apply' ? VERB_EXIT.failed : VERB_EXIT.ok;
}

function reporter(format: LogFormat, sink: Sink, options: ExecCliOptions, upstream: { start?: (plan: Plan) => StartShape | undefined; noTag?: boolean } = {}): Reporter {
  if (format === 'json') return jsonReporter(sink);
  if (format === 'upstream') return upstreamReporter(sink, upstream);
  if (format === 'progress') return ttyReporter(sink);
  return plainReporter(sink, options.quiet ? { quiet: true } : {});
}

/** The start shape the upstream output needs, from the host as gathered. */
function startShape(input: PlanInput): (plan: Plan) => StartShape | undefined {
  return (plan) => {
    if (plan.verb !== 'start' && plan.verb !== 'restart') return undefined;
    // A create in a restore's chain is the fallback for a failed restore, not the auto phase.
    const fallback = new Set(plan.steps.filter((s) => s.phase === 'restore').map((s) => s.chain));
    const created = new Set(plan.steps.filter((s) => s.phase === 'create' && !fallback.has(s.chain)).map((s) => s.config));
    return {
      restorePhase: isExactlyTrue(input.settings.XENDOMAINS_RESTORE.value) && isNonEmpty(input.settings.XENDOMAINS_SAVE.value) && input.saved.length > 0,
      autoPhase: (input.auto?.length ?? 0) > 0,
      autoEntries: (input.auto ?? []).map((e) => (created.has(e.hostPath) ? { basename: e.basename, config: e.hostPath } : { basename: e.basename })),
    };
  };
}

interface Session {
  host: ExecHost;
  journal: Journal;
  sink: Sink;
  report: Reporter;
  jobs: number | undefined;
}

function session(options: ExecCliOptions, format: LogFormat, upstream: Parameters<typeof reporter>[3] = {}): Session {
  const real = realHost(options.state ? { stateFile: options.state } : {});
  // Under --root every file the run touches must stay inside it, checked again at each use.
  const host = options.root ? confinedHost(real, options.root) : real;
  const sink = processSink;
  // A console that went away (EPIPE) must not stop a shutdown half-way: output is best effort.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  const journalPath = journalOf(options);
  const journal = new Journal(host, journalPath, (m) => sink.err(`xendomains: warning: ${m}\n`));
  return { host, journal, sink, report: reporter(format, sink, options, upstream), jobs: jobs(options) };
}

function journalOf(options: ExecCliOptions): string {
  return options.journal ?? underRoot(options.root, DEFAULT_JOURNAL);
}

/**
 * Under --root, a command that runs must not read, write or move anything outside
 * the root: the files named on the command line must lie inside it, and no path
 * (these, and later the plan's) may lead out through a symlink. Refused before anything is done.
 */
function rootRefusal(options: ExecCliOptions, paths: readonly string[], exitCode: number): CliError | undefined {
  const root = options.root;
  if (!root) return undefined;
  const named: Array<[string, string | undefined]> = [['--config', options.config && underRootIfRelative(root, options.config)], ['--lock-file', options.lockFile], ['--journal', options.journal]];
  const outside = named.filter((n): n is [string, string] => n[1] !== undefined && !lexicallyUnder(root, n[1]));
  const problems = outside.map(([flag, p]) => `${flag} ${p} is outside --root ${root}`);
  const flagged = new Set(outside.map(([, p]) => resolve(p)));
  problems.push(...rootEscapes(root, paths.filter((p) => !flagged.has(resolve(p)))));
  if (!problems.length) return undefined;
  return new CliError(`with --root, every file a run reads or writes must be inside the root: ${problems.join('; ')}; nothing done`, exitCode);
}

/** -c under --root: a relative path is under the root (sysconfigPath), an absolute one is taken as given. */
function underRootIfRelative(root: string, config: string): string {
  return sysconfigPath(root, config).path;
}

/** What a planned run touches besides the plan's own paths: the AUTO configs xm reads, the save directory. */
function inputPaths(options: ExecCliOptions, input: PlanInput): string[] {
  const paths = (input.auto ?? []).map((e) => underRoot(options.root, e.hostPath));
  if (input.savePath) paths.push(underRoot(options.root, input.savePath));
  return paths;
}

/** The plan as this machine runs it: under --root its host paths are mapped there. */
function runnable(options: ExecCliOptions, plan: Plan): Plan {
  return options.root ? localizePlan(plan, options.root) : plan;
}

const SIGNAL_EXIT: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Runs plans one after another under one signal handler: the first SIGINT/SIGTERM/SIGHUP lets steps in flight finish, a second kills them. */
async function runPlans(
  s: Session,
  next: (index: number, previous: ExecResult | undefined) => Promise<Plan | undefined>,
  /** What the plan just returned could not know: journalled in its run. */
  degraded: () => readonly string[] = () => [],
): Promise<{ results: ExecResult[]; signal: NodeJS.Signals | null }> {
  const interrupt = new AbortController();
  const kill = new AbortController();
  // Every command and sleep in flight listens (a parallel stop has many).
  setMaxListeners(0, interrupt.signal, kill.signal);
  let signal: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (!interrupt.signal.aborted) {
      signal = sig;
      interrupt.abort();
    } else kill.abort();
  };
  for (const sig of SIGNALS) process.on(sig, onSignal);
  const results: ExecResult[] = [];
  try {
    for (let plan = await next(0, undefined); plan; plan = signal ? undefined : await next(results.length, results[results.length - 1])) {
      // The executor opens the plan's journal run after its run-start event: the first event after it carries the unknowns.
      let unjournalled = [...degraded()];
      results.push(
        await execute(plan, {
          host: s.host,
          jobs: s.jobs,
          interrupt: interrupt.signal,
          interruptSignal: () => signal ?? 'SIGTERM',
          kill: kill.signal,
          emit: (e) => {
            if (e.type !== 'run-start' && unjournalled.length) {
              for (const message of unjournalled) s.journal.write('input-unknown', { message });
              unjournalled = [];
            }
            s.report.event(e);
          },
          journal: s.journal,
        }),
      );
    }
  } finally {
    for (const sig of SIGNALS) process.off(sig, onSignal);
  }
  return { results, signal };
}

function exitOf(results: ExecResult[], signal: NodeJS.Signals | null, runLock?: RunLock): { exit: number; summary: string[] } {
  const summary = results.flatMap(failureSummary);
  const unlocked = runLock?.kind === 'error';
  if (unlocked) summary.push(`ran without the lock: ${runLock.message}`);
  if (signal) return { exit: SIGNAL_EXIT[signal] ?? 1, summary };
  const failed = unlocked || results.some((r) => r.failed.length > 0 || r.problems.length > 0);
  return { exit: failed ? VERB_EXIT.failed : VERB_EXIT.ok, summary };
}

/**
 * The run lock: a start or stop already running makes us wait for it. Without
 * the lock a start does nothing (never stopped at shutdown otherwise); a stop
 * still stops the guests, as the reference would, and fails at the end.
 */
async function exclusive(s: Session, options: ExecCliOptions, verb: string): Promise<RunLock> {
  const lock = await takeRunLock(s.host, lockPath(options.root, options.lockFile), verb, {
    onWait: (holder) => s.sink.err(`xendomains: waiting for the ${holder?.verb || 'start or stop'} already running (pid ${holder?.pid ?? '?'}) to finish\n`),
  });
  if (lock.kind === 'error' && verb !== 'stop') throw new CliError(`cannot take the lock: ${lock.message}; nothing done`, VERB_EXIT.failed);
  if (lock.kind === 'error') s.sink.err(`xendomains: warning: cannot take the lock: ${lock.message}; stopping the guests without it\n`);
  if (lock.kind === 'taken' && lock.replaced) s.sink.err(`xendomains: warning: ${staleMessage(lock.path, lock.replaced)}\n`);
  return lock;
}

/** Gathers the host for planning, with the lock judged (a lock from an earlier boot is not held). */
async function gather(options: ExecCliOptions, host: ExecHost, overrides: { xm?: string; toolstack?: ToolstackName; config?: string; lockFile?: string } = {}): Promise<Gathered> {
  const lockFile = overrides.lockFile ?? lockPath(options.root, options.lockFile);
  const toolstack = overrides.toolstack ?? toolstackOption(options);
  const command = overrides.xm ?? (toolstack === 'xl' ? options.xl : options.xm);
  const gathered = await gatherPlanInput({ root: options.root, config: overrides.config ?? options.config, lockFile, toolstack, xm: command, xl: command, state: options.state, xenstoreDomid: xenstoreDomidOption(options) });
  if (gathered.ok) gathered.input.lockPresent = inspectLock(host, lockFile).state === 'held';
  return gathered;
}

/**
 * What the init verbs cannot know (findings that make `plan` refuse): a sysconfig
 * bash stops reading, an AUTO config whose domain name is unknown. At boot and
 * shutdown nobody reads a refusal, so the verb still does what the reference
 * would with the same files (DESIGN.md, reliability rules): these are printed
 * and journalled, and the exit is non-zero. Returns the summary lines.
 */
function degradedInputs(g: Extract<Gathered, { ok: true }>, verb: PlanVerb, options: ExecCliOptions, shown: Set<string>): string[] {
  const diagnostics = lintModels({ toolstack: g.input.toolstack?.name ?? 'xm', sysconfig: g.host.sysconfig, domains: g.host.domains, auto: g.host.auto }, { rules: blockingRules });
  const unknowable = unplannable(g.host, g.input, [verb], diagnostics);
  if (!unknowable) return [];
  const { blocking, unnamed } = unknowable;
  // restart plans twice from the same files: each finding and warning is printed once.
  const fresh = blocking.filter((d) => !shown.has(`${d.code} ${d.span.file}:${d.span.start.offset}`));
  for (const d of fresh) shown.add(`${d.code} ${d.span.file}:${d.span.start.offset}`);
  if (!options.quiet && fresh.length) process.stderr.write(gcc({ diagnostics: fresh, sources: g.host.sources, fileCount: g.host.sources.size, rules: [], toolVersion: toolVersion() }, { color: false }));
  const lines: string[] = [];
  const stop = g.host.sysconfig?.problems.find((p) => p.stopsSourcing);
  if (stop) {
    const lost = stop.lostVariables ?? [];
    lines.push(`bash stops reading ${displayPath(stop.span.file)} at line ${stop.span.start.line}: using what bash would hold${lost.length ? ` (${lost.join(', ')} not set by the lines after it)` : ''}, as the reference would`);
  } else if (blocking.some((d) => d.code === 'XD1001')) {
    lines.push(`${displayPath(g.host.sysconfig?.file ?? 'the sysconfig')} has errors (XD1001): using the values as parsed`);
  }
  if (unnamed.length) {
    const files = unnamed.join(', ');
    if (verb === 'stop') lines.push(`the domain name of ${files} cannot be determined: AUTO_ONLY filters by the names it knows, so the domain it names is not stopped one by one (SHUTDOWN_ALL, if set, halts it)`);
    else lines.push(`the domain name of ${files} cannot be determined: created by file as the reference would (unless its \`grep -w\` test on SAVE skips it), without checking whether that domain already runs`);
  }
  for (const line of lines) {
    if (!shown.has(line)) process.stderr.write(`xendomains: warning: ${line}\n`);
    shown.add(line);
  }
  return lines;
}

function gatherFailure(g: Extract<Gathered, { ok: false }>, verb: string): CliError {
  if (verb === 'status') return new CliError(`${g.message}; the status is unknown`, VERB_EXIT.statusUnknown);
  return new CliError(`${g.message}; nothing done`, VERB_EXIT.failed);
}

export async function runVerb(all: VerbOptions): Promise<number> {
  const options = oneRoot(all);
  const verb = options.verb;
  const format = logFormat(options);
  jobs(options);
  const host = dom0(options);
  if (!host.dom0) return notDom0(verb, host.why);
  const located = sysconfigPath(options.root, options.config);
  if (!readTextFile(located.path).ok) {
    // The reference's words; on stdout only where its output is asked for, else as our one-line error.
    if (format === 'upstream') process.stdout.write(`${located.path} not existing\n`);
    else process.stderr.write(`xendomains: ${located.path} not existing\n`);
    return verb === 'stop' ? VERB_EXIT.ok : VERB_EXIT.notConfigured;
  }
  const early = rootRefusal(options, [located.path, lockPath(options.root, options.lockFile), journalOf(options)], verb === 'status' ? VERB_EXIT.statusUnknown : VERB_EXIT.failed);
  if (early) throw early;
  if (verb === 'status') return status(options, format);

  const parts: Array<'stop' | 'start'> = verb === 'start' ? ['start'] : verb === 'stop' ? ['stop'] : ['stop', 'start'];
  let shape: ((plan: Plan) => StartShape | undefined) | undefined;
  const s = session(options, format, { start: (plan) => shape?.(plan), noTag: parts.length > 1 });
  let refused: CliError | undefined;
  const degraded: string[] = [];
  const shown = new Set<string>();
  let planDegraded: string[] = [];
  // Taken before the host is read, so a second stop plans what the first one left.
  const runLock = await exclusive(s, options, verb);
  const { results, signal } = await runPlans(s, async (index, previous) => {
    const part = parts[index];
    // restart: start only after a stop that ran (an interrupted one returns no further plan).
    if (part === undefined || (previous && previous.interrupted)) return undefined;
    const g = await gather(options, s.host);
    if (!g.ok) {
      // No toolstack installed and none given: as on a machine that is not a dom0 (the xl script exits 0 here, X1).
      if (g.commandMissing && !toolstackGiven(options)) refused = new CliError(`${g.message}: not a Xen dom0 with its toolstack installed: nothing done`, VERB_EXIT.ok);
      else refused = g.reason === 'sysconfig' ? new CliError(g.message, VERB_EXIT.notConfigured) : gatherFailure(g, verb);
      return undefined;
    }
    const plan = runnable(options, part === 'stop' ? planStop(g.input) : planStart(g.input));
    const escapes = rootRefusal(options, [...inputPaths(options, g.input), ...planPaths(plan)], VERB_EXIT.failed);
    if (escapes) {
      refused = escapes;
      return undefined;
    }
    planDegraded = degradedInputs(g, part, options, shown);
    for (const line of planDegraded) if (!degraded.includes(line)) degraded.push(line);
    shape = startShape(g.input);
    return plan;
  }, () => planDegraded);
  const dropped = dropRunLock(s.host, runLock);
  if (dropped) s.sink.err(`xendomains: warning: ${dropped}\n`);
  const { exit, summary } = exitOf(results, signal, runLock);
  if (refused) {
    if (results.length) s.report.finish(Math.max(exit, refused.exitCode), summary);
    if (refused.message) throw refused;
    return refused.exitCode;
  }
  // Done in part: what was done is reported as usual, what could not be known makes the exit non-zero.
  const final = exit === VERB_EXIT.ok && degraded.length ? VERB_EXIT.notConfigured : exit;
  s.report.finish(final, degraded.length ? [...summary, ...degraded.map((l) => `partly unknown input: ${l}`)] : summary);
  return final;
}

async function status(options: ExecCliOptions, format: LogFormat): Promise<number> {
  const host = realHost(options.state ? { stateFile: options.state } : {});
  const g = await gather(options, host);
  if (!g.ok) throw g.reason === 'sysconfig' ? new CliError(g.message, VERB_EXIT.notConfigured) : gatherFailure(g, 'status');
  const escapes = rootRefusal(options, inputPaths(options, g.input), VERB_EXIT.statusUnknown);
  if (escapes) throw escapes;
  g.input.lockPresent = serviceUp(host, lockPath(options.root, options.lockFile));
  const plan = planStatus(g.input);
  const text = format === 'upstream' ? formatStatusUpstream(plan) : format === 'json' ? formatStatusJson(plan) : formatStatusText(plan);
  process.stdout.write(text);
  return plan.statusExit ?? 3;
}

export async function runApply(all: ApplyOptions): Promise<number> {
  const options = oneRoot(all);
  const read = readTextFile(options.plan);
  const shown = displayPath(options.plan);
  if (!read.ok) throw new CliError(`cannot read ${shown}: ${read.reason}`, VERB_EXIT.badArgs);
  const parsed = parsePlanJson(read.text, shown);
  if (!parsed.ok) {
    for (const e of parsed.errors) process.stderr.write(`xendomains: ${e}\n`);
    return VERB_EXIT.badArgs;
  }
  const plan = parsed.plan;
  const format = logFormat(options);
  jobs(options);
  const host = dom0(options);
  if (!host.dom0) return notDom0(plan.verb === 'status' ? 'status' : 'apply', host.why);
  const given = plan.toolstack === 'xl' ? options.xl : options.xm;
  if (given !== undefined && given !== plan.xm) process.stderr.write(`xendomains: warning: apply runs the plan's ${plan.toolstack} (${plan.xm}); --${plan.toolstack} ${given} is ignored\n`);
  const s = session(options, format);
  // The plan's own sysconfig (its first input, a host path) unless told otherwise, so apply checks what plan read.
  const firstInput = Object.keys(plan.inputs)[0];
  const config = options.config ?? (firstInput !== undefined && firstInput.startsWith('/') ? underRoot(options.root, firstInput) : undefined);
  const lockFile = options.lockFile ?? underRoot(options.root, plan.lockFile);
  const early = rootRefusal({ ...options, lockFile }, [...(config ? [config] : []), lockFile, journalOf(options), ...planPaths(runnable(options, plan))], plan.verb === 'status' ? VERB_EXIT.statusUnknown : VERB_EXIT.failed);
  if (early) throw early;
  const runLock = plan.verb === 'status' ? undefined : await exclusive(s, { ...options, lockFile }, plan.verb);
  try {
    return await applyLocked({ ...options, lockFile }, s, plan, shown, format, config, runLock);
  } finally {
    const dropped = runLock && dropRunLock(s.host, runLock);
    if (dropped) s.sink.err(`xendomains: warning: ${dropped}\n`);
  }
}

async function applyLocked(options: ApplyOptions, s: Session, plan: Plan, shown: string, format: LogFormat, config: string | undefined, runLock: RunLock | undefined): Promise<number> {
  const g = await gather(options, s.host, { xm: plan.xm, toolstack: plan.toolstack, ...(config === undefined ? {} : { config }) });
  if (!g.ok) throw new CliError(`cannot check ${shown} against the host: ${g.message}; nothing done`, VERB_EXIT.failed);
  const escapes = rootRefusal(options, inputPaths(options, g.input), VERB_EXIT.failed);
  if (escapes) throw escapes;
  const changes = staleness(plan, g.input);
  if (changes.length) {
    process.stderr.write(`xendomains: refusing to apply ${shown}: the host changed since it was planned:\n${changes.map((c) => `  - ${c}\n`).join('')}xendomains: make a new plan (xendomains plan ${plan.verb} --out ${shown})\n`);
    return VERB_EXIT.failed;
  }
  if (plan.verb === 'status') {
    process.stdout.write(format === 'upstream' ? formatStatusUpstream(plan) : format === 'json' ? formatStatusJson(plan) : formatStatusText(plan));
    return plan.statusExit ?? 3;
  }
  const local = runnable(options, plan);
  const { results, signal } = await runPlans(s, async (index) => (index === 0 ? local : undefined));
  const { exit, summary } = exitOf(results, signal, runLock);
  s.report.finish(exit, summary);
  return exit;
}
