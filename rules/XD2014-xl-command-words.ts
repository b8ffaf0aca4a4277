// XD2014: on an xl host, XENDOMAINS_SHUTDOWN, _SHUTDOWN_ALL and _MIGRATE words
// that xl shutdown / xl migrate refuse or read otherwise than xm did (X13, X16),
// with what xl does instead. XD2005–XD2007 judge the same variables on xm hosts.

import { defineRule, type LintContext } from '../src/lint/rule.js';
import { valueWords } from '../src/lint/value-words.js';
import type { Span } from '../src/model/span.js';
import { words, type Setting } from '../src/model/settings.js';
import { xlMigrateWords, xlShutdownWords, type XlOptionWords } from '../src/model/xl-command-words.js';

/** What an xm shutdown word means, for the message: xl has no halt or reboot mode. */
function xmShutdownMeaning(word: string): string {
  if (/^(--halt|-H)$/.test(word) || (word.startsWith('--h') && 'halt'.startsWith(word.slice(2)))) return ' (xm\'s halt: xl shutdown always halts, so drop it)';
  if (/^(--reboot|-R)$/.test(word) || (word.startsWith('--r') && 'reboot'.startsWith(word.slice(2)))) return ' (xm\'s reboot: that is `xl reboot`, not a shutdown option)';
  return '';
}

function spanOf(ctx: LintContext, setting: Setting, word: string | undefined): Span {
  const a = setting.assignment!;
  if (word === undefined || !ctx.sysconfig) return a.valueSpan;
  return valueWords(ctx.sysconfig, a).find((w) => w.word === word)?.span ?? a.valueSpan;
}

function checkShutdown(ctx: LintContext, setting: Setting, all: boolean): void {
  const name = all ? 'XENDOMAINS_SHUTDOWN_ALL' : 'XENDOMAINS_SHUTDOWN';
  const parsed = xlShutdownWords(words(setting.value));
  const failure = all
    ? 'the final `xl shutdown` of all domains fails, and guests still running are killed when the hypervisor goes down'
    : 'every per-domain `xl shutdown` fails, so no guest is shut down cleanly (the script still exits 0)';
  if (parsed.refused) {
    const { word, why } = parsed.refused;
    ctx.report(spanOf(ctx, setting, word), `xl shutdown knows only -w/--wait, -F and -a/--all: "${word}" ${why}${xmShutdownMeaning(word)}, so xl exits 2 ("option not supported") — ${failure} [X13]`);
    return;
  }
  const help = parsed.options.find((o) => o.letter === 'h');
  if (help) {
    ctx.report(spanOf(ctx, setting, help.word), `${help.word} makes xl print the shutdown help and exit 0: nothing is shut down`);
    return;
  }
  const hasAll = parsed.options.find((o) => o.letter === 'a');
  if (all) {
    if (!hasAll) ctx.report(spanOf(ctx, setting, undefined), `${name} has no -a/--all: \`xl shutdown\` without a domain fails with "You must specify -a or a domain id." — ${failure} [X13]`);
    else if (parsed.positionals.length) ctx.report(spanOf(ctx, setting, parsed.positionals[0]), `${name} has the extra word(s) ${parsed.positionals.map((p) => `"${p}"`).join(', ')}: with -a xl ignores them; remove them`);
    return;
  }
  if (hasAll) {
    ctx.report(spanOf(ctx, setting, hasAll.word), `${name} has ${hasAll.word}: the first domain's \`xl shutdown -a … <domid>\` shuts down every guest (the domid is ignored), before the others are saved or migrated; put -a in XENDOMAINS_SHUTDOWN_ALL`);
  }
  if (parsed.positionals.length) {
    ctx.report(spanOf(ctx, setting, parsed.positionals[0]), `${name} has the extra word(s) ${parsed.positionals.map((p) => `"${p}"`).join(', ')}: the script runs \`xl shutdown <words> <domid>\`, so xl takes "${parsed.positionals[0]}" as the domain to shut down and ignores the domid`);
  }
}

