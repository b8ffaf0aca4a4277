// `status` for people and programs: the planner's StatusReport as text lines
// or JSON, with every running domain listed. The rc-style form is in report-upstream.ts.

import type { Plan } from '../plan/types.js';
import { displayText } from '../report/display.js';

export const STATUS_NAMES: Record<number, string> = { 0: 'running', 1: 'dead', 3: 'not running', 4: 'unknown' };

export function formatStatusText(plan: Plan): string {
  return displayText(statusLines(plan), '\n');
}

function statusLines(plan: Plan): string {
  const s = plan.status;
  const exit = plan.statusExit ?? 3;
  const lines: string[] = [];
  const running = plan.state.domains.filter((d) => d.id !== 0).map((d) => d.name);
  if (!s || !s.lock) {
    lines.push(`xendomains: not running (no lock ${plan.lockFile})`);
  } else {
    const missing = s.auto.filter((a) => !a.running).length;
    lines.push(`xendomains: ${exit === 0 ? 'running' : 'dead'}: ${s.auto.length - missing} of ${s.auto.length} AUTO domain${s.auto.length === 1 ? '' : 's'} running${s.saved.length ? `, ${s.saved.length} entr${s.saved.length === 1 ? 'y' : 'ies'} in SAVE` : ''}`);
    for (const a of s.auto) lines.push(`  ${a.running ? 'running' : 'MISSING'}  ${a.domain ?? '(name unknown)'}  ${a.file}`);
    for (const name of s.saved) lines.push(`  saved    ${name}  (in SAVE, not restored)`);
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
    running: plan.state.domains.filter((d) => d.id !== 0).map((d) => ({ id: d.id, name: d.name })),
  })}\n`;
}
