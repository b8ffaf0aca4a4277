// XD3119: a `vtpm` element xl refuses (xl create exits): no backend=, a bad
// uuid, any other key — xm's `instance=` among them; and a field without `=`,
// which silently ends the element.

import { defineRule } from '../src/lint/rule.js';
import { eachListString } from '../src/lint/xl-settings.js';
import { checkVtpm } from '../src/model/xl-device-fields.js';

export default defineRule({
  code: 'XD3119',
  name: 'xl-vtpm-spec',
  severity: 'error',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A `vtpm` element that makes `xl create` exit (no `backend=`, a bad `uuid=`, an unknown key such as xm\'s `instance=`), or a field without `=` that ends it.',
    rationale: `Under xl a virtual TPM is served by a vTPM stub domain: each \`vtpm\` string is \`backend=DOMAIN[,uuid=UUID]\`. Without
\`backend\` xl exits with "vtpm spec missing required backend field!"; any other key — xm's \`instance=\` and \`backend=0\`-era
configs included — makes it exit with "Unknown string … in vtpm spec", so the guest does not start. A field without \`=\` ends
the element silently.`,
    bad: [
      { kind: 'domain', file: 'tpm.cfg', text: 'name = "tpm"\nvtpm = [ "instance=1,backend=0" ]\n' },
      { kind: 'domain', file: 'tpm.cfg', text: 'name = "tpm"\nvtpm = [ "uuid=b5f2ad39-ad4c-4f46-8b7c-2bfc18b3c4f3" ]\n' },
      { kind: 'domain', file: 'tpm.cfg', text: 'name = "tpm"\nvtpm = [ "backend=vtpmmgr,uuid=42" ]\n' },
    ],
    good: [{ kind: 'domain', file: 'tpm.cfg', text: 'name = "tpm"\nvtpm = [ "backend=vtpm-tpm,uuid=b5f2ad39-ad4c-4f46-8b7c-2bfc18b3c4f3" ]\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const item of eachListString(d, 'vtpm')) {
        for (const p of checkVtpm(item.text)) ctx.report(item.span, `vtpm: ${p.message}${p.fatal ? ' — xl create exits' : ''}`);
      }
    }
  },
});
