// Differential test of the `rdm` option: our parseXlRdm against libxlutil's
// xlu_rdm_parse (Debian 4.17) on edge cases and generated strings (seeded),
// including its inverted policy test (a valid policy fails, an invalid one passes).
import * as assert from 'uvu/assert';
import { testIf } from '../tools.mjs';
import { assertAgree, libxluMissing, parseRdmsWithLibxlu } from './libxlu.mjs';
import { parseXlRdm } from '../../dist/src/model/xl-rdm.js';

const missing = libxluMissing();
const test = testIf(!missing, missing ?? '');

function agree(specs) {
  const ours = (spec) => {
    const o = parseXlRdm(spec);
    return { rc: o.ok ? 0 : 'fail', report: o.report, strategy: o.strategy, policy: o.policy };
  };
  assertAgree(specs, ours, parseRdmsWithLibxlu(specs).map((t) => ({ ...t, rc: t.rc === 0 ? 0 : 'fail' })), 'rdm');
}

test('edge cases: the inverted policy test, unknown options, trailing commas', () => {
  assert.ok(parseXlRdm('strategy=host').ok);
  assert.not.ok(parseXlRdm('strategy=host,policy=relaxed').ok);
  assert.ok(parseXlRdm('strategy=host,policy=lax').ok);
  agree(['strategy=host', 'strategy=host,policy=strict', 'strategy=host,policy=relaxed', 'policy=strict', 'strategy=none', 'strategy=host,policy=lax', '',
    'strategy=host,', 'strategy=Host', 'policy=relaxed,strategy=host', 'strategy=host,strategy=host', 'x=1', 'strategy', 'policy=STRICT', 'policy=invalid',
    'policy=lax', 'policy=lax,strategy=host', 'strategy=host=1', ' strategy=host', 'strategy=host ', 'a,strategy=host', 'strategy=,policy=x', 'policy=']);
});

test('2,000 generated rdm strings', () => {
  let s = 12;
  const r = () => ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296);
  const parts = ['strategy=host', 'strategy=x', 'policy=strict', 'policy=Relaxed', 'policy=lax', 'policy=', 'strategy=', 'x=1', '', 'strategy', '=', ' policy=strict'];
  const specs = [];
  for (let n = 0; n < 2000; n++) {
    const k = 1 + Math.floor(r() * 3);
    specs.push(Array.from({ length: k }, () => parts[Math.floor(r() * parts.length)]).join(','));
  }
  agree(specs);
});

test.run();
