// XD2009: XENDOMAINS_STOP_MAXWAIT must be a positive whole number of seconds;
// 0, empty, unset or non-numeric leaves a hung xm blocking shutdown forever.

import { fileSpan } from '../src/model/span.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD2009',
  name: 'stop-maxwait',
  severity: 'warning',
  docs: {
    summary: '`XENDOMAINS_STOP_MAXWAIT` must be a positive whole number of seconds; 0, empty or unset disables the watchdog.',
    rationale: `The watchdog is the only thing that stops a hung \`xm migrate\`, \`xm save\` or \`xm shutdown --wait\` from holding
the host's shutdown forever. The reference disables it when the value is empty or exactly \`0\`, and a non-numeric
value makes \`seq\` fail so the watchdog kills nothing. Since the script sets no defaults, leaving the variable out of
the file disables it too. The sample ships 300.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_STOP_MAXWAIT=0\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_STOP_MAXWAIT=5m\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_SAVE=/var/lib/xen/save\n' },
    ],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_STOP_MAXWAIT=300\n' }],
  },
  check(ctx) {
    if (!ctx.sysconfig || ctx.sysconfig.binary) return; // a binary file is XD1001's one finding
    const { value, assignment } = ctx.settings.XENDOMAINS_STOP_MAXWAIT;
    if (!assignment) {
      ctx.report(fileSpan(ctx.sysconfig.file), 'XENDOMAINS_STOP_MAXWAIT is not set, so the watchdog is off: a hung xm migrate/save/shutdown blocks the host\'s shutdown forever; set it (the sample ships 300)');
    } else if (value === '' || value === '0') {
      ctx.report(assignment.valueSpan, `XENDOMAINS_STOP_MAXWAIT=${JSON.stringify(value)} disables the watchdog: a hung xm migrate/save/shutdown blocks the host's shutdown forever`);
    } else if (!/^[0-9]+$/.test(value!)) {
      ctx.report(assignment.valueSpan, `XENDOMAINS_STOP_MAXWAIT=${JSON.stringify(value)} is not a whole number of seconds: the reference's watchdog loop never runs and kills nothing`);
    }
  },
});
