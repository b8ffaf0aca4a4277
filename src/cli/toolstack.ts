// The toolstack (dialect) a command uses for one host: --toolstack, else the
// rc file's `toolstack`, else auto-detection from the host tree (src/host/toolstack).

import { detectToolstack } from '../host/toolstack.js';
import type { ToolstackChoice, ToolstackDecision } from '../model/toolstack.js';
import { TOOLSTACK_CHOICES } from '../model/toolstack.js';
import { choice, type GlobalOptions } from './common.js';

export function hostToolstack(options: Pick<GlobalOptions, 'toolstack' | 'xm'>, root: string | undefined, rcToolstack?: ToolstackChoice): ToolstackDecision {
  const flag = choice('toolstack', options.toolstack, TOOLSTACK_CHOICES);
  const requested = flag ?? rcToolstack ?? 'auto';
  const requestedBy = flag && flag !== 'auto' ? '--toolstack' : rcToolstack && rcToolstack !== 'auto' && !flag ? 'rc file' : undefined;
  return detectToolstack({ root, requested: flag === 'auto' ? 'auto' : requested, requestedBy, xm: options.xm });
}
