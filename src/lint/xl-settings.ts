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

/** The text of a key read as xl's string reader reads it (atoms only). */
export function xlString(model: DomainConfigModel, key: string): string | undefined {
  const k = xlKey(model, key);
  return k && k.setting.value.kind === 'atom' ? k.setting.value.text : undefined;
}
