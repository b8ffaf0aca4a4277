// The planner: settings + AUTO entries + host state → the exact command plan
// of start / stop / restart / status (spec §5–§7), with a note wherever we
// decide differently from the reference (spec §11). Pure: the caller reads the
// host, computes input digests and checks the lock; the executor runs the plan.

import { Buffer } from 'node:buffer';
import type { AutoEntry } from '../model/auto.js';
import { isExactlyTrue, isNonEmpty, words, type Settings, type VariableName } from '../model/settings.js';
import { casePatternMatch, evalCaseAlternatives, expandedPattern, grepWordMatch, joinNames } from '../model/shell-match.js';
import { isDomU, type DomainState, type HostState, type SaveEntry } from '../model/host-state.js';
import { microsToSeconds, planTime } from './timing.js';
import { xmToolstack } from './toolstack-xm.js';
import { createTemplate, instantiate, restoreChainTemplate, restoreTemplate, shutdownAllTemplate, stopChainTemplate, type InstantiatedStep, type StepTemplate } from './template.js';
import { QUARANTINE_DIR, type NoteKind, type Plan, type PlanNote, type PlanStep, type PlanVerb, type StatusReport, type Toolstack } from './types.js';

export interface PlanInput {
  settings: Settings;
  /** The AUTO glob's entries in order; undefined when AUTO is missing or holds nothing (the reference then skips the auto phase). */
  auto: AutoEntry[] | undefined;
  /** SAVE's non-hidden entries in byte order (scanSaveDir); empty when SAVE is missing or empty. */
  saved: SaveEntry[];
  /** SAVE as the host sees it (the prefix of every save/restore path). */
  savePath: string;
  state: HostState;
  lockPresent: boolean;
  /** The toolstack executable (xm or xl) as given: argv[0] of every step. */
  xm: string;
  /** sha256 of every input file, by path (computed by the caller). */
  inputs: Record<string, string>;
  /** Default `/var/lock/subsys/xendomains`. */
  lockFile?: string;
  /** Default: xm. */
  toolstack?: Toolstack;
  /** The entries of SAVE's quarantine directory (QUARANTINE_DIR), when it exists: for `status`. */
  quarantined?: string[];
}

export const DEFAULT_LOCK_FILE = '/var/lock/subsys/xendomains';
export const ALREADY_RUNNING = 'xendomains already running (lockfile exists)';

type NewStep = Omit<PlanStep, 'id' | 'part' | 'chain' | 'sleepAfterMicros' | 'sleepWhen' | 'lane' | 'timeoutSeconds'> &
  Partial<Pick<PlanStep, 'sleepAfterMicros' | 'sleepWhen' | 'lane' | 'timeoutSeconds'>>;

/** Collects steps and notes; chains are numbered in creation order. */
class Builder {
  readonly steps: PlanStep[] = [];
  readonly notes: PlanNote[] = [];
  private chains = 0;
  part: 'stop' | 'start' = 'stop';

  constructor(readonly input: PlanInput, readonly ts: Toolstack) {}

  chain(): number {
    return ++this.chains;
  }

  add(chain: number, step: NewStep): PlanStep {
    const full: PlanStep = {
      id: this.steps.length + 1,
      part: this.part,
      chain,
      argv: step.argv,
      domain: step.domain,
      domid: step.domid,
      phase: step.phase,
      lane: step.lane ?? null,
      timeoutSeconds: step.timeoutSeconds ?? null,
      sleepAfterMicros: step.sleepAfterMicros ?? 0,
      sleepWhen: step.sleepWhen ?? 'success',
      onSuccess: step.onSuccess,
      onFailure: step.onFailure,
    };
    // Only the fields a phase uses, so the JSON stays as small as the contract.
    if (step.image !== undefined) full.image = step.image;
    if (step.ensureDir !== undefined) full.ensureDir = step.ensureDir;
    if (step.deleteOnSuccess !== undefined) full.deleteOnSuccess = step.deleteOnSuccess;
    if (step.onlyIfDomainsRemain !== undefined) full.onlyIfDomainsRemain = step.onlyIfDomainsRemain;
    if (step.config !== undefined) full.config = step.config;
    this.steps.push(full);
    return full;
  }

