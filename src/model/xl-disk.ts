// xl's disk specification language (spec §8) as libxlu's xlu_disk_parse reads
// one `disk` element: its flex scanner (longest match, earlier rule on a tie,
// trailing context counted), the positional order target,format,vdev,access,
// deprecated prefixes, and the checks after scanning, with the exact messages.
// Pure; XD3105 judges the result. Follows Debian's libxlutil 4.17 (no
// trusted/untrusted or grant_usage= keywords), which the differential test runs.

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

type Action = (text: string, at: number) => boolean | void; // false: stop scanning

interface Rule {
  /** Length matched (trailing context included), or -1; `text`: the length of yytext. */
  match(s: string, i: number): { len: number; text: number } | undefined;
  action: Action;
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

export function parseXlDisk(spec: string): XlDisk {
  const disk: XlDisk = {
    target: null, vdev: null, script: null, backend: null, format: 'unknown', backendtype: 'unknown', specification: 'unknown',
    readwrite: true, cdrom: false, removable: false, prefixes: [], errors: [],
  };
  let hadPrefix = false;
  let accessSet = false;
  let at = 0;
  const err = (near: string | null, reason: string): void => {
    disk.errors.push({ reason, near, offset: at });
  };
  const save = (what: string, field: 'target' | 'vdev' | 'script' | 'backend', value: string): void => {
    const current = disk[field];
    if (current !== null && current !== '') return err(value, `${what} respecified`);
    disk[field] = value;
  };
  const dset = <K extends 'format' | 'backendtype' | 'specification'>(field: K, member: string, str: string, value: XlDisk[K]): void => {
    if (disk[field] !== 'unknown' && disk[field] !== value) err(str, `${member} respecified`);
    else disk[field] = value;
  };
  const setFormat = (str: string): void => {
    const f = ({ '': 'raw', raw: 'raw', qcow: 'qcow', qcow2: 'qcow2', vhd: 'vhd', empty: 'empty', qed: 'qed' } as Record<string, DiskFormat>)[str];
    if (f) dset('format', 'format', str, f);
    else err(str, 'unknown value for format');
  };
  const setAccess = (str: string): void => {
    if (str === 'r' || str === 'ro') disk.readwrite = false;
    else if (str === 'rw' || str === 'w' || str === '') disk.readwrite = true;
    else err(str, 'unknown value for access');
  };
  const vdevAndDevtype = (str: string): boolean => {
    const colon = str.lastIndexOf(':');
    if (colon < 0) return false;
    save('vdev', 'vdev', str.slice(0, colon));
    const type = str.slice(colon + 1);
    if (type === 'cdrom') disk.cdrom = true;
    else if (type === 'disk') disk.cdrom = false;
    else err(type, 'unknown deprecated type');
    return true;
  };
  const strip = (text: string, delim: string) => (text.endsWith(delim) ? text.slice(0, -1) : text);
  const fromEquals = (text: string) => strip(text, ',').slice(text.indexOf('=') + 1);

  const prefix = (names: string[], effect: (name: string) => void): Rule => ({
    match: (s, i) => {
      for (const name of names) if (s.startsWith(`${name}:`, i)) return { len: name.length + 1 + restOfLine(s, i + name.length + 1), text: name.length + 1 };
      return undefined;
    },
    action: (text) => {
      hadPrefix = true;
      disk.prefixes.push(text);
      effect(strip(text, ':'));
    },
  });

  const rules: Rule[] = [
    // blanks before a parameter (trailing context: a non-blank and the rest of the line, or nothing)
    {
      match: (s, i) => {
        let j = i;
        while (s[j] === ' ' || s[j] === '\t' || s[j] === '\n') j++;
        if (j === i) return undefined;
        const rest = j < s.length ? restOfLine(s, j) : 0;
        return { len: j - i + rest, text: j - i };
      },
      action: () => {},
    },
    { match: keyword('format=', 'any'), action: (t) => setFormat(fromEquals(t)) },
    { match: keyword('cdrom', 'none'), action: () => void (disk.cdrom = true) },
    { match: keyword('devtype=cdrom', 'none'), action: () => void (disk.cdrom = true) },
    { match: keyword('devtype=disk', 'none'), action: () => void (disk.cdrom = false) },
    { match: keyword('devtype=', 'any'), action: (t) => err(t, 'unknown value for type') },
    { match: keyword('access=', 'any'), action: (t) => setAccess(fromEquals(t)) },
    { match: keyword('backend=', 'any'), action: (t) => save('backend', 'backend', fromEquals(t)) },
    {
      match: keyword('backendtype=', 'any'),
      action: (t) => {
        const v = fromEquals(t);
        if (v === 'phy' || v === 'tap' || v === 'qdisk' || v === 'standalone') dset('backendtype', 'backend', v, v);
        else err(v, 'unknown value for backendtype');
      },
    },
    {
      match: keyword('specification=', 'any'),
      action: (t) => {
        const v = fromEquals(t);
        if (v === 'xen' || v === 'virtio') dset('specification', 'specification', v, v);
        else err(v, 'unknown value for specification');
      },
    },
    { match: keyword('vdev=', 'any'), action: (t) => save('vdev', 'vdev', fromEquals(t)) },
    { match: keyword('script=', 'any'), action: (t) => save('script', 'script', fromEquals(t)) },
    ...['direct-io-safe', 'discard', 'no-discard', 'colo', 'no-colo'].map((w) => ({ match: keyword(w, 'none'), action: () => {} })),
    ...['colo-host=', 'colo-export=', 'active-disk=', 'hidden-disk='].map((w) => ({ match: keyword(w, 'any'), action: () => {} })),
    { match: keyword('colo-port=', 'any'), action: (t: string) => { if (!atoi(fromEquals(t))) err(fromEquals(t), 'unknown value for colo_port'); } },
    // target= takes the rest of the line
    { match: (s, i) => (s.startsWith('target=', i) ? { len: 7 + restOfLine(s, i + 7), text: 7 + restOfLine(s, i + 7) } : undefined), action: (t) => save('target', 'target', fromEquals(t)) },
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
      action: (t) => err(t, 'unknown parameter'),
    },
    prefix(['raw', 'qcow2', 'qcow', 'vhd'], (name) => setFormat(name)),
    prefix(['iscsi', 'enbd', 'nbd', 'drbd'], (name) => save('script', 'script', `block-${name}`)),
    prefix(['tapdisk'], () => {}),
    prefix(['tap2', 'tap'], () => {}),
    prefix(['aio'], () => {}),
    prefix(['ioemu'], () => {}),
    prefix(['file'], () => {}),
    prefix(['phy'], () => {}),
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
      action: (t) => {
        err(t, 'unknown deprecated disk prefix');
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
      action: (t) => {
        const text = strip(t, ',');
        if (disk.errors.length) return;
        if (disk.target === null) save('target', 'target', text);
        else if (!hadPrefix && disk.format === 'unknown') {
          if (disk.target === '' && vdevAndDevtype(text)) disk.format = 'empty';
          else setFormat(text);
        } else if (disk.vdev === null) {
          if (!vdevAndDevtype(text)) save('vdev', 'vdev', text);
        } else if (!accessSet) {
          accessSet = true;
          setAccess(text);
        } else {
          err(text, 'too many positional parameters');
          return false;
        }
      },
    },
  ];

