// Token-level facts about statements the domain-config compiler does not
// evaluate: `;` splitting, the names a skipped statement (or block line) may
// bind, and whether it may set arbitrary globals (a call, exec). Heuristics, no evaluation.

import type { IToken } from 'chevrotain';
import * as T from './lexer.js';
import { COMPOUND_KEYWORDS } from './lines.js';

/** A name bound by a statement, with its offsets. */
export interface NameRef {
  name: string;
  start: number;
  end: number;
}

function endOf(t: IToken): number {
  return t.startOffset + t.image.length;
}

export function isKeyword(t: IToken, word?: string): boolean {
  return T.KEYWORD_TYPES.get(t.image) === t.tokenType && (word === undefined || t.image === word);
}

/** Splits the tokens of a logical line at `;`. */
export function splitStatements(tokens: IToken[]): IToken[][] {
  const out: IToken[][] = [];
  let cur: IToken[] = [];
  for (const t of tokens) {
    if (t.tokenType === T.Semicolon) {
      out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  out.push(cur);
  return out;
}

/** Names a skipped statement (or block line) may bind, found by token patterns. */
export function namesBoundBy(tokens: IToken[]): { names: NameRef[]; star: boolean } {
  const names: NameRef[] = [];
  const ref = (t: IToken | undefined) => {
    if (t && t.tokenType === T.Name) names.push({ name: t.image, start: t.startOffset, end: endOf(t) });
  };
  const first = tokens[0];
  if (!first) return { names, star: false };
  const word = isKeyword(first) ? first.image : '';
  if (word === 'import') {
    // import a.b as c, d
    let i = 1;
    while (i < tokens.length) {
      const start = i;
      while (i < tokens.length && tokens[i]!.tokenType !== T.Comma) i++;
      const clause = tokens.slice(start, i);
      const as = clause.findIndex((t) => isKeyword(t, 'as'));
      ref(as >= 0 ? clause[as + 1] : clause[0]);
      i++;
    }
    return { names, star: false };
  }
  if (word === 'from') {
    const imp = tokens.findIndex((t) => isKeyword(t, 'import'));
    const rest = imp < 0 ? [] : tokens.slice(imp + 1);
    if (rest.some((t) => t.tokenType === T.Star)) return { names, star: true };
    for (let i = 0; i < rest.length; i++) {
      const t = rest[i]!;
      if (t.tokenType !== T.Name) continue;
      const next = rest[i + 1];
      if (next && isKeyword(next, 'as')) continue;
      ref(t);
    }
    return { names, star: false };
  }
  if (word === 'def' || word === 'class') {
    ref(tokens[1]);
    return { names, star: false };
  }
  if (word === 'for') {
    for (let i = 1; i < tokens.length && !isKeyword(tokens[i]!, 'in'); i++) ref(tokens[i]);
    // and an inline suite after the header
  }
  if (word === 'with' || word === 'except') {
    for (let i = 1; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.tokenType === T.Colon) break;
      if (isKeyword(t, 'as') || (word === 'except' && t.tokenType === T.Comma)) ref(tokens[i + 1]);
    }
  }
  let body = tokens;
  if (word && COMPOUND_KEYWORDS.has(word)) {
    // inline suite: `if x: a = 1; b = 2`
    let depth = 0;
    let colon = -1;
    for (let i = 0; i < tokens.length; i++) {
      const ty = tokens[i]!.tokenType;
      if (ty === T.LParen || ty === T.LBracket || ty === T.LBrace) depth++;
      else if (ty === T.RParen || ty === T.RBracket || ty === T.RBrace) depth--;
      else if (ty === T.Colon && depth === 0) {
        colon = i;
        break;
      }
    }
    body = colon < 0 ? [] : tokens.slice(colon + 1);
  }
  for (const stmt of splitStatements(body)) {
    // targets of `a = b = …` / `a, b = …` / `a += …` at bracket depth 0
    let depth = 0;
    let segStart = 0;
    for (let i = 0; i < stmt.length; i++) {
      const t = stmt[i]!;
      const ty = t.tokenType;
      if (ty === T.LParen || ty === T.LBracket || ty === T.LBrace) depth++;
      else if (ty === T.RParen || ty === T.RBracket || ty === T.RBrace) depth--;
      else if (depth === 0 && (ty === T.Equals || ty === T.AugOp)) {
        const target = stmt.slice(segStart, i);
        if (target.every((x) => x.tokenType === T.Name || x.tokenType === T.Comma || x.tokenType === T.LParen
          || x.tokenType === T.RParen || x.tokenType === T.LBracket || x.tokenType === T.RBracket)) {
          target.forEach(ref);
        }
        segStart = i + 1;
        if (ty === T.AugOp) break;
      }
    }
  }
  return { names, star: false };
}

/** Whether skipped tokens contain something that may set arbitrary globals: a call or exec. */
export function mayChangeGlobals(tokens: IToken[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isKeyword(t, 'exec')) return true;
    if (t.tokenType === T.LParen && i > 0) {
      const p = tokens[i - 1]!.tokenType;
      if (p === T.Name || p === T.RParen || p === T.RBracket || p === T.StringLit) return true;
    }
  }
  return false;
}
