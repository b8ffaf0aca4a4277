// Runs the rules over compiled models — per host, then across a fleet —
// with severity overrides, disabled rules, suppression directives, then the
// directive meta rules. Pure: models in, sorted diagnostics out.

import type { Diagnostic, Severity } from '../model/diagnostic.js';
import type { AutoEntry } from '../model/auto.js';
import type { Dialect, DomainConfigModel } from '../model/domain.js';
import type { FileOwner, SaveEntry } from '../model/host-state.js';
import { effectiveSettings, type Settings } from '../model/settings.js';
import type { LineIndex, Span } from '../model/span.js';
import type { Comment, SysconfigModel } from '../model/sysconfig.js';
import { mayBeDirective, parseDirectives, suppressing, type Directive } from './directives.js';
import { ruleUrl } from './docs.js';
import type { DirectiveUse, FleetHost, LintContext, Rule } from './rule.js';

export interface LintInput {
  sysconfig: SysconfigModel | undefined;
  /** The host's toolstack (default xm): sysconfig rules judge the commands its script runs. */
  toolstack?: Dialect | undefined;
  /** Every compiled domain config: the AUTO configs and any named on the command line. */
  domains: readonly DomainConfigModel[];
  auto?: readonly AutoEntry[] | undefined;
  /** The XENDOMAINS_SAVE entries (scanSaveDir), when the host's save directory was scanned. */
  saveDir?: readonly SaveEntry[] | undefined;
  /** XENDOMAINS_SAVE's own owner and mode, when the host's save directory was scanned. */
  saveDirOwner?: FileOwner | undefined;
  /**
   * Configs already compiled and checked by the `scope: 'file'` rules elsewhere (lint workers, lintFileRules):
   * they are in `auto` with `facts` only, not in `domains`, and their results join this host's.
   */
  checked?: CheckedFiles | undefined;
  /** Files that could not be read (display path and why): XD9003 reports them, so every format shows them. */
  unreadable?: ReadonlyArray<{ path: string; reason: string }> | undefined;
}

/** What lintFileRules found in a batch of configs. */
export interface CheckedFiles {
  /** Findings of the `scope: 'file'` rules, suppression directives applied. */
  diagnostics: Diagnostic[];
  /** The directives of those files that have any, with what they suppressed so far. */
  directives: FileDirectives[];
}

export interface LintOptions {
  rules: readonly Rule[];
  /** Per rule code: a severity replacing the default, or 'off'. */
  overrides?: ReadonlyMap<string, Severity | 'off'>;
  /** `xl`: also run the xm → xl migration rules (those with `target: 'xl'`). */
  target?: 'xl';
}

export interface FileDirectives {
  file: string;
  directives: Directive[];
}

/** One host of a fleet for lintFleet: its name and capacity as the fleet file states them. */
export interface FleetMember {
  name: string;
  aliases?: readonly string[];
  capacityMiB?: number;
  input: LintInput;
}

export function lintModels(input: LintInput, options: LintOptions): Diagnostic[] {
  return lintFleet([{ name: '', input }], options);
}

/** Runs rules and collects their findings, applying the suppression directives of `byFile`. */
function runner(options: LintOptions, byFile: ReadonlyMap<string, FileDirectives>, diagnostics: Diagnostic[]) {
  return (rule: Rule, input: LintInput, settings: Settings, extra: Pick<LintContext, 'directiveUses' | 'fleet'>, suppressible: boolean) => {
    const severity = (options.overrides?.get(rule.code) as Severity | undefined) ?? rule.severity;
    const ctx: LintContext = {
      sysconfig: input.sysconfig,
      settings,
      toolstack: input.toolstack ?? 'xm',
      domains: rule.dialect ? ofDialect(input.domains, rule.dialect) : input.domains,
      auto: input.auto,
      saveDir: input.saveDir,
      unreadable: input.unreadable ?? [],
      saveDirOwner: input.saveDirOwner,
      ...extra,
      report(span: Span, message: string, related?: Array<{ span: Span; message: string }>) {
        if (suppressible) {
          const directives = byFile.get(span.file)?.directives ?? [];
          if (suppressing(directives, rule.code, rule.name, span.start.line)) return;
        }
        const diagnostic: Diagnostic = { code: rule.code, name: rule.name, severity, message, span, url: ruleUrl(rule) };
        if (related?.length) diagnostic.related = related;
        diagnostics.push(diagnostic);
      },
    };
    rule.check(ctx);
  };
}

/**
 * The settings rules judge: a value's trailing carriage returns (DOS line endings) removed. XD1003
 * reports the line endings once with what they do; without this every value rule would report the
 * same `\r` again ("true\r" means false, "300\r" is not a number, …): one mistake, one finding.
 */
