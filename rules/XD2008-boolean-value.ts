// XD2008: XENDOMAINS_RESTORE and XENDOMAINS_AUTO_ONLY are enabled only by the
// exact string `true`; `yes`, `1`, `True` silently mean false.

import { defineRule } from '../src/lint/rule.js';

const TRUTHY = /^(yes|y|on|1|enable|enabled|t)$/i;

export default defineRule({
  code: 'XD2008',
  name: 'boolean-value',
  severity: 'warning',
  docs: {
    summary: '`XENDOMAINS_RESTORE` and `XENDOMAINS_AUTO_ONLY` must be exactly `true` or `false`.',
    rationale: `The reference tests both with \`[ "$X" = "true" ]\`. Anything else — \`yes\`, \`1\`, \`True\`, \`TRUE\`, \`"true "\` —
is false, without a word: saved guests are not restored at boot, or every guest (not just the auto-started ones) is
saved and shut down at stop. Debian's rewrite tests RESTORE for non-empty instead, so \`false\` there means true: write
exactly \`true\` or \`false\` and both agree.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_RESTORE=yes\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_AUTO_ONLY=True\n' },
    ],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_RESTORE=true\nXENDOMAINS_AUTO_ONLY=false\n' }],
  },
  check(ctx) {
    for (const name of ['XENDOMAINS_RESTORE', 'XENDOMAINS_AUTO_ONLY'] as const) {
      const { value, assignment } = ctx.settings[name];
      if (!assignment || value === null || value === 'true' || value === 'false' || value === '') continue;
      const meant = TRUTHY.test(value.trim()) || value.trim().toLowerCase() === 'true';
      ctx.report(assignment.valueSpan, `${name}=${JSON.stringify(value)} means false: the reference enables it only for the exact string "true"${meant ? '; write true' : ''}`);
    }
  },
});
