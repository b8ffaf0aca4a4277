// XD5018: xm → xl migration (to-xl-device-spec), run by `lint --target xl`: vfb, vtpm, vscsi and vusb settings xl reads differently or not at all (vfb `type=`/`videoram`, vtpm `instance=`).
// The analysis is src/convert/xm-to-xl.ts, shared with `xendomains convert`.

import { defineRule } from '../src/lint/rule.js';
import { MIGRATION, migrationOf } from '../src/convert/xm-to-xl.js';

export default defineRule({
  code: 'XD5018',
  name: 'to-xl-device-spec',
  severity: 'error',
  scope: 'file',
  dialect: 'xm',
  target: 'xl',
  docs: {
    summary: "vfb, vtpm, vscsi and vusb settings xl reads differently or not at all (vfb `type=`/`videoram`, vtpm `instance=`).",
    rationale: `xl ignores vfb \`type=\` (VNC is on by default: \`type=sdl\` gives VNC), \`videoram\`, \`serial\` and \`monitor\`; vtpm \`instance=\` is fatal;
there is no PVSCSI (\`vscsi\`), and USB is \`usbctrl\`/\`usbdev\`.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nvfb = [ 'type=sdl' ]\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nvfb = [ 'sdl=1,vnc=0' ]\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const issue of migrationOf(d).issues) if (issue.code === MIGRATION.device) ctx.report(issue.span, issue.message);
    }
  },
});
