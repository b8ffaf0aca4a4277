// XD5007: xm → xl migration (to-xl-disk-spec), run by `lint --target xl`: A disk string xl rejects or reads differently.
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5007',
  name: 'to-xl-disk-spec',
  severity: 'error',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "A disk string xl rejects or reads differently: `w!`, blktap drivers xl lacks (`tap:sync:`, `tap:vmdk:`), custom block-script prefixes, relative paths, a backend or protocol field.",
    rationale: `xl's disk parser (spec xl-cfg §8, §12.5) reads positional fields as target,format,vdev,access: xm's \`phy:/dev/x,xvda,w,drvdom\` gives
"too many positional parameters", \`w!\` "unknown value for access", and a custom \`mydrbd:\` prefix "unknown deprecated disk prefix".
The finding gives the xl spelling (\`format=raw,vdev=xvda,access=rw,target=…\`, \`script=block-NAME\`, \`backend=\`) where there is one.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'db'\nmemory = 512\ndisk = [ 'phy:/dev/vg/db,xvda,w!' ]\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'db'\nmemory = 512\ndisk = [ 'format=raw,vdev=xvda,access=rw,target=/dev/vg/db' ]\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.disk) ctx.report(issue.span, issue.message);
    }
  },
});
