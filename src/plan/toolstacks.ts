// The toolstack modules by name: what a plan's `toolstack` field and the
// `--toolstack` option select. The modules themselves are toolstack-xm/xl.ts.

import { xlToolstack } from './toolstack-xl.js';
import { xmToolstack } from './toolstack-xm.js';
import type { Toolstack, ToolstackName } from './types.js';

export const TOOLSTACKS: Readonly<Record<ToolstackName, Toolstack>> = { xm: xmToolstack, xl: xlToolstack };

export function toolstackOf(name: ToolstackName): Toolstack {
  return TOOLSTACKS[name];
}
