// xl's disk specification language (spec §8) as libxlu's xlu_disk_parse reads
// one `disk` element: its flex scanner (longest match, earlier rule on a tie,
// trailing context counted), the positional order target,format,vdev,access,
// deprecated prefixes, and the checks after scanning, with the exact messages.
// Pure; XD3105 judges the result. Follows Debian's libxlutil 4.17 (no
// trusted/untrusted or grant_usage= keywords), which the differential test runs.

import { atoi } from './c-scan.js';

export const DISK_FORMATS = ['unknown', 'qcow', 'qcow2', 'vhd', 'raw', 'empty', 'qed'] as const;
export type DiskFormat = (typeof DISK_FORMATS)[number];
export const DISK_BACKENDS = ['unknown', 'phy', 'tap', 'qdisk', 'standalone'] as const;

export interface XlDisk {
  target: string | null;
  vdev: string | null;
  script: string | null;
  backend: string | null;
  format: DiskFormat;
  backendtype: (typeof DISK_BACKENDS)[number];
  specification: 'unknown' | 'xen' | 'virtio';
  readwrite: boolean;
  cdrom: boolean;
  removable: boolean;
  /** A deprecated xm-style prefix (`phy:`, `tap:aio:`, …) was used, in order. */
  prefixes: string[];
  /** Each error libxlu prints: the reason, the "near" text (if any), and where in the spec it is. */
  errors: Array<{ reason: string; near: string | null; offset: number }>;
}

/** The message xl prints for one error (without the `<src>: ` prefix). */
export function diskErrorMessage(e: { reason: string; near: string | null }, spec: string): string {
  return `config parsing error in disk specification: ${e.reason}${e.near !== null ? `: near \`${e.near}'` : ''} in \`${spec}'`;
}

interface Rule {
  /** Length matched (trailing context included); `text`: the length of yytext. */
  match(s: string, i: number): { len: number; text: number } | undefined;
}

const restOfLine = (s: string, i: number): number => {
  const nl = s.indexOf('\n', i);
  return (nl < 0 ? s.length : nl) - i;
};

/** `word[^,]*,?` or `word,?` style: a literal prefix, then optionally a value up to a comma, then an optional comma. */
function keyword(word: string, value: 'none' | 'any' | 'one'): Rule['match'] {
  return (s, i) => {
    if (!s.startsWith(word, i)) return undefined;
    let j = i + word.length;
    if (value === 'any') while (j < s.length && s[j] !== ',') j++;
    else if (value === 'one') {
      if (j >= s.length || s[j] === ',' || s[j] === '\n') return undefined;
      j++;
    }
    if (s[j] === ',') j++;
    return { len: j - i, text: j - i };
  };
}

const isLower = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** One scan's state: the disk so far and libxlu's DiskParseContext flags. */
class Scan {
  readonly disk: XlDisk = {
    target: null, vdev: null, script: null, backend: null, format: 'unknown', backendtype: 'unknown', specification: 'unknown',
    readwrite: true, cdrom: false, removable: false, prefixes: [], errors: [],
  };
  hadPrefix = false;
  accessSet = false;
  at = 0;

  err(near: string | null, reason: string): void {
    this.disk.errors.push({ reason, near, offset: this.at });
  }

  save(what: string, field: 'target' | 'vdev' | 'script' | 'backend', value: string): void {
    const current = this.disk[field];
    if (current !== null && current !== '') return this.err(value, `${what} respecified`);
    this.disk[field] = value;
  }

  dset<K extends 'format' | 'backendtype' | 'specification'>(field: K, member: string, str: string, value: XlDisk[K]): void {
    if (this.disk[field] !== 'unknown' && this.disk[field] !== value) this.err(str, `${member} respecified`);
    else this.disk[field] = value;
  }

  setFormat(str: string): void {
    const f = FORMAT_WORDS[str];
    if (f) this.dset('format', 'format', str, f);
    else this.err(str, 'unknown value for format');
  }

  setAccess(str: string): void {
    if (str === 'r' || str === 'ro') this.disk.readwrite = false;
    else if (str === 'rw' || str === 'w' || str === '') this.disk.readwrite = true;
    else this.err(str, 'unknown value for access');
  }

  vdevAndDevtype(str: string): boolean {
    const colon = str.lastIndexOf(':');
    if (colon < 0) return false;
    this.save('vdev', 'vdev', str.slice(0, colon));
    const type = str.slice(colon + 1);
    if (type === 'cdrom') this.disk.cdrom = true;
    else if (type === 'disk') this.disk.cdrom = false;
    else this.err(type, 'unknown deprecated type');
    return true;
  }
}

