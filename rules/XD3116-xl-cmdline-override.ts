// XD3116: `cmdline` together with `root` or `extra`: xl builds the kernel
// command line from cmdline alone and drops the others with a warning.

import { defineRule } from '../src/lint/rule.js';
import { keyString } from '../src/lint/xl-settings.js';

export default defineRule({
  code: 'XD3116',
  name: 'xl-cmdline-override',
  severity: 'warning',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: '`root` or `extra` next to `cmdline`: xl uses `cmdline` alone and ignores them.',
    rationale: `xl makes the guest kernel's command line either from \`cmdline\` or, without it, from \`root\` and \`extra\` joined
("root=… extra"). With both, it prints "Warning: ignoring root= and extra= in favour of cmdline=" and boots with
\`cmdline\` only: a root device or console setting in \`root\`/\`extra\` is lost. Put everything in \`cmdline\`.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = "/boot/vmlinuz"\nroot = "/dev/xvda1 ro"\ncmdline = "console=hvc0"\n' }],
    good: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = "/boot/vmlinuz"\ncmdline = "root=/dev/xvda1 ro console=hvc0"\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = "/boot/vmlinuz"\nroot = "/dev/xvda1 ro"\nextra = "console=hvc0"\n' },
    ],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      const cmdline = keyString(d, 'cmdline');
      if (!cmdline) continue;
      for (const key of ['root', 'extra']) {
        const other = keyString(d, key);
        if (!other) continue;
        ctx.report(other.nameSpan, `\`${key}\` is ignored: \`cmdline\` is set, and xl then uses it alone ("Warning: ignoring root= and extra= in favour of cmdline="); move "${other.text}" into cmdline`,
          [{ span: cmdline.nameSpan, message: 'cmdline is set here' }]);
      }
    }
  },
});
