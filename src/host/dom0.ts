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

/** Where to look: /proc/xen and /dev/xen, or the directories XENDOMAINS_PROC_XEN / XENDOMAINS_DEV_XEN name (containers, tests). */
export function hostPlaces(env: NodeJS.ProcessEnv = process.env): Dom0Places {
  return { procXen: env.XENDOMAINS_PROC_XEN || '/proc/xen', devXen: env.XENDOMAINS_DEV_XEN || '/dev/xen' };
}

export function checkDom0(places: Dom0Places = hostPlaces()): Dom0Answer {
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
