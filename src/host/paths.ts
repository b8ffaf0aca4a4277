// Where the host's files are: the sysconfig, the lock, paths under --root,
// and how paths are shown to the user (relative to the working directory when inside it).

import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { STDIN_NAME, STDIN_PATH } from './files.js';

export const SYSCONFIG_CANDIDATES = ['/etc/sysconfig/xendomains', '/etc/default/xendomains'];
export const LOCK_CANDIDATES = ['/var/lock/subsys/xendomains', '/var/lock/xendomains'];

/** A host path (as the reference script sees it) under --root. */
export function underRoot(root: string | undefined, hostPath: string): string {
  return root ? join(resolve(root), hostPath) : hostPath;
}

/** The sysconfig to read: --config if given, else the first candidate that exists (else the first, to report it missing). */
export function sysconfigPath(root: string | undefined, config: string | undefined): { path: string; tried: string[] } {
  if (config) return { path: isAbsolute(config) || !root ? config : underRoot(root, config), tried: [config] };
  const tried = SYSCONFIG_CANDIDATES.map((p) => underRoot(root, p));
  return { path: tried.find((p) => existsSync(p)) ?? tried[0]!, tried };
}

/** Like the 4.1 script: /var/lock/subsys when that directory exists, else /var/lock. */
export function lockPath(root: string | undefined, lockFile: string | undefined): string {
  if (lockFile) return lockFile;
  const subsys = underRoot(root, '/var/lock/subsys');
  try {
    if (statSync(subsys).isDirectory()) return underRoot(root, LOCK_CANDIDATES[0]!);
  } catch {
    /* falls through to /var/lock */
  }
  return underRoot(root, LOCK_CANDIDATES[1]!);
}

export function displayPath(path: string, cwd = process.cwd()): string {
  if (path === '-' || path === STDIN_PATH) return STDIN_NAME;
  const rel = relative(cwd, resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(path);
}

const shownDirs = new Map<string, string>();

/** displayPath(join(dir, name)) for a directory entry's name, working out the directory's part once. */
export function displayEntry(dir: string, name: string, cwd = process.cwd()): string {
  const key = `${cwd}\0${dir}`;
  let prefix = shownDirs.get(key);
  if (prefix === undefined) {
    const rel = relative(cwd, resolve(dir));
    prefix = rel === '' ? '' : `${!rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(dir)}/`.replace(/\/\/$/, '/');
    shownDirs.set(key, prefix);
  }
  return prefix + name;
}
