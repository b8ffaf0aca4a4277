// Where findings link to: the rule pages in the repository package.json names
// (configurable with XENDOMAINS_DOCS_URL or the rc key docsUrl), listed once
// under stylish output; `rules --format json`; SARIF relatedLocations for the
// first config of a duplicate name, uuid or MAC.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { cli, tmpHost, cleanup, ROOT } from '../helpers.mjs';
import { DOCS_BASE } from '../../dist/src/lint/docs.js';

test("the default rule-page URL is in package.json's repository", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  assert.ok(DOCS_BASE.startsWith(`${repo}/`), `${DOCS_BASE} is not under ${repo}`);
});

test('stylish lists each rule page once, after the summary', () => {
  const r = cli(['lint', '--root', 'examples']);
  const tail = r.stdout.slice(r.stdout.indexOf('✖'));
  assert.match(tail, /Rule pages \(or `xendomains explain CODE`\):\n {2}XD4003\/duplicate-mac {2}https:\/\/\S+\/XD4003-duplicate-mac\.md\n/);
  assert.is(tail.match(/XD4003-duplicate-mac\.md/g).length, 1);
});

test('XENDOMAINS_DOCS_URL and the rc key docsUrl move every link', () => {
  const env = cli(['lint', '--root', 'examples', '--format', 'json'], { env: { XENDOMAINS_DOCS_URL: 'https://docs.example/xd/' } });
  for (const d of JSON.parse(env.stdout).diagnostics) assert.is(d.url, `https://docs.example/xd/${d.code}-${d.name}.md`);
  const root = tmpHost({
    'etc/sysconfig/xendomains': readFileSync(join(ROOT, 'examples/etc/sysconfig/xendomains')),
    '.xendomainsrc.json': JSON.stringify({ docsUrl: 'https://intranet.example/rules' }),
  });
  const rc = cli(['lint', '--root', root, '--format', 'sarif']);
  const sarif = JSON.parse(rc.stdout);
  assert.ok(sarif.runs[0].tool.driver.rules.every((r) => r.helpUri.startsWith('https://intranet.example/rules/')));
  const bad = tmpHost({ 'etc/sysconfig/xendomains': '', '.xendomainsrc.json': JSON.stringify({ docsUrl: 'ftp://x' }) });
  assert.is(cli(['lint', '--root', bad]).code, 4);
});

test('rules --format json: every rule, versioned, valid against schema/rules.schema.json', () => {
  const r = cli(['rules', '--format', 'json']);
  assert.is(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(ROOT, 'schema/rules.schema.json'), 'utf8')));
  assert.ok(validate(doc), JSON.stringify(validate.errors));
  const text = cli(['rules']).stdout.trim().split('\n');
  assert.equal(doc.rules.map((x) => x.code), text.map((line) => line.split(/\s+/)[0]));
});

test('SARIF: a duplicate MAC points at the first config too (relatedLocations)', () => {
  const sarif = JSON.parse(cli(['lint', '--root', 'examples', '--format', 'sarif']).stdout);
  const mac = sarif.runs[0].results.find((x) => x.ruleId === 'XD4003');
  assert.match(mac.locations[0].physicalLocation.artifactLocation.uri, /web2\.cfg$/);
  assert.is(mac.relatedLocations.length, 1);
  assert.match(mac.relatedLocations[0].physicalLocation.artifactLocation.uri, /web1\.cfg$/);
  assert.is(mac.relatedLocations[0].physicalLocation.region.startLine, 10);
  assert.match(mac.relatedLocations[0].message.text, /first used here/);
});

test.after(cleanup);
test.run();
