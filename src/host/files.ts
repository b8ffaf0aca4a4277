// Reading input files for the CLI: one clear error line instead of a stack
// trace for missing, unreadable, directory, looping or oversized paths, and
// lossless UTF-8 decoding that keeps a BOM and says where bad bytes start.

import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export type ReadResult =
  | { ok: true; text: string; invalidUtf8Offset?: number }
  | { ok: false; reason: string; kind?: 'directory' | 'other' | 'missing' };

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory, not a file',
  ELOOP: 'too many levels of symbolic links (a symlink loop?)',
  ENOTDIR: 'a component of the path is not a directory',
  ENAMETOOLONG: 'file name too long',
};

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  return (code && REASONS[code]) || (error instanceof Error ? error.message : String(error));
}

/**
 * One open, one fstat, one read per file: linting thousands of configs is mostly this. Opened
 * non-blocking so a FIFO is refused at once instead of hanging; `kind` tells why a path was not read.
 */
export function readTextFile(path: string): ReadResult {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, reason: REASONS.EISDIR!, kind: 'directory' };
    if (!stat.isFile()) return { ok: false, reason: 'not a regular file', kind: 'other' };
    if (stat.size > MAX_INPUT_BYTES) return { ok: false, reason: `too large (${stat.size} bytes; the limit is ${MAX_INPUT_BYTES})` };
    const bytes = Buffer.allocUnsafe(stat.size);
    let filled = 0;
    while (filled < bytes.length) {
      const n = readSync(fd, bytes, filled, bytes.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    return { ok: true, ...decodeUtf8(bytes.subarray(0, filled)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    const missing = code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR';
    return missing ? { ok: false, reason: describeFsError(error), kind: 'missing' } : { ok: false, reason: describeFsError(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function decodeUtf8(bytes: Uint8Array): { text: string; invalidUtf8Offset?: number } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8Byte(bytes);
    return { text: lenient.decode(bytes), invalidUtf8Offset: lenient.decode(bytes.subarray(0, bad)).length };
  }
}

/** Byte index of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/** This boot's id (Linux), which tells a lock left by an earlier boot; undefined when unknown. */
export function readBootId(file = '/proc/sys/kernel/random/boot_id'): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** kill(pid, 0): EPERM means it exists (another user's). */
export function pidAlive(pid: number): boolean | undefined {
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ESRCH' ? false : code === 'EPERM' ? true : undefined;
  }
}
