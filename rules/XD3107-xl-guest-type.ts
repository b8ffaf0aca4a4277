// XD3107: settings xl refuses or drops for the guest's type: builder="linux"
// or a builder contradicting type, a PV/PVH guest with nothing to boot, both
// kernel and firmware, timer_mode on PV, and xm's HVM boilerplate (kernel =
// hvmloader, device_model) that xl ignores.

import { defineRule } from '../src/lint/rule.js';
import { xlGuestType } from '../src/lint/xl-guest.js';
import { xlKey, xlString } from '../src/lint/xl-settings.js';
import { fileSpan } from '../src/model/span.js';

export default defineRule({
  code: 'XD3107',
  name: 'xl-guest-type',
  severity: 'error',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'Settings xl refuses or ignores for the guest type: a contradicting `builder`, a PV guest with no kernel, `timer_mode` on PV, xm\'s `kernel = hvmloader` and `device_model`.',
    rationale: `xl decides the guest type from \`type\` (\`pv\`, the default on x86, \`pvh\` or \`hvm\`), or the deprecated \`builder\`. xm's
\`builder = "linux"\` is fatal (\`Invalid domain type linux.\`, reported by XD3104), and a \`builder\` that contradicts \`type\` stops xl
too. A PV or PVH guest needs \`kernel\`, \`bootloader\` or \`firmware\`, not \`kernel\` together with \`firmware\`; \`timer_mode\` on a PV
guest is an error. The HVM boilerplate of xm configs — \`kernel = "/usr/lib/xen/boot/hvmloader"\` and \`device_model = …\` — is
ignored by xl with a warning, and the guest runs with xl's default firmware and device model (qemu-xen), not the old qemu-dm.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nmemory = 512\n' },
      { kind: 'domain', file: 'win.cfg', text: 'name = "win"\ntype = "hvm"\nbuilder = "generic"\n' },
      { kind: 'domain', file: 'win.cfg', text: 'name = "win"\ntype = "hvm"\nkernel = "/usr/lib/xen/boot/hvmloader"\ndevice_model = "/usr/lib/xen/bin/qemu-dm"\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = "/boot/vmlinuz"\ntimer_mode = "no_delay_for_missed_ticks"\n' },
    ],
    good: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = "/boot/vmlinuz"\n' },
      { kind: 'domain', file: 'win.cfg', text: 'name = "win"\ntype = "hvm"\ntimer_mode = "no_delay_for_missed_ticks"\n' },
      { kind: 'domain', file: 'pvh.cfg', text: 'name = "pvh"\ntype = "pvh"\nbootloader = "pygrub"\n' },
    ],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      if (!d.xl?.parse.ok) continue;
      const type = xlGuestType(d);
      if (!type) continue;
      const typeKey = xlKey(d, 'type');
      const builder = xlKey(d, 'builder');
      if (typeKey && builder && builder.setting.value.kind === 'atom') {
        const b = ['hvm', 'generic'].find((w) => w.startsWith((builder.setting.value as { text: string }).text));
        const builderType = b === 'hvm' ? 'hvm' : b === 'generic' ? 'pv' : undefined;
        if (builderType && builderType !== type) ctx.report(builder.assignment.valueSpan, `builder contradicts type = "${type}": xl refuses to create the domain ("Contradicting \\"builder\\" and \\"type\\" options specified."); remove builder`);
      }
      const kernel = xlKey(d, 'kernel');
      const firmware = xlKey(d, 'firmware');
      if (type !== 'hvm') {
        if (!kernel && !firmware && !xlKey(d, 'bootloader')) {
          ctx.report(typeKey?.assignment.valueSpan ?? fileSpan(d.file), `a ${type.toUpperCase()} guest${typeKey ? '' : ' (xl\'s default type)'} with no kernel, bootloader or firmware: xl refuses to create it ("Neither kernel nor bootloader specified")${typeKey ? '' : '; for an HVM guest set type = "hvm"'}`);
        }
        if (kernel && firmware) ctx.report(firmware.assignment.valueSpan, 'both kernel and firmware are set: xl refuses to create the domain ("ERROR: both kernel and firmware specified")');
        const timer = xlKey(d, 'timer_mode');
        if (timer && type === 'pv') ctx.report(timer.assignment.nameSpan, 'timer_mode on a PV guest: xl refuses to create it ("ERROR: \\"timer_mode\\" option is not supported for PV guests.")');
      } else {
        const k = xlString(d, 'kernel');
        if (kernel && k !== undefined && k.split('/').pop() === 'hvmloader') {
          ctx.report(kernel.assignment.valueSpan, 'kernel = hvmloader: xl ignores it with a warning (it is xm\'s HVM boilerplate); remove it (firmware_override, if you really need other firmware)');
        }
      }
      const dm = xlKey(d, 'device_model');
      if (dm) ctx.report(dm.assignment.nameSpan, 'device_model is ignored by xl (with a warning): the guest gets xl\'s default device model (qemu-xen); remove it, or set device_model_version = "qemu-xen-traditional" where that still exists');
    }
  },
});
