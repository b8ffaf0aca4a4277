import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { json } from '../../dist/src/report/json.js';
import { report, NASTY, SYSCONFIG, DOMAIN } from './fixture.mjs';

const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const url = (code) => `https://xendomains.example/rules/${code}`;

test('json: exactly the documented shape, key order included', () => {
  const text = json(report(), { color: true });
  const parsed = JSON.parse(text);
  assert.equal(parsed, {
    version: 1,
    diagnostics: [
      { file: SYSCONFIG, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'info', code: 'XD9001', name: 'file-note', message: 'whole-file note', url: url('XD9001') },
      { file: SYSCONFIG, line: 3, column: 21, endLine: 3, endColumn: 26, severity: 'warning', code: 'XD2003', name: 'restore-not-boolean', message: NASTY, url: url('XD2003') },
      { file: DOMAIN, line: 1, column: 1, endLine: 2, endColumn: 7, severity: 'style', code: 'XD3999', name: 'unregistered', message: 'spans two lines', url: url('XD3999') },
      { file: DOMAIN, line: 1, column: 8, endLine: 1, endColumn: 16, severity: 'error', code: 'XD3001', name: 'bad-name', message: 'domain name "wéb-日本" is not a safe file name', url: url('XD3001') },
    ],
    summary: { errors: 1, warnings: 1, infos: 1, styles: 1, files: 3 },
  });
  assert.equal(Object.keys(parsed), ['version', 'diagnostics', 'summary']);
  assert.equal(Object.keys(parsed.diagnostics[0]), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'name', 'message', 'url']);
  assert.equal(Object.keys(parsed.summary), ['errors', 'warnings', 'infos', 'styles', 'files']);
  // Pretty-printed with two spaces and a trailing newline.
  assert.is(text, JSON.stringify(parsed, null, 2) + '\n');
  assert.ok(text.startsWith('{\n  "version": 1,\n  "diagnostics": [\n    {\n      "file": '));
});

test('json: output validates against schema/report.schema.json', () => {
  for (const r of [report(), report({ diagnostics: [], fileCount: 0 })]) {
    const ok = validate(JSON.parse(json(r, { color: false })));
    assert.ok(ok, JSON.stringify(validate.errors));
  }
});

test('json: empty report still prints the document with zero counts', () => {
  assert.equal(JSON.parse(json(report({ diagnostics: [] }), { color: false })), {
    version: 1,
    diagnostics: [],
    summary: { errors: 0, warnings: 0, infos: 0, styles: 0, files: 3 },
  });
});

test('schema: rejects documents that break the contract', () => {
  const good = JSON.parse(json(report(), { color: false }));
  const broken = [
    (d) => (d.version = 2),
    (d) => (d.diagnostics[0].code = 'SC2086'),
    (d) => (d.diagnostics[0].code = 'XD123'),
    (d) => (d.diagnostics[0].severity = 'fatal'),
    (d) => (d.diagnostics[0].line = 0),
    (d) => (d.diagnostics[0].column = 1.5),
    (d) => (d.diagnostics[0].name = 'Not_Kebab'),
    (d) => delete d.diagnostics[0].url,
    (d) => delete d.diagnostics[0].endColumn,
    (d) => (d.diagnostics[0].extra = true),
    (d) => delete d.summary.styles,
    (d) => (d.summary.errors = -1),
    (d) => (d.extra = 1),
  ];
  for (const [i, breakIt] of broken.entries()) {
    const doc = structuredClone(good);
    breakIt(doc);
    assert.not.ok(validate(doc), `mutation ${i} should be rejected`);
  }
});

test.run();
