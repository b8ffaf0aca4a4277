// A plan for people, in the manner of `terraform plan`: per domain the
// numbered steps with their exact argv, fallbacks, watchdogs and sleeps; the
// notes (divergences marked with their quirk); a summary; and for stop an
// ASCII timeline of the worst case. Colour only via the Chalk instance given.

import type { ChalkInstance } from 'chalk';
import { chainTimes, planTime, type ChainTime } from '../plan/timing.js';
import type { Next, Plan, PlanNote, PlanStep } from '../plan/types.js';
import { sleepSeconds } from './plan-sh.js';
import { displayText, escapeForDisplay, isUnsafeForDisplay } from './display.js';

export interface PlanTextOptions {
  /** e.g. `new Chalk({ level: 1 })`; without it the text has no escapes. */
  chalk?: ChalkInstance;
  /** Columns for the timeline bar (default 60). */
  width?: number;
  /** With --root: where this machine reads a host path, when that differs (shown in brackets after it). */
  localOf?: (hostPath: string) => string | undefined;
}

/** The one path convention of plan text: the host's path, then `[the local file]` where --root makes them differ. */
function pathText(hostPath: string, options: PlanTextOptions, shown: (p: string) => string): string {
  const local = options.localOf?.(hostPath);
  return local !== undefined && local !== hostPath ? `${shown(hostPath)} [${shown(local)}]` : shown(hostPath);
}

type Paint = (s: string) => string;
interface Style {
  bold: Paint;
  dim: Paint;
  cmd: Paint;
  warn: Paint;
  good: Paint;
  bad: Paint;
}

function style(chalk: ChalkInstance | undefined): Style {
  const id: Paint = (s) => s;
  if (!chalk) return { bold: id, dim: id, cmd: id, warn: id, good: id, bad: id };
  return { bold: chalk.bold, dim: chalk.dim, cmd: chalk.cyan, warn: chalk.yellow, good: chalk.green, bad: chalk.red };
}

