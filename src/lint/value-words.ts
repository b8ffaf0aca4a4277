// Locates each whitespace-separated word of an assignment's value in the
// source, so findings about one SysRq key or one migrate argument point at it.
// Falls back to the whole value when quoting or expansion hides the word.

import type { Span } from '../model/span.js';
import type { Assignment, SysconfigModel } from '../model/sysconfig.js';
import { words } from '../model/settings.js';

export function valueWords(model: SysconfigModel, assignment: Assignment): Array<{ word: string; span: Span }> {
  let cursor = 0;
  return words(assignment.value).map((word) => {
    const at = assignment.rawValue.indexOf(word, cursor);
    if (at < 0) return { word, span: assignment.valueSpan };
    cursor = at + word.length;
    const start = assignment.valueSpan.start.offset + at;
    return { word, span: model.lines.span(start, start + word.length) };
  });
}
