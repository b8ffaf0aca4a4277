// JSON host state: our snapshot, `xl list -l` output, shape errors, and the
// JSON-or-SXP dispatch of parseStateAuto.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { parseStateAuto, parseStateJson } from '../../dist/src/plan/state.js';

const read = (p) => readFileSync(new URL(p, import.meta.url), 'utf8');
const XL = read('../fixtures/sxp/xl-list-long.json');

test('snapshot: {"domains":[…]} with optional fields', () => {
  const s = parseStateJson('{"domains":[{"id":3,"name":"web"},{"id":0,"name":"Domain-0","state":"r-----","memory":1024}]}', 's.json');
  assert.equal(s, {
    source: 'json',
    problems: [],
    domains: [
      { id: 3, name: 'web' },
      { id: 0, name: 'Domain-0', state: 'r-----', memory: 1024 },
    ],
  });
});

test('snapshot: extra keys (version, saved) are allowed', () => {
  const s = parseStateJson('{"version":1,"domains":[{"id":1,"name":"a","quotedName":false}],"saved":[]}', 's.json');
  assert.equal(s.problems, []);
  assert.equal(s.domains, [{ id: 1, name: 'a', quotedName: false }]);
});

test('xl list -l JSON: domid order, name from c_info, memory from target_memkb', () => {
  const s = parseStateJson(XL, 'xl.json');
  assert.equal(s.problems, []);
  assert.is(s.source, 'xl-json');
  assert.equal(
    s.domains.map((d) => [d.id, d.name, d.memory]),
    [
      [0, 'Domain-0', 1536],
      [2, 'web-01', 2048],
      [4, 'gpu01', 8192],
      [7, 'db+1', 4096],
    ],
  );
  assert.equal(parseStateJson('[]', 'x'), { domains: [], source: 'xl-json', problems: [] });
});

test('invalid shapes give clear messages', () => {
  const cases = [
    ['{"domains":[{"id":"3","name":"web"}]}', /invalid state snapshot: domains\[0\]\.id must be integer/],
    ['{"domains":[{"id":3}]}', /domains\[0\] must have required property 'name'/],
    ['{"domains":[{"id":-1,"name":"x"}]}', /domains\[0\]\.id must be >= 0/],
    ['{"domains":[{"id":1,"name":""}]}', /domains\[0\]\.name must NOT have fewer than 1 characters/],
    ['{"domains":{}}', /domains must be array/],
    ['[{"domid":1}]', /invalid xl list -l output: \[0\] must have required property 'config'/],
    ['[{"domid":1,"config":{"c_info":{}}}]', /\[0\]\.config\.c_info must have required property 'name'/],
    ['[1]', /\[0\] must be object/],
    ['{"vms":[]}', /unrecognised JSON state: expected \{"domains"/],
    ['"text"', /unrecognised JSON state/],
    ['null', /unrecognised JSON state/],
  ];
  for (const [text, re] of cases) {
    const s = parseStateJson(text, 'bad.json');
    assert.equal(s.domains, [], text);
    assert.ok(s.problems.length > 0, text);
    assert.match(s.problems.map((p) => p.message).join('\n'), re);
    for (const p of s.problems) assert.is(p.span?.file, 'bad.json');
  }
});

test('many schema errors are capped', () => {
  const text = JSON.stringify({ domains: Array.from({ length: 50 }, () => ({ id: 'x' })) });
  const s = parseStateJson(text, 'x');
  assert.is(s.problems.length, 11);
  assert.match(s.problems[10].message, /more schema errors/);
});

test('syntax errors point at the position', () => {
  const s = parseStateJson('{"domains":[\n  {"id":3,}\n]}', 'bad.json');
  assert.is(s.problems.length, 1);
  assert.match(s.problems[0].message, /^invalid JSON: /);
  assert.is(s.problems[0].span.start.line, 2);
  assert.is(parseStateJson('', 'e.json').problems.length, 1);
});

test('duplicate ids or names in JSON are reported', () => {
  const s = parseStateJson('{"domains":[{"id":3,"name":"a"},{"id":3,"name":"a"}]}', 'x');
  assert.is(s.domains.length, 2);
  assert.equal(s.problems.map((p) => p.message), ['domain id 3 is listed twice', 'domain name a is listed twice']);
});

test('BOM before JSON is accepted', () => {
  assert.equal(parseStateJson('\ufeff{"domains":[]}', 'x').problems, []);
  assert.equal(parseStateAuto('\ufeff  {"domains":[]}', 'x').source, 'json');
});

test('parseStateAuto: { or [ first means JSON, anything else SXP', () => {
  assert.is(parseStateAuto('  \n{"domains":[{"id":1,"name":"a"}]}', 'x').source, 'json');
  assert.is(parseStateAuto(XL, 'x').source, 'xl-json');
  const sxp = parseStateAuto('\n(domain (domid 1) (name a))', 'x');
  assert.is(sxp.source, 'sxp');
  assert.equal(sxp.domains, [{ id: 1, name: 'a', quotedName: false }]);
  assert.is(parseStateAuto('', 'x').source, 'sxp');
  assert.ok(parseStateAuto('', 'x').problems.length > 0);
});

test.run();
