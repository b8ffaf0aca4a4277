// XD2006: XENDOMAINS_SHUTDOWN must be valid per-domain `xm shutdown` options:
// no --all (it would shut down every guest at the first one), no --reboot, no extra words.

import { defineRule } from '../src/lint/rule.js';
import { checkShutdownWords } from '../src/lint/shutdown-words.js';

export default defineRule({
  code: 'XD2006',
  name: 'shutdown-flags',
  severity: 'error',
  docs: {
    summary: '`XENDOMAINS_SHUTDOWN` may contain only `--halt`/`-H` and `--wait`/`-w` (xm shutdown options for one domain).',
    rationale: `On stop the reference runs \`xm shutdown <domid> $XENDOMAINS_SHUTDOWN\` for each domain in turn. \`--all\` makes
that first call shut down every guest, including those \`XENDOMAINS_AUTO_ONLY\` should leave alone and those not yet
saved or migrated; \`--reboot\` reboots guests while the host goes down; a stray word is taken as a second domain and
xm refuses ("No multiple domain parameters allowed"). Without \`--wait\` xm returns at once and the script moves on
while the guest is still shutting down. On xl hosts XD2014 checks this variable against xl instead.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN="--all --halt --wait"\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN="--reboot"\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN="--halt --wiat"\n' },
    ],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN="--halt --wait"\n' }],
  },
  check(ctx) {
    // xl reads these words otherwise: XD2014 judges them on xl hosts
    if (ctx.toolstack === 'xl') return;
    const setting = ctx.settings.XENDOMAINS_SHUTDOWN;
    const parsed = checkShutdownWords(ctx, setting);
    if (!parsed) return;
    const span = setting.assignment!.valueSpan;
    if (parsed.options.some((o) => o.spec.long === 'all')) {
      ctx.report(span, 'XENDOMAINS_SHUTDOWN has --all: the first domain\'s shutdown call shuts down every guest, before the others are saved or migrated; put --all in XENDOMAINS_SHUTDOWN_ALL');
    }
    if (parsed.positionals.length) {
      ctx.report(span, `XENDOMAINS_SHUTDOWN has the extra word(s) ${parsed.positionals.map((p) => `"${p}"`).join(', ')}: xm takes them as another domain and refuses ("No multiple domain parameters allowed")`);
    }
  },
});
