// XD4102: hosts that migrate to each other in a cycle (A → B → A, or longer):
// a rolling stop bounces guests around the cycle, and the last host of it has
// nowhere left to send them.

import { migrateEdges, type MigrateEdge } from '../src/lint/fleet.js';
import type { FleetHost } from '../src/lint/rule.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD4102',
  name: 'migrate-cycle',
  severity: 'error',
  phase: 'fleet',
  docs: {
    summary: 'Hosts whose XENDOMAINS_MIGRATE targets form a cycle (A migrates to B while B migrates to A, or a longer loop).',
    rationale: `During a rolling shutdown of the fleet, A sends its guests to B; when B goes down it sends them — and its own — back
to A, which may already be down or about to go down, and so on around the loop. Guests are migrated repeatedly, and the
last host of the cycle to stop migrates everything to a host that is gone: those guests are saved or shut down after all,
with the longest possible delay. Point migrations at a host that stays up (a spare), not around a loop.`,
    bad: [{ kind: 'fleet', text: 'XENDOMAINS_MIGRATE="--live dom0-b"\n', hosts: [{ name: 'dom0-a', sysconfig: 'XENDOMAINS_MIGRATE="--live dom0-b"\n' }, { name: 'dom0-b', sysconfig: 'XENDOMAINS_MIGRATE="--live dom0-c"\n' }, { name: 'dom0-c', sysconfig: 'XENDOMAINS_MIGRATE="--live dom0-a"\n' }] }],
    good: [{ kind: 'fleet', text: 'XENDOMAINS_MIGRATE="--live spare"\n', hosts: [{ name: 'dom0-a', sysconfig: 'XENDOMAINS_MIGRATE="--live spare"\n' }, { name: 'dom0-b', sysconfig: 'XENDOMAINS_MIGRATE="--live spare"\n' }, { name: 'spare', sysconfig: 'XENDOMAINS_MIGRATE=""\n' }] }],
  },
  check(ctx) {
    const edges = migrateEdges(ctx.fleet);
    const next = new Map<FleetHost, MigrateEdge>(edges.filter((e) => e.to && e.to !== e.from).map((e) => [e.from, e]));
    const reported = new Set<FleetHost>();
    // Hosts whose walk is finished: a walk reaching one adds nothing new, so each host is walked once (linear).
    const done = new Set<FleetHost>();
    for (const start of ctx.fleet) {
      // Each host has at most one target, so following targets from any host either ends or enters one cycle.
      const path: FleetHost[] = [];
      const onPath = new Map<FleetHost, number>();
      let at: FleetHost | undefined = start;
      while (at && !onPath.has(at) && !done.has(at)) {
        onPath.set(at, path.length);
        path.push(at);
        at = next.get(at)?.to;
      }
      for (const h of path) done.add(h);
      if (!at || !onPath.has(at)) continue;
      const cycle = path.slice(onPath.get(at));
      if (cycle.some((h) => reported.has(h))) continue;
      for (const h of cycle) reported.add(h);
      const loop = [...cycle, cycle[0]!].map((h) => h.name).join(' → ');
      ctx.report(next.get(cycle[0]!)!.span, `migration cycle ${loop}: in a rolling shutdown guests bounce around the loop and the last host has nowhere left to send them`);
    }
  },
});
