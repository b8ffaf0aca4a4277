// How the reference script's string tests decide (spec §3, §5.2, §6.2b): the
// `grep -w` "already saved" test, the `case`-pattern "is running" test and the
// eval'd AUTO_ONLY filter. Host-state knowledge below the planner: lint uses the
// grep test, the planner explains its Q6–Q9 divergences with all three.

/** One character of a shell pattern: `active` ones are glob syntax (`*`, `?`, `[`). */
interface PatternChar {
  ch: string;
  active: boolean;
}

const WORD = 'A-Za-z0-9_';

/**
 * `grep -w PATTERN` over one line, with PATTERN a POSIX basic regular
 * expression (GNU extensions `\+ \? \| \{ \}` included). 'option' when the
 * pattern starts with `-`, which grep reads as an option, not a pattern.
 */
export function grepWordMatch(pattern: string, line: string): boolean | 'option' {
  if (pattern.startsWith('-')) return 'option';
  const source = breToJs(pattern);
  if (source === undefined) return false; // grep exits 2: the `if` sees failure
  try {
    return new RegExp(`(?<![${WORD}])(?:${source})(?![${WORD}])`).test(line);
  } catch {
    return false;
  }
}

function breToJs(bre: string): string | undefined {
  let out = '';
  let i = 0;
  // `*` is literal at the start of the RE and right after `\(` or `\|`.
  let atStart = true;
  while (i < bre.length) {
    const c = bre[i]!;
    if (c === '\\') {
      const n = bre[i + 1];
      if (n === undefined) return undefined; // trailing backslash
      i += 2;
      if ('(){}|+?'.includes(n)) {
        out += n;
        atStart = n === '(' || n === '|';
        continue;
      }
      if (/[1-9]/.test(n)) out += `\\${n}`;
      else if (n === '<' || n === '>' || n === 'b') out += '\\b';
      else if ('wWsS'.includes(n)) out += `\\${n}`;
      else out += escapeJs(n);
      atStart = false;
      continue;
    }
    if (c === '[') {
      const end = bracketEnd(bre, i, false);
      if (end < 0) return undefined; // unmatched [
      out += bracketToJs(bre.slice(i, end + 1), false);
      i = end + 1;
      atStart = false;
      continue;
    }
    if (c === '*') out += atStart ? '\\*' : '*';
    else if (c === '.') out += '.';
    else if (c === '^') out += atStart ? '^' : '\\^';
    else if (c === '$') out += i === bre.length - 1 ? '$' : '\\$';
    else out += escapeJs(c);
    atStart = false;
    i++;
  }
  return out;
}

/** Index of the `]` closing the bracket expression that opens at `start`, or -1. `shell`: `!` negates too (a regex knows only `^`). */
function bracketEnd(text: string, start: number, shell: boolean): number {
  let i = start + 1;
  if ((shell && text[i] === '!') || text[i] === '^') i++;
  if (text[i] === ']') i++; // a leading ] is a member
  while (i < text.length) {
    if (text[i] === '[' && (text[i + 1] === ':' || text[i + 1] === '.' || text[i + 1] === '=')) {
      const close = text.indexOf(`${text[i + 1]}]`, i + 2);
      if (close < 0) return -1;
      i = close + 2;
      continue;
    }
    if (text[i] === ']') return i;
    i++;
  }
  return -1;
}

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~',
};

/** A POSIX bracket expression (`[!…]` or `[^…]` negated) as a JS character class. */
function bracketToJs(bracket: string, shell: boolean): string {
  let body = bracket.slice(1, -1);
  let negate = false;
  if ((shell && body.startsWith('!')) || body.startsWith('^')) {
    negate = true;
    body = body.slice(1);
  }
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '[' && body[i + 1] === ':') {
      const close = body.indexOf(':]', i + 2);
      out += CLASSES[body.slice(i + 2, close)] ?? '';
      i = close + 1;
    } else if (c === '-' && out !== '' && i < body.length - 1) {
      out += '-';
    } else {
      out += /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
    }
  }
  return `[${negate ? '^' : ''}${out}]`;
}

function escapeJs(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** Characters of a pattern that comes from an unquoted expansion (`case $x in $NM)`): quotes are literal, `\` escapes. */
export function expandedPattern(text: string): PatternChar[] {
  const out: PatternChar[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) out.push({ ch: text[++i]!, active: false });
    else out.push({ ch: c, active: c === '*' || c === '?' || c === '[' });
  }
  return out;
}

/** bash `case` matching of `subject` against a pattern. */
export function casePatternMatch(pattern: readonly PatternChar[], subject: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (!p.active) source += escapeJs(p.ch);
    else if (p.ch === '*') source += '[\\s\\S]*';
    else if (p.ch === '?') source += '[\\s\\S]';
    else {
      // `[` opens a bracket expression only if a `]` closes it; else it is literal.
      const text = pattern.slice(i).map((q) => q.ch).join('');
      const end = bracketEnd(text, 0, true);
      if (end < 0) source += '\\[';
      else {
        source += bracketToJs(text.slice(0, end + 1), true);
        i += end;
      }
    }
  }
  try {
    return new RegExp(`^(?:${source})$`, 'u').test(subject);
  } catch {
    return false;
  }
}

/**
 * The AUTO_ONLY filter (§6.2b): the script splices NAMES into a `case`
 * statement and evals it. Returns the alternatives after shell quote removal
 * (quoted parts are literal), or why bash would fail to parse it — in which case
 * the domain is not skipped at all (Q9).
 */
export function evalCaseAlternatives(names: string): { alternatives: PatternChar[][] } | { error: string } {
  if (names === '') return { error: 'the name list is empty' };
  const alternatives: PatternChar[][] = [];
  let current: PatternChar[] = [];
  let i = 0;
  while (i < names.length) {
    const c = names[i]!;
    if (c === "'") {
      const close = names.indexOf("'", i + 1);
      if (close < 0) return { error: 'an unterminated single quote' };
      for (const ch of names.slice(i + 1, close)) current.push({ ch, active: false });
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < names.length && names[j] !== '"'; j++) {
        const d = names[j]!;
        if (d === '$' || d === '`') return { error: 'a `$` or backquote expansion inside double quotes (the eval would run it)' };
        if (d === '\\' && '$`"\\\n'.includes(names[j + 1] ?? '')) j++;
        current.push({ ch: names[j]!, active: false });
      }
      if (j >= names.length) return { error: 'an unterminated double quote' };
      i = j + 1;
    } else if (c === '\\') {
      if (i + 1 < names.length) current.push({ ch: names[i + 1]!, active: false });
      i += 2;
    } else if (c === '|') {
      if (current.length === 0) return { error: 'an empty alternative' };
      alternatives.push(current);
      current = [];
      i++;
    } else if (/[\s;&()<>`$]/.test(c)) {
      return { error: `the shell character ${JSON.stringify(c)}` };
    } else {
      current.push({ ch: c, active: c === '*' || c === '?' || c === '[' });
      i++;
    }
  }
  if (current.length === 0) return { error: 'an empty alternative' };
  alternatives.push(current);
  return { alternatives };
}

/** rdnames() (§3): NAMES from each entry's dry-run name (empty when the dry run fails); a leading empty one is dropped. */
export function joinNames(nms: readonly string[]): string {
  let names = '';
  for (const nm of nms) names = names === '' ? nm : `${names}|${nm}`;
  return names;
}
