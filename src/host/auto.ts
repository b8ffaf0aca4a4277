// Enumerates XENDOMAINS_AUTO the way the reference's `$AUTO/*` glob does:
// non-hidden entries, byte order (the C locale), no recursion, symlinks
// followed. Readable configs are compiled; the rest are classified for lint and plan.

import { lstatSync, readdirSync } from 'node:fs';
import { posix } from 'node:path';
import type { AutoEntry } from '../model/auto.js';
import { compileConfig } from '../model/compile-config.js';
import type { Dialect } from '../model/domain.js';
import { describeFsError, readTextFile } from './files.js';
import { displayEntry, readablePath, resolveInRoot } from './paths.js';

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

/** The AUTO directory's entry names in glob order, not yet read. */
export interface AutoListing {
  /** The directory as read (under --root). */
  dir: string;
  /** XENDOMAINS_AUTO as the host sees it. */
  autoValue: string;
  /** undefined when the directory does not exist or cannot be listed. */
  names: string[] | undefined;
  problem?: string;
  /** The language the host's configs are written in (default xm). */
  dialect?: Dialect;
  /** With --root: the root, and the entries that are symlinks (followed inside the root, as the host would). */
  root?: string;
  symlinks?: Set<string>;
}

export function listAutoDirectory(root: string | undefined, autoValue: string, dialect: Dialect = 'xm'): AutoListing {
  const dir = readablePath(root, autoValue);
  try {
    if (!root) return { dir, autoValue, dialect, names: readdirSync(dir).filter((name) => !name.startsWith('.')).sort(byteOrder) };
    const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
    const symlinks = new Set(entries.filter((e) => e.isSymbolicLink()).map((e) => e.name));
    return { dir, autoValue, dialect, names: entries.map((e) => e.name).sort(byteOrder), root, symlinks };
  } catch (error) {
    return { dir, autoValue, dialect, names: undefined, problem: describeFsError(error) };
  }
}

export function readAutoDirectory(root: string | undefined, autoValue: string, dialect: Dialect = 'xm'): AutoDirectory {
  const listing = listAutoDirectory(root, autoValue, dialect);
  if (!listing.names) return { dir: listing.dir, entries: undefined, problem: listing.problem! };
  return { dir: listing.dir, entries: listing.names.map((name) => autoEntry(listing, name)) };
}

/** Classifies one listed entry, reading and compiling it when it is a readable file. */
export function autoEntry(listing: Pick<AutoListing, 'dir' | 'autoValue' | 'dialect' | 'root' | 'symlinks'>, basename: string): AutoEntry {
  // string joins: path.join's normalising costs more than the read for small configs, and a listed name has no `/`
  const listed = listing.dir.endsWith('/') ? listing.dir + basename : `${listing.dir}/${basename}`;
  const path = listing.root && listing.symlinks?.has(basename) ? resolveInRoot(listing.root, listed) : listed;
  return classify(path, listed, hostPathOf(listing.autoValue, basename), basename, displayEntry(listing.dir, basename), listing.dialect ?? 'xm');
}

const joinedDirs = new Map<string, string>();

/** posix.join(autoValue, name), with the normalised directory worked out once per directory rather than once per config. */
function hostPathOf(autoValue: string, name: string): string {
  // Only `.` and `..` (and a `/`) make normalising depend on the name; any other name is appended as written.
  if (name === '' || name === '.' || name === '..' || name.includes('/')) return posix.join(autoValue, name);
  let prefix = joinedDirs.get(autoValue);
  if (prefix === undefined) joinedDirs.set(autoValue, (prefix = posix.join(autoValue, 'x').slice(0, -1)));
  return prefix + name;
}

function classify(path: string, listed: string, hostPath: string, basename: string, file: string, dialect: Dialect): AutoEntry {
  const base = { hostPath, file, basename };
  const read = readTextFile(path);
  if (read.ok) {
    const options = read.invalidUtf8Offset === undefined ? { basename } : { basename, invalidUtf8Offset: read.invalidUtf8Offset };
    return { ...base, kind: 'config', model: compileConfig(read.text, file, dialect, options) };
  }
  if (read.kind === 'directory' || read.kind === 'other') return { ...base, kind: read.kind };
  const dangling = (() => {
    try {
      return read.kind === 'missing' && lstatSync(listed).isSymbolicLink();
    } catch {
      return false;
    }
  })();
  return dangling ? { ...base, kind: 'broken-symlink' } : { ...base, kind: 'unreadable', reason: read.reason };
}