function checkMigrate(ctx: LintContext, setting: Setting): void {
  const list = words(setting.value);
  const parsed: XlOptionWords = xlMigrateWords(list);
  const fallsThrough = 'every migration fails and each domain falls through to save or shutdown [X16]';
  if (parsed.refused) {
    const { word, why } = parsed.refused;
    const hint = word === '-l' ? ': write --live (xl accepts it and ignores it: xl migration is always live)'
      : /^--(ssl|port|node|resource|change)/.test(word) || /^-[nrc]/.test(word) ? ': xm\'s relocation options do not exist in xl, which migrates over ssh' : '';
    ctx.report(spanOf(ctx, setting, word), `xl migrate: "${word}" ${why}, so xl exits 2 ("option not supported")${hint} — ${fallsThrough}`);
    return;
  }
  const help = parsed.options.find((o) => o.letter === 'h');
  if (help) {
    ctx.report(spanOf(ctx, setting, help.word), `${help.word} makes xl print the migrate help and exit 0: no domain is migrated, and none is saved or shut down either, since the call "succeeded"`);
    return;
  }
  const hosts = parsed.positionals.slice(1);
  const pause = parsed.options.find((o) => o.letter === 'p');
  if (pause && hosts.length && /^\d+$/.test(hosts[0]!)) {
    ctx.report(spanOf(ctx, setting, pause.word), `xm's "-p ${hosts[0]}" (port) means something else to xl: -p leaves the domain paused at the target and "${hosts[0]}" becomes the target host; xl migrates over ssh, so set the port in ~/.ssh/config or with -s "ssh -p ${hosts[0]}" — ${fallsThrough}`);
    return;
  }
  const ssh = parsed.options.find((o) => o.letter === 's');
  if (ssh && ssh.arg !== undefined && !/\bssh\b|\s/.test(ssh.arg)) {
    ctx.report(spanOf(ctx, setting, ssh.word), `xl's -s takes the next word ("${ssh.arg}") as the command to reach the target (xm's -s was --ssl): xl runs "${ssh.arg} <host> xl migrate-receive"${hosts.length ? '' : ' and has no host left'} — ${fallsThrough}`);
    return;
  }
  if (hosts.length === 0) {
    ctx.report(spanOf(ctx, setting, undefined), `XENDOMAINS_MIGRATE has no target host: 'xl migrate' requires at least 2 arguments and exits 2 — ${fallsThrough}`);
    return;
  }
  const host = hosts[0]!;
  const port = /^(.+):(\d+)$/.exec(host);
  if (port && !host.includes(']') && (host.match(/:/g) ?? []).length === 1) {
    ctx.report(spanOf(ctx, setting, host), `"${host}" is not an ssh destination: xl migrates by running \`ssh ${host} xl migrate-receive\`; for another ssh port use -s "ssh -p ${port[2]}" ${port[1]} — ${fallsThrough}`);
  }
  if (hosts.length > 1) {
    ctx.report(spanOf(ctx, setting, hosts[1]), `xl migrate takes one target host: ${hosts.slice(1).map((h) => `"${h}"`).join(', ')} ${hosts.length > 2 ? 'are' : 'is'} ignored [X16]`);
  }
}

export default defineRule({
  code: 'XD2014',
  name: 'xl-command-words',
  severity: 'error',
  docs: {
    summary: 'On an xl host, `XENDOMAINS_SHUTDOWN`, `XENDOMAINS_SHUTDOWN_ALL` or `XENDOMAINS_MIGRATE` holds words that `xl shutdown` / `xl migrate` refuse or read otherwise than xm did.',
    rationale: `The xl-era script passes the same variables to xl: \`xl shutdown <SHUTDOWN> <domid>\`, \`xl shutdown <SHUTDOWN_ALL>\` and
\`xl migrate <domid> <MIGRATE>\`. An xm-era sysconfig breaks there. \`xl shutdown\` knows only \`-w\`/\`--wait\`, \`-F\` and
\`-a\`/\`--all\`: the old sample values \`"--halt --wait"\` and \`"--all --halt --wait"\` make **every** shutdown exit 2, so no
guest is shut down cleanly while the script still reports success (X13). \`xl migrate\` goes over ssh to a host running
xl: \`-l\`, \`--port\`, \`--node\`, \`--ssl\` are refused, xm's \`-p PORT\` means "pause" and makes the port the host, \`-s\` takes
the next word as the ssh command, \`host:port\` is not an ssh destination (X16). A refused migration falls through to save
or shutdown. xendomains plans and runs exactly the xl calls the script makes, so these findings are what will happen;
on xm hosts XD2005–XD2007 check the same variables against xm.`,
    bad: [
      { kind: 'sysconfig', dialect: 'xl', text: 'XENDOMAINS_SHUTDOWN="--halt --wait"\n' },
      { kind: 'sysconfig', dialect: 'xl', text: 'XENDOMAINS_SHUTDOWN_ALL="--all --halt --wait"\n' },
      { kind: 'sysconfig', dialect: 'xl', text: 'XENDOMAINS_SHUTDOWN_ALL="--wait"\n' },
      { kind: 'sysconfig', dialect: 'xl', text: 'XENDOMAINS_MIGRATE="-l dom0-b"\n' },
      { kind: 'sysconfig', dialect: 'xl', text: 'XENDOMAINS_MIGRATE="--live -p 8002 dom0-b"\n' },
    ],
    good: [
      { kind: 'sysconfig', dialect: 'xl', text: 'XENDOMAINS_SHUTDOWN="--wait"\nXENDOMAINS_SHUTDOWN_ALL="--all --wait -F"\nXENDOMAINS_MIGRATE="--live dom0-b.example.com"\n' },
      { kind: 'sysconfig', dialect: 'xm', text: 'XENDOMAINS_SHUTDOWN="--halt --wait"\nXENDOMAINS_SHUTDOWN_ALL="--all --halt --wait"\n' },
    ],
  },
  check(ctx) {
    if (ctx.toolstack !== 'xl') return;
    const { XENDOMAINS_SHUTDOWN: shutdown, XENDOMAINS_SHUTDOWN_ALL: shutdownAll, XENDOMAINS_MIGRATE: migrate } = ctx.settings;
    if (shutdown.assignment && shutdown.value) checkShutdown(ctx, shutdown, false);
    if (shutdownAll.assignment && shutdownAll.value) checkShutdown(ctx, shutdownAll, true);
    if (migrate.assignment && migrate.value) checkMigrate(ctx, migrate);
  },
});
