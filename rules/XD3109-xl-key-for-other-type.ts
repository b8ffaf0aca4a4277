// XD3109: a key xl reads only for other guest types (an HVM-only key in a PV
// config, a PV bootloader in an HVM one): it has no effect on this guest.

import { defineRule } from '../src/lint/rule.js';
import { xlGuestType } from '../src/lint/xl-guest.js';
import { xlKeys } from '../src/lint/xl-settings.js';
import { XL_OPTION_BY_NAME } from '../src/model/xlcfg-values.js';

const NAMES = { pv: 'PV', pvh: 'PVH', hvm: 'HVM' } as const;

export default defineRule({
  code: 'XD3109',
  name: 'xl-key-for-other-type',
  severity: 'warning',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A key xl reads only for other guest types (e.g. `boot`, `acpi_s3` or `vga` on a PV guest, `bootloader` on HVM): it has no effect here.',
    rationale: `Many xl keys apply to one kind of guest: the HVM platform keys (\`boot\`, \`vga\`, \`usb\`, \`serial\`, \`viridian\`, …), the
PV/PVH boot keys (\`bootloader\`, \`vfb\`), the PVH shim keys. xl reads them only for that type and ignores them silently
otherwise, which usually means the config's \`type\` is not what the author thinks (xl's default is PV: an HVM config without
\`type = "hvm"\` is a PV guest).`,
    bad: [{ kind: 'domain', file: 'win.cfg', text: 'name = "win"\nkernel = "/boot/vmlinuz"\nboot = "dc"\nvga = "stdvga"\n' }],
    good: [{ kind: 'domain', file: 'win.cfg', text: 'name = "win"\ntype = "hvm"\nboot = "dc"\nvga = "stdvga"\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      const type = xlGuestType(d);
      if (!type) continue;
      for (const { key, assignment } of xlKeys(d)) {
        const option = XL_OPTION_BY_NAME.get(key);
        if (!option || option.types.includes(type)) continue;
        const typeKey = d.vars.has('type') || d.vars.has('builder') ? '' : ' (xl\'s default type: set `type` if this is not meant to be a PV guest)';
        ctx.report(assignment.nameSpan, `\`${key}\` applies to ${option.types.map((t) => NAMES[t]).join('/')} guests only: xl ignores it for this ${NAMES[type]} guest${typeKey}`);
      }
    }
  },
});
