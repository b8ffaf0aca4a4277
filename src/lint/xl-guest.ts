// The guest type xl gives an xl config (spec §4.7, §7.2): `type` (any prefix
// of hvm/pv/pvh), else `builder` (hvm/generic), else PV (x86's default).
// Shared by the xl cross-key rules.

import type { DomainConfigModel } from '../model/domain.js';
import { xlString } from './xl-settings.js';

export type XlGuestType = 'pv' | 'pvh' | 'hvm';

function prefixOf(value: string, words: readonly string[]): string | undefined {
  return words.find((w) => w.startsWith(value));
}

/** The guest type, or undefined when `type`/`builder` is invalid (XD3104 reports it). */
export function xlGuestType(model: DomainConfigModel): XlGuestType | undefined {
  const type = xlString(model, 'type');
  if (type !== undefined) return prefixOf(type, ['hvm', 'pv', 'pvh']) as XlGuestType | undefined;
  const builder = xlString(model, 'builder');
  if (builder !== undefined) {
    const b = prefixOf(builder, ['hvm', 'generic']);
    return b === undefined ? undefined : b === 'hvm' ? 'hvm' : 'pv';
  }
  return 'pv';
}
