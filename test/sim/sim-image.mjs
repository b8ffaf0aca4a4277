// xm simulator: save images in XendCheckpoint's layout. `LinuxGuestRecord`,
// a big-endian int32 length, the domain config as one-line SXP, then a
// little-endian uint32 page count and that many 4 KiB pages. Written in chunks
// (a kill mid-write leaves a partial file); read back with xend's error texts.

import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { childValue, flatSxp, readSxp, uuidFor } from './sim-sxp.mjs';
import { sleep } from './sim-state.mjs';

export const SIGNATURE = 'LinuxGuestRecord';
const PAGE = 4096;

/** The config xend stores in the image (XendConfig.to_sxp, abridged). */
export function imageConfig(d) {
  return ['domain', ['domid', d.id], ['uuid', d.uuid ?? uuidFor(d.name, d.id)], ['vcpus', d.vcpus ?? 1], ['name', d.name],
    ['on_poweroff', 'destroy'], ['on_reboot', 'restart'], ['on_crash', 'restart'], ['maxmem', d.maxmem ?? d.memory ?? 128],
    ['memory', d.memory ?? 128], ['image', ['linux', ['kernel', '']]]];
}

function header(d) {
  const config = Buffer.from(flatSxp(imageConfig(d)), 'utf8');
  const len = Buffer.alloc(4);
  len.writeInt32BE(config.length);
  return Buffer.concat([Buffer.from(SIGNATURE, 'latin1'), len, config]);
}

function pageBytes(seed) {
  const p = Buffer.alloc(PAGE);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < PAGE; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    p[i] = x & 255;
  }
  return p;
}

/**
 * Writes the image to an open fd. totalBytes: target size; delayMs: spread the
 * page writes over it; stopAfter: stop after this many bytes (a failing or hung
 * save). Returns the number of bytes written.
 */
export function writeImage(fd, d, { totalBytes = 65536, delayMs = 0, stopAfter = Infinity } = {}) {
  const head = header(d);
  const pages = Math.max(1, Math.ceil((totalBytes - head.length - 4) / PAGE));
  const count = Buffer.alloc(4);
  count.writeUInt32LE(pages);
  const chunks = [Buffer.concat([head, count])];
  const page = pageBytes(d.id + 1);
  for (let i = 0; i < pages; i++) chunks.push(page);
  const pause = delayMs / chunks.length;
  let written = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, Math.max(0, Math.min(chunk.length, stopAfter - written)));
    if (part.length === 0) break;
    let off = 0;
    while (off < part.length) off += writeSync(fd, part, off, part.length - off);
    written += part.length;
    if (written >= stopAfter) break;
    sleep(pause);
  }
  return written;
}

/** xend refused the image; the message is xend's. */
export class ImageError extends Error {}

function readAt(fd, pos, len) {
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const n = readSync(fd, buf, got, len - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** Reads an image's header: { name, config, complete }. Throws ImageError with xend's text. */
export function readImage(file) {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const sig = readAt(fd, 0, SIGNATURE.length);
    if (sig.length < SIGNATURE.length) throw new ImageError('not a valid guest state file: signature read');
    if (sig.toString('latin1') !== SIGNATURE) {
      throw new ImageError(`not a valid guest state file: found '${sig.toString('latin1')}'`);
    }
    const l = readAt(fd, 16, 4);
    if (l.length < 4) throw new ImageError('not a valid guest state file: config size read');
    const len = l.readInt32BE(0);
    const body = len > 0 && len <= 16 << 20 ? readAt(fd, 20, len) : Buffer.alloc(0);
    if (len <= 0 || body.length < len) throw new ImageError('not a valid guest state file: config read');
    const config = readSxp(body.toString('utf8'));
    if (!config) throw new ImageError('not a valid guest state file: config parse');
    const pagesAt = 20 + len;
    const pc = readAt(fd, pagesAt, 4);
    const pages = pc.length === 4 ? pc.readUInt32LE(0) : -1;
    const complete = pages >= 0 && size >= pagesAt + 4 + pages * PAGE;
    const name = childValue(config, 'name');
    const memory = Number.parseInt(childValue(config, 'memory'), 10);
    const vcpus = Number.parseInt(childValue(config, 'vcpus'), 10);
    return {
      name: typeof name === 'string' ? name : undefined,
      memory: Number.isFinite(memory) ? memory : 128,
      vcpus: Number.isFinite(vcpus) ? vcpus : 1,
      uuid: typeof childValue(config, 'uuid') === 'string' ? childValue(config, 'uuid') : undefined,
      complete,
    };
  } finally {
    closeSync(fd);
  }
}
