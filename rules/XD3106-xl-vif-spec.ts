// XD3106: a `vif` element with a field xl does not understand or cannot use:
// unknown keys (xm's `policy=`, `bridge = x` with blanks), a bad MAC that xl
// half-applies, a bad type; bad rate/devid/mtu make xl exit.

import { defineRule } from '../src/lint/rule.js';
import { eachListString } from '../src/lint/xl-settings.js';
import { checkVif, parseVifMac } from '../src/model/xl-vif.js';

export default defineRule({
  code: 'XD3106',
  name: 'xl-vif-spec',
  severity: 'error',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A `vif` field that xl ignores or rejects: an unknown key, blanks around `=`, a bad MAC (partly applied), a bad type, rate, devid or mtu.',
    rationale: `xl splits a vif string on commas and drops only the spaces **before** a key, so \`bridge = xenbr0\` is an unknown
field and the NIC lands on the default bridge; xm's \`policy=\`/\`label=\` are unknown too. Unknown fields, a bad \`type\` and a bad
\`mac\` are only printed — the domain starts anyway, with a different network than written; a MAC such as
\`00:16:3e:zz:00:01\` even becomes \`00:16:3e:00:00:00\`, since the groups read before the error are kept. A bad \`rate\`, \`devid\`
or \`mtu\` makes \`xl create\` exit.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nvif = [ "bridge = xenbr0" ]\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nvif = [ "mac=00:16:3e:zz:00:01,bridge=xenbr0" ]\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nvif = [ "bridge=xenbr0,rate=10mb/s" ]\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nvif = [ "bridge=xenbr0,policy=p1,label=l1" ]\n' },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web"\nvif = [ "mac=00:16:3e:01:02:03,bridge=xenbr0", " bridge=xenbr1,rate=10Mb/s@20ms,type=vif", "" ]\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const item of eachListString(d, 'vif')) {
        for (const p of checkVif(item.text)) {
          const text = item.text.slice(p.field.start, p.field.end);
          let consequence = p.fatal ? 'xl create exits' : 'xl prints this and creates the interface without it';
          if (p.field.key === 'mac') consequence = `xl prints this and the interface gets MAC ${parseVifMac(p.field.value).kept}`;
          const blanks = p.field.key !== undefined && /\s$/.test(p.field.key) ? ' (xl keeps the blanks around `=`: write key=value)' : '';
          const xm = /^(policy|label)=/.test(text) ? ' (xm\'s security labels: xl has no equivalent here)' : '';
          ctx.report(item.span, `xl: ${p.message}: ${consequence}${blanks}${xm}`);
        }
      }
    }
  },
});
