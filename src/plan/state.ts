// Host state for the planner: the running domains (from a captured or live
// `xm list -l`, our JSON snapshot, or `xl list -l` JSON) and the save
// directory scan. Pure: the host layer reads files and runs xm; this module
// only interprets bytes and text. Planning decisions are made elsewhere.

import { Buffer } from 'node:buffer';
import type { ErrorObject } from 'ajv';
import { parseSxp, type SxpField, type SxpList } from '../../grammar/sxp/parser.js';
import { sxpAtomText } from '../../grammar/sxp/repr.js';
import { validateState } from '../generated/validators.js';
import { fileSpan, LineIndex, type Span } from '../model/span.js';

export interface DomainState {
  id: number;
  /** The name as xend holds it (SXP quoting removed). */
  name: string;
  /** xend's state string, e.g. `-b----`. */
  state?: string;
  /** Current memory in MiB. */
  memory?: number;
  /** xend printed the name as a Python repr (`'db+1'`); see sxpDisplayName. */
  quotedName?: boolean;
}

export interface StateProblem {
  message: string;
  span?: Span;
}

export interface HostState {
  /** In the order the source lists them (xend: byte order of name; xl: domid). Domain-0 (id 0) included. */
  domains: DomainState[];
  source: 'sxp' | 'json' | 'xl-json';
  /** Anything here means the capture is damaged or not what it claims; the domain list may be incomplete. */
  problems: StateProblem[];
}

/**
 * The name as xend prints it in `xm list -l` (bare, or a Python repr). The
 * reference script matches against this printed form, quotes included.
 */
export function sxpDisplayName(name: string): string {
  return sxpAtomText(name);
}

/** Reads every top-level `(domain …)` of `xm list -l`; inactive (no domid) domains are dropped. */
export function parseXmListLong(text: string, file: string): HostState {
  const doc = parseSxp(text, file);
  const problems: StateProblem[] = doc.errors.map((e) => ({ message: e.message, span: e.span }));
  const domains: DomainState[] = [];
  const spans: Array<() => Span> = [];
  let forms = 0;
  let foreign = 0;
  const fields = doc.topFields(FIELDS);
  for (const [index, form] of doc.forms.entries()) {
    if (form.kind !== 'list' || form.head !== 'domain') {
      // Binary junk can make thousands of these; the first few say enough.
      if (++foreign <= MAX_FOREIGN) {
        const what = form.kind === 'atom' ? `atom ${clip(form.value)}` : `form (${clip(form.head ?? '')} …)`;
        problems.push({ message: `unexpected ${what} at top level; \`xm list -l\` prints only (domain …) forms`, span: form.span });
      }
      continue;
    }
    forms++;
    const domain = readDomain(form, fields[index]!, problems);
    if (domain) {
      domains.push(domain);
      spans.push(() => form.span);
    }
  }
  if (foreign > MAX_FOREIGN) {
    problems.push({ message: `${foreign - MAX_FOREIGN} more unexpected top-level forms not shown`, span: fileSpan(file) });
  }
  if (forms === 0) {
    problems.push({
      message: 'no (domain …) forms found; `xm list -l` always lists at least Domain-0 (was xend running?)',
      span: fileSpan(file),
    });
  } else if (!domains.some((d) => d.id === 0)) {
    // A listing cut at a `(domain` boundary still parses: without Domain-0 it is known to be part of one.
    problems.push({ message: 'no Domain-0 (domid 0): `xm list -l` always lists it, so this listing is incomplete (cut short?)', span: fileSpan(file) });
  }
  checkUnique(domains, problems, (i) => spans[i]!());
  return { domains, source: 'sxp', problems };
}

const MAX_FOREIGN = 10;

const FIELDS = ['domid', 'name', 'state', 'memory'] as const;

