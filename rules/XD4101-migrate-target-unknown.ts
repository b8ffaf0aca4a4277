// XD4101: in a fleet, a host that migrates its guests to a host the fleet does
// not know — a typo, a decommissioned dom0, an address that changed.

import { migrateEdges } from '../src/lint/fleet.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD4101',
  name: 'migrate-target-unknown',
  severity: 'warning',
  phase: 'fleet',
  docs: {
    summary: 'When several hosts are linted together, a XENDOMAINS_MIGRATE target that is none of them (by name or alias).',
    rationale: `A rolling shutdown moves guests from the host going down to a peer. A target outside the fleet is usually a
typo, a host that was renamed or retired, or an address that changed: the migration fails at shutdown and every guest
falls through to save or shutdown instead. List the peer's other names under \`aliases\` in the fleet file if it is
reached by address or FQDN.`,
    bad: [{ kind: 'fleet', text: 'XENDOMAINS_MIGRATE="--live dom0-d"\n', hosts: [
      { name: 'dom0-a', sysconfig: 'XENDOMAINS_MIGRATE="--live dom0-d"\n' },
      { name: 'dom0-b', sysconfig: 'XENDOMAINS_MIGRATE="--live spare"\n' },
      { name: 'spare', sysconfig: 'XENDOMAINS_MIGRATE=""\n' },
    ] }],
    good: [{ kind: 'fleet', text: 'XENDOMAINS_MIGRATE="--live spare.example.com"\n', hosts: [
      { name: 'dom0-a', sysconfig: 'XENDOMAINS_MIGRATE="--live spare.example.com"\n' },
      { name: 'dom0-b', sysconfig: 'XENDOMAINS_MIGRATE="--live 10.0.0.9"\n' },
      { name: 'spare', sysconfig: 'XENDOMAINS_MIGRATE=""\n', aliases: ['10.0.0.9'] },
    ] }],
  },
  check(ctx) {
    const known = ctx.fleet.map((h) => h.name).join(', ');
    for (const edge of migrateEdges(ctx.fleet)) {
      if (!edge.to) ctx.report(edge.span, `${edge.from.name} migrates its guests to "${edge.target}", which is not a host of this fleet (${known}): check the name, or add it as an alias in the fleet file`);
      else if (edge.to === edge.from) ctx.report(edge.span, `${edge.from.name} migrates its guests to itself ("${edge.target}"): the migration fails while the host shuts down`);
    }
  },
});
