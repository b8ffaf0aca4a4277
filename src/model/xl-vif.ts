// xl's network interface language (spec §9): a `vif` element split with C
// strtok on `,` (empty fields vanish), leading spaces dropped, `key=value`
// matched exactly; what xl prints for each field and what it keeps. Pure; XD3106 judges.

export interface XlVifField {
  /** Offset of the field (after its leading spaces) in the element. */
  start: number;
  end: number;
  key: string | undefined;
  value: string;
}

export interface XlVifProblem {
  field: XlVifField;
  /** What xl prints. */
  message: string;
  /** xl exits (rate, devid, mtu) rather than carrying on. */
  fatal: boolean;
}

const KEYS = new Set(['mac', 'bridge', 'gatewaydev', 'netdev', 'type', 'model', 'vifname', 'script', 'ip', 'backend', 'rate', 'devid', 'mtu', 'vlan',
  'forwarddev', 'accel']);
const FLAGS = new Set(['trusted', 'untrusted']);
/** The keys whose value xl uses as written, so trailing blanks (kept before a comma) change what it names. */
const BLANKS_MATTER = new Set(['bridge', 'script', 'vifname', 'backend', 'model', 'gatewaydev', 'mac']);

export function splitVif(spec: string): XlVifField[] {
  const fields: XlVifField[] = [];
  let i = 0;
  while (i <= spec.length) {
    let end = spec.indexOf(',', i);
    if (end < 0) end = spec.length;
    let start = i;
    while (start < end && spec[start] === ' ') start++;
    if (end > i) {
      const text = spec.slice(start, end);
      const eq = text.indexOf('=');
      if (text !== '' || end > i) fields.push({ start, end, key: eq >= 0 ? text.slice(0, eq) : undefined, value: eq >= 0 ? text.slice(eq + 1) : text });
    }
    i = end + 1;
  }
  return fields.filter((f) => f.end > f.start || f.key !== undefined);
}

/** Six groups of one or two hex digits between colons: what almost every `mac=` is, read without scanning group by group. */
const PLAIN_MAC = /^[0-9a-fA-F]{1,2}(?::[0-9a-fA-F]{1,2}){5}$/;

/** `mac=`: six groups read with strtoul(…,16), any one character between them; the groups before an error are kept. */
export function parseVifMac(value: string): { ok: boolean; kept: string } {
  // Each group is at most 0xff and the separators are single characters: strtoul reads it exactly as written.
  if (PLAIN_MAC.test(value)) return { ok: true, kept: value.length === 17 ? value.toLowerCase() : value.split(':').map((g) => g.toLowerCase().padStart(2, '0')).join(':') };
  return readVifMac(value);
}

/** parseVifMac group by group, for any text (exported so a test holds the plain case to it). */
export function readVifMac(value: string): { ok: boolean; kept: string } {
  const groups: number[] = [];
  let p = 0;
  for (let g = 0; g < 6; g++) {
    const m = /^[ \t\n\v\f\r]*[+-]?(0[xX])?[0-9a-fA-F]+/.exec(value.slice(p));
    if (!m) break;
    const digits = m[0].replace(/^[\s+-]*(0[xX])?/, '');
    const n = Number.parseInt(digits, 16);
    if (n > 255 || m[0].trim().startsWith('-')) break;
    groups.push(n);
    p += m[0].length;
    if (g < 5) {
      if (p >= value.length) break;
      p++; // any separator
    }
  }
  const kept = [...groups, 0, 0, 0, 0, 0, 0].slice(0, 6).map((n) => n.toString(16).padStart(2, '0')).join(':');
  return { ok: groups.length === 6, kept };
}

/** `rate=RATE[@INTERVAL]` as xlu_vif_parse_rate checks it: the reason xl prints, or undefined. */
export function vifRateError(value: string): string | undefined {
  const [rate, interval, extra] = value.split('@');
  if (rate === undefined || rate === '') return 'no rate specified';
  if (extra !== undefined) return 'invalid rate';
  const m = /^(\d+)([GMK]?)([Bb])\/s$/.exec(rate);
  if (!m) return 'invalid rate';
  const n = BigInt(m[1]!);
  if (n === 0n || n > 4294967295n) return 'rate overflow';
  if (interval !== undefined) {
    const t = /^(\d+)([mu]?)s?$/.exec(interval);
    if (!t) return 'invalid replenishment interval';
    const us = BigInt(t[1]!) * (t[2] === 'm' ? 1000n : t[2] === 'u' ? 1n : 1000000n);
    if (us === 0n || us > 4294967295n) return 'replenishment interval overflow';
  }
  return undefined;
}

export function checkVif(spec: string): XlVifProblem[] {
  const problems: XlVifProblem[] = [];
  for (const field of splitVif(spec)) {
    const text = spec.slice(field.start, field.end);
    if (field.key === undefined) {
      if (!FLAGS.has(text)) problems.push({ field, message: `unrecognized argument \`${text}'`, fatal: false });
      continue;
    }
    const key = field.key;
    if (!KEYS.has(key) && !key.startsWith('colo_')) {
      problems.push({ field, message: `unrecognized argument \`${text}'`, fatal: false });
      continue;
    }
    if (/[ \t]$/.test(field.value) && BLANKS_MATTER.has(key)) {
      problems.push({ field, message: `${key} "${field.value}" ends in blanks (xl keeps blanks before a comma)`, fatal: false });
    } else if (key === 'mac' && !parseVifMac(field.value).ok) problems.push({ field, message: "Invalid parameter `mac'.", fatal: false });
    else if (key === 'type' && field.value !== 'vif' && field.value !== 'ioemu') problems.push({ field, message: "Invalid parameter `type'.", fatal: false });
    else if (key === 'accel') problems.push({ field, message: 'the accel parameter for vifs is currently not supported', fatal: false });
    else if (key === 'rate') {
      const reason = vifRateError(field.value);
      if (reason) problems.push({ field, message: `config parsing error in vif: ${reason} in \`${field.value}'`, fatal: true });
    } else if ((key === 'devid' || key === 'mtu') && !/^\d+$/.test(field.value)) {
      problems.push({ field, message: `xl: failed to convert "${field.value}" to number`, fatal: true });
    }
  }
  return problems;
}
