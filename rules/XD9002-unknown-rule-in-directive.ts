// XD9002: a suppression comment naming a rule that does not exist (a typo
// suppresses nothing while looking as if it did).

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD9002',
  name: 'unknown-rule-in-directive',
  severity: 'error',
  phase: 'directives',
  docs: {
    summary: 'A `# xendomains disable=` directive naming a rule code or name that does not exist.',
    rationale: 'A mistyped code suppresses nothing, while the comment tells the reader that it does. `xendomains rules` lists every code and name.',
    bad: [{ kind: 'sysconfig', text: '# xendomains disable=XD2080 -- legacy value\nXENDOMAINS_RESTORE=yes\n' }],
    good: [{ kind: 'sysconfig', text: '# xendomains disable=XD2008 -- legacy value\nXENDOMAINS_RESTORE=yes\n' }],
  },
  check(ctx) {
    for (const use of ctx.directiveUses) {
      if (!use.known) ctx.report(use.span, `"${use.target}" is not a xendomains rule (see \`xendomains rules\`)`);
    }
  },
});
