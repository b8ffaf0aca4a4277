// The programmatic API: the pure core (compilers, lint engine and rules,
// formatters, planner) for tools that embed xendomains. Reading a host from
// disk and running xm stay in the CLI (src/host, src/exec).

export { compileSysconfig } from './model/sysconfig-compile.js';
export type { SysconfigModel, Assignment } from './model/sysconfig.js';
export { effectiveSettings, REFERENCE_VARIABLES, EXTENSION_VARIABLES, words } from './model/settings.js';
export type { Settings, VariableName } from './model/settings.js';
export { compileDomainConfig } from './model/domain-compile.js';
export type { DomainConfigModel, PyValue } from './model/domain.js';
export type { AutoEntry } from './model/auto.js';
export type { Diagnostic, Severity } from './model/diagnostic.js';
export type { Span, Position } from './model/span.js';
export { lintModels, lintFleet } from './lint/engine.js';
export type { LintInput, LintOptions, FleetMember } from './lint/engine.js';
export type { Rule, RuleExample, LintContext } from './lint/rule.js';
export { rules } from '../rules/index.js';
export { ruleMarkdown, ruleUrl } from './lint/docs.js';
export { format, formatters } from './report/index.js';
export type { LintReport, FormatName } from './report/types.js';
export { parseXmListLong, parseStateJson, parseStateAuto, scanSaveDir } from './plan/state.js';
export type { HostState, DomainState, SaveEntry } from './plan/state.js';
export { planStart, planStop, planRestart, planStatus } from './plan/planner.js';
export type { PlanInput } from './plan/planner.js';
export { planToJson, parsePlanJson } from './plan/plan-json.js';
export type { Plan, PlanStep } from './plan/types.js';
export { formatPlanText } from './report/plan-text.js';
export { formatPlanSh } from './report/plan-sh.js';
