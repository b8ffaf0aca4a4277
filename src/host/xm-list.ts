// Runs `xm list -l` for the planner and the executor alike: the output kept
// whole (a cut listing would drop domains), a bounded wait, and one wording
// for every way it can fail. Parsing the listing is src/plan/state.ts's job.

import { runCommand, WHOLE_LIMIT_BYTES } from './process.js';

/** Default wait for `xm list -l`; env XENDOMAINS_LIST_TIMEOUT (seconds) overrides it. */
export const LIST_TIMEOUT_SECONDS = 60;

export function listTimeoutSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.XENDOMAINS_LIST_TIMEOUT;
  return raw !== undefined && /^[0-9]+$/.test(raw) && Number(raw) > 0 ? Number(raw) : LIST_TIMEOUT_SECONDS;
}

export type XmListOutput = { ok: true; text: string } | { ok: false; message: string; spawnError?: boolean };

export async function runXmList(xm: string, timeoutSeconds = listTimeoutSeconds()): Promise<XmListOutput> {
  const r = await runCommand([xm, 'list', '-l'], { timeoutMs: timeoutSeconds * 1000, killGraceMs: 2000, wholeStdout: true });
  const what = `\`${xm} list -l\``;
  if (r.spawnError) return { ok: false, spawnError: true, message: `cannot run ${what}: ${r.spawnError}` };
  if (r.overflowed) return { ok: false, message: `${what} printed more than ${WHOLE_LIMIT_BYTES / 2 ** 20} MiB; stopped it rather than plan from part of the listing` };
  if (r.timedOut) return { ok: false, message: `${what} timed out after ${timeoutSeconds} s (XENDOMAINS_LIST_TIMEOUT)${stderrPart(r.stderr)}` };
  if (r.code !== 0) return { ok: false, message: `${what} failed (exit ${r.code ?? r.signal})${stderrPart(r.stderr) || ': no message'}` };
  return { ok: true, text: r.stdout };
}

function stderrPart(stderr: string): string {
  const text = stderr.trim();
  return text ? `: ${text}` : '';
}
