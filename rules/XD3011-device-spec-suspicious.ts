// XD3011: device entries xm accepts but that are probably wrong: blanks
// inside disk fields, unknown NIC models, addresses that are not addresses.

import { DEVICE_PARSERS, deviceFindings } from '../src/lint/device-specs.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD3011',
  name: 'device-spec-suspicious',
  severity: 'warning',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A `disk`, `vif`, `vfb`, `pci` or `vif2` entry that xm accepts but that is probably not what was meant.',
    rationale: `xm does not strip blanks around disk fields (\`phy:/dev/vg/lv, xvda, w\` names the device " xvda"), passes
unknown NIC models to qemu-dm (which then has no network card), and takes any text as \`ip\` or \`vnclisten\`. These
start, then misbehave inside the guest, far from the config line that caused it.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\ndisk = ['phy:/dev/vg0/web, xvda, w']\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\ndisk = ['phy:/dev/vg0/web,xvda,w']\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) for (const f of deviceFindings(d, Object.keys(DEVICE_PARSERS), 'warnings')) ctx.report(f.span, `${f.variable}: ${f.message}`);
  },
});
