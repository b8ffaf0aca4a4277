// `xendomains lint`: load the host's files, run the rules, print in the chosen
// format, and exit by the thresholds. Option checking lives here; linting
// itself is src/lint, reading files src/host, formatting src/report.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rules } from '../../rules/index.js';
import { atLeast, SEVERITIES, type Severity } from '../model/diagnostic.js';
import { readTextFile } from '../host/files.js';
import { displayPath } from '../host/paths.js';
import { loadHost } from '../host/load.js';
import { ruleMarkdown, ruleUrl } from '../lint/docs.js';
import { lintModels } from '../lint/engine.js';
import { lintExitCode } from '../lint/outcome.js';
import { parseRc, type RcConfig } from '../lint/rc.js';
import { format } from '../report/index.js';
import { FORMATS, type FormatName, type LintReport } from '../report/types.js';
import { choice, CliError, EXIT, toolVersion, useColor, type GlobalOptions } from './common.js';

export interface LintOptions extends GlobalOptions {
  files?: string[];
  format?: string;
  severity?: string;
  failOn?: string;
  maxWarnings?: number;
  enable?: string[];
  disable?: string[];
  rc?: string;
}

export function runLint(options: LintOptions): number {
  const formatName = choice('format', options.format, FORMATS) ?? 'stylish';
  const shownSeverity = choice('severity', options.severity, SEVERITIES) ?? 'style';
  const rc = loadRc(options);
  const failOn = choice('fail-on', options.failOn, SEVERITIES) ?? rc.failOn ?? 'warning';
  const maxWarnings = options.maxWarnings ?? rc.maxWarnings;
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) {
    throw new CliError(`invalid value for --max-warnings: "${maxWarnings}" (a whole number, 0 or more)`, EXIT.badOption);
  }
  const overrides = new Map(rc.overrides);
  for (const code of options.disable ?? []) overrides.set(ruleCode(code, 'disable'), 'off');
  for (const code of options.enable ?? []) {
    const resolved = ruleCode(code, 'enable');
    if (overrides.get(resolved) === 'off') overrides.delete(resolved);
  }

  const host = loadHost({ root: options.root, config: options.config, files: options.files });
  if (host.unreadable.length) {
    for (const u of host.unreadable) process.stderr.write(`xendomains: cannot read ${u.path}: ${u.reason}\n`);
    return EXIT.unreadable;
  }
  const diagnostics = lintModels({ sysconfig: host.sysconfig, domains: host.domains, auto: host.auto }, { rules, overrides }).filter((d) => atLeast(d.severity, shownSeverity));
  const report: LintReport = {
    diagnostics,
    sources: host.sources,
    fileCount: host.sources.size,
    rules: rules.map((r) => ({ code: r.code, name: r.name, severity: overrides.get(r.code) === 'off' ? r.severity : ((overrides.get(r.code) as Severity | undefined) ?? r.severity), summary: r.docs.summary, docs: ruleMarkdown(r), url: ruleUrl(r) })),
    toolVersion: toolVersion(),
  };
  const text = format(formatName as FormatName, report, { color: useColor(options) });
  if (text && !(options.quiet && formatName === 'stylish' && diagnostics.length === 0)) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return lintExitCode(diagnostics, maxWarnings === undefined ? { failOn } : { failOn, maxWarnings });
}

function ruleCode(text: string, option: string): string {
  const rule = rules.find((r) => r.code === text.toUpperCase() || r.name === text);
  if (!rule) throw new CliError(`invalid value for --${option}: "${text}" is not a xendomains rule (see \`xendomains rules\`)`, EXIT.badOption);
  return rule.code;
}

function loadRc(options: LintOptions): RcConfig {
  const candidates = options.rc ? [options.rc] : [options.root ? join(resolve(options.root), '.xendomainsrc.json') : undefined, '.xendomainsrc.json'].filter((p): p is string => Boolean(p));
  const path = candidates.find((p) => options.rc || existsSync(p));
  if (!path) return { overrides: new Map() };
  const read = readTextFile(path);
  if (!read.ok) throw new CliError(`cannot read ${displayPath(path)}: ${read.reason}`, EXIT.badOption);
  const parsed = parseRc(read.text, displayPath(path), rules);
  if (!parsed.ok) throw new CliError(parsed.error, EXIT.badOption);
  return parsed.config;
}
