// `compile-init`: the init verbs as one self-contained POSIX sh script for a
// host without Node. The chains are emitted from the planner's step templates
// (InitProgram), the settings and the AUTO manifest are baked in; the domains,
// SAVE and the lock are read at run time. Reading the host tree is the CLI's.

import type { InitProgram } from '../plan/planner.js';
import { bindWord, type StepTemplate, type TemplateWord } from '../plan/template.js';
import { QUARANTINE_DIR, type Next, type ToolstackName } from '../plan/types.js';
import { JOURNAL_AWK } from '../plan/json-awk.js';
import { RUNTIME_SH } from './init-runtime.js';
import { KILL_GRACE_SECONDS, shQuote } from './plan-sh.js';

export interface InitScriptOptions {
  version: string;
  /** The host tree as given (--root, or `/`), and the sysconfig read. */
  root: string;
  config: string;
  /** ISO time of compiling. */
  compiledAt: string;
  /** sha256 over every input (sysconfigDigest below). */
  inputsDigest: string;
  /** path → sha256, shown in the header. */
  inputs: Record<string, string>;
  /** Per AUTO entry (by hostPath): its POSIX `cksum` ("CRC SIZE"). */
  cksums: Record<string, string>;
  /** Baked lock file; undefined: decided on the host at run time, as the 4.1 script does. */
  lockFile?: string;
  /** Baked journal; null: none. */
  journal: string | null;
  /** The toolstack command was given (--xm): skip the dom0 check, as the CLI does. */
  skipDom0Check: boolean;
  /** Notes from compiling (compile-time decisions that differ from the reference). */
  notes: string[];
}

/**
 * The toolstack's services in the LSB header: xm needs xend; xl (Xen 4.5+) needs xenstored and
 * xenconsoled, as the upstream xl-era init script requires them (a host without xend: insserv
 * would refuse a script requiring it).
 */
const BOOT_SERVICES: Record<ToolstackName, { required: string; should: string }> = {
  xm: { required: 'xend', should: 'xenstored xenconsoled' },
  xl: { required: 'xenstored xenconsoled', should: 'xend' },
};

/** The header line `--check` reads. */
export const CHECK_MARK = '# xendomains-compile-init:';

/** Text for a `#` comment: one line, printable. */
function comment(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f]/g, '?');
}

const SLOT_VAR = { domid: 'xd_id', name: 'xd_dom', image: 'xd_image', config: 'xd_config' } as const;

/** A template word as one sh word: literal parts single-quoted, slots as quoted variables. */
function shWord(word: TemplateWord): string {
  if (word.length === 0) return "''";
  return word.map((p) => (typeof p === 'string' ? shQuote(p) : `"$${SLOT_VAR[p.slot]}"`)).join('');
}

function describeNext(next: Next, success: boolean): string {
  if (next === 'next-step') return 'next step';
  if (next === 'next-domain') return success ? 'done' : 'chain failed';
  return 'stop';
}

const HOW: Record<string, string> = { migrate: 'migrated', save: 'saved', shutdown: 'shut down', 'shutdown-all': 'shut down', restore: 'restored', create: 'created', sysrq: 'sysrq sent' };

/**
 * One template step as sh. The chain's state: xd_end ('' while going on, then
 * ok | fail | interrupted | nothing), xd_last (the last step's outcome).
 */
