// Lint on worker threads (a large XENDOMAINS_AUTO, or XENDOMAINS_LINT_WORKERS=N)
// must say exactly what lint on one thread says: the same findings, suppressions,
// unused directives, code frames, file count and exit code, whichever thread read
// which config — including cross-file findings between configs in different slices.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, cli, CLI, ROOT, SAMPLE_SYSCONFIG, tmpHost } from '../helpers.mjs';

const cfg = (i, extra = '') => `name = "vm${String(i).padStart(3, '0')}"
memory = 512
vif = [ 'mac=00:16:3e:00:01:${(i % 256).toString(16).padStart(2, '0')},bridge=xenbr0' ]
${extra}`;

/** 60 entries in glob order, with findings of every kind spread over the listing. */
function host() {
  const files = { 'etc/sysconfig/xendomains': readFileSync(SAMPLE_SYSCONFIG, 'utf8') };
  for (let i = 0; i < 60; i++) files[`etc/xen/auto/vm${String(i).padStart(3, '0')}.cfg`] = cfg(i);
  // cross-file: the first and the last config share a name, a uuid and a MAC (different slices)
  files['etc/xen/auto/vm000.cfg'] = cfg(0, "uuid = '6f1a2c3e-8b4d-4e2a-9c1d-000000000001'\n");
  files['etc/xen/auto/vm059.cfg'] = `name = "vm000"\nuuid = '6f1a2c3e-8b4d-4e2a-9c1d-000000000001'\nvif = [ 'mac=00:16:3e:00:01:00' ]\n`;
  // file rules, a suppression of a file rule, one of a cross-file rule, and an unused directive
  files['etc/xen/auto/vm010.cfg'] = cfg(10, "memory = '512'\non_crash = 'explode'\n");
  files['etc/xen/auto/vm020.cfg'] = cfg(20, "# xendomains disable=XD3002 -- checked by hand\nmemory = 'lots'\n");
  files['etc/xen/auto/vm030.cfg'] = `name = "vm030"\n# xendomains disable=XD4003 -- a test twin\nvif = [ 'mac=00:16:3e:00:01:00' ]\n`;
  files['etc/xen/auto/vm015.cfg'] = cfg(15, 'vcpus = cpus_per_guest + 1\n');
  files['etc/xen/auto/vm040.cfg'] = cfg(40, '# xendomains disable=XD3006\nvcpus = 2\n');
  files['etc/xen/auto/vm045.cfg'] = 'name = "vm045"\r\nmemory = (512\r\n';
  files['etc/xen/auto/vm050.cfg'] = Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x00, 0xff, 0xfe, 0x0a]);
  files['etc/xen/auto/vm055.cfg~'] = cfg(55);
  const root = tmpHost(files);
  const auto = join(root, 'etc/xen/auto');
  mkdirSync(join(auto, 'vm025.d'));
  symlinkSync('missing.cfg', join(auto, 'vm026-dangling.cfg'));
  symlinkSync('vm027-loop.cfg', join(auto, 'vm027-loop.cfg'));
  if (spawnSync('mkfifo', [join(auto, 'vm028.fifo')]).status !== 0) writeFileSync(join(auto, 'vm028.fifo'), cfg(28));
  return root;
}

test('slices on workers find, suppress and report exactly what whole models on one thread do', () => {
  const root = host();
  for (const format of ['json', 'stylish', 'sarif']) {
    // A directory this small is compiled whole on one thread unless XENDOMAINS_LINT_WORKERS asks for slices.
    const one = cli(['lint', '--root', root, '--format', format]);
    assert.ok(one.code === 1, `${format}: one thread exits 1 for errors\n${one.stderr}`);
    assert.is(one.stderr, '');
    for (const workers of ['0', '1', '3']) {
      const many = cli(['lint', '--root', root, '--format', format], { env: { XENDOMAINS_LINT_WORKERS: workers } });
      assert.is(many.stderr, '', `${format} with ${workers} workers`);
      assert.is(many.code, one.code, `${format} with ${workers} workers: exit code`);
      assert.is(many.stdout, one.stdout, `${format} with ${workers} workers: output`);
    }
  }
  const report = JSON.parse(cli(['lint', '--root', root, '--format', 'json'], { env: { XENDOMAINS_LINT_WORKERS: '3' } }).stdout);
  const codes = new Set(report.diagnostics.map((d) => d.code));
  // What the fixture is built to find, so the comparison above compares something.
  for (const code of ['XD4001', 'XD4002', 'XD4003', 'XD3002', 'XD1101', 'XD1103', 'XD1104', 'XD4004', 'XD9001']) assert.ok(codes.has(code), `finds ${code} (found ${[...codes].join(' ')})`);
  const at = (code, file) => report.diagnostics.filter((d) => d.code === code && d.file.endsWith(file));
  assert.is(at('XD3002', 'vm020.cfg').length, 0, 'a directive in a worker\'s file suppresses a file rule');
  assert.is(at('XD4003', 'vm030.cfg').length, 0, 'and a cross-file rule run on the main thread');
  assert.is(at('XD9001', 'vm040.cfg').length, 1, 'an unused directive in a worker\'s file is reported');
  assert.is(at('XD4003', 'vm059.cfg').length, 1, 'a MAC shared across slices');
});

test('a FILE named beside a sliced AUTO is linted and reported in the same place', () => {
  const root = host();
  const extra = join(tmpHost({ 'extra.cfg': "name = 'vm001'\nmemory = 'x'\n" }), 'extra.cfg');
  const one = cli(['lint', '--root', root, extra, '--format', 'json']);
  assert.match(one.stdout, /extra\.cfg/);
  for (const workers of ['0', '2']) {
    const many = cli(['lint', '--root', root, extra, '--format', 'json'], { env: { XENDOMAINS_LINT_WORKERS: workers } });
    assert.is(many.stdout, one.stdout, `${workers} workers`);
  }
});

test('when workers cannot start, lint runs on one thread and says so only when debugging', () => {
  const root = host();
  const one = cli(['lint', '--root', root, '--format', 'json']);
  // A launcher copied without its .cjs extension: Node runs it, but a worker thread cannot load it.
  const bin = tmpHost();
  for (const f of ['cli.cjs', 'cli.cjs.cache']) copyFileSync(join(ROOT, 'dist/bin', f), join(bin, f));
  copyFileSync(CLI, join(bin, 'xendomains'));
  const r = spawnSync(process.execPath, [join(bin, 'xendomains'), 'lint', '--root', root, '--format', 'json'], {
    encoding: 'utf8', env: { ...process.env, XENDOMAINS_LINT_WORKERS: '2', XENDOMAINS_DEBUG: '1' },
  });
  assert.is(r.status, one.code);
  assert.is(r.stdout, one.stdout);
  assert.match(r.stderr, /lint workers failed, linting on one thread/);
});

test('the installed bin is a symlink: workers start through it', () => {
  const root = host();
  const one = cli(['lint', '--root', root, '--format', 'json']);
  const bin = tmpHost();
  symlinkSync(CLI, join(bin, 'xendomains'));
  const r = spawnSync(process.execPath, [join(bin, 'xendomains'), 'lint', '--root', root, '--format', 'json'], {
    encoding: 'utf8', env: { ...process.env, XENDOMAINS_LINT_WORKERS: '2', XENDOMAINS_DEBUG: '1' },
  });
  assert.is(r.stderr, '', 'no fallback');
  assert.is(r.stdout, one.stdout);
});

test.after(cleanup);
test.run();
