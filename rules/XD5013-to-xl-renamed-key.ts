// XD5013: xm → xl migration (to-xl-renamed-key), run by `lint --target xl`: An xm key xl reads under another name (`cpu_cap` → `cap`, `irq` → `irqs`) or in another form (`access_control` → `seclabel`).
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5013',
  name: 'to-xl-renamed-key',
  severity: 'error',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "An xm key xl reads under another name (`cpu_cap` \u2192 `cap`, `irq` \u2192 `irqs`) or in another form (`access_control` \u2192 `seclabel`).",
    rationale: `xl ignores the xm name silently, so the setting is lost: a capped guest runs uncapped.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\ncpu_cap = 50\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\ncap = 50\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.renamed) ctx.report(issue.span, issue.message);
    }
  },
});
