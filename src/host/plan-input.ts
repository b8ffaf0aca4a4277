// Gathers everything the planner needs from the host: the compiled sysconfig
// and AUTO configs, the save directory, the domain list (a --state file or a
// live `xm list -l`), the lock, and sha256 digests of it all for `apply`.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { judgeServiceLock } from '../model/lock.js';
import { effectiveSettings } from '../model/settings.js';
import type { PlanInput } from '../plan/planner.js';
import { parseStateAuto } from '../plan/state.js';
import { scanSaveDir, type HostState } from '../model/host-state.js';
import { toolstackOf } from '../plan/toolstacks.js';
import type { ToolstackName } from '../plan/types.js';
import { pidAlive, readBootId, readTextFile } from './files.js';
import { loadHost, type LoadedHost } from './load.js';
import { displayPath, hostPathOf, lockPath, readablePath } from './paths.js';
import { listDirectory, readSaveDirectory } from './save-dir.js';
import { QUARANTINE_DIR } from '../plan/types.js';
import { runCommand } from './process.js';
import { runXmList } from './xm-list.js';

export interface GatherOptions {
  root?: string;
  config?: string;
  lockFile?: string;
  /** The xm executable (--xm, else env XENDOMAINS_XM, else `xm` on PATH). */
  xm?: string;
  /** The xl executable (--xl, else env XENDOMAINS_XL, else `xl` on PATH). */
  xl?: string;
  /** Whose commands the plan uses (default xm). */
  toolstack?: ToolstackName;
  /** A captured `xm list -l` / `xl list -l` or JSON snapshot; without it, the toolstack is asked. */
  state?: string;
  /**
   * The xenstore stub domain's id (0: none) on the host the state is from. Unset: the toolstack's
   * stubDomainCommand is asked for a live state, and a capture has none (this machine's xenstore
   * says nothing about the host a capture came from).
   */
  xenstoreDomid?: number;
}

export type Gathered =
  | { ok: true; input: PlanInput; host: LoadedHost; stateSource: string }
  | { ok: false; reason: 'sysconfig' | 'state'; message: string; /** The toolstack command could not be started (not installed). */ commandMissing?: boolean };

export const STATE_DIGEST_KEY = 'state:domains';

export function resolveXm(xm: string | undefined): string {
  return xm ?? process.env.XENDOMAINS_XM ?? 'xm';
}

export function resolveXl(xl: string | undefined): string {
  return xl ?? process.env.XENDOMAINS_XL ?? 'xl';
}

/** The executable argv[0] of every step is: --xm/--xl, their environment variables, else the name on PATH. */
export function resolveToolstackCommand(options: Pick<GatherOptions, 'toolstack' | 'xm' | 'xl'>): string {
  return options.toolstack === 'xl' ? resolveXl(options.xl) : resolveXm(options.xm);
}

/**
 * The xenstore stub domain's id as the xl script reads it (§4.4): the toolstack's
 * stubDomainCommand (`xenstore-read /tool/xenstored/domid` from PATH); undefined when
 * the read fails (xenstored in dom0) or does not print a whole number above 0.
 */
