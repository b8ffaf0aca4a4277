// Test entry: runs every test/**/*.test.mjs as its own process (a crash in one
// file cannot hide another's results), reads uvu's totals, and prints the
// final "N passed, N failed" line. Exits 1 on any failure, crash or missing summary.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';

const root = fileURLToPath(new URL('..', import.meta.url));
const filter = process.argv[2];

function findTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (entry.endsWith('.test.mjs')) out.push(path);
  }
  return out;
}

function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [file], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', XENDOMAINS_GRAMMAR_CHECKS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code, signal) => resolve({ file, code, signal, output, ms: Date.now() - started }));
  });
}

function totals(output) {
  const total = /Total:\s+(\d+)/.exec(output);
  const passed = /Passed:\s+(\d+)/.exec(output);
  const skipped = /Skipped:\s+(\d+)/.exec(output);
  if (!total || !passed) return undefined;
  return { total: +total[1], passed: +passed[1], skipped: skipped ? +skipped[1] : 0 };
}

const files = findTests(join(root, 'test')).filter((f) => !filter || f.includes(filter));
let passed = 0;
let failed = 0;
let skipped = 0;
const queue = [...files];
const workers = Math.max(1, Math.min(cpus().length, 4));
const results = [];
await Promise.all(
  Array.from({ length: workers }, async () => {
    while (queue.length) results.push(await runFile(queue.shift()));
  }),
);
results.sort((a, b) => a.file.localeCompare(b.file));
for (const r of results) {
  const name = relative(root, r.file);
  const t = totals(r.output);
  let fileFailed = 0;
  if (!t) fileFailed = 1;
  else fileFailed = t.total - t.passed - t.skipped;
  if (t) {
    passed += t.passed;
    skipped += t.skipped;
  }
  if (t && fileFailed === 0 && r.code !== 0) fileFailed = 1; // exit code says failure but totals do not
  failed += fileFailed;
  const status = fileFailed ? 'FAIL' : 'ok  ';
  console.log(`${status} ${name}${t ? ` (${t.passed}/${t.total})` : ' (no summary: crashed?)'} ${r.ms} ms`);
  if (fileFailed) console.log(r.output.replace(/^/gm, '    '));
}
if (files.length === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
