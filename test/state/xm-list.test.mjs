// parseXmListLong: which domains a captured `xm list -l` yields, in which
// order, and what it reports about damaged captures; sxpDisplayName.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { parseXmListLong, sxpDisplayName } from '../../dist/src/plan/state.js';
import { parseSxp } from '../../dist/grammar/sxp/parser.js';
import { generateXmListLong } from '../../bench/sxp-gen.mjs';
import { domainSxp, prettySxp } from '../sim/sim-sxp.mjs';

const read = (p) => readFileSync(new URL(p, import.meta.url), 'utf8');
const FIXTURE = read('../fixtures/sxp/xm-list-long.sxp');
const EXAMPLE = read('../../examples/state.sxp');

test('fixture: running domains in xend order, inactive dropped, PCI (domain 0x0000) ignored', () => {
  const s = parseXmListLong(FIXTURE, 'xm-list-long.sxp');
  assert.equal(s.problems, []);
  assert.is(s.source, 'sxp');
  assert.equal(
    s.domains.map((d) => [d.id, d.name]),
    [
      [0, 'Domain-0'],
      [7, 'db+1'],
      [4, 'gpu01'],
      [2, 'web-01'],
    ],
  );
  assert.equal(s.domains[1], { id: 7, name: 'db+1', quotedName: true, state: '-b----', memory: 4096 });
  assert.equal(s.domains[0], { id: 0, name: 'Domain-0', quotedName: false, state: 'r-----', memory: 1536 });
  assert.ok(!s.domains.some((d) => d.name === 'staging'), 'inactive managed domain has no domid');
});

test('the fixture really has the nested (domain 0x0000) and the inactive domain', () => {
  assert.match(FIXTURE, /^ {20}\(domain 0x0000\)$/m);
  assert.match(FIXTURE, /\(name staging\)/);
  assert.is(parseSxp(FIXTURE, 'x').forms.length, 5);
});

