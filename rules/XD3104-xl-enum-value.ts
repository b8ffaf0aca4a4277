// XD3104: a value outside the set an xl key accepts (`on_crash`, `type`,
// `device_model_version`, `vga`, …). Most make `xl create` exit; `type` and
// `builder` accept any prefix, which is reported too (say what you mean).

import { defineRule } from '../src/lint/rule.js';
import { xlKeys } from '../src/lint/xl-settings.js';
import { strtol, XL_OPTION_BY_NAME } from '../src/model/xlcfg-values.js';

/** libxl's enum lookup (strcasecmp): spec §4.7. */
const CASE_INSENSITIVE = new Set(['tsc_mode', 'timer_mode', 'altp2m', 'bios', 'hdtype', 'passthrough', 'vendor_device', 'gfx_passthru', 'vuart', 'gic_version', 'tee', 'sve']);
/** strncmp(value, word, strlen(value)) against the words in order: any prefix, even "", is accepted. */
const PREFIX: Record<string, string[]> = { type: ['hvm', 'pv', 'pvh'], builder: ['hvm', 'generic'] };
/** Keys read as a number first: a number is their integer form (judged elsewhere). */
const NUMBER_FIRST = new Set(['tsc_mode', 'timer_mode', 'altp2m', 'gfx_passthru']);
const CHECKED = new Set(['type', 'builder', 'vuart', 'on_poweroff', 'on_reboot', 'on_watchdog', 'on_crash', 'on_soft_reset', 'passthrough', 'tsc_mode',
  'timer_mode', 'bios', 'ms_vm_genid', 'altp2m', 'device_model_version', 'vga', 'hdtype', 'gfx_passthru', 'vendor_device', 'gic_version', 'tee', 'sve']);

/** What xl does with a value it does not accept (from options.json's messages). */
function refusal(key: string, value: string): string {
  const message = XL_OPTION_BY_NAME.get(key)?.messages?.find((m) => m.includes('%s') && !/deprecated|PV guests|both|override/.test(m));
  return message ? `xl refuses to create the domain ("${message.replace('%s', value)}")` : 'xl refuses to create the domain';
}

export default defineRule({
  code: 'XD3104',
  name: 'xl-enum-value',
  severity: 'error',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'A value an xl key does not accept (`on_crash = "reboot"`, `type = "linux"`, `vga = "std"`): `xl create` refuses the domain.',
    rationale: `Keys such as \`type\`, the \`on_*\` actions, \`device_model_version\`, \`vga\`, \`bios\` or \`tsc_mode\` take one of a fixed set of
words, and xl stops with an error for anything else, so the guest does not start at boot. Some are compared exactly
(\`on_crash = "Restart"\` fails), some case-insensitively (\`bios = "SeaBIOS"\` works). \`type\` and \`builder\` accept any prefix of
a word — \`type = "h"\` and even \`type = ""\` mean HVM — which works but hides typos, so xendomains asks for the full word.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\non_crash = "reboot"\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ntype = "linux"\nkernel = "/boot/vmlinuz"\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ntype = "h"\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\ntype = "hvm"\ndevice_model_version = "qemu-dm"\n' },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web"\ntype = "hvm"\non_crash = "coredump-restart"\nbios = "SeaBIOS"\ntsc_mode = "native"\nvga = "stdvga"\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const { key, setting, assignment } of xlKeys(d)) {
        if (!CHECKED.has(key) || setting.value.kind !== 'atom') continue;
        const value = setting.value.text;
        if (NUMBER_FIRST.has(key) && strtol(value).ok) continue;
        const words = PREFIX[key] ?? XL_OPTION_BY_NAME.get(key)?.values ?? [];
        if (PREFIX[key]) {
          if (words.includes(value)) continue;
          const meant = words.find((w) => w.startsWith(value));
          if (meant !== undefined) ctx.report(assignment.valueSpan, `${key} = "${value}" is read as "${meant}" (xl accepts any prefix, even an empty one): write "${meant}"`);
          else ctx.report(assignment.valueSpan, `${key} = "${value}" is not one of ${words.map((w) => `"${w}"`).join(', ')}: xl refuses to create the domain ("Invalid domain type ${value}.")${key === 'builder' && value === 'linux' ? '; xm\'s builder = "linux" is type = "pv" in xl' : ''}`);
          continue;
        }
        const ok = CASE_INSENSITIVE.has(key) ? words.some((w) => w.toLowerCase() === value.toLowerCase()) : words.includes(value);
        if (!ok) ctx.report(assignment.valueSpan, `${key} = "${value}" is not one of ${words.map((w) => `"${w}"`).join(', ')}: ${refusal(key, value)}`);
      }
    }
  },
});