/** `fields` holds the form's direct `(key value)` children per FIELDS key. */
function readDomain(form: SxpList, fields: SxpField[][], problems: StateProblem[]): DomainState | undefined {
  const value = (k: number) => {
    const found = fields[k]!;
    const first = found[0];
    if (!first) return undefined;
    for (const dup of found.slice(1)) {
      problems.push({ message: `duplicate (${FIELDS[k]} …) in one domain; the first one is used`, span: dup.list.span });
    }
    // A truncated capture can end inside `(name we`: a partial value is worse than none.
    const v = first.value;
    if (!v) problems.push({ message: `(${FIELDS[k]} …) should hold exactly one atom`, span: first.list.span });
    return v ?? null;
  };

  const domid = value(0);
  if (domid === undefined) return undefined; // inactive xend-managed domain (`xm new`): not running
  if (domid === null) return undefined;
  if (domid.quoted || !/^\d+$/.test(domid.value) || !Number.isSafeInteger(Number(domid.value))) {
    problems.push({ message: `domid ${clip(domid.value)} is not a non-negative integer; domain ignored`, span: domid.span });
    return undefined;
  }
  const id = Number(domid.value);
  const name = value(1);
  if (!name || name.value === '') {
    problems.push({ message: `domain with id ${id} has no name; it is ignored`, span: form.span });
    return undefined;
  }
  const domain: DomainState = { id, name: name.value, quotedName: name.quoted };
  const state = value(2);
  if (state) domain.state = state.value;
  const memory = value(3);
  if (memory && /^\d+$/.test(memory.value)) domain.memory = Number(memory.value);
  return domain;
}

/** Two domains with one id or name mean a spliced or hand-edited capture. */
function checkUnique(domains: DomainState[], problems: StateProblem[], spanOf: (index: number) => Span): void {
  const ids = new Set<number>();
  const names = new Set<string>();
  domains.forEach((d, i) => {
    if (ids.has(d.id)) problems.push({ message: `domain id ${d.id} is listed twice`, span: spanOf(i) });
    if (names.has(d.name)) problems.push({ message: `domain name ${sxpDisplayName(d.name)} is listed twice`, span: spanOf(i) });
    ids.add(d.id);
    names.add(d.name);
  });
}

function clip(s: string): string {
  return JSON.stringify(s.length > 40 ? s.slice(0, 40) + '…' : s);
}

// ---------------------------------------------------------------- JSON

/**
 * schema/state.schema.json (standalone-compiled at build) is a oneOf of the two
 * shapes. We already chose the shape, so only that branch's errors are useful:
 * the other branch's all say "must be array" or "must be object".
 */
function validate(data: unknown, branch: 'snapshot' | 'xlList'): ErrorObject[] {
  if (validateState(data)) return [];
  const prefix = `#/definitions/${branch}/`;
  const all = validateState.errors ?? [];
  const mine = all.filter((e) => e.schemaPath.startsWith(prefix));
  return mine.length ? mine : all;
}

interface SnapshotJson {
  domains: Array<{ id: number; name: string; state?: string; memory?: number; quotedName?: boolean }>;
}
type XlJson = Array<{ domid: number; config: { c_info: { name: string }; b_info?: { target_memkb?: number } } }>;

/** Our snapshot `{"domains":[{"id":3,"name":"web"}]}` or `xl list -l` JSON (an array), chosen by shape. */
export function parseStateJson(text: string, file: string): HostState {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let data: unknown;
  try {
    data = JSON.parse(bom ? text.slice(1) : text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) + bom : 0;
    const span = at ? new LineIndex(file, text).span(offset, offset + 1) : fileSpan(file);
    return { domains: [], source: 'json', problems: [{ message: `invalid JSON: ${message.replace(/ in JSON at position.*$/, '')}`, span }] };
  }
  if (Array.isArray(data)) {
    const errors = validate(data, 'xlList');
    if (errors.length) return { domains: [], source: 'xl-json', problems: schemaProblems(errors, file, 'xl list -l output') };
    const domains = (data as XlJson).map((d) => {
      const out: DomainState = { id: d.domid, name: d.config.c_info.name };
      const kb = d.config.b_info?.target_memkb;
      if (kb !== undefined) out.memory = Math.floor(kb / 1024);
      return out;
    });
    const problems: StateProblem[] = [];
    checkUnique(domains, problems, () => fileSpan(file));
    return { domains, source: 'xl-json', problems };
  }
  if (data !== null && typeof data === 'object' && 'domains' in data) {
    const errors = validate(data, 'snapshot');
    if (errors.length) return { domains: [], source: 'json', problems: schemaProblems(errors, file, 'state snapshot') };
    const domains = (data as SnapshotJson).domains.map((d) => {
      const out: DomainState = { id: d.id, name: d.name };
      if (d.state !== undefined) out.state = d.state;
      if (d.memory !== undefined) out.memory = d.memory;
      if (d.quotedName !== undefined) out.quotedName = d.quotedName;
      return out;
    });
    const problems: StateProblem[] = [];
    checkUnique(domains, problems, () => fileSpan(file));
    return { domains, source: 'json', problems };
  }
  return {
    domains: [],
    source: 'json',
    problems: [
      {
        message: 'unrecognised JSON state: expected {"domains":[{"id":3,"name":"web"}]} or the array printed by `xl list -l`',
        span: fileSpan(file),
      },
    ],
  };
}

