import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { sarif, artifactLocation } from '../../dist/src/report/sarif.js';
import { LineIndex } from '../../dist/src/model/span.js';
import { report, NASTY } from './fixture.mjs';

// test/fixtures/sarif-2.1.0.schema.json is the SARIF 2.1.0 (rtm.5) JSON schema
// exactly as shipped in the npm package @microsoft/jest-sarif@1.0.0-beta.0
// (lib/schemas/sarif-2.1.0-rtm.5.json). It is draft-04; the only draft-04-only
// keyword it uses is the root `id` (no boolean exclusiveMinimum/Maximum), so it is
// validated here with ajv's draft-07 engine after renaming that one keyword.
const raw = JSON.parse(readFileSync(new URL('../fixtures/sarif-2.1.0.schema.json', import.meta.url), 'utf8'));
const { $schema: _draft04, id, ...rest } = raw;
assert.ok(String(_draft04).includes('draft-04') && id, 'vendored schema is the draft-04 SARIF schema');
// unicodeRegExp: false because this schema's `language` pattern has a stray ']'
// that only non-unicode regexes accept; strict: false because it is not our schema.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
// The schema's formats, checked for real: our URIs are exactly what GitHub parses.
ajv.addFormat('uri', (s) => /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(s) && URL.canParse(s));
ajv.addFormat('uri-reference', (s) => !/%(?![0-9A-Fa-f]{2})|[^\x21-\x7e]/.test(s) && URL.canParse(s, 'file:///src/'));
ajv.addFormat('date-time', (s) => !Number.isNaN(Date.parse(s)));
const validateSarif = ajv.compile({ ...rest, $id: id });

const parse = (r) => JSON.parse(sarif(r, { color: false }));

test('sarif: valid against the SARIF 2.1.0 schema (and the validator does reject)', () => {
  for (const r of [report(), report({ diagnostics: [] })]) {
    const log = parse(r);
    assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors, null, 1));
  }
  const bad = parse(report());
  delete bad.runs[0].results[0].message;
  assert.not.ok(validateSarif(bad));
  const badUri = parse(report());
  badUri.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'has space';
  assert.not.ok(validateSarif(badUri));
});

