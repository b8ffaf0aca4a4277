// Which toolstack a host runs, xm (xend, Python configs) or xl (xl.cfg configs),
// decided from facts about the host tree: what was asked for, then the configured
// xm command's name, the binaries present, /etc/xen/xl.conf. Pure; src/host/toolstack.ts gathers the facts.

import type { Dialect } from './domain.js';

export type ToolstackChoice = Dialect | 'auto';
export const TOOLSTACK_CHOICES: readonly ToolstackChoice[] = ['xm', 'xl', 'auto'];

export interface ToolstackFacts {
  /** --toolstack (or the rc file's `toolstack`), default auto. */
  requested: ToolstackChoice;
  /** Where the request came from, for the reason text. */
  requestedBy?: '--toolstack' | 'rc file';
  /** The configured xm command (--xm or XENDOMAINS_XM), when one is. */
  xmCommand?: string;
  /** Paths found in the host tree (as the host sees them), per kind. */
  xlBinary?: string;
  xmBinary?: string;
  xendBinary?: string;
  xlConf?: string;
}

export interface ToolstackDecision {
  name: Dialect;
  reason: string;
}

function basename(path: string): string {
  return path.replace(/\/+$/, '').split('/').pop() ?? path;
}

export function decideToolstack(facts: ToolstackFacts): ToolstackDecision {
  if (facts.requested !== 'auto') return { name: facts.requested, reason: `${facts.requestedBy ?? '--toolstack'} ${facts.requested}` };
  if (facts.xmCommand) {
    const base = basename(facts.xmCommand);
    if (base === 'xl') return { name: 'xl', reason: `the configured xm command is ${facts.xmCommand}` };
    if (base === 'xm') return { name: 'xm', reason: `the configured xm command is ${facts.xmCommand}` };
  }
  if (facts.xlBinary && !facts.xmBinary && !facts.xendBinary) return { name: 'xl', reason: `${facts.xlBinary} exists and there is no xm or xend` };
  if (facts.xmBinary || facts.xendBinary) return { name: 'xm', reason: `${(facts.xendBinary ?? facts.xmBinary)!} exists` };
  if (facts.xlConf) return { name: 'xl', reason: `${facts.xlConf} exists` };
  return { name: 'xm', reason: 'no xl, xm, xend or /etc/xen/xl.conf in the host tree: xm (the default)' };
}
