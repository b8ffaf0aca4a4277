// XD3120: a `vif` with `type=ioemu` in a PV or PVH guest: there is no device
// model to emulate it, and libxl refuses the interface, so xl create fails.

import { defineRule } from '../src/lint/rule.js';
import { xlGuestType } from '../src/lint/xl-guest.js';
import { eachListString, xlKey } from '../src/lint/xl-settings.js';
import { splitVif } from '../src/model/xl-vif.js';

export default defineRule({
  code: 'XD3120',
  name: 'xl-emulated-nic-on-pv',
  severity: 'error',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A `vif` with `type=ioemu` in a PV or PVH guest: libxl refuses an emulated interface there and `xl create` fails.',
    rationale: `\`type=ioemu\` asks the device model (QEMU) to emulate the network card, which only HVM guests have. For a PV or PVH
guest libxl stops with "trying to create PV or PVH guest with an emulated interface" and the domain is not created. xm
configs often carry \`type=ioemu\` from HVM templates; remember that a config without \`type\` is PV under xl. Remove
\`type=ioemu\` (PV network is the default), or set \`type = "hvm"\` if the guest is meant to be HVM.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = "/boot/vmlinuz"\nvif = [ "type=ioemu,bridge=xenbr0" ]\n' }],
    good: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = "/boot/vmlinuz"\nvif = [ "bridge=xenbr0" ]\n' },
      { kind: 'domain', file: 'win.cfg', text: 'name = "win"\ntype = "hvm"\nvif = [ "type=ioemu,model=e1000,bridge=xenbr0" ]\n' },
    ],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      const vifs = eachListString(d, 'vif');
      if (!vifs.length) continue;
      const type = xlGuestType(d);
      if (type !== 'pv' && type !== 'pvh') continue;
      for (const item of vifs) {
        if (!splitVif(item.text).some((f) => f.key === 'type' && f.value === 'ioemu')) continue;
        const implicit = xlKey(d, 'type') || xlKey(d, 'builder') ? '' : ' (no `type`: xl makes it PV)';
        ctx.report(item.span, `type=ioemu in a ${type.toUpperCase()} guest${implicit}: libxl refuses an emulated interface ("trying to create PV or PVH guest with an emulated interface") and xl create fails; drop type=ioemu`);
      }
    }
  },
});
