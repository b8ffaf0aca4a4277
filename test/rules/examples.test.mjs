// Every rule's documented examples are run: each bad example must produce the
// rule's code, each good example must not. A new rule is tested by adding its file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rules } from '../../dist/rules/index.js';
import { lintExample } from './lint-example.mjs';

for (const rule of rules) {
  rule.docs.bad.forEach((example, i) => {
    test(`${rule.code} ${rule.name}: bad example ${i + 1} is reported`, () => {
      const codes = lintExample(example, rule).map((d) => d.code);
      assert.ok(codes.includes(rule.code), `expected ${rule.code}, got ${codes.join(', ') || 'nothing'}`);
    });
  });
  rule.docs.good.forEach((example, i) => {
    test(`${rule.code} ${rule.name}: good example ${i + 1} is clean`, () => {
      const found = lintExample(example, rule).filter((d) => d.code === rule.code);
      assert.equal(found.map((d) => d.message), []);
    });
  });
}

test.run();
