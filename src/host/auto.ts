// Enumerates XENDOMAINS_AUTO the way the reference's `$AUTO/*` glob does:
// non-hidden entries, byte order (the C locale), no recursion, symlinks
// followed. Readable configs are compiled; the rest are classified for lint and plan.

import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { AutoEntry } from '../model/auto.js';
import { compileDomainConfig } from '../model/domain-compile.js';
import { describeFsError, readTextFile } from './files.js';
import { displayPath, underRoot } from './paths.js';

export interface AutoDirectory {
  /** The directory as read (under --root). */
  dir: string;
  /** undefined when the directory does not exist or cannot be listed. */
  entries: AutoEntry[] | undefined;
  problem?: string;
}

/** Byte order of the names' UTF-8 encodings, as bash sorts a glob under LC_COLLATE=C. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export function readAutoDirectory(root: string | undefined, autoValue: string): AutoDirectory {
  const dir = underRoot(root, autoValue);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    return { dir, entries: undefined, problem: describeFsError(error) };
  }
  const entries = names
    .filter((name) => !name.startsWith('.'))
    .sort(byteOrder)
    .map((basename) => autoEntry(join(dir, basename), posix.join(autoValue, basename), basename));
  return { dir, entries };
}

function autoEntry(path: string, hostPath: string, basename: string): AutoEntry {
  const file = displayPath(path);
  const base = { hostPath, file, basename };
  let isDirectory: boolean;
  let isFile: boolean;
  try {
    const stat = statSync(path);
    isDirectory = stat.isDirectory();
    isFile = stat.isFile();
  } catch (error) {
    const dangling = (() => {
      try {
        return lstatSync(path).isSymbolicLink();
      } catch {
        return false;
      }
    })();
    return dangling ? { ...base, kind: 'broken-symlink' } : { ...base, kind: 'unreadable', reason: describeFsError(error) };
  }
  if (isDirectory) return { ...base, kind: 'directory' };
  if (!isFile) return { ...base, kind: 'other' };
  const read = readTextFile(path);
  if (!read.ok) return { ...base, kind: 'unreadable', reason: read.reason };
  const options = read.invalidUtf8Offset === undefined ? { basename } : { basename, invalidUtf8Offset: read.invalidUtf8Offset };
  return { ...base, kind: 'config', model: compileDomainConfig(read.text, file, options) };
}