test('sarif: GitHub code scanning requirements', () => {
  const r = report();
  const log = parse(r);
  assert.is(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.is(log.version, '2.1.0');
  assert.is(log.runs.length, 1);
  const [run] = log.runs;
  assert.is(run.columnKind, 'utf16CodeUnits');
  assert.is(run.tool.driver.name, 'xendomains');
  assert.is(run.tool.driver.version, '0.1.0');
  assert.is(run.tool.driver.informationUri, 'https://xendomains.example/rules/');
  const rules = run.tool.driver.rules;
  // Every registered rule is listed (in order), plus a stand-in for an unregistered code.
  assert.equal(rules.map((x) => x.id), ['XD2003', 'XD3001', 'XD4001', 'XD9001', 'XD3999']);
  for (const rule of rules) {
    for (const key of ['shortDescription', 'fullDescription', 'help']) assert.type(rule[key].text, 'string', `${rule.id} ${key}`);
    assert.ok(rule.fullDescription.text.length > 0);
    assert.type(rule.help.markdown, 'string');
    assert.ok(rule.helpUri.startsWith('https://'));
    assert.ok(Array.isArray(rule.properties.tags) && rule.properties.tags.length <= 10);
  }
  const xd2003 = rules[0];
  assert.is(xd2003.name, 'restore-not-boolean');
  assert.is(xd2003.shortDescription.text, 'XENDOMAINS_RESTORE must be true or false');
  // Summary plus the first paragraph of the "Why" section, newlines folded.
  assert.is(xd2003.fullDescription.text, 'XENDOMAINS_RESTORE must be true or false. The reference script tests the value with `= "true"`, so anything else silently disables restore.');
  // No "Why" section: the summary alone.
  assert.is(rules[1].fullDescription.text, 'Domain name is not a safe file name');
  assert.is(xd2003.help.markdown, r.rules[0].docs.trim());
  assert.is(xd2003.help.text, r.rules[0].docs.trim());
  assert.is(xd2003.helpUri, r.rules[0].url);
  assert.equal(rules.map((x) => x.defaultConfiguration.level), ['warning', 'error', 'error', 'note', 'note']);
  assert.equal(xd2003.properties.tags, ['xendomains', 'sysconfig']);

  assert.is(run.results.length, r.diagnostics.length);
  run.results.forEach((res, i) => {
    const d = r.diagnostics[i];
    assert.is(res.ruleId, d.code);
    assert.is(rules[res.ruleIndex].id, res.ruleId);
    assert.is(res.message.text, d.message);
    assert.is(res.locations.length, 1);
    const { region } = res.locations[0].physicalLocation;
    for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(Number.isInteger(region[key]) && region[key] >= 1, key);
    assert.ok(region.endLine > region.startLine || region.endColumn > region.startColumn, 'non-empty region');
    assert.type(Object.values(res.partialFingerprints)[0], 'string');
  });
  assert.equal(run.results.map((x) => x.level), ['note', 'warning', 'note', 'error']);
  assert.is(run.results[1].message.text, NASTY);
});

test('sarif: regions are 1-based with exclusive end; zero-width spans widened to one character', () => {
  const regions = parse(report()).runs[0].results.map((x) => x.locations[0].physicalLocation.region);
  assert.equal(regions, [
    { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 }, // zero-width at 1:1 → covers '#'
    { startLine: 3, startColumn: 21, endLine: 3, endColumn: 26 }, // "maybe" after a tab (tab = 1 column)
    { startLine: 1, startColumn: 1, endLine: 2, endColumn: 7 },
    { startLine: 1, startColumn: 8, endLine: 1, endColumn: 16 },
  ]);
  // Nothing to widen over (empty line): stays an insertion point, still valid.
  const idx = new LineIndex('empty', '');
  const r = report({ sources: new Map([['empty', '']]) });
  const d = { ...r.diagnostics[0], span: idx.span(0, 0) };
  const log = parse({ ...r, diagnostics: [d] });
  assert.equal(log.runs[0].results[0].locations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  assert.ok(validateSarif(log));
  // An astral character is two UTF-16 columns.
  const idx2 = new LineIndex('emoji', '😀=1');
  const d2 = { ...r.diagnostics[0], span: idx2.span(0, 0) };
  const log2 = parse({ ...r, sources: new Map([['emoji', '😀=1']]), diagnostics: [d2] });
  assert.is(log2.runs[0].results[0].locations[0].physicalLocation.region.endColumn, 3);
});

test('sarif: artifact URIs — relative to %SRCROOT%, forward slashes, percent-encoded', () => {
  assert.equal(artifactLocation('etc/xen/auto/wéb 1,a.cfg'), { uri: 'etc/xen/auto/w%C3%A9b%201,a.cfg', uriBaseId: '%SRCROOT%' });
  assert.equal(artifactLocation('./hosts\\dom0\\x#1?%.cfg'), { uri: 'hosts/dom0/x%231%3F%25.cfg', uriBaseId: '%SRCROOT%' });
  // A colon in the first segment would make it look like a URI scheme.
  assert.equal(artifactLocation('a:b/c:d'), { uri: 'a%3Ab/c:d', uriBaseId: '%SRCROOT%' });
  assert.equal(artifactLocation('../shared/x.cfg'), { uri: '../shared/x.cfg', uriBaseId: '%SRCROOT%' });
  assert.equal(artifactLocation('/etc/sysconfig/xen domains'), { uri: 'file:///etc/sysconfig/xen%20domains' });
  assert.equal(artifactLocation('C:\\xen\\a.cfg'), { uri: 'file:///C:/xen/a.cfg' });
  assert.equal(artifactLocation('bad\ud800name'), { uri: 'bad%EF%BF%BDname', uriBaseId: '%SRCROOT%' });
  for (const file of ['etc/xen/auto/wéb 1,a.cfg', '/etc/sysconfig/xen domains', 'a:b/c:d']) {
    const r = report();
    const d = { ...r.diagnostics[0], span: { ...r.diagnostics[0].span, file } };
    assert.ok(validateSarif(parse({ ...r, diagnostics: [d] })), file);
  }
});

test('sarif: fingerprints follow the line text, not its number, and separate duplicates', () => {
  const text = 'A=1\nXENDOMAINS_RESTORE=maybe\n';
  const shifted = '# new comment\n' + text;
  const make = (src) => {
    const idx = new LineIndex('f', src);
    const start = src.indexOf('maybe');
    const base = report().diagnostics[1];
    const d = { ...base, span: idx.span(start, start + 5) };
    return parse(report({ sources: new Map([['f', src]]), diagnostics: [d, d] })).runs[0].results.map((x) => x.partialFingerprints);
  };
  const [a1, a2] = make(text);
  const [b1] = make(shifted);
  assert.equal(a1, b1);
  assert.is.not(Object.values(a1)[0], Object.values(a2)[0]);
  const other = make('A=1\nXENDOMAINS_RESTORE=perhaps maybe\n')[0];
  assert.is.not(Object.values(other)[0], Object.values(a1)[0]);
});

test('sarif: semanticVersion only for a real semver', () => {
  assert.is(parse(report()).runs[0].tool.driver.semanticVersion, '0.1.0');
  const dev = parse(report({ toolVersion: 'git-abc123' })).runs[0].tool.driver;
  assert.is(dev.version, 'git-abc123');
  assert.is(dev.semanticVersion, undefined);
});

test.run();
