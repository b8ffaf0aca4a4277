// `xendomains convert [--to xl] FILE… [--out-dir DIR | --write] [--vmid N]`: xm configs to xl.cfg.
// Reads and writes files and prints; the conversion itself is src/convert (pure). What it
// cannot translate faithfully is reported with the XD5xxx rule's code, as lint reports it.

import { existsSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { rules } from '../../rules/index.js';
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import { compileDomainConfig } from '../model/domain-compile.js';
import { describeFsError, readTextFile } from '../host/files.js';
import { displayPath } from '../host/paths.js';
import { ruleMarkdown, ruleUrl } from '../lint/docs.js';
import { sortDiagnostics } from '../lint/engine.js';
import { lintExitCode } from '../lint/outcome.js';
import { migrationOf } from '../convert/xm-to-xl.js';
import { renderXl } from '../convert/render.js';
import { format } from '../report/index.js';
import { FORMATS, type FormatName } from '../report/types.js';
import { choice, CliError, EXIT, toolVersion, useColor, type GlobalOptions } from './common.js';

export interface ConvertOptions extends GlobalOptions {
  files?: string[];
  to?: string;
  outDir?: string;
  write?: boolean;
  vmid?: number;
  format?: string;
}

/** Where `--write` puts the xl config of FILE: beside it, never over it. */
export function writeDestination(file: string): string {
  return `${file}.xl`;
}

export async function runConvert(options: ConvertOptions): Promise<number> {
  choice('to', options.to, ['xl'] as const);
  const formatName = (choice('format', options.format, FORMATS) ?? 'stylish') as FormatName;
  const files = options.files ?? [];
  if (files.length === 0) throw new CliError('convert needs at least one xm config FILE', EXIT.usage);
  if (options.outDir !== undefined && options.write) throw new CliError('--out-dir and --write cannot be combined', EXIT.usage);
  if (files.length > 1 && options.outDir === undefined && !options.write) {
    throw new CliError(`${files.length} files and no destination: give --out-dir DIR or --write (stdout takes one file)`, EXIT.usage);
  }
  if (options.vmid !== undefined && !Number.isInteger(options.vmid)) throw new CliError(`invalid value for --vmid: "${options.vmid}" (a whole number)`, EXIT.badOption);
  if (options.outDir !== undefined) {
    try {
      mkdirSync(options.outDir, { recursive: true });
    } catch (error) {
      throw new CliError(`cannot create ${displayPath(options.outDir)}: ${describeFsError(error)}`, EXIT.unreadable);
    }
  }

  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const outputs: Array<{ to: string | undefined; text: string }> = [];
  for (const file of files) {
    const read = readTextFile(file);
    if (!read.ok) {
      process.stderr.write(`xendomains: cannot read ${displayPath(file)}: ${read.reason}\n`);
      return EXIT.unreadable;
    }
    const shown = displayPath(file);
    const compileOptions = { basename: basename(file), ...(options.vmid !== undefined ? { vmid: options.vmid } : {}), ...(read.invalidUtf8Offset !== undefined ? { invalidUtf8Offset: read.invalidUtf8Offset } : {}) };
    const model = compileDomainConfig(read.text, shown, compileOptions);
    const migration = migrationOf(model, { vmidGiven: options.vmid !== undefined });
    sources.set(shown, read.text);
    for (const issue of migration.issues) {
      if (issue.resolved) continue;
      const rule = rules.find((r) => r.code === issue.code)!;
      diagnostics.push({ code: rule.code, name: rule.name, severity: rule.severity, message: issue.message, span: issue.span, url: ruleUrl(rule) });
    }
    const to = options.write ? writeDestination(file) : options.outDir !== undefined ? join(options.outDir, basename(file)) : undefined;
    if (to !== undefined) {
      if (resolve(to) === resolve(file)) throw new CliError(`${displayPath(to)} is the xm config itself: choose another --out-dir`, EXIT.usage);
      if (existsSync(to)) throw new CliError(`${displayPath(to)} exists: convert never overwrites a file (remove it first)`, EXIT.usage);
      if (outputs.some((o) => o.to !== undefined && resolve(o.to) === resolve(to))) throw new CliError(`two FILES would both be written to ${displayPath(to)}`, EXIT.usage);
    }
    outputs.push({ to, text: renderXl(model, migration) });
  }
  for (const { to, text } of outputs) {
    if (to === undefined) process.stdout.write(text);
    else {
      try {
        writeFileSync(to, text, { flag: 'wx' });
        if (statSync(to).size !== Buffer.byteLength(text)) throw new Error('short write');
      } catch (error) {
        process.stderr.write(`xendomains: cannot write ${displayPath(to)}: ${describeFsError(error)}\n`);
        return EXIT.unreadable;
      }
      if (!options.quiet) process.stderr.write(`xendomains: wrote ${displayPath(to)}\n`);
    }
  }
  const sorted = sortDiagnostics(diagnostics);
  if (sorted.length) {
    const report = {
      diagnostics: sorted, sources, fileCount: sources.size, toolVersion: toolVersion(),
      rules: rules.filter((r) => r.target === 'xl').map((r) => ({ code: r.code, name: r.name, severity: r.severity as Severity, summary: r.docs.summary, docs: ruleMarkdown(r), url: ruleUrl(r) })),
    };
    const text = format(formatName, report, { color: useColor({ color: options.color }, process.stderr) });
    // The converted text may be on stdout: findings go to stderr.
    if (text) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  }
  return lintExitCode(sorted, { failOn: 'info' });
}
