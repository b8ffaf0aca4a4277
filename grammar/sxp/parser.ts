// SXP tree builder: folds the scanner's tokens into a pre-order node table with
// an explicit stack (no recursion, so nesting depth cannot overflow the stack).
// Nodes are materialised lazily — a 5,000-domain `xm list -l` has ~1 M nodes and
// callers read a few per domain. What the forms mean is src/plan/state.ts's job.

import { LineIndex, type Span } from '../../src/model/span.js';
import { SxpScanner, TOK_ATOM, TOK_EOF, TOK_LPAREN, TOK_QUOTED, TOK_RPAREN } from './lexer.js';
import { unescapePython } from './repr.js';

export interface SxpList {
  readonly kind: 'list';
  readonly items: readonly SxpNode[];
  readonly span: Span;
  /** 0-based offsets into the text; `end` exclusive. */
  readonly start: number;
  readonly end: number;
  /** False when the input ended before this list's `)` (truncated capture). */
  readonly closed: boolean;
  /** The value of the first item when it is an atom (`domain` for `(domain …)`). */
  readonly head: string | undefined;
  /** The first direct child list whose head is `key`, as xend's sxp.child. */
  child(key: string): SxpList | undefined;
  /** Every direct child list whose head is `key`, in order. */
  children(key: string): SxpList[];
}

export interface SxpAtom {
  readonly kind: 'atom';
  /** The string xend held: quotes removed, escapes decoded. */
  readonly value: string;
  /** Printed as a Python repr (including an unterminated one). */
  readonly quoted: boolean;
  readonly span: Span;
  readonly start: number;
  readonly end: number;
}

export type SxpNode = SxpList | SxpAtom;

export interface SxpError {
  message: string;
  span: Span;
}

export interface SxpDocument {
  readonly file: string;
  readonly text: string;
  /** The top-level forms, in order. */
  readonly forms: readonly SxpNode[];
  readonly errors: readonly SxpError[];
  /**
   * For each top-level form (aligned with `forms`; undefined for atoms): per key,
   * its direct child lists headed by that key, as xend's sxp.child_value reads
   * them. One pass over the node table, so a 5,000-domain capture is read
   * without materialising its million nodes.
   */
  topFields(keys: readonly string[]): Array<SxpField[][] | undefined>;
}

/** A `(key value)` child list; `value` is set only when the list is closed and holds exactly one atom after the key. */
export interface SxpField {
  readonly list: SxpList;
  readonly value: SxpAtom | undefined;
}

export interface SxpParseOptions {
  /** Lists nested deeper than this are reported and skipped (default 1000). */
  maxDepth?: number;
}

const N_LIST = 1;
const N_ATOM = 2;
const N_QUOTED = 3;
const N_QUOTED_OPEN = 4;
/** A list the input ended inside. */
const N_LIST_OPEN = 5;

function isList(k: number): boolean {
  return k === N_LIST || k === N_LIST_OPEN;
}

/** Shared node table of one parse (pre-order; a list's children follow it). */
class Tree {
  private index: LineIndex | undefined;
  constructor(
    readonly file: string,
    readonly text: string,
    readonly kind: Uint8Array,
    readonly start: Int32Array,
    readonly end: Int32Array,
    /** Index one past the node's last descendant: the next sibling, if any. */
    readonly after: Int32Array,
  ) {}

  get lineIndex(): LineIndex {
    return (this.index ??= new LineIndex(this.file, this.text));
  }

  node(i: number): SxpNode {
    return isList(this.kind[i]!) ? new ListNode(this, i) : new AtomNode(this, i);
  }

  atomValue(i: number): string {
    const k = this.kind[i];
    if (k === N_ATOM) return this.text.slice(this.start[i]!, this.end[i]!);
    if (k === N_QUOTED) return unescapePython(this.text, this.start[i]! + 1, this.end[i]! - 1);
    return unescapePython(this.text, this.start[i]! + 1, this.end[i]!);
  }

  /** Does list `i` start with the bare or quoted atom `key`? Avoids building the head string. */
  headIs(i: number, key: string): boolean {
    const h = i + 1;
    if (h >= this.after[i]!) return false;
    const k = this.kind[h];
    if (k === N_ATOM) {
      const s = this.start[h]!;
      return this.end[h]! - s === key.length && this.text.startsWith(key, s);
    }
    return !isList(k!) && this.atomValue(h) === key;
  }

