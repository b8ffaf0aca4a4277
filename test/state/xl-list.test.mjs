// `xl list -l` as xl prints it (spec xl-xendomains.md §10.2, §4.5, X19): the
// captured example, the pre-4.17 `c_info.domid` variant, nested device names,
// Domain-0 and the xenstore domain without a comma after their name, and xl's
// SXP (`output_format="sxp"`), all read into the same domain list.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStateAuto } from '../../dist/src/plan/state.js';
import { ROOT } from '../helpers.mjs';

test('the captured examples/xl/xl-list.json: domid order, nested names kept apart', () => {
  const s = parseStateAuto(readFileSync(join(ROOT, 'examples/xl/xl-list.json'), 'utf8'), 'xl-list.json');
  assert.equal(s.problems, []);
  assert.is(s.source, 'xl-json');
  assert.equal(s.domains.map((d) => [d.id, d.name]), [[0, 'Domain-0'], [1, 'Xenstore'], [3, 'db'], [5, 'ga'], [6, 'scratch']]);
  assert.equal(s.domains.find((d) => d.name === 'ga').nestedNames, ['org.qemu.guest_agent.0']);
  assert.is(s.domains.find((d) => d.name === 'db').nestedNames, undefined);
  assert.is(s.domains.find((d) => d.name === 'db').memory, 2048);
});

test('Xen 4.14–4.16 (c_info.domid 4294967295 read by that script, X18): the element domid is the id', () => {
  const text = JSON.stringify([{ domid: 0, config: { c_info: { type: 'pv', name: 'Domain-0' } } }, { domid: 7, config: { c_info: { type: 'hvm', name: 'win', domid: 4294967295, uuid: 'u' }, pcidevs: [{ func: 0, name: 'gpu' }], vsnds: [{ pcms: [{ name: 'pcm0' }] }] } }], null, 4);
  const s = parseStateAuto(text, 'old.json');
  assert.equal(s.problems, []);
  assert.equal(s.domains.map((d) => [d.id, d.name, d.nestedNames ?? null]), [[0, 'Domain-0', null], [7, 'win', ['gpu', 'pcm0']]]);
});

test('output_format="sxp" (X19): tab-indented (domain …) blocks read by structure; device blocks do not count', () => {
  const sxp = ['(domain', '\t(domid 0)', '\t(create_info)', '\t(hvm 0)', '\t(name Domain-0)', '\t(build_info)', '\t(image', '\t\t(linux 0)', '\t)', ')',
    '(domain', '\t(domid 3)', '\t(create_info)', '\t(name web)', '\t(uuid 72304f52-bd37-4ebe-8170-101ec331ae22)', '\t(device', '\t\t(vbd', '\t\t\t(backend_domid 0)', '\t\t)', '\t)', ')', ''].join('\n');
  const s = parseStateAuto(sxp, 'xl-sxp');
  assert.equal(s.problems, []);
  assert.equal(s.domains.map((d) => [d.id, d.name]), [[0, 'Domain-0'], [3, 'web']]);
});

test('a damaged listing is a problem, never an empty host', () => {
  const s = parseStateAuto('[\n    {\n        "domid": 0,\n', 'cut.json');
  assert.ok(s.problems.length > 0);
  const noName = parseStateAuto(JSON.stringify([{ domid: 3, config: { c_info: { type: 'pv' } } }]), 'bad.json');
  assert.ok(noName.problems.length > 0);
});

test.run();