function withoutTrailingCRs(settings: Settings): Settings {
  const out = { ...settings };
  for (const [name, setting] of Object.entries(settings) as Array<[keyof Settings, Settings[keyof Settings]]>) {
    if (setting.value?.endsWith('\r')) out[name] = { ...setting, value: setting.value.replace(/\r+$/, '') };
  }
  return out;
}

const NO_EXTRA: Pick<LintContext, 'directiveUses' | 'fleet'> = { directiveUses: [], fleet: [] };

const BY_DIALECT = new WeakMap<readonly DomainConfigModel[], Map<Dialect, readonly DomainConfigModel[]>>();

/** The configs written in one dialect (memoised per list: every dialect rule asks). */
function ofDialect(domains: readonly DomainConfigModel[], dialect: Dialect): readonly DomainConfigModel[] {
  if (domains.every((d) => d.dialect === dialect)) return domains;
  let cached = BY_DIALECT.get(domains);
  if (!cached) BY_DIALECT.set(domains, (cached = new Map()));
  let list = cached.get(dialect);
  if (!list) cached.set(dialect, (list = domains.filter((d) => d.dialect === dialect)));
  return list;
}

/**
 * The `scope: 'file'` rules alone over some configs, for a lint worker: the rest of the
 * host is linted by lintFleet with the result as `LintInput.checked`.
 */
export function lintFileRules(domains: readonly DomainConfigModel[], options: LintOptions): CheckedFiles {
  const byFile = new Map(domains.map((d) => [d.file, directivesOf(d)]));
  const diagnostics: Diagnostic[] = [];
  const run = runner(options, byFile, diagnostics);
  const input: LintInput = { sysconfig: undefined, domains };
  const settings = effectiveSettings(undefined);
  for (const rule of active(options)) if (rule.scope === 'file') run(rule, input, settings, NO_EXTRA, true);
  return { diagnostics, directives: [...byFile.values()].filter((f) => f.directives.length > 0) };
}

function active(options: LintOptions): Rule[] {
  return options.rules.filter((r) => options.overrides?.get(r.code) !== 'off' && (r.target === undefined || r.target === options.target));
}

/** Lints each host, then the fleet rules over all of them (two or more), then the directive rules. */
export function lintFleet(members: readonly FleetMember[], options: LintOptions): Diagnostic[] {
  const rules = active(options);
  const byFile = new Map<string, FileDirectives>();
  const diagnostics: Diagnostic[] = [];
  for (const { input } of members) {
    if (input.sysconfig) byFile.set(input.sysconfig.file, directivesOf(input.sysconfig));
    for (const domain of input.domains) byFile.set(domain.file, directivesOf(domain));
    for (const checked of input.checked?.directives ?? []) byFile.set(checked.file, checked);
    diagnostics.push(...(input.checked?.diagnostics ?? []));
  }
  const hosts: FleetHost[] = members.map((m) => {
    const host: FleetHost = { name: m.name, aliases: m.aliases ?? [], sysconfig: m.input.sysconfig, settings: withoutTrailingCRs(effectiveSettings(m.input.sysconfig)), domains: m.input.domains, auto: m.input.auto };
    if (m.capacityMiB !== undefined) host.capacityMiB = m.capacityMiB;
    return host;
  });

  const run = runner(options, byFile, diagnostics);
  members.forEach(({ input }, i) => {
    for (const rule of rules) if (!rule.phase) run(rule, input, hosts[i]!.settings, NO_EXTRA, true);
  });
  if (members.length > 1) {
    const none: LintInput = { sysconfig: undefined, domains: [] };
    for (const rule of rules) if (rule.phase === 'fleet') run(rule, none, effectiveSettings(undefined), { directiveUses: [], fleet: hosts }, true);
  }

  const known = new Set(options.rules.flatMap((r) => [r.code, r.name]));
  const uses: DirectiveUse[] = [];
  for (const { directives } of byFile.values()) {
    for (const d of directives) {
      for (const t of d.targets) uses.push({ target: t.text, span: t.span, known: known.has(t.text), used: d.used.has(t.text) });
    }
  }
  const none: LintInput = { sysconfig: undefined, domains: [] };
  for (const rule of rules) if (rule.phase === 'directives') run(rule, none, effectiveSettings(undefined), { directiveUses: uses, fleet: [] }, false);
  return sortDiagnostics(diagnostics);
}

function directivesOf(model: { file: string; lines: LineIndex; comments: Comment[]; assignments: Array<{ span: Span }>; problems: Array<{ span: Span }> }): FileDirectives {
  if (!model.comments.some((c) => mayBeDirective(c.text))) return { file: model.file, directives: [] };
  const statements = [...model.assignments, ...model.problems]
    .map((s) => [s.span.start.line, s.span.end.line] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const firstAssignmentLine = model.assignments[0]?.span.start.line;
  return { file: model.file, directives: parseDirectives(model.comments, model.lines, { statements, firstAssignmentLine }) };
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.start.line - b.span.start.line ||
      a.span.start.column - b.span.start.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
