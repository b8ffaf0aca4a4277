// Which structured list variables hold which kind of device string, and the
// parser for each: shared by the device-spec rules so each sees the same
// findings (errors for one rule, warnings for another).

import type { DomainConfigModel } from '../model/domain.js';
import { parseDiskSpec, parsePciSpec, parseVfbSpec, parseVif2Spec, parseVifSpec, type SpecIssue } from '../model/domain-values.js';
import type { Span } from '../model/span.js';
import { stringElements } from './domain-values.js';

export const DEVICE_PARSERS: Record<string, (s: string) => { errors: SpecIssue[]; warnings: SpecIssue[] }> = {
  disk: parseDiskSpec,
  vif: parseVifSpec,
  vif2: parseVif2Spec,
  vfb: parseVfbSpec,
  pci: parsePciSpec,
};

export interface DeviceFinding {
  variable: string;
  message: string;
  span: Span;
}

/** The errors or warnings of every device string in `variables`, located in the source. */
export function deviceFindings(model: DomainConfigModel, variables: readonly string[], which: 'errors' | 'warnings'): DeviceFinding[] {
  const out: DeviceFinding[] = [];
  for (const variable of variables) {
    const parse = DEVICE_PARSERS[variable]!;
    for (const element of stringElements(model, variable)) {
      for (const issue of parse(element.value)[which]) out.push({ variable, message: issue.message, span: element.at(issue.start, issue.end) });
    }
  }
  return out;
}
