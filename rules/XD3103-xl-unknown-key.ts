// XD3103: a key xl does not read from a domain config. xl ignores unknown keys
// without a word, so a typo is a lost setting; xm variables and xl.conf
// settings get their own explanation.

import { defineRule } from '../src/lint/rule.js';
import { didYouMean } from '../src/lint/suggest.js';
import { XL_OPTIONS, XM_KEY_FATES } from '../src/generated/xl-options.js';
import { XL_OPTION_BY_NAME } from '../src/model/xlcfg-values.js';

const KNOWN = XL_OPTIONS.map((o) => o.name);
const XM_FATE = new Map(XM_KEY_FATES.filter((k) => k.fate !== 'same').map((k) => [k.xm, k]));
/** Settings of /etc/xen/xl.conf that a domain config cannot make (spec §7). */
const XL_CONF_ONLY = new Set(['autoballoon', 'lockfile', 'output_format', 'blkdev_start', 'claim_mode', 'run_hotplug_scripts', 'vm.cpumask',
  'vm.hvm.cpumask', 'vm.pv.cpumask', 'vm.pvh.cpumask', 'domid_policy', 'remus.default.netbufscript', 'colo.default.proxyscript']);

export default defineRule({
  code: 'XD3103',
  name: 'xl-unknown-key',
  severity: 'warning',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A key that xl does not read from a domain config (a typo, an xm variable, an xl.conf setting): xl ignores it silently.',
    rationale: `xl looks up the keys it knows and ignores every other one **without any message**, so \`memroy = 2048\` leaves the
guest at the default 32 MiB and \`on_crahs = "restart"\` leaves a crashed guest down. xendomains suggests the nearest key xl
knows, explains xm variables that xl dropped or renamed (\`cpu_cap\` → \`cap\`, \`irq\` → \`irqs\`, \`ip\`/\`dhcp\` → the kernel
command line) and settings that belong in \`/etc/xen/xl.conf\` (\`autoballoon\`, \`vif.default.*\`, …).`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nmemroy = 2048\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ncpu_cap = 200\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nvif.default.bridge = "xenbr1"\n' },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web"\nmemory = 2048\ncap = 200\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      if (!d.xl?.parse.ok) continue;
      for (const [key, a] of d.vars) {
        if (XL_OPTION_BY_NAME.has(key)) continue;
        const fate = XM_FATE.get(key);
        let why: string;
        if (XL_CONF_ONLY.has(key) || key.startsWith('vif.default.')) why = 'a setting of /etc/xen/xl.conf, not of a domain config: xl ignores it here';
        else if (fate) why = `an xm variable that xl does not read (${fate.fate.replace(/-/g, ' ')})${fate.xl && fate.xl !== key && XL_OPTION_BY_NAME.has(fate.xl) ? `: use \`${fate.xl}\`` : ''}${fate.advice ? ` — ${fate.advice}` : ''}`;
        else {
          const suggestion = didYouMean(key, KNOWN);
          why = `xl does not know it and ignores it silently${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`;
        }
        ctx.report(a.nameSpan, `\`${key}\` is ${why.startsWith('a') ? why : `unknown: ${why}`}`);
      }
    }
  },
});
