// XD3012: an AUTO config on an xm host that is written for xl (xl-only keys,
// xl's disk syntax, and valid xl.cfg as a whole): the host is probably an xl
// host linted as xm, or the file is in the wrong place. Says which flag to use.

import { defineRule } from '../src/lint/rule.js';
import { xlLookalike } from '../src/model/dialect-guess.js';

export default defineRule({
  code: 'XD3012',
  name: 'xl-config-on-xm-host',
  severity: 'warning',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A domain config read as xm\'s Python that is written for xl: it uses xl-only keys or xl\'s disk syntax, and parses as xl.cfg.',
    rationale: `xendomains reads every AUTO config in the host's toolstack language: Python for xm, xl.cfg for xl (\`--toolstack\`, the rc
file's \`toolstack\`, else detected from the host tree). An xl.cfg read as xm gets findings that are wrong for it — \`type\` "ignored",
the disk string \`/dev/vg/x,raw,xvda,rw\` an error — and xm would indeed misread it: \`xm create\` ignores \`type\` and cannot parse
xl's disk syntax. Either the host runs xl and detection guessed wrong (give \`--toolstack xl\`, or \`"toolstack": "xl"\` in
\`.xendomainsrc.json\`), or an xl config landed on an xm host.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ntype = "pvh"\nkernel = "/boot/vmlinuz"\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ndisk = [ "/dev/vg/web,raw,xvda,rw" ]\n' },
    ],
    good: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = "/boot/vmlinuz"\ndisk = [ "phy:/dev/vg/web,xvda,w" ]\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ntype = "pvh"\nacpi = True\n', display: 'an xm config that sets an xl key but is Python: XD3001 reports the key' },
    ],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      const found = xlLookalike(d);
      if (found) ctx.report(found.span, `this config is written for xl: ${found.hint}`);
    }
  },
});
