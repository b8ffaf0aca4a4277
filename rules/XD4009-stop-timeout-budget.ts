// XD4009: the worst-case time of `stop` (every watchdog firing, every SysRq
// pause) against what the service manager waits before it kills the service:
// systemd's default 90 s stop timeout, SysV's customary 5 minutes.

import { fileSpan } from '../src/model/span.js';
import { isNonEmpty, words } from '../src/model/settings.js';
import { defineRule } from '../src/lint/rule.js';

const SYSTEMD_SECONDS = 90;
const SYSV_SECONDS = 300;

function positive(value: string | null): number | undefined {
  return value !== null && /^[0-9]+$/.test(value) && Number(value) > 0 ? Number(value) : undefined;
}

export default defineRule({
  code: 'XD4009',
  name: 'stop-timeout-budget',
  severity: 'info',
  docs: {
    summary: 'The worst-case duration of `stop` exceeds what systemd (90 s by default) or SysV init (about 5 min) waits for the service.',
    rationale: `Each domain's migrate, save and shutdown may each run until the XENDOMAINS_STOP_MAXWAIT watchdog fires, one
domain after another, and the final shutdown of all domains gets the same allowance. When the total is longer than the
service manager waits (systemd's \`DefaultTimeoutStopSec\` is 90 s; SysV shutdown scripts typically get 5 min), the
manager kills xendomains mid-way and the host powers off with guests still running: they are destroyed, not saved.
Lower STOP_MAXWAIT, stop domains in parallel (\`XENDOMAINS_STOP_PARALLEL\`), or raise the unit's \`TimeoutStopSec\`.
The estimate counts the AUTO configs as the domains to stop (at least one).`,
    bad: [{ kind: 'sysconfig', text: 'XENDOMAINS_SAVE=/var/lib/xen/save\nXENDOMAINS_SHUTDOWN="--halt --wait"\nXENDOMAINS_STOP_MAXWAIT=300\n' }],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN="--halt --wait"\nXENDOMAINS_SHUTDOWN_ALL="--all --halt --wait"\nXENDOMAINS_STOP_MAXWAIT=20\n' }],
  },
  check(ctx) {
    const s = ctx.settings;
    const maxwait = positive(s.XENDOMAINS_STOP_MAXWAIT.value);
    if (maxwait === undefined || !ctx.sysconfig) return; // no watchdog: unbounded, XD2009's finding
    const guarded = [s.XENDOMAINS_MIGRATE, s.XENDOMAINS_SAVE, s.XENDOMAINS_SHUTDOWN].filter((v) => isNonEmpty(v.value)).length;
    const sysrqMicros = words(s.XENDOMAINS_SYSRQ.value).length * (positive(s.XENDOMAINS_USLEEP.value) ?? 0);
    const perDomain = guarded * maxwait + sysrqMicros / 1e6;
    const all = isNonEmpty(s.XENDOMAINS_SHUTDOWN_ALL.value) ? maxwait : 0;
    const configs = ctx.auto ? ctx.auto.filter((e) => e.kind === 'config').length : ctx.domains.length;
    const domains = Math.max(1, configs);
    const lanes = positive(s.XENDOMAINS_STOP_PARALLEL.value) ?? 1;
    const rounds = Math.ceil(domains / lanes);
    const total = rounds * perDomain + all;
    if (total <= SYSTEMD_SECONDS) return;
    const exceeds = total > SYSV_SECONDS ? `systemd's default stop timeout (${SYSTEMD_SECONDS} s) and SysV's ${SYSV_SECONDS / 60} min` : `systemd's default stop timeout (${SYSTEMD_SECONDS} s)`;
    const parts = [
      `${domains} domain${domains === 1 ? '' : 's'}${lanes > 1 ? ` in ${lanes} lanes (${rounds} round${rounds === 1 ? '' : 's'})` : ''} × ${guarded} watchdog${guarded === 1 ? '' : 's'} of ${maxwait} s${sysrqMicros ? ` + ${sysrqMicros / 1e6} s of SysRq pauses` : ''}`,
      ...(all ? [`${all} s for SHUTDOWN_ALL`] : []),
    ];
    const span = s.XENDOMAINS_STOP_MAXWAIT.assignment?.valueSpan ?? fileSpan(ctx.sysconfig.file);
    ctx.report(span, `worst-case stop takes ${Number(total.toFixed(3))} s (${parts.join(' + ')}), longer than ${exceeds}: the service manager kills xendomains with guests still running; lower XENDOMAINS_STOP_MAXWAIT, set XENDOMAINS_STOP_PARALLEL, or raise TimeoutStopSec`);
  },
});
