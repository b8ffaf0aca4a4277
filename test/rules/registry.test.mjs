// The rule folder is the registry: every XDnnnn-name.ts file is one rule whose
// code and name match its file name, with complete docs; the index is generated from it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers.mjs';
import { rules } from '../../dist/rules/index.js';
import { domainCompiler } from './lint-example.mjs';

const compileDomain = await domainCompiler();

const files = readdirSync(join(ROOT, 'rules')).filter((f) => /^XD\d{4}-.*\.ts$/.test(f)).sort();

test('rules/index.ts is generated from the folder and current', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/gen-rules-index.mjs'), '--check'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.is(rules.length, files.length);
});

test('each file holds the rule its name says', () => {
  files.forEach((file, i) => {
    const [, code, name] = /^(XD\d{4})-(.*)\.ts$/.exec(file);
    assert.is(rules[i].code, code, file);
    assert.is(rules[i].name, name, file);
  });
});

test('codes and names are unique, kebab-case, in their range', () => {
  assert.is(new Set(rules.map((r) => r.code)).size, rules.length);
  assert.is(new Set(rules.map((r) => r.name)).size, rules.length);
  for (const r of rules) {
    assert.match(r.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(['1', '2', '3', '4', '5', '9'].includes(r.code[2]), `${r.code} is in a defined range`);
    assert.ok(['error', 'warning', 'info', 'style'].includes(r.severity));
  }
});

test('every rule documents itself with a bad and a good example', () => {
  for (const r of rules) {
    assert.ok(r.docs.summary.length > 20, `${r.code} summary`);
    assert.ok(r.docs.rationale.length > 60, `${r.code} rationale`);
    assert.ok(r.docs.bad.length >= 1, `${r.code} bad example`);
    assert.ok(r.docs.good.length >= 1, `${r.code} good example`);
  }
});

const { compileXlConfig } = await import('../../dist/src/model/xlcfg-compile.js');

test('file-scoped rules read nothing but ctx.domains (lint workers run them without the host)', () => {
  const scoped = rules.filter((r) => r.scope === 'file');
  assert.ok(scoped.length >= 10, 'the XD11xx and XD30xx rules are file-scoped');
  for (const r of scoped) {
    let reported = 0;
    for (const example of [...r.docs.bad, ...r.docs.good].filter((e) => e.kind === 'domain')) {
      const domains = [{ file: example.file ?? 'example.cfg', text: example.text }, ...(example.others ?? [])]
        .map((e) => ((example.dialect ?? r.dialect) === 'xl' ? compileXlConfig(e.text, `etc/xen/auto/${e.file}`) : compileDomain(e.text, `etc/xen/auto/${e.file}`, { basename: e.file })));
      const ctx = new Proxy({ domains, report: () => reported++ }, {
        get(target, key) {
          if (key in target) return target[key];
          throw new Error(`${r.code} is scope 'file' but reads ctx.${String(key)}`);
        },
      });
      r.check(ctx);
    }
    assert.ok(reported > 0, `${r.code}'s bad examples give findings from ctx.domains alone`);
  }
});

test.run();
