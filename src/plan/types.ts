// The plan: every toolstack command a verb will run, in order, with its
// fallbacks, timeouts and sleeps, plus the facts it was planned from. This is
// the JSON contract of `plan --format json` (schema/plan.schema.json) and what
// `apply` and the executor run; producing it is planner.ts, running it src/exec.

import type { DomainConfigModel } from '../model/domain.js';
import type { DomainState, SaveImageFormat } from '../model/host-state.js';

export type PlanVerb = 'start' | 'stop' | 'restart' | 'status';

export type Phase = 'restore' | 'create' | 'sysrq' | 'migrate' | 'save' | 'shutdown' | 'shutdown-all';

/**
 * What happens after a step, on success or on failure:
 * - `next-step`: go on with the following step (the next fallback of the same
 *   domain, or the next domain). A failure followed by `next-step` is recovered:
 *   it does not by itself make the run fail.
 * - `next-domain`: skip the rest of this step's chain. After a failure this
 *   marks the chain as failed (the run exits non-zero, unlike the reference: Q1).
 * - `stop`: end the run (not produced by the planner today; allowed for hand-made plans).
 */
export type Next = 'next-step' | 'next-domain' | 'stop';

export interface PlanStep {
  /** 1-based, in plan order. */
  id: number;
  /** Which half of the plan the step belongs to (restart has both; the lock is removed between them). */
  part: 'stop' | 'start';
  /** Steps with the same chain number are one domain's (or one image's, one config's) fallback chain; they are consecutive. */
  chain: number;
  /** Exactly what the executor runs: argv[0] is the xm path as given. */
  argv: string[];
  /** The domain the step acts on (for create: the config's domain name; for restore: the name inside the image), or null. */
  domain: string | null;
  domid: number | null;
  phase: Phase;
  /** Parallel stop lane (1-based) of a domain's steps; null for steps that run alone (start, shutdown-all). */
  lane: number | null;
  /** The watchdog: kill xm after this many seconds (counts as a failure). null: no watchdog. */
  timeoutSeconds: number | null;
  /** Pause after the step, in microseconds (0: none). */
  sleepAfterMicros: number;
  /** `always`: after success or failure (SysRq); `success`: only after a success (create, migrate, save). */
  sleepWhen: 'always' | 'success';
  onSuccess: Next;
  onFailure: Next;
  /** save: the image file written; restore: the image file read. */
  image?: string;
  /** save: `mkdir -p` this directory first (a failure counts as the step's failure). */
  ensureDir?: string;
  /** restore: delete `image` after a successful restore (a failed restore keeps it). */
  deleteOnSuccess?: boolean;
  /** shutdown-all: run only if some domain other than Domain-0 is still listed when its turn comes. */
  onlyIfDomainsRemain?: boolean;
  /** create: the AUTO entry's host path (what xm is given; under --root the executor reads it there). */
  config?: string;
  /** Lint findings (errors and warnings) on what this step is built from: `plan` shows them beside the step. */
  findings?: StepFinding[];
}

export interface StepFinding {
  code: string;
  severity: 'error' | 'warning' | 'info' | 'style';
  message: string;
}

export type NoteKind =
  /** We do something other than the reference would; `quirk` names the spec §11 entry (docs/compat.md). */
  | 'divergence'
  /** The reference's own skip decision, reproduced (e.g. `(skip)` for an already running domain). */
  | 'skip'
  | 'info';

export interface PlanNote {
  kind: NoteKind;
  /** `Q6`, `X17`, `D1`, … (spec §11, the xl quirks and our own numbered divergences, docs/compat.md), or null when none is involved. */
  quirk: string | null;
  domain: string | null;
  message: string;
}

export interface SavedEntryState {
  name: string;
  kind: 'image' | 'not-image' | 'directory' | 'empty' | 'unreadable';
  imageName?: string;
}

export interface StatusReport {
  lock: boolean;
  /** One per AUTO entry the check looked at, in glob order. */
  auto: Array<{ file: string; domain: string | null; running: boolean }>;
  /** What the reference prints after `MISS AUTO:` (domain names, or file names when the name is unknown). */
  missing: string[];
  /** Every non-hidden SAVE entry (what `MISS SAVED:` lists), except the quarantine directory xendomains made. */
  saved: string[];
  /** Images xendomains moved aside (SAVE/partial@xendomains): never restored, not counted in the exit; absent when there are none. */
  quarantined?: { dir: string; entries: string[] };
}

export interface Plan {
  version: 1;
  verb: PlanVerb;
  /** The toolstack whose command syntax the argv use. */
  toolstack: ToolstackName;
  /** The toolstack executable as given (xm or xl; the key keeps its first name): argv[0] of every step. */
  xm: string;
  /** sha256 (hex) of every input file by path, as computed by the caller; `apply` refuses the plan if one changed. */
  inputs: Record<string, string>;
  /** What the plan was made from: the listed domains (Domain-0 included) and the SAVE entries. */
  state: { domains: Array<{ id: number; name: string }>; saved: SavedEntryState[]; xenstoreDomid?: number };
  lockFile: string;
  /** start with the lock present: the reference prints `xendomains already running (lockfile exists)` and does nothing. */
  outcome: { code: 'already-running'; message: string } | null;
  /** The executor creates the lock before the start steps (atomically). */
  createLock: boolean;
  /** The executor removes the lock after the stop steps (the reference always does, `rm -f`). */
  removeLock: boolean;
  /** Parallel stop lanes (1 = the reference's serial order). */
  lanes: number;
  steps: PlanStep[];
  notes: PlanNote[];
  /** Every step succeeding at once (0 s per xm call) plus the sleeps. */
  expectedSeconds: number;
  /** Every watchdog firing and every sleep; null when some step has no watchdog (unbounded). */
  worstCaseSeconds: number | null;
  /** status only. */
  status?: StatusReport;
  /** status only: 0 running, 1 an AUTO domain missing or SAVE not empty, 3 no lock. */
  statusExit?: 0 | 1 | 3;
}

