// XD3115: keys xl still reads only to warn about or to ignore: removed
// features (`slice`, `latency`, `vif2`, `vncviewer`), renamed keys
// (`altp2mhvm`, `stdvga`) and old forms (string `bootloader_args`, integer modes).

import { defineRule } from '../src/lint/rule.js';
import { xlKeys } from '../src/lint/xl-settings.js';
import { strtol, XL_OPTION_BY_NAME } from '../src/model/xlcfg-values.js';

/** Judged by XD3107 (guest type and HVM boilerplate). */
const ELSEWHERE = new Set(['builder', 'device_model']);
/** Deprecated only in one form: when the value has it. */
const FORM: Record<string, (value: { kind: string; text?: string }) => boolean> = {
  tsc_mode: (v) => v.kind === 'atom' && strtol(v.text!).ok,
  timer_mode: (v) => v.kind === 'atom' && strtol(v.text!).ok,
  bootloader_args: (v) => v.kind === 'atom',
};

export default defineRule({
  code: 'XD3115',
  name: 'xl-deprecated-key',
  severity: 'warning',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A deprecated xl key or form: xl ignores it or only warns (`vif2`, `vncviewer`, `slice`/`latency`, `altp2mhvm`, `stdvga`, a string `bootloader_args`, integer `tsc_mode`/`timer_mode`).',
    rationale: `Some keys are read by xl only to print a warning, or to be ignored: \`vif2\` (netchannel2 is gone: the guest gets no such
network), \`vncviewer\` (use \`xl create -V\`), \`slice\` and \`latency\` (the SEDF scheduler was removed: no effect). Others still
work under an old name or form that a later release may drop: \`altp2mhvm\` (now \`altp2m\`), \`stdvga\` (now \`vga="stdvga"\`), a
string \`bootloader_args\` (now a list), integer \`tsc_mode\`/\`timer_mode\` (now the names). \`builder\` and \`device_model\` are
XD3107's.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nvif2 = [ "bridge=xenbr0" ]\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ntype = "hvm"\nstdvga = 1\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nbootloader = "pygrub"\nbootloader_args = "--kernel=/vmlinuz"\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ntsc_mode = 2\n' },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web"\ntype = "hvm"\nvga = "stdvga"\ntsc_mode = "native"\nbootloader_args = [ "--kernel=/vmlinuz" ]\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const { key, setting, assignment } of xlKeys(d)) {
        const option = XL_OPTION_BY_NAME.get(key);
        if (!option?.deprecated || ELSEWHERE.has(key)) continue;
        const form = key in FORM ? FORM[key] : undefined;
        if (form && !form(setting.value)) continue;
        const said = option.messages?.find((m) => /deprecated|ignoring|not supported/i.test(m) && !m.includes('%s'));
        const what = form ? `\`${key}\` in this form is deprecated (${option.deprecated})`
          : option.deprecated.startsWith('no replacement') ? `\`${key}\` has no effect: ${option.deprecated.replace(/^no replacement \((.*)\)$/, '$1').replace(/; no effect$/, '')}`
          : `\`${key}\` is deprecated: use ${option.deprecated} instead`;
        ctx.report(assignment.nameSpan, `${what}${said ? `; xl prints "${said}"` : ''}`);
      }
    }
  },
});
