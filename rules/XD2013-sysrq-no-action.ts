// XD2013: single-character SysRq keys that do nothing on a default guest
// kernel (help, unused, architecture-specific or registration-dependent).

import { valueWords } from '../src/lint/value-words.js';
import { defineRule } from '../src/lint/rule.js';

const NO_ACTION: Record<string, string> = {
  a: 'is unused',
  g: 'only acts when kgdb is registered',
  h: 'prints the help text',
  v: 'restores the framebuffer console (or is architecture specific)',
  x: 'is architecture specific',
  y: 'is architecture specific',
};

export default defineRule({
  code: 'XD2013',
  name: 'sysrq-no-action',
  severity: 'warning',
  docs: {
    summary: 'A SysRq key that does nothing useful on a guest: `a`, `g`, `h`, `v`, `x`, `y`, or an uppercase key other than `R`.',
    rationale: `xend delivers any single character, and the guest kernel decides what it means. Keys without an action make the
guest print its SysRq help and nothing else, so the intended sync or shutdown never happens. Keys are case sensitive:
\`S\` is not \`s\`.`,
    bad: [{ kind: 'sysconfig', text: 'XENDOMAINS_SYSRQ="S U"\n' }],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_SYSRQ="s u"\n' }],
  },
  check(ctx) {
    const { assignment } = ctx.settings.XENDOMAINS_SYSRQ;
    if (!assignment || !ctx.sysconfig) return;
    for (const { word: key, span } of valueWords(ctx.sysconfig, assignment)) {
      if (key.length !== 1) continue;
      if (NO_ACTION[key]) ctx.report(span, `SysRq "${key}" ${NO_ACTION[key]}: it does nothing for the shutdown`);
      else if (/[A-QS-Z]/.test(key)) ctx.report(span, `SysRq "${key}" has no action on Xen-era guest kernels (keys are case sensitive${/[a-z]/.test(key.toLowerCase()) ? `; did you mean "${key.toLowerCase()}"?` : ''})`);
    }
  },
});