export type ToolstackName = 'xm' | 'xl';

/** A note a toolstack module asks the planner to add: the quirk and the text. */
export interface ToolstackRemark {
  quirk: string;
  message: string;
}

/**
 * A toolstack's command syntax and the reference script's view of its output:
 * verbs, argument order, how it prints names, how a config's name is found,
 * what a save image looks like. The planner, the sh output and the executor
 * build everything toolstack-specific through this (xm: toolstack-xm.ts, xl:
 * toolstack-xl.ts); `argv[0]` is always the executable as given.
 */
export interface Toolstack {
  readonly name: ToolstackName;
  sysrq(xm: string, domid: number, key: string): string[];
  migrate(xm: string, domid: number, args: readonly string[]): string[];
  save(xm: string, domid: number, file: string): string[];
  shutdown(xm: string, domid: number, args: readonly string[]): string[];
  shutdownAll(xm: string, args: readonly string[]): string[];
  create(xm: string, config: string): string[];
  restore(xm: string, image: string): string[];
  /** How the domain list prints a name (the reference matches against this, quotes included). */
  listedName(name: string): string;
  /** The domain an AUTO config creates, known without running anything; undefined when unknown or when the toolstack refuses the config. */
  configName(model: DomainConfigModel): string | undefined;
  /** The reference's NM for a config: what its parsing of the dry run yields ('' when the dry run fails; several lines for xl's nested names, X5). */
  referenceName(model: DomainConfigModel): string;
  /**
   * Why configName is undefined for a config that compiled, when the toolstack will not create it (the
   * quirk and what the reference does). undefined: it can create it by file, and an init verb does what
   * the reference does — skip test A, else create by file (DESIGN.md, reliability).
   */
  unnamedRemark(model: DomainConfigModel, file: string): ToolstackRemark | undefined;
  /** Option words the toolstack refuses or reads otherwise than the sysconfig's comments say (xl: xm-era shutdown and migrate options, X13/X16). */
  wordsRemark(phase: 'migrate' | 'shutdown' | 'shutdown-all', args: readonly string[]): ToolstackRemark | undefined;
  /** What the reference does differently with a listed domain at stop (xl: nested names re-run the stop body, X5). */
  stopRemarks(domain: DomainState, savePath: string): ToolstackRemark[];
  /** The save image format: the reference's header test and what restore reads. */
  readonly saveImage: SaveImageFormat;
  /** The quirk for "a file in SAVE that is not this toolstack's image is never restored" (Q13 / X11). */
  readonly imageQuirk: string;
  /** The lint rule that flags a domain name this toolstack refuses (xm: XD3004, xend's name check); xl has none. Plan notes cite it. */
  readonly nameRule?: string;
  /**
   * The lines (leading blanks stripped) by which the long listing shows a domain with this id and,
   * when given, this name. The sh output asks with them whether a domain is gone after a failed
   * save (as the executor does): only a listing that shows Domain-0's line and none of these counts.
   */
  listedLines(domid: number, name?: string): string[];
  /**
   * The body of a POSIX sh function that returns 0 when some domain other than
   * Domain-0 and the xenstore domain (`xenstoreDomid`, from the plan) is listed;
   * `xmQuoted` is the quoted executable.
   */
  domUsRemainShell(xmQuoted: string, xenstoreDomid: number | undefined): string;
  /**
   * The command (from PATH) printing the id of a domain the stop never touches besides Domain-0
   * (xl: the xenstore stub domain, X9), asked by every verb (30 s watchdog; an answer that is
   * not a whole number above 0, or a failure, means none). Absent: the toolstack has no such domain.
   */
  readonly stubDomainCommand?: readonly string[];
  /** What the compiled init script needs at run time. */
  readonly shell: ToolstackShell;
}

/** The run-time reading of host state, as POSIX sh and awk, for the compiled init script. */
export interface ToolstackShell {
  /** The toolstack's arguments that print every domain (after the command itself). */
  listCommand: string;
  /** A POSIX awk program reading that listing whole into `domid TAB safe TAB name` lines (Domain-0 included), or exiting 2 with a message on stderr. It must hold no single quote. */
  listAwk: string;
  /** The first bytes every save image starts with. */
  imageSignature: string;
  /** The body of an sh function printing the domain name stored in the image `file` (a quoted shell word); `$XD_LIST_AWK` holds listAwk. */
  imageNameShell(file: string): string;
}

/** The sub-directory of SAVE where partial save images are moved (no domain name can contain `@`; restore skips directories). */
export const QUARANTINE_DIR = 'partial@xendomains';
