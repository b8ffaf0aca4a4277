// Runs the rules over compiled models — per host, then across a fleet —
// with severity overrides, disabled rules, suppression directives, then the
// directive meta rules. Pure: models in, sorted diagnostics out.

import type { Diagnostic, Severity } from '../model/diagnostic.js';
import type { AutoEntry } from '../model/auto.js';
import type { DomainConfigModel } from '../model/domain.js';
import type { SaveEntry } from '../plan/state.js';
import { effectiveSettings, type Settings } from '../model/settings.js';
import type { LineIndex, Span } from '../model/span.js';
import type { Comment, SysconfigModel } from '../model/sysconfig.js';
import { parseDirectives, suppressing, type Directive } from './directives.js';
import { ruleUrl } from './docs.js';
import type { DirectiveUse, FleetHost, LintContext, Rule } from './rule.js';

export interface LintInput {
  sysconfig: SysconfigModel | undefined;
  /** Every compiled domain config: the AUTO configs and any named on the command line. */
  domains: readonly DomainConfigModel[];
  auto?: readonly AutoEntry[] | undefined;
  /** The XENDOMAINS_SAVE entries (scanSaveDir), when the host's save directory was scanned. */
  saveDir?: readonly SaveEntry[] | undefined;
}

export interface LintOptions {
  rules: readonly Rule[];
  /** Per rule code: a severity replacing the default, or 'off'. */
  overrides?: ReadonlyMap<string, Severity | 'off'>;
}

interface FileDirectives {
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

/** Lints each host, then the fleet rules over all of them (two or more), then the directive rules. */
export function lintFleet(members: readonly FleetMember[], options: LintOptions): Diagnostic[] {
  const active = options.rules.filter((r) => options.overrides?.get(r.code) !== 'off');
  const byFile = new Map<string, FileDirectives>();
  for (const { input } of members) {
    if (input.sysconfig) byFile.set(input.sysconfig.file, directivesOf(input.sysconfig));
    for (const domain of input.domains) byFile.set(domain.file, directivesOf(domain));
  }
  const hosts: FleetHost[] = members.map((m) => {
    const host: FleetHost = { name: m.name, aliases: m.aliases ?? [], sysconfig: m.input.sysconfig, settings: effectiveSettings(m.input.sysconfig), domains: m.input.domains, auto: m.input.auto };
    if (m.capacityMiB !== undefined) host.capacityMiB = m.capacityMiB;
    return host;
  });

  const diagnostics: Diagnostic[] = [];
  const run = (rule: Rule, input: LintInput, settings: Settings, extra: Pick<LintContext, 'directiveUses' | 'fleet'>, suppressible: boolean) => {
    const severity = (options.overrides?.get(rule.code) as Severity | undefined) ?? rule.severity;
    const ctx: LintContext = {
      sysconfig: input.sysconfig,
      settings,
      domains: input.domains,
      auto: input.auto,
      saveDir: input.saveDir,
      ...extra,
      report(span: Span, message: string) {
        if (suppressible) {
          const directives = byFile.get(span.file)?.directives ?? [];
          if (suppressing(directives, rule.code, rule.name, span.start.line)) return;
        }
        diagnostics.push({ code: rule.code, name: rule.name, severity, message, span, url: ruleUrl(rule) });
      },
    };
    rule.check(ctx);
  };
  members.forEach(({ input }, i) => {
    for (const rule of active) if (!rule.phase) run(rule, input, hosts[i]!.settings, { directiveUses: [], fleet: [] }, true);
  });
  if (members.length > 1) {
    const none: LintInput = { sysconfig: undefined, domains: [] };
    for (const rule of active) if (rule.phase === 'fleet') run(rule, none, effectiveSettings(undefined), { directiveUses: [], fleet: hosts }, true);
  }

  const known = new Set(options.rules.flatMap((r) => [r.code, r.name]));
  const uses: DirectiveUse[] = [];
  for (const { directives } of byFile.values()) {
    for (const d of directives) {
      for (const t of d.targets) uses.push({ target: t.text, span: t.span, known: known.has(t.text), used: d.used.has(t.text) });
    }
  }
  const none: LintInput = { sysconfig: undefined, domains: [] };
  for (const rule of active) if (rule.phase === 'directives') run(rule, none, effectiveSettings(undefined), { directiveUses: uses, fleet: [] }, false);
  return sortDiagnostics(diagnostics);
}

function directivesOf(model: { file: string; lines: LineIndex; comments: Comment[]; assignments: Array<{ span: Span }>; problems: Array<{ span: Span }> }): FileDirectives {
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