const FORMAT_WORDS: Record<string, DiskFormat> = { '': 'raw', raw: 'raw', qcow: 'qcow', qcow2: 'qcow2', vhd: 'vhd', empty: 'empty', qed: 'qed' };

interface ScanRule {
  match: Rule['match'];
  /** The characters a match can start with (undefined: any): a cheap pre-check. */
  first?: string;
  /** false: stop scanning. */
  action: (scan: Scan, text: string) => boolean | void;
}

const strip = (text: string, delim: string) => (text.endsWith(delim) ? text.slice(0, -1) : text);
const fromEquals = (text: string) => strip(text, ',').slice(text.indexOf('=') + 1);

function prefix(names: string[], effect: (scan: Scan, name: string) => void): ScanRule {
  return {
    first: names.map((n) => n[0]).join(''),
    match: (s, i) => {
      for (const name of names) if (s.startsWith(`${name}:`, i)) return { len: name.length + 1 + restOfLine(s, i + name.length + 1), text: name.length + 1 };
      return undefined;
    },
    action: (scan, text) => {
      scan.hadPrefix = true;
      scan.disk.prefixes.push(text);
      effect(scan, strip(text, ':'));
    },
  };
}

const noop = () => {};

// libxlu_disk_l.l's rules, in its order (a tie goes to the earlier rule)
const RULES: ScanRule[] = [
  // blanks before a parameter (trailing context: a non-blank and the rest of the line, or nothing)
  {
    match: (s, i) => {
      let j = i;
      while (s[j] === ' ' || s[j] === '\t' || s[j] === '\n') j++;
      if (j === i) return undefined;
      const rest = j < s.length ? restOfLine(s, j) : 0;
      return { len: j - i + rest, text: j - i };
    },
    action: noop,
  },
  { first: 'f', match: keyword('format=', 'any'), action: (c, t) => c.setFormat(fromEquals(t)) },
  { first: 'c', match: keyword('cdrom', 'none'), action: (c) => void (c.disk.cdrom = true) },
  { first: 'd', match: keyword('devtype=cdrom', 'none'), action: (c) => void (c.disk.cdrom = true) },
  { first: 'd', match: keyword('devtype=disk', 'none'), action: (c) => void (c.disk.cdrom = false) },
  { first: 'd', match: keyword('devtype=', 'any'), action: (c, t) => c.err(t, 'unknown value for type') },
  { first: 'a', match: keyword('access=', 'any'), action: (c, t) => c.setAccess(fromEquals(t)) },
  { first: 'b', match: keyword('backend=', 'any'), action: (c, t) => c.save('backend', 'backend', fromEquals(t)) },
  {
    match: keyword('backendtype=', 'any'),
    action: (c, t) => {
      const v = fromEquals(t);
      if (v === 'phy' || v === 'tap' || v === 'qdisk' || v === 'standalone') c.dset('backendtype', 'backend', v, v);
      else c.err(v, 'unknown value for backendtype');
    },
  },
  {
    match: keyword('specification=', 'any'),
    action: (c, t) => {
      const v = fromEquals(t);
      if (v === 'xen' || v === 'virtio') c.dset('specification', 'specification', v, v);
      else c.err(v, 'unknown value for specification');
    },
  },
  { first: 'v', match: keyword('vdev=', 'any'), action: (c, t) => c.save('vdev', 'vdev', fromEquals(t)) },
  { first: 's', match: keyword('script=', 'any'), action: (c, t) => c.save('script', 'script', fromEquals(t)) },
  ...['direct-io-safe', 'discard', 'no-discard', 'colo', 'no-colo'].map((w): ScanRule => ({ first: w[0], match: keyword(w, 'none'), action: noop })),
  ...['colo-host=', 'colo-export=', 'active-disk=', 'hidden-disk='].map((w): ScanRule => ({ first: w[0], match: keyword(w, 'any'), action: noop })),
  { first: 'c', match: keyword('colo-port=', 'any'), action: (c, t) => { if (!atoi(fromEquals(t))) c.err(fromEquals(t), 'unknown value for colo_port'); } },
  // target= takes the rest of the line
  { first: 't', match: (s, i) => (s.startsWith('target=', i) ? { len: 7 + restOfLine(s, i + 7), text: 7 + restOfLine(s, i + 7) } : undefined), action: (c, t) => c.save('target', 'target', fromEquals(t)) },
  // an unknown key=…: the key, `=`, one character, an optional comma
  {
    match: (s, i) => {
      if (!isLower(s[i])) return undefined;
      let j = i + 1;
      while (isLower(s[j]) || isDigit(s[j]) || s[j] === '-') j++;
      if (s[j] !== '=') return undefined;
      j++;
      if (j >= s.length || s[j] === ',' || s[j] === '\n') return undefined;
      j++;
      if (s[j] === ',') j++;
      return { len: j - i, text: j - i };
    },
    action: (c, t) => c.err(t, 'unknown parameter'),
  },
  prefix(['raw', 'qcow2', 'qcow', 'vhd'], (c, name) => c.setFormat(name)),
  prefix(['iscsi', 'enbd', 'nbd', 'drbd'], (c, name) => c.save('script', 'script', `block-${name}`)),
  prefix(['tapdisk'], noop),
  prefix(['tap2', 'tap'], noop),
  prefix(['aio'], noop),
  prefix(['ioemu'], noop),
  prefix(['file'], noop),
  prefix(['phy'], noop),
  {
    match: (s, i) => {
      if (!isLower(s[i])) return undefined;
      let j = i + 1;
      while (isLower(s[j]) || isDigit(s[j])) j++;
      if (s[j] !== ':') return undefined;
      j++;
      if (j < s.length && (isLower(s[j]) || isDigit(s[j]))) return undefined;
      return { len: j - i + (j < s.length ? restOfLine(s, j) : 0), text: j - i };
    },
    action: (c, t) => {
      c.err(t, 'unknown deprecated disk prefix');
      return false;
    },
  },
  // positional: [^=,]*, | [^=,]+,?
  {
    match: (s, i) => {
      let j = i;
      while (j < s.length && s[j] !== '=' && s[j] !== ',') j++;
      if (s[j] === ',') j++;
      else if (j === i) return undefined;
      return { len: j - i, text: j - i };
    },
    action: (c, t) => {
      const text = strip(t, ',');
      const disk = c.disk;
      if (disk.errors.length) return;
      if (disk.target === null) c.save('target', 'target', text);
      else if (!c.hadPrefix && disk.format === 'unknown') {
        if (disk.target === '' && c.vdevAndDevtype(text)) disk.format = 'empty';
        else c.setFormat(text);
      } else if (disk.vdev === null) {
        if (!c.vdevAndDevtype(text)) c.save('vdev', 'vdev', text);
      } else if (!c.accessSet) {
        c.accessSet = true;
        c.setAccess(text);
      } else {
        c.err(text, 'too many positional parameters');
        return false;
      }
    },
  },
];

