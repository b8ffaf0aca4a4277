// XD4009: the worst-case time of `stop` (every watchdog firing, every SysRq
// pause) against what the service manager waits before it kills the service:
// systemd's default 90 s stop timeout, SysV's customary 5 minutes.

import { fileSpan } from '../src/model/span.js';
import { defineRule } from '../src/lint/rule.js';
import { chainTimes, type ChainTime } from '../src/plan/timing.js';
import type { PlanStep } from '../src/plan/types.js';
import { toolstackOf } from '../src/plan/toolstacks.js';
import { stopWorstCase, type StopWorstCase } from '../src/plan/worst-case.js';

const SYSTEMD_SECONDS = 90;
const SYSV_SECONDS = 300;

/** Where the time goes: the domains (in lanes), each domain's chain with every watchdog firing, and SHUTDOWN_ALL. */
function describe(w: StopWorstCase): string {
  const perDomain = firstChain(w.plan.steps, (s) => s.lane !== null);
  const all = firstChain(w.plan.steps, (s) => s.phase === 'shutdown-all');
  const n = w.domains.length;
  const lanes = w.plan.lanes;
  const rounds = Math.ceil(n / lanes);
  const parts: string[] = [];
  if (perDomain) {
    const phases = perDomain.steps.map((s) => s.phase).join(', ');
    parts.push(`${n} domain${n === 1 ? '' : 's'}${lanes > 1 ? ` in ${lanes} lanes (${rounds} round${rounds === 1 ? '' : 's'})` : ''} × ${perDomain.worst / 1e6} s (${phases}: every watchdog fires, every pause)`);
  }
  if (all) parts.push(`${all.worst / 1e6} s for SHUTDOWN_ALL`);
  return parts.join(' + ');
}

/**
 * The first chain whose first step passes `test`, timed as planTime times it: only that chain's steps, since
 * timing the chains of thousands of AUTO domains again for a sentence costs as much as planning them.
 */
function firstChain(steps: readonly PlanStep[], test: (first: PlanStep) => boolean): ChainTime | undefined {
  for (let i = 0; i < steps.length; i++) {
    const first = steps[i]!;
    if (i > 0 && steps[i - 1]!.chain === first.chain) continue; // not where a chain starts
    if (!test(first)) continue;
    let end = i + 1;
    while (end < steps.length && steps[end]!.chain === first.chain) end++;
    return chainTimes(steps.slice(i, end))[0];
  }
  return undefined;
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
The estimate is the worst case of the stop plan for the AUTO configs' domains (at least one), computed as
\`plan stop\` and \`systemd-unit\` compute it; each SysRq key is counted with its watchdog and pause.`,
    bad: [{ kind: 'sysconfig', text: 'XENDOMAINS_SAVE=/var/lib/xen/save\nXENDOMAINS_SHUTDOWN="--halt --wait"\nXENDOMAINS_STOP_MAXWAIT=300\n' }],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN="--halt --wait"\nXENDOMAINS_SHUTDOWN_ALL="--all --halt --wait"\nXENDOMAINS_STOP_MAXWAIT=20\n' }],
  },
  check(ctx) {
    if (!ctx.sysconfig) return;
    const s = ctx.settings;
    // The host's toolstack; from 1,500 AUTO entries up lint keeps no models, so their dialect cannot decide alone.
    const xl = ctx.toolstack === 'xl' || (ctx.auto?.some((e) => e.model?.dialect === 'xl') ?? false);
    // The same worst case as `plan stop` and `systemd-unit` (src/plan/worst-case.ts): the stop plan for the AUTO domains, timed.
    const w = stopWorstCase({
      settings: s,
      auto: ctx.auto ? [...ctx.auto] : undefined,
      saved: [],
      savePath: s.XENDOMAINS_SAVE.value ?? '',
      state: { domains: [{ id: 0, name: 'Domain-0' }], source: 'json', problems: [] },
      lockPresent: false,
      xm: xl ? 'xl' : 'xm',
      inputs: {},
      toolstack: toolstackOf(xl ? 'xl' : 'xm'),
    });
    if (w.seconds === null) return; // a step without a watchdog: unbounded, XD2009's finding
    const total = w.seconds;
    if (total <= SYSTEMD_SECONDS) return;
    const exceeds = total > SYSV_SECONDS ? `systemd's default stop timeout (${SYSTEMD_SECONDS} s) and SysV's ${SYSV_SECONDS / 60} min` : `systemd's default stop timeout (${SYSTEMD_SECONDS} s)`;
    const span = s.XENDOMAINS_STOP_MAXWAIT.assignment?.valueSpan ?? fileSpan(ctx.sysconfig.file);
    ctx.report(span, `worst-case stop takes ${total} s (${describe(w)}), longer than ${exceeds}: the service manager kills xendomains with guests still running; lower XENDOMAINS_STOP_MAXWAIT, set XENDOMAINS_STOP_PARALLEL, or raise TimeoutStopSec`);
  },
});
