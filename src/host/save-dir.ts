// Reads XENDOMAINS_SAVE for the planner: each non-hidden entry's type and the
// first 64 KiB of each file (the image header and the config with the
// domain's name). Classifying the entries is src/model/host-state's scanSaveDir.

import { closeSync, lstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SaveEntryInput, SaveEntryType } from '../model/host-state.js';
import { describeFsError } from './files.js';

const HEAD_BYTES = 64 * 1024;

export function readSaveDirectory(dir: string): { entries: SaveEntryInput[]; problem?: string } {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    return { entries: [], problem: describeFsError(error) };
  }
  return { entries: names.filter((n) => !n.startsWith('.')).map((name) => saveEntry(join(dir, name), name)) };
}

function saveEntry(path: string, name: string): SaveEntryInput {
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