  let i = 0;
  scan: while (i < spec.length) {
    let best: { rule: Rule; len: number; text: number } | undefined;
    for (const rule of rules) {
      const m = rule.match(spec, i);
      if (m && (!best || m.len > best.len)) best = { rule, ...m };
    }
    at = i;
    if (!best || (best.len === 0 && best.text === 0)) {
      // any other character: flex's error state takes it and the rest of the line
      if (spec[i] === '\n') {
        i++;
        continue;
      }
      // … but needs one more character: a bad last character is dropped without a word
      if (i + 1 >= spec.length) break scan;
      err(spec.slice(i, i + 1 + restOfLine(spec, i + 1)), 'bad disk syntax');
      break scan;
    }
    const text = spec.slice(i, i + best.text);
    i += best.text;
    if (best.rule.action(text, at) === false) break;
  }
  if (disk.errors.length) return disk;
  at = spec.length;
  if (disk.format === 'unknown') disk.format = 'raw';
  if (disk.cdrom) {
    disk.removable = true;
    disk.readwrite = false;
    if (!disk.target) disk.format = 'empty';
  }
  if (disk.vdev === null) err(null, 'no vdev specified');
  else if (disk.target === null && !disk.removable) err(null, 'no target specified (and device not removable)');
  return disk;
}

/** C atoi: leading blanks, a sign, digits; 0 when none. */
function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  return m ? Number.parseInt(m[1]!, 10) : 0;
}