function emitStep(t: StepTemplate, out: string[], afterSave = false): void {
  const p = (line: string) => out.push(`  ${line}`);
  const shown = t.argv.map((w) => bindWord(w, { domid: 0, name: '<name>', image: '<image>', config: '<config>' }).replace(/^0$/, '<domid>')).join(' ');
  p(`# ${t.phase}: ${comment(shown)}; on success ${describeNext(t.onSuccess, true)}, on failure ${describeNext(t.onFailure, false)}${t.timeoutSeconds === null ? '' : `, watchdog ${t.timeoutSeconds} s`}`);
  const guards = ['[ -z "$xd_end" ]'];
  if (t.needsSafeName) guards.push('[ "$xd_safe" = 1 ]');
  p(`if ${guards.join(' && ')}; then`);
  p('  if [ -n "$xd_sig" ]; then');
  p('    xd_end=interrupted');
  if (t.onlyIfDomainsRemain) {
    p('  elif ! xd_domus_remain; then');
    p("    xd_say 'shutdown-all skipped: no domain other than Domain-0 is left'");
    p('    xd_end=nothing');
  }
  p('  else');
  const argv = t.argv.map(shWord).join(' ');
  // What the executor does around the command: mkdir -p, the save guard, the restore trust check.
  p("    xd_prep=''");
  if (t.ensureDir !== undefined) p(`    mkdir -p -- ${shQuote(t.ensureDir)} || xd_prep=${shQuote(`mkdir -p ${t.ensureDir} failed`)}`);
  if (t.phase === 'save' && t.image !== undefined) p(`    [ -n "$xd_prep" ] || xd_before_save ${shWord(t.image)}`);
  if (t.phase === 'restore' && t.image !== undefined) p(`    [ -n "$xd_prep" ] || xd_untrusted ${shWord(t.image)}`);
  p(`    if xd_step ${t.phase} ${t.timeoutSeconds ?? 0} ${argv}; then`);
  // After a killed save, as the executor's `after` outcomes: a step that succeeded took the domain.
  if (afterSave) p('      [ -z "$xd_killed_to" ] || xd_killed_took=1');
  p(`      xd_last=ok xd_how=${shQuote(HOW[t.phase] ?? 'done')}`);
  if (t.deleteOnSuccess && t.image !== undefined) {
    p(`      rm -f -- ${shWord(t.image)} || xd_problem "$xd_who was restored, but "${shWord(t.image)}" could not be deleted: delete it before the next boot"`);
  }
  if (t.sleepAfterMicros > 0) p(`      xd_usleep ${t.sleepAfterMicros}`);
  if (t.onSuccess !== 'next-step') p('      xd_end=ok');
  p('    else');
  // …and so may one that was killed itself (by its watchdog or a second signal) mid-way.
  if (afterSave) p('      [ -z "$xd_killed_to" ] || [ -z "$xd_timedout$xd_sig2" ] || xd_killed_took=1');
  p('      xd_last=fail');
  if (t.phase === 'save' && t.image !== undefined) p(`      xd_after_save ${shWord(t.image)}`);
  if (t.phase === 'restore' && t.image !== undefined && t.onFailure === 'next-step') p(`      [ "$xd_ran" != true ] || xd_after_failed_restore ${shWord(t.image)}`);
  if (t.sleepWhen === 'always' && t.sleepAfterMicros > 0) p(`      xd_usleep ${t.sleepAfterMicros}`);
  if (t.onFailure === 'next-step') p(`      xd_say "$xd_who: trying the next step"`);
  else p('      xd_end=fail');
  p('    fi');
  p('  fi');
  p('fi');
}

/** A chain function: its steps in template order; a chain whose steps all fell through ends with its last step's outcome. */
function emitChain(name: string, doc: string, params: string[], steps: readonly StepTemplate[], out: string[]): void {
  out.push(`# ${doc}`, `${name}() {`);
  const safeUsed = steps.some((t) => t.needsSafeName);
  for (const line of params) out.push(`  ${safeUsed ? line : line.replace(/ ?xd_safe=\S+/, '')}`);
  out.push("  xd_end='' xd_last='' xd_how=''");
  const save = steps.findIndex((t) => t.phase === 'save' && t.image !== undefined);
  // A save the watchdog kills is settled when the chain ends (xd_settle_killed_save).
  if (save >= 0) out.push("  xd_killed_to='' xd_killed_took=''");
  steps.forEach((t, i) => emitStep(t, out, save >= 0 && i > save));
  if (save >= 0) out.push('  xd_settle_killed_save');
  out.push('  [ -n "$xd_end" ] || xd_end=$xd_last', '}', '');
}

