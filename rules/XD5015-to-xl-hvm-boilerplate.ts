// XD5015: xm → xl migration (to-xl-hvm-boilerplate), run by `lint --target xl`: HVM boilerplate xl ignores.
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5015',
  name: 'to-xl-hvm-boilerplate',
  severity: 'warning',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "HVM boilerplate xl ignores: `kernel = 'hvmloader'`, `device_model`, `loader`.",
    rationale: `xl ignores \`kernel=…hvmloader\` and \`device_model\` with warnings, and \`loader\` silently. Its default device model is qemu-xen (upstream
QEMU), not xm's qemu-dm, so long-installed guests may see new hardware: \`device_model_version = "qemu-xen-traditional"\` keeps the
old one where it still exists.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'win'\nbuilder = 'hvm'\nkernel = '/usr/lib/xen/boot/hvmloader'\nmemory = 1024\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'win'\ntype = 'hvm'\nmemory = 1024\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.hvmBoilerplate) ctx.report(issue.span, issue.message);
    }
  },
});
