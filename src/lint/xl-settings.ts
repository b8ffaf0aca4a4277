// Shared by the xl.cfg rules (XD31xx): the final setting of each key as xl
// sees it, with the spans of the assignment that made it.

import type { DomainAssignment, DomainConfigModel } from '../model/domain.js';
import type { XlSetting } from '../../grammar/xlcfg/parser.js';
import { memo } from './memo.js';

export interface XlKey {
  key: string;
  setting: XlSetting;
  assignment: DomainAssignment;
}

const KEYS = Symbol('xl keys');
const NONE: { list: readonly XlKey[]; byKey: ReadonlyMap<string, XlKey> } = { list: [], byKey: new Map() };

/** Each key's final setting, worked out once per model (most XD31xx rules ask, for each config). */
function keysOf(model: DomainConfigModel): { list: readonly XlKey[]; byKey: ReadonlyMap<string, XlKey> } {
  return memo(KEYS, model, () => {
    if (!model.xl?.parse.ok) return NONE;
    const byKey = new Map<string, XlKey>();
    for (const [key, assignment] of model.vars) if (assignment.xl) byKey.set(key, { key, setting: assignment.xl, assignment });
    return { list: [...byKey.values()], byKey };
  });
}

/** Every key's final setting (last assignment wins), in file order; none when xl cannot parse the file. */
export function xlKeys(model: DomainConfigModel): readonly XlKey[] {
  return keysOf(model).list;
}

/** The final setting of one key, if the file sets it and parses. */
export function xlKey(model: DomainConfigModel, key: string): XlKey | undefined {
  return keysOf(model).byKey.get(key);
}

/** The text of a key read as xl's string reader reads it (atoms only). */
export function xlString(model: DomainConfigModel, key: string): string | undefined {
  const k = xlKey(model, key);
  return k && k.setting.value.kind === 'atom' ? k.setting.value.text : undefined;
}
