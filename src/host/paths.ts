// Where the host's files are: the sysconfig, the lock, paths under --root (a
// host path is what the host sees, a local path where this machine reads it),
// whether a local path stays inside --root once symlinks are followed, and how
// paths are shown to the user (relative to the working directory when inside it).

import { existsSync, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { STDIN_NAME, STDIN_PATH } from './files.js';

export const SYSCONFIG_CANDIDATES = ['/etc/sysconfig/xendomains', '/etc/default/xendomains'];
export const LOCK_CANDIDATES = ['/var/lock/subsys/xendomains', '/var/lock/xendomains'];

/** A host path (as the reference script sees it) under --root. */
export function underRoot(root: string | undefined, hostPath: string): string {
  return root ? join(resolve(root), hostPath) : hostPath;
}

/**
 * A local path under --root with its symlinks followed as the host would follow them: an
 * absolute target starts again at the root, `..` stops at it (as in a chroot). Reading a
 * copied host tree this way finds `/etc/xen/auto/web.cfg -> /etc/xen/web.cfg` inside the tree,
 * never this machine's /etc. A part that does not exist is kept as it is, for the reader to report.
 */
export function resolveInRoot(root: string, localPath: string): string {
  const top = resolve(root);
  const rel = relative(top, resolve(localPath));
  if (rel.startsWith('..') || isAbsolute(rel)) return localPath;
  const todo = rel.split('/').filter(Boolean);
  let done = top;
  let hops = 0;
  while (todo.length) {
    const part = todo.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      if (done !== top) done = dirname(done);
      continue;
    }
    const next = join(done, part);
    let target: string | undefined;
    try {
      if (lstatSync(next).isSymbolicLink()) target = readlinkSync(next);
    } catch {
      /* missing or unreadable: kept lexically */
    }
    if (target === undefined) {
      done = next;
      continue;
    }
    if (++hops > 40) return join(next, ...todo); // a loop: the read reports ELOOP
    if (target.startsWith('/')) done = top;
    todo.unshift(...target.split('/').filter(Boolean));
  }
  return done;
}

/** Where this machine reads a host path: under --root, with symlinks followed inside the root (resolveInRoot). */
export function readablePath(root: string | undefined, hostPath: string): string {
  return root ? resolveInRoot(root, underRoot(root, hostPath)) : hostPath;
}

/**
 * The host path of a local file: with --root, the part under the root (`/etc/...`);
 * a file outside the root, or without --root, by its absolute local path. Plans
 * record host paths, so they name the same files on the host and from any directory.
 */
export function hostPathOf(root: string | undefined, localPath: string): string {
  if (localPath === STDIN_NAME || localPath === '-' || localPath === STDIN_PATH) return STDIN_NAME;
  const absolute = resolve(localPath);
  if (!root) return absolute;
  const rel = relative(resolve(root), absolute);
  if (rel === '') return '/';
  return rel.startsWith('..') || isAbsolute(rel) ? absolute : `/${rel.split('\\').join('/')}`;
}

/** Whether a local path lies under --root (lexically, before symlinks). */
export function lexicallyUnder(root: string, localPath: string): boolean {
  const rel = relative(resolve(root), resolve(localPath));
  return !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Why a local path leads out of --root once the symlinks on it are followed
 * (undefined when it stays inside). The deepest part that exists is resolved
 * (realpath); what does not exist yet would be created inside it.
 */
export function escapesRoot(root: string, localPath: string): string | undefined {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return `--root ${root} cannot be resolved`;
  }
  if (!lexicallyUnder(root, localPath)) return `${localPath} is outside --root ${root}`;
  const missing: string[] = [];
  let p = resolve(localPath);
  for (;;) {
    try {
      const real = join(realpathSync(p), ...missing);
      const rel = relative(realRoot, real);
      if (rel.startsWith('..') || isAbsolute(rel)) return `${localPath} leads out of --root ${root} (a symlink resolves it to ${real})`;
      return undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return `${localPath} cannot be resolved under --root ${root}: ${(error as Error).message}`;
      // A dangling symlink: what is created through it lands wherever it points.
      if (isSymlink(p)) return `${localPath} cannot be kept inside --root ${root}: ${p} is a symlink to ${readlinkSync(p)}, which does not exist`;
      if (dirname(p) === p) return undefined;
      missing.unshift(basename(p));
      p = dirname(p);
    }
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The sysconfig to read: --config if given, else the first candidate that exists (else the first, to report it missing). */
export function sysconfigPath(root: string | undefined, config: string | undefined): { path: string; tried: string[] } {
  if (config) return { path: isAbsolute(config) || !root ? config : underRoot(root, config), tried: [config] };
  const tried = SYSCONFIG_CANDIDATES.map((p) => readablePath(root, p));
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