  /** A template step bound to its subject (no object spread: `plan stop` runs this for thousands of domains). */
  addInstance(chain: number, step: InstantiatedStep, domain: string | null, domid: number | null, lane: number | null, config?: string): PlanStep {
    // What add() makes of it, built in one go (a stop plan has a step per AUTO domain and phase): same fields, same order.
    const full: PlanStep = {
      id: this.steps.length + 1,
      part: this.part,
      chain,
      argv: step.argv,
      domain,
      domid,
      phase: step.phase,
      lane,
      timeoutSeconds: step.timeoutSeconds,
      sleepAfterMicros: step.sleepAfterMicros,
      sleepWhen: step.sleepWhen,
      onSuccess: step.onSuccess,
      onFailure: step.onFailure,
    };
    if (step.image !== undefined) full.image = step.image;
    if (step.ensureDir !== undefined) full.ensureDir = step.ensureDir;
    if (step.deleteOnSuccess !== undefined) full.deleteOnSuccess = step.deleteOnSuccess;
    if (step.onlyIfDomainsRemain !== undefined) full.onlyIfDomainsRemain = step.onlyIfDomainsRemain;
    if (config !== undefined) full.config = config;
    this.steps.push(full);
    return full;
  }

  note(kind: NoteKind, quirk: string | null, domain: string | null, message: string): void {
    this.notes.push({ kind, quirk, domain, message });
  }
}

// ---------------------------------------------------------------- settings

/** A microsecond count as usleep takes it; anything else is no pause. */
function micros(b: Builder, name: VariableName, what: string): number {
  const value = b.input.settings[name].value;
  if (value !== null && /^[0-9]+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  const shown = value === null ? `${name} is unset` : `${name}=${JSON.stringify(value)} is not a whole number of microseconds`;
  b.note('info', 'Q19', null, `${shown}: no pause ${what} (the reference runs \`usleep\` with that argument: no pause with its fallback, an error or its own default with a usleep binary; XD2004)`);
  return 0;
}

/** STOP_MAXWAIT as a watchdog: a positive whole number of seconds, else none (the reference's watchdog never kills then). */
function watchdog(b: Builder): number | null {
  const value = b.input.settings.XENDOMAINS_STOP_MAXWAIT.value;
  if (value !== null && /^[0-9]+$/.test(value) && Number(value) > 0 && Number.isSafeInteger(Number(value))) return Number(value);
  const shown = value === null ? 'XENDOMAINS_STOP_MAXWAIT is unset' : `XENDOMAINS_STOP_MAXWAIT=${JSON.stringify(value)}`;
  // Past 2^53 s the reference's `seq 0 N` loop outlives any host: as good as none, and not countable here.
  const why = value !== null && /^[0-9]+$/.test(value) && Number(value) > 0 ? ' is too large to count (over 2^53 s): effectively' : ':';
  b.note('info', null, null, `${shown}${why} no watchdog, so a hung ${b.ts.name} sysrq/migrate/save/shutdown blocks the stop forever, as in the reference (XD2009)`);
  return null;
}

/** Our extension: how many domains stop at once. */
function parallelLanes(b: Builder): number {
  const value = b.input.settings.XENDOMAINS_STOP_PARALLEL.value;
  if (value === null) return 1;
  if (/^[0-9]+$/.test(value) && Number(value) >= 1 && Number.isSafeInteger(Number(value))) return Number(value);
  b.note('info', null, null, `XENDOMAINS_STOP_PARALLEL=${JSON.stringify(value)} is not a whole number of at least 1: domains stop one at a time (XD2012)`);
  return 1;
}

/** A file name `xm save` / `xl save` can write and `rm` can delete without surprises. */
export function isSafeFileName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name !== '' && !name.includes('/') && !name.startsWith('-') && !name.startsWith('.') && !/[\x00-\x1f\x7f]/.test(name);
}

const SHELL_SPECIAL = /[\s*?[\]]/;

// ---------------------------------------------------------------- stop

interface StopOutcome {
  /** Domains the plan stops one by one, with the phase expected to finish each (all succeed): migrate, save or shutdown. */
  stopped: Map<string, 'migrate' | 'save' | 'shutdown'>;
  shutdownAll: boolean;
  lanes: number;
}

