// Lint of a large XENDOMAINS_AUTO on worker threads: each worker reads, compiles
// and checks (the `scope: 'file'` rules) a contiguous slice of the listing, keeps
// no models, and sends back per entry only its kind, facts and text plus the
// findings. The caller runs the host-wide and cross-file rules on those.

import type { Severity } from '../model/diagnostic.js';
import type { AutoEntry } from '../model/auto.js';
import type { AutoListing } from '../host/auto.js';
import { autoEntry } from '../host/auto.js';
import { runOnWorkers, usableThreads } from '../host/workers.js';
import { factsOf } from '../lint/cross-file.js';
import { lintFileRules, type CheckedFiles } from '../lint/engine.js';
import { rules } from '../../rules/index.js';

export const LINT_JOB = 'lint-auto';

/** Below this many AUTO entries, starting workers costs more than it saves. */
const WORTH_IT = 1500;
/** Each worker gets at least this many entries. */
const MIN_SLICE = 500;

interface SliceInput {
  listing: Pick<AutoListing, 'dir' | 'autoValue'>;
  names: string[];
  overrides: Array<[string, Severity | 'off']>;
}

interface SliceOutput {
  entries: AutoEntry[];
  texts: Array<string | undefined>;
  checked: CheckedFiles;
}

/**
 * How many workers to lint `entries` AUTO entries with (0: on this thread): XENDOMAINS_LINT_WORKERS=N
 * when set (tests, or to turn them off with 0), else one per core (up to 8) for a large directory.
 */
export function lintWorkerCount(entries: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.XENDOMAINS_LINT_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), 64);
  const cores = usableThreads();
  return cores < 2 || entries < WORTH_IT ? 0 : Math.min(cores, Math.ceil(entries / MIN_SLICE));
}

export interface WorkerLint {
  entries: AutoEntry[];
  textOf: (entry: AutoEntry) => string | undefined;
  checked: CheckedFiles;
}

/** Lints the listed AUTO entries on `count` workers; the entries come back in glob order, without models. */
export async function lintAutoOnWorkers(listing: AutoListing, overrides: ReadonlyMap<string, Severity | 'off'>, count: number): Promise<WorkerLint> {
  const names = listing.names ?? [];
  const size = Math.ceil(names.length / count);
  const inputs: SliceInput[] = [];
  for (let i = 0; i < names.length || inputs.length === 0; i += size) {
    inputs.push({ listing: { dir: listing.dir, autoValue: listing.autoValue }, names: names.slice(i, i + size), overrides: [...overrides] });
  }
  const outputs = await runOnWorkers<SliceInput, SliceOutput>(LINT_JOB, inputs);
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

/** The worker's side: one slice, read and checked config by config so no model outlives its checks. */
export function lintSlice(input: SliceInput): SliceOutput {
  const options = { rules, overrides: new Map(input.overrides) };
  const out: SliceOutput = { entries: [], texts: [], checked: { diagnostics: [], directives: [] } };
  for (const name of input.names) {
    const { model, ...entry } = autoEntry(input.listing, name);
    if (model) {
      entry.facts = factsOf(model);
      const checked = lintFileRules([model], options);
      out.checked.diagnostics.push(...checked.diagnostics);
      out.checked.directives.push(...checked.directives);
    }
    out.entries.push(entry);
    out.texts.push(model?.text);
  }
  return out;
}
