// XD2003: SysRq sequences that crash, reboot, power off or kill the guest
// without first syncing and remounting — or before its state is saved or migrated.

import { isNonEmpty } from '../src/model/settings.js';
import { valueWords } from '../src/lint/value-words.js';
import { defineRule } from '../src/lint/rule.js';

const DESTRUCTIVE: Record<string, string> = {
  b: 'reboots the guest at once',
  c: 'crashes the guest kernel (panic)',
  o: 'powers the guest off',
  e: 'sends SIGTERM to every guest process',
  i: 'sends SIGKILL to every guest process',
};

export default defineRule({
  code: 'XD2003',
  name: 'sysrq-risky',
  severity: 'warning',
  docs: {
    summary: 'SysRq keys that crash, reboot or power off the guest without `s` (sync) and `u` (remount read-only) first, or destructive keys combined with save or migrate.',
    rationale: `SysRq keys are sent before migrate, save and shutdown, in the same domain's sequence. \`b\` and \`o\` reboot or
power off immediately: without \`s\` and \`u\` before them, the guest loses unwritten data and its file systems need
recovery. \`c\` panics the guest. With \`XENDOMAINS_SAVE\` or \`XENDOMAINS_MIGRATE\` set, any of \`b c o e i\` destroys
the state that is about to be saved or migrated. The sample's "quick and dirty" sequence is \`s e i u o\`, without save.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_SYSRQ="b"\nXENDOMAINS_SAVE=\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_SYSRQ="s e i u o"\nXENDOMAINS_SAVE=/var/lib/xen/save\n' },
    ],
    good: [
      { kind: 'sysconfig', text: 'XENDOMAINS_SYSRQ="s"\nXENDOMAINS_SAVE=/var/lib/xen/save\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_SYSRQ="s e i u o"\nXENDOMAINS_SAVE=\n' },
    ],
  },
  check(ctx) {
    const setting = ctx.settings.XENDOMAINS_SYSRQ;
    if (!setting.assignment || !ctx.sysconfig) return;
    const keeps = [
      isNonEmpty(ctx.settings.XENDOMAINS_MIGRATE.value) ? 'XENDOMAINS_MIGRATE' : undefined,
      isNonEmpty(ctx.settings.XENDOMAINS_SAVE.value) ? 'XENDOMAINS_SAVE' : undefined,
    ].filter(Boolean);
    const seen = new Set<string>();
    for (const { word: key, span } of valueWords(ctx.sysconfig, setting.assignment)) {
      const effect = DESTRUCTIVE[key];
      if (effect && keeps.length) {
        ctx.report(span, `SysRq "${key}" ${effect} before ${keeps.join(' and ')} runs for the domain, so the state that is saved or migrated is already destroyed`);
      } else if (key === 'c') {
        ctx.report(span, `SysRq "c" ${effect}: use "s u o" for a quick shutdown`);
      } else if ((key === 'b' || key === 'o') && !(seen.has('s') && seen.has('u'))) {
        ctx.report(span, `SysRq "${key}" ${effect} without ${seen.has('s') ? '' : '"s" (sync)'}${!seen.has('s') && !seen.has('u') ? ' and ' : ''}${seen.has('u') ? '' : '"u" (remount read-only)'} before it: unwritten guest data is lost`);
      }
      seen.add(key);
    }
  },
});
