// What a dom0 holds besides its configs, as the model sees it: the running
// domains and the save directory's entries, classified by a toolstack's image
// format (xm: `LinuxGuestRecord` + SXP; xl: `Xen saved domain, xl format` +
// JSON). Pure; lint, rules and the planner share it. Parsing listings is src/plan/state.ts.

import { Buffer } from 'node:buffer';
import { parseSxp } from '../../grammar/sxp/parser.js';
import type { Span } from './span.js';

export interface DomainState {
  id: number;
  /** The name as the toolstack holds it (xend's SXP quoting removed; xl's JSON string decoded). */
  name: string;
  /** xend's state string, e.g. `-b----`. */
  state?: string;
  /** Current memory in MiB. */
  memory?: number;
  /** xend printed the name as a Python repr (`'db+1'`); see sxpDisplayName. */
  quotedName?: boolean;
  /** xl: other `"name"` keys of the domain's stored config (channels, vsnd PCMs, PCI devices), in listing order (X5). */
  nestedNames?: string[];
}

export interface StateProblem {
  message: string;
  span?: Span;
}

export interface HostState {
  /** In the order the source lists them (xend: byte order of name; xl: domid). Domain-0 (id 0) included. */
  domains: DomainState[];
  source: 'sxp' | 'json' | 'xl-json' | 'xl-sxp';
  /** Anything here means the capture is damaged or not what it claims; the domain list may be incomplete. */
  problems: StateProblem[];
  /** xl hosts: the xenstore stub domain's id (`xenstore-read /tool/xenstored/domid`); absent when xenstored runs in dom0. */
  xenstoreDomid?: number;
}

/** A domain the stop loop treats: not Domain-0, not the xenstore stub domain (X9). */
export function isDomU(state: Pick<HostState, 'xenstoreDomid'>, d: { id: number }): boolean {
  return d.id !== 0 && d.id !== state.xenstoreDomid;
}

// ---------------------------------------------------------------- save directory

export type SaveEntryType = 'file' | 'dir' | 'symlink-file' | 'symlink-dir' | 'broken-symlink' | 'other';

export interface SaveEntryInput {
  name: string;
  type: SaveEntryType;
  /** The first bytes of the file (the host reads ~64 KiB); absent when it could not be read. */
  head?: Uint8Array;
  size?: number;
  /** Owner and mode of the entry itself (lstat), when the host could tell. */
  owner?: FileOwner;
}

/** Who owns a file or directory and its permission bits: what XD4012 and the executor's restore check judge. */
export interface FileOwner {
  uid: number;
  /** Permission bits (mode & 0o7777). */
  mode: number;
}

export interface SaveEntry {
  name: string;
  kind: 'image' | 'not-image' | 'directory' | 'empty' | 'unreadable';
  /** The domain name stored in the image's config (what restore will create). */
  imageName?: string;
  /** The entry's owner and mode, and whether it is a symlink (from the host scan; absent in plans and examples without them). */
  owner?: FileOwner & { symlink: boolean };
  /** An image the reference's header test accepts but the toolstack will refuse (xl: X11), and why. */
  damage?: string;
}

/** How a toolstack's save images start, as far as the reference and restore look. */
export interface SaveImageFormat {
  /** What the reference compares, for messages (`LinuxGuestRecord`, `Xen saved domain`). */
  readonly signature: string;
  /** The reference's header test. */
  accepts(head: Uint8Array): boolean;
  /** The domain name stored in the image, or why restore will refuse the image. */
  inspect(head: Uint8Array): { name?: string; damage?: string };
}

/**
 * Classifies the save directory's entries as the reference's restore loop sees
 * them: hidden entries dropped, byte order of name (bash glob in the C locale).
 */