function buildStop(b: Builder): StopOutcome {
  const { settings: s, xm, state, savePath } = b.input;
  const ts = b.ts;
  const domUs = state.domains.filter((d) => isDomU(state, d));
  for (const d of state.domains) {
    if (d.id !== 0 && !isDomU(state, d)) b.note('info', 'X9', d.name, `${d.name} (id ${d.id}) is the xenstore domain: never stopped, as in the reference`);
  }
  const treated = autoOnlyFilter(b, domUs);
  const lanes = parallelLanes(b);
  const sysrq = words(s.XENDOMAINS_SYSRQ.value);
  const migrate = isNonEmpty(s.XENDOMAINS_MIGRATE.value) ? words(s.XENDOMAINS_MIGRATE.value) : undefined;
  const saving = isNonEmpty(s.XENDOMAINS_SAVE.value);
  const shutdown = isNonEmpty(s.XENDOMAINS_SHUTDOWN.value) ? words(s.XENDOMAINS_SHUTDOWN.value) : undefined;
  const shutdownAll = isNonEmpty(s.XENDOMAINS_SHUTDOWN_ALL.value) && domUs.length > 0;
  const usleep = sysrq.length && treated.length ? micros(b, 'XENDOMAINS_USLEEP', 'after each SysRq key') : 0;
  const guarded = (treated.length > 0 && (sysrq.length > 0 || migrate || saving || shutdown)) || shutdownAll;
  const timeout = guarded ? watchdog(b) : null;
  const remark = (phase: 'migrate' | 'shutdown' | 'shutdown-all', args: readonly string[]) => {
    const r = ts.wordsRemark(phase, args);
    if (r) b.note('info', r.quirk, null, r.message);
  };
  if (sysrq.length && treated.length && timeout !== null) {
    b.note('divergence', 'D1', null, `each ${ts.name} sysrq has the STOP_MAXWAIT watchdog (${timeout} s); the reference runs it unguarded, so a hung sysrq blocks its stop forever`);
  }
  if (migrate && treated.length) remark('migrate', migrate);
  if (shutdown && treated.length) remark('shutdown', shutdown);
  if (shutdownAll) remark('shutdown-all', words(s.XENDOMAINS_SHUTDOWN_ALL.value));
  if (saving && treated.length && SHELL_SPECIAL.test(savePath)) {
    b.note('divergence', 'Q16', null, `SAVE ${JSON.stringify(savePath)} holds blanks or glob characters: we pass it as one argument; the reference splits and expands it`);
  }

  const template = stopChainTemplate(ts, xm, { sysrq, usleep, migrate, savePath: saving ? savePath : undefined, shutdown, timeout });
  const stopped = new Map<string, 'migrate' | 'save' | 'shutdown'>();
  treated.forEach((d, index) => {
    const lane = (index % lanes) + 1;
    const chain = b.chain();
    const domain = d.name;
    const domid = d.id;
    for (const r of ts.stopRemarks(d, saving ? savePath : '')) b.note('divergence', r.quirk, domain, r.message);
    const safe = isSafeFileName(d.name);
    if (saving) {
      const listed = ts.listedName(d.name);
      if (!safe) {
        b.note('divergence', 'Q8', d.name, `no save for ${JSON.stringify(d.name)}: not a safe file name (empty, \`/\`, leading \`-\` or \`.\`, control characters); the reference runs \`${ts.name} save ${d.id} ${savePath}/${listed}\``);
      } else if (listed !== d.name) {
        b.note('divergence', 'Q8', d.name, `the save image is ${savePath}/${d.name}; the reference names it after the listed name with its SXP quotes: ${savePath}/${listed}`);
      }
    }
    const steps = instantiate(template, { domid, name: domain }, safe);
    for (const step of steps) b.addInstance(chain, step, domain, domid, lane);
    const first = steps.find((s) => s.phase !== 'sysrq');
    if (first) stopped.set(d.name, first.phase as 'migrate' | 'save' | 'shutdown');
    else b.note('info', null, d.name, `no migrate, save or shutdown is configured: ${d.name} ${shutdownAll ? 'is left to the final shutdown of all domains' : 'is left running'}`);
  });

  if (shutdownAll) {
    b.addInstance(b.chain(), instantiate([shutdownAllTemplate(ts, xm, words(s.XENDOMAINS_SHUTDOWN_ALL.value), timeout)], {})[0]!, null, null, null);
  }
  return { stopped, shutdownAll, lanes };
}