export function formatInitScript(program: InitProgram, o: InitScriptOptions): string {
  const ts = program.toolstack;
  const shell = ts.shell;
  const out: string[] = [];
  out.push(
    '#!/bin/sh',
    '# shellcheck disable=SC2317 # the runtime library is shared by every host: some functions go unused on some (no SAVE), others run from traps',
    `# xendomains init script for one host, compiled by xendomains ${comment(o.version)} (compile-init).`,
    '# Self-contained: no Node, no Python; the sysconfig was parsed (never sourced) when compiling',
    '# and its values are baked in below. The running domains, SAVE and the lock are read at run time.',
    `# Host tree: ${comment(o.root)}   sysconfig: ${comment(o.config)}   toolstack: ${ts.name}`,
    `# Compiled: ${o.compiledAt}`,
    '# Inputs (sha256):',
    ...Object.entries(o.inputs).map(([path, digest]) => `#   ${digest}  ${comment(path)}`),
    `${CHECK_MARK} version=${comment(o.version)} inputs-sha256=${o.inputsDigest}`,
    '# `xendomains compile-init --check THIS-FILE` (same --root/-c) says whether the host tree still matches.',
    '#',
    '# chkconfig: 345 98 01',
    '# description: Start and stop Xen guests (domUs) at boot and shutdown: restore saved \\',
    '#              domains and create those in the AUTO directory; migrate, save or shut them down.',
    '### BEGIN INIT INFO',
    '# Provides:          xendomains',
    `# Required-Start:    $syslog $remote_fs ${BOOT_SERVICES[ts.name].required}`,
    `# Should-Start:      $network $time ${BOOT_SERVICES[ts.name].should} iscsi multipathd`,
    `# Required-Stop:     $syslog $remote_fs ${BOOT_SERVICES[ts.name].required}`,
    `# Should-Stop:       $network $time ${BOOT_SERVICES[ts.name].should} iscsi multipathd`,
    '# Default-Start:     3 4 5',
    '# Default-Stop:      0 1 2 6',
    '# Short-Description: Start/stop Xen guests at boot and shutdown',
    '# Description:       Restores saved Xen domains and creates the AUTO ones at boot;',
    '#                    migrates, saves or shuts down running domains at shutdown.',
    '### END INIT INFO',
  );
  if (o.notes.length) out.push('#', '# Decided when compiling:', ...o.notes.map((n) => `#   - ${comment(n)}`));
  out.push(
    '',
    '# Byte order for globs and awk, as the reference (C locale).',
    'LC_ALL=C',
    'export LC_ALL',
    `XD_XM=${shQuote(program.xm)}`,
    `XD_LIST_ARGS=${shQuote(shell.listCommand)}`,
    `XD_JOURNAL=${shQuote(o.journal ?? '')}`,
    `XD_QUARANTINE=${shQuote(QUARANTINE_DIR)}`,
    `XD_IMAGE_SIGNATURE=${shQuote(shell.imageSignature)}`,
    `XD_SIG_LEN=${Buffer.byteLength(shell.imageSignature)}`,
    `XD_KILL_GRACE=${KILL_GRACE_SECONDS}`,
    `XD_LANES=${program.stop.lanes}`,
  );
  if (program.savePath !== '') out.push(`XD_SAVE=${shQuote(program.savePath)}`);
  if (o.lockFile !== undefined) out.push(`XD_LOCK=${shQuote(o.lockFile)}`);
  else out.push('# As the 4.1 script: /var/lock/subsys when that directory exists.', 'if [ -d /var/lock/subsys ]; then XD_LOCK=/var/lock/subsys/xendomains; else XD_LOCK=/var/lock/xendomains; fi');
  out.push('# shellcheck disable=SC2016 # an awk program: its $ are awk\'s', `XD_LIST_AWK=${shQuote(shell.listAwk)}`);
  out.push('# shellcheck disable=SC2016 # an awk program: its $ are awk\'s', `XD_JOURNAL_AWK=${shQuote(JOURNAL_AWK)}`);
  out.push(
    '# The listing\'s watchdog, as the executor\'s: XENDOMAINS_LIST_TIMEOUT seconds from the environment, else 60.',
    'XD_LIST_TIMEOUT=60',
    'case ${XENDOMAINS_LIST_TIMEOUT-} in',
    "  '' | *[!0-9]* | ??????????*) ;;",
    '  *) [ "$XENDOMAINS_LIST_TIMEOUT" -gt 0 ] && XD_LIST_TIMEOUT=$XENDOMAINS_LIST_TIMEOUT ;;',
    'esac',
  );
  out.push('# The toolstack\'s domain listing, under the watchdog ($1 seconds).', `xd_list_run() { xd_exec "$1" "$XD_XM" ${shell.listCommand.split(' ').map(shQuote).join(' ')}; }`);
  out.push(RUNTIME_SH);
  if (ts.stubDomainCommand) {
    out.push(
      '# The domain the stop never touches besides Domain-0 (xl: the xenstore stub domain), asked as the executor does.',
      'xd_read_stub() {',
      '  xd_stub=',
      '  xd_xout="$xd_tmp/stub.out"',
      `  xd_exec 30 ${ts.stubDomainCommand.map(shQuote).join(' ')} 2>/dev/null`,
      '  xd_sst=$?',
      '  xd_xout=/dev/null',
      '  [ "$xd_sst" -eq 0 ] || return 0',
      "  xd_v=$(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e 's/^0*\\([0-9]\\)/\\1/' \"$xd_tmp/stub.out\")",
      '  case $xd_v in',
      "    '' | *[!0-9]* | ????????????????*) ;;",
      '    *) [ "$xd_v" -gt 0 ] && xd_stub=$xd_v ;;',
      '  esac',
      '}',
    );
  } else out.push('# The toolstack has no domain the stop must leave alone besides Domain-0.', 'xd_read_stub() { xd_stub=; }');
  out.push(
    '# The domain name stored in a save image.',
    'xd_image_name() {',
    `  ${shell.imageNameShell('"$1"')}`,
    '}',
    '',
  );

  // ---- chains, from the planner's templates
  emitChain('xd_stop_chain', `One domain's stop chain (planner template; $1 domid, $2 safe file name 1/0, $3 name).`, ['xd_id=$1 xd_safe=$2 xd_dom=$3 xd_who=$3'], program.stop.chain, out);
  if (program.stop.shutdownAll) emitChain('xd_shutdown_all', 'The final shutdown of all remaining domains.', ["xd_id='' xd_safe=1 xd_dom='' xd_who='all domains'"], [program.stop.shutdownAll], out);
  if (program.start.restore) emitChain('xd_restore_chain', 'Restore one image ($1); deleted only after its restore succeeded.', ["xd_image=$1 xd_id='' xd_safe=1 xd_dom=$2 xd_who=$2"], [program.start.restore], out);
  if (program.start.restoreWithFallback) {
    emitChain('xd_restore_fallback_chain', 'Restore one image ($1) of a domain ($2) with an AUTO config ($3) that does not run: if the restore fails, the image goes aside and the domain is created.', ['xd_image=$1 xd_safe=1 xd_id=\'\' xd_dom=$2 xd_who=$2 xd_config=$3'], program.start.restoreWithFallback, out);
    out.push('# The AUTO config a restored domain falls back to (the first one naming it): xd_cfg.', 'xd_fallback_config() {', '  case $1 in');
    for (const f of program.start.fallbackConfigs) out.push(`    ${shQuote(f.name)}) xd_cfg=${shQuote(f.hostPath)} ;;`);
    out.push('    *) return 1 ;;', '  esac', '}', '');
  }
  if (program.start.restore) {
    out.push('# The restore step\'s argv for image $1, as the journal records it.', `xd_restore_argv_json() { xd_image=$1; xd_jargv ${program.start.restore.argv.map(shWord).join(' ')}; }`, '');
  }
  emitChain('xd_create_chain', 'Create one AUTO domain ($1 config on the host, $2 name).', ["xd_config=$1 xd_id='' xd_safe=1 xd_dom=$2 xd_who=$2"], [program.start.create], out);

  // ---- which domains a stop treats
  out.push('# AUTO_ONLY: which listed domains the stop treats one by one.', 'xd_treated() {');
  if (program.stop.only === null) out.push('  return 0');
  else if (program.stop.only.length === 0) out.push('  return 1');
  else out.push(`  case $1 in`, `    ${program.stop.only.map(shQuote).join(' | ')}) return 0 ;;`, '  esac', '  return 1');
  out.push('}', '');

  emitStop(program, out);
  emitStart(program, o, out);
  emitStatus(program, out);
  emitMain(o, out);
  return `${out.join('\n')}\n`;
}

