// GitHub Actions workflow commands (`::error file=…,line=…::message`), one per
// finding, which the runner turns into annotations on the PR diff. The runner's
// caps (10 errors + 10 warnings per step) and choosing this format inside Actions
// are the CLI's concern.

import type { Severity } from '../model/diagnostic.js';
import type { Formatter } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', style: 'notice' };

/** Escaping of the command's data (after `::`), as @actions/core does it. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value: `,` would start the next property and `:` could end the list. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const github: Formatter = (report) =>
  report.diagnostics
    .map((d) => {
      const { file, start, end } = d.span;
      const props: Array<[string, string | number]> = [['file', file], ['line', start.line]];
      if (end.line <= start.line) {
        // The runner's columns are inclusive (endColumn defaults to col): our exclusive
        // end becomes the last column covered, never before col or the runner drops both.
        props.push(['col', start.column], ['endLine', start.line], ['endColumn', Math.max(start.column, end.column - 1)]);
      } else {
        // The runner discards col/endColumn when the lines differ; don't send them.
        props.push(['endLine', end.line]);
      }
      props.push(['title', `${d.code}/${d.name}`]);
      const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
      return `::${COMMAND[d.severity]} ${list}::${escapeData(d.message)}\n`;
    })
    .join('');
