// What the executor tells the outside world while it runs: a stream of events
// (progress output, JSON logs and the reference's rc-style text are all built
// from it) and the final result the CLI turns into an exit code and messages.

import type { Next, Plan, PlanStep } from '../plan/types.js';

export interface StepOutcome {
  ok: boolean;
  /** xm's exit status; null when it died of a signal, never started, or was not run (ensureDir failed). */
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Killed by a second SIGINT/SIGTERM. */
  aborted: boolean;
  /** Why no xm ran, or could not start: a failed `mkdir -p`, xm missing. */
  error?: string;
  stdout: string;
  stderr: string;
  startedAt: number;
  durationMs: number;
  /** What the plan says happens next. */
  next: Next;
}

/** How a chain ended. */
export type ChainHow = 'migrated' | 'saved' | 'shut down' | 'restored' | 'created' | 'sysrq sent' | 'nothing to do' | 'failed' | 'interrupted' | 'not started';

export interface ChainResult {
  chain: number;
  part: 'stop' | 'start';
  domain: string | null;
  /** The phase of the chain's first fallback (or its only step's). */
  phase: PlanStep['phase'];
  ok: boolean;
  how: ChainHow;
  /** The last step run, and its outcome. */
  last?: { step: PlanStep; outcome: StepOutcome };
  /** restore: the image; create: the config. */
  subject?: string;
}

export interface Quarantine {
  domain: string | null;
  image: string;
  /** Where the partial image now is; undefined when it could not be moved. */
  to?: string;
  message: string;
}

export interface ExecResult {
  verb: Plan['verb'];
  alreadyRunning: boolean;
  chains: ChainResult[];
  /** Chains that ran and failed (restore, create, a whole stop chain, shutdown-all). */
  failed: ChainResult[];
  /** SIGINT / SIGTERM: no step was started after it. */
  interrupted: NodeJS.Signals | null;
  quarantined: Quarantine[];
  /** Things that went wrong outside the steps and need a person (a restored image that could not be deleted, a stuck partial image). */
  problems: string[];
  warnings: string[];
  /** Domains other than Domain-0 still listed after the stop part; null when not checked or unknown. */
  stillRunning: string[] | null;
  lock: { created: boolean; removed: boolean; replacedStale: boolean };
}

export type ExecEvent =
  | { type: 'run-start'; plan: Plan; jobs: number; at: number }
  | { type: 'part-start'; part: 'stop' | 'start'; chains: number; at: number }
  | { type: 'part-end'; part: 'stop' | 'start'; at: number }
  | { type: 'already-running'; message: string }
  | { type: 'chain-start'; chain: number; steps: PlanStep[]; at: number }
  | { type: 'step-start'; step: PlanStep; at: number }
  | { type: 'step-end'; step: PlanStep; outcome: StepOutcome }
  | { type: 'step-skip'; step: PlanStep; reason: string }
  | { type: 'chain-end'; result: ChainResult; at: number }
  | { type: 'quarantine'; quarantine: Quarantine }
  | { type: 'warning'; message: string }
  | { type: 'interrupt'; signal: NodeJS.Signals; inFlight: string[] }
  | { type: 'run-end'; result: ExecResult; at: number };

export type Emit = (event: ExecEvent) => void;
