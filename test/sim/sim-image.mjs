// The simulators' save images, for both toolstacks. xm: XendCheckpoint's layout —
// `LinuxGuestRecord`, a big-endian int32 length, the domain config as one-line SXP,
// a little-endian uint32 page count and that many 4 KiB pages. xl (spec
// xl-xendomains.md §10.5): the 32-byte magic, byte order, flags, the libxl config
// JSON, then the migration stream. Written in chunks (a kill mid-write leaves a
// partial file); read back with xend's or `xl restore`'s error texts.
// The JSON itself (yajl layout, the domain's libxl config) is sim-xl-format.mjs's.

import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { childValue, flatSxp, readSxp, uuidFor } from './sim-sxp.mjs';
import { delayOf, hangForever, sleep } from './sim-state.mjs';
import { domainConfig, yajl } from './sim-xl-format.mjs';

export const SIGNATURE = 'LinuxGuestRecord';
export const MAGIC = 'Xen saved domain, xl format\n \0 \r';
const XL_HEADER = 48;
const PAGE = 4096;

// ---------------------------------------------------------------- writing

/** The config xend stores in the image (XendConfig.to_sxp, abridged). */
export function imageConfig(d) {
  return ['domain', ['domid', d.id], ['uuid', d.uuid ?? uuidFor(d.name, d.id)], ['vcpus', d.vcpus ?? 1], ['name', d.name],
    ['on_poweroff', 'destroy'], ['on_reboot', 'restart'], ['on_crash', 'restart'], ['maxmem', d.maxmem ?? d.memory ?? 128],
    ['memory', d.memory ?? 128], ['image', ['linux', ['kernel', '']]]];
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

/** xm: signature, config length and SXP, the page count, the pages. */
function xmChunks(d, totalBytes) {
  const config = Buffer.from(flatSxp(imageConfig(d)), 'utf8');
  const len = Buffer.alloc(4);
  len.writeInt32BE(config.length);
  const head = Buffer.concat([Buffer.from(SIGNATURE, 'latin1'), len, config]);
  const pages = Math.max(1, Math.ceil((totalBytes - head.length - 4) / PAGE));
  const count = Buffer.alloc(4);
  count.writeUInt32LE(pages);
  const page = pageBytes(d.id + 1);
  return [Buffer.concat([head, count]), ...Array.from({ length: pages }, () => page)];
}

/** The header and config `xl save` writes before the stream. */
export function imageHead(d) {
  const config = Buffer.from(`${yajl(domainConfig(d, { forImage: true }))}\n\0`, 'utf8');
  const head = Buffer.alloc(XL_HEADER + 4);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(0x01020304, 32);
  head.writeUInt32LE(3, 36);
  head.writeUInt32LE(0, 40);
  head.writeUInt32LE(4 + config.length, 44);
  head.writeUInt32LE(config.length, 48);
  return Buffer.concat([head, config]);
}

/** xl: header and config, then the migration stream v2: `LibxlFmt`, a page count, the pages, an end record. */
function xlChunks(d, totalBytes) {
  const head = imageHead(d);
  const pages = Math.max(1, Math.ceil((totalBytes - head.length - 24) / PAGE));
  const start = Buffer.alloc(16);
  start.write('LibxlFmt', 0, 'latin1');
  start.writeUInt32LE(2, 8);
  start.writeUInt32LE(pages, 12);
  const page = Buffer.alloc(PAGE, (d.id * 37 + 11) & 255);
  return [head, start, ...Array.from({ length: pages }, () => page), Buffer.from('END\0END\0', 'latin1')];
}

/**
 * Writes domain d's image in the toolstack's format to an open fd. totalBytes:
 * target size; delayMs: spread the writes over it; stopAfter: stop after this many
 * bytes (a failing or killed save, X12 on xl). Returns the number of bytes written.
 */
export function writeImage(fd, d, { toolstack = 'xm', totalBytes = 65536, delayMs = 0, stopAfter = Infinity } = {}) {
  const chunks = (toolstack === 'xl' ? xlChunks : xmChunks)(d, totalBytes);
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

/** writeImage in xl's format. */
export const writeXlImage = (fd, d, options = {}) => writeImage(fd, d, { ...options, toolstack: 'xl' });

/**
 * A save's image under its `save` fault, written to fd and closed: a hang stops a third of the way
 * in, calls `onHang()` and hangs, a failure stops half way and throws `failure()`, else the whole image spread over
 * the fault's delay. A `whole` fault (the save completes, then the command hangs or fails) is the caller's.
 */
export function writeSaveImage(fd, d, state, fault, { toolstack, failure, onHang }) {
  const totalBytes = Number(state.imageBytes) > 0 ? Number(state.imageBytes) : 65536;
  try {
    if (fault.hang && !fault.whole) {
      // `xendFinishes: before-shutdown`: the image is already whole when xm is killed (sim-xend.mjs).
      writeImage(fd, d, { toolstack, totalBytes, stopAfter: fault.xendFinishes === 'before-shutdown' ? Infinity : Math.floor(totalBytes / 3) });
      onHang?.();
      hangForever();
    }
    if (fault.fail !== undefined && !fault.whole) {
      writeImage(fd, d, { toolstack, totalBytes, delayMs: delayOf(fault), stopAfter: Math.floor(totalBytes / 2) });
      throw failure();
    }
    writeImage(fd, d, { toolstack, totalBytes, delayMs: delayOf(fault) });
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------- reading

/** xend refused the image; the message is xend's. */
export class ImageError extends Error {}

/** `xl restore` refused the file: stderr text, exit 1. */
export class RestoreError extends Error {}

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

function withFile(file, read) {
  const fd = openSync(file, 'r');
  try {
    return read(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads an image's header as the toolstack's restore does. xm: { name, memory, vcpus,
 * uuid, complete } or ImageError with xend's text; xl: readXlImage's answer.
 */
export function readImage(file, toolstack = 'xm') {
  if (toolstack === 'xl') return readXlImage(file);
  return withFile(file, (fd, size) => {
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
  });
}

/** Reads an image as xl restore does (§9.5): { name, memory, uuid, type, channels, complete, info } or RestoreError. */
export function readXlImage(file) {
  return withFile(file, (fd, size) => {
    const head = readAt(fd, 0, XL_HEADER + 4);
    if (head.length < XL_HEADER) {
      throw new RestoreError(`libxl: error: libxl_stream_read.c:836:stream_header_done: file/stream truncated reading header from ${file}\nxl: fatal error: xl_saverestore.c:94: Protocol error: truncated header\n`);
    }
    if (head.subarray(0, 32).toString('latin1') !== MAGIC) throw new RestoreError('File has wrong magic number - corrupt or for a different tool?\n');
    const little = head.readUInt32LE(32) === 0x01020304;
    if (!little && head.readUInt32BE(32) !== 0x01020304) throw new RestoreError('File has wrong byte order\n');
    const u32 = (off) => (little ? head.readUInt32LE(off) : head.readUInt32BE(off));
    const mandatory = u32(36);
    const optionalLength = u32(44);
    const info = `Loading new save file ${file} (new xl fmt info 0x${mandatory.toString(16)}/0x${u32(40).toString(16)}/${optionalLength})\n`;
    if (mandatory & ~3) throw new RestoreError(`${info}Savefile has mandatory flag(s) 0x${(mandatory & ~3).toString(16)} which are not supported; need newer xl\n`);
    if (optionalLength < 4 || head.length < XL_HEADER + 4) throw new RestoreError(`${info}Config file not specified and none in save file\n`);
    const configLength = u32(48);
    const config = readAt(fd, XL_HEADER + 4, Math.min(configLength, 16 << 20));
    if (config.length < configLength) throw new RestoreError(`${info}xl: fatal error: truncated config\n`);
    let parsed;
    try {
      parsed = JSON.parse(config.subarray(0, config.indexOf(0) >= 0 ? config.indexOf(0) : config.length).toString('utf8'));
    } catch {
      throw new RestoreError(`${info} Savefile contains xl domain config in JSON format\nParsing config from <saved>\nlibxl: error: libxl_json.c: failed to parse the saved config\n`);
    }
    const streamAt = XL_HEADER + 4 + configLength;
    const start = readAt(fd, streamAt, 16);
    const pages = start.length === 16 && start.subarray(0, 8).toString('latin1') === 'LibxlFmt' ? start.readUInt32LE(12) : -1;
    const complete = pages >= 0 && size >= streamAt + 16 + pages * PAGE + 8;
    const c = parsed?.c_info ?? {};
    const memkb = Number(parsed?.b_info?.target_memkb);
    return {
      name: typeof c.name === 'string' ? c.name : undefined,
      uuid: typeof c.uuid === 'string' ? c.uuid : undefined,
      type: typeof c.type === 'string' ? c.type : 'pv',
      memory: Number.isFinite(memkb) ? Math.floor(memkb / 1024) : 128,
      channels: Array.isArray(parsed?.channels) ? parsed.channels.map((ch) => ch?.name).filter((n) => typeof n === 'string') : [],
      complete,
      info: `${info} Savefile contains xl domain config in JSON format\nParsing config from <saved>\n`,
    };
  });
}
