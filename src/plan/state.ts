// Host state for the planner: the running domains (from a captured or live
// `xm list -l`, our JSON snapshot, or `xl list -l` JSON) and the save
// directory scan. Pure: the host layer reads files and runs xm; this module
// only interprets bytes and text. Planning decisions are made elsewhere.

import type { ErrorObject } from 'ajv';
import { parseSxp, type SxpField, type SxpList } from '../../grammar/sxp/parser.js';
import { sxpAtomText } from '../../grammar/sxp/repr.js';
import { validateState } from '../generated/validators.js';
import { fileSpan, LineIndex, type Span } from '../model/span.js';
import type { DomainState, HostState, StateProblem } from '../model/host-state.js';

export type { DomainState, HostState, StateProblem } from '../model/host-state.js';
export { scanSaveDir, imageDomainName, xlImageInfo, type SaveEntry, type SaveEntryInput, type SaveEntryType, type FileOwner } from '../model/host-state.js';

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
type XlJson = Array<{ domid: number; config: { c_info: { name: string }; b_info?: { target_memkb?: number } } & Record<string, unknown> }>;

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
      const nested = nestedNames(d.config);
      if (nested.length) out.nestedNames = nested;
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

/**
 * Every other string-valued `"name"` key of an `xl list -l` config, in the order
 * xl prints them (channels, vsnd PCMs, PCI devices): each one re-runs the
 * reference's stop body for the same domid (X5).
 */
function nestedNames(config: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'name' && typeof inner === 'string') found.push(inner);
        else walk(inner);
      }
    }
  };
  for (const [key, value] of Object.entries(config)) if (key !== 'c_info') walk(value);
  return found;
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

