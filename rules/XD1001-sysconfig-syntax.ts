// XD1001: text in the sysconfig that bash itself cannot parse (where bash stops
// reading the file, and which variables that loses), or bytes that make it
// something other than a shell-variable file. The compiler finds them; this rule reports them.

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD1001',
  name: 'sysconfig-syntax',
  severity: 'error',
  docs: {
    summary: 'The sysconfig file cannot be parsed: a bash syntax error (an unterminated quote, a stray `)`), a stray byte, a byte order mark, binary content, or bytes that are not UTF-8.',
    rationale: `The reference script sources the file with bash, which parses and runs it one complete command at a time. At a
syntax error bash stops reading: the commands before it ran, the failing one and everything after it never do, so those
variables stay unset (the message names them) and the script runs without them. An unterminated quote is such an error:
it swallows the rest of the file. xendomains holds exactly what bash would hold; \`plan\` refuses to plan from it, and the
init verbs run with it and exit non-zero (docs/compat.md, "Degraded inputs"). A UTF-8 byte order mark glues itself to
the first variable name, so the first assignment becomes a command. $'\\xNN' escapes that make bytes which are not UTF-8
are held with U+FFFD in their place, which is not what bash holds.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN="--halt --wait\nXENDOMAINS_SAVE=/var/lib/xen/save\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_SAVE=/var/lib/xen/save)\nXENDOMAINS_RESTORE=true\n' },
      { kind: 'sysconfig', text: '\uFEFFXENDOMAINS_SAVE=/var/lib/xen/save\n' },
    ],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN="--halt --wait"\nXENDOMAINS_SAVE=/var/lib/xen/save\n' }],
  },
  check(ctx) {
    for (const p of ctx.sysconfig?.problems ?? []) if (p.kind === 'syntax' || p.kind === 'bytes') ctx.report(p.span, p.message);
  },
});
