// XD3118: an `rdm` option that xl silently drops: libxlu's parser fails on
// it — including on every valid `policy=` (an inverted test in 4.17–4.20) —
// and xl then ignores the whole option; an unknown policy is skipped.

import { defineRule } from '../src/lint/rule.js';
import { keyString } from '../src/lint/xl-settings.js';
import { parseXlRdm } from '../src/model/xl-rdm.js';

export default defineRule({
  code: 'XD3118',
  name: 'xl-rdm-spec',
  severity: 'warning',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'An `rdm` value that xl ignores as a whole (it cannot parse it; a valid `policy=` included) or in part (an unknown policy).',
    rationale: `\`rdm = "strategy=host,policy=relaxed"\` is the documented way to have reserved device memory regions of the host
mapped for an HVM guest with passthrough devices. xl applies the option only when libxlu's \`xlu_rdm_parse\` succeeds, and
otherwise ignores it **without an error** (at most a message on stderr). In Xen 4.17 to 4.20 that function's test of the
policy is inverted: any *valid* \`policy=\` makes it fail, so the documented example is silently dropped, while an invalid one
is reported and skipped. Write \`rdm = "strategy=host"\` and set the policy per device (\`rdm_policy=\` in the \`pci\` string).`,
    bad: [
      { kind: 'domain', file: 'gpu.cfg', text: 'name = "gpu"\ntype = "hvm"\nrdm = "strategy=host,policy=relaxed"\n' },
      { kind: 'domain', file: 'gpu.cfg', text: 'name = "gpu"\ntype = "hvm"\nrdm = "strategy=Host"\n' },
      { kind: 'domain', file: 'gpu.cfg', text: 'name = "gpu"\ntype = "hvm"\nrdm = "strategy=host,policy=lax"\n' },
    ],
    good: [{ kind: 'domain', file: 'gpu.cfg', text: 'name = "gpu"\ntype = "hvm"\nrdm = "strategy=host"\npci = [ "01:00.0,rdm_policy=strict" ]\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      const rdm = keyString(d, 'rdm');
      if (!rdm) continue;
      const parsed = parseXlRdm(rdm.text);
      const span = rdm.valueSpan;
      if (!parsed.ok) ctx.report(span, `xl ignores the whole rdm option: ${parsed.error}${parsed.policy >= 0 ? '; write rdm = "strategy=host" and set rdm_policy= per pci device' : ''}`);
      else for (const p of parsed.unknownPolicies) ctx.report(span, `policy=${p} is not a policy (strict or relaxed): libxlu prints "Unknown RDM policy: ${p}" and skips it`);
    }
  },
});
