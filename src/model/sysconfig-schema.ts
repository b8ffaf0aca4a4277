// Validates the effective XENDOMAINS_* values against schema/sysconfig.schema.json
// (compiled to a standalone ajv validator at build time) and maps each error to the value's source span.
// Which rule reports an error is named by the schema's `x-rule`; rules add the why.

import type { ErrorObject } from 'ajv';
import schemaJson from '../../schema/sysconfig.schema.json' with { type: 'json' };
import { validateSysconfig as validate } from '../generated/validators.js';
import type { Settings, VariableName } from './settings.js';
import type { Span } from './span.js';

interface PropertySchema {
  default: string;
  description: string;
  'x-rule': string;
  'x-extension'?: boolean;
}

export interface SchemaFinding {
  variable: VariableName;
  rule: string;
  message: string;
  span: Span;
}

const schema = schemaJson as unknown as { properties: Record<VariableName, PropertySchema> };

export const VARIABLE_DOCS: Readonly<Record<VariableName, PropertySchema>> = schema.properties;

const cache = new WeakMap<Settings, SchemaFinding[]>();

export function schemaFindings(settings: Settings): SchemaFinding[] {
  const cached = cache.get(settings);
  if (cached) return cached;
  const values: Record<string, string> = {};
  for (const setting of Object.values(settings)) if (setting.value !== null) values[setting.name] = setting.value;
  const findings: SchemaFinding[] = [];
  if (!validate(values)) {
    for (const error of (validate.errors ?? []) as ErrorObject[]) {
      const variable = error.instancePath.slice(1) as VariableName;
      const assignment = settings[variable]?.assignment;
      if (!assignment) continue;
      const expected = error.keyword === 'enum' ? `one of ${(error.params as { allowedValues: string[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` : error.message ?? 'valid';
      findings.push({
        variable,
        rule: schema.properties[variable]['x-rule'],
        message: `${variable}=${JSON.stringify(assignment.value)} does not match the schema: must be ${expected.replace(/^must (be |match )?/, '')}`,
        span: assignment.valueSpan,
      });
    }
  }
  cache.set(settings, findings);
  return findings;
}
