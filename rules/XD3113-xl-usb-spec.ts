// XD3113: `usbctrl` and `usbdev` elements xl refuses (an unknown field or type
// makes xl create exit), values libxl refuses at create time, and numbers xl
// reads as 0; a usbdev without hostbus/hostaddr names no device.

import { defineRule } from '../src/lint/rule.js';
import { xlGuestType } from '../src/lint/xl-guest.js';
import { eachListString } from '../src/lint/xl-settings.js';
import { checkUsbctrl, checkUsbdev } from '../src/model/xl-device-fields.js';

export default defineRule({
  code: 'XD3113',
  name: 'xl-usb-spec',
  severity: 'error',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A `usbctrl` or `usbdev` element that xl or libxl refuses, or whose numbers xl reads as 0.',
    rationale: `A \`usbctrl\` string takes \`type=auto|pv|devicemodel|qusb\`, \`version=1|2|3\` and \`ports=1…31\`; a \`usbdev\` string takes
\`type=hostdev\`, \`hostbus\`, \`hostaddr\` (the host device, as \`lsusb\` shows it), \`controller\` and \`port\`. Any other field —
including blanks around \`=\` — makes \`xl create\` print \`Unknown string … in usbctrl spec\` and exit, so the guest does not
start; a version or port count out of range is refused by libxl when the domain is created. Numbers are read with
\`atoi\`/\`strtoul\`: a word is 0. A \`devicemodel\` controller needs an HVM guest: a PV guest has no device model to emulate it. xm's \`usb\`/\`usbdevice\` keys are not these lists.`,
    bad: [
      { kind: 'domain', file: 'kiosk.cfg', text: 'name = "kiosk"\nusbctrl = [ "version=2,ports=4,speed=high" ]\n' },
      { kind: 'domain', file: 'kiosk.cfg', text: 'name = "kiosk"\nusbctrl = [ "type=ehci" ]\n' },
      { kind: 'domain', file: 'kiosk.cfg', text: 'name = "kiosk"\nusbdev = [ "hostbus=2" ]\n' },
      { kind: 'domain', file: 'kiosk.cfg', text: 'name = "kiosk"\nusbdev = [ "hostbus = 2,hostaddr=3" ]\n' },
      { kind: 'domain', file: 'kiosk.cfg', text: 'name = "kiosk"\nkernel = "/boot/vmlinuz"\nusbctrl = [ "type=devicemodel,version=2" ]\n' },
    ],
    good: [{ kind: 'domain', file: 'kiosk.cfg', text: 'name = "kiosk"\ntype = "hvm"\nusbctrl = [ "type=devicemodel,version=3,ports=8" ]\nusbdev = [ "type=hostdev,hostbus=0x2,hostaddr=3,controller=0,port=1" ]\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const [key, check] of [['usbctrl', checkUsbctrl], ['usbdev', checkUsbdev]] as const) {
        for (const item of eachListString(d, key)) {
          for (const p of check(item.text)) {
            ctx.report(item.span, `${key}: ${p.message}${p.fatal && !/libxl|needs/.test(p.message) ? ' — xl create exits' : ''}`);
          }
          if (key === 'usbctrl' && xlGuestType(d) === 'pv' && /(^|,) *type=devicemodel(,|$)/i.test(item.text)) {
            ctx.report(item.span, 'usbctrl: type=devicemodel in a PV guest: there is no device model, libxl refuses it ("trying to create PV guest with an emulated interface") and the domain is not created; use type=pv or auto');
          }
        }
      }
    }
  },
});
