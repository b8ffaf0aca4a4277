// Writes the xl.cfg text of one migrated xm config: each assignment replaced by
// its action (xm-to-xl.ts), comments and blank lines kept, Python code and dropped
// or untranslatable keys commented out with the reason. Pure: text in, text out.

import type { DomainAssignment, DomainConfigModel } from '../model/domain.js';
import { toXl, type KeyAction, type Migration } from './xm-to-xl.js';
import { isXlLiteral, xlText } from './xl-literal.js';

const MARK = 'xendomains convert';

/** The xl.cfg text for `model`, following `migration`. */
export function renderXl(model: DomainConfigModel, migration: Migration): string {
  const text = model.text;
  const out: string[] = [`# Converted from the xm config ${model.file} by ${MARK}: notes start "# ${MARK}:".`];
  for (const p of migration.prepend) out.push(`# ${MARK}: ${p.note}`, `${p.key} = ${xlText(p.value)}`);
  if (migration.prepend.length || out.length) out.push('');

  const regions = [...model.assignments].sort((a, b) => a.span.start.offset - b.span.start.offset);
  let body = '';
  let at = text.startsWith('\uFEFF') ? 1 : 0;
  let inCode = false;
  const gap = (to: number) => {
    const piece = text.slice(at, to);
    at = to;
    const lines = piece.split('\n');
    lines.forEach((raw, i) => {
      const line = raw.replace(/\r$/, '').replace(/\r/g, ' ');
      const trimmed = line.trim();
      const midLine = i === 0 && body !== '' && !body.endsWith('\n');
      // After a statement on the same line: `;` separators become newlines (a replacement may end in a comment).
      const rest = midLine ? trimmed.replace(/^[;\s]+/, '') : trimmed;
      let emitted: string;
      if (midLine && rest !== trimmed) {
        emitted = rest === '' ? (i < lines.length - 1 ? '' : '\n') : rest.startsWith('#') ? ` ${rest}` : `\n# ${MARK}: Python code that xl cannot read, commented out:\n# ${rest}`;
        if (rest !== '' && !rest.startsWith('#')) inCode = true;
      } else if (trimmed === '' || trimmed.startsWith('#')) {
        emitted = line.replace(/[\f\v]/g, ' ');
        if (trimmed === '') inCode = false;
      } else if (/^;+$/.test(trimmed)) {
        emitted = '';
      } else {
        const note = inCode ? '' : `# ${MARK}: Python code that xl cannot read, commented out:\n`;
        inCode = true;
        emitted = `${midLine ? '\n' : ''}${note}# ${line.replace(/[\f\v]/g, ' ')}`;
      }
      // Commented-out code followed by a statement on the same line: the statement starts a new line.
      const codeBeforeStatement = i === lines.length - 1 && to < text.length && /^#|\n#/.test(emitted) && inCode && emitted.trim() !== '';
      body += emitted + (i < lines.length - 1 || codeBeforeStatement ? '\n' : '');
    });
  };
  const names = new Map<string, number>();
  for (const a of model.assignments) names.set(a.name, (names.get(a.name) ?? 0) + 1);

  for (const a of regions) {
    if (a.span.start.offset < at) continue; // nested in an earlier region (should not happen)
    gap(a.span.start.offset);
    const action = migration.actions.get(a) ?? { kind: 'unresolved', note: 'no xl form' };
    body += replacement(model, a, action, names.get(a.name) === 1);
    at = a.span.end.offset;
    inCode = false;
  }
  gap(text.length);
  // collapse the blank lines dropped assignments leave behind
  body = body.replace(/\n{3,}/g, '\n\n');
  out.push(body.replace(/\n*$/, ''));
  for (const p of migration.append) out.push(`# ${MARK}: ${p.note}`, `${p.key} = ${xlText(p.value)}`);
  return `${out.join('\n').replace(/^\n+/, '')}\n`;
}

function original(model: DomainConfigModel, a: DomainAssignment): string {
  return model.text.slice(a.span.start.offset, a.span.end.offset).replace(/\r/g, '');
}

function commented(source: string): string {
  return source.split('\n').map((l) => `# ${l}`).join('\n');
}

function replacement(model: DomainConfigModel, a: DomainAssignment, action: KeyAction, onlyAssignment: boolean): string {
  switch (action.kind) {
    case 'drop':
      return `# ${MARK}: removed (${action.note}):\n${commented(original(model, a))}`;
    case 'unresolved':
      return `# ${MARK}: NOT CONVERTED (${action.note}):\n${commented(original(model, a))}`;
    case 'write': {
      const source = original(model, a);
      const value = model.text.slice(a.valueSpan.start.offset, a.valueSpan.end.offset);
      const same = action.keys.length === 1 && action.keys[0]!.key === a.name && sameValue(a, action.keys[0]!.value);
      // Keep the xm text when xl reads it alike: its layout and comments inside lists survive.
      if (same && onlyAssignment && isXlLiteral(value) && new RegExp(`^${a.name}[ \\t]*=[^=]`).test(source)) return source;
      const lines = action.keys.map((k) => `${k.key} = ${xlText(k.value)}`);
      return `${action.note ? `# ${MARK}: ${action.note}\n` : ''}${lines.join('\n')}`;
    }
  }
}

function sameValue(a: DomainAssignment, value: Parameters<typeof xlText>[0]): boolean {
  const before = toXl(a.value);
  return before !== undefined && xlText(before) === xlText(value);
}
