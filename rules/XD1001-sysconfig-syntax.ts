// XD1001: text in the sysconfig that bash itself cannot parse, or bytes that
// make it something other than a shell-variable file. The parser finds them;
// this rule reports them.

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD1001',
  name: 'sysconfig-syntax',
  severity: 'error',
  docs: {
    summary: 'The sysconfig file cannot be parsed: an unterminated quote, a stray byte, a byte order mark or binary content.',
    rationale: `The reference script sources the file with bash. An unterminated quote swallows the rest of the file, so every
assignment after it is lost and the script runs with empty values. A UTF-8 byte order mark glues itself to the first
variable name, so the first assignment becomes a command. xendomains reports these instead of guessing a value.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN="--halt --wait\nXENDOMAINS_SAVE=/var/lib/xen/save\n' },
      { kind: 'sysconfig', text: '\uFEFFXENDOMAINS_SAVE=/var/lib/xen/save\n' },
    ],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN="--halt --wait"\nXENDOMAINS_SAVE=/var/lib/xen/save\n' }],
  },
  check(ctx) {
    for (const p of ctx.sysconfig?.problems ?? []) if (p.kind === 'syntax' || p.kind === 'bytes') ctx.report(p.span, p.message);
  },
});
