// Which structured list variables hold which kind of device string, and the
// parser for each: shared by the device-spec rules so each sees the same
// findings (errors for one rule, warnings for another).

import type { DomainConfigModel } from '../model/domain.js';
import { parseDiskSpec, parsePciSpec, parseVfbSpec, parseVif2Spec, parseVifSpec, type SpecIssue } from '../model/domain-values.js';
import type { Span } from '../model/span.js';
import { stringElements, type StringElement } from './domain-values.js';
import { memo } from './memo.js';

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

type ParsedDevices = Array<{ element: StringElement; spec: { errors: SpecIssue[]; warnings: SpecIssue[] } }>;

// Several rules read the same device strings: parse each config's devices once.
const PARSED = Symbol('parsed devices');

/** The parsed device strings of `variable` (memoised per model: several rules ask). */
export function devicesOf(model: DomainConfigModel, variable: string): ParsedDevices {
  const byVariable = memo(PARSED, model, () => new Map<string, ParsedDevices>());
  let list = byVariable.get(variable);
  if (!list) {
    const parse = DEVICE_PARSERS[variable]!;
    list = stringElements(model, variable).map((element) => ({ element, spec: parse(element.value) }));
    byVariable.set(variable, list);
  }
  return list;
}

/** The errors or warnings of every device string in `variables`, located in the source. */
export function deviceFindings(model: DomainConfigModel, variables: readonly string[], which: 'errors' | 'warnings'): DeviceFinding[] {
  let out: DeviceFinding[] | undefined;
  for (const variable of variables) {
    for (const { element, spec } of devicesOf(model, variable)) {
      for (const issue of spec[which]) (out ??= []).push({ variable, message: issue.message, span: element.at(issue.start, issue.end) });
    }
  }
  return out ?? [];
}
