// Turns diagnostics into lint's exit status: findings at or above --fail-on,
// or more warnings than --max-warnings, exit 1.

import { atLeast, type Diagnostic, type Severity } from '../model/diagnostic.js';

export interface Thresholds {
  failOn: Severity;
  maxWarnings?: number;
}

export function lintExitCode(diagnostics: readonly Diagnostic[], thresholds: Thresholds): 0 | 1 {
  if (diagnostics.some((d) => atLeast(d.severity, thresholds.failOn))) return 1;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (thresholds.maxWarnings !== undefined && warnings > thresholds.maxWarnings) return 1;
  return 0;
}
