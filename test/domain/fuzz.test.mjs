// Property test: random insertions, deletions and replacements in valid configs
// never make compileDomainConfig throw, and every span it reports lies inside the text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { compileDomainConfig } from '../../dist/src/model/domain-compile.js';
import { validateDomainVars } from '../../dist/src/model/domain-schema.js';

const BASES = [
  `# web server
name = "web-01"
memory = 512
maxmem = 1024
vcpus = 2
kernel = "/boot/vmlinuz-2.6.18-xen"
extra = 'console=hvc0 ' + "xencons=tty"
disk = [ 'phy:/dev/vg0/web-root,xvda,w',
         'file:/srv/xen/web-data.img,xvdb,w', ]
vif = [ 'mac=00:16:3e:00:00:01, bridge=xenbr0' ]
on_crash = 'restart'
`,
  `import os
arch = os.uname()[4]
def f(x):
    return x * 2
if arch == 'x86_64':
    memory = 1024
else:
    memory = 512
name = "VM%d" % vmid
cpus = "%s-%s" % (0, 3); vcpus = 4
t = (1,); d = {'a': [1, 2.5, None, True]}
s = r'\\d' u'\\u00e9' b'\\x41' '''tri
ple'''
n = 0755 + 0x1F * -2 ** 3 // 7 % 5 | 1 << 2
a = b = [1] * 3
a += (4,)
`,
  "a = 1\r\nb = '\\\r\n'\r\nc = [1,\r\n 2]\r\n",
];

const SPECIALS = ['(', ')', '[', ']', '{', '}', "'", '"', "'''", '"""', '\\', '\n', '\r\n', '\r', '#', ';', ',', ':', '=', '+=', '%', '*', '**',
  ' ', '\t', '\0', '\ufeff', '\ufffd', 'é', 'u', 'r', 'b', 'L', '0', '9', 'x', 'if ', 'def ', 'lambda', 'not ', '`', '@', '$', '.', '\\x', '\\u', '\\N{'];

const edit = fc.record({
  op: fc.constantFrom('insert', 'delete', 'replace'),
  pos: fc.nat(),
  len: fc.integer({ min: 1, max: 4 }),
  text: fc.oneof(fc.constantFrom(...SPECIALS), fc.string({ unit: 'binary', maxLength: 3 }), fc.string({ maxLength: 6 })),
});

function apply(text, edits) {
  let t = text;
  for (const e of edits) {
    const pos = e.pos % (t.length + 1);
    if (e.op === 'insert') t = t.slice(0, pos) + e.text + t.slice(pos);
    else if (e.op === 'delete') t = t.slice(0, pos) + t.slice(pos + e.len);
    else t = t.slice(0, pos) + e.text + t.slice(pos + e.len);
  }
  return t;
}

function checkSpan(span, text, what) {
  assert.ok(span && span.start && span.end, `${what}: span`);
  const { start, end } = span;
  assert.ok(start.offset >= 0 && start.offset <= text.length, `${what}: start ${start.offset} in 0..${text.length}`);
  assert.ok(end.offset >= start.offset && end.offset <= text.length, `${what}: end ${end.offset}`);
  assert.ok(start.line >= 1 && start.column >= 1 && end.line >= start.line, `${what}: line/column`);
}

function check(text) {
  const m = compileDomainConfig(text, '/etc/xen/auto/fuzz.cfg', { vmid: 1 });
  for (const p of m.problems) {
    checkSpan(p.span, text, `problem ${p.kind}: ${p.message}`);
    assert.ok(typeof p.message === 'string' && p.message.length > 0);
  }
  for (const a of m.assignments) {
    checkSpan(a.span, text, 'assignment');
    checkSpan(a.nameSpan, text, 'name');
    checkSpan(a.valueSpan, text, 'value');
    for (const s of a.elementSpans ?? []) checkSpan(s, text, 'element');
  }
  for (const c of m.comments) checkSpan(c.span, text, 'comment');
  for (const f of validateDomainVars(m)) checkSpan(f.span, text, 'schema');
  JSON.stringify([...m.vars.values()].map((a) => a.value));
}

test('mutated configs never throw and keep spans inside the text', () => {
  fc.assert(
    fc.property(fc.constantFrom(...BASES), fc.array(edit, { minLength: 1, maxLength: 8 }), (base, edits) => {
      check(apply(base, edits));
    }),
    { numRuns: 4000, seed: 20240601 },
  );
});

test('random text never throws', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => check(text)),
    { numRuns: 1500, seed: 7 },
  );
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...SPECIALS), { maxLength: 60 }), (parts) => check(parts.join(''))),
    { numRuns: 2500, seed: 11 },
  );
});

test.run();
