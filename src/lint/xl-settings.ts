// Shared by the xl.cfg rules (XD31xx): the final setting of each key as xl
// sees it, with the spans of the assignment that made it, and the two shapes
// rules read it in (a string; a device list's strings). What each string means is the rules'.

import type { DomainAssignment, DomainConfigModel } from '../model/domain.js';
import type { LineIndex, Span } from '../model/span.js';
import { deviceStrings } from '../model/xlcfg-values.js';
import type { XlSetting } from '../../grammar/xlcfg/parser.js';
import { memo } from './memo.js';

export interface XlKey {
  key: string;
  setting: XlSetting;
  assignment: DomainAssignment;
}

const KEYS = Symbol('xl keys');

/** Every key's final setting (last assignment wins), in file order; none when xl cannot parse the file. Worked out once per model: most XD31xx rules ask. */
export function xlKeys(model: DomainConfigModel): readonly XlKey[] {
  return memo(KEYS, model, () => {
    if (!model.xl?.parse.ok) return [];
    const out: XlKey[] = [];
    for (const [key, assignment] of model.vars) if (assignment.xl) out.push({ key, setting: assignment.xl, assignment });
    return out;
  });
}

/** The final setting of one key, if the file sets it and parses. */
export function xlKey(model: DomainConfigModel, key: string): XlKey | undefined {
  if (!model.xl?.parse.ok) return undefined;
  const assignment = model.vars.get(key);
  return assignment?.xl ? { key, setting: assignment.xl, assignment } : undefined;
}

/** A key set to a string (an atom): its text as xl's string reader reads it, and the assignment's spans. */
export interface XlKeyString {
  text: string;
  nameSpan: Span;
  valueSpan: Span;
}

/** The key's final setting when it is a string; undefined when unset, a list, or the file does not parse. */
export function keyString(model: DomainConfigModel, key: string): XlKeyString | undefined {
  const k = xlKey(model, key);
  return k && k.setting.value.kind === 'atom' ? { text: k.setting.value.text, nameSpan: k.assignment.nameSpan, valueSpan: k.assignment.valueSpan } : undefined;
}

/** The text of a key read as xl's string reader reads it (atoms only). */
export function xlString(model: DomainConfigModel, key: string): string | undefined {
  const k = xlKey(model, key);
  return k && k.setting.value.kind === 'atom' ? k.setting.value.text : undefined;
}

/** One string of a device list, located only when asked: most elements are never reported. */
export class XlListString {
  #span: Span | undefined;
  constructor(readonly text: string, private readonly lines: LineIndex, private readonly start: number, private readonly end: number) {}
  get span(): Span {
    return (this.#span ??= this.lines.span(this.start, this.end));
  }
}

/** The strings of a list key as xl reads a device list (up to the first element that is not a string); none when unset, not a list, or unparsed. */
export function eachListString(model: DomainConfigModel, key: string): XlListString[] {
  const k = xlKey(model, key);
  if (!k || k.setting.value.kind !== 'list') return [];
  return deviceStrings(k.setting.value.items).map((item) => new XlListString(item.text, model.lines, item.start, item.end));
}
