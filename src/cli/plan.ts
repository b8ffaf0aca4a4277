// `xendomains plan start|stop|restart|status`: gather the host (read-only),
// plan, and print the plan as text, JSON or sh; `--out` also saves the JSON for
// `apply`. Only findings that make the plan unknowable block it.

import { writeFileSync } from 'node:fs';
import { Chalk } from 'chalk';
import { rules } from '../../rules/index.js';
import { gatherPlanInput } from '../host/plan-input.js';
import { displayPath, underRoot } from '../host/paths.js';
import { describeFsError } from '../host/files.js';
import { lintModels } from '../lint/engine.js';
import { gcc } from '../report/gcc.js';
import { formatPlanSh } from '../report/plan-sh.js';
import { formatPlanText } from '../report/plan-text.js';
import { planToJson } from '../plan/plan-json.js';
import { planRestart, planStart, planStatus, planStop, type PlanInput } from '../plan/planner.js';
import type { Plan, PlanVerb } from '../plan/types.js';
import { markSteps } from '../plan/step-findings.js';
import { atLeast, SEVERITIES, type Diagnostic } from '../model/diagnostic.js';
import type { LoadedHost } from '../host/load.js';
import { nameUnknowable } from '../model/domain.js';
import { choice, CliError, EXIT, oneRoot, toolVersion, useColor, xenstoreDomidOption, type GlobalOptions } from './common.js';
import { toolstackOption } from './toolstack.js';

export interface PlanOptions extends GlobalOptions {
  verb: string;
  state?: string;
  format?: string;
  out?: string;
  failOn?: string;
}

export const PLANNERS: Record<PlanVerb, (input: PlanInput) => Plan> = { start: planStart, stop: planStop, restart: planRestart, status: planStatus };

/** Findings that leave the plan unknowable: a sysconfig bash cannot parse, an AUTO domain whose name is unknown (when the verb needs it). */
function blockingFindings(host: LoadedHost, input: PlanInput, verb: PlanVerb, diagnostics: Diagnostic[]): Diagnostic[] {
  const needsNames = verb !== 'stop' || input.settings.XENDOMAINS_AUTO_ONLY.value === 'true';
  const unnamed = new Set(unnamedConfigs(host, input, verb));
  return diagnostics.filter((d) => {
    if (d.code === 'XD1001') return true;
    return needsNames && d.severity === 'error' && unnamed.has(d.span.file) && BLOCKING_CODES.has(d.code);
  });
}

/** The rules whose findings can block a plan: XD1001, and the domain-config errors that hide a name. */
const BLOCKING_CODES = new Set(['XD1101', 'XD1103', 'XD1105']);

/** Only these need to run where nobody reads the other findings (the init verbs): a big config never delays a stop. */
export const blockingRules = rules.filter((r) => r.code === 'XD1001' || BLOCKING_CODES.has(r.code));

/**
 * xm configs whose name needs Python: the plan is unknowable. An xl.cfg without
 * `name`, or one xl cannot parse, is not: xl refuses it (X6, Q22), and the plan says so.
 */
function unnamedConfigs(host: LoadedHost, input: PlanInput, verb: PlanVerb): string[] {
  const needsNames = verb !== 'stop' || input.settings.XENDOMAINS_AUTO_ONLY.value === 'true';
  return needsNames ? (host.auto ?? []).filter((e) => e.model && nameUnknowable(e.model)).map((e) => e.file) : [];
}

/** What makes the plans for `verbs` unknowable: the findings that block any of them and the configs whose domain name is unknown; undefined when nothing does. */
export function unplannable(host: LoadedHost, input: PlanInput, verbs: readonly PlanVerb[], diagnostics: Diagnostic[]): { blocking: Diagnostic[]; unnamed: string[] } | undefined {
  const blocking = [...new Set(verbs.flatMap((verb) => blockingFindings(host, input, verb, diagnostics)))];
  const unnamed = [...new Set(verbs.flatMap((verb) => unnamedConfigs(host, input, verb)))];
  return blocking.length || unnamed.length ? { blocking, unnamed } : undefined;
}

/**
 * `plan` and `compile-init`: print the errors and warnings (unless quiet), then refuse
 * when the plans for `verbs` are unknowable ("xendomains: no <what>: …"). Returns true when refused (exit 1).
 */
export function refuseUnplannable(what: string, host: LoadedHost, input: PlanInput, verbs: readonly PlanVerb[], diagnostics: Diagnostic[], quiet: boolean | undefined): boolean {
  const shown = diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
  if (shown.length && !quiet) {
    process.stderr.write(gcc({ diagnostics: shown, sources: host.sources, fileCount: host.sources.size, rules: [], toolVersion: toolVersion() }, { color: false }));
    process.stderr.write('\n');
  }
  const refused = unplannable(host, input, verbs, diagnostics);
  if (!refused) return false;
  const why = refused.unnamed.length ? `the domain name of ${refused.unnamed.join(', ')} cannot be determined` : 'the sysconfig cannot be parsed';
  process.stderr.write(`xendomains: no ${what}: ${why}; fix the findings above\n`);
  return true;
}

export async function runPlan(all: PlanOptions): Promise<number> {
  const options = oneRoot(all);
  const verbs = ['start', 'stop', 'restart', 'status'] as const;
  if (!(verbs as readonly string[]).includes(options.verb)) throw new CliError(`plan: unknown verb "${options.verb}" (choose from ${verbs.join(', ')})`, EXIT.usage);
  const verb = options.verb as PlanVerb;
  const formatName = choice('format', options.format, ['text', 'json', 'sh'] as const) ?? 'text';
  const toolstack = toolstackOption(options);
  const gathered = await gatherPlanInput({ ...options, toolstack, xenstoreDomid: xenstoreDomidOption(options) });
  if (!gathered.ok) throw new CliError(gathered.message, EXIT.unreadable);
  const { input, host } = gathered;
  const failOn = choice('fail-on', options.failOn, SEVERITIES);
  const diagnostics = lintModels({ toolstack, sysconfig: host.sysconfig, domains: host.domains, auto: host.auto, saveDir: host.saveDir }, { rules });
  if (refuseUnplannable('plan', host, input, [verb], diagnostics, options.quiet)) return 1;
  const plan = markSteps(PLANNERS[verb](input), diagnostics, input.settings);
  if (options.out) {
    try {
      writeFileSync(options.out, planToJson(plan));
    } catch (error) {
      throw new CliError(`cannot write ${displayPath(options.out)}: ${describeFsError(error)}`, EXIT.unreadable);
    }
  }
  const color = useColor(options);
  const text = formatName === 'json' ? planToJson(plan) : formatName === 'sh' ? formatPlanSh(plan) : formatPlanText(plan, { ...(color ? { chalk: new Chalk({ level: 1 }) } : {}), ...(options.root ? { localOf: (p: string) => displayPath(underRoot(options.root, p)) } : {}) });
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  // --fail-on: findings at or above it fail the plan (exit 1) although it was printed, for CI gates.
  const failing = failOn ? diagnostics.filter((d) => atLeast(d.severity, failOn)) : [];
  if (failing.length) {
    process.stderr.write(`xendomains: ${failing.length} finding${failing.length === 1 ? '' : 's'} at or above --fail-on ${failOn}\n`);
    return 1;
  }
  return 0;
}