  /** Direct child lists of each list in `lists` headed by one of `keys`, as (list position, key index, child, value or -1) quads. */
  childHits(lists: readonly number[], keys: readonly string[]): number[] {
    const { kind, start, end, after, text } = this;
    const lens = keys.map((k) => k.length);
    const firsts = keys.map((k) => k.charCodeAt(0));
    const hits: number[] = [];
    // One tight function over every list: it is optimised after a few iterations, where a call per list stays cold.
    for (let p = 0; p < lists.length; p++) {
      const i = lists[p]!;
      if (!isList(kind[i]!)) continue;
      const stop = after[i]!;
      for (let c = i + 1; c < stop; c = after[c]!) {
        const h = c + 1;
        const ck = kind[c];
        if ((ck !== N_LIST && ck !== N_LIST_OPEN) || h >= after[c]!) continue;
        const hk = kind[h];
        if (hk === N_ATOM) {
          const s = start[h]!;
          const len = end[h]! - s;
          const c0 = text.charCodeAt(s);
          for (let k = 0; k < lens.length; k++) {
            if (lens[k] === len && firsts[k] === c0 && text.startsWith(keys[k]!, s)) {
              hits.push(p, k, c, fieldValue(kind, after, c));
              break;
            }
          }
        } else if (hk === N_QUOTED || hk === N_QUOTED_OPEN) {
          const k = keys.indexOf(this.atomValue(h));
          if (k >= 0) hits.push(p, k, c, fieldValue(kind, after, c));
        }
      }
    }
    return hits;
  }

  /** Groups childHits by list and key. */
  fields(lists: readonly number[], keys: readonly string[]): Array<SxpField[][] | undefined> {
    const none: SxpField[] = [];
    const out: Array<SxpField[][] | undefined> = lists.map((i) => (isList(this.kind[i]!) ? keys.map(() => none) : undefined));
    const hits = this.childHits(lists, keys);
    for (let h = 0; h < hits.length; h += 4) {
      const row = out[hits[h]!]!;
      const k = hits[h + 1]!;
      const field = new FieldRef(this, hits[h + 2]!, hits[h + 3]!);
      if (row[k] === none) row[k] = [field];
      else row[k]!.push(field);
    }
    return out;
  }
}

/** Nodes made on first use: most callers read only `value`. */
class FieldRef implements SxpField {
  constructor(
    private readonly tree: Tree,
    private readonly c: number,
    private readonly v: number,
  ) {}
  get list(): SxpList {
    return new ListNode(this.tree, this.c);
  }
  get value(): SxpAtom | undefined {
    return this.v < 0 ? undefined : new AtomNode(this.tree, this.v);
  }
}

/** The atom of a closed `(key atom)` list `c`, or -1. */
function fieldValue(kind: Uint8Array, after: Int32Array, c: number): number {
  if (kind[c] !== N_LIST) return -1;
  const v = after[c + 1]!; // the head is an atom, so its subtree is one node
  return v < after[c]! && after[v] === after[c] && !isList(kind[v]!) ? v : -1;
}

class ListNode implements SxpList {
  readonly kind = 'list' as const;
  private cached: SxpNode[] | undefined;
  constructor(
    private readonly tree: Tree,
    private readonly i: number,
  ) {}

  get start(): number {
    return this.tree.start[this.i]!;
  }
  get end(): number {
    return this.tree.end[this.i]!;
  }
  get closed(): boolean {
    return this.tree.kind[this.i] === N_LIST;
  }
  get span(): Span {
    return this.tree.lineIndex.span(this.start, this.end);
  }
  get items(): readonly SxpNode[] {
    if (this.cached) return this.cached;
    const t = this.tree;
    const out: SxpNode[] = [];
    const stop = t.after[this.i]!;
    for (let c = this.i + 1; c < stop; c = t.after[c]!) out.push(t.node(c));
    return (this.cached = out);
  }
  get head(): string | undefined {
    const t = this.tree;
    const h = this.i + 1;
    if (h >= t.after[this.i]! || isList(t.kind[h]!)) return undefined;
    return t.atomValue(h);
  }
  child(key: string): SxpList | undefined {
    const t = this.tree;
    const stop = t.after[this.i]!;
    for (let c = this.i + 1; c < stop; c = t.after[c]!) {
      if (isList(t.kind[c]!) && t.headIs(c, key)) return new ListNode(t, c);
    }
    return undefined;
  }
  children(key: string): SxpList[] {
    return this.tree.fields([this.i], [key])[0]![0]!.map((f) => f.list);
  }
  toJSON(): unknown {
    return { kind: this.kind, items: this.items, start: this.start, end: this.end };
  }
}

class AtomNode implements SxpAtom {
  readonly kind = 'atom' as const;
  private cached: string | undefined;
  constructor(
    private readonly tree: Tree,
    private readonly i: number,
  ) {}

