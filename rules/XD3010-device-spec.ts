// XD3010: `vfb`, `pci` and `vif2` entries xm or xend reject (disk and vif have
// rules of their own).

import { deviceFindings } from '../src/lint/device-specs.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD3010',
  name: 'device-spec',
  severity: 'error',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A `vfb`, `pci` or `vif2` entry that xm or xend rejects: unknown options, a bad PCI address, non-numeric values.',
    rationale: `Like disk and vif entries, these are parsed when \`xm create\` builds the domain; an error stops the create, so the
domain does not start at boot. \`vfb\` accepts \`type=vnc|sdl\` and the keys \`vnclisten vncunused vncdisplay display videoram
xauthority sdl vnc vncpasswd opengl keymap serial monitor\`; \`pci\` entries are \`[DDDD:]BB:DD.F\` in hex.`,
    bad: [
      { kind: 'domain', file: 'db.cfg', text: "name = 'db'\nvfb = ['type=spice,vncunused=1']\n" },
      { kind: 'domain', file: 'db.cfg', text: "name = 'db'\npci = ['0000:03:00.8']\n" },
    ],
    good: [{ kind: 'domain', file: 'db.cfg', text: "name = 'db'\nvfb = ['type=vnc,vncunused=1,vnclisten=127.0.0.1']\npci = ['0000:03:00.0']\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) for (const f of deviceFindings(d, ['vfb', 'pci', 'vif2'], 'errors')) ctx.report(f.span, `${f.variable}: ${f.message}`);
  },
});
