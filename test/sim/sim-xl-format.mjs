// xl simulator: what xl prints and writes (spec xl-xendomains.md §10): libxl
// JSON in yajl's beautify layout (`xl list -l`, the dry run, the config inside
// a save image), the save image's 48-byte header, and reading one back with
// `xl restore`'s error texts. The domains themselves live in the xm simulator's state file.

import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { uuidFor } from './sim-sxp.mjs';
import { sleep } from './sim-state.mjs';

/** yajl_gen_beautify with a 4-space indent: empty objects/arrays as `{`, an empty line, `}`. */
export function yajl(value, depth = 0) {
  const pad = '    '.repeat(depth);
  const inner = '    '.repeat(depth + 1);
  if (Array.isArray(value)) {
    if (!value.length) return `[\n\n${pad}]`;
    return `[\n${value.map((v) => inner + yajl(v, depth + 1)).join(',\n')}\n${pad}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (!keys.length) return `{\n\n${pad}}`;
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${yajl(value[k], depth + 1)}`).join(',\n')}\n${pad}}`;
  }
  return JSON.stringify(value);
}

/** Domain-0 and the xenstore stub domain: the minimal config xen-init-dom0 / init-xenstore-domain store. */
const minimal = (d) => d.id === 0 || d.xenstore;

/**
 * A domain's libxl_domain_config as `xl list -l` prints it (§10.2): c_info with
 * `domid` 4294967295 and a UUID for ordinary domains, b_info, the channels whose
 * `name` keys the script mistakes for domain names (X5), the on_* actions.
 */
export function domainConfig(d, { forImage = false, dryRun = false } = {}) {
  const memkb = (d.memory ?? 128) * 1024;
  if (minimal(d)) {
    return { c_info: { type: 'pv', name: d.name }, b_info: { max_vcpus: d.vcpus ?? 1, max_memkb: memkb, target_memkb: memkb } };
  }
  const c_info = { type: d.type ?? 'pv', name: d.name };
  if (!dryRun) c_info.domid = forImage ? 0 : 4294967295;
  c_info.uuid = d.uuid ?? uuidFor(d.name, d.id ?? 0);
  c_info.run_hotplug_scripts = 'True';
  const config = {
    c_info,
    b_info: { max_vcpus: d.vcpus ?? 1, avail_vcpus: [0], max_memkb: memkb, target_memkb: memkb, [`type.${d.type ?? 'pv'}`]: {} },
  };
  if (d.channels?.length) config.channels = d.channels.map((name, devid) => ({ devid, name, 'connection.pty': {} }));
  Object.assign(config, { on_poweroff: 'destroy', on_reboot: 'restart', on_watchdog: 'destroy', on_crash: 'destroy', on_soft_reset: 'soft_reset' });
  return config;
}

/** `xl list -l`: the array by domid, config-less domains left out (X10); yajl's newline plus puts'. */
export function listLong(domains) {
  const shown = [...domains].filter((d) => !d.noConfig).sort((a, b) => a.id - b.id);
  return `${yajl(shown.map((d) => ({ domid: d.id, config: domainConfig(d) })))}\n\n`;
}

/** `xl list`: the header and one row per domain (§9.3). */
export function listBrief(domains) {
  const rows = [...domains].sort((a, b) => a.id - b.id).map((d) => {
    const st = (d.state ?? '-b----').padEnd(6, '-').slice(0, 6);
    return `${d.name.padEnd(40)} ${String(d.id).padStart(5)} ${String(d.memory ?? 128).padStart(5)} ${String(d.vcpus ?? 1).padStart(5)}     ${st}  ${(d.cpuTime ?? 0).toFixed(1).padStart(8)}`;
  });
  return [`${'Name'.padEnd(40)}ID   Mem VCPUs\tState\tTime(s)`, ...rows].join('\n') + '\n';
}

// ---------------------------------------------------------------- save images (§10.5)

export const MAGIC = 'Xen saved domain, xl format\n \0 \r';
const HEADER = 48;
const PAGE = 4096;

/** The header and config `xl save` writes before the stream. */
export function imageHead(d) {
  const config = Buffer.from(`${yajl(domainConfig(d, { forImage: true }))}\n\0`, 'utf8');
  const head = Buffer.alloc(HEADER + 4);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(0x01020304, 32);
  head.writeUInt32LE(3, 36);
  head.writeUInt32LE(0, 40);
  head.writeUInt32LE(4 + config.length, 44);
  head.writeUInt32LE(config.length, 48);
  return Buffer.concat([head, config]);
}

/** The migration stream v2: `LibxlFmt`, a page count, the pages, an end record. */
function stream(d, pages) {
  const start = Buffer.alloc(16);
  start.write('LibxlFmt', 0, 'latin1');
  start.writeUInt32LE(2, 8);
  start.writeUInt32LE(pages, 12);
  const page = Buffer.alloc(PAGE, (d.id * 37 + 11) & 255);
  return [start, ...Array.from({ length: pages }, () => page), Buffer.from('END\0END\0', 'latin1')];
}

/**
 * Writes header, config and stream to fd; `stopAfter` cuts it (a failing or
 * killed save leaves such a file, X12); `delayMs` is spread over the chunks.
 */
export function writeXlImage(fd, d, { totalBytes = 65536, delayMs = 0, stopAfter = Infinity } = {}) {
  const head = imageHead(d);
  const pages = Math.max(1, Math.ceil((totalBytes - head.length - 24) / PAGE));
  const chunks = [head, ...stream(d, pages)];
  const pause = delayMs / chunks.length;
  let written = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, Math.max(0, Math.min(chunk.length, stopAfter - written)));
    if (!part.length) break;
    let off = 0;
    while (off < part.length) off += writeSync(fd, part, off, part.length - off);
    written += part.length;
    if (written >= stopAfter) break;
    sleep(pause);
  }
  return written;
}

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

/** Reads an image as xl restore does (§9.5): { name, memory, uuid, channels, complete, info } or RestoreError. */
export function readXlImage(file) {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = readAt(fd, 0, HEADER + 4);
    if (head.length < HEADER) {
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
    if (optionalLength < 4 || head.length < HEADER + 4) throw new RestoreError(`${info}Config file not specified and none in save file\n`);
    const configLength = u32(48);
    const config = readAt(fd, HEADER + 4, Math.min(configLength, 16 << 20));
    if (config.length < configLength) throw new RestoreError(`${info}xl: fatal error: truncated config\n`);
    let parsed;
    try {
      parsed = JSON.parse(config.subarray(0, config.indexOf(0) >= 0 ? config.indexOf(0) : config.length).toString('utf8'));
    } catch {
      throw new RestoreError(`${info} Savefile contains xl domain config in JSON format\nParsing config from <saved>\nlibxl: error: libxl_json.c: failed to parse the saved config\n`);
    }
    const streamAt = HEADER + 4 + configLength;
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
  } finally {
    closeSync(fd);
  }
}
