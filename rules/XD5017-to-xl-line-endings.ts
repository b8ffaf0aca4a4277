// XD5017: xm → xl migration (to-xl-line-endings), run by `lint --target xl`: CRLF line endings, a byte-order mark, a form feed, or a last-line comment without a newline.
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5017',
  name: 'to-xl-line-endings',
  severity: 'error',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "CRLF line endings, a byte-order mark, a form feed, or a last-line comment without a newline: xl's lexer rejects them.",
    rationale: `Python tolerated these; libxlu does not (spec xl-cfg §2, §12.13): each \`\\r\` outside a comment is a lexical error and the file is not read.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\r\nmemory = 512\r\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.lineEndings) ctx.report(issue.span, issue.message);
    }
  },
});
