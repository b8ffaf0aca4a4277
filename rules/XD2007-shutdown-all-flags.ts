// XD2007: XENDOMAINS_SHUTDOWN_ALL is the whole argument list of the final
// `xm shutdown`, so it must contain --all (-a) and valid options only.

import { defineRule } from '../src/lint/rule.js';
import { checkShutdownWords } from '../src/lint/shutdown-words.js';

export default defineRule({
  code: 'XD2007',
  name: 'shutdown-all-flags',
  severity: 'error',
  docs: {
    summary: '`XENDOMAINS_SHUTDOWN_ALL` must contain `--all` (or `-a`) and valid `xm shutdown` options.',
    rationale: `After the per-domain loop the reference runs \`xm shutdown $XENDOMAINS_SHUTDOWN_ALL\` with no domain id. Without
\`--all\` xm fails with "No domain parameter given" and the guests still running are killed when the hypervisor goes
down. Note the final shutdown hits every guest, including those \`XENDOMAINS_AUTO_ONLY\` skipped. On xl hosts XD2014 checks this variable against xl instead.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN_ALL="--halt --wait"\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN_ALL="--all --reboot"\n' },
    ],
    good: [
      { kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN_ALL="--all --halt --wait"\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN_ALL="-aHw"\n' },
    ],
  },
  check(ctx) {
    // xl reads these words otherwise: XD2014 judges them on xl hosts
    if (ctx.toolstack === 'xl') return;
    const setting = ctx.settings.XENDOMAINS_SHUTDOWN_ALL;
    const parsed = checkShutdownWords(ctx, setting);
    if (!parsed) return;
    const span = setting.assignment!.valueSpan;
    if (!parsed.options.some((o) => o.spec.long === 'all')) {
      ctx.report(span, 'XENDOMAINS_SHUTDOWN_ALL lacks --all: `xm shutdown` without a domain fails with "No domain parameter given", so remaining guests are never shut down cleanly');
    }
    if (parsed.positionals.length) {
      ctx.report(span, `XENDOMAINS_SHUTDOWN_ALL has the extra word(s) ${parsed.positionals.map((p) => `"${p}"`).join(', ')}: with --all xm ignores a domain argument; remove them`);
    }
  },
});
