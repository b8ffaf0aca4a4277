// The finding type every rule produces and every reporter consumes.
// Severity ordering and thresholds live here so lint, report and CLI agree.

import type { Span } from './span.js';

export type Severity = 'error' | 'warning' | 'info' | 'style';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'style'];

/** Higher is more severe. */
export function severityRank(severity: Severity): number {
  return { style: 0, info: 1, warning: 2, error: 3 }[severity];
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

export interface Diagnostic {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  span: Span;
  /** Link to the rule's documentation page. */
  url: string;
  /** Other places the finding involves (the first config of a duplicate name, uuid or MAC): SARIF relatedLocations. */
  related?: Array<{ span: Span; message: string }>;
}
