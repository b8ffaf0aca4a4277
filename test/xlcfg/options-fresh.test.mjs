// src/model/xl-options.ts is generated from the spec's options.json and
// xm-keys.json and committed (a build needs no spec): it must match them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.mjs';

const spec = join(ROOT, '../shared/spec/xl-cfg/options.json');

test('the committed xl option table is what the generator makes from the spec', () => {
  if (!existsSync(spec)) {
    console.log(`SKIP: ${spec} not found (../shared beside the checkout): freshness not checked`);
    return;
  }
  // Run the generator in a copy, so the check never rewrites the working tree.
  const dir = mkdtempSync(join(tmpdir(), 'xd-xlopt-'));
  try {
    mkdirSync(join(dir, 'scripts'));
    mkdirSync(join(dir, 'src/model'), { recursive: true });
    copyFileSync(join(ROOT, 'scripts/gen-xl-options.mjs'), join(dir, 'scripts/gen-xl-options.mjs'));
    const r = spawnSync(process.execPath, [join(dir, 'scripts/gen-xl-options.mjs'), spec], { encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    assert.fixture(readFileSync(join(dir, 'src/model/xl-options.ts'), 'utf8'), readFileSync(join(ROOT, 'src/model/xl-options.ts'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
