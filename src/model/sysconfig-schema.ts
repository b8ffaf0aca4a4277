// Validates the effective XENDOMAINS_* values against schema/sysconfig.schema.json
// (compiled once per process) and maps each ajv error to the value's source span.
// Which rule reports an error is named by the schema's `x-rule`; rules add the why.

import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
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

const schema = JSON.parse(readFileSync(new URL('../../../schema/sysconfig.schema.json', import.meta.url), 'utf8')) as {
  properties: Record<VariableName, PropertySchema>;
};
const ajv = new Ajv({ allErrors: true, strict: true, keywords: ['x-rule', 'x-extension'] });
const validate = ajv.compile(schema);

export const VARIABLE_DOCS: Readonly<Record<VariableName, PropertySchema>> = schema.properties;

const cache = new WeakMap<Settings, SchemaFinding[]>();

export function schemaFindings(settings: Settings): SchemaFinding[] {
  const cached = cache.get(settings);
  if (cached) return cached;
  const values: Record<string, string> = {};
  for (const setting of Object.values(settings)) if (setting.value !== null) values[setting.name] = setting.value;
  const findings: SchemaFinding[] = [];
  if (!validate(values)) {
    for (const error of validate.errors ?? []) {
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
