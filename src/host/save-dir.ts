// Reads XENDOMAINS_SAVE for the planner and lint: each non-hidden entry's type,
// owner and mode, and the first 64 KiB of each file (the image header and the
// config with the domain's name), plus the directory's own owner and mode.
// Classifying the entries is src/model/host-state's scanSaveDir; judging owners is XD4012's.

import { closeSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileOwner, SaveEntryInput, SaveEntryType } from '../model/host-state.js';
import { describeFsError } from './files.js';

const HEAD_BYTES = 64 * 1024;

export function readSaveDirectory(dir: string): { entries: SaveEntryInput[]; owner?: FileOwner; problem?: string } {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    return { entries: [], problem: describeFsError(error) };
  }
  const entries = names.filter((n) => !n.startsWith('.')).map((name) => saveEntry(join(dir, name), name));
  const owner = ownerOf(dir, statSync);
  return owner ? { entries, owner } : { entries };
}

/** The names in a directory (non-hidden, byte order), or undefined when it does not exist or cannot be listed. */
export function listDirectory(dir: string): string[] | undefined {
  try {
    return readdirSync(dir)
      .filter((n) => !n.startsWith('.'))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  } catch {
    return undefined;
  }
}

function ownerOf(path: string, stat: typeof lstatSync): FileOwner | undefined {
  try {
    const st = stat(path);
    return { uid: st.uid, mode: st.mode & 0o7777 };
  } catch {
    return undefined;
  }
}

function saveEntry(path: string, name: string): SaveEntryInput {
  const owner = ownerOf(path, lstatSync);
  const entry = readEntry(path, name);
  return owner ? { ...entry, owner } : entry;
}

function readEntry(path: string, name: string): SaveEntryInput {
  let type: SaveEntryType;
  let size = 0;
  try {
    const link = lstatSync(path).isSymbolicLink();
    const stat = statSync(path);
    size = stat.size;
    type = stat.isDirectory() ? (link ? 'symlink-dir' : 'dir') : stat.isFile() ? (link ? 'symlink-file' : 'file') : 'other';
  } catch {
    return { name, type: 'broken-symlink' };
  }
  if (type !== 'file' && type !== 'symlink-file') return { name, type, size };
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const n = head.length ? readSync(fd, head, 0, head.length, 0) : 0;
    return { name, type, size, head: head.subarray(0, n) };
  } catch {
    return { name, type, size };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
