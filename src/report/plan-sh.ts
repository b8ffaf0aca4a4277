// A plan as a standalone POSIX sh script: the same steps, fallback chains,
// watchdogs (coreutils `timeout`), sleeps, lock handling and exit status, for
// auditing or running on a host without Node. Every word is single-quoted.
// It does not check that the plan is still current: `apply` does that.

import { posix } from 'node:path';
import { toolstackOf } from '../plan/toolstacks.js';
import { QUARANTINE_DIR, type Next, type Plan, type PlanStep, type Toolstack } from '../plan/types.js';
import { displayText } from './display.js';

/** SIGKILL this long after the watchdog's SIGTERM, for an xm that ignores it. */
export const KILL_GRACE_SECONDS = 5;
/** The watchdog of the listing after a failed save (the executor's, src/exec/executor.ts savedAnyway). */
const GONE_LISTING_SECONDS = 60;

/** One shell word, single-quoted: safe for any text (a `'` becomes `'\''`). */
export function shQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Microseconds as `sleep` takes them (GNU and busybox sleep accept fractions). */
export function sleepSeconds(micros: number): string {
  const whole = Math.floor(micros / 1e6);
  const frac = String(micros % 1e6).padStart(6, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** Text for a `#` comment: one line, printable. */
function comment(text: string): string {
  return displayText(text);
}

export interface PlanShOptions {
  toolstack?: Toolstack;
}

export function formatPlanSh(plan: Plan, options: PlanShOptions = {}): string {
  const ts = options.toolstack ?? toolstackOf(plan.toolstack);
  const out: string[] = [];
  const worst = plan.worstCaseSeconds === null ? 'unbounded (a step without a watchdog)' : `${plan.worstCaseSeconds} s`;
  out.push(
    '#!/bin/sh',
    `# xendomains ${plan.verb} plan (plan version ${plan.version}, toolstack ${plan.toolstack}), compiled to POSIX sh.`,
    `# ${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}; expected ${plan.expectedSeconds} s; worst case ${worst}.`,
    '# Planned from:',
    ...Object.entries(plan.inputs).map(([path, digest]) => `#   ${comment(path)}  sha256:${digest}`),
    `#   ${plan.state.domains.length} listed domain(s), ${plan.state.saved.length} SAVE entr${plan.state.saved.length === 1 ? 'y' : 'ies'}`,
    '# This script does not check that these are unchanged (`xendomains apply` does).',
    `# Needs \`timeout\` (coreutils or busybox) for the watchdog and a \`sleep\` that takes fractions.`,
    `# Exit status: 0 when every chain ends in a success, 1 otherwise${plan.verb === 'status' ? ' (status: the planned status code)' : ''}.`,
    'set -u',
    '',
    `XD_LOCK=${shQuote(plan.lockFile)}`,
    'xd_rc=0',
    'xd_halt=0',
    'xd_done=0',
    '',
    'xd_say() { printf \'xendomains: %s\\n\' "$1"; }',
    'xd_warn() { printf \'xendomains: %s\\n\' "$1" >&2; }',
    'xd_fail() { xd_warn "$1"; xd_rc=1; }',
  );
  const fallbacks = plan.steps.some((s) => s.phase === 'restore' && s.onFailure === 'next-step');
  if (plan.steps.some((s) => s.phase === 'save') || fallbacks) {
    // As the executor does (src/exec/quarantine.ts, save-guard.ts): what is moved aside is kept where restore never looks.
    out.push(
      '# Moves FILE out of restore\'s way, labelled (into a directory no domain name can have); kept, reported.',
      'xd_aside() {',
      '  [ -e "$1" ] || [ -L "$1" ] || return 0',
      `  xd_q="$(dirname -- "$1")/${QUARANTINE_DIR}"`,
      '  xd_to="$xd_q/$(basename -- "$1").$2-$(date -u +%Y%m%dT%H%M%SZ)"',
      '  if ! { mkdir -p -- "$xd_q" && mv -- "$1" "$xd_to"; }; then xd_fail "could not move $1 aside"; return 1; fi',
      '  # A partial save is reported; anything else moved aside makes the run fail, as with apply.',
      '  if [ "$2" = partial ]; then xd_warn "partial save image moved to $xd_to"; else xd_fail "$1 moved to $xd_to ($2)"; fi',
      '}',
    );
  }
  if (plan.steps.some((s) => s.phase === 'save')) {
    out.push(
      '# Before a save: whatever is at IMAGE (a symlink, an earlier image) is moved aside, then an empty file',
      '# of ours is created there (noclobber: never through a symlink); xm writes into it.',
      'xd_presave() {',
      '  if [ -L "$1" ]; then xd_aside "$1" symlink || return 1; elif [ -e "$1" ]; then xd_aside "$1" earlier || return 1; fi',
      '  ( umask 077; set -C; : > "$1" ) 2>/dev/null || { xd_warn "cannot create $1: not saving"; return 1; }',
      '}',
      '# After a failed save: a partial image goes aside, an empty one (xm never wrote) is removed.',
      'xd_quarantine() {',
      '  if [ -s "$1" ] && [ ! -L "$1" ]; then xd_aside "$1" partial; elif [ -f "$1" ] && [ ! -L "$1" ]; then rm -f -- "$1"; fi',
      '}',
      '# After a failed save, as the executor judges it: true only when the listing can be read (it shows Domain-0)',
      '# and shows none of the lines given (the domain\'s id, its name): then the save went through and the image is whole.',
      'xd_gone() {',
      `  xd_list=$(timeout -k ${KILL_GRACE_SECONDS} ${GONE_LISTING_SECONDS} ${shQuote(plan.xm)} list -l 2>/dev/null) || return 1`,
      '  xd_list=$(printf \'%s\\n\' "$xd_list" | sed \'s/^[[:space:]]*//\')',
      `  printf '%s\\n' "$xd_list" | grep -Fqx ${ts.listedLines(0).map((l) => `-e ${shQuote(l)}`).join(' ')} || return 1`,
      '  for xd_l in "$@"; do',
      '    printf \'%s\\n\' "$xd_list" | grep -Fqx -e "$xd_l" && return 1',
      '  done',
      '  return 0',
      '}',
    );
  }
  if (plan.steps.some((s) => s.phase === 'restore')) {
    out.push(
      '# An image is restored (as root) only if it is a regular file of our uid that its group and others cannot write.',
      'xd_trusted() {',
      '  [ ! -L "$1" ] && [ -f "$1" ] && [ -n "$(find "$1" -prune -user "$(id -u)" ! -perm -020 ! -perm -002 -print)" ]',
      '}',
      'xd_restorable() {',
      '  [ ! -e "$1" ] && [ ! -L "$1" ] && return 0',
      '  xd_trusted "$1" && return 0',
      '  xd_fail "$1 is not a regular file of uid $(id -u) that only it can write: not restored"; return 1',
      '}',
    );
  }
  if (plan.steps.some((s) => s.onlyIfDomainsRemain)) {
    out.push('# True when some domain other than Domain-0 is still listed.', 'xd_domus_remain() {', `  ${ts.domUsRemainShell(shQuote(plan.xm), plan.state.xenstoreDomid)}`, '}');
  }
  out.push('');

  if (plan.verb === 'status') {
    statusScript(plan, out);
    return `${out.join('\n')}\n`;
  }
  if (plan.outcome) {
    out.push(
      `# Planned with the lock present: ${comment(plan.outcome.message)}`,
      'if [ -e "$XD_LOCK" ]; then',
      `  printf '%s\\n' ${shQuote(plan.outcome.message)}`,
      '  exit 0',
      'fi',
      "xd_warn 'the lock was present when this plan was made and is gone now: make a new plan'",
      'exit 1',
    );
    return `${out.join('\n')}\n`;
  }

  for (const part of ['stop', 'start'] as const) {
    const steps = plan.steps.filter((s) => s.part === part);
    const hasPart = plan.verb === 'restart' || plan.verb === part;
    if (!hasPart) continue;
    out.push(`# ---------------------------------------------------------------- ${part}`);
    if (part === 'start' && plan.createLock) lockCreate(plan, out);
    emitSteps(plan, steps, out, ts);
    if (part === 'stop' && plan.removeLock) out.push('', '# The reference always removes the lock at the end of stop.', 'rm -f -- "$XD_LOCK"');
    out.push('');
  }
  out.push('exit "$xd_rc"');
  return `${out.join('\n')}\n`;
}

function lockCreate(plan: Plan, out: string[]): void {
  out.push(
    '# The lock: an existing one means another start ran. Created atomically (noclobber).',
    `mkdir -p -- ${shQuote(posix.dirname(plan.lockFile))} || xd_warn 'cannot create the lock directory'`,
    'if ! ( set -C; : > "$XD_LOCK" ) 2>/dev/null; then',
    '  if [ -e "$XD_LOCK" ]; then',
    `    printf '%s\\n' 'xendomains already running (lockfile exists)'`,
    '    exit 0',
    '  fi',
    "  xd_fail 'cannot create the lock file'",
    'fi',
    '',
  );
}

/** Chains run one after another; chains with a lane run in background subshells, one per lane, joined before the next lane-less chain. */
function emitSteps(plan: Plan, steps: readonly PlanStep[], out: string[], ts: Toolstack): void {
  const chains: PlanStep[][] = [];
  for (const s of steps) {
    const last = chains[chains.length - 1];
    if (last && last[0]!.chain === s.chain) last.push(s);
    else chains.push([s]);
  }
  const total = plan.steps.length;
  let i = 0;
  while (i < chains.length) {
    const chain = chains[i]!;
    const lane = chain[0]!.lane;
    if (lane === null || plan.lanes === 1) {
      emitChain(chain, total, out, '', ts);
      i++;
      continue;
    }
    // A block of laned chains: group by lane, keep each lane's order.
    const byLane = new Map<number, PlanStep[][]>();
    while (i < chains.length && chains[i]![0]!.lane !== null) {
      const c = chains[i]!;
      byLane.set(c[0]!.lane!, [...(byLane.get(c[0]!.lane!) ?? []), c]);
      i++;
    }
    out.push(`# ${byLane.size} lane(s) in parallel; each lane's domains one after another.`, 'xd_pids=');
    for (const [n, laneChains] of [...byLane].sort((a, b) => a[0] - b[0])) {
      out.push(`xd_lane_${n}() {`);
      for (const c of laneChains) emitChain(c, total, out, '  ', ts);
      out.push('  return "$xd_rc"', '}', `xd_lane_${n} &`, 'xd_pids="$xd_pids $!"');
    }
    out.push('for xd_pid in $xd_pids; do', '  wait "$xd_pid" || xd_rc=1', 'done', '');
  }
}

function describe(s: PlanStep): string {
  const who = s.phase === 'shutdown-all' ? 'all remaining domains' : s.phase === 'restore' ? (s.image ?? '') : s.phase === 'create' ? `${s.domain ?? '?'} from ${s.config ?? s.argv[s.argv.length - 1]}` : `domain ${s.domain ?? '?'}${s.domid === null ? '' : ` (id ${s.domid})`}`;
  return `${s.phase} ${who}`;
}

function emitChain(chain: readonly PlanStep[], total: number, out: string[], pad: string, ts: Toolstack): void {
  const first = chain[0]!;
  out.push(`${pad}# ${comment(describe(first).replace(/^[a-z-]+ /, ''))}${first.lane !== null ? `, lane ${first.lane}` : ''}`);
  out.push(`${pad}xd_done=$xd_halt`);
  for (const s of chain) emitStep(s, total, out, pad, ts);
}

function emitStep(s: PlanStep, total: number, out: string[], pad: string, ts: Toolstack): void {
  const p = (line: string) => out.push(line === '' ? '' : `${pad}${line}`);
  const argv = s.argv.map(shQuote).join(' ');
  const shown = s.argv.join(' ');
  let command = s.timeoutSeconds === null ? argv : `timeout -k ${KILL_GRACE_SECONDS} ${s.timeoutSeconds} ${argv}`;
  if (s.phase === 'save' && s.image !== undefined) command = `xd_presave ${shQuote(s.image)} && ${command}`;
  if (s.phase === 'restore' && s.image !== undefined) command = `xd_restorable ${shQuote(s.image)} && ${command}`;
  if (s.ensureDir !== undefined) command = `mkdir -p -- ${shQuote(s.ensureDir)} && ${command}`;
  const guard = s.onlyIfDomainsRemain ? 'if [ "$xd_done" = 0 ] && xd_domus_remain; then' : 'if [ "$xd_done" = 0 ]; then';
  p(`# step ${s.id}: on success ${word(s.onSuccess, true)}, on failure ${word(s.onFailure, false)}${s.timeoutSeconds === null ? '' : `, watchdog ${s.timeoutSeconds} s`}`);
  p(guard);
  p(`  xd_say ${shQuote(`[${s.id}/${total}] ${shown}`)}`);
  p(`  ${command}`);
  p('  xd_st=$?');
  p('  if [ "$xd_st" -eq 0 ]; then');
  if (s.deleteOnSuccess && s.image !== undefined) p(`    rm -- ${shQuote(s.image)} || xd_warn ${shQuote(`restored, but could not delete ${s.image}`)}`);
  if (s.sleepAfterMicros > 0) p(`    sleep ${sleepSeconds(s.sleepAfterMicros)}`);
  p(`    ${action(s.onSuccess, s, true)}`);
  p('  else');
  if (s.timeoutSeconds !== null) p(`    [ "$xd_st" -eq 124 ] && xd_warn ${shQuote(`step ${s.id} timed out after ${s.timeoutSeconds} s`)}`);
  if (s.phase === 'save' && s.image !== undefined) {
    const image = shQuote(s.image);
    // A whole image of a domain that is gone is its only state: kept where restore finds it (the executor's savedAnyway).
    const gone = s.domid === null ? undefined : ts.listedLines(s.domid, s.domain ?? undefined).map(shQuote).join(' ');
    if (gone === undefined) p(`    xd_quarantine ${image}`);
    else {
      p(`    if [ -s ${image} ] && [ ! -L ${image} ] && xd_gone ${gone}; then`);
      p(`      xd_warn ${shQuote(`${ts.name} save of ${s.domain ?? s.image} did not report success, but the domain is gone: its image ${s.image} is kept for the next boot to restore`)}`);
      p(`    else xd_quarantine ${image}; fi`);
    }
  }
  // The restore's fallback create comes next: the image goes aside (kept), or the next boot restores it over the new guest.
  if (s.phase === 'restore' && s.image !== undefined && s.onFailure === 'next-step') p(`    xd_trusted ${shQuote(s.image)} && xd_aside ${shQuote(s.image)} unrestored`);
  if (s.sleepWhen === 'always' && s.sleepAfterMicros > 0) p(`    sleep ${sleepSeconds(s.sleepAfterMicros)}`);
  p(`    ${action(s.onFailure, s, false)}`);
  p('  fi');
  p('fi');
}

function word(next: Next, success: boolean): string {
  if (next === 'next-step') return 'next step';
  if (next === 'next-domain') return success ? 'done' : 'chain failed';
  return 'stop';
}

function action(next: Next, s: PlanStep, success: boolean): string {
  const what = `step ${s.id} (${s.argv.join(' ')}) failed with status`;
  if (success) {
    if (next === 'next-step') return ':';
    return next === 'stop' ? 'xd_done=1; xd_halt=1' : 'xd_done=1';
  }
  // A recovered failure is reported on stderr without failing the run.
  if (next === 'next-step') return `xd_warn ${shQuote(`${what}`)}" $xd_st; trying the next step"`;
  return `xd_fail ${shQuote(what)}" $xd_st"; xd_done=1${next === 'stop' ? '; xd_halt=1' : ''}`;
}

function statusScript(plan: Plan, out: string[]): void {
  const status = plan.status;
  out.push('# status as observed when the plan was made.');
  if (!status?.lock) {
    out.push(`printf '%s\\n' 'Checking for xendomains: not running (no lock)'`, 'exit 3');
    return;
  }
  for (const a of status.auto) out.push(`xd_say ${shQuote(`${a.domain ?? a.file}: ${a.running ? 'running' : 'MISSING'}`)}`);
  for (const s of status.saved) out.push(`xd_say ${shQuote(`saved: ${s}`)}`);
  out.push(`exit ${plan.statusExit ?? 0}`);
}
