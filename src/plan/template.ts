// Step templates: one domain's stop chain (and the start steps) as the planner
// decides it from the settings alone, with the run-time facts (domid, name,
// image, config) left as slots. The planner instantiates them per domain; the
// compiled init script (src/report/init-script.ts) emits the same templates as sh.

import type { Next, Phase, PlanStep, Toolstack } from './types.js';

/** A value known only at run time. */
export type Slot = 'domid' | 'name' | 'image' | 'config';

/** One argv word: literal text and slots, concatenated. */
export type TemplateWord = Array<string | { slot: Slot }>;

export interface StepTemplate {
  phase: Phase;
  argv: TemplateWord[];
  timeoutSeconds: number | null;
  sleepAfterMicros: number;
  sleepWhen: 'always' | 'success';
  onSuccess: Next;
  onFailure: Next;
  image?: TemplateWord;
  ensureDir?: string;
  deleteOnSuccess?: boolean;
  onlyIfDomainsRemain?: boolean;
  /** Dropped for a domain whose name is not a safe file name (the save image is named after it). */
  needsSafeName?: boolean;
}

export interface Bindings {
  domid?: number;
  name?: string;
  image?: string;
  config?: string;
}

// The toolstack builds argv from plain values; these markers stand in for the slots and are found again in its words.
const DOMID_MARKER = Number.MIN_SAFE_INTEGER + 1987;
const MARK = { name: '\u0000xd-name\u0000', image: '\u0000xd-image\u0000', config: '\u0000xd-config\u0000', domid: String(DOMID_MARKER) } as const;
const MARKERS = new RegExp(`(${Object.values(MARK).map((m) => m.replace(/[-]/g, '\\-')).join('|')})`);
const SLOT_OF = new Map<string, Slot>(Object.entries(MARK).map(([slot, m]) => [m, slot as Slot]));

/** Splits one word the toolstack produced into literal parts and slots. */
function templateWord(word: string): TemplateWord {
  const out: TemplateWord = [];
  for (const part of word.split(MARKERS)) {
    if (part === '') continue;
    const slot = SLOT_OF.get(part);
    out.push(slot ? { slot } : part);
  }
  return out;
}

/** A toolstack argv, built with markers in place of the run-time values, as a template. */
export function argvTemplate(build: (m: { domid: number; name: string; image: string; config: string }) => string[]): TemplateWord[] {
  return build({ domid: DOMID_MARKER, name: MARK.name, image: MARK.image, config: MARK.config }).map(templateWord);
}

/** A literal word (no slots) as a template word. */
export function literal(text: string): TemplateWord {
  return [text];
}

export function bindWord(word: TemplateWord, b: Bindings): string {
  let out = '';
  for (const part of word) {
    if (typeof part === 'string') out += part;
    else {
      const v = b[part.slot];
      if (v === undefined) throw new Error(`template slot ${part.slot} is not bound`);
      out += String(v);
    }
  }
  return out;
}

export interface StopSettings {
  sysrq: string[];
  usleep: number;
  migrate: string[] | undefined;
  /** SAVE as the host sees it, or undefined when no save is configured. */
  savePath: string | undefined;
  shutdown: string[] | undefined;
  timeout: number | null;
}

/**
 * One domain's stop chain: SysRq keys, then migrate → save → shutdown, where a success ends the chain.
 * Every step has the STOP_MAXWAIT watchdog; the reference has none on `xm sysrq` (docs/compat.md D1),
 * which left the whole stop unbounded for any host with SYSRQ set.
 */
