// XD1104: CRLF line endings in a domain config. Python reads them, but they
// mark a file edited elsewhere and break the shell tools admins run on it.

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD1104',
  name: 'domain-line-endings',
  severity: 'info',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A domain config with CRLF (DOS) line endings.',
    rationale: `xm's Python accepts CR LF line endings, so the domain starts. But the carriage returns end up in anything the
shell reads from the file (\`grep\`, \`sed\`, the original Garloff-era name extraction), and they usually mean the file
was edited on another system and may carry other surprises. Convert it with \`dos2unix\`.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\r\nmemory = 512\r\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) for (const p of d.problems) if (p.kind === 'carriage-return') ctx.report(p.span, p.message);
  },
});
