// XD3111: a `pci` element xl cannot parse (xl create then exits 6): a bad BDF
// or vslot (hex, with limits), an unknown option, a bad rdm_policy, blanks, or
// not exactly one of BDF and name=; and flag options whose value xl reads as 0.

import { defineRule } from '../src/lint/rule.js';
import { eachListString } from '../src/lint/xl-settings.js';
import { parseXlPci } from '../src/model/xl-pci.js';

export default defineRule({
  code: 'XD3111',
  name: 'xl-pci-spec',
  severity: 'error',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A `pci` element that xl cannot parse (`xl create` exits), or a flag option whose value xl silently reads as 0.',
    rationale: `xl reads each \`pci\` string as a PCI_SPEC_STRING: \`[DDDD:]BB:SS.F[@VSLOT][,KEY=VALUE…]\` or \`name=NAME,…\`. Every number is
**hexadecimal** (slot ≤ 1f, function ≤ 7 or \`*\`, a virtual slot ≤ 1f, so \`@20\` is slot 32 and refused); there are no blanks
between fields; the options are \`permissive\`, \`msitranslate\`, \`seize\`, \`power_mgmt\`, \`rdm_policy=strict|relaxed\`, \`vslot\`,
\`bdf\` and \`name\`, and exactly one of a BDF and \`name=\` must be given. Anything else makes \`xl create\` print
\`unable to parse PCI_SPEC_STRING\` and exit with status 6, so the guest does not start at boot. The four flags are read
with \`atoi\`: \`permissive=yes\` is 0, the flag silently off.`,
    bad: [
      { kind: 'domain', file: 'gpu.cfg', text: 'name = "gpu"\npci = [ "0000:36:00.0@20,seize=1" ]\n' },
      { kind: 'domain', file: 'gpu.cfg', text: 'name = "gpu"\npci = [ "01:00.0, permissive=1" ]\n' },
      { kind: 'domain', file: 'gpu.cfg', text: 'name = "gpu"\npci = [ "01:00.0,rdm_policy=lax" ]\n' },
      { kind: 'domain', file: 'gpu.cfg', text: 'name = "gpu"\npci = [ "01:00.0,permissive=yes" ]\n' },
      { kind: 'domain', file: 'gpu.cfg', text: 'name = "gpu"\npci = [ "01:00.0,name=gpu0" ]\n' },
    ],
    good: [{ kind: 'domain', file: 'gpu.cfg', text: 'name = "gpu"\npci = [ "01:00.0", "0000:36:00.1@1f,seize=1", "bdf=36:00.*,permissive=1", "name=gpu0,rdm_policy=relaxed" ]\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const item of eachListString(d, 'pci')) {
        const parsed = parseXlPci(item.text);
        if (!parsed.ok) {
          ctx.report(item.span, `xl create exits (status 6): unable to parse PCI_SPEC_STRING \`${item.text}': ${parsed.error}`);
          continue;
        }
        for (const flag of parsed.unreadFlags) ctx.report(item.span, `${flag.key}=${flag.value}: xl reads the flag with atoi, so it is 0 (off); write ${flag.key}=1 or ${flag.key}=0`);
      }
    }
  },
});
