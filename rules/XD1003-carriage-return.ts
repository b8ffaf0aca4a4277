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
    const found = (ctx.sysconfig?.problems ?? []).filter((p) => p.kind === 'carriage-return');
    const lineEndings = ctx.sysconfig?.assignments.filter((a) => a.value.endsWith('\r')) ?? [];
    if (found.length > 1 && lineEndings.length > 1) {
      // A CRLF file: one finding for the file's line endings, naming what they break.
      const names = [...new Set(lineEndings.map((a) => a.name))];
      const example = lineEndings.find((a) => a.value === 'true\r') ?? lineEndings[0]!;
      ctx.report(found[0]!.span, `the file has DOS (CRLF) line endings: bash keeps the carriage return at the end of every value, so ${list(names)} ${names.length === 1 ? 'is' : 'are'} not what ${names.length === 1 ? 'it looks' : 'they look'} like (${example.name}=${JSON.stringify(example.value)}${example.value === 'true\r' ? ' is not "true"' : ''}); convert the file with dos2unix`);
      return;
    }
    for (const p of found) ctx.report(p.span, p.message);
  },
});

function list(names: readonly string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
