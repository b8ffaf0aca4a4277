// `# xendomains disable=CODE[,CODE…] [-- reason]` comments: which lines each
// one covers (the next statement, or the whole file when it stands above the
// first assignment with a gap), and which of them ended up suppressing nothing.

import type { LineIndex, Span } from '../model/span.js';
import type { Comment } from '../model/sysconfig.js';

export interface Directive {
  /** Codes or rule names as written. */
  targets: Array<{ text: string; span: Span }>;
  reason: string | undefined;
  span: Span;
  /** Inclusive line range the directive covers; `whole file` when undefined. */
  lines: [number, number] | undefined;
  used: Set<string>;
}

const DIRECTIVE = /^\s*xendomains\s+disable=([^\s]*)(?:\s+--\s*(.*))?\s*$/;

/** A cheap pre-check: only comments that pass it can be directives. */
export function mayBeDirective(comment: string): boolean {
  return comment.includes('xendomains');
}

export interface StatementLines {
  /** First and last line of each statement (assignment or other), in file order. */
  statements: Array<[number, number]>;
  firstAssignmentLine: number | undefined;
}

export function parseDirectives(comments: readonly Comment[], lines: LineIndex, code: StatementLines): Directive[] {
  const directives: Directive[] = [];
  for (const comment of comments) {
    const m = DIRECTIVE.exec(comment.text);
    if (!m) continue;
    const line = comment.span.start.line;
    const listStart = comment.span.start.offset + 1 + comment.text.indexOf('=') + 1;
    const targets: Directive['targets'] = [];
    let cursor = listStart;
    for (const part of m[1]!.split(',')) {
      if (part) targets.push({ text: part, span: lines.span(cursor, cursor + part.length) });
      cursor += part.length + 1;
    }
    const next = code.statements.find(([start]) => start > line);
    const adjacent = next !== undefined && next[0] === line + 1;
    const aboveFirst = code.firstAssignmentLine === undefined || line < code.firstAssignmentLine;
    // Directly above a statement: that statement. Further up, above the first assignment: the whole file.
    const covered: Directive['lines'] = adjacent ? next : aboveFirst ? undefined : next ?? [line + 1, line + 1];
    directives.push({ targets, reason: m[2]?.trim() || undefined, span: comment.span, lines: covered, used: new Set() });
  }
  return directives;
}

/** The directive that suppresses `code`/`name` at `line`, if any (marking it used). */
export function suppressing(directives: readonly Directive[], code: string, name: string, line: number): Directive | undefined {
  for (const directive of directives) {
    if (directive.lines && (line < directive.lines[0] || line > directive.lines[1])) continue;
    const target = directive.targets.find((t) => t.text === code || t.text === name);
    if (target) {
      directive.used.add(target.text);
      return directive;
    }
  }
  return undefined;
}