export function stopChainTemplate(ts: Toolstack, xm: string, s: StopSettings): StepTemplate[] {
  const out: StepTemplate[] = [];
  for (const key of s.sysrq) {
    out.push({ phase: 'sysrq', argv: argvTemplate((m) => ts.sysrq(xm, m.domid, key)), timeoutSeconds: s.timeout, sleepAfterMicros: s.usleep, sleepWhen: 'always', onSuccess: 'next-step', onFailure: 'next-step' });
  }
  // migrate and save sleep 1000 µs after a success, as the reference does.
  if (s.migrate) {
    const args = s.migrate;
    out.push({ phase: 'migrate', argv: argvTemplate((m) => ts.migrate(xm, m.domid, args)), timeoutSeconds: s.timeout, sleepAfterMicros: 1000, sleepWhen: 'success', onSuccess: 'next-domain', onFailure: 'next-step' });
  }
  if (s.savePath !== undefined) {
    const image: TemplateWord = [`${s.savePath}/`, { slot: 'name' }];
    out.push({
      phase: 'save',
      argv: argvTemplate((m) => ts.save(xm, m.domid, `${s.savePath}/${m.name}`)),
      timeoutSeconds: s.timeout,
      sleepAfterMicros: 1000,
      sleepWhen: 'success',
      onSuccess: 'next-domain',
      onFailure: 'next-step',
      image,
      ensureDir: s.savePath,
      needsSafeName: true,
    });
  }
  if (s.shutdown) {
    const args = s.shutdown;
    out.push({ phase: 'shutdown', argv: argvTemplate((m) => ts.shutdown(xm, m.domid, args)), timeoutSeconds: s.timeout, sleepAfterMicros: 0, sleepWhen: 'success', onSuccess: 'next-domain', onFailure: 'next-domain' });
  }
  return out;
}

export function shutdownAllTemplate(ts: Toolstack, xm: string, args: string[], timeout: number | null): StepTemplate {
  return { phase: 'shutdown-all', argv: argvTemplate(() => ts.shutdownAll(xm, args)), timeoutSeconds: timeout, sleepAfterMicros: 0, sleepWhen: 'success', onSuccess: 'next-domain', onFailure: 'next-domain', onlyIfDomainsRemain: true };
}

/** Restore one image; it is deleted only after the restore succeeded. */
export function restoreTemplate(ts: Toolstack, xm: string): StepTemplate {
  return { phase: 'restore', argv: argvTemplate((m) => ts.restore(xm, m.image)), timeoutSeconds: null, sleepAfterMicros: 0, sleepWhen: 'success', onSuccess: 'next-domain', onFailure: 'next-domain', image: [{ slot: 'image' }], deleteOnSuccess: true };
}

/**
 * One image's restore chain. With a fallback, a failed restore goes on to
 * create the domain from its AUTO config (the executor first moves the image
 * aside, so the next boot does not restore it over the new guest).
 */
export function restoreChainTemplate(ts: Toolstack, xm: string, withFallback: boolean): StepTemplate[] {
  const restore = restoreTemplate(ts, xm);
  if (!withFallback) return [restore];
  return [{ ...restore, onFailure: 'next-step' }, createTemplate(ts, xm, 0)];
}

export function createTemplate(ts: Toolstack, xm: string, createSleep: number): StepTemplate {
  return { phase: 'create', argv: argvTemplate((m) => ts.create(xm, m.config)), timeoutSeconds: null, sleepAfterMicros: createSleep, sleepWhen: 'success', onSuccess: 'next-domain', onFailure: 'next-domain' };
}

export type InstantiatedStep = Omit<PlanStep, 'id' | 'part' | 'chain' | 'lane' | 'domain' | 'domid' | 'config'>;

/**
 * The steps of a chain for one domain (or image, or config). Steps that need a
 * safe file name are dropped when `safeName` is false; the last fallback's
 * failure ends the chain (as `next-step` past the end would).
 */
export function instantiate(template: readonly StepTemplate[], b: Bindings, safeName = true): InstantiatedStep[] {
  const out: InstantiatedStep[] = [];
  for (const t of template) {
    if (t.needsSafeName && !safeName) continue;
    const step: InstantiatedStep = {
      argv: t.argv.map((w) => bindWord(w, b)),
      phase: t.phase,
      timeoutSeconds: t.timeoutSeconds,
      sleepAfterMicros: t.sleepAfterMicros,
      sleepWhen: t.sleepWhen,
      onSuccess: t.onSuccess,
      onFailure: t.onFailure,
    };
    if (t.image !== undefined) step.image = bindWord(t.image, b);
    if (t.ensureDir !== undefined) step.ensureDir = t.ensureDir;
    if (t.deleteOnSuccess !== undefined) step.deleteOnSuccess = t.deleteOnSuccess;
    if (t.onlyIfDomainsRemain !== undefined) step.onlyIfDomainsRemain = t.onlyIfDomainsRemain;
    out.push(step);
  }
  for (let i = out.length - 1; i >= 0; i--) {
    // the last fallback (any step but a sysrq)
    if (out[i]!.phase === 'sysrq') continue;
    out[i]!.onFailure = 'next-domain';
    break;
  }
  return out;
}