function emitStop(program: InitProgram, out: string[]): void {
  out.push(
    '# One worker: its variables are its own (xd_w*): the chains use the others.',
    '# One worker: takes the next unclaimed domain (mkdir is atomic), in list order, until none is left.',
    'xd_stop_worker() {',
    '  xd_wk=0',
    '  while IFS=$xd_tab read -r xd_wi xd_wsafe xd_wn; do',
    '    xd_wk=$((xd_wk + 1))',
    '    mkdir -- "$xd_tmp/claim.$xd_wk" 2>/dev/null || continue',
    '    if [ -n "$xd_sig" ]; then',
    `      printf '%s\\t%s\\n' "$xd_wk" "$xd_wn" >>"$xd_tmp/notdone"`,
    '      continue',
    '    fi',
    '    xd_stop_chain "$xd_wi" "$xd_wsafe" "$xd_wn"',
    '    xd_record "$xd_wk" "$xd_wn"',
    '  done <"$xd_tmp/treated"',
    '}',
    '',
    '# A parallel lane (a background subshell): signals reach it from the main shell.',
    'xd_lane_main() {',
    "  xd_lane=1 xd_lane_pids='' xd_rc=0",
    "  trap 'xd_on_signal TERM' TERM",
    '  xd_stop_worker',
    '  exit "$xd_rc"',
    '}',
    '',
    'xd_stop() {',
    '  xd_run="$(xd_now)/$$"',
    '  if ! xd_list; then',
    '    xd_err "$xd_list_error; nothing done"',
    '    return 1',
    '  fi',
    '  xd_read_stub',
    '  : >"$xd_tmp/treated"',
    '  xd_domus=0',
    '  while IFS=$xd_tab read -r xd_i xd_s xd_n; do',
    '    if [ -z "$xd_i" ] || [ "$xd_i" = 0 ] || [ "$xd_i" = "$xd_stub" ]; then continue; fi',
    '    xd_domus=$((xd_domus + 1))',
    `    xd_treated "$xd_n" && printf '%s\\t%s\\t%s\\n' "$xd_i" "$xd_s" "$xd_n" >>"$xd_tmp/treated"`,
    '  done <<EOF',
    '$xd_domains',
    'EOF',
    '  xd_journal run-start "\\"verb\\":\\"stop\\",\\"jobs\\":$XD_LANES,\\"xm\\":$(xd_jstr "$XD_XM")"',
    '  if [ "$XD_LANES" -le 1 ]; then',
    '    xd_stop_worker',
    '  else',
    '    xd_l=0',
    '    while [ "$xd_l" -lt "$XD_LANES" ]; do',
    '      xd_lane_no=$xd_l',
    '      xd_lane_main &',
    '      xd_lane_pids="$xd_lane_pids $!"',
    '      xd_l=$((xd_l + 1))',
    '    done',
    '    for xd_p in $xd_lane_pids; do',
    '      xd_wait "$xd_p" || xd_rc=1',
    '    done',
    '    xd_lane_pids=',
    "    xd_lane_no=''",
    '  fi',
  );
  if (program.stop.shutdownAll) {
    out.push(
      '  if [ "$xd_domus" -gt 0 ]; then',
      '    if [ -n "$xd_sig" ]; then',
      `      printf '%s\\t%s\\n' 999999999 'all domains' >>"$xd_tmp/notdone"`,
      '    else',
      '      xd_shutdown_all',
      '      if [ "$xd_end" = fail ]; then xd_rc=1; xd_all_failed=1; fi',
      '      [ "$xd_end" = interrupted ] && printf \'%s\\t%s\\n\' 999999999 \'all domains\' >>"$xd_tmp/notdone"',
      '    fi',
      '  fi',
    );
  }
  out.push(
    '  # After a stop that did not go cleanly, name the guests still up.',
    "  xd_still='' xd_checked=''",
    '  if [ -s "$xd_tmp/failed" ] || [ -n "$xd_all_failed" ] || [ -n "$xd_sig" ]; then',
    '    if xd_list; then',
    '      xd_checked=1',
    "      xd_still=$(xd_domu_lines | awk -F '\\t' '{ printf \"%s%s\", sep, $3; sep = \", \" }')",
    '    else',
    '      xd_warn "$xd_list_error: cannot tell which domains are still running"',
    '    fi',
    '  fi',
    '  if [ -s "$xd_tmp/failed" ]; then',
    "    xd_fl='' xd_sep=''",
    '    while IFS=$xd_tab read -r _ xd_n; do',
    '      xd_state=',
    '      if [ -n "$xd_checked" ]; then',
    "        if xd_listed \"$xd_n\" \"$xd_running\"; then xd_state=', still running'; else xd_state=', no longer listed'; fi",
    '      fi',
    '      xd_fl="$xd_fl$xd_sep$xd_n$xd_state"',
    "      xd_sep='; '",
    '    done <<EOF',
    '$(sort -n "$xd_tmp/failed")',
    'EOF',
    '    xd_err "stop failed for $xd_fl"',
    '  fi',
    '  [ -z "$xd_all_failed" ] || xd_err "the final shutdown of all domains failed"',
    '  if [ -n "$xd_sig" ]; then',
    '    xd_nd=$(xd_joined "$xd_tmp/notdone" ", ")',
    '    if [ -n "$xd_nd" ]; then xd_err "interrupted by SIG$xd_sig: not done: $xd_nd"; else xd_err "interrupted by SIG$xd_sig"; fi',
    '  fi',
    '  if [ -n "$xd_still" ] && { [ -s "$xd_tmp/failed" ] || [ -n "$xd_all_failed" ] || [ -n "$xd_sig" ]; }; then xd_err "still running: $xd_still"; fi',
    '  xd_journal run-end "\\"rc\\":$xd_rc"',
    '  # An interrupted stop leaves guests running: keep the lock so the service still counts as up.',
    '  if [ -z "$xd_sig" ]; then',
    '    { [ ! -e "$XD_LOCK" ] && [ ! -L "$XD_LOCK" ]; } || rm -f -- "$XD_LOCK" 2>/dev/null || xd_warn "cannot remove the lock $XD_LOCK"',
    '  fi',
    '  return "$xd_rc"',
    '}',
    '',
  );
}

