// `.xendomainsrc.json`: parsed and validated against schema/rc.schema.json
// (a standalone validator generated at build time); errors come back as one line with file:line:column.

import type { ErrorObject } from 'ajv';
import { validateRc as validate } from '../generated/validators.js';
import type { Severity } from '../model/diagnostic.js';
import { LineIndex } from '../model/span.js';
import type { Rule } from './rule.js';

export interface RcConfig {
  overrides: Map<string, Severity | 'off'>;
  failOn?: Severity;
  maxWarnings?: number;
  /** Where the rule pages are served (a mirror, an intranet copy): each finding's `url` points there. */
  docsUrl?: string;
  target?: 'xl';
  /** The host's toolstack (dialect of its domain configs), unless --toolstack says otherwise. */
  toolstack?: 'xm' | 'xl' | 'auto';
}


export function parseRc(text: string, file: string, rules: readonly Rule[]): { ok: true; config: RcConfig } | { ok: false; error: string } {
  const lines = new LineIndex(file, text);
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const at = /position (\d+)/.exec(String((error as Error).message));
    const pos = lines.position(at ? Number(at[1]) : 0);
    return { ok: false, error: `${file}:${pos.line}:${pos.column}: invalid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')}` };
  }
  if (!validate(data)) {
    const e = (validate.errors as ErrorObject[])[0]!;
    const where = e.instancePath || '(top level)';
    const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : e.keyword === 'enum' ? ` (${(e.params as { allowedValues: string[] }).allowedValues.join(', ')})` : '';
    return { ok: false, error: `${file}: ${where} ${e.message}${extra}` };
  }
  const raw = data as { rules?: Record<string, Severity | 'off'>; failOn?: Severity; maxWarnings?: number; docsUrl?: string; target?: 'xl'; toolstack?: 'xm' | 'xl' | 'auto' };
  const overrides = new Map<string, Severity | 'off'>();
  for (const [key, value] of Object.entries(raw.rules ?? {})) {
    const rule = rules.find((r) => r.code === key || r.name === key);
    if (!rule) return { ok: false, error: `${file}: rules: "${key}" is not a xendomains rule (see \`xendomains rules\`)` };
    overrides.set(rule.code, value);
  }
  const config: RcConfig = { overrides };
  if (raw.failOn) config.failOn = raw.failOn;
  if (raw.maxWarnings !== undefined) config.maxWarnings = raw.maxWarnings;
  if (raw.docsUrl !== undefined) config.docsUrl = raw.docsUrl;
  if (raw.target) config.target = raw.target;
  if (raw.toolstack) config.toolstack = raw.toolstack;
  return { ok: true, config };
}
