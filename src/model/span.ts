// Source positions and spans shared by every parser, rule and reporter.
// Lines and columns are 1-based (a tab is one column, columns count UTF-16
// code units); `end` is exclusive. Offsets are 0-based indexes into the text.

export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Span {
  file: string;
  start: Position;
  end: Position;
}

/** Maps offsets in one text to line/column positions (binary search over line starts). */
export class LineIndex {
  private readonly lineStarts: number[];

  /**
   * `universal`: a lone CR also ends a line, as Python reads a domain config (old Mac editors save
   * CR-only files). Bash, and so the sysconfig, only breaks lines at LF.
   */
  constructor(readonly file: string, readonly text: string, universal = false) {
    const starts = [0];
    if (universal && text.includes('\r')) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
      }
    } else {
      // Without a CR only LF ends a line: indexOf finds them faster than a loop over every character.
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.lineStarts[lo]! + 1, offset: clamped };
  }

  span(startOffset: number, endOffset: number): Span {
    return { file: this.file, start: this.position(startOffset), end: this.position(Math.max(startOffset, endOffset)) };
  }

  /** The text of a 1-based line without its newline (a trailing CR is kept, as bash keeps it). */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1);
  }
}

/** A span covering the whole first line, for findings about a file as a whole. */
export function fileSpan(file: string): Span {
  return { file, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
}

/**
 * A domain config's text as reporters should show it: each lone CR (a line break to Python) becomes
 * LF. Offsets are unchanged, so spans from the universal LineIndex point at the same lines.
 */
export function withPythonLineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