function emitStart(program: InitProgram, o: InitScriptOptions, out: string[]): void {
  out.push(
    '# One AUTO entry: skipped when its domain runs, is restored or was created; a config changed since compiling is still created by file.',
    'xd_auto() {',
    '  if xd_listed "$2" "$xd_running" || xd_listed "$2" "$xd_restored" || xd_listed "$2" "$xd_created"; then',
    '    xd_say "$4: $2 is running or restored: skipped"',
    '    return 0',
    '  fi',
    '  xd_sum=$(cksum <"$1" 2>/dev/null)',
    '  [ "$xd_sum" = "$3" ] || xd_warn "$1 changed since this script was compiled: created by file, but its domain name may no longer be $2; recompile (xendomains compile-init)"',
    '  xd_created="$xd_created$2$xd_nl"',
    `  if [ -n "$xd_sig" ]; then printf '%s\\t%s\\n' 0 "create of $2" >>"$xd_tmp/notdone"; return 0; fi`,
    '  xd_create_chain "$1" "$2"',
    '  [ "$xd_end" = fail ] && xd_err "create of $2 from $4 failed: $xd_why"',
    '  xd_record 0 "$2"',
    '}',
    '',
    '# start, under the run lock (taken by the caller).',
    'xd_start() {',
    '  xd_run="$(xd_now)/$$"',
    '  if ! xd_list; then',
    '    xd_err "$xd_list_error; nothing done"',
    '    return 1',
    '  fi',
    '  if xd_service_held; then',
    "    xd_say 'xendomains already running (lockfile exists)'",
    '    return 0',
    '  fi',
    '  xd_service_take',
    '  case $? in',
    "    2) xd_say 'xendomains already running (lockfile exists)'; return 0 ;;",
    '    1) xd_problem "$xd_lerr: nothing started (a start without its lock is never stopped at shutdown)"; return 1 ;;',
    '  esac',
    '  xd_journal run-start "\\"verb\\":\\"start\\",\\"jobs\\":1,\\"xm\\":$(xd_jstr "$XD_XM")"',
    '  xd_restored=$xd_nl',
    '  xd_created=$xd_nl',
  );
  if (program.start.restore) {
    out.push(
      '  # A start killed during a restore (the journal says so): where its domain now runs, the restore went',
      '  # through; the image is deleted and not restored again over the running guest (as the executor does).',
      '  xd_unfinished',
      "  xd_cands=''",
      '  if [ -n "$xd_unf" ]; then',
      '    for xd_f in "$XD_SAVE"/*; do',
      '      if ! xd_is_image "$xd_f" || ! xd_unfinished_of "$xd_f"; then continue; fi',
      '      case $xd_f in *"$xd_nl"* | *"$xd_tab"*) continue ;; esac',
      '      xd_in=$(xd_image_name "$xd_f") || xd_in=',
      '      xd_d=$xd_in',
      '      [ -n "$xd_d" ] || [ "$xd_ufh" != 1 ] || xd_d=$xd_ufd',
      '      xd_rn=$xd_in',
      '      [ -n "$xd_rn" ] || xd_rn=$(basename -- "$xd_f")',
      '      # The one field that may be empty goes last: read collapses adjacent tabs.',
      '      [ -z "$xd_d" ] || xd_cands="$xd_cands$xd_f$xd_tab$xd_rn$xd_tab$xd_d$xd_tab$xd_in$xd_nl"',
      '    done',
      '  fi',
      '  if [ -n "$xd_cands" ]; then',
      '    xd_keep_domains=$xd_domains xd_keep_running=$xd_running',
      "    xd_up=''",
      '    if xd_list 60; then',
      "      xd_up=$xd_nl$(printf '%s\\n' \"$xd_domains\" | cut -f3-)$xd_nl",
      '    else',
      '      xd_warn "$xd_list_error: cannot tell whether the restores a killed start left unfinished went through; restoring as planned"',
      "      xd_cands=''",
      '    fi',
      '    xd_domains=$xd_keep_domains xd_running=$xd_keep_running',
      '    while IFS=$xd_tab read -r xd_f xd_rn xd_d xd_in; do',
      '      if [ -z "$xd_f" ] || ! xd_listed "$xd_d" "$xd_up"; then continue; fi',
      '      if ! rm -f -- "$xd_f" 2>/dev/null || [ -e "$xd_f" ]; then',
      '        xd_problem "$xd_d runs, restored from $xd_f by a start that was killed (journal), but the image could not be deleted: delete it before the next boot"',
      '        continue',
      '      fi',
      '      xd_warn "$xd_d runs: its restore from $xd_f, left unfinished by a start that was killed, went through (journal); the image is deleted and not restored again"',
      '      xd_journal step-skip "\\"phase\\":\\"restore\\",\\"domain\\":$(if [ -n "$xd_in" ]; then xd_jstr "$xd_in"; else printf null; fi),\\"argv\\":$(xd_restore_argv_json "$xd_f"),\\"reason\\":\\"done by an earlier run that was killed (journal)\\""',
      '      xd_restored="$xd_restored$xd_rn$xd_nl"',
      '      xd_end=ok xd_how=restored',
      '      xd_record 0 "$xd_rn"',
      '    done <<EOF',
      '$xd_cands',
      'EOF',
      '  fi',
    );
    out.push(
      '  # Restore phase: every image in SAVE, whatever AUTO says (byte order, hidden entries excluded).',
      '  for xd_f in "$XD_SAVE"/*; do',
      '    xd_is_image "$xd_f" || continue',
      '    xd_b=$(basename -- "$xd_f")',
      '    xd_in=$(xd_image_name "$xd_f") || xd_in=',
      '    [ -n "$xd_in" ] || xd_in=$xd_b',
      '    xd_restored="$xd_restored$xd_in$xd_nl"',
      `    if [ -n "$xd_sig" ]; then printf '%s\\t%s\\n' 0 "restore of $xd_f" >>"$xd_tmp/notdone"; continue; fi`,
      ...(program.start.restoreWithFallback
        ? ['    if ! xd_listed "$xd_in" "$xd_running" && xd_fallback_config "$xd_in"; then xd_restore_fallback_chain "$xd_f" "$xd_in" "$xd_cfg"; else xd_restore_chain "$xd_f" "$xd_in"; fi']
        : ['    xd_restore_chain "$xd_f" "$xd_in"']),
      '    [ "$xd_end" = fail ] && xd_err "restore of $xd_f ($xd_in) failed: $xd_why; the image is kept"',
      '    xd_record 0 "$xd_in"',
      '  done',
    );
  }
  const auto = program.start.auto;
  if (auto.length) out.push('  # Auto phase: the AUTO manifest as compiled (path, domain name, cksum).');
  for (const e of auto) {
    if (!e.creatable || e.name === null) {
      out.push(`  # ${comment(e.basename)}: not created (${e.name === null ? 'its domain name cannot be determined' : 'not a config'})`);
      continue;
    }
    out.push(`  xd_auto ${shQuote(e.hostPath)} ${shQuote(e.name)} ${shQuote(o.cksums[e.hostPath] ?? '')} ${shQuote(e.basename)}`);
  }
  out.push(
    '  if [ -n "$xd_sig" ]; then',
    '    xd_nd=$(xd_joined "$xd_tmp/notdone" ", ")',
    '    xd_err "interrupted by SIG$xd_sig: not done: $xd_nd"',
    '  else',
    '    # Interrupted, the lock stays "starting": once this process is gone the next start takes it for stale.',
    '    xd_service_started',
    '  fi',
    '  xd_journal run-end "\\"rc\\":$xd_rc"',
    '  return "$xd_rc"',
    '}',
    '',
  );
}

