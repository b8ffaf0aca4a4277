// XD5005: xm → xl migration (to-xl-builder), run by `lint --target xl`: `builder`.
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5005',
  name: 'to-xl-builder',
  severity: 'error',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "`builder`: xl's key is `type`; `builder = 'linux'` is fatal in xl.",
    rationale: `xl reads \`type = "pv" | "pvh" | "hvm"\`. \`builder = 'linux'\` (xm's PV default written out) makes xl fail with "Invalid domain type
linux."; \`builder = 'hvm'\` still works but is deprecated.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nbuilder = 'linux'\nmemory = 512\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.builder) ctx.report(issue.span, issue.message);
    }
  },
});
