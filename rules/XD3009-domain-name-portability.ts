// XD3009: names xend accepts but the reference script mishandles: `+` (xend
// prints the name quoted, so AUTO_ONLY never matches it), a leading `-` or `.`.

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD3009',
  name: 'domain-name-portability',
  severity: 'warning',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A valid domain name that the reference script handles wrongly: one with `+`, or starting with `-` or `.`.',
    rationale: `xend prints names containing characters outside \`[A-Za-z0-9._:/~-]\` quoted in \`xm list -l\` (\`'db+1'\`). The
reference keeps the quotes: with XENDOMAINS_AUTO_ONLY=true such a domain never matches its config and is skipped on stop,
and its save image is named with the quotes. A name starting with \`-\` is read as an option by \`grep\` in the
reference's restore check, and one starting with \`.\` gives a hidden save image that the restore glob never sees.
xendomains handles all three, but a host still running the original script does not.`,
    bad: [
      { kind: 'domain', file: 'db.cfg', text: "name = 'db+1'\nmemory = 512\n" },
      { kind: 'domain', file: 'db.cfg', text: "name = '.db'\nmemory = 512\n" },
    ],
    good: [{ kind: 'domain', file: 'db.cfg', text: "name = 'db-1'\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      if (!d.name || !/^[A-Za-z0-9_.:+-]+$/.test(d.name.value) || d.name.value === '.' || d.name.value === '..') continue;
      const { value, span } = d.name;
      if (value.includes('+')) ctx.report(span, `domain name "${value}" contains "+": xend lists it quoted ('${value}'), so the reference's AUTO_ONLY filter never matches it and its save image is named '${value}' with the quotes (Q8)`);
      if (value.startsWith('-')) ctx.report(span, `domain name "${value}" starts with "-": the reference's restore check passes it to grep, which reads it as an option (Q6)`);
      if (value.startsWith('.')) ctx.report(span, `domain name "${value}" starts with ".": its save image is a hidden file, which the reference's restore glob never picks up`);
    }
  },
});
