// XD9001: suppression comments that suppressed nothing — stale after a fix,
// or aimed at the wrong line — so they do not hide a future problem.

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD9001',
  name: 'unused-directive',
  severity: 'warning',
  phase: 'directives',
  docs: {
    summary: 'A `# xendomains disable=CODE` directive that suppressed nothing.',
    rationale: `A suppression outlives the problem it was written for. Left in place, it silently hides the next real finding
of that rule on that line. Remove it, or move it to the line directly before the assignment it is meant for.`,
    bad: [{ kind: 'sysconfig', text: '# xendomains disable=XD2008 -- legacy value\nXENDOMAINS_RESTORE=true\n' }],
    good: [{ kind: 'sysconfig', text: '# xendomains disable=XD2008 -- kept for the Debian hosts\nXENDOMAINS_RESTORE=yes\n' }],
  },
  check(ctx) {
    for (const use of ctx.directiveUses) {
      if (use.known && !use.used) ctx.report(use.span, `"${use.target}" is disabled here but reported nothing to suppress: remove the directive`);
    }
  },
});
