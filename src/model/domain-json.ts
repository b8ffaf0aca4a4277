// Python values as JSON for `show --format json`: tuples become arrays (JSON
// has no tuple), everything else maps one to one.

import type { PyValue } from './domain.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function pyToJson(value: PyValue): Json {
  if (Array.isArray(value)) return value.map(pyToJson);
  if (value !== null && typeof value === 'object') {
    if ('tuple' in value && Array.isArray((value as { tuple: unknown }).tuple)) return (value as { tuple: PyValue[] }).tuple.map(pyToJson);
    return Object.fromEntries(Object.entries(value as Record<string, PyValue>).map(([k, v]) => [k, pyToJson(v)]));
  }
  return value;
}
