// Lint of a large XENDOMAINS_AUTO on several threads: this one and each worker read,
// compile and check (the `scope: 'file'` rules) a contiguous slice of the listing,
// keep no models, and return per entry only its kind, facts and text plus the
// findings. The caller runs the host-wide and cross-file rules on those.

import type { Severity } from '../model/diagnostic.js';
import type { AutoEntry } from '../model/auto.js';
import type { DomainConfigModel } from '../model/domain.js';
import type { AutoListing } from '../host/auto.js';
import { autoEntry } from '../host/auto.js';
import { runOnWorkers, usableThreads } from '../host/workers.js';
import { factsOf } from '../lint/cross-file.js';
import { lintFileRules, type CheckedFiles } from '../lint/engine.js';
import { rules } from '../../rules/index.js';

export const LINT_JOB = 'lint-auto';

/** Below this many AUTO entries, slicing and starting workers costs more than it saves. */
const WORTH_IT = 1500;
/** Each thread gets at least this many entries. */
const MIN_SLICE = 500;
/** About how many configs this thread checks while a worker is still starting: its extra share. */
const HEAD_START = 400;

interface SliceInput {
  listing: Pick<AutoListing, 'dir' | 'autoValue' | 'dialect'>;
  names: string[];
  overrides: Array<[string, Severity | 'off']>;
  target?: 'xl' | undefined;
}

interface SliceOutput {
  entries: AutoEntry[];
  texts: Array<string | undefined>;
  checked: CheckedFiles;
}

/**
 * How many worker threads to start for `entries` AUTO entries besides this thread, which checks a share too:
 * XENDOMAINS_LINT_WORKERS=N when set, else one per core beyond the first two (up to 6). undefined for a
 * small directory, whose configs are simply compiled and kept whole.
 */
export function lintWorkerCount(entries: number, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const forced = env.XENDOMAINS_LINT_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), 64);
  if (entries < WORTH_IT) return undefined;
  // One lint thread keeps about 1.3 cores busy (V8 collects garbage and optimises code on helper threads):
  // on 2 cores a worker measured slower than none (bench/lint-domains.mjs), so leave a core to those helpers.
  return Math.max(0, Math.min(usableThreads() - 2, Math.ceil(entries / MIN_SLICE) - 1));
}

export interface WorkerLint {
  entries: AutoEntry[];
  textOf: (entry: AutoEntry) => string | undefined;
  checked: CheckedFiles;
}

/**
 * Lints the listed AUTO entries on this thread and `workers` worker threads, each a contiguous slice;
 * the entries come back in glob order, without models.
 */
export async function lintAutoOnWorkers(listing: AutoListing, overrides: ReadonlyMap<string, Severity | 'off'>, workers: number, target?: 'xl'): Promise<WorkerLint> {
  const names = listing.names ?? [];
  const own = Math.min(names.length, Math.ceil(names.length / (workers + 1) + Math.min(HEAD_START, names.length / (4 * (workers + 1)))));
  const size = Math.ceil((names.length - own) / workers);
  const slice = (from: number, to: number): SliceInput => ({ listing: { dir: listing.dir, autoValue: listing.autoValue, dialect: listing.dialect ?? 'xm' }, names: names.slice(from, to), overrides: [...overrides], target });
  const inputs: SliceInput[] = [];
  for (let from = own; from < names.length; from += size) inputs.push(slice(from, from + size));
  const others = runOnWorkers<SliceInput, SliceOutput>(LINT_JOB, inputs);
  others.catch(() => {}); // awaited below; this thread's slice first
  const outputs = [lintSlice(slice(0, own)), ...(await others)];
  const texts = new Map<AutoEntry, string | undefined>();
  const entries: AutoEntry[] = [];
  const checked: CheckedFiles = { diagnostics: [], directives: [] };
  for (const out of outputs) {
    out.entries.forEach((entry, i) => {
      entries.push(entry);
      texts.set(entry, out.texts[i]);
    });
    checked.diagnostics.push(...out.checked.diagnostics);
    checked.directives.push(...out.checked.directives);
  }
  return { entries, textOf: (entry) => texts.get(entry), checked };
}

/** Configs compiled and checked together: few enough that no model lives long (cheap to collect). */
const BATCH = 32;

/** One thread's slice, read and checked a small batch at a time so no model outlives its checks. */
export function lintSlice(input: SliceInput): SliceOutput {
  const options = { rules, overrides: new Map(input.overrides), target: input.target };
  const out: SliceOutput = { entries: [], texts: [], checked: { diagnostics: [], directives: [] } };
  for (let from = 0; from < input.names.length; from += BATCH) {
    const models: DomainConfigModel[] = [];
    for (const name of input.names.slice(from, from + BATCH)) {
      const { model, ...entry } = autoEntry(input.listing, name);
      if (model) {
        entry.facts = factsOf(model);
        models.push(model);
      }
      out.entries.push(entry);
      out.texts.push(model?.text);
    }
    const checked = lintFileRules(models, options);
    out.checked.diagnostics.push(...checked.diagnostics);
    out.checked.directives.push(...checked.directives);
  }
  return out;
}
