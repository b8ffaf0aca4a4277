// XD3110: a number with a leading zero in an xl config. xl reads numbers with
// C strtol base 0, so `memory = 0512` is octal (330 MiB) and `08` is no number.

import { defineRule } from '../src/lint/rule.js';
import { xlKeys } from '../src/lint/xl-settings.js';
import { readerOf, strtol } from '../src/model/xlcfg-values.js';

export default defineRule({
  code: 'XD3110',
  name: 'xl-octal-number',
  severity: 'warning',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A number with a leading zero (`memory = 0512`): xl reads it as octal.',
    rationale: `xl converts numbers with C \`strtol(text, …, 0)\`: \`0x…\` is hexadecimal and a leading \`0\` means **octal**, so
\`memory = 0512\` gives a 330 MiB guest and \`vcpus = 010\` eight vCPUs. (\`08\` and \`09\` are not numbers at all; XD3102 reports
those.) Write the number without the leading zero, or in hex with \`0x\` if that is what you mean.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = "/boot/vmlinuz"\nmemory = 0512\n' }],
    good: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web"\nkernel = "/boot/vmlinuz"\nmemory = 512\nmaxmem = 0x800\nvcpus = 0\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const { key, setting, assignment } of xlKeys(d)) {
        if (setting.value.kind !== 'atom' || readerOf(key)?.reader !== 'long') continue;
        const text = setting.value.text.trim().replace(/^[+-]/, '');
        if (!/^0[0-7]+$/.test(text)) continue;
        const n = strtol(setting.value.text);
        if (n.ok) ctx.report(assignment.valueSpan, `${key} = ${setting.value.text} is octal to xl: it means ${n.value}, not ${Number.parseInt(text, 10)}`);
      }
    }
  },
});
