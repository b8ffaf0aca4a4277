// XD4007: XENDOMAINS_AUTO_ONLY=true while the reference cannot build its name
// filter (AUTO empty, or a config whose dry run fails): it then stops every domain (Q9).

import { entryFacts } from '../src/lint/cross-file.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD4007',
  name: 'auto-only-unfilterable',
  severity: 'warning',
  docs: {
    summary: 'XENDOMAINS_AUTO_ONLY=true, but XENDOMAINS_AUTO is empty or holds a config whose domain name cannot be determined.',
    rationale: `With AUTO_ONLY the reference builds a \`case\` pattern from the names of the AUTO configs and \`eval\`s it. An empty
AUTO, or a config whose dry run fails (syntax error, unevaluable Python, a file that is not a config), leaves an empty
alternative in that pattern: a shell syntax error, which the script ignores — and then it saves or shuts down *every*
domain, including the ones AUTO_ONLY was meant to protect (Q9). xendomains filters by the names it does know, but a host
running the original script does not. A name that needs Python (\`name = 'web-' + os.uname()[1]\`) is unknown to
xendomains too: \`plan stop\` refuses, and \`stop\` saves the domains it can name, leaves that config's domain to
SHUTDOWN_ALL and exits 6 (docs/compat.md, "Degraded inputs").`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_AUTO_ONLY=true\nXENDOMAINS_AUTO=\n' },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web\n", others: [{ file: 'mail.cfg', text: "name = 'mail'\n" }], sysconfig: 'XENDOMAINS_AUTO_ONLY=true\nXENDOMAINS_AUTO=/etc/xen/auto\n' },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\n", sysconfig: 'XENDOMAINS_AUTO_ONLY=true\nXENDOMAINS_AUTO=/etc/xen/auto\n' }],
  },
  check(ctx) {
    const autoOnly = ctx.settings.XENDOMAINS_AUTO_ONLY;
    if (autoOnly.value !== 'true' || !autoOnly.assignment) return;
    if (!ctx.settings.XENDOMAINS_AUTO.value || !ctx.auto || ctx.auto.length === 0) {
      ctx.report(autoOnly.assignment.valueSpan, 'XENDOMAINS_AUTO_ONLY=true but XENDOMAINS_AUTO is empty or missing: the reference\'s name filter is then a shell syntax error and it stops every domain (Q9)');
      return;
    }
    for (const entry of ctx.auto) {
      const facts = entryFacts(entry);
      if (facts?.name && facts.loads) continue;
      ctx.report(autoOnly.assignment.valueSpan, `XENDOMAINS_AUTO_ONLY=true but the domain name of ${entry.file} cannot be determined: the reference's name filter breaks and it stops every domain, not only the AUTO ones (Q9)`);
    }
  },
});