export async function readXenstoreDomid(command: readonly string[]): Promise<number | undefined> {
  const r = await runCommand(command, { timeoutMs: 30_000 });
  const text = r.code === 0 ? r.stdout.trim() : '';
  return /^[0-9]+$/.test(text) && Number(text) > 0 && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What `apply` compares: the listed domains (ids and names), not volatile fields like cpu_time. */
export function stateDigest(state: HostState): string {
  return sha256(JSON.stringify(state.domains.map((d) => [d.id, d.name])));
}

export async function readHostState(options: GatherOptions): Promise<{ ok: true; state: HostState; source: string } | { ok: false; message: string; commandMissing?: boolean }> {
  if (options.state) {
    const read = readTextFile(options.state);
    if (!read.ok) return { ok: false, message: `cannot read ${displayPath(options.state)}: ${read.reason}` };
    const state = parseStateAuto(read.text, displayPath(options.state));
    return checked(state, displayPath(options.state));
  }
  const xm = resolveToolstackCommand(options);
  const flag = options.toolstack === 'xl' ? '--xl' : '--xm';
  const result = await runXmList(xm);
  if (!result.ok) return result.spawnError ? { ok: false, commandMissing: true, message: `${result.message} (give the ${options.toolstack ?? 'xm'} path with ${flag}, or a captured state with --state FILE)` } : { ok: false, message: result.message };
  return checked(parseStateAuto(result.text, `${xm} list -l`), `${xm} list -l`);
}

function checked(state: HostState, source: string): { ok: true; state: HostState; source: string } | { ok: false; message: string } {
  // A damaged capture may be missing domains: planning a stop from it could leave guests running.
  const first = state.problems[0];
  if (first) {
    const at = first.span ? `${first.span.file}:${first.span.start.line}:${first.span.start.column}: ` : `${source}: `;
    return { ok: false, message: `${at}${first.message}${state.problems.length > 1 ? ` (and ${state.problems.length - 1} more problems)` : ''}` };
  }
  return { ok: true, state, source };
}

/** Held unless absent or stale (an earlier boot's, or an unfinished start's whose process is gone): start then replaces it, as the executor does. */
function lockHeld(lockFile: string): boolean {
  if (!existsSync(lockFile)) return false;
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch {
    return true; // a directory or unreadable: never assume the lock is free
  }
  return judgeServiceLock(text, { bootId: readBootId(), alive: pidAlive }).state === 'held';
}

export async function gatherPlanInput(options: GatherOptions): Promise<Gathered> {
  const host = loadHost({ root: options.root, config: options.config, dialect: options.toolstack ?? 'xm' });
  if (!host.sysconfig) {
    const u = host.unreadable[0]!;
    return { ok: false, reason: 'sysconfig', message: `cannot read ${u.path}: ${u.reason}` };
  }
  const settings = effectiveSettings(host.sysconfig);
  const toolstack = toolstackOf(options.toolstack ?? 'xm');
  const state = await readHostState(options);
  if (!state.ok) return { ok: false, reason: 'state', message: state.message, ...(state.commandMissing ? { commandMissing: true } : {}) };
  if (toolstack.stubDomainCommand && options.xenstoreDomid !== undefined) {
    if (options.xenstoreDomid > 0) state.state.xenstoreDomid = options.xenstoreDomid;
  } else if (toolstack.stubDomainCommand && !options.state && state.state.xenstoreDomid === undefined) {
    const xs = await readXenstoreDomid(toolstack.stubDomainCommand);
    if (xs !== undefined) state.state.xenstoreDomid = xs;
  }
  const savePath = settings.XENDOMAINS_SAVE.value ?? '';
  const saved = savePath ? scanSaveDir(readSaveDirectory(readablePath(options.root, savePath)).entries, toolstack.saveImage) : [];
  const lockFile = lockPath(options.root, options.lockFile);
  // Host paths (absolute): a plan names the host's files, whatever the directory or --root it was made from.
  const inputs: Record<string, string> = { [hostPathOf(options.root, host.sysconfig.file)]: sha256(host.sysconfig.text) };
  for (const entry of host.auto ?? []) if (entry.model) inputs[hostPathOf(options.root, entry.file)] = sha256(entry.model.text);
  inputs[STATE_DIGEST_KEY] = stateDigest(state.state);
  const input: PlanInput = {
    settings,
    auto: host.auto && host.auto.length ? host.auto : undefined,
    saved,
    savePath,
    state: state.state,
    lockPresent: lockHeld(lockFile),
    xm: resolveToolstackCommand(options),
    inputs,
    lockFile: hostPathOf(options.root, lockFile),
    toolstack,
  };
  const quarantined = saved.some((e) => e.name === QUARANTINE_DIR && e.kind === 'directory') ? listDirectory(readablePath(options.root, `${savePath}/${QUARANTINE_DIR}`)) : undefined;
  if (quarantined?.length) input.quarantined = quarantined;
  return { ok: true, input, host, stateSource: state.source };
}
