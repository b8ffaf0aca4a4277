// XD2004: XENDOMAINS_USLEEP / XENDOMAINS_CREATE_USLEEP must be microseconds:
// a non-negative integer, not something that looks like seconds or
// milliseconds, and not so long that boot or shutdown stalls.

import type { Setting } from '../src/model/settings.js';
import { schemaFindings } from '../src/model/sysconfig-schema.js';
import { defineRule, type LintContext } from '../src/lint/rule.js';

/** Longest sensible pause: after each SysRq key on stop, after each create at boot. */
const LIMIT_MICROS = { XENDOMAINS_USLEEP: 10_000_000, XENDOMAINS_CREATE_USLEEP: 120_000_000 } as const;

function checkValue(ctx: LintContext, setting: Setting, limit: number): void {
  const a = setting.assignment!;
  const value = setting.value!;
  if (value === '') {
    ctx.report(a.valueSpan, `${a.name} is empty: the reference runs \`usleep\` with no argument, which sleeps 0 s with its fallback and 1 s with a real usleep binary; set a number of microseconds`);
    return;
  }
  if (!/^[0-9]+$/.test(value)) return; // the schema finding below says it
  const micros = Number(value);
  const seconds = (n: number) => `${n / 1e6} s`;
  if (micros > 0 && micros <= 600) {
    ctx.report(a.valueSpan, `${a.name}=${value} is ${value} microseconds (${seconds(micros)}), which looks like seconds; the value is in microseconds: ${value} s is ${micros * 1_000_000}`);
  } else if (micros >= 1000 && micros < 100_000 && micros % 1000 === 0) {
    ctx.report(a.valueSpan, `${a.name}=${value} is ${seconds(micros)}, which looks like milliseconds; the value is in microseconds: ${micros / 1000} s is ${micros * 1000}`);
  } else if (micros > limit) {
    ctx.report(a.valueSpan, `${a.name}=${value} is ${seconds(micros)} per ${a.name === 'XENDOMAINS_USLEEP' ? 'SysRq key and domain on stop' : 'domain created at boot'}: that stalls ${a.name === 'XENDOMAINS_USLEEP' ? 'shutdown' : 'boot'}; keep it under ${seconds(limit)}`);
  }
}

export default defineRule({
  code: 'XD2004',
  name: 'usleep-range',
  severity: 'warning',
  docs: {
    summary: '`XENDOMAINS_USLEEP` and `XENDOMAINS_CREATE_USLEEP` must be a non-negative integer number of microseconds of sensible size.',
    rationale: `Both values are passed to \`usleep\` unchecked: a unit mistake (\`5\` meaning five seconds, \`5000\` meaning five
seconds in milliseconds) turns a pause into nothing, and a value meant as milliseconds but written in microseconds can
hold every domain's boot for minutes. Without a \`usleep\` binary the reference rounds down to whole seconds, so values
under 1000000 sleep 0 s there. A non-number makes \`usleep\` fail and the pause disappears.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_CREATE_USLEEP=5\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_USLEEP=0.5\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_CREATE_USLEEP=5000\n' },
    ],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_USLEEP=100000\nXENDOMAINS_CREATE_USLEEP=5000000\n' }],
  },
  check(ctx) {
    for (const finding of schemaFindings(ctx.settings)) {
      if (finding.rule === 'XD2004') ctx.report(finding.span, `${finding.variable}=${JSON.stringify(ctx.settings[finding.variable].value)} is not a whole number of microseconds: \`usleep\` rejects it and there is no pause`);
    }
    for (const name of ['XENDOMAINS_USLEEP', 'XENDOMAINS_CREATE_USLEEP'] as const) {
      const setting = ctx.settings[name];
      if (setting.assignment) checkValue(ctx, setting, LIMIT_MICROS[name]);
    }
  },
});
