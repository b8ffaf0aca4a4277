// docs/rules/ holds one generated page per rule, named as every diagnostic's url says,
// plus the index; `scripts/gen-rule-docs.mjs --check` fails when any is stale, missing or extra.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cli } from '../helpers.mjs';
import { rules } from '../../dist/rules/index.js';
import { ruleUrl } from '../../dist/src/lint/docs.js';

test('the pages are current (node scripts/gen-rule-docs.mjs regenerates them)', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/gen-rule-docs.mjs'), '--check'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
});

test("every rule's url names a page that exists, and the index links it", () => {
  const index = readFileSync(join(ROOT, 'docs/rules/README.md'), 'utf8');
  for (const rule of rules) {
    const url = ruleUrl(rule);
    assert.match(url, /^https:\/\/github\.com\/xendomains\/xendomains\/blob\/main\/docs\/rules\//);
    const page = url.split('/').pop();
    assert.ok(existsSync(join(ROOT, 'docs/rules', page)), page);
    assert.ok(index.includes(`| ${rule.code} | ${rule.severity} | ${rule.name} |`), rule.code);
    assert.ok(index.includes(`(${page})`), page);
  }
});

test('a page is what `xendomains explain` prints', () => {
  const rule = rules[0];
  const r = cli(['explain', rule.code]);
  assert.is(r.code, 0, r.stderr);
  const page = readFileSync(join(ROOT, 'docs/rules', ruleUrl(rule).split('/').pop()), 'utf8');
  assert.ok(r.stdout.startsWith(page), 'explain prints the page, then its url');
});

test.run();
