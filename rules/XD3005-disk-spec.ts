// XD3005: `disk` entries xm or xend reject: wrong field count, no type
// prefix, unknown type, bad mode, a vdev xend cannot name.

import { deviceFindings } from '../src/lint/device-specs.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD3005',
  name: 'disk-spec',
  severity: 'error',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A `disk` entry that xm or xend rejects: not `uname,vdev,mode`, a uname without `phy:`/`file:`/`tap:…:` prefix, an unknown mode, an invalid virtual device.',
    rationale: `Each disk entry is \`<type>:<target>,<vdev>,<mode>\` with mode \`r\`, \`w\` or \`w!\`. xm splits on commas and fails with
"Invalid disk specifier" when there are not 3 to 5 fields; xend refuses unnamed types and bad devices. Either way the
domain does not start at boot. \`/path,raw,xvda,rw\` is the xl syntax and does not work with xm.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\ndisk = ['/dev/vg0/web,xvda,w']\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\ndisk = ['phy:/dev/vg0/web,xvda']\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\ndisk = ['phy:/dev/vg0/web,xvda,rw']\n" },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\ndisk = ['phy:/dev/vg0/web,xvda,w', 'file:/srv/iso/install.iso,hdc:cdrom,r', 'tap:aio:/srv/img/data.img,xvdb,w!']\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) for (const f of deviceFindings(d, ['disk'], 'errors')) ctx.report(f.span, f.message);
  },
});
