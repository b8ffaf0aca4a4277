// XD4103: the guests a host would receive by migration need more memory than
// the fleet file says the target has.

import { autoConfigs } from '../src/lint/cross-file.js';
import { migrateEdges } from '../src/lint/fleet.js';
import type { FleetHost } from '../src/lint/rule.js';
import { defineRule } from '../src/lint/rule.js';

function autoMemory(host: FleetHost): number {
  return autoConfigs(host).reduce((sum, d) => sum + d.memoryMiB, 0);
}

export default defineRule({
  code: 'XD4103',
  name: 'migrate-capacity',
  severity: 'warning',
  phase: 'fleet',
  docs: {
    summary: "The memory of the domains migrated to a host, plus its own, exceeds the `capacityMiB` the fleet file gives it.",
    rationale: `Live migration needs the whole guest's memory free on the target. When several hosts drain into one, the target
runs out: the later migrations fail ("not enough memory"), and those guests fall through to save or shutdown in the
middle of the maintenance window. The check counts the \`memory\` of every AUTO config (128 MiB when unset) of the
sources and of the target itself.`,
    bad: [{ kind: 'fleet', text: 'XENDOMAINS_MIGRATE="--live spare"\n', hosts: [
      { name: 'dom0-a', sysconfig: 'XENDOMAINS_MIGRATE="--live spare"\nXENDOMAINS_AUTO=/etc/xen/auto\n', auto: [{ file: 'db.cfg', text: "name = 'db'\nmemory = 49152\n" }] },
      { name: 'dom0-b', sysconfig: 'XENDOMAINS_MIGRATE="--live spare"\nXENDOMAINS_AUTO=/etc/xen/auto\n', auto: [{ file: 'web.cfg', text: "name = 'web'\nmemory = 32768\n" }] },
      { name: 'spare', sysconfig: 'XENDOMAINS_MIGRATE=""\n', capacityMiB: 65536 },
    ] }],
    good: [{ kind: 'fleet', text: 'XENDOMAINS_MIGRATE="--live spare"\n', hosts: [
      { name: 'dom0-a', sysconfig: 'XENDOMAINS_MIGRATE="--live spare"\nXENDOMAINS_AUTO=/etc/xen/auto\n', auto: [{ file: 'db.cfg', text: "name = 'db'\nmemory = 16384\n" }] },
      { name: 'dom0-b', sysconfig: 'XENDOMAINS_MIGRATE="--live spare"\nXENDOMAINS_AUTO=/etc/xen/auto\n', auto: [{ file: 'web.cfg', text: "name = 'web'\nmemory = 32768\n" }] },
      { name: 'spare', sysconfig: 'XENDOMAINS_MIGRATE=""\n', capacityMiB: 65536 },
    ] }],
  },
  check(ctx) {
    const edges = migrateEdges(ctx.fleet).filter((e) => e.to && e.to !== e.from && e.to.capacityMiB !== undefined);
    // Grouped in one pass (first-seen order), so a large fleet stays linear.
    const byTarget = new Map<FleetHost, typeof edges>();
    for (const e of edges) {
      const list = byTarget.get(e.to!);
      if (list) list.push(e);
      else byTarget.set(e.to!, [e]);
    }
    for (const [target, incoming] of byTarget) {
      const total = autoMemory(target) + incoming.reduce((sum, e) => sum + autoMemory(e.from), 0);
      if (total <= target.capacityMiB!) continue;
      const sources = incoming.map((e) => `${e.from.name} ${autoMemory(e.from)} MiB`).join(', ');
      ctx.report(incoming[incoming.length - 1]!.span, `${target.name} would need ${total} MiB (its own ${autoMemory(target)} MiB + ${sources}) but has ${target.capacityMiB} MiB: later migrations fail and those guests are saved or shut down instead`);
    }
  },
});