/** The rules a match may start with each ASCII character, in RULES' order (ties still go to the earlier rule). */
const RULES_BY_FIRST: ScanRule[][] = Array.from({ length: 128 }, (_, code) => RULES.filter((r) => r.first === undefined || r.first.includes(String.fromCharCode(code))));
/** Any other character: only the rules without a first-character set. */
const RULES_ANY_FIRST = RULES.filter((r) => r.first === undefined);

export function parseXlDisk(spec: string): XlDisk {
  const scan = new Scan();
  const disk = scan.disk;
  let i = 0;
  while (i < spec.length) {
    let best: ScanRule | undefined;
    let bestLen = -1;
    let bestText = 0;
    const code = spec.charCodeAt(i);
    for (const rule of code < 128 ? RULES_BY_FIRST[code]! : RULES_ANY_FIRST) {
      const m = rule.match(spec, i);
      if (m && m.len > bestLen) {
        best = rule;
        bestLen = m.len;
        bestText = m.text;
      }
    }
    scan.at = i;
    if (!best || (bestLen === 0 && bestText === 0)) {
      // any other character: flex's error state takes it and the rest of the line…
      if (spec[i] === '\n') {
        i++;
        continue;
      }
      // … but needs one more character: a bad last character is dropped without a word
      if (i + 1 >= spec.length) break;
      scan.err(spec.slice(i, i + 1 + restOfLine(spec, i + 1)), 'bad disk syntax');
      break;
    }
    const text = spec.slice(i, i + bestText);
    i += bestText;
    if (best.action(scan, text) === false) break;
  }
  if (disk.errors.length) return disk;
  scan.at = spec.length;
  if (disk.format === 'unknown') disk.format = 'raw';
  if (disk.cdrom) {
    disk.removable = true;
    disk.readwrite = false;
    if (!disk.target) disk.format = 'empty';
  }
  if (disk.vdev === null) scan.err(null, 'no vdev specified');
  else if (disk.target === null && !disk.removable) scan.err(null, 'no target specified (and device not removable)');
  return disk;
}
