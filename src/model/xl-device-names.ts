// The `name=` keys of an xl config's device specs (pci, vsnd, channel): the
// dry run prints each as a `"name"` line, which the xl-era script's name
// extraction mistakes for a domain name (X5). Shared by toolstack-xl and XD4011.

import type { DomainConfigModel, PyValue } from './domain.js';

/** Device keys in the order the dry-run JSON prints them (pcidevs, vsnds, channels). */
export const NAMED_DEVICE_KEYS = ['pci', 'vsnd', 'channel'] as const;

/** Every `name=` value of one device key's specs (strings, possibly in nested lists). */
export function deviceSpecNames(value: PyValue): string[] {
  const out: string[] = [];
  const walk = (v: PyValue): void => {
    if (typeof v === 'string') {
      for (const part of v.split(',')) {
        const m = /^\s*name\s*=\s*(.*?)\s*$/.exec(part);
        if (m && m[1] !== '') out.push(m[1]!);
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object' && 'tuple' in v && Array.isArray(v.tuple)) (v.tuple as PyValue[]).forEach(walk);
  };
  walk(value);
  return out;
}

/** The device names of a config, in dry-run order. */
export function nestedConfigNames(model: DomainConfigModel): string[] {
  return NAMED_DEVICE_KEYS.flatMap((key) => {
    const value = model.vars.get(key)?.value;
    return value === undefined ? [] : deviceSpecNames(value);
  });
}