test('examples/state.sxp: the example host', () => {
  const s = parseXmListLong(EXAMPLE, 'examples/state.sxp');
  assert.equal(s.problems, []);
  assert.equal(
    s.domains.map((d) => `${d.id}:${d.name}:${d.state}`),
    ['0:Domain-0:r-----', '5:build:-b----', '3:mail:-b----', '1:web1:-b----', '2:web2:-b----'],
  );
  const names = s.domains.map((d) => d.name);
  const byteOrder = [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  assert.equal(names, byteOrder, 'xend prints in byte order of name');
});

test('captures follow xend\'s pretty-printer: nothing past column 80, 4-space steps', () => {
  for (const [name, text] of [['fixture', FIXTURE], ['example', EXAMPLE]]) {
    for (const line of text.split('\n')) {
      assert.ok(line.length <= 80, `${name}: ${line}`);
      assert.is((line.length - line.trimStart().length) % 4, 0, `${name}: ${line}`);
    }
  }
});

test('a one-line form (sxp.show, not pretty-printed) reads the same', () => {
  const s = parseXmListLong("(domain (domid 9) (name 'a b') (memory 512) (state -b----))", 'x');
  assert.equal(s.domains, [{ id: 9, name: 'a b', quotedName: true, state: '-b----', memory: 512 }]);
});

test('only direct children count: nested (name …) and (domid …) are ignored', () => {
  const s = parseXmListLong('(domain (device (vbd (domid 5) (name inner))) (domid 3) (name outer))', 'x');
  assert.equal(s.domains, [{ id: 3, name: 'outer', quotedName: false }]);
});

test('truncated capture: complete domains kept, the cut one not guessed, a problem reported', () => {
  const cut = EXAMPLE.slice(0, EXAMPLE.indexOf('(name mail)') + '(name ma'.length);
  const s = parseXmListLong(cut, 'cut.sxp');
  assert.equal(s.domains.map((d) => d.name), ['Domain-0', 'build']);
  assert.ok(s.problems.some((p) => /not closed/.test(p.message)));
  assert.ok(s.problems.some((p) => /\(name …\) should hold exactly one atom/.test(p.message)));
  // Cut after the name: the domain is complete enough to be listed (and still flagged).
  const cut2 = EXAMPLE.slice(0, EXAMPLE.indexOf('(name mail)') + '(name mail)'.length);
  const s2 = parseXmListLong(cut2, 'cut.sxp');
  assert.equal(s2.domains.map((d) => d.name), ['Domain-0', 'build', 'mail']);
  assert.ok(s2.problems.length > 0);
});

test('empty or non-SXP input is a problem, never a throw', () => {
  for (const text of ['', '\n\n', 'Error: Unable to connect to xend: No such file or directory. Is xend running?\n']) {
    const s = parseXmListLong(text, 'x');
    assert.equal(s.domains, []);
    assert.ok(s.problems.some((p) => /no \(domain …\) forms/.test(p.message)), text);
  }
  const bin = parseXmListLong('\u0000\u0001ELF\u0002', 'x');
  assert.ok(bin.problems.some((p) => /binary data/.test(p.message)));
});

test('foreign top-level forms and atoms are reported, domains still read', () => {
  const s = parseXmListLong('(vm (name x))\n(domain (domid 0) (name Domain-0))\n(domain (domid 1) (name a))\nstray', 'x');
  assert.equal(s.domains.map((d) => d.name), ['Domain-0', 'a']);
  assert.equal(s.problems.length, 2);
  assert.match(s.problems[0].message, /unexpected form \("vm" …\)/);
  assert.is(s.problems[0].span.start.line, 1);
  assert.match(s.problems[1].message, /unexpected atom "stray"/);
});

test('bad fields: non-numeric domid, missing name, duplicates, domain listed twice', () => {
  const s = parseXmListLong(
    [
      '(domain (domid x1) (name a))',
      '(domain (domid 2))',
      '(domain (domid 3) (name b) (name c))',
      '(domain (domid 4) (name (x)))',
      '(domain (domid 5) (name b))',
      '(domain (domid 5) (name d) (memory lots))',
    ].join('\n'),
    'x',
  );
  assert.equal(s.domains.map((d) => [d.id, d.name]), [[3, 'b'], [5, 'b'], [5, 'd']]);
  assert.is(s.domains[2].memory, undefined);
  const messages = s.problems.map((p) => p.message).join('\n');
  assert.match(messages, /domid "x1" is not a non-negative integer/);
  assert.match(messages, /domain with id 2 has no name/);
  assert.match(messages, /duplicate \(name …\) in one domain/);
  assert.match(messages, /\(name …\) should hold exactly one atom/);
  assert.match(messages, /domain id 5 is listed twice/);
  assert.match(messages, /domain name b is listed twice/);
  for (const p of s.problems) assert.ok(p.span, p.message);
  const twice = s.problems.find((p) => /id 5 is listed twice/.test(p.message));
  assert.is(twice.span.start.line, 6, 'points at the second domain');
});

test('junk at top level: a few problems, then a count', () => {
  const s = parseXmListLong('a b c d e f g h i j k l m n\n(domain (domid 0) (name Domain-0))\n(domain (domid 1) (name x))', 'x');
  assert.equal(s.domains.map((d) => d.name), ['Domain-0', 'x']);
  assert.is(s.problems.length, 11);
  assert.match(s.problems[10].message, /^4 more unexpected top-level forms not shown/);
});

test('5,000 domains (bench generator): all read, in order', () => {
  const s = parseXmListLong(generateXmListLong(5000), 'big.sxp');
  assert.equal(s.problems, []);
  assert.is(s.domains.length, 5001);
  assert.equal(s.domains[0], { id: 0, name: 'Domain-0', quotedName: false, state: 'r-----', memory: 2048 });
  assert.equal(s.domains[5000].name, 'vm05000');
});

test('sxpDisplayName: bare or Python repr, as xend prints', () => {
  assert.is(sxpDisplayName('web-01'), 'web-01');
  assert.is(sxpDisplayName('Domain-0'), 'Domain-0');
  assert.is(sxpDisplayName('a.b:c/d~e_f'), 'a.b:c/d~e_f');
  assert.is(sxpDisplayName('db+1'), "'db+1'");
  assert.is(sxpDisplayName('a b'), "'a b'");
  assert.is(sxpDisplayName("it's"), `"it's"`);
  assert.is(sxpDisplayName(`it's "x"`), `'it\\'s "x"'`);
  assert.is(sxpDisplayName('a\\b'), "'a\\\\b'");
  assert.is(sxpDisplayName('tab\there\n'), "'tab\\there\\n'");
  assert.is(sxpDisplayName('été'), "'\\xc3\\xa9t\\xc3\\xa9'");
  assert.is(sxpDisplayName('\u0001\u007f'), "'\\x01\\x7f'");
});

test('sxpDisplayName round-trips through the parser (name and quotedName)', () => {
  for (const name of ['web', 'db+1', "it's", `both ' and "`, 'back\\slash', 'nl\nx', 'été', '日本', '😀', 'a(b)c', ';x']) {
    const s = parseXmListLong(`(domain (domid 0) (name Domain-0))(domain (domid 4) (name ${sxpDisplayName(name)}))`, 'x');
    assert.equal(s.problems, [], name);
    assert.equal(s.domains[1], { id: 4, name, quotedName: sxpDisplayName(name) !== name }, name);
  }
});

test('a listing cut anywhere (the last 1 MiB a capped reader kept, or a cut on a `(domain` boundary) never parses as a smaller host', () => {
  // A realistic listing as the simulator prints it: xend's layout, several KB per domain.
  const doms = [{ id: 0, name: 'Domain-0', memory: 1024, state: 'r-----' }];
  for (let i = 1; i <= 300; i++) doms.push({ id: i, name: `vm${String(i).padStart(4, '0')}` });
  const full = doms.map((d) => prettySxp(domainSxp(d, 4000))).join('');
  assert.ok(full.length > 1 << 20);
  const whole = parseXmListLong(full, 'x');
  assert.equal(whole.problems, []);
  assert.is(whole.domains.length, 301);
  // What the old runner kept: the last 1 MiB, starting mid-domain.
  assert.ok(parseXmListLong(full.slice(full.length - (1 << 20)), 'x').problems.length > 0, 'tail cut');
  // Cuts on a `(domain` boundary leave balanced SXP: the first domains or the last ones are missing.
  const starts = [...full.matchAll(/^\(domain$/gm)].map((m) => m.index);
  for (const at of starts.slice(1)) {
    const tail = parseXmListLong(full.slice(at), 'x');
    assert.ok(tail.problems.some((p) => /no Domain-0/.test(p.message)), `cut before ${at}`);
  }
  // Cuts inside the last domains: never a complete-looking listing. (A cut that keeps the head and ends
  // exactly after a domain's `)` is complete SXP with the last domains missing: no structure can tell,
  // which is why the runner never cuts: test/host/process.test.mjs.)
  const end = full.trimEnd().length;
  for (let at = end - 1; at > end - 20000; at -= 97) {
    const head = parseXmListLong(full.slice(0, at), 'x');
    assert.ok(head.problems.length > 0, `cut at ${at}`);
  }
});

test.run();
