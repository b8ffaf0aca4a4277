// XD5006: xm → xl migration (to-xl-missing-name), run by `lint --target xl`: No `name`.
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5006',
  name: 'to-xl-missing-name',
  severity: 'error',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "No `name`: xm named the domain after the config file, xl refuses to create it.",
    rationale: `\`xl create\` stops with "Domain name must be specified." Add the name xm used (the file's basename) or the one you want.`,
    bad: [{ kind: 'domain', file: "web", text: "memory = 512\nkernel = '/boot/vmlinuz-xen'\n" }],
    good: [{ kind: 'domain', file: "web", text: "name = 'web'\nmemory = 512\nkernel = '/boot/vmlinuz-xen'\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.missingName) ctx.report(issue.span, issue.message);
    }
  },
});
