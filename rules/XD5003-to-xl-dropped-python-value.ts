// XD5003: xm → xl migration (to-xl-dropped-python-value), run by `lint --target xl`: A `True`, `False`, `None`, tuple, dict or long value, which xm silently ignored and xl rejects.
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5003',
  name: 'to-xl-dropped-python-value',
  severity: 'warning',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "A `True`, `False`, `None`, tuple, dict or long value, which xm silently ignored and xl rejects.",
    rationale: `xm copied only str, int, float and list values into its options: \`acpi = True\` left acpi at its default. In xl \`True\` is a
lexical error that stops the whole file. Remove the line to keep what xm did, or write a number (\`acpi = 1\`) if you meant it.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nacpi = True\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nacpi = 1\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.droppedValue) ctx.report(issue.span, issue.message);
    }
  },
});
