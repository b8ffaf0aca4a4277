// XD4010: XENDOMAINS_MIGRATE set while XENDOMAINS_SAVE and
// XENDOMAINS_SHUTDOWN are empty: a domain whose migration fails has no
// per-domain fallback and is left to SHUTDOWN_ALL, or to the power-off.

import { isNonEmpty } from '../src/model/settings.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD4010',
  name: 'migrate-without-fallback',
  severity: 'warning',
  docs: {
    summary: '`XENDOMAINS_MIGRATE` is set but `XENDOMAINS_SAVE` and `XENDOMAINS_SHUTDOWN` are empty: a failed migration has no fallback.',
    rationale: `On stop each domain tries migrate, then save, then shutdown, and the first success ends its chain. Migration
fails for ordinary reasons — the target is down, out of memory, unreachable, or the watchdog fires. With neither save nor
shutdown configured such a domain keeps running: only \`XENDOMAINS_SHUTDOWN_ALL\` (if set) shuts it down at the end,
without a save, and otherwise the host powers off under it. Set SHUTDOWN (\`--halt --wait\`) or SAVE as the fallback.`,
    bad: [{ kind: 'sysconfig', text: 'XENDOMAINS_MIGRATE="--live backup-host"\nXENDOMAINS_SAVE=""\nXENDOMAINS_SHUTDOWN=""\n' }],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_MIGRATE="--live backup-host"\nXENDOMAINS_SHUTDOWN="--halt --wait"\n' }],
  },
  check(ctx) {
    const s = ctx.settings;
    const migrate = s.XENDOMAINS_MIGRATE;
    if (!isNonEmpty(migrate.value) || !migrate.assignment) return;
    if (isNonEmpty(s.XENDOMAINS_SAVE.value) || isNonEmpty(s.XENDOMAINS_SHUTDOWN.value)) return;
    const after = isNonEmpty(s.XENDOMAINS_SHUTDOWN_ALL.value)
      ? `stays running until the final \`xm shutdown ${s.XENDOMAINS_SHUTDOWN_ALL.value}\`, which stops it without a save`
      : 'stays running when the host powers off (XENDOMAINS_SHUTDOWN_ALL is empty too)';
    ctx.report(migrate.assignment.valueSpan, `XENDOMAINS_MIGRATE is set but XENDOMAINS_SAVE and XENDOMAINS_SHUTDOWN are empty: a domain whose migration fails ${after}; set XENDOMAINS_SHUTDOWN or XENDOMAINS_SAVE as the fallback`);
  },
});
