// xl literals for convert: isXlLiteral accepts only source that Python and libxlu read alike,
// and xlString writes any string libxlu can hold so that libxlu reads it back unchanged.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { isXlLiteral, isWritable, xlString, xlText } from '../../dist/src/convert/xl-literal.js';
import { xlDiskSpec } from '../../dist/src/convert/xm-to-xl.js';
import { libxluMissing, parseDisksWithLibxlu, readTextsWithLibxlu } from '../xlcfg/libxlu.mjs';
import { have, testIf } from '../tools.mjs';

const LITERALS = ['"a"', "'a'", '0', '512', '[]', "[ 'a', 'b', ]", "[\n  'a', # c\n  'b'\n]", '"tab\\tx"', '"q\\"x"', "[[ 'x' ]]"];
const NOT = ['-1', '0x10', '010', '1.5', '5L', 'True', 'None', '"a" "b"', "'''a'''", '"\\x41"', '"\\101"', "u'a'", "r'a'", 'a', '(1, 2)', '"a" + "b"', '2 * 3', "{'a': 1}", '"a\\q"', "['a',, 'b']", "[,'a']", "'a' # c", '[\'a\'] + [\'b\']'];

test('isXlLiteral: literal forms both read alike', () => {
  for (const s of LITERALS) assert.ok(isXlLiteral(s), s);
});
test('isXlLiteral: expressions and Python-only literals are not', () => {
  for (const s of NOT) assert.not.ok(isXlLiteral(s), s);
});

const missing = libxluMissing();
const noPython = have('python3') ? undefined : 'python3 not found (apt-get install python3)';
testIf(!missing && !noPython, missing ?? noPython)('isXlLiteral sources: libxlu reads the value Python evaluates', () => {
  const values = LITERALS.filter((s) => !s.startsWith('[['));
  const py = spawnSync('python3', ['-c', `import json,sys\nfor s in json.load(sys.stdin): print(json.dumps(eval(s)))`], { input: JSON.stringify(values), encoding: 'utf8' });
  assert.is(py.status, 0, py.stderr);
  const expected = py.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const read = readTextsWithLibxlu(values.map((s) => ({ text: `k = ${s}\n`, keys: ['k'] })));
  read.forEach((r, i) => {
    assert.is(r.rc, 0, `${values[i]}: ${r.report}`);
    const want = expected[i];
    if (Array.isArray(want)) assert.equal(r.keys.k.list.value, want.map(String), values[i]);
    else assert.is(r.keys.k.string.value, String(want), values[i]);
  });
});

testIf(!missing, missing)('xlString: libxlu reads every writable string back unchanged (1,000 random strings)', () => {
  const strings = fc.sample(fc.string({ unit: fc.oneof(fc.constantFrom('"', "'", '\\', '\t', '\n', '\r', '\x07', '\b', '\f', '\v', '#', ';', ',', '=', ' ', 'é', '€'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 20 }), { numRuns: 1000, seed: 13 })
    .filter((s) => isWritable({ str: s }));
  assert.ok(strings.length > 500);
  const read = readTextsWithLibxlu(strings.map((s) => ({ text: `k = ${xlString(s)}\nl = ${xlText([{ str: s }, { num: '7' }])}\n`, keys: ['k', 'l'] })));
  read.forEach((r, i) => {
    assert.is(r.rc, 0, `${JSON.stringify(strings[i])}: ${r.report}`);
    assert.is(r.keys.k.string.value, strings[i]);
    assert.equal(r.keys.l.list.value, [strings[i], '7']);
  });
});

test('isWritable: control characters without an escape are not', () => {
  assert.not.ok(isWritable({ str: 'a\x01b' }));
  assert.not.ok(isWritable([{ str: 'ok' }, { str: '\0' }]));
  assert.ok(isWritable({ str: 'tab\there\n' }));
});

const DISKS = [
  ['phy:/dev/vg/web,xvda,w', { spec: 'format=raw,vdev=xvda,access=rw,target=/dev/vg/web', deprecated: 'phy:' }],
  ['phy:sda1,sda1,r', { spec: 'format=raw,vdev=sda1,access=ro,target=/dev/sda1', deprecated: 'phy:' }],
  ['tap:aio:/srv/web.img,xvda,w', { spec: 'format=raw,vdev=xvda,access=rw,target=/srv/web.img', deprecated: 'tap:aio:' }],
  ['tap:qcow2:/srv/web.qcow2,xvda,w', { spec: 'format=qcow2,vdev=xvda,access=rw,target=/srv/web.qcow2', deprecated: 'tap:qcow2:' }],
  ['tap:sync:/srv/db.img,xvdb,w', { spec: 'format=raw,vdev=xvdb,access=rw,target=/srv/db.img', deprecated: 'tap:sync:' }],
  ['iscsi:iqn.2001-05.com.example:db,xvdc,w', { spec: 'vdev=xvdc,access=rw,script=block-iscsi,target=iqn.2001-05.com.example:db', deprecated: 'iscsi:' }],
  ['mydrbd:res0,xvdd,w', { spec: 'vdev=xvdd,access=rw,script=block-mydrbd,target=res0', deprecated: 'mydrbd:' }],
  ['phy:/dev/x,xvda,w,drvdom', { spec: 'format=raw,vdev=xvda,access=rw,backend=drvdom,target=/dev/x', deprecated: 'phy:' }],
  ['file:/iso/inst.iso,hdc:cdrom,r', { spec: 'format=raw,vdev=hdc,access=ro,devtype=cdrom,target=/iso/inst.iso', deprecated: 'file:' }],
  [',hdc:cdrom,r', { spec: ',hdc:cdrom,r' }],
  ['format=raw,vdev=xvda,access=rw,target=/dev/vg/web', { spec: 'format=raw,vdev=xvda,access=rw,target=/dev/vg/web' }],
  ['/dev/vg/web,raw,xvda,rw', { spec: '/dev/vg/web,raw,xvda,rw' }],
];
const REFUSED = ['phy:/dev/vg/db,xvda,w!', 'tap:vmdk:/srv/x.vmdk,xvda,w', 'tap:ram:/x,xvda,w', 'file:rel.img,xvda,w', 'phy:/dev/x,xvda,w,,x86_32-abi', 'phy:/dev/x ,xvda,w', '/dev/x,xvda,w'];

test('xlDiskSpec: xm disk strings in xl form', () => {
  for (const [xm, want] of DISKS) assert.equal(xlDiskSpec(xm), want, xm);
});
test('xlDiskSpec: what has no faithful xl form is refused with a reason', () => {
  for (const xm of REFUSED) assert.ok('error' in xlDiskSpec(xm), xm);
});
testIf(!missing, missing)('xlDiskSpec: libxlu parses every xl form', () => {
  const specs = DISKS.map(([, w]) => w.spec);
  parseDisksWithLibxlu(specs).forEach((d, i) => assert.is(d.rc, 0, `${specs[i]}: ${d.report}`));
});

test.run();
