// The MACs in an xl config's facts come from lastPairOf, a one-key reading of
// a vif string; they must be exactly what parseVifSpec (which an xm config's
// facts use) finds: the last `mac=` pair, trimmed the same way, valid the same
// way, located at the same offsets — on hand-picked and generated vif strings,
// and through factsOf on compiled xl configs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mulberry32 } from '../helpers.mjs';
import { isMac, lastPairOf, parseVifSpec } from '../../dist/src/model/domain-values.js';
import { compileXlConfig } from '../../dist/src/model/xlcfg-compile.js';
import { factsOf } from '../../dist/src/lint/cross-file.js';

function byFullParse(s) {
  const spec = parseVifSpec(s);
  const pair = spec.pairs.filter((p) => p.key === 'mac').pop();
  return pair && { value: pair.value, valueStart: pair.valueStart, valueEnd: pair.valueEnd, valid: spec.mac?.valid ?? false };
}

function same(s) {
  const pair = lastPairOf(s, 'mac');
  assert.equal(pair && { ...pair, valid: isMac(pair.value) }, byFullParse(s), JSON.stringify(s));
}

test('hand-picked vif strings', () => {
  for (const s of ['', ' ', 'mac=00:16:3e:00:00:01', 'bridge=xenbr0', 'mac=00:16:3e:00:00:01,bridge=xenbr0', ' mac = 00:16:3E:00:00:0a , bridge=b',
    'mac=00:16:3e:00:00:01,mac=00:16:3e:00:00:02', 'mac=00:16:3e:00:00:01,mac=zz', 'mac', 'mac=', 'macaddr=00:16:3e:00:00:01', 'xmac=1,mac=2',
    'bridge=mac', 'mac=00:16:3e:00:00:01,', ',,mac=00:16:3e:00:00:01', '\tmac\t=\t00:16:3e:00:00:01\t', 'mac=0:16:3e:0:0:1', 'ip=mac=1',
    'mac=00:16:3e:00:00:01=x', 'mac=\u00a000:16:3e:00:00:01\u00a0']) same(s);
});

test('5,000 generated vif strings', () => {
  const r = mulberry32(4003);
  const pieces = ['mac', 'mac ', ' mac', 'MAC', 'bridge', 'ip', 'script', '=', '==', '00:16:3e:00:00:01', '00:16:3E:AB:CD:EF', 'zz', '', ' ', '\t', 'xenbr0', ',', ':'];
  for (let n = 0; n < 5000; n++) {
    let s = '';
    const k = 1 + Math.floor(r() * 10);
    for (let i = 0; i < k; i++) s += pieces[Math.floor(r() * pieces.length)];
    same(s);
  }
});

test("an xl config's facts: every valid MAC, in order, at the address", () => {
  const text = `name = "n"\nvif = [ 'mac=00:16:3e:00:00:01,bridge=xenbr0', 'bridge=xenbr1', ' mac = 00:16:3e:00:00:02 ', 'mac=zz', 'mac=x,mac=00:16:3e:00:00:03' ]\n`;
  const facts = factsOf(compileXlConfig(text, 'n.cfg'));
  const line = text.split('\n')[1];
  const at = (mac) => [mac, 2, line.indexOf(mac) + 1, line.indexOf(mac) + 1 + mac.length];
  assert.equal(facts.macs.map((m) => [m.value, m.span.start.line, m.span.start.column, m.span.end.column]), [at('00:16:3e:00:00:01'), at('00:16:3e:00:00:02'), at('00:16:3e:00:00:03')]);
});

test('a config without memory: libxl\'s 32 MiB on xl, xend\'s 128 MiB on xm (XD4103 sums them)', async () => {
  const { compileDomainConfig } = await import('../../dist/src/model/domain-compile.js');
  assert.is(factsOf(compileXlConfig('name = "a"\n', 'a.cfg')).memoryMiB, 32);
  assert.is(factsOf(compileDomainConfig("name = 'a'\n", 'a.cfg')).memoryMiB, 128);
  assert.is(factsOf(compileXlConfig('name = "a"\nmemory = 512\n', 'a.cfg')).memoryMiB, 512);
});

test.run();
