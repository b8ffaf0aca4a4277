// `xendomains compile-init`: lint the host tree, refuse one whose plan is
// unknowable, and write the self-contained POSIX init script for it
// (src/report/init-script.ts); `--check SCRIPT` compares a script's recorded
// input digest with the host tree as it is now.

import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { rules } from '../../rules/index.js';
import { describeFsError, readTextFile } from '../host/files.js';
import { loadHost, type LoadedHost } from '../host/load.js';
import { displayPath } from '../host/paths.js';
import { resolveToolstackCommand, sha256 } from '../host/plan-input.js';
import { lintModels } from '../lint/engine.js';
import { effectiveSettings, type Settings } from '../model/settings.js';
import { CHECK_MARK, formatInitScript } from '../report/init-script.js';
import { posixCksum } from '../plan/cksum.js';
import { initProgram } from '../plan/planner.js';
import { toolstackOf } from '../plan/toolstacks.js';
import type { ToolstackName } from '../plan/types.js';
import { refuseUnplannable } from './plan.js';
import { CliError, EXIT, oneRoot, toolVersion, type GlobalOptions } from './common.js';
import { toolstackOption } from './toolstack.js';

export interface CompileInitOptions extends GlobalOptions {
  out?: string;
  journal?: string;
  check?: string;
}

export const DEFAULT_SCRIPT_JOURNAL = '/var/log/xendomains/journal.jsonl';

/** The host tree's inputs by host path (sysconfig text and every AUTO entry), independent of the working directory. */
function treeInputs(host: LoadedHost, settings: Settings): { digest: string; shown: Record<string, string> } {
  const entries: Array<[string, string]> = [['sysconfig', sha256(host.sysconfig!.text)]];
  const shown: Record<string, string> = { [host.sysconfig!.file]: entries[0]![1] };
  for (const e of host.auto ?? []) {
    const digest = e.model ? sha256(e.model.text) : `(${e.kind})`;
    entries.push([e.hostPath, digest]);
    if (e.model) shown[e.file] = digest;
  }
  entries.push(['XENDOMAINS_AUTO', settings.XENDOMAINS_AUTO.value ?? '']);
  return { digest: sha256(JSON.stringify(entries)), shown };
}

function load(options: CompileInitOptions, dialect: ToolstackName): { host: LoadedHost; settings: Settings } {
  const host = loadHost({ root: options.root, config: options.config, dialect });
  if (!host.sysconfig) {
    const u = host.unreadable[0]!;
    throw new CliError(`cannot read ${u.path}: ${u.reason}`, EXIT.unreadable);
  }
  return { host, settings: effectiveSettings(host.sysconfig) };
}

export async function runCompileInit(all: CompileInitOptions): Promise<number> {
  const options = oneRoot(all);
  const toolstack = toolstackOf(toolstackOption(options));
  if (options.check !== undefined) return check(options, options.check, toolstack.name);
  const { host, settings } = load(options, toolstack.name);
  const xm = resolveToolstackCommand({ toolstack: toolstack.name, xm: options.xm, xl: options.xl });
  const savePath = settings.XENDOMAINS_SAVE.value ?? '';
  const base = { settings, auto: host.auto && host.auto.length ? host.auto : undefined, savePath, xm, inputs: {}, toolstack, ...(options.lockFile ? { lockFile: options.lockFile } : {}) };
  const probe = { ...base, saved: [], state: { domains: [], source: 'json' as const, problems: [] }, lockPresent: false };
  const diagnostics = lintModels({ toolstack: toolstack.name, sysconfig: host.sysconfig, domains: host.domains, auto: host.auto }, { rules });
  // The script starts and stops: what makes either plan unknowable refuses it.
  if (refuseUnplannable('init script', host, probe, ['start', 'stop'], diagnostics, options.quiet)) return 1;
  const program = initProgram(base);
  const cksums: Record<string, string> = {};
  for (const e of host.auto ?? []) {
    if (e.kind !== 'config') continue;
    try {
      cksums[e.hostPath] = posixCksum(readFileSync(e.file));
    } catch (error) {
      throw new CliError(`cannot read ${e.file}: ${describeFsError(error)}`, EXIT.unreadable);
    }
  }
  const inputs = treeInputs(host, settings);
  const script = formatInitScript(program, {
    version: toolVersion(),
    root: options.root ?? '/',
    config: host.sysconfigPath,
    compiledAt: new Date().toISOString(),
    inputsDigest: inputs.digest,
    inputs: inputs.shown,
    cksums,
    ...(options.lockFile ? { lockFile: options.lockFile } : {}),
    journal: options.journal ?? DEFAULT_SCRIPT_JOURNAL,
    // As the init verbs: an xm or xl command given by option or environment skips the dom0 check.
    skipDom0Check: options.xm !== undefined || options.xl !== undefined || Boolean(process.env.XENDOMAINS_XM || process.env.XENDOMAINS_XL),
    notes: program.notes.map((n) => (n.quirk ? `${n.quirk}: ${n.message}` : n.message)),
  });
  if (options.out) {
    try {
      writeFileSync(options.out, script);
      chmodSync(options.out, 0o755);
    } catch (error) {
      throw new CliError(`cannot write ${displayPath(options.out)}: ${describeFsError(error)}`, EXIT.unreadable);
    }
    if (!options.quiet) process.stderr.write(`xendomains: wrote ${displayPath(options.out)}\n`);
  } else process.stdout.write(script);
  return 0;
}

/** 0: the script was compiled from this host tree as it is; 1: the tree changed; 2: the script or the tree cannot be read. */
function check(options: CompileInitOptions, scriptPath: string, dialect: ToolstackName): number {
  const read = readTextFile(scriptPath);
  const shown = displayPath(scriptPath);
  if (!read.ok) throw new CliError(`cannot read ${shown}: ${read.reason}`, EXIT.unreadable);
  const line = read.text.split('\n').find((l) => l.startsWith(CHECK_MARK));
  const recorded = line && /inputs-sha256=([0-9a-f]{64})/.exec(line)?.[1];
  if (!recorded) throw new CliError(`${shown} is not a script written by xendomains compile-init (no "${CHECK_MARK}" line)`, EXIT.unreadable);
  const { host, settings } = load(options, dialect);
  const now = treeInputs(host, settings).digest;
  if (now === recorded) {
    if (!options.quiet) process.stdout.write(`${shown}: up to date with the host tree\n`);
    return 0;
  }
  process.stdout.write(`${shown}: out of date: the sysconfig or the AUTO configs changed since it was compiled; recompile it (xendomains compile-init)\n`);
  return 1;
}
