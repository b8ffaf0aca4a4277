// How long a plan takes: per chain, the expected time (every step succeeds,
// 0 s per xm call, plus sleeps) and the worst case (every step runs until its
// watchdog fires, every sleep); lanes run side by side. Shared by the planner
// (the plan's totals) and the text report (the timeline).

import type { PlanStep } from './types.js';

/** One chain's duration in microseconds; `worst` is Infinity when a step on the worst path has no watchdog. */
export interface ChainTime {
  chain: number;
  lane: number | null;
  domain: string | null;
  expected: number;
  worst: number;
  steps: PlanStep[];
}

/** `unguarded`: what a step without a watchdog counts for in the worst case (Infinity, or 0 for "the guarded part only"). */
export function chainTimes(steps: readonly PlanStep[], unguarded = Infinity): ChainTime[] {
  const out: ChainTime[] = [];
  for (const step of steps) {
    const last = out[out.length - 1];
    if (last && last.chain === step.chain) last.steps.push(step);
    else out.push({ chain: step.chain, lane: step.lane, domain: step.domain, expected: 0, worst: 0, steps: [step] });
  }
  for (const c of out) {
    c.expected = walk(c.steps, false);
    c.worst = walk(c.steps, true, unguarded);
  }
  return out;
}

/** Duration of a chain from its first step: the success path, or the longest of all outcome paths. */
function walk(steps: readonly PlanStep[], worst: boolean, unguarded = Infinity): number {
  // From the end backwards: `after` is the time from step i + 1 on, then from step i on
  // (a step's outcomes lead only to the next step or out of the chain, so one number carries it).
  let after = 0;
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    const always = s.sleepWhen === 'always' ? s.sleepAfterMicros : 0;
    const onSuccess = s.sleepAfterMicros + (s.onSuccess === 'next-step' ? after : 0);
    if (!worst) {
      after = onSuccess;
      continue;
    }
    const run = s.timeoutSeconds === null ? unguarded : s.timeoutSeconds * 1e6;
    const onFailure = always + (s.onFailure === 'next-step' ? after : 0);
    after = run + Math.max(onSuccess, onFailure);
  }
  return after;
}

export interface PlanTime {
  expectedMicros: number;
  /** Infinity when unbounded. */
  worstMicros: number;
  chains: ChainTime[];
}

/** Chains with a lane run in parallel with the other lanes' chains of the same block; the rest run one after another. */
export function planTime(steps: readonly PlanStep[], unguarded = Infinity): PlanTime {
  const chains = chainTimes(steps, unguarded);
  let expected = 0;
  let worst = 0;
  let block = new Map<number, { expected: number; worst: number }>();
  const closeBlock = () => {
    const lanes = [...block.values()];
    expected += Math.max(0, ...lanes.map((l) => l.expected));
    worst += Math.max(0, ...lanes.map((l) => l.worst));
    block = new Map();
  };
  for (const c of chains) {
    if (c.lane === null) {
      closeBlock();
      expected += c.expected;
      worst += c.worst;
    } else {
      const lane = block.get(c.lane) ?? { expected: 0, worst: 0 };
      lane.expected += c.expected;
      lane.worst += c.worst;
      block.set(c.lane, lane);
    }
  }
  closeBlock();
  return { expectedMicros: expected, worstMicros: worst, chains };
}

export function microsToSeconds(micros: number): number {
  return Math.round(micros) / 1e6;
}
