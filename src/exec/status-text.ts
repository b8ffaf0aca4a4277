// `status` for people and programs: the planner's StatusReport as text lines
// or JSON, with every running domain listed. The rc-style form is in report-upstream.ts.

import type { Plan } from '../plan/types.js';
import { displayText } from '../report/display.js';

export const STATUS_NAMES: Record<number, string> = { 0: 'running', 1: 'dead', 3: 'not running', 4: 'unknown' };

export function formatStatusText(plan: Plan): string {
  return displayText(statusLines(plan), '\n');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The first line says what the exit code means, and never contradicts the lines under it. */
function headline(plan: Plan): string {
  const s = plan.status!;
  const exit = plan.statusExit ?? 3;
  const up = s.auto.filter((a) => a.running).length;
  if (exit === 0) return `xendomains: running: ${s.auto.length ? `${up} of ${plural(s.auto.length, 'AUTO domain', 'AUTO domains')} running` : 'no AUTO domains to check'}`;
  const reasons: string[] = [];
  if (s.missing.length) reasons.push(`${s.missing.length} of ${plural(s.auto.length, 'AUTO domain', 'AUTO domains')} not running (${s.missing.join(', ')})`);
  else if (s.auto.length) reasons.push(`all ${plural(s.auto.length, 'AUTO domain', 'AUTO domains')} running`);
  if (s.saved.length) reasons.push(`${plural(s.saved.length, 'entry', 'entries')} left in SAVE, not restored (${s.saved.join(', ')})`);
  return `xendomains: started, but incomplete (exit ${exit}): ${reasons.join('; ')}`;
}

function statusLines(plan: Plan): string {
  const s = plan.status;
  const lines: string[] = [];
  const running = plan.state.domains.filter((d) => d.id !== 0).map((d) => d.name);
  if (!s || !s.lock) {
    lines.push(`xendomains: not running (no lock ${plan.lockFile})`);
  } else {
    lines.push(headline(plan));
    for (const a of s.auto) lines.push(`  ${a.running ? 'running' : 'MISSING'}  ${a.domain ?? '(name unknown)'}  ${a.file}`);
    for (const name of s.saved) lines.push(`  saved    ${name}  (in SAVE, not restored)`);
  }
  if (s?.quarantined) {
    // Made by xendomains itself (a partial save, a failed restore, a file in a save's way): never restored, not counted above.
    lines.push(`quarantined by xendomains in ${s.quarantined.dir} (never restored, not counted in the status):`);
    for (const name of s.quarantined.entries) lines.push(`  ${name}`);
    lines.push('  what to do: restore one by hand only if its guest has not run since it was saved; otherwise delete it');
  }
  lines.push(`running domains: ${running.length ? running.join(' ') : 'none'}`);
  return `${lines.join('\n')}\n`;
}

export function formatStatusJson(plan: Plan): string {
  const s = plan.status;
  const exit = plan.statusExit ?? 3;
  return `${JSON.stringify({
    version: 1,
    status: STATUS_NAMES[exit] ?? 'unknown',
    exit,
    lock: Boolean(s?.lock),
    lockFile: plan.lockFile,
    auto: s?.auto ?? [],
    missing: s?.missing ?? [],
    saved: s?.saved ?? [],
    quarantined: s?.quarantined ?? null,
    running: plan.state.domains.filter((d) => d.id !== 0).map((d) => ({ id: d.id, name: d.name })),
  })}\n`;
}
