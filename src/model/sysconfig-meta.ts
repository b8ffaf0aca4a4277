// SUSE fillup metadata (`## Path:`, `## Type:`, `## Default:`, `## Description:`
// comment lines) attached to the assignment that follows them. Shared by the
// sysconfig compiler and its plain-file fast path.

import type { LineIndex } from './span.js';
import type { FillupMeta } from './sysconfig.js';

const FILLUP_KEYS: Record<string, keyof Omit<FillupMeta, 'span'>> = { Path: 'path', Description: 'description', Type: 'type', Default: 'default' };

/** The `## Key: value` lines among comments[from…] that start before `before`, or undefined. */
export function fillupMeta(lines: LineIndex, comments: ReadonlyArray<{ image: string; start: number }>, from: number, before: number): FillupMeta | undefined {
  let meta: FillupMeta | undefined;
  for (let i = from; i < comments.length && comments[i]!.start < before; i++) {
    const c = comments[i]!;
    const m = /^##\s*(Path|Description|Type|Default):[ \t]?(.*?)\s*$/.exec(c.image);
    if (!m) continue;
    meta ??= { span: lines.span(c.start, c.start + c.image.length) };
    meta[FILLUP_KEYS[m[1]!]!] = m[2]!;
    meta.span = { ...meta.span, end: lines.position(c.start + c.image.length) };
  }
  return meta;
}
