// `npm pack`: the package holds the CLI bundle, its code cache, the schemas, the man page,
// contrib/ and the README, and none of the sources, tests or benches; the bundle needs
// nothing but Node's built-ins, so the unpacked package runs with no node_modules at all.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cleanup, tmpHost } from '../helpers.mjs';

const dest = tmpHost();
// --ignore-scripts: `prepare` would rebuild; the tests run against the current build.
const packed = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], { cwd: ROOT, encoding: 'utf8' });
const info = packed.status === 0 ? JSON.parse(packed.stdout)[0] : undefined;
const paths = info ? info.files.map((f) => f.path) : [];
const mode = (path) => info.files.find((f) => f.path === path)?.mode;

test('npm pack succeeds', () => {
  assert.is(packed.status, 0, packed.stderr);
  assert.is(info.name, 'xendomains');
});

test('includes the bundle, code cache, schemas, man page, contrib and README', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const p of [
    'package.json',
    'README.md',
    'dist/bin/xendomains.cjs',
    'dist/bin/cli.cjs',
    'dist/bin/cli.cjs.cache',
    'man/xendomains.8',
    'contrib/xendomains.service',
    'contrib/init.d/xendomains',
    'contrib/ci/github-actions.yml',
    'contrib/ci/gitlab-ci.yml',
    pkg.bin.xendomains,
    ...pkg.man.map((m) => m.replace(/^\.\//, '')),
  ]) {
    assert.ok(paths.includes(p), `packed: ${p}`);
  }
  for (const schema of ['sysconfig', 'domain', 'plan', 'report', 'rc']) assert.ok(paths.includes(`schema/${schema}.schema.json`), schema);
  assert.ok(mode('dist/bin/xendomains.cjs') & 0o111, 'the bin is executable');
  assert.ok(mode('contrib/init.d/xendomains') & 0o111, 'the init script is executable');
});

test("package.json's main and types are in the package (src/index.ts, the programmatic API)", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const missing = [pkg.main, pkg.types].filter((p) => !paths.includes(p));
  assert.equal(missing, [], `not packed: ${missing.join(', ')} (is src/index.ts written and built?)`);
});

test('excludes sources, tests, benches and node_modules', () => {
  const bad = paths.filter(
    (p) =>
      /^(test|bench|node_modules|scripts|src|grammar|spec)\//.test(p) ||
      /(^|\/)node_modules\//.test(p) ||
      (/\.ts$/.test(p) && !/\.d\.ts$/.test(p)) ||
      /^rules\/.*\.ts$/.test(p) ||
      /\.tgz$/.test(p),
  );
  assert.equal(bad, []);
});

test("the bundle requires only Node's built-ins", () => {
  const builtins = new Set(builtinModules);
  for (const file of ['dist/bin/cli.cjs', 'dist/bin/xendomains.cjs']) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    // A require right after a quote is code held in a string (ajv's code generator), not a call.
    const called = [...text.matchAll(/(^|[^'"`\w$])require\((["'])([^"']+)\2\)/g)].map((m) => m[3]);
    assert.ok(called.length > 0, file);
    const foreign = called.filter((id) => !builtins.has(id.replace(/^node:/, '')));
    assert.equal(foreign, [], `${file} requires ${foreign.join(', ')}`);
  }
});

test('the unpacked package runs with no node_modules', () => {
  const dir = tmpHost();
  const tar = spawnSync('tar', ['-xzf', join(dest, info.filename), '-C', dir], { encoding: 'utf8' });
  assert.is(tar.status, 0, tar.stderr);
  const bin = join(dir, 'package/dist/bin/xendomains.cjs');
  // NODE_PATH empty and cwd outside the repo: nothing to resolve a package from.
  const env = { PATH: process.env.PATH, NO_COLOR: '1', NODE_PATH: '' };
  const run = (...args) => spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: 'utf8' });
  const rules = run('rules');
  assert.is(rules.status, 0, rules.stderr);
  assert.match(rules.stdout, /^XD1001 /);
  const lint = run('lint', '--root', join(ROOT, 'examples'), '-f', 'json');
  assert.is(lint.status, 1, lint.stderr); // the examples hold one error on purpose
  assert.ok(JSON.parse(lint.stdout).diagnostics.length > 0);
  const plan = run('plan', 'stop', '--root', join(ROOT, 'examples'), '--state', join(ROOT, 'examples/state.sxp'), '-q');
  assert.is(plan.status, 0, plan.stderr);
  assert.is(run('systemd-unit', '--generic').stdout, readFileSync(join(dir, 'package/contrib/xendomains.service'), 'utf8'));
});

test.after(cleanup);
test.run();
