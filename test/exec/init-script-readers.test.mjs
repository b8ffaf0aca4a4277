// The compiled init script's awk readers against the executor's own parsers, under
// every awk at hand (mawk, busybox awk): the `xl list -l` reader accepts exactly the
// listings src/plan/state.ts accepts and yields the same ids, safe-name flags and
// names; the xl image reader finds the name xlImageInfo finds (and none where it finds
// none); the journal reader finds the restores Journal.unfinishedRestores finds.
import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { have, testIf } from '../tools.mjs';
import { ROOT } from '../helpers.mjs';
import { imageHead, listLong, writeXlImage, yajl } from '../sim/sim-xl-format.mjs';
import { parseStateAuto } from '../../dist/src/plan/state.js';
import { isSafeFileName } from '../../dist/src/plan/planner.js';
import { xlImageInfo } from '../../dist/src/model/host-state.js';
import { Journal } from '../../dist/src/exec/journal.js';
import { XL_LIST_AWK, xlShell } from '../../dist/src/plan/toolstack-xl-sh.js';
import { JOURNAL_AWK } from '../../dist/src/plan/json-awk.js';

const AWKS = [
  { name: 'awk', argv: ['awk'], ok: have('awk'), reason: 'awk not found (apt-get install mawk)' },
  { name: 'busybox awk', argv: ['busybox', 'awk'], ok: have('busybox'), reason: 'busybox not installed (apt-get install busybox)' },
];
const dir = mkdtempSync(join(tmpdir(), 'xd-readers-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function awk(a, program, input, vars = []) {
  const r = spawnSync(a.argv[0], [...a.argv.slice(1), ...vars.flatMap((v) => ['-v', v]), program], { input, env: { ...process.env, LC_ALL: 'C' } });
  return { code: r.status, out: r.stdout.toString('latin1') };
}

/** What the executor makes of a listing, as the script's lines: `id TAB safe TAB shown`, or null when it refuses it. */
function expected(text) {
  const s = parseStateAuto(text, 'listing');
  if (s.problems.length) return null;
  // eslint-disable-next-line no-control-regex
  const shown = (n) => Buffer.from(n.replace(/[\x00-\x1f\x7f]/g, '?'), 'utf8').toString('latin1');
  return s.domains.map((d) => `${d.id}\t${isSafeFileName(d.name) ? 1 : 0}\t${shown(d.name)}\n`).join('');
}

const dom0 = { domid: 0, config: { c_info: { type: 'pv', name: 'Domain-0' } } };
const guest = (domid, name, extra = {}) => ({ domid, config: { c_info: { type: 'pv', name, domid: 4294967295, uuid: 'u' }, b_info: { max_memkb: 262144, target_memkb: 262144 }, ...extra } });
const raw = (parts) => `[\n    ${parts.join(',\n    ')}\n]\n`;

const LISTINGS = {
  'examples/xl/xl-list.json': readFileSync(join(ROOT, 'examples/xl/xl-list.json'), 'utf8'),
  'the 4.x fixture': readFileSync(join(ROOT, 'test/fixtures/sxp/xl-list-long.json'), 'utf8'),
  'the simulator (yajl layout, channels, a stub domain)': listLong([{ id: 0, name: 'Domain-0' }, { id: 1, name: 'Xenstore', xenstore: true }, { id: 3, name: 'web', channels: ['org.qemu.guest_agent.0'] }, { id: 12, name: 'db', type: 'hvm' }]),
  '4.14-4.16 indent, nested names': JSON.stringify([dom0, guest(7, 'win', { pcidevs: [{ func: 0, name: 'gpu' }], vsnds: [{ pcms: [{ name: 'pcm0' }] }] })], null, 4),
  'one line': JSON.stringify([dom0, guest(3, 'web'), guest(4, 'db')]),
  'no domain at all': '[]\n',
  'names: escapes, UTF-8, unsafe ones': yajl([dom0, ...['a"b', 'a\\b', 'été', 'with/slash', '-dash', '.dot', 'tab\there', 'del\x7f', 'nul\0x', 'smile \u{1f600}', 'x'.repeat(300)].map((n, i) => guest(i + 1, n))]),
  'escapes written out': '[{"domid":0,"config":{"c_info":{"name":"Domain-0"}}},{"domid":3,"config":{"c_info":{"name":"\\u00e9t\\u00E9 \\ud83d\\ude00 \\/ \\"q\\""}}}]',
  'a key twice: the last wins': '[{"domid":9,"domid":3,"config":{"c_info":{"name":"x","name":"web"}}}]',
  'numbers as JSON writes them': '[{"domid":3.0,"config":{"c_info":{"name":"a"},"b_info":{"target_memkb":1e3}}},{"domid":4e0,"config":{"c_info":{"name":"b"}}}]',
  'xl SXP (output_format="sxp")': ['(domain', '\t(domid 0)', '\t(create_info)', '\t(name Domain-0)', ')', '(domain', '\t(domid 3)', '\t(name web)', '\t(device', '\t\t(vbd', '\t\t)', '\t)', ')', ''].join('\n'),
  // refused, by both
  'cut short': '[\n    {\n        "domid": 0,\n',
  'no name': JSON.stringify([dom0, { domid: 3, config: { c_info: { type: 'pv' } } }]),
  'an empty name': JSON.stringify([dom0, guest(3, '')]),
  'a name that is a number': '[{"domid":3,"config":{"c_info":{"name":5}}}]',
  'domid -1': JSON.stringify([dom0, guest(-1, 'web')]),
  'domid 1.5': JSON.stringify([dom0, guest(1.5, 'web')]),
  'domid as a string': '[{"domid":"3","config":{"c_info":{"name":"web"}}}]',
  'no domid': '[{"config":{"c_info":{"name":"web"}}}]',
  'an id twice': JSON.stringify([dom0, guest(3, 'a'), guest(3, 'b')]),
  'a name twice': JSON.stringify([dom0, guest(3, 'a'), guest(4, 'a')]),
  'config is a list': '[{"domid":3,"config":[]}]',
  'c_info is a string': '[{"domid":3,"config":{"c_info":"web"}}]',
  'a negative memory size': '[{"domid":3,"config":{"c_info":{"name":"web"},"b_info":{"target_memkb":-5}}}]',
  'a trailing comma': '[{"domid":3,"config":{"c_info":{"name":"web"}}},]',
  'two values': '[]\n[]\n',
  'an element that is not an object': '[3]',
  'a bad escape': '[{"domid":3,"config":{"c_info":{"name":"a\\qb"}}}]',
  'a raw control character': '[{"domid":3,"config":{"c_info":{"name":"a\tb"}}}]',
  'single quotes': "[{'domid':3}]",
  'a cut SXP listing': '(domain\n\t(domid 0)\n\t(name Domain-0)\n',
};

for (const a of AWKS) {
  testIf(a.ok, a.reason)(`${a.name}: the xl list reader accepts what the executor accepts, and reads the same domains`, () => {
    for (const [what, text] of Object.entries(LISTINGS)) {
      const want = expected(text);
      const got = awk(a, XL_LIST_AWK, text);
      if (want === null) assert.is.not(got.code, 0, `${what}: the executor refuses it; the script must too`);
      else assert.equal([got.code, got.out], [0, want], what);
    }
  });
}

/** An xl image file: the simulator's, then changed by `edit(buffer)`. */
function xlImage(name, d, edit = (b) => b) {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  writeXlImage(fd, { memory: 256, ...d });
  closeSync(fd);
  writeFileSync(path, edit(readFileSync(path)));
  return path;
}

const IMAGES = {
  good: () => xlImage('good', { id: 3, name: 'web' }),
  'a name with quotes and UTF-8': () => xlImage('quotes', { id: 3, name: 'dé"jà' }),
  'cut after the config': () => xlImage('cut', { id: 3, name: 'web' }, (b) => b.subarray(0, 3000)),
  'cut inside the config': () => xlImage('cutcfg', { id: 3, name: 'web' }, (b) => b.subarray(0, 80)),
  'shorter than the header': () => xlImage('short', { id: 3, name: 'web' }, (b) => b.subarray(0, 40)),
  'wrong magic after the 16 bytes': () => xlImage('magic', { id: 3, name: 'web' }, (b) => Buffer.concat([Buffer.from('Xen saved domain, but not xl fmt'), b.subarray(32)])),
  'big-endian': () => xlImage('be', { id: 3, name: 'web' }, (b) => {
    const out = Buffer.from(b);
    for (const o of [32, 36, 40, 44, 48]) out.writeUInt32BE(b.readUInt32LE(o), o);
    return out;
  }),
  'unknown mandatory flags': () => xlImage('flags', { id: 3, name: 'web' }, (b) => { const out = Buffer.from(b); out.writeUInt32LE(7, 36); return out; }),
  'config not JSON (pre-4.3)': () => xlImage('sxpcfg', { id: 3, name: 'web' }, (b) => { const out = Buffer.from(b); out.writeUInt32LE(2, 36); return out; }),
  'no name in the config': () => xlImage('noname', { id: 3, name: 'web' }, (b) => Buffer.from(b.toString('latin1').replace('"name": "web"', '"nome": "web"'), 'latin1')),
  'a config longer than the 64 KiB read': () => xlImage('long', { id: 3, name: 'web', channels: Array.from({ length: 1200 }, (_, i) => `channel.number.${i}`) }),
};

for (const a of AWKS.filter((x) => x.name === 'awk')) {
  testIf(a.ok && have('od') && have('dd'), a.reason)('the xl image reader finds the name xlImageInfo finds, and none where it finds none', () => {
    const fn = join(dir, 'image-name.sh');
    writeFileSync(fn, `f() {\n  ${xlShell.imageNameShell('"$1"')}\n}\nf "$1"\n`);
    assert.ok(imageHead({ id: 3, name: 'web', channels: Array.from({ length: 1200 }, (_, i) => `channel.number.${i}`) }).length > 65536, 'the long config is longer than the read');
    for (const [what, make] of Object.entries(IMAGES)) {
      const path = make();
      const info = xlImageInfo(readFileSync(path).subarray(0, 65536));
      const r = spawnSync('sh', [fn, path], { env: { ...process.env, LC_ALL: 'C', XD_LIST_AWK: XL_LIST_AWK }, encoding: 'latin1' });
      const got = r.status === 0 ? Buffer.from(r.stdout.replace(/\n$/, ''), 'latin1').toString('utf8') : undefined;
      assert.is(got, info.name, `${what} (${JSON.stringify(info)})`);
    }
  });
}

/** What Journal.unfinishedRestores makes of a journal text, as the script's lines. */
function unfinished(text) {
  const journal = new Journal({ readFile: () => text, now: () => 0, pid: () => 1 }, '/j', () => {});
  return [...journal.unfinishedRestores()].map(([image, domain]) => `${image}\t${typeof domain === 'string' ? 1 : 0}\t${typeof domain === 'string' ? domain : ''}\n`).sort().join('');
}

const j = (o) => JSON.stringify({ v: 1, run: 'r', time: 't', ...o });
const JOURNALS = {
  'a restore started, never ended': [j({ event: 'step-start', phase: 'restore', domain: 'web', argv: ['xl', 'restore', '/s/web'] })],
  'ended, skipped, or a save to the path closes it': [
    j({ event: 'step-start', phase: 'restore', domain: 'a', argv: ['xl', 'restore', '/s/a'] }), j({ event: 'step-end', phase: 'restore', argv: ['xl', 'restore', '/s/a'] }),
    j({ event: 'step-start', phase: 'restore', domain: 'b', argv: ['xl', 'restore', '/s/b'] }), j({ event: 'step-skip', phase: 'restore', argv: ['xl', 'restore', '/s/b'] }),
    j({ event: 'step-start', phase: 'restore', domain: 'c', argv: ['xl', 'restore', '/s/c'] }), j({ event: 'step-start', phase: 'save', argv: ['xl', 'save', '3', '/s/c'] }),
    j({ event: 'step-start', phase: 'restore', domain: null, argv: ['xl', 'restore', '/s/d'] }),
  ],
  'lines the kill cut, other events, foreign lines': [
    j({ event: 'step-start', phase: 'restore', domain: 'é "x"', argv: ['xl', 'restore', '/s/é x'] }), '{"event":"step-end","phase":"restore","argv":["xl","restore","/s/é x"', 'not json "restore"',
    j({ event: 'run-start', verb: 'start' }), j({ event: 'step-start', phase: 'restore', domain: 5, argv: '/s/e' }), j({ event: 'step-start', phase: 'restore', domain: 5, argv: ['xl', 'restore', '/s/f'] }),
  ],
  'a restore started again after it ended': [
    j({ event: 'step-start', phase: 'restore', domain: 'a', argv: ['xl', 'restore', '/s/a'] }), j({ event: 'step-end', phase: 'restore', argv: ['xl', 'restore', '/s/a'] }), j({ event: 'step-start', phase: 'restore', domain: 'a2', argv: ['xl', 'restore', '/s/a'] }),
  ],
};

for (const a of AWKS) {
  testIf(a.ok, a.reason)(`${a.name}: the journal reader finds the unfinished restores the executor finds`, () => {
    for (const [what, lines] of Object.entries(JOURNALS)) {
      const text = `${lines.join('\n')}\n`;
      const got = awk(a, JOURNAL_AWK, text, ['cut=0']);
      assert.is(got.code, 0, what);
      assert.is(Buffer.from(got.out, 'latin1').toString('utf8').split(/(?<=\n)/).sort().join(''), unfinished(text), what);
    }
  });
}

test.run();
