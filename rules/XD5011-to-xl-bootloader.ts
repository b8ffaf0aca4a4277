// XD5011: xm → xl migration (to-xl-bootloader), run by `lint --target xl`: `bootloader = '/usr/bin/pygrub'`, `bootargs` and `bootentry`.
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5011',
  name: 'to-xl-bootloader',
  severity: 'warning',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "`bootloader = '/usr/bin/pygrub'`, `bootargs` and `bootentry`: xl wants `bootloader = \"pygrub\"` and a `bootloader_args` list.",
    rationale: `libxl finds pygrub in its own directory and deprecates a path (which may not exist on an xl host); xl does not read \`bootargs\`
or \`bootentry\` at all, so the boot entry choice is lost.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nbootloader = '/usr/bin/pygrub'\nbootargs = '--entry=1'\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nbootloader = 'pygrub'\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.bootloader) ctx.report(issue.span, issue.message);
    }
  },
});
