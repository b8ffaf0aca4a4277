// Test entry: runs every test/**/*.test.mjs (test/fixtures/ aside) as its own process (a
// crash in one file cannot hide another's results), reads uvu's totals, lists each file with
// its skip reasons, and ends with the line "N passed, N failed, N skipped". Exits 1 on any
// failure, crash, missing summary or non-zero exit. What a test needs is the tests' business.
//
//   node test/run.mjs [--dir DIR] [FILTER…]   FILTER: a path substring; a file runs when any matches
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function parseArgs(argv) {
  const opts = { dir: join(root, 'test'), filters: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dir') opts.dir = resolve(argv[++i] ?? '.');
    else opts.filters.push(argv[i]);
  }
  return opts;
}

/** Every *.test.mjs under dir; directories named fixtures hold test material, not tests. */
function findTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'fixtures' && entry !== 'node_modules') out.push(...findTests(path));
    } else if (entry.endsWith('.test.mjs')) out.push(path);
  }
  return out;
}

function runFile(file) {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, [file], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', XENDOMAINS_GRAMMAR_CHECKS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => (output += `\n${err.message}\n`));
    child.on('close', (code, signal) => done({ file, code, signal, output, ms: Date.now() - started }));
  });
}

/** uvu's summary: Total counts the tests that ran (skipped ones are not in it). */
function totals(output) {
  const total = /^\s*Total:\s+(\d+)$/m.exec(output);
  const passed = /^\s*Passed:\s+(\d+)$/m.exec(output);
  const skipped = /^\s*Skipped:\s+(\d+)$/m.exec(output);
  if (!total || !passed) return undefined;
  return { ran: +total[1], passed: +passed[1], skipped: skipped ? +skipped[1] : 0 };
}

/** How a file went: counts, and why it failed when the counts alone do not say. */
function judge(r) {
  const t = totals(r.output);
  const reasons = (r.output.match(/^SKIP: .*$/gm) ?? []).map((l) => l.slice(6));
  if (!t) return { passed: 0, failed: 1, skipped: 0, reasons, why: r.signal ? `killed by ${r.signal}, no summary` : `exit ${r.code}, no summary: crashed?` };
  let failed = t.ran - t.passed;
  let why;
  if (failed < 0) [failed, why] = [1, `uvu says ${t.passed} passed of ${t.ran}`];
  else if (failed === 0 && (r.code !== 0 || r.signal)) [failed, why] = [1, `${r.signal ?? `exit ${r.code}`} after a clean summary`];
  else if (t.ran === 0 && t.skipped === 0) [failed, why] = [1, 'ran no tests'];
  return { passed: t.passed, failed, skipped: t.skipped, ran: t.ran, reasons, why };
}

/** Files in the checkout git does not know (nor ignores): a test that writes there leaves junk others commit. */
function untracked() {
  const r = spawnSync('git', ['ls-files', '--others', '--exclude-standard', '--directory', '-z'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? new Set(r.stdout.split('\0').filter(Boolean)) : undefined;
}

const { dir, filters } = parseArgs(process.argv.slice(2));
const before = untracked();
const files = findTests(dir).filter((f) => !filters.length || filters.some((s) => f.includes(s)));
const queue = [...files];
// Four files at once whatever the core count (the README's promise, and the load CI must bear on 2 cores);
// XENDOMAINS_TEST_JOBS=N changes it.
const workers = Math.max(1, Number.parseInt(process.env.XENDOMAINS_TEST_JOBS ?? '', 10) || 4);
const results = [];
await Promise.all(
  Array.from({ length: workers }, async () => {
    while (queue.length) results.push(await runFile(queue.shift()));
  }),
);
results.sort((a, b) => a.file.localeCompare(b.file));
const sum = { passed: 0, failed: 0, skipped: 0 };
for (const r of results) {
  const name = relative(root, r.file);
  const j = judge(r);
  for (const k of Object.keys(sum)) sum[k] += j[k];
  const status = j.failed ? 'FAIL' : j.ran === 0 ? 'skip' : 'ok  ';
  const counts = j.ran === undefined ? '' : ` (${j.passed}/${j.ran}${j.skipped ? `, ${j.skipped} skipped` : ''})`;
  console.log(`${status} ${name}${counts}${j.why ? ` [${j.why}]` : ''} ${r.ms} ms`);
  for (const reason of j.reasons) console.log(`       skipped: ${reason}`);
  if (j.skipped && !j.reasons.length) console.log('       skipped: (no reason printed)');
  if (j.failed) console.log(r.output.replace(/^/gm, '    '));
}
if (files.length === 0) {
  console.log(`no test files${filters.length ? ` matching ${filters.join(', ')}` : ''} under ${relative(root, dir) || '.'}`);
  sum.failed += 1;
}
const after = before && untracked();
const left = after ? [...after].filter((f) => !before.has(f)) : [];
if (left.length) {
  console.log(`FAIL the tests left files in the checkout (write to a temporary directory, or set cwd): ${left.join(', ')}`);
  sum.failed += 1;
}
console.log(`${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
process.exitCode = sum.failed ? 1 : 0;
