// xm simulator internals, in process: Python getopt emulation and the Opts
// loop, SXP atoms/layout/reader, and the create fast path agreeing with the
// project's domain-config compiler on the configs it accepts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getopt, optsParse } from './sim-opts.mjs';
import { atomText, prettySxp, readSxp } from './sim-sxp.mjs';
import { fastVars } from './sim-create.mjs';
import { compileDomainConfig } from '../../dist/src/model/domain-compile.js';

const err = (fn) => {
  try {
    fn();
  } catch (e) {
    return e.stderr ?? e.message;
  }
  return undefined;
};

test('getopt: long prefixes, exact match, ambiguity, arguments; short clusters', () => {
  assert.equal(getopt(['--liv', '-p8002', 'x'], 'lp:', ['live', 'port=']), { opts: [['--live', ''], ['-p', '8002']], rest: ['x'] });
  assert.equal(getopt(['--port', '1', '-lp', '2'], 'lp:', ['live', 'port=']).opts, [['--port', '1'], ['-l', ''], ['-p', '2']]);
  assert.equal(getopt(['--vncviewer'], '', ['vncviewer', 'vncviewer-autopass']).opts, [['--vncviewer', '']]);
  assert.throws(() => getopt(['--vnc'], '', ['vncviewer', 'vncviewer-autopass']), /not a unique prefix/);
  assert.throws(() => getopt(['--port'], '', ['port=']), /option --port requires argument/);
  assert.throws(() => getopt(['--live=1'], '', ['live']), /option --live must not have an argument/);
  assert.throws(() => getopt(['-z'], 'l', []), /option -z not recognized/);
  assert.equal(getopt(['a', '-l'], 'l', [], false).rest, ['a', '-l']);
  assert.equal(getopt(['a', '-l', '--', '-c'], 'l', [], true), { opts: [['-l', '']], rest: ['a', '-c'] });
});

test('Opts loop: options before, between and after positionals; KEY=VALUE words are vars', () => {
  const spec = [{ name: 'wait', short: 'w' }, { name: 'halt', short: 'H' }, { name: 'all', short: 'a' }];
  assert.equal(optsParse(['5', '--halt', '--wait'], spec, 'shutdown'), { vals: { halt: true, wait: true }, args: ['5'], vars: [] });
  assert.equal(optsParse(['-wH', 'web', 'x=1'], spec, 'shutdown').vars, [['x', '1']]);
  assert.is(err(() => optsParse(['web', '--bogus'], spec, 'shutdown')), 'Error: option --bogus not recognized\n');
});

test('atoms: bare when made of [A-Za-z0-9._:/~-], else Python 2 repr of the UTF-8 bytes', () => {
  assert.equal(['web-01', 'a+b', 'a b', "it's", 'x"y\'', 'été', '', 'tab\t'].map(atomText),
    ['web-01', "'a+b'", "'a b'", '"it\'s"', "'x\"y\\''", "'\\xc3\\xa9t\\xc3\\xa9'", '', "'tab\\t'"]);
  assert.is(atomText(42), '42');
});

test('layout: one line when it fits in 80 columns, else one child per line, 4 deeper', () => {
  assert.is(prettySxp(['device', ['vbd', ['uname', 'phy:hda1'], ['mode', 'w']]]), '(device (vbd (uname phy:hda1) (mode w)))\n');
  const long = ['domain', ['name', 'x'.repeat(60)], ['memory', 1], [['slot', 1], ['bus', 2]]];
  assert.is(prettySxp(long), `(domain\n    (name ${'x'.repeat(60)})\n    (memory 1)\n    ((slot 1) (bus 2))\n)\n`);
});

test('reader: quoted atoms and escapes come back as the original strings', () => {
  const names = ['db+1', "it's", 'été', 'a\\b', 'tab\there'];
  for (const n of names) assert.equal(readSxp(`(domain (name ${atomText(n)}) (x ()))`), ['domain', ['name', n], ['x', []]]);
  assert.is(readSxp('(domain (name x'), undefined);
});

test('create fast path: takes only literal configs, and agrees with the compiler on them', () => {
  const accepted = [
    'name = "web"\nmemory = 512\n',
    "# comment\nname='db' # trailing\nvcpus = 2\n\ndisk = [ 'phy:a,xvda,w', \"file:/b,xvdb,r\", ]\n",
    'kernel = "/boot/vmlinuz-2.6"\nextra = "console=hvc0 # not a comment"\n',
  ];
  for (const text of accepted) {
    const fast = fastVars(Buffer.from(text));
    assert.ok(fast, text);
    const model = compileDomainConfig(text, 'cfg');
    assert.equal(fast, new Map([...model.vars].map(([k, a]) => [k, a.value])), text);
  }
  const declined = ['name = "a" + "b"\n', 'name = "a\\x41"\n', '  name = "x"\n', 'name = "x"; memory = 1\n', 'name = "é"\n',
    'memory = 0100\n', 'print = 1\n', 'name = u"x"\n', 'name = "x"\r\n', 'name = (\n "x")\n', 'name = "a" "b"\n'];
  for (const text of declined) assert.is(fastVars(Buffer.from(text)), undefined, text);
});

test.run();
