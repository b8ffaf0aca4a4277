// What happens around `xm save` and `xm restore` so that no complete image is
// lost and nothing is written through a planted symlink. xm keeps the
// reference's argv (it writes SAVE/NAME itself, following symlinks), so:
// whatever sits at SAVE/NAME is moved aside first (a symlink, or an image of an
// earlier run that was never restored), then an empty file of ours is created
// there with O_EXCL (never through a symlink); xm then writes into our file. After a
// failed save only our own file (same inode) is quarantined or removed.
// Residual race: in a SAVE that others may write and that lacks the sticky bit,
// our file can be swapped for a symlink between its creation and xm's open;
// lint's XD4011 reports such a SAVE.

import type { ExecHost, FileFacts } from './host.js';
import { quarantineImage } from './quarantine.js';

export interface SaveGuard {
  /** Our empty file at the image path, as created. */
  ours: FileFacts;
}

export interface BeforeSave {
  guard?: SaveGuard;
  /** Why the save must not run (xm would write somewhere we cannot vouch for). */
  refused?: string;
  movedAside: Array<{ from: string; to: string; message: string }>;
}

function what(facts: FileFacts): string {
  return facts.kind === 'symlink' ? 'a symlink' : facts.kind === 'dir' ? 'a directory' : facts.kind === 'file' ? (facts.size === 0 ? 'an empty file' : 'a file (an earlier, never restored save image?)') : 'not a regular file';
}

export function beforeSave(host: ExecHost, image: string): BeforeSave {
  const movedAside: BeforeSave['movedAside'] = [];
  let facts: FileFacts | undefined;
  try {
    facts = host.lstat(image);
  } catch (error) {
    return { refused: `cannot look at ${image}: ${(error as Error).message}; not saving`, movedAside };
  }
  if (facts) {
    if (facts.kind === 'dir') return { refused: `${image} is a directory: not saving into it`, movedAside };
    const label = facts.kind === 'symlink' ? 'symlink' : 'earlier';
    const moved = quarantineImage(host, image, label);
    if (!moved.moved) return { refused: `${image} is ${what(facts)} and cannot be moved aside (${moved.reason === 'error' ? moved.message : 'gone'}): not saving over it`, movedAside };
    movedAside.push({
      from: image,
      to: moved.to,
      message: `${image} was ${what(facts)} before the save: moved to ${moved.to}${facts.kind === 'symlink' ? ' (xm would have written the image through it)' : ' (kept, never overwritten)'}`,
    });
  }
  try {
    if (!host.createExclusive(image, '', 0o600)) return { refused: `${image} reappeared just before the save (someone else writes SAVE): not saving`, movedAside };
    const ours = host.lstat(image);
    if (!ours || ours.kind !== 'file') return { refused: `${image} changed just after it was created: not saving`, movedAside };
    return { guard: { ours }, movedAside };
  } catch (error) {
    return { refused: `cannot create ${image}: ${(error as Error).message}; not saving`, movedAside };
  }
}

export interface AfterSave {
  /** This save wrote a partial image into our file: move it aside. */
  quarantine: boolean;
  warning?: string;
}

export function afterSave(host: ExecHost, image: string, guard: SaveGuard, ok: boolean): AfterSave {
  if (ok) return { quarantine: false };
  let now: FileFacts | undefined;
  try {
    now = host.lstat(image);
  } catch {
    return { quarantine: false, warning: `cannot look at ${image} after the failed save: left as it is` };
  }
  if (!now) return { quarantine: false };
  const same = now.kind === 'file' && now.dev === guard.ours.dev && now.ino === guard.ours.ino;
  if (!same) return { quarantine: false, warning: `${image} was replaced during the failed save: not ours, left as it is` };
  if (now.size > 0) return { quarantine: true };
  // Still our empty file: xm never wrote; leave nothing behind that status would report.
  try {
    host.remove(image);
  } catch {
    /* status reports it as an empty file */
  }
  return { quarantine: false };
}

/** Why an image must not be restored as root: not a regular file, not ours, or others may change it. */
export function untrustedImage(host: ExecHost, image: string): string | undefined {
  let facts: FileFacts | undefined;
  try {
    facts = host.lstat(image);
  } catch (error) {
    return `cannot look at ${image}: ${(error as Error).message}`;
  }
  if (!facts) return undefined; // xm reports it missing
  if (facts.kind !== 'file') return `${image} is ${what(facts)}: not restored (an image is a regular file xendomains saved)`;
  const uid = host.uid();
  if (facts.uid !== uid) return `${image} is owned by uid ${facts.uid}, not ${uid}: not restored (anyone who can write SAVE could have planted it)`;
  if ((facts.mode & 0o022) !== 0) return `${image} is writable by ${facts.mode & 0o002 ? 'others' : 'its group'} (mode ${(facts.mode & 0o7777).toString(8)}): not restored`;
  return undefined;
}
