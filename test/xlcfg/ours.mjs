// Our compiler's answer in the shape the libxlutil harness gives (libxlu.mjs),
// so the differential tests can compare the two with one deepEqual.
import { parseXlConfig, xlReport } from '../../dist/grammar/xlcfg/parser.js';
import { readList, readLong, readString } from '../../dist/src/model/xlcfg-values.js';
import { plain } from '../../dist/src/model/xlcfg-compile.js';

const ESRCH = 3;
const EINVAL = 22;
const ERANGE = 34;

/** In the harness's key order (rc, value, report), so results compare as JSON text. */
function read(result, value) {
  if (result.ok) return { rc: 0, value, report: '' };
  return { rc: / out of range$/.test(result.warning) ? ERANGE : EINVAL, value: null, report: `${result.warning}\n` };
}

export function readWithOurs(text, keys, src = 'f.cfg') {
  const parse = parseXlConfig(text);
  const out = { rc: parse.ok ? 0 : EINVAL, report: xlReport(parse, src), keys: {} };
  if (!parse.ok) return out;
  for (const key of keys) {
    const setting = parse.settings.findLast((s) => s.name === key);
    if (!setting) {
      const absent = { rc: ESRCH, value: null, report: '' };
      out.keys[key] = { string: absent, long: absent, list: absent };
      continue;
    }
    const s = readString(setting, src);
    const l = readLong(setting, src);
    const li = readList(setting, src);
    out.keys[key] = {
      string: read(s, s.ok ? s.value : null),
      long: read(l, l.ok ? String(l.value) : null),
      list: read(li, li.ok ? plain({ kind: 'list', items: li.value }) : null),
    };
  }
  return out;
}

/** The keys a text assigns (as our lexer sees identifiers before `=`/`+=`), plus a few xl reads. */
export function keysOf(text) {
  const keys = new Set(['name', 'memory']);
  for (const m of text.matchAll(/([a-z][._0-9a-z]*)[ \t]*\+?=/g)) keys.add(m[1]);
  return [...keys].slice(0, 40);
}