function schemaProblems(errors: ErrorObject[], file: string, what: string): StateProblem[] {
  const list = errors.slice(0, 10).map((e) => {
    const path = e.instancePath
      .split('/')
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
      .join('');
    const where = path === '' ? '(top level)' : path.replace(/^\./, '');
    return { message: `invalid ${what}: ${where} ${e.message ?? 'is invalid'}`, span: fileSpan(file) };
  });
  if (errors.length > 10) list.push({ message: `invalid ${what}: ${errors.length - 10} more schema errors`, span: fileSpan(file) });
  return list;
}

/** JSON when the first non-blank character is `{` or `[`, else `xm list -l` SXP. */
export function parseStateAuto(text: string, file: string): HostState {
  const first = /[^\s\ufeff]/.exec(text.slice(0, 4096));
  const c = first?.[0];
  return c === '{' || c === '[' ? parseStateJson(text, file) : parseXmListLong(text, file);
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

/** Who owns a file or directory and its permission bits: what XD4011 and the executor's restore check judge. */
export interface FileOwner {
  uid: number;
  /** Permission bits (mode & 0o7777). */
  mode: number;
}

export interface SaveEntry {
  name: string;
  kind: 'image' | 'not-image' | 'directory' | 'empty' | 'unreadable';
  /** The domain name stored in the image's config (what `xm restore` will create). */
  imageName?: string;
  /** The entry's owner and mode, and whether it is a symlink (from the host scan; absent in plans and examples without them). */
  owner?: FileOwner & { symlink: boolean };
}

/** xend's save signature (XendCheckpoint.SIGNATURE). */
const SIGNATURE = 'LinuxGuestRecord';
const MAX_CONFIG = 1 << 24;

/**
 * Classifies the save directory's entries as the reference's restore loop sees
 * them: hidden entries dropped, byte order of name (bash glob in the C locale).
 */
export function scanSaveDir(entries: readonly SaveEntryInput[]): SaveEntry[] {
  return entries
    .filter((e) => !e.name.startsWith('.'))
    .map((e) => ({ e, key: Buffer.from(e.name, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.key, b.key))
    .map(({ e }) => withOwner(e, classify(e)));
}

function withOwner(e: SaveEntryInput, entry: SaveEntry): SaveEntry {
  if (e.owner) entry.owner = { ...e.owner, symlink: e.type.startsWith('symlink') || e.type === 'broken-symlink' };
  return entry;
}

function classify(e: SaveEntryInput): SaveEntry {
  if (e.type === 'dir' || e.type === 'symlink-dir') return { name: e.name, kind: 'directory' };
  if (e.type === 'broken-symlink') return { name: e.name, kind: 'unreadable' };
  if (e.type === 'other') return { name: e.name, kind: 'not-image' };
  const head = e.head;
  if (!head) return { name: e.name, kind: e.size === 0 ? 'empty' : 'unreadable' };
  if (head.length === 0) return { name: e.name, kind: 'empty' };
  if (!hasSignature(head)) return { name: e.name, kind: 'not-image' };
  const imageName = imageDomainName(head);
  return imageName === undefined ? { name: e.name, kind: 'image' } : { name: e.name, kind: 'image', imageName };
}

function hasSignature(head: Uint8Array): boolean {
  if (head.length < SIGNATURE.length) return false;
  for (let i = 0; i < SIGNATURE.length; i++) if (head[i] !== SIGNATURE.charCodeAt(i)) return false;
  return true;
}

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
