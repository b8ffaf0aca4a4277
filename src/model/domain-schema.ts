// Checks the evaluated variables of a domain config against
// schema/domain.schema.json (a standalone validator generated at build time) and maps every
// error to the source span of the value or list element. Severity and rule
// codes are the rules' business; unknown variables are another rule's job.

import type { ErrorObject } from 'ajv';
import schema from '../../schema/domain.schema.json' with { type: 'json' };
import { validateDomain as validate } from '../generated/validators.js';
import type { DomainConfigModel, PyTypeName, PyValue } from './domain.js';
import type { Span } from './span.js';

export interface DomainSchemaFinding {
  variable: string;
  message: string;
  span: Span;
}


const PROPERTIES = schema.properties as Record<string, unknown>;
/** Types xm's import rule skips: the variable silently keeps its default. */
const IGNORED: ReadonlySet<PyTypeName> = new Set(['bool', 'long', 'tuple', 'dict', 'NoneType', 'unicode']);

const JSON_TYPE_WORDS: Record<string, string> = {
  string: 'a string', integer: 'an int', number: 'a number', array: 'a list', object: 'a dict', boolean: 'a bool', null: 'None',
};

function pyTypeOf(v: PyValue): PyTypeName {
  if (typeof v === 'string') return 'str';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'bool';
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  return 'tuple' in v && Array.isArray((v as { tuple: unknown }).tuple) && Object.keys(v).length === 1 ? 'tuple' : 'dict';
}

function pyRepr(v: unknown, depth = 0): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'number') return String(v);
  if (depth > 3) return '…';
  if (Array.isArray(v)) return `[${v.map((x) => pyRepr(x, depth + 1)).join(', ')}]`;
  const o = v as Record<string, unknown>;
  if (pyTypeOf(o as PyValue) === 'tuple') {
    const items = o['tuple'] as unknown[];
    return `(${items.map((x) => pyRepr(x, depth + 1)).join(', ')}${items.length === 1 ? ',' : ''})`;
  }
  return `{${Object.entries(o).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x, depth + 1)}`).join(', ')}}`;
}

function show(v: unknown): string {
  const s = pyRepr(v);
  return s.length > 48 ? `${s.slice(0, 45)}…` : s;
}

function aType(t: PyTypeName): string {
  return t === 'NoneType' ? 'None' : t === 'int' ? 'an int' : `a ${t}`;
}

function orList(words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function describe(e: ErrorObject, label: string, value: unknown, pyType: PyTypeName): string {
  const p = e.params as Record<string, unknown>;
  const custom = (e.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
  switch (e.keyword) {
    case 'type': {
      const types = String(p['type']).split(',').map((t) => JSON_TYPE_WORDS[t] ?? t);
      let msg = `${label} should be ${orList(types)}, not ${aType(pyType)} (${show(value)})`;
      if (IGNORED.has(pyType)) msg += `: xm silently ignores a value of type ${pyType}, so the default is used`;
      else if (pyType === 'str' && String(p['type']).includes('integer') && /^\s*[+-]?\d+\s*$/.test(String(value))) {
        msg += ': xm does not convert values from the file, so it stays a string';
      }
      return msg;
    }
    case 'enum':
      return `${label} should be one of ${(p['allowedValues'] as unknown[]).map(show).join(', ')}, not ${show(value)}`;
    case 'minimum':
      return `${label} should be at least ${String(p['limit'])}, not ${show(value)}`;
    case 'maximum':
      return `${label} should be at most ${String(p['limit'])}, not ${show(value)}`;
    case 'pattern':
      return `${label} ${typeof custom === 'string' ? custom : `should match ${String(p['pattern'])}`}, not ${show(value)}`;
    case 'minLength':
      return `${label} should not be empty`;
    case 'maxItems': {
      const n = Number(p['limit']);
      return `${label} should have at most ${n} entr${n === 1 ? 'y' : 'ies'}`;
    }
    default:
      return `${label} ${e.message ?? 'is invalid'}`;
  }
}

/** Validates `model.vars`; one finding per schema violation, located at the value (or list element). */
export function validateDomainVars(model: DomainConfigModel): DomainSchemaFinding[] {
  const data: Record<string, PyValue> = {};
  for (const [k, a] of model.vars) {
    // defineProperty only where plain assignment would set the prototype instead
    if (k === '__proto__') Object.defineProperty(data, k, { value: a.value, enumerable: true, writable: true, configurable: true });
    else data[k] = a.value;
  }
  const out: DomainSchemaFinding[] = [];
  if (!validate(data)) {
    for (const e of (validate.errors ?? []) as ErrorObject[]) {
      const path = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const variable = path[0];
      const a = variable === undefined ? undefined : model.vars.get(variable);
      if (!a || variable === undefined) continue;
      let span = a.valueSpan;
      let label = `\`${variable}\``;
      let pyType = a.pyType ?? pyTypeOf(a.value);
      if (path.length > 1) {
        const index = Number(path[1]);
        const el = a.elementSpans?.[index];
        if (el) span = el;
        label = `\`${variable}[${path[1]}]\``;
        pyType = pyTypeOf(e.data as PyValue);
      }
      out.push({ variable, message: describe(e, label, e.data, pyType), span });
    }
  }
  for (const [k, a] of model.vars) {
    if (!Object.prototype.hasOwnProperty.call(PROPERTIES, k)) continue;
    if (a.pyType === 'long' || a.pyType === 'unicode') {
      const form = a.pyType === 'long' ? 'a long (an L suffix or a value above 2**63-1)' : "a unicode string (a u'' literal)";
      out.push({ variable: k, message: `\`${k}\` is ${form}: xm silently ignores values of type ${a.pyType}, so the default is used`, span: a.valueSpan });
    }
  }
  out.sort((x, y) => x.span.start.offset - y.span.start.offset);
  return out;
}
