// XD5004: xm → xl migration (to-xl-invalid-key), run by `lint --target xl`: A variable name xl's lexer rejects (upper case, a leading underscore).
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5004',
  name: 'to-xl-invalid-key',
  severity: 'error',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "A variable name xl's lexer rejects (upper case, a leading underscore): the whole file fails to parse.",
    rationale: `xl keys match \`[a-z][._0-9a-z]*\`. Helper variables such as \`VMID = 3\` or Oracle VM's \`OVM_simple_name\` were harmless in xm (it ignored
variables it did not know) but are lexical errors in xl.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nOVM_simple_name = 'web'\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.invalidKey) ctx.report(issue.span, issue.message);
    }
  },
});
