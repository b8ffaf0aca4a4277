// Helpers for fleet rules: which host of the fleet a XENDOMAINS_MIGRATE value
// sends guests to, by name, alias or short host name.

import { words } from '../model/settings.js';
import type { Span } from '../model/span.js';
import type { FleetHost } from './rule.js';
import { MIGRATE_OPTIONS, parseXmOptions } from './xm-options.js';

export interface MigrateEdge {
  from: FleetHost;
  /** The target as written. */
  target: string;
  /** The fleet host it names, if any. */
  to: FleetHost | undefined;
  span: Span;
}

function names(host: FleetHost): string[] {
  return [host.name, ...host.aliases].map((n) => n.toLowerCase());
}

export function findHost(fleet: readonly FleetHost[], target: string): FleetHost | undefined {
  const t = target.toLowerCase().replace(/\.$/, '');
  const short = t.split('.')[0]!;
  return fleet.find((h) => names(h).includes(t)) ?? (/^[0-9.]+$|:/.test(t) ? undefined : fleet.find((h) => names(h).includes(short)));
}

/** One edge per host whose XENDOMAINS_MIGRATE names exactly one target. */
export function migrateEdges(fleet: readonly FleetHost[]): MigrateEdge[] {
  const edges: MigrateEdge[] = [];
  for (const host of fleet) {
    const setting = host.settings.XENDOMAINS_MIGRATE;
    if (!setting.value || !setting.assignment) continue;
    const target = parseXmOptions(words(setting.value), MIGRATE_OPTIONS).positionals;
    if (target.length !== 1) continue; // XD2005 reports the argument list itself
    edges.push({ from: host, target: target[0]!, to: findHost(fleet, target[0]!), span: setting.assignment.valueSpan });
  }
  return edges;
}
