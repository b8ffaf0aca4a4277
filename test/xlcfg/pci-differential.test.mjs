// Differential test of the PCI passthrough language: our parseXlPci against
// libxlutil's xlu_pci_parse_spec_string (Debian 4.17) on the spec's §10.3
// examples, edge cases of sscanf's %x, and thousands of generated specs (seeded).
import * as assert from 'uvu/assert';
import { testIf } from '../tools.mjs';
import { mulberry32 } from '../helpers.mjs';
import { assertAgree, libxluMissing, parsePcisWithLibxlu } from './libxlu.mjs';
import { parseXlPci } from '../../dist/src/model/xl-pci.js';

const missing = libxluMissing();
const test = testIf(!missing, missing ?? '');

/** What the harness prints, from our model: on failure only rc and report are compared (libxlu leaves the struct half-filled). */
function ours(spec) {
  const p = parseXlPci(spec);
  if (!p.ok) return { ok: false, report: p.report };
  return {
    ok: true, report: p.report, domain: p.domain, bus: p.bus, dev: p.dev, func: p.func, vdevfn: p.vdevfn, vfunc_mask: p.vfuncMask,
    permissive: +p.permissive, msitranslate: +p.msitranslate, seize: +p.seize, power_mgmt: +p.powerMgmt, rdm_policy: p.rdmPolicy, name: p.name,
  };
}

function theirsComparable(o) {
  if (o.rc !== 0) return { ok: false, report: o.report };
  const { rc, ...fields } = o;
  return { ok: true, ...fields };
}

/** Specs where libxlu reads an uninitialised %n (a BDF without its `.F`): xl's result is undefined, so they are left out. */
const defined = (specs) => specs.filter((s) => !parseXlPci(s).undefinedInC);

function agree(specs, label) {
  assertAgree(specs, ours, parsePcisWithLibxlu(specs).map(theirsComparable), label);
}

export const PCI_EXAMPLES = [
  '01:00.0', '0000:36:00.0@20,seize=1', '0000:36:00.0@1f,seize=1', 'bdf=36:00.*,permissive=1', 'name=gpu0', '36:00.*', '36:00.7', '36:00.8',
  ' 01:00.0', '01:00.0 ', '01: 00.0', '01:00. 1', '01:00', '01:00,x=1', '01:00.0,foo=1', '01:00.0,rdm_policy=STRICT', '01:00.0,rdm_policy=relaxed',
  '01:00.0,rdm_policy=invalid', '01:00.0,rdm_policy=lax', '0x1:0x2.0x', '1:2.0x', '1:2.0x5', '1:0x2.3', '100000001:00.0', 'ffff:ff:1f.7',
  '10000:00:00.0', '00:20.0', '100:00.0', '-1:00.0', '1:-0.0', '01:00.0,permissive', '01:00.0@', '01:00.0@-0', '01:00.0@0x1f', '01:00.0,',
  '01:00.0,,', '01:00.0,vslot=3', '01:00.0,vslot=20', 'vslot=3,bdf=01:00.1', 'bdf=01:00.1xyz', 'bdf=01:00', 'bdf=1:2:3:4.0', '1:2:3:4.0',
  '01:00.0,name=x', 'name=', 'name=a,name=b', 'bdf=01:00.0,bdf=02:00.0', '01:00.0,permissive=yes', '01:00.0,permissive=1x', '01:00.0,seize= 1',
  '01:00.0,power_mgmt=-1', '01:00.0,msitranslate=4294967296', '01:00.0,permissive = 1', '01:00.0, seize=1', '01:00.0,=1', '=', '', ',',
  'permissive=1', '01:00.0,seize=1,', 'A:B.C', 'a:b.c', ':00.0', '00:.0', '00:00.', '0:0:0.0', '::.0', 'g1:00.0', '01:00.0@1,seize=1@2',
  '01:00.0,permissive,seize=1', 'seize=1,01:00.0', '01:00.0\t', '01:00.*@3', '01:00.**', '01:00.+7', '0001:02:03.4,rdm_policy=,seize=1',
];

test('spec §10.3 examples and edge cases', () => {
  assert.equal(PCI_EXAMPLES.filter((s) => parseXlPci(s).undefinedInC), ['01:00', '01:00,x=1', 'bdf=01:00']);
  agree(defined(PCI_EXAMPLES), 'example');
});


const HEADS = ['01:00.0', '0000:36:00.1', '36:00.*', '1f:1f.7', 'ff:20.0', '10000:00:00.0', '0x1:2.3', '1: 2.3', ' 1:2.3', '1:2', '1:2:3', 'a:b.c', '', '1:2.3@4', '1:2.3@1f', '1:2.3@20', '1:2.3@x'];
const OPTIONS = ['seize=1', 'seize=0', 'permissive=1', 'permissive=yes', 'msitranslate=1', 'power_mgmt=1', 'rdm_policy=strict', 'rdm_policy=Relaxed',
  'rdm_policy=x', 'vslot=3', 'vslot=40', 'name=gpu', 'bdf=02:00.0', 'bdf=zz', 'foo=1', '=', 'seize', '', ' seize=1', 'seize =1', 'name=a b'];

test('3,000+ generated PCI specs', () => {
  const r = mulberry32(10);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const specs = [];
  for (let n = 0; n < 3600; n++) {
    const parts = [pick(HEADS)];
    const k = Math.floor(r() * 4);
    for (let i = 0; i < k; i++) parts.push(pick(OPTIONS));
    let spec = parts.join(',');
    if (r() < 0.1) spec = spec.slice(0, Math.floor(r() * spec.length));
    specs.push(spec);
  }
  const kept = defined(specs);
  assert.ok(kept.length >= 3000, `only ${kept.length} of ${specs.length} generated specs are defined in C`);
  agree(kept, 'generated');
});

test.run();
