// XD3006: `vif` entries xm or xend reject: keys xm does not know, invalid,
// multicast or all-zero MAC addresses, bad interface names.

import { deviceFindings } from '../src/lint/device-specs.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD3006',
  name: 'vif-spec',
  severity: 'error',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A `vif` entry that xm or xend rejects: an unknown key, a malformed, multicast or all-zero MAC address, an invalid bridge or vifname.',
    rationale: `xm accepts only the keys \`backend bridge ip mac script type vifname rate model accel policy label\` and stops with
"Invalid vif option" on anything else (\`macaddr=\`, \`brige=\`). A MAC with the multicast bit set (odd first octet) can
never be an interface address, and a bridge name longer than 15 characters cannot exist. The domain does not start.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\nvif = ['macaddr=00:16:3e:00:00:01,bridge=xenbr0']\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\nvif = ['mac=01:16:3e:00:00:01,bridge=xenbr0']\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\nvif = ['mac=00:16:3e:00:00:1,bridge=xenbr0']\n" },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nvif = ['mac=00:16:3e:00:00:01,bridge=xenbr0', 'type=ioemu,model=e1000,bridge=xenbr1']\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) for (const f of deviceFindings(d, ['vif'], 'errors')) ctx.report(f.span, f.message);
  },
});