  get start(): number {
    return this.tree.start[this.i]!;
  }
  get end(): number {
    return this.tree.end[this.i]!;
  }
  get quoted(): boolean {
    return this.tree.kind[this.i] !== N_ATOM;
  }
  get value(): string {
    return (this.cached ??= this.tree.atomValue(this.i));
  }
  get span(): Span {
    return this.tree.lineIndex.span(this.start, this.end);
  }
  toJSON(): unknown {
    return { kind: this.kind, value: this.value, quoted: this.quoted, start: this.start, end: this.end };
  }
}

/** Parses SXP text. Never throws on any input; problems are in `errors`. */
export function parseSxp(text: string, file: string, options: SxpParseOptions = {}): SxpDocument {
  const asked = options.maxDepth;
  const maxDepth = asked !== undefined && Number.isInteger(asked) && asked > 0 ? Math.min(asked, 100_000) : 1000;
  const sc = new SxpScanner(text);

  // Grown by doubling; realistic `xm list -l` has about one node per 9 characters.
  let cap = (text.length >> 3) + 64;
  let kind = new Uint8Array(cap);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let after = new Int32Array(cap);
  const stack = new Int32Array(maxDepth);
  const top: number[] = [];
  let depth = 0;
  let skipped = 0; // open lists inside an over-deep list being discarded
  let n = 0;
  let lastEnd = 0;

  for (let k = sc.next(); k !== TOK_EOF; k = sc.next()) {
    lastEnd = sc.end;
    if (skipped > 0) {
      if (k === TOK_LPAREN) skipped++;
      else if (k === TOK_RPAREN) skipped--;
      continue;
    }
    if (k === TOK_RPAREN) {
      if (depth === 0) {
        sc.error('unexpected `)` with no list open', sc.start, sc.end);
        continue;
      }
      const l = stack[--depth]!;
      end[l] = sc.end;
      after[l] = n;
      continue;
    }
    if (k === TOK_LPAREN && depth === maxDepth) {
      sc.error(`lists nested deeper than ${maxDepth} levels; the inner contents are ignored`, sc.start, sc.end);
      skipped = 1;
      continue;
    }
    if (n === cap) {
      cap *= 2;
      kind = grow(kind, new Uint8Array(cap));
      start = grow(start, new Int32Array(cap));
      end = grow(end, new Int32Array(cap));
      after = grow(after, new Int32Array(cap));
    }
    if (depth === 0) top.push(n);
    start[n] = sc.start;
    if (k === TOK_LPAREN) {
      kind[n] = N_LIST;
      stack[depth++] = n;
    } else {
      kind[n] = k === TOK_ATOM ? N_ATOM : k === TOK_QUOTED ? N_QUOTED : N_QUOTED_OPEN;
      end[n] = sc.end;
      after[n] = n + 1;
    }
    n++;
  }
  if (depth > 0) {
    const outer = stack[0]!;
    const unclosed = depth + skipped;
    // Pushed past the cap: of all the errors in a damaged capture, this is the one that explains it.
    sc.errors.push({
      message:
        unclosed === 1
          ? 'missing `)`: this list is not closed before the end of the input'
          : `missing \`)\`: ${unclosed} lists are not closed before the end of the input (the outermost starts here)`,
      start: start[outer]!,
      end: start[outer]! + 1,
    });
    // Keep the partial lists: a truncated capture still shows its complete domains.
    for (let d = depth - 1; d >= 0; d--) {
      const l = stack[d]!;
      end[l] = lastEnd;
      after[l] = n;
      kind[l] = N_LIST_OPEN;
    }
  }

  const tree = new Tree(file, text, kind, start, end, after);
  const raw = sc.errors.slice().sort((a, b) => a.start - b.start);
  const errors: SxpError[] = raw.map((e) => ({ message: e.message, span: tree.lineIndex.span(e.start, e.end) }));
  if (sc.suppressedErrors > 0) {
    const last = raw[raw.length - 1]!;
    errors.push({
      message: `${sc.suppressedErrors} more errors not shown`,
      span: tree.lineIndex.span(last.start, last.end),
    });
  }
  const forms = top.map((i) => tree.node(i));
  return { file, text, forms, errors, topFields: (keys) => tree.fields(top, keys) };
}

function grow<T extends Uint8Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}

/** Plain nested arrays of atom values, as xend's Python sxp would hold them (for tests and debugging). */
export function sxpToData(node: SxpNode): unknown {
  if (node.kind === 'atom') return node.value;
  return node.items.map(sxpToData);
}
