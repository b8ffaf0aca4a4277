// XD3112: a `vfb` field xl ignores without a word: unknown keys (xm's
// `type=vnc|sdl`), a field without `=` (which ends the entry), and numbers
// xl reads with atoi (`vnc=yes` is 0).

import { defineRule } from '../src/lint/rule.js';
import { eachListString } from '../src/lint/xl-settings.js';
import { checkVfb } from '../src/model/xl-device-fields.js';

export default defineRule({
  code: 'XD3112',
  name: 'xl-vfb-spec',
  severity: 'warning',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A `vfb` field that xl silently ignores or misreads: an unknown key (xm\'s `type=`), a field without `=`, a non-numeric flag.',
    rationale: `xl reads a \`vfb\` string as comma-separated \`key=value\` fields: \`vnc\`, \`sdl\`, \`opengl\`, \`vncunused\`, \`vncdisplay\` (numbers),
\`vnclisten\`, \`vncpasswd\`, \`keymap\`, \`display\`, \`xauthority\`. Every other key is ignored **without a message**: xm's
\`type=sdl\` gives a VNC framebuffer under xl (VNC is on by default), \`type=vnc\` does nothing. A field without \`=\` ends the
entry: the fields after it are dropped too. The flags are read with \`atoi\`, so \`vnc=yes\` switches VNC off. The guest
boots either way, with a console other than the one written.`,
    bad: [
      { kind: 'domain', file: 'desk.cfg', text: 'name = "desk"\nvfb = [ "type=sdl" ]\n' },
      { kind: 'domain', file: 'desk.cfg', text: 'name = "desk"\nvfb = [ "vnc=1,vncunused,vnclisten=0.0.0.0" ]\n' },
      { kind: 'domain', file: 'desk.cfg', text: 'name = "desk"\nvfb = [ "vnc=yes" ]\n' },
    ],
    good: [{ kind: 'domain', file: 'desk.cfg', text: 'name = "desk"\nvfb = [ "vnc=1,vnclisten=0.0.0.0,vncdisplay=3,keymap=de", "sdl=1,vnc=0,display=:0" ]\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const item of eachListString(d, 'vfb')) {
        for (const p of checkVfb(item.text)) ctx.report(item.span, `vfb: ${p.message}`);
      }
    }
  },
});