export function scanSaveDir(entries: readonly SaveEntryInput[], format: SaveImageFormat = xmSaveImage): SaveEntry[] {
  return entries
    .filter((e) => !e.name.startsWith('.'))
    .map((e) => ({ e, key: Buffer.from(e.name, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.key, b.key))
    .map(({ e }) => withOwner(e, classify(e, format)));
}

function withOwner(e: SaveEntryInput, entry: SaveEntry): SaveEntry {
  if (e.owner) entry.owner = { ...e.owner, symlink: e.type.startsWith('symlink') || e.type === 'broken-symlink' };
  return entry;
}

function classify(e: SaveEntryInput, format: SaveImageFormat): SaveEntry {
  if (e.type === 'dir' || e.type === 'symlink-dir') return { name: e.name, kind: 'directory' };
  if (e.type === 'broken-symlink') return { name: e.name, kind: 'unreadable' };
  if (e.type === 'other') return { name: e.name, kind: 'not-image' };
  const head = e.head;
  if (!head) return { name: e.name, kind: e.size === 0 ? 'empty' : 'unreadable' };
  if (head.length === 0) return { name: e.name, kind: 'empty' };
  if (!format.accepts(head)) return { name: e.name, kind: 'not-image' };
  const { name, damage } = format.inspect(head);
  const entry: SaveEntry = { name: e.name, kind: 'image' };
  if (name !== undefined) entry.imageName = name;
  if (damage !== undefined) entry.damage = damage;
  return entry;
}

function startsWith(head: Uint8Array, text: string): boolean {
  if (head.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (head[i] !== text.charCodeAt(i)) return false;
  return true;
}

// ---------------------------------------------------------------- xm images

/** xend's save signature (XendCheckpoint.SIGNATURE). */
const XM_SIGNATURE = 'LinuxGuestRecord';
const MAX_CONFIG = 1 << 24;

export const xmSaveImage: SaveImageFormat = {
  signature: XM_SIGNATURE,
  accepts: (head) => startsWith(head, XM_SIGNATURE),
  inspect: (head) => {
    const name = imageDomainName(head);
    return name === undefined ? {} : { name };
  },
};

/** After the signature: a big-endian u32 length, then the domain config as SXP. */
export function imageDomainName(head: Uint8Array): string | undefined {
  if (head.length < 20) return undefined;
  const len = ((head[16]! << 24) | (head[17]! << 16) | (head[18]! << 8) | head[19]!) >>> 0;
  if (len === 0 || len > MAX_CONFIG) return undefined;
  // The host may hand in only a prefix; the name comes early, so a truncated config is still worth parsing.
  const body = head.subarray(20, Math.min(head.length, 20 + len));
  const text = new TextDecoder('utf-8').decode(body);
  const form = parseSxp(text, '<image>').forms[0];
  if (!form || form.kind !== 'list' || form.head !== 'domain') return undefined;
  const name = form.child('name');
  const value = name?.items[1];
  if (!name || !name.closed || name.items.length !== 2 || value?.kind !== 'atom' || value.value === '') return undefined;
  return value.value;
}

// ---------------------------------------------------------------- xl images (spec xl-xendomains §10.5)

/** The 32-byte magic `xl save` writes; the reference compares only the first 16 bytes (up to a newline, X11). */
export const XL_MAGIC = 'Xen saved domain, xl format\n \0 \r';
const XL_SIGNATURE = 'Xen saved domain';
const XL_HEADER = 48;

export const xlSaveImage: SaveImageFormat = {
  signature: XL_SIGNATURE,
  // `head -c 16 | head -n 1` equals the signature: the 16 bytes, no newline among them.
  accepts: (head) => startsWith(head, XL_SIGNATURE),
  inspect: xlImageInfo,
};

/** What `xl restore` will make of an image that passed the reference's 16-byte test. */
export function xlImageInfo(head: Uint8Array): { name?: string; damage?: string } {
  if (head.length < XL_HEADER) return { damage: 'shorter than the 48-byte xl header (xl restore: file/stream truncated)' };
  if (!startsWith(head, XL_MAGIC)) return { damage: 'the 32-byte xl magic is wrong (xl restore: "File has wrong magic number")' };
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const little = view.getUint32(32, true) === 0x01020304;
  if (!little && view.getUint32(32, false) !== 0x01020304) return { damage: 'the byte-order word is wrong (xl restore: "File has wrong byte order")' };
  const mandatory = view.getUint32(36, little);
  if ((mandatory & ~3) !== 0) return { damage: `unknown mandatory flags 0x${mandatory.toString(16)} (xl restore refuses them)` };
  const optionalLength = view.getUint32(44, little);
  if (optionalLength < 4) return { damage: 'no domain config in the image (xl restore: "Config file not specified and none in save file")' };
  const configLength = view.getUint32(48, little);
  if (configLength === 0 || configLength > MAX_CONFIG) return { damage: 'the config length is out of range' };
  if ((mandatory & 1) === 0) return { damage: 'the stored config is not JSON (an image from before Xen 4.3)' };
  const end = Math.min(head.length, XL_HEADER + 4 + configLength);
  const bytes = head.subarray(XL_HEADER + 4, end);
  const nul = bytes.indexOf(0);
  const text = new TextDecoder('utf-8').decode(nul >= 0 ? bytes.subarray(0, nul) : bytes);
  try {
    const name = (JSON.parse(text) as { c_info?: { name?: unknown } }).c_info?.name;
    return typeof name === 'string' && name !== '' ? { name } : { damage: 'the stored config has no c_info.name' };
  } catch {
    // The host reads a prefix only: a config longer than that is cut, not damaged.
    return end < XL_HEADER + 4 + configLength ? {} : { damage: 'the stored config is not valid JSON' };
  }
}
