// Moves an image out of restore's way: a partial save, an image whose restore
// failed, or whatever sat where a save is about to write (labelled so). Any regular file in SAVE
// that starts with `LinuxGuestRecord` is restored at boot (by us and by the
// reference), so the image goes into a sub-directory whose name no domain can
// have (xend refuses `@` in names); restore skips directories. Reporting is the caller's.

import { basename, dirname, join } from 'node:path';
import type { ExecHost } from './host.js';

import { QUARANTINE_DIR } from '../plan/types.js';

export { QUARANTINE_DIR };

/** 2024-05-01T12:03:04.567Z → 20240501T120304Z */
export function compactUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

export type QuarantineOutcome = { moved: false; reason: 'absent' } | { moved: true; to: string } | { moved: false; reason: 'error'; message: string };

export function quarantineImage(host: ExecHost, image: string, label = 'partial'): QuarantineOutcome {
  if (!host.lstat(image)) return { moved: false, reason: 'absent' };
  const stamp = compactUtc(host.now());
  const dir = join(dirname(image), QUARANTINE_DIR);
  const errors: string[] = [];
  // Second choice, a hidden name in SAVE: both implementations skip dotfiles, but `ls` and status do not show it.
  const targets = [() => (host.mkdirp(dir), join(dir, `${basename(image)}.${label}-${stamp}`)), () => join(dirname(image), `.${basename(image)}.${label}-${stamp}`)];
  for (const target of targets) {
    try {
      let to = target();
      for (let n = 2; host.lstat(to); n++) to = `${to.replace(/~\d+$/, '')}~${n}`;
      host.rename(image, to);
      return { moved: true, to };
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  return { moved: false, reason: 'error', message: errors.join('; ') };
}
