// Human output in the ESLint/ShellCheck style: findings grouped by file, each
// with a code frame (caret under the span) and a final summary line.
// Whether to colour is the caller's decision (options.color); this module never
// sniffs the terminal. Which findings to show is decided before it is called.

import { Chalk, type ChalkInstance } from 'chalk';
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import { LineIndex } from '../model/span.js';
import { displayText, escapeForDisplay, isUnsafeForDisplay } from './display.js';
import type { Formatter } from './types.js';

/** Tab stops for code frames: tabs are expanded so the caret line lines up whatever the terminal's tab width. */
const TAB_STOP = 8;
/** Longer source lines are cut to a window around the span (a minified or binary "line" must not flood the terminal). */
const MAX_FRAME_WIDTH = 160;

interface Piece {
  text: string;
  width: number;
  /** UTF-16 index of the piece's first code unit in the line, and how many units it covers. */
  index: number;
  units: number;
}

// Source text and messages can hold terminal escapes; printing them raw would let a
// config file repaint or retitle the operator's terminal: the shared display escapes
// (report/display.ts) apply, one piece per character so the caret still lines up.
function visibleChar(ch: string): string | undefined {
  return isUnsafeForDisplay(ch) ? escapeForDisplay(ch) : undefined;
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

function charWidth(cp: number, ch: string): number {
  if (ZERO_WIDTH.test(ch)) return 0;
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

function pieces(line: string): Piece[] {
  const out: Piece[] = [];
  let col = 0;
  let index = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    let text: string;
    let width: number;
    if (ch === '\t') {
      width = TAB_STOP - (col % TAB_STOP);
      text = ' '.repeat(width);
    } else {
      const shown = visibleChar(ch);
      text = shown ?? ch;
      width = shown === undefined ? charWidth(cp, ch) : shown.length;
    }
    out.push({ text, width, index, units: ch.length });
    col += width;
    index += ch.length;
  }
  return out;
}

/** Make a one-line string safe and visible in a terminal (messages, file names). */
const visible = (text: string): string => displayText(text);

/** The source line plus a caret line under [startIndex, endIndex) (UTF-16 indexes into the line). */
export function codeFrame(line: string, startIndex: number, endIndex: number): [string, string] {
  // bash keeps a CRLF file's CR in the line; in a frame it is only line-ending noise.
  const ps = pieces(line.endsWith('\r') ? line.slice(0, -1) : line);
  const cols: number[] = [];
  let total = 0;
  for (const p of ps) {
    cols.push(total);
    total += p.width;
  }
  // Display columns where the piece holding UTF-16 index i starts and ends (past the text: the end).
  const colSpan = (i: number): [number, number] => {
    const k = ps.findIndex((p) => p.index + p.units > i);
    return k < 0 ? [total, total] : [cols[k]!, cols[k]! + ps[k]!.width];
  };
  const startCol = colSpan(startIndex)[0];
  const endCol = endIndex > startIndex ? Math.max(startCol, colSpan(endIndex - 1)[1]) : startCol;

  let from = 0;
  let to = total;
  if (total > MAX_FRAME_WIDTH) {
    from = Math.max(0, Math.min(startCol - 20, total - MAX_FRAME_WIDTH));
    to = from + MAX_FRAME_WIDTH;
  }
  let text = from > 0 ? '…' : '';
  let firstCol = -1;
  ps.forEach((p, k) => {
    if (cols[k]! < from || cols[k]! + p.width > to) return;
    if (firstCol < 0) firstCol = cols[k]!;
    text += p.text;
  });
  if (to < total) text += '…';
  if (firstCol < 0) firstCol = from;
  const lead = Math.max(0, startCol - firstCol) + (from > 0 ? 1 : 0);
  const carets = Math.max(1, Math.min(endCol, to) - Math.max(startCol, firstCol));
  return [text, ' '.repeat(lead) + '^'.repeat(carets)];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function severityColour(c: ChalkInstance, severity: Severity): (s: string) => string {
  switch (severity) {
    case 'error':
      return c.red;
    case 'warning':
      return c.yellow;
    case 'info':
      return c.blue;
    case 'style':
      return c.cyan;
  }
}

export const stylish: Formatter = (report, options) => {
  if (report.diagnostics.length === 0) return '';
  const c = new Chalk({ level: options.color ? 1 : 0 });

  const byFile = new Map<string, Diagnostic[]>();
  for (const d of report.diagnostics) {
    const list = byFile.get(d.span.file);
    if (list) list.push(d);
    else byFile.set(d.span.file, [d]);
  }

  const lines: string[] = [];
  for (const [file, diagnostics] of byFile) {
    const source = report.sources.get(file);
    const index = source === undefined ? undefined : new LineIndex(file, source);
    const posWidth = Math.max(...diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column}`.length));
    const sevWidth = Math.max(...diagnostics.map((d) => d.severity.length));
    lines.push(c.underline(visible(file)));
    for (const d of diagnostics) {
      const { start, end } = d.span;
      const colour = severityColour(c, d.severity);
      const prefix = `  ${`${start.line}:${start.column}`.padEnd(posWidth)}  `;
      const messageIndent = ' '.repeat(prefix.length + sevWidth + 2);
      const messageLines = d.message.split(/\r\n|\r|\n/).map(visible);
      messageLines[messageLines.length - 1] += `  ${c.dim(`${d.code}/${d.name}`)}`;
      lines.push(c.dim(prefix) + colour(d.severity.padEnd(sevWidth)) + '  ' + messageLines[0]);
      for (const more of messageLines.slice(1)) lines.push(messageIndent + more);

      if (index && start.line <= index.lineCount) {
        const text = index.lineText(start.line);
        const endIndex = end.line === start.line ? end.column - 1 : text.length;
        const [shown, carets] = codeFrame(text, start.column - 1, endIndex);
        const gutter = String(start.line);
        lines.push(c.dim(`    ${gutter} | `) + shown);
        lines.push(c.dim(`    ${' '.repeat(gutter.length)} | `) + colour(carets));
      }
    }
    lines.push('');
  }

  const count = (s: Severity) => report.diagnostics.filter((d) => d.severity === s).length;
  const [errors, warnings, infos, styles] = [count('error'), count('warning'), count('info'), count('style')];
  const parts = [plural(errors, 'error'), plural(warnings, 'warning'), plural(infos, 'info')];
  if (styles > 0) parts.push(plural(styles, 'style'));
  const summary = `✖ ${plural(report.diagnostics.length, 'problem')} (${parts.join(', ')})`;
  const summaryColour = errors > 0 ? c.red.bold : warnings > 0 ? c.yellow.bold : c.bold;
  lines.push(summaryColour(summary));
  // Each rule's page once, after the summary (`xendomains explain CODE` prints the same offline).
  const pages = new Map(report.diagnostics.map((d) => [d.code, visible(`${d.code}/${d.name}  ${d.url}`)]));
  if (pages.size) {
    lines.push('');
    lines.push(c.dim(`Rule pages (or \`xendomains explain CODE\`):`));
    for (const page of [...pages.keys()].sort()) lines.push(c.dim(`  ${pages.get(page)}`));
  }
  return lines.join('\n') + '\n';
};