/** A word as a shell would need it, with control characters made visible (`$'…'`), so names cannot repaint the terminal. */
export function displayWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  if ([...word].some(isUnsafeForDisplay)) {
    // bash's $'…' reads these escapes back: the word stays exact, and visible.
    const body = [...word]
      .map((c) => {
        if (c === '\\' || c === "'") return `\\${c}`;
        if (c === '\n') return '\\n';
        if (c === '\t') return '\\t';
        return isUnsafeForDisplay(c) ? escapeForDisplay(c).replace(/^\\u\{([0-9a-f]+)\}$/, (_, h: string) => `\\U${h.padStart(8, '0')}`) : c;
      })
      .join('');
    return `$'${body}'`;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Free text (names, paths inside messages) made safe for a terminal. */
const visible = (text: string): string => displayText(text);

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(6))} s`;
  const m = Math.floor(seconds / 60);
  const s = Number((seconds - m * 60).toFixed(3));
  return m < 60 ? `${seconds} s (${m} min${s ? ` ${s} s` : ''})` : `${seconds} s (${Math.floor(m / 60)} h ${m % 60} min)`;
}

export function formatPlanText(plan: Plan, options: PlanTextOptions = {}): string {
  const st = style(options.chalk);
  const out: string[] = [];
  const domUs = plan.state.domains.filter((d) => d.id !== 0).length;
  out.push(st.bold(`xendomains plan: ${plan.verb}`) + st.dim(`  (${plan.toolstack} = ${displayWord(plan.xm)}; ${domUs} running domain${domUs === 1 ? '' : 's'} besides Domain-0; ${plan.state.saved.length} SAVE entr${plan.state.saved.length === 1 ? 'y' : 'ies'})`));
  out.push('');

  if (plan.verb === 'status') {
    statusText(plan, st, out, options);
  } else if (plan.outcome) {
    out.push(`${st.warn(plan.outcome.message)}: nothing to do (the lock ${pathText(plan.lockFile, options, displayWord)} exists).`, '');
  } else {
    stepsText(plan, st, out, options);
  }

  notesText(plan.notes, st, out);
  if (plan.verb !== 'status') summaryText(plan, st, out);
  if (plan.steps.some((s) => s.part === 'stop')) timelineText(plan, st, out, options.width ?? 60);
  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

function heading(step: PlanStep, lanes: number, options: PlanTextOptions): string {
  const lane = step.lane !== null && lanes > 1 ? `  [lane ${step.lane}]` : '';
  switch (step.phase) {
    case 'restore':
      return `restore ${pathText(step.image ?? '', options, visible)}${step.domain ? ` (domain ${visible(step.domain)})` : ''}`;
    case 'create':
      return `create ${visible(step.domain ?? '?')} from ${pathText(step.config ?? step.argv[step.argv.length - 1]!, options, visible)}`;
    case 'shutdown-all':
      return 'after all domains';
    default:
      return `domain ${visible(step.domain ?? '?')} (id ${step.domid})${lane}`;
  }
}

function nextText(next: Next, success: boolean, last: boolean): string {
  if (next === 'next-step') return last ? 'continue' : 'next step';
  if (next === 'next-domain') return success ? 'done' : 'failed (the run will exit non-zero)';
  return 'stop the run';
}

function stepsText(plan: Plan, st: Style, out: string[], options: PlanTextOptions): void {
  if (plan.steps.length === 0) {
    out.push('No steps: nothing to do.', '');
    return;
  }
  const width = String(plan.steps.length).length;
  let part: string | undefined;
  let chain = 0;
  plan.steps.forEach((s, i) => {
    if (plan.verb === 'restart' && s.part !== part) {
      out.push(st.bold(`── ${s.part} ──`), '');
      part = s.part;
    }
    if (s.chain !== chain) {
      out.push(st.bold(heading(s, plan.lanes, options)));
      chain = s.chain;
    }
    const last = plan.steps[i + 1]?.chain !== s.chain;
    const num = String(s.id).padStart(width);
    const pre = s.ensureDir !== undefined ? `${st.cmd(`mkdir -p ${displayWord(s.ensureDir)}`)} && ` : '';
    const cond = s.onlyIfDomainsRemain ? st.dim('  (only if a domain other than Domain-0 is still listed)') : '';
    out.push(`  ${num}. ${pre}${st.cmd(s.argv.map(displayWord).join(' '))}${cond}`);
    const details: string[] = [];
    details.push(s.timeoutSeconds === null ? 'no watchdog' : `watchdog ${s.timeoutSeconds} s`);
    if (s.sleepAfterMicros > 0) details.push(`then sleep ${sleepSeconds(s.sleepAfterMicros)} s${s.sleepWhen === 'success' ? ' if it succeeds' : ''}`);
    if (s.deleteOnSuccess) details.push(s.onFailure === 'next-step' ? 'the image is deleted if it succeeds, moved aside (kept) if it fails' : 'the image is deleted if it succeeds, kept if it fails');
    const pad = ' '.repeat(width + 4);
    out.push(st.dim(`${pad}${details.join('; ')}`));
    out.push(`${pad}→ on success: ${st.good(nextText(s.onSuccess, true, last))} · on failure: ${(s.onFailure === 'next-step' ? st.dim : st.bad)(nextText(s.onFailure, false, last))}`);
    for (const f of s.findings ?? []) out.push(`${pad}${(f.severity === 'error' ? st.bad : st.warn)(`! ${f.severity} ${f.code}: ${visible(f.message)}`)}`);
  });
  out.push('');
  if (plan.createLock) out.push(st.dim(`Lock: ${pathText(plan.lockFile, options, displayWord)} is created before the start steps.`));
  if (plan.removeLock) out.push(st.dim(`Lock: ${pathText(plan.lockFile, options, displayWord)} is removed after the stop steps.`));
  out.push('');
}

function notesText(notes: readonly PlanNote[], st: Style, out: string[]): void {
  if (!notes.length) return;
  out.push(st.bold('Notes'));
  const order: Record<PlanNote['kind'], number> = { divergence: 0, skip: 1, info: 2 };
  const sorted = [...notes].sort((a, b) => order[a.kind] - order[b.kind]);
  for (const n of sorted) {
    const tag = n.kind === 'divergence' ? st.warn(`[${n.quirk ?? 'diverges'}]`) : n.kind === 'skip' ? st.dim('[skip]') : st.dim(n.quirk ? `[${n.quirk}]` : '[info]');
    out.push(`  ${tag} ${visible(n.message)}`);
  }
  out.push('');
}

function summaryText(plan: Plan, st: Style, out: string[]): void {
  const count = (phases: string[]) => new Set(plan.steps.filter((s) => phases.includes(s.phase)).map((s) => s.chain)).size;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const units = [
    [count(['sysrq', 'migrate', 'save', 'shutdown']), 'domain to stop', 'domains to stop'],
    [count(['restore']), 'image to restore', 'images to restore'],
    [count(['create']), 'config to create', 'configs to create'],
  ] as const;
  const what = units.filter(([n]) => n > 0).map(([n, one, many]) => plural(n, one, many)).join(', ') || 'nothing to stop or start';
  let worst: string;
  if (plan.worstCaseSeconds !== null) worst = formatSeconds(plan.worstCaseSeconds);
  else {
    const guarded = planTime(plan.steps, 0).worstMicros / 1e6;
    worst = `unbounded (steps without a watchdog); ${formatSeconds(guarded)} counting only the watchdogs and sleeps`;
  }
  const n = plan.steps.length;
  out.push(st.bold(`Plan: ${plural(n, 'step', 'steps')} (${what})${plan.lanes > 1 ? `, stopping in ${plan.lanes} lanes` : ''}; ${plan.expectedSeconds > 0 ? `sleeps alone take ${formatSeconds(plan.expectedSeconds)} (the ${plan.toolstack} commands' own time not counted)` : 'no sleeps'}; worst case ${worst}.`));
  out.push('');
}

/** One row per lane: each domain's worst case as a proportional bar; shutdown-all in its own row after the lanes. */
function timelineText(plan: Plan, st: Style, out: string[], width: number): void {
  const stop = plan.steps.filter((s) => s.part === 'stop');
  const chains = chainTimes(stop, 0);
  const unbounded = new Set(chainTimes(stop).filter((c) => !Number.isFinite(c.worst)).map((c) => c.chain));
  const lanes = new Map<number, ChainTime[]>();
  const after: ChainTime[] = [];
  for (const c of chains) {
    if (c.lane === null) after.push(c);
    else {
      const list = lanes.get(c.lane);
      if (list) list.push(c);
      else lanes.set(c.lane, [c]);
    }
  }
  let laneEnd = 0;
  for (const cs of lanes.values()) laneEnd = Math.max(laneEnd, cs.reduce((t, c) => t + c.worst, 0));
  const total = laneEnd + after.reduce((t, c) => t + c.worst, 0);
  if (total <= 0) return;
  const col = (micros: number) => Math.round((micros * width) / total);
  // A fixed-width row: thousands of domains share columns instead of widening the line.
  const bar = (cs: ChainTime[], start: number) => {
    const cells: string[] = new Array(width + 1).fill(' ');
    let at = start;
    for (const c of cs) {
      const from = col(at);
      at += c.worst;
      const to = col(at);
      if (cells[from] !== '|') cells[from] = '|';
      const fill = unbounded.has(c.chain) ? '~' : '=';
      for (let i = from + 1; i < to; i++) cells[i] = fill;
      const label = visible(c.domain ?? 'all').slice(0, Math.max(0, to - from - 1));
      for (let i = 0; i < label.length; i++) cells[from + 1 + i] = label[i]!;
    }
    cells[col(at)] = '|';
    return cells.join('').trimEnd();
  };
  out.push(st.bold('Worst case timeline (every watchdog fires)') + st.dim(unbounded.size ? '  ~ = also has steps without a watchdog, drawn at 0 s' : ''));
  const names = [...lanes.keys()].sort((a, b) => a - b);
  const labelWidth = Math.max(6, ...names.map((n) => `lane ${n}`.length));
  for (const n of names) out.push(`  ${`lane ${n}`.padEnd(labelWidth)} ${bar(lanes.get(n)!, 0)}`);
  if (after.length) out.push(`  ${'after'.padEnd(labelWidth)} ${bar(after, laneEnd)}`);
  const end = formatSeconds(total / 1e6).split(' (')[0]!;
  out.push(`  ${' '.repeat(labelWidth)} 0${' '.repeat(Math.max(1, width - end.length))}${end}`);
  out.push('');
}

function statusText(plan: Plan, st: Style, out: string[], options: PlanTextOptions): void {
  const status = plan.status;
  const word = { 0: 'running', 1: 'dead', 3: 'unused' }[plan.statusExit ?? 3];
  if (!status || !status.lock) {
    out.push(`No lock (${pathText(plan.lockFile, options, displayWord)}): xendomains is not running.`);
  } else {
    if (status.auto.length) {
      out.push(st.bold('AUTO domains'));
      const w = Math.max(...status.auto.map((a) => visible(a.domain ?? a.file).length));
      for (const a of status.auto) out.push(`  ${visible(a.domain ?? a.file).padEnd(w)}  ${a.running ? st.good('running') : st.bad('MISSING')}`);
    } else out.push('No AUTO domains to check.');
    if (status.saved.length) out.push(st.bold('SAVE holds'), ...status.saved.map((s) => `  ${visible(s)}`));
  }
  if (status?.quarantined) out.push(st.bold(`Quarantined by xendomains in ${pathText(status.quarantined.dir, options, visible)} (never restored, not counted)`), ...status.quarantined.entries.map((s) => `  ${visible(s)}`));
  out.push('', st.bold(`Status: ${word} (exit ${plan.statusExit ?? 3})`), '');
}