function emitStatus(program: InitProgram, out: string[]): void {
  out.push(
    '# status: 0 running, 1 an AUTO domain missing or SAVE not empty, 3 not started (no lock), 4 unknown.',
    'xd_status() {',
    '  if ! xd_list; then',
    '    xd_err "$xd_list_error; the status is unknown"',
    '    return 4',
    '  fi',
    "  xd_names=$(printf '%s\\n' \"$xd_domains\" | awk -F '\\t' '$1 != 0 { printf \"%s%s\", sep, $3; sep = \" \" }')",
    '  [ -n "$xd_names" ] || xd_names=none',
    '  if ! xd_service_up; then',
    '    xd_say "xendomains: not running (no lock $XD_LOCK)"',
    '    xd_say "running domains: $xd_names"',
    '    return 3',
    '  fi',
    "  xd_miss=0 xd_total=0 xd_lines='' xd_saved=0",
  );
  for (const e of program.start.auto) {
    if (e.name === null) {
      if (e.isConfig) out.push(`  xd_total=$((xd_total + 1)) xd_miss=$((xd_miss + 1)) xd_lines="$xd_lines  MISSING  (name unknown)  "${shQuote(e.file + '\n')}`);
      continue;
    }
    out.push(
      `  xd_total=$((xd_total + 1))`,
      `  if xd_listed ${shQuote(e.name)} "$xd_running"; then xd_lines="$xd_lines  running  "${shQuote(`${e.name}  ${e.file}\n`)}; else xd_miss=$((xd_miss + 1)) xd_lines="$xd_lines  MISSING  "${shQuote(`${e.name}  ${e.file}\n`)}; fi`,
    );
  }
  if (program.statusChecksSave) {
    out.push(
      '  for xd_f in "$XD_SAVE"/*; do',
      '    [ -e "$xd_f" ] || [ -L "$xd_f" ] || continue',
      '    xd_saved=$((xd_saved + 1))',
      '    xd_lines="$xd_lines  saved    $(basename -- "$xd_f")  (in SAVE, not restored)$xd_nl"',
      '  done',
    );
  }
  out.push(
    '  if [ "$xd_miss" -eq 0 ] && [ "$xd_saved" -eq 0 ]; then xd_word=running; xd_st=0; else xd_word=dead; xd_st=1; fi',
    '  xd_extra=',
    '  [ "$xd_saved" -eq 0 ] || xd_extra=", $xd_saved in SAVE"',
    '  xd_say "xendomains: $xd_word: $((xd_total - xd_miss)) of $xd_total AUTO domain(s) running$xd_extra"',
    "  printf '%s' \"$xd_lines\"",
    '  xd_say "running domains: $xd_names"',
    '  return "$xd_st"',
    '}',
    '',
  );
}

