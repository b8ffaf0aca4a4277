// XD5016: xm → xl migration (to-xl-integer-enum), run by `lint --target xl`: `tsc_mode` or `timer_mode` as a number (deprecated in xl), or `timer_mode` in a PV config (fatal in xl).
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5016',
  name: 'to-xl-integer-enum',
  severity: 'warning',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "`tsc_mode` or `timer_mode` as a number (deprecated in xl), or `timer_mode` in a PV config (fatal in xl).",
    rationale: `xl wants the names (\`tsc_mode = "default"\`, \`timer_mode = "no_delay_for_missed_ticks"\`) and refuses \`timer_mode\` for PV guests,
for which xm ignored it.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'win'\nbuilder = 'hvm'\nmemory = 1024\ntsc_mode = 0\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'win'\ntype = 'hvm'\nmemory = 1024\ntsc_mode = 'default'\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.integerEnum) ctx.report(issue.span, issue.message);
    }
  },
});
