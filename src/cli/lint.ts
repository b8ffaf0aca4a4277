// `xendomains lint`: load each host's files (one, or a fleet), run the rules,
// print in the chosen format, and exit by the thresholds. Option checking lives here; linting
// itself is src/lint, reading files src/host, formatting src/report.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rules } from '../../rules/index.js';
import { atLeast, SEVERITIES, type Severity } from '../model/diagnostic.js';
import { readTextFile, STDIN_PATH } from '../host/files.js';
import { displayPath } from '../host/paths.js';
import { hostsFromRoots, isHostRoot, readFleetFile, type HostSpec } from '../host/fleet.js';
import { autoEntry } from '../host/auto.js';
import { attachAuto, loadHost, type LoadedHost } from '../host/load.js';
import { ruleMarkdown, ruleUrl } from '../lint/docs.js';
import { lintFleet, type CheckedFiles, type FleetMember } from '../lint/engine.js';
import { lintAutoOnWorkers, lintWorkerCount } from './lint-workers.js';
import { lintExitCode } from '../lint/outcome.js';
import { parseRc, type RcConfig } from '../lint/rc.js';
import { format } from '../report/index.js';
import { FORMATS, type FormatName, type LintReport } from '../report/types.js';
import { choice, CliError, EXIT, toolVersion, useColor, wholeNumber, type GlobalOptions } from './common.js';
import { hostToolstack } from './toolstack.js';

export interface LintOptions extends Omit<GlobalOptions, 'root'> {
  /** Several when --root is repeated: a fleet. */
  root?: string | string[];
  files?: string[];
  format?: string;
  severity?: string;
  failOn?: string;
  maxWarnings?: string | number;
  /** yargs' positional words: the command, then anything after `--`. */
  _?: Array<string | number>;
  enable?: string[];
  disable?: string[];
  rc?: string;
  fleet?: string;
  /** `xl`: also report what breaks or changes when these xm configs move to xl (XD5xxx). */
  target?: string;
}

export async function runLint(options: LintOptions): Promise<number> {
  const formatName = choice('format', options.format, FORMATS) ?? 'stylish';
  const shownSeverity = choice('severity', options.severity, SEVERITIES) ?? 'style';
  const rc = loadRc(options);
  const failOn = choice('fail-on', options.failOn, SEVERITIES) ?? rc.failOn ?? 'warning';
  const maxWarnings = wholeNumber('max-warnings', options.maxWarnings ?? rc.maxWarnings, 0);
  const target = choice('target', options.target, ['xl'] as const) ?? rc.target;
  const overrides = new Map(rc.overrides);
  for (const code of options.disable ?? []) overrides.set(ruleCode(code, 'disable'), 'off');
  for (const code of options.enable ?? []) {
    const resolved = ruleCode(code, 'enable');
    if (overrides.get(resolved) === 'off') overrides.delete(resolved);
  }

  const roots = ([] as string[]).concat(options.root ?? []);
  // Words after `--` land in yargs' `_` (after the command name); they are FILES too.
  const named = [...(options.files ?? []), ...(options._ ?? []).slice(1).map(String)];
  const files = named.filter((f) => f === STDIN_PATH || !isHostRoot(f));
  roots.push(...named.filter((f) => f !== STDIN_PATH && isHostRoot(f)));
  let hosts: HostSpec[] = hostsFromRoots(roots);
  if (options.fleet) {
    const fleet = readFleetFile(options.fleet);
    if (!fleet.ok) throw new CliError(fleet.message, EXIT.unreadable);
    hosts = [...fleet.hosts, ...hosts];
  }
  if (hosts.length > 1 && files.length) throw new CliError('FILES cannot be combined with several hosts: lint them with one --root', EXIT.usage);
  const loaded = (hosts.length ? hosts : [undefined]).map((spec) => {
    const dialect = hostToolstack(options, spec?.root, rc.toolstack).name;
    return { spec, dialect, host: loadHost({ root: spec?.root, config: options.config, files, listAutoOnly: true, dialect }) };
  });
  const unreadable = loaded.flatMap(({ host }) => host.unreadable);
  for (const u of unreadable) process.stderr.write(`xendomains: cannot read ${u.path}: ${u.reason}\n`);
  // A machine-readable format always prints a whole document: there, an unreadable file is a finding (XD9003).
  if (unreadable.length && !DOCUMENT_FORMATS.has(formatName)) return EXIT.unreadable;
  const checked = new Map<LoadedHost, CheckedFiles>();
  for (const { host } of loaded) {
    const result = await readAuto(host, overrides, target);
    if (result) checked.set(host, result);
  }
  const members: FleetMember[] = loaded.map(({ spec, dialect, host }) => {
    const member: FleetMember = { name: spec?.name ?? '', aliases: spec?.aliases ?? [], input: { toolstack: dialect, sysconfig: host.sysconfig, domains: host.domains, auto: host.auto, saveDir: host.saveDir, saveDirOwner: host.saveDirOwner, unreadable: host.unreadable, checked: checked.get(host) } };
    if (spec?.capacityMiB !== undefined) member.capacityMiB = spec.capacityMiB;
    return member;
  });
  const docsBase = process.env.XENDOMAINS_DOCS_URL || rc.docsUrl;
  const diagnostics = lintFleet(members, { rules, overrides, target }).filter((d) => atLeast(d.severity, shownSeverity));
  if (docsBase) for (const d of diagnostics) d.url = ruleUrl(d, docsBase);
  const sources = new Map(loaded.flatMap(({ host }) => [...host.sources]));
  const report: LintReport = {
    diagnostics,
    sources,
    fileCount: sources.size,
    rules: rules.map((r) => ({ code: r.code, name: r.name, severity: overrides.get(r.code) === 'off' ? r.severity : ((overrides.get(r.code) as Severity | undefined) ?? r.severity), summary: r.docs.summary, docs: ruleMarkdown(r), url: ruleUrl(r, docsBase) })),
    toolVersion: toolVersion(),
  };
  const text = format(formatName as FormatName, report, { color: useColor({ color: options.color }) });
  if (text && !(options.quiet && formatName === 'stylish' && diagnostics.length === 0)) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  if (unreadable.length) return EXIT.unreadable;
  return lintExitCode(diagnostics, maxWarnings === undefined ? { failOn } : { failOn, maxWarnings });
}

