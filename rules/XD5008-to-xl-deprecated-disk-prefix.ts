// XD5008: xm → xl migration (to-xl-deprecated-disk-prefix), run by `lint --target xl`: A disk string with an xm prefix (`phy.
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5008',
  name: 'to-xl-deprecated-disk-prefix',
  severity: 'warning',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "A disk string with an xm prefix (`phy:`, `file:`, `tap:aio:`, `nbd:`, \u2026): deprecated in xl, and it no longer chooses the backend.",
    rationale: `xl still accepts the xm prefixes, but only for compatibility: \`phy:\` does not select the phy backend any more (libxl picks one), and the
prefix changes how the other fields are read. The xl form names each field: \`format=raw,vdev=xvda,access=rw,target=/dev/vg/web\`.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\ndisk = [ 'phy:/dev/vg/web,xvda,w' ]\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\ndisk = [ 'format=raw,vdev=xvda,access=rw,target=/dev/vg/web' ]\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.diskPrefix) ctx.report(issue.span, issue.message);
    }
  },
});
