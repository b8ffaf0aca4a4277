// The executor's only door to the machine: running xm, sleeping, the clock,
// the few file operations a plan needs (mkdir -p, rm, rename, exists, lstat), the lock
// files, the journal, the boot id and whether a PID lives. Unit tests hand in fakes; the CLI hands in realHost().
// Deciding what to do with any of it is the executor's job, not this module's.

import { pidAlive, readBootId } from '../host/files.js';
import { appendFileSync, closeSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseStateAuto } from '../plan/state.js';
import { runCommand, type RunResult } from '../host/process.js';
import { sleepFor } from '../host/timers.js';
import { runXmList } from '../host/xm-list.js';

export interface RunRequest {
  /** Watchdog in ms (undefined: none). */
  timeoutMs?: number;
  killGraceMs?: number;
  /** Aborting kills the command at once (a second SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

/** lstat(2), as much as the executor compares: a save's image before and after, a lock, a SAVE entry's owner. */
export interface FileFacts {
  kind: 'file' | 'symlink' | 'dir' | 'other';
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  uid: number;
  mode: number;
}

export type DomainListing = { ok: true; domains: Array<{ id: number; name: string }> } | { ok: false; message: string };

export interface ExecHost {
  run(argv: readonly string[], request: RunRequest): Promise<RunResult>;
  /** Resolves after ms, or early when signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Wall clock, ms since the epoch. */
  now(): number;
  mkdirp(dir: string): void;
  remove(path: string): void;
  rename(from: string, to: string): void;
  /**
   * Moves a file to a name nothing holds, never over anything (a hard link, then the old name
   * removed); false when something is there. Where hard links are refused, an lstat then rename.
   */
  moveNoReplace(from: string, to: string): boolean;
  exists(path: string): boolean;
  /** Creates the file with its content only if nothing (not even a dangling symlink) is there; false when something is. Other errors throw. */
  createExclusive(path: string, content: string, mode?: number): boolean;
  /** Replaces the file's content atomically (a temporary file renamed over it). Throws when it cannot. */
  replaceFile(path: string, content: string): void;
  /** lstat: undefined when nothing is there; other errors throw. */
  lstat(path: string): FileFacts | undefined;
  /** Whether a process with this PID exists (undefined: cannot tell). */
  pidAlive(pid: number): boolean | undefined;
  /** The effective uid: the owner a save image must have to be restored (root on a real host). */
  uid(): number;
  /** The file's text, or undefined when it does not exist. Other errors throw. */
  readFile(path: string): string | undefined;
  /** Appends one line to the journal file (creating its directory); throws when it cannot. */
  appendJournal(path: string, line: string): void;
  /** This boot's id (Linux: /proc/sys/kernel/random/boot_id), undefined when unknown. */
  bootId(): string | undefined;
  pid(): number;
  /** `<xm> list -l`, parsed: what onlyIfDomainsRemain and the final "still running" report look at. */
  /** timeoutMs: default XENDOMAINS_LIST_TIMEOUT (60 s). */
  listDomains(xm: string, timeoutMs?: number): Promise<DomainListing>;
}

export interface RealHostOptions {
  /** A captured state file instead of asking xm (tests, `--state`): read afresh at every call. */
  stateFile?: string;
  /** Where the boot id is read (default /proc/sys/kernel/random/boot_id). */
  bootIdFile?: string;
}

/**
 * `mkdir -p`, one level at a time. Node's own recursive mkdir loops forever on
 * some file systems (under /proc it keeps retrying ENOENT): a stop must never hang on a path.
 */
export function mkdirp(dir: string): void {
  const missing: string[] = [];
  for (let p = resolve(dir); ; p = dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${p}'`), { code: 'ENOTDIR' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.push(p);
      if (dirname(p) === p) break;
    }
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export function realHost(options: RealHostOptions = {}): ExecHost {
  return {
    run: (argv, request) => runCommand(argv, { timeoutMs: request.timeoutMs, killGraceMs: request.killGraceMs, signal: request.signal }),
    sleep: sleepFor,
    now: () => Date.now(),
    mkdirp,
    remove: (path) => unlinkSync(path),
    rename: (from, to) => renameSync(from, to),
    moveNoReplace,
    exists: (path) => existsSync(path),
    createExclusive,
    replaceFile: (path, content) => {
      const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
      tryUnlink(temp);
      writeFileSync(temp, content, { mode: 0o644, flag: 'wx' });
      try {
        renameSync(temp, path);
      } catch (error) {
        tryUnlink(temp);
        throw error;
      }
    },
    lstat: fileFacts,
    pidAlive,
    uid: () => process.geteuid?.() ?? 0,
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    appendJournal: (path, line) => {
      mkdirp(dirname(path));
      appendFileSync(path, line);
    },
    bootId: () => readBootId(options.bootIdFile),
    pid: () => process.pid,
    listDomains: async (xm, timeoutMs) => {
      if (options.stateFile) {
        try {
          return listing(readFileSync(options.stateFile, 'utf8'), options.stateFile);
        } catch (error) {
          return { ok: false, message: `cannot read ${options.stateFile}: ${(error as Error).message}` };
        }
      }
      const r = await runXmList(xm, timeoutMs === undefined ? undefined : timeoutMs / 1000);
      return r.ok ? listing(r.text, `${xm} list -l`) : { ok: false, message: r.message };
    },
  };
}

/**
 * The file appears with its whole content or not at all: written under a
 * temporary name, then hard-linked to the path (link(2) fails on anything
 * there, a dangling symlink too). Where hard links are refused, O_EXCL.
 */
export function createExclusive(path: string, content: string, mode = 0o644): boolean {
  // Hidden, so nothing that walks the directory (rc's /var/lock/subsys/*, restore's SAVE scan) takes it for an entry.
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.new`);
  tryUnlink(temp); // left by a crashed run with our PID; 'wx' never follows a planted symlink
  writeFileSync(temp, content, { mode, flag: 'wx' });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
  } finally {
    tryUnlink(temp);
  }
  let fd: number;
  try {
    fd = openSync(path, 'wx', mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** ExecHost.moveNoReplace on the real file system. */
export function moveNoReplace(from: string, to: string): boolean {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    if (fileFacts(to)) return false;
    renameSync(from, to);
    return true;
  }
  unlinkSync(from);
  return true;
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

export function fileFacts(path: string): FileFacts | undefined {
  let st;
  try {
    st = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const kind = st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  return { kind, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, uid: st.uid, mode: st.mode };
}

function listing(text: string, source: string): DomainListing {
  const state = parseStateAuto(text, source);
  // A damaged listing may be missing domains: callers must treat it as "unknown", never as "none left".
  if (state.problems.length) return { ok: false, message: `${source}: ${state.problems[0]!.message}` };
  return { ok: true, domains: state.domains.map((d) => ({ id: d.id, name: d.name })) };
}
