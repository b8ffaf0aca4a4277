// XD2009: XENDOMAINS_STOP_MAXWAIT must be a positive whole number of seconds;
// 0, empty, unset or non-numeric leaves a hung xm blocking shutdown forever, and
// a value over a day is a watchdog in name only.

import { fileSpan } from '../src/model/span.js';
import { defineRule } from '../src/lint/rule.js';

/** A watchdog longer than this never fires within a shutdown anyone waits for. */
const EFFECTIVELY_NONE_SECONDS = 86_400;

export default defineRule({
  code: 'XD2009',
  name: 'stop-maxwait',
  severity: 'warning',
  docs: {
    summary: '`XENDOMAINS_STOP_MAXWAIT` must be a positive whole number of seconds; 0, empty or unset disables the watchdog, and more than a day is no watchdog in practice.',
    rationale: `The watchdog is the only thing that stops a hung \`xm migrate\`, \`xm save\` or \`xm shutdown --wait\` from holding
the host's shutdown forever. The reference disables it when the value is empty or exactly \`0\`, and a non-numeric
value makes \`seq\` fail so the watchdog kills nothing. Since the script sets no defaults, leaving the variable out of
the file disables it too. The sample ships 300.

Any number means what it says: a watchdog of 2,147,484 s or more (past Node's 32-bit timer) is waited for in full, and
one too large to count in milliseconds (over 2^53) is none at all. But a value over a day (86,400 s) only guards a
shutdown nobody waits for: a hung xm holds the host for that long, which is no watchdog in practice.`,
    bad: [
      { kind: 'sysconfig', text: 'XENDOMAINS_STOP_MAXWAIT=0\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_STOP_MAXWAIT=5m\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_STOP_MAXWAIT=3000000\n' },
      { kind: 'sysconfig', text: 'XENDOMAINS_SAVE=/var/lib/xen/save\n' },
    ],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_STOP_MAXWAIT=300\n' }],
  },
  check(ctx) {
    if (!ctx.sysconfig) return;
    const { value, assignment } = ctx.settings.XENDOMAINS_STOP_MAXWAIT;
    if (!assignment) {
      ctx.report(fileSpan(ctx.sysconfig.file), 'XENDOMAINS_STOP_MAXWAIT is not set, so the watchdog is off: a hung xm migrate/save/shutdown blocks the host\'s shutdown forever; set it (the sample ships 300)');
    } else if (value === '' || value === '0') {
      ctx.report(assignment.valueSpan, `XENDOMAINS_STOP_MAXWAIT=${JSON.stringify(value)} disables the watchdog: a hung xm migrate/save/shutdown blocks the host's shutdown forever`);
    } else if (!/^[0-9]+$/.test(value!)) {
      ctx.report(assignment.valueSpan, `XENDOMAINS_STOP_MAXWAIT=${JSON.stringify(value)} is not a whole number of seconds: the reference's watchdog loop never runs and kills nothing`);
    } else if (Number(value) > EFFECTIVELY_NONE_SECONDS) {
      ctx.report(assignment.valueSpan, `XENDOMAINS_STOP_MAXWAIT=${value} is more than a day (${EFFECTIVELY_NONE_SECONDS} s): effectively no watchdog, a hung xm migrate/save/shutdown holds the host's shutdown that long; the sample ships 300`);
    }
  },
});
