// XD2010: XENDOMAINS_SAVE and XENDOMAINS_AUTO are used unquoted by the
// reference, so they must be absolute paths without blanks or glob characters.

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD2010',
  name: 'path-value',
  severity: 'error',
  docs: {
    summary: '`XENDOMAINS_SAVE` and `XENDOMAINS_AUTO` must be absolute paths without blanks or glob characters (or empty to disable).',
    rationale: `The reference expands both unquoted (\`$XENDOMAINS_AUTO/*\`, \`mkdir -p $XENDOMAINS_SAVE\`), so a blank splits the path
into two words and \`*\`, \`?\` or \`[\` glob against the file system. A relative path is resolved against the init
script's working directory, which at boot is \`/\` but under \`service\` or a shell can be anything.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_SAVE="/srv/xen save"\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_AUTO=etc/xen/auto\n' },
    ],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_SAVE=/var/lib/xen/save\nXENDOMAINS_AUTO=/etc/xen/auto\n' }],
  },
  check(ctx) {
    for (const name of ['XENDOMAINS_SAVE', 'XENDOMAINS_AUTO'] as const) {
      const { value, assignment } = ctx.settings[name];
      if (!assignment || !value) continue;
      const problems: string[] = [];
      if (!value.startsWith('/')) problems.push('is not absolute (it would be resolved against the init script\'s working directory)');
      if (/\s/.test(value)) problems.push('contains a blank, which splits it into several words when the reference expands it unquoted');
      if (/[*?[]/.test(value)) problems.push('contains a glob character, which the reference\'s unquoted expansion matches against the file system');
      for (const problem of problems) ctx.report(assignment.valueSpan, `${name}=${JSON.stringify(value)} ${problem}`);
    }
  },
});