/** XENDOMAINS_AUTO_ONLY: only domains named by an AUTO config, matched exactly (the reference: §6.2b, Q7–Q9). */
function autoOnlyFilter(b: Builder, domUs: DomainState[]): DomainState[] {
  if (!isExactlyTrue(b.input.settings.XENDOMAINS_AUTO_ONLY.value)) return domUs;
  const entries = b.input.auto ?? [];
  const nameOf = (e: AutoEntry) => (e.kind === 'config' && e.model ? b.ts.configName(e.model) : undefined);
  const known = new Set(entries.flatMap((e) => nameOf(e) ?? []));
  const unknown = entries.filter((e) => nameOf(e) === undefined).map((e) => e.basename);
  // The reference's NAMES: each entry's dry-run name as xm prints it, '' when the dry run fails.
  const reference = evalCaseAlternatives(joinNames(entries.map((e) => (e.kind === 'config' && e.model ? b.ts.referenceName(e.model) : ''))));
  const kept = domUs.filter((d) => known.has(d.name));

  if (entries.length === 0) {
    b.note('divergence', 'Q9', null, 'AUTO_ONLY=true but AUTO holds no config: no domain is stopped one by one' + (domUs.length ? `; the reference's name filter is empty, a bash syntax error, so it would treat every domain (${domUs.map((d) => d.name).join(', ')})` : ''));
  } else if (unknown.length) {
    b.note('divergence', 'Q9', null, `AUTO_ONLY: the domain name of ${unknown.join(', ')} is unknown; filtering by the names that are known${'error' in reference ? ` (the reference's filter has ${reference.error}, a bash syntax error, so it would filter nothing)` : ''}`);
  } else if ('error' in reference) {
    b.note('divergence', 'Q9', null, `AUTO_ONLY: the reference's name filter has ${reference.error}; bash cannot parse it, so the reference would filter nothing`);
  }
  for (const d of domUs) {
    const ours = known.has(d.name);
    const listed = b.ts.listedName(d.name);
    const theirs = 'error' in reference || reference.alternatives.some((alt) => casePatternMatch(alt, listed));
    if (!ours) {
      const all = b.input.settings.XENDOMAINS_SHUTDOWN_ALL.value;
      const fate = isNonEmpty(all) ? `; the final \`${b.ts.shutdownAll(b.input.xm, words(all)).join(' ')}\` still halts it, unsaved` : '; it is left running';
      b.note('skip', null, d.name, `${d.name} is not named by an AUTO config (AUTO_ONLY): no migrate, save or shutdown of its own${fate}${unknown.length ? `; it may be the domain of ${unknown.join(', ')}, whose name is unknown` : ''}`);
    }
    if (ours !== theirs) {
      const quirk = 'error' in reference ? 'Q9' : listed !== d.name ? 'Q8' : 'Q7';
      const why =
        quirk === 'Q9' ? 'its filter does not parse' : quirk === 'Q8' ? `it compares the listed name ${listed} with the unquoted config names` : 'its filter matches names as glob patterns';
      b.note('divergence', quirk, d.name, `the reference would ${theirs ? 'stop' : 'skip'} ${d.name}: ${why}`);
    }
  }
  return kept;
}

// ---------------------------------------------------------------- start

function buildStart(b: Builder, running: ReadonlySet<string>, saved: readonly SaveEntry[], lockPresent: boolean): Plan['outcome'] {
  if (lockPresent) return { code: 'already-running', message: ALREADY_RUNNING };
  const { settings: s, xm, savePath, auto } = b.input;
  const ts = b.ts;
  const nameOf = (e: AutoEntry) => (e.kind === 'config' && e.model ? ts.configName(e.model) : undefined);
  const autoConfigs = new Map<string, AutoEntry>();
  for (const e of auto ?? []) {
    const name = nameOf(e);
    if (name !== undefined && !autoConfigs.has(name)) autoConfigs.set(name, e);
  }
  const autoNames = new Set(autoConfigs.keys());

  // Restore phase (§5.1): every image, whatever AUTO says (Q14).
  const restoreRuns = isExactlyTrue(s.XENDOMAINS_RESTORE.value) && isNonEmpty(s.XENDOMAINS_SAVE.value) && saved.length > 0;
  const restored = new Map<string, string>();
  if (restoreRuns) {
    for (const e of saved) {
      if (e.kind !== 'image') {
        b.note('info', ts.imageQuirk, null, `${e.name} in SAVE is ${describeKind(e.kind, ts)}: not restored (the reference skips it silently) and never cleaned up, so \`status\` reports it (XD4008)`);
        continue;
      }
      const image = `${savePath}/${e.name}`;
      if (e.damage) b.note('info', ts.imageQuirk, null, `${image} passes the reference's header test but ${e.damage}: ${ts.name} restore will fail and the file is kept, as in the reference (XD4008)`);
      const name = e.imageName ?? e.name;
      if (e.imageName === undefined) b.note('info', 'Q13', null, `the domain name inside ${image} cannot be read: it is matched by its file name, ${e.name}`);
      else if (running.has(name)) b.note('info', null, name, `${name} is already running: ${ts.name} restore of ${image} will fail and the image is kept (XD4008)`);
      if (auto && !autoNames.has(name)) b.note('info', 'Q14', name, `${image} is restored although no AUTO config names ${name}`);
      restored.set(name, e.name);
      const chain = b.chain();
      const fallback = running.has(name) ? undefined : autoConfigs.get(name);
      const [restore, create] = instantiate(restoreChainTemplate(ts, xm, fallback !== undefined), { image, config: fallback?.hostPath ?? '' });
      b.addInstance(chain, restore!, e.imageName ?? null, null, null);
      if (fallback) {
        // A partial image (a save killed half-way) would otherwise keep the guest down at every boot.
        b.note('info', null, name, `if the restore of ${image} fails, the image is moved aside and ${name} is created from ${fallback.hostPath}; the reference leaves the guest down`);
        b.addInstance(chain, create!, name, null, null, fallback.hostPath);
      }
    }
  } else if (isNonEmpty(s.XENDOMAINS_SAVE.value) && saved.some((e) => e.kind === 'image')) {
    b.note('info', null, null, `XENDOMAINS_RESTORE is not exactly "true": the save images in SAVE are not restored (XD4008)`);
  }

  // Auto phase (§5.2).
  if (auto && auto.length) {
    const createSleep = auto.some((e) => e.kind === 'config' && (nameOf(e) !== undefined || !e.model || ts.unnamedRemark(e.model, e.hostPath) === undefined)) ? micros(b, 'XENDOMAINS_CREATE_USLEEP', 'after each create') : 0;
    const create = createTemplate(ts, xm, createSleep);
    const listing = restoreRuns ? saved.map((e) => e.name).join(' ') : ' ';
    const listed = new Set([...running, ...restored.keys()].map((n) => ts.listedName(n)));
    const created = new Map<string, string>();
    for (const entry of auto) {
      const name = nameOf(entry);
      if (entry.kind !== 'config') {
        b.note('divergence', 'Q16', null, `${entry.hostPath} is ${describeAutoKind(entry)}: not created; the reference runs \`${ts.name} create --quiet --defconfig ${entry.hostPath}\` on it, which fails (XD4004)`);
        continue;
      }
      if (name === undefined) {
        const r = entry.model ? ts.unnamedRemark(entry.model, entry.hostPath) : undefined;
        if (r) {
          b.note('divergence', r.quirk, null, r.message);
          continue;
        }
        // Unknowable for `plan` (it refuses); an init verb does what the reference does: skip test A, else create by file.
        if (restoreRuns && grepWordMatch(entry.basename, listing) === true) {
          b.note('skip', 'Q22', null, `${entry.basename}: its domain name cannot be determined without running it; skipped as the reference skips it: \`grep -w ${entry.basename}\` matches the SAVE listing (${listing.trim()})`);
          continue;
        }
        b.note('divergence', 'Q22', null, `the domain name of ${entry.hostPath} cannot be determined without running it: created by file, as the reference does unless that domain is already running, which cannot be checked (if it runs, ${ts.name} create fails and says so)`);
        b.addInstance(b.chain(), instantiate([create], { config: entry.hostPath })[0]!, null, null, null, entry.hostPath);
        continue;
      }
      const why = running.has(name) ? 'is already running' : restored.has(name) ? `is restored from ${savePath}/${restored.get(name)}` : created.has(name) ? `is created from ${created.get(name)} (XD4001)` : undefined;
      referenceSkip(b, entry, name, why !== undefined, listing, restoreRuns, listed);
      if (why) {
        b.note('skip', null, name, `${entry.basename}: ${name} ${why}: skipped`);
        continue;
      }
      if (SHELL_SPECIAL.test(entry.hostPath)) {
        b.note('divergence', 'Q16', name, `${entry.hostPath} holds blanks or glob characters: we pass it as one argument; the reference splits and expands it`);
      }
      created.set(name, entry.hostPath);
      listed.add(ts.listedName(name));
      b.addInstance(b.chain(), instantiate([create], { config: entry.hostPath })[0]!, name, null, null, entry.hostPath);
    }
  }
  return null;
}

/** Notes where the reference's two skip tests (§5.2: A "saved", B "running") decide otherwise than our exact names. */
function referenceSkip(b: Builder, entry: AutoEntry, name: string, weSkip: boolean, listing: string, restoreRuns: boolean, listed: ReadonlySet<string>): void {
  const a = restoreRuns ? grepWordMatch(entry.basename, listing) : false;
  const nm = entry.model ? b.ts.referenceName(entry.model) : b.ts.listedName(name);
  const pattern = expandedPattern(nm);
  const bHit = [...listed].find((n) => casePatternMatch(pattern, n));
  const theySkip = a === true || bHit !== undefined;
  if (a === 'option') {
    b.note('divergence', 'Q6', name, `${entry.basename} starts with \`-\`: the reference's \`grep -w\` takes it for an option, so its "already saved" test misfires`);
  }
  if (weSkip === theySkip) return;
  if (theySkip) {
    const reason = a === true
      ? `\`grep -w ${entry.basename}\` matches the SAVE listing (${listing.trim()})`
      : `its name pattern ${nm} matches the running domain ${bHit}`;
    // A plan note cites only a rule lint reports on the same host (test/plan/fixture.mjs holds it to that).
    const rule = a === true ? 'XD4006' : b.ts.nameRule;
    b.note('divergence', a === true ? 'Q6' : 'Q7', name, `the reference would skip ${entry.basename}: ${reason}; ${name} is not running or restored, so we create it${rule ? ` (${rule})` : ''}`);
  } else {
    const multi = nm.includes('\n');
    const why = multi ? 'its dry-run parsing yields several names (nested "name" keys), which never match' : 'its tests compare the file name and glob patterns, not the domain name';
    b.note('divergence', multi ? 'X5' : restoreRuns && a === false ? 'Q6' : 'Q7', name, `the reference would run ${b.ts.name} create for ${entry.basename} although ${name} is running or restored (${why}; ${multi ? 'XD4011' : 'XD4005'})`);
  }
}

function describeKind(kind: SaveEntry['kind'], ts: Toolstack): string {
  return { image: 'a save image', 'not-image': `not a save image (no ${ts.saveImage.signature} header)`, directory: 'a directory', empty: 'an empty file', unreadable: 'unreadable' }[kind];
}

function describeAutoKind(entry: AutoEntry): string {
  const what = { config: 'a config', directory: 'a directory', 'broken-symlink': 'a broken symlink', unreadable: 'unreadable', other: 'not a regular file' }[entry.kind];
  return entry.reason ? `${what} (${entry.reason})` : what;
}

// ---------------------------------------------------------------- plans

function builder(input: PlanInput): Builder {
  return new Builder(input, input.toolstack ?? xmToolstack);
}

function runningNames(state: HostState): Set<string> {
  return new Set(state.domains.filter((d) => d.id !== 0).map((d) => d.name));
}

function finish(b: Builder, verb: PlanVerb, extra: Partial<Plan>): Plan {
  const time = planTime(b.steps);
  if (!Number.isFinite(time.worstMicros)) {
    const open = b.steps.filter((s) => s.timeoutSeconds === null);
    const phases = [...new Set(open.map((s) => s.phase))].join(', ');
    const ids = open.length > 8 ? `${open.slice(0, 8).map((s) => s.id).join(', ')}, …` : open.map((s) => s.id).join(', ');
    b.note('info', null, null, `worst case unbounded: ${phases} step${open.length === 1 ? '' : 's'} (${ids}) run${open.length === 1 ? 's' : ''} without a watchdog, as in the reference`);
  }
  const { input } = b;
  return {
    version: 1,
    verb,
    toolstack: b.ts.name,
    xm: input.xm,
    inputs: { ...input.inputs },
    state: {
      domains: input.state.domains.map((d) => ({ id: d.id, name: d.name })),
      saved: input.saved.map((e) => (e.imageName === undefined ? { name: e.name, kind: e.kind } : { name: e.name, kind: e.kind, imageName: e.imageName })),
      ...(input.state.xenstoreDomid === undefined ? {} : { xenstoreDomid: input.state.xenstoreDomid }),
    },
    lockFile: input.lockFile ?? DEFAULT_LOCK_FILE,
    outcome: null,
    createLock: false,
    removeLock: false,
    lanes: 1,
    steps: b.steps,
    notes: b.notes,
    expectedSeconds: microsToSeconds(time.expectedMicros),
    worstCaseSeconds: Number.isFinite(time.worstMicros) ? microsToSeconds(time.worstMicros) : null,
    ...extra,
  };
}

export function planStop(input: PlanInput): Plan {
  const b = builder(input);
  const { lanes } = buildStop(b);
  return finish(b, 'stop', { removeLock: true, lanes });
}

export function planStart(input: PlanInput): Plan {
  const b = builder(input);
  b.part = 'start';
  const outcome = buildStart(b, runningNames(input.state), input.saved, input.lockPresent);
  return finish(b, 'start', { outcome, createLock: outcome === null });
}

/**
 * stop, then start (the reference's restart/reload). Stop removes the lock, so
 * start always proceeds. The start half is planned for the state the stop half
 * leaves when each domain's first fallback succeeds.
 */
export function planRestart(input: PlanInput): Plan {
  const b = builder(input);
  const stop = buildStop(b);
  const domUs = input.state.domains.filter((d) => isDomU(input.state, d));
  const still = new Set(stop.shutdownAll ? [] : domUs.filter((d) => !stop.stopped.has(d.name)).map((d) => d.name));
  const saved = new Map(input.saved.map((e) => [e.name, e]));
  for (const [name, phase] of stop.stopped) {
    if (phase === 'save') saved.set(name, { name, kind: 'image', imageName: name });
  }
  const after = [...saved.values()].sort((x, y) => Buffer.compare(Buffer.from(x.name), Buffer.from(y.name)));
  if (b.steps.length) {
    b.note('info', null, null, 'restart: the start half assumes every domain stops at the first step of its chain' + (stop.shutdownAll ? ' and the final shutdown succeeds' : '') + '; if a step falls through, plan start again after the stop');
  }
  b.part = 'start';
  buildStart(b, still, after, false);
  return finish(b, 'restart', { removeLock: true, createLock: true, lanes: stop.lanes });
}

/** status (§7): which AUTO domains run, what SAVE holds, and the exit code. */
export function planStatus(input: PlanInput): Plan {
  const b = builder(input);
  const status: StatusReport = { lock: input.lockPresent, auto: [], missing: [], saved: [] };
  let exit: 0 | 1 | 3 = 3;
  if (input.lockPresent) {
    const running = runningNames(input.state);
    const listed = [...running].map((n) => b.ts.listedName(n));
    for (const entry of input.auto ?? []) {
      const name = entry.kind === 'config' && entry.model ? b.ts.configName(entry.model) : undefined;
      if (entry.kind !== 'config') {
        b.note('divergence', 'Q16', null, `${entry.hostPath} is ${describeAutoKind(entry)}, not a domain: not checked; the reference dry-runs it, gets no name and reports a blank MISS AUTO entry (Q22)`);
        continue;
      }
      if (name === undefined) {
        status.auto.push({ file: entry.hostPath, domain: null, running: false });
        status.missing.push(entry.basename);
        const remark = entry.model ? b.ts.unnamedRemark(entry.model, entry.hostPath) : undefined;
        const refused = remark !== undefined && remark.quirk !== 'Q22';
        b.note('info', remark?.quirk ?? 'Q22', null, refused ? `${entry.hostPath} sets no \`name\`, which ${b.ts.name} requires: counted as missing` : `the domain name of ${entry.hostPath} cannot be determined without running it: counted as missing`);
        continue;
      }
      const up = running.has(name);
      status.auto.push({ file: entry.hostPath, domain: name, running: up });
      if (!up) status.missing.push(name);
      const nm = entry.model ? b.ts.referenceName(entry.model) : b.ts.listedName(name);
      const theirs = listed.some((n) => casePatternMatch(expandedPattern(nm), n));
      if (theirs !== up) b.note('divergence', nm.includes('\n') ? 'X5' : 'Q7', name, `the reference's ${nm.includes('\n') ? 'several dry-run names never match, so it would report' : 'glob match would report'} ${name} as ${theirs ? 'running' : 'missing'}`);
    }
    if (isNonEmpty(input.settings.XENDOMAINS_SAVE.value)) {
      // Our own quarantine is not a saved guest: listed apart, it would otherwise keep the exit at 1 forever.
      status.saved = input.saved.filter((e) => !(e.name === QUARANTINE_DIR && e.kind === 'directory')).map((e) => e.name);
      if (input.quarantined?.length) status.quarantined = { dir: `${input.savePath}/${QUARANTINE_DIR}`, entries: [...input.quarantined] };
    }
    exit = status.missing.length || status.saved.length ? 1 : 0;
  }
  return finish(b, 'status', { status, statusExit: exit });
}

// ---------------------------------------------------------------- compiled init script

/** One AUTO entry as the compiled init script knows it. */
export interface InitAutoEntry {
  /** `<AUTO>/<basename>` on the host: what xm create is given. */
  hostPath: string;
  file: string;
  basename: string;
  /** The effective domain name; null when it cannot be determined (or the entry is not a config). */
  name: string | null;
  /** A readable config (not a directory, broken symlink, …). */
  isConfig: boolean;
  /** Only named configs are created (the planner's rule, Q16/Q22). */
  creatable: boolean;
}

/**
 * What the planner decides from the files alone, for the compiled init script:
 * the templates of every chain and the rules that pick which chains run. The
 * host state (domains, SAVE, lock) is left to run time; `planStop`/`planStart`
 * instantiate the same templates for a known state.
 */
export interface InitProgram {
  toolstack: Toolstack;
  xm: string;
  lockFile: string;
  /** SAVE on the host ('' when unset or empty). */
  savePath: string;
  stop: {
    chain: StepTemplate[];
    lanes: number;
    /** AUTO_ONLY: stop only the domains with these names (exact match); null: every domU. */
    only: string[] | null;
    shutdownAll: StepTemplate | null;
  };
  start: {
    /** null: the restore phase never runs (RESTORE not exactly "true", or no SAVE). */
    restore: StepTemplate | null;
    /** The restore chain of an image whose domain has an AUTO config and does not run: restore, else create. */
    restoreWithFallback: StepTemplate[] | null;
    /** The AUTO config a restored domain falls back to, by domain name (the first config naming it). */
    fallbackConfigs: Array<{ name: string; hostPath: string }>;
    create: StepTemplate;
    auto: InitAutoEntry[];
  };
  /** status: list SAVE entries as MISS SAVED (SAVE is set). */
  statusChecksSave: boolean;
  notes: PlanNote[];
}

export function initProgram(input: Omit<PlanInput, 'state' | 'saved' | 'lockPresent'>): InitProgram {
  const b = builder({ ...input, state: { domains: [], source: 'json', problems: [] }, saved: [], lockPresent: false });
  const { settings: s, xm, savePath } = input;
  const ts = b.ts;
  const sysrq = words(s.XENDOMAINS_SYSRQ.value);
  const migrate = isNonEmpty(s.XENDOMAINS_MIGRATE.value) ? words(s.XENDOMAINS_MIGRATE.value) : undefined;
  const saving = isNonEmpty(s.XENDOMAINS_SAVE.value);
  const shutdown = isNonEmpty(s.XENDOMAINS_SHUTDOWN.value) ? words(s.XENDOMAINS_SHUTDOWN.value) : undefined;
  const usleep = sysrq.length ? micros(b, 'XENDOMAINS_USLEEP', 'after each SysRq key') : 0;
  const timeout = sysrq.length || migrate || saving || shutdown || isNonEmpty(s.XENDOMAINS_SHUTDOWN_ALL.value) ? watchdog(b) : null;
  const lanes = parallelLanes(b);
  const auto = (input.auto ?? []).map((e): InitAutoEntry => {
    // The toolstack's own rule (xl requires an explicit `name`, X6): the name the planner would create it under.
    const name = e.kind === 'config' && e.model ? (ts.configName(e.model) ?? null) : null;
    return { hostPath: e.hostPath, file: e.file, basename: e.basename, name, isConfig: e.kind === 'config', creatable: name !== null };
  });
  const named = auto.filter((e) => e.name !== null);
  const createSleep = auto.some((e) => e.isConfig) ? micros(b, 'XENDOMAINS_CREATE_USLEEP', 'after each create') : 0;
  return {
    toolstack: ts,
    xm,
    lockFile: input.lockFile ?? DEFAULT_LOCK_FILE,
    savePath: saving ? savePath : '',
    stop: {
      chain: stopChainTemplate(ts, xm, { sysrq, usleep, migrate, savePath: saving ? savePath : undefined, shutdown, timeout }),
      lanes,
      only: isExactlyTrue(s.XENDOMAINS_AUTO_ONLY.value) ? [...new Set(named.map((e) => e.name!))] : null,
      shutdownAll: isNonEmpty(s.XENDOMAINS_SHUTDOWN_ALL.value) ? shutdownAllTemplate(ts, xm, words(s.XENDOMAINS_SHUTDOWN_ALL.value), timeout) : null,
    },
    start: {
      restore: isExactlyTrue(s.XENDOMAINS_RESTORE.value) && saving ? restoreTemplate(ts, xm) : null,
      restoreWithFallback: isExactlyTrue(s.XENDOMAINS_RESTORE.value) && saving ? restoreChainTemplate(ts, xm, true) : null,
      fallbackConfigs: [...new Map(named.filter((e) => e.isConfig).reverse().map((e) => [e.name!, { name: e.name!, hostPath: e.hostPath }])).values()].reverse(),
      create: createTemplate(ts, xm, createSleep),
      auto,
    },
    statusChecksSave: saving,
    notes: b.notes,
  };
}
