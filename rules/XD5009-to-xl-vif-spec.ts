// XD5009: xm → xl migration (to-xl-vif-spec), run by `lint --target xl`: A vif string or NIC setting xl reads differently.
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5009',
  name: 'to-xl-vif-spec',
  severity: 'error',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "A vif string or NIC setting xl reads differently: blanks around `=` or after a value, `policy=`/`label=`/`accel=`, `type=netfront`, `nics`, `vif2`.",
    rationale: `xm stripped blanks around keys and values; xl strips only spaces before a key, so \`bridge = xenbr0\` is an unrecognised field
and the NIC lands on the default bridge. xm's security labels and \`accel\` are ignored with a message, \`nics\` and \`vif2\` are
ignored: write one vif entry per NIC.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nvif = [ 'mac=00:16:3e:01:02:03, bridge = xenbr1' ]\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nvif = [ 'mac=00:16:3e:01:02:03, bridge=xenbr1' ]\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.vif) ctx.report(issue.span, issue.message);
    }
  },
});