function emitMain(o: InitScriptOptions, out: string[]): void {
  out.push(
    '# ---------------------------------------------------------------- main',
    'xd_have_timeout=',
    'if command -v timeout >/dev/null 2>&1 && timeout -k 1 5 true 2>/dev/null; then xd_have_timeout=1; fi',
    'xd_have_usleep=',
    'if command -v usleep >/dev/null 2>&1; then xd_have_usleep=1; fi',
    'xd_frac_sleep=',
    'if sleep 0.001 2>/dev/null; then xd_frac_sleep=1; fi',
    'xd_all_failed=',
  );
  if (!o.skipDom0Check) {
    out.push('# Not a Xen dom0: nothing to do (the reference exits 0 silently).', '[ -e /proc/xen/privcmd ] || [ -e /dev/xen/privcmd ] || exit 0');
  }
  out.push(
    'xd_mktmp || exit 1',
    'xd_traps',
    'xd_verb=',
    '[ $# -eq 0 ] || xd_verb=$1',
    'xd_exit=0',
    '# The run lock makes start and stop exclusive: a start cannot run without it; a stop still stops the guests, and fails.',
    'xd_locked() {',
    '  xd_run_take "$1"',
    '  case $? in',
    '    0) return 0 ;;',
    '    3) return 1 ;;',
    '  esac',
    '  if [ "$1" != stop ]; then',
    '    xd_err "cannot take the lock: $xd_lerr; nothing done"',
    '    xd_exit=1',
    '    return 1',
    '  fi',
    '  xd_warn "cannot take the lock: $xd_lerr; stopping the guests without it"',
    '  xd_unlocked=$xd_lerr',
    '  return 0',
    '}',
    'xd_unlocked=',
    'xd_restart() {',
    '  xd_stop',
    '  xd_exit=$?',
    '  if [ -z "$xd_sig" ]; then',
    '    xd_rmtmp',
    '    xd_mktmp || return 1',
    '    xd_start || xd_exit=1',
    '  fi',
    '}',
    'case $xd_verb in',
    '  start) if xd_locked start; then xd_start; xd_exit=$?; fi ;;',
    '  stop) if xd_locked stop; then xd_stop; xd_exit=$?; fi ;;',
    '  restart | reload) if xd_locked "$xd_verb"; then xd_restart; fi ;;',
    '  condrestart | try-restart)',
    '    if xd_service_up && xd_locked "$xd_verb"; then xd_restart; fi',
    '    ;;',
    '  status) xd_status; xd_exit=$? ;;',
    '  *)',
    `    printf 'Usage: %s {start|stop|restart|reload|condrestart|status}\\n' "$0" >&2`,
    '    xd_exit=3',
    '    ;;',
    'esac',
    'xd_run_drop',
    'if [ -n "$xd_unlocked" ]; then',
    '  xd_err "ran without the lock: $xd_unlocked"',
    '  [ -n "$xd_sig" ] || xd_exit=1',
    'fi',
    'xd_rmtmp',
    'if [ -n "$xd_sig" ]; then',
    '  xd_signal_exit',
    '  exit $?',
    'fi',
    'exit "$xd_exit"',
  );
}

