// Guard for "a fresh machine passes the tests": runs the test entry with a PATH holding
// only node, npm, git, bash, coreutils and the few Debian Essential tools the suite calls
// (sh, grep, sed, tar, gzip, find, xargs), CI unset, on the test files that use an optional
// tool (those importing test/tools.mjs) — the whole suite nested would double CI time, and
// the other files need nothing optional. Expects 0 failed with each tool's test skipped
// with its reason; and, with CI=true, a missing tool failing the run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { ROOT } from '../helpers.mjs';

const COREUTILS = `[ arch b2sum base32 base64 basename basenc cat chcon chgrp chmod chown chroot cksum comm cp csplit cut date dd df
  dir dircolors dirname du echo env expand expr factor false fmt fold groups head hostid id install join link ln logname ls
  md5sum mkdir mkfifo mknod mktemp mv nice nl nohup nproc numfmt od paste pathchk pinky pr printenv printf ptx pwd readlink
  realpath rm rmdir runcon seq sha1sum sha224sum sha256sum sha384sum sha512sum shred shuf sleep sort split stat stdbuf stty
  sum sync tac tail tee test timeout touch tr true truncate tsort tty uname unexpand uniq unlink users vdir wc who whoami yes`.split(/\s+/);
/** Debian's Essential set, on every Debian system: the shell the plan scripts run in, and what they and `npm pack` call. */
const ESSENTIAL = ['sh', 'grep', 'sed', 'tar', 'gzip', 'find', 'xargs'];
const BASICS = ['npm', 'git', 'bash', ...COREUTILS, ...ESSENTIAL];

function which(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      const path = join(dir, command);
      if (statSync(path).isFile()) return realpathSync(path);
    } catch {}
  }
  return undefined;
}

/** A scratch dir: bin/ (symlinks to the basics only) and tmp/ (TMPDIR: no cached C client). */
function minimalMachine() {
  const dir = mkdtempSync(join(tmpdir(), 'xd-fresh-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'tmp'));
  symlinkSync(process.execPath, join(dir, 'bin/node'));
  for (const command of BASICS) {
    const target = which(command);
    if (target) symlinkSync(target, join(dir, 'bin', command));
  }
  return dir;
}

/** The test files with an optional-tool path: they import test/tools.mjs (or test/ship/tools.mjs). */
function toolUsers(dir = join(ROOT, 'test')) {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!['fixtures', 'suite', 'node_modules'].includes(entry)) out.push(...toolUsers(path));
    } else if (entry.endsWith('.test.mjs') && /from '\.{1,2}\/(\.\.\/)*tools\.mjs'/.test(readFileSync(path, 'utf8'))) {
      out.push(relative(ROOT, path));
    }
  }
  return out;
}

const machine = minimalMachine();
test.after(() => rmSync(machine, { recursive: true, force: true }));

function runTests(files, env = {}) {
  const e = { ...process.env, PATH: join(machine, 'bin'), TMPDIR: join(machine, 'tmp'), ...env };
  if (env.CI === undefined) delete e.CI;
  delete e.CC;
  const r = spawnSync(process.execPath, [join(ROOT, 'test/run.mjs'), ...files], { cwd: ROOT, encoding: 'utf8', env: e, timeout: 900_000 });
  return { code: r.status, stdout: r.stdout, last: r.stdout.trimEnd().split('\n').at(-1) };
}

test('the minimal PATH lacks every optional tool', () => {
  const bin = readdirSync(join(machine, 'bin'));
  for (const tool of ['ansible-playbook', 'systemd-analyze', 'man', 'groff', 'cc', 'gcc', 'python3', 'shellcheck', 'busybox', 'dash']) {
    assert.not.ok(bin.includes(tool), tool);
  }
  for (const basic of ['node', 'npm', 'git', 'bash', 'sh', 'timeout', 'mkdir']) assert.ok(bin.includes(basic), basic);
});

test('without the optional tools: 0 failed, each tool-needing test skipped with its reason', () => {
  const files = toolUsers();
  assert.ok(files.length >= 7, files.join(' '));
  const r = runTests(files);
  assert.match(r.last, /^\d+ passed, 0 failed, \d+ skipped$/, r.stdout);
  assert.is(r.code, 0, r.stdout);
  assert.ok(Number(/(\d+) skipped$/.exec(r.last)[1]) > 0, r.last);
  for (const reason of [
    /ansible-playbook not found \(apt-get install ansible-core\)/,
    /systemd-analyze not found \(Debian: apt-get install systemd\)/,
    /groff not found \(apt-get install groff-base\)/,
    /man not found \(apt-get install man-db\)/,
    /python3 with PyYAML not found \(apt-get install python3-yaml\)/,
    /python3 not found \(apt-get install python3\)/,
    /dash not found \(apt-get install dash\)/,
    /no C compiler \(apt-get install gcc libc6-dev\)/,
    /POSIX tools not found: awk[^\n]*\(apt-get install mawk\): the compiled init script cannot run/,
    /shellcheck not installed \(apt-get install shellcheck\)/,
    /zsh not installed \(apt-get install zsh\)/,
    /fish not installed \(apt-get install fish\)/,
  ]) {
    assert.match(r.stdout, new RegExp(`\\n {7}skipped: ${reason.source}`), reason.source);
  }
});

test('with CI=true, a missing tool fails the run instead of skipping', () => {
  const r = runTests(['test/ship/man.test.mjs'], { CI: 'true' });
  assert.match(r.stdout, /^FAIL test\/ship\/man\.test\.mjs/m);
  assert.match(r.stdout, /CI=true and a required tool is missing: groff not found/);
  assert.match(r.last, /^\d+ passed, [1-9]\d* failed, 0 skipped$/);
  assert.is(r.code, 1);
});

test.run();
