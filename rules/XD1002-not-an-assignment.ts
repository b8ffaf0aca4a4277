// XD1002: shell in the sysconfig that is not a plain assignment. The
// reference would execute it as root; xendomains never does, so the rule says
// what was skipped and why.

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD1002',
  name: 'not-an-assignment',
  severity: 'error',
  docs: {
    summary: 'A statement that is not a plain `NAME=value` assignment: a command, `source`, control flow, a command substitution, an array, or `NAME =value` with a blank.',
    rationale: `The reference script *sources* /etc/sysconfig/xendomains, so every command in it runs as root at every boot and
shutdown, with the script's own variables in scope. xendomains parses the file instead of executing it: such a statement
is not evaluated, and the variables it would set are not set. Write the values literally. \`NAME = value\` with blanks
is a common slip: bash runs \`NAME\` as a command and assigns nothing.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_MIGRATE="$(cat /etc/xen/migrate-target) --live"\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_SAVE = /var/lib/xen/save\n' },
      { kind: 'sysconfig', text: 'source /etc/xen/site-defaults\n' },
    ],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_MIGRATE="--live dom0-b.example.com"\nXENDOMAINS_SAVE=/var/lib/xen/save\n' }],
  },
  check(ctx) {
    for (const p of ctx.sysconfig?.problems ?? []) if (p.kind === 'not-assignment') ctx.report(p.span, p.message);
  },
});
