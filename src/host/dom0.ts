// Is this machine a Xen dom0? The reference's test (a privcmd device under
// /proc/xen or /dev/xen), plus the xl-era unit's: /proc/xen/capabilities, when
// present, must say `control_d` (a guest has privcmd too). What to print and
// which exit code follow from the answer is the CLI's (src/cli/verbs.ts).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Dom0Answer = { dom0: true } | { dom0: false; why: string };

export interface Dom0Places {
  procXen: string;
  devXen: string;
}

const HOST: Dom0Places = { procXen: '/proc/xen', devXen: '/dev/xen' };

export function checkDom0(places: Dom0Places = HOST): Dom0Answer {
  const privcmd = [join(places.procXen, 'privcmd'), join(places.devXen, 'privcmd')];
  if (!privcmd.some((p) => existsSync(p))) return { dom0: false, why: `not a Xen dom0 (neither ${privcmd.join(' nor ')} exists)` };
  const capabilities = join(places.procXen, 'capabilities');
  let text: string | undefined;
  try {
    text = readFileSync(capabilities, 'utf8');
  } catch {
    return { dom0: true }; // older kernels have no capabilities file: the privcmd test alone, as the reference
  }
  if (!/\bcontrol_d\b/.test(text)) return { dom0: false, why: `not a Xen dom0 (${capabilities} does not say control_d: this is a guest)` };
  return { dom0: true };
}
