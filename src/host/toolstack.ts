// Gathers the facts src/model/toolstack decides from: which of xl, xm and
// xend exist in the host tree's usr/sbin and usr/bin, and /etc/xen/xl.conf.
// I/O only; the decision is pure.

import { existsSync } from 'node:fs';
import { decideToolstack, type ToolstackChoice, type ToolstackDecision, type ToolstackFacts } from '../model/toolstack.js';
import { underRoot } from './paths.js';

const BIN_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];

function find(root: string | undefined, name: string): string | undefined {
  return BIN_DIRS.map((d) => `${d}/${name}`).find((p) => existsSync(underRoot(root, p)));
}

export function detectToolstack(options: { root?: string | undefined; requested?: ToolstackChoice | undefined; requestedBy?: ToolstackFacts['requestedBy']; xm?: string | undefined }): ToolstackDecision {
  const requested = options.requested ?? 'auto';
  const facts: ToolstackFacts = { requested };
  if (options.requestedBy) facts.requestedBy = options.requestedBy;
  if (requested === 'auto') {
    const xmCommand = options.xm ?? process.env.XENDOMAINS_XM;
    if (xmCommand) facts.xmCommand = xmCommand;
    const xl = find(options.root, 'xl');
    const xm = find(options.root, 'xm');
    const xend = find(options.root, 'xend');
    if (xl) facts.xlBinary = xl;
    if (xm) facts.xmBinary = xm;
    if (xend) facts.xendBinary = xend;
    if (existsSync(underRoot(options.root, '/etc/xen/xl.conf'))) facts.xlConf = '/etc/xen/xl.conf';
  }
  return decideToolstack(facts);
}
