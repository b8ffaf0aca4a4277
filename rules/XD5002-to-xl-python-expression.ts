// XD5002: xm → xl migration (to-xl-python-expression), run by `lint --target xl`: A value written as a Python expression or a Python-only literal (`%`, `+`, `*`, variables, hex, octal, negative numbers, triple quotes, `\x` escapes).
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5002',
  name: 'to-xl-python-expression',
  severity: 'error',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "A value written as a Python expression or a Python-only literal (`%`, `+`, `*`, variables, hex, octal, negative numbers, triple quotes, `\\x` escapes).",
    rationale: `xl reads only string and number literals and \`[…]\` lists: \`"vm%d" % 3\`, \`256 * 2\`, \`base + '.img'\`, \`-1\` and \`0x10\` are lexical or
syntax errors, and \`"\x41"\` is an escape libxlu always rejects. The finding gives the evaluated value to write instead.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 256 * 2\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.expression) ctx.report(issue.span, issue.message);
    }
  },
});
