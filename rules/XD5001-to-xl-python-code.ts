// XD5001: xm → xl migration (to-xl-python-code), run by `lint --target xl`: Python statements (`import`, `def`, calls such as `xm_vars.var(…)`) and values computed by them.
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5001',
  name: 'to-xl-python-code',
  severity: 'error',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "Python statements (`import`, `def`, calls such as `xm_vars.var(\u2026)`) and values computed by them: xl.cfg is not Python.",
    rationale: `An xm config is a Python program; an xl config is data: \`key = value\` lines with strings, numbers and lists (spec xl-cfg §12.1).
Every statement that is not such an assignment is a syntax or lexical error for xl, which then refuses the whole file, and a value
that only code computes has no literal to carry over. Write the values out (one file per guest, or generate the files with a
template tool); \`xendomains convert --vmid N\` evaluates configs like Xen's \`xmexample2\` for one vmid.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "import os\nname = 'web'\nmemory = 512\nkernel = '/boot/vmlinuz-' + os.uname()[2]\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nkernel = '/boot/vmlinuz-2.6.32-xen'\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.pythonCode) ctx.report(issue.span, issue.message);
    }
  },
});