/** Formats a program parses: their output is one document, which must exist even when a file cannot be read. */
const DOCUMENT_FORMATS: ReadonlySet<string> = new Set<FormatName>(['json', 'sarif', 'checkstyle', 'github']);

/**
 * Reads and compiles the host's AUTO entries. A large directory is sliced: this thread and worker threads
 * each compile a slice, run the file-scoped rules on it and keep only facts (a worker failure: all on this
 * thread). A small one is compiled here and kept whole.
 */
async function readAuto(host: LoadedHost, overrides: ReadonlyMap<string, Severity | 'off'>, target: 'xl' | undefined): Promise<CheckedFiles | undefined> {
  const listing = host.autoListing;
  if (!listing?.names) return undefined;
  const workers = lintWorkerCount(listing.names.length);
  if (workers === undefined) {
    attachAuto(host, listing.names.map((name) => autoEntry(listing, name)), (entry) => entry.model?.text);
    return undefined;
  }
  let done;
  try {
    done = await lintAutoOnWorkers(listing, overrides, workers, target);
  } catch (error) {
    if (process.env.XENDOMAINS_DEBUG) process.stderr.write(`xendomains: lint workers failed, linting on one thread: ${(error as Error).message}\n`);
    done = await lintAutoOnWorkers(listing, overrides, 0, target);
  }
  attachAuto(host, done.entries, done.textOf);
  return done.checked;
}

function ruleCode(text: string, option: string): string {
  const rule = rules.find((r) => r.code === text.toUpperCase() || r.name === text);
  if (!rule) throw new CliError(`invalid value for --${option}: "${text}" is not a xendomains rule (see \`xendomains rules\`)`, EXIT.badOption);
  return rule.code;
}

function loadRc(options: LintOptions): RcConfig {
  const root = ([] as string[]).concat(options.root ?? [])[0];
  const candidates = options.rc ? [options.rc] : [root ? join(resolve(root), '.xendomainsrc.json') : undefined, '.xendomainsrc.json'].filter((p): p is string => Boolean(p));
  const path = candidates.find((p) => options.rc || existsSync(p));
  if (!path) return { overrides: new Map() };
  const read = readTextFile(path);
  if (!read.ok) throw new CliError(`cannot read ${displayPath(path)}: ${read.reason}`, EXIT.badOption);
  const parsed = parseRc(read.text, displayPath(path), rules);
  if (!parsed.ok) throw new CliError(parsed.error, EXIT.badOption);
  return parsed.config;
}
