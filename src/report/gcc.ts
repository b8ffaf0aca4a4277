// gcc/ShellCheck-style one-line findings for editors and quickfix lists:
// `file:line:col: error|warning|note: message [CODE/name]`.
// gcc has only three levels, so info and style both become `note`.

import type { Severity } from '../model/diagnostic.js';
import { displayText } from './display.js';
import type { Formatter } from './types.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', style: 'note' };

// Consumers split on newlines, so one finding must stay one line; other control
// characters would reach the terminal of whoever reads the list.
function oneLine(text: string): string {
  return displayText(text.replace(/\r\n|[\r\n]/g, ' '), '\t');
}

export const gcc: Formatter = (report) =>
  report.diagnostics
    .map((d) => {
      const { file, start } = d.span;
      return `${oneLine(file)}:${start.line}:${start.column}: ${LEVEL[d.severity]}: ${oneLine(d.message)} [${d.code}/${d.name}]\n`;
    })
    .join('');
