// Checkstyle XML (what Jenkins warnings-ng, reviewdog and many CI dashboards read):
// one <file> per file with findings, one <error> per finding, source=xendomains.CODE.
// Checkstyle knows error|warning|info only, so style is reported as info.

import type { Diagnostic, Severity } from '../model/diagnostic.js';
import type { Formatter } from './types.js';

const SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info', style: 'info' };

/**
 * Escape for a double-quoted XML 1.0 attribute. Characters XML 1.0 forbids outright
 * (most C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot even be written as
 * references, so they become U+FFFD; tab/CR/LF are written as references because a
 * parser would otherwise normalise them to spaces.
 */
export function xmlAttr(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&apos;';
    else if (cp === 0x9 || cp === 0xa || cp === 0xd) out += `&#${cp};`;
    else if (cp < 0x20 || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff) out += '\ufffd';
    else out += ch;
  }
  return out;
}

function errorElement(d: Diagnostic): string {
  const attrs = [
    ['line', String(d.span.start.line)],
    ['column', String(d.span.start.column)],
    ['severity', SEVERITY[d.severity]],
    ['message', d.message],
    ['source', `xendomains.${d.code}`],
  ];
  return `    <error ${attrs.map(([k, v]) => `${k}="${xmlAttr(v!)}"`).join(' ')}/>`;
}

export const checkstyle: Formatter = (report) => {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of report.diagnostics) {
    const list = byFile.get(d.span.file);
    if (list) list.push(d);
    else byFile.set(d.span.file, [d]);
  }
  const lines = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  for (const [file, diagnostics] of byFile) {
    lines.push(`  <file name="${xmlAttr(file)}">`);
    for (const d of diagnostics) lines.push(errorElement(d));
    lines.push('  </file>');
  }
  lines.push('</checkstyle>');
  return lines.join('\n') + '\n';
};
