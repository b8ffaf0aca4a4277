// XD5014: xm → xl migration (to-xl-ignored-key), run by `lint --target xl`: An xm key xl ignores (`vscsi`, `vusb`, `fda`, `features`, `on_xend_start`, `vncviewer`, create options, …).
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5014',
  name: 'to-xl-ignored-key',
  severity: 'warning',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "An xm key xl ignores (`vscsi`, `vusb`, `fda`, `features`, `on_xend_start`, `vncviewer`, create options, \u2026).",
    rationale: `xl ignores unknown keys silently. Some of these were harmless (\`on_xend_start\`: xendomains does autostart), others carried
configuration that is lost under xl; the finding says which, with the xl replacement where there is one.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\non_xend_start = 'start'\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.ignoredKey) ctx.report(issue.span, issue.message);
    }
  },
});
