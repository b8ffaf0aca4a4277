// XD1003: carriage returns from DOS line endings, which bash keeps inside
// values (`/var/lib/xen/save\r` is a different directory).

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD1003',
  name: 'carriage-return',
  severity: 'error',
  docs: {
    summary: 'A carriage return (CRLF line endings, or `\\r` in a value) that bash keeps in the value.',
    rationale: `Files edited on Windows or pasted through some web consoles end their lines with CR LF. bash strips only the LF,
so \`XENDOMAINS_SAVE=/var/lib/xen/save\` followed by CR LF names a directory whose name ends in a carriage return, and
\`XENDOMAINS_RESTORE=true\` followed by CR LF is not \`true\`. Convert the file with \`dos2unix\` or \`sed -i 's/\\r$//'\`.`,
    bad: [{ kind: 'sysconfig', text: 'XENDOMAINS_RESTORE=true\r\nXENDOMAINS_SAVE=/var/lib/xen/save\r\n' }],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_RESTORE=true\nXENDOMAINS_SAVE=/var/lib/xen/save\n' }],
  },
  check(ctx) {
    for (const p of ctx.sysconfig?.problems ?? []) if (p.kind === 'carriage-return') ctx.report(p.span, p.message);
  },
});
