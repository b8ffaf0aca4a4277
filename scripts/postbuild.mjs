// After tsc: bundles the CLI into one minified CommonJS file (dist/bin/cli.cjs)
// and records V8's code cache for it (dist/bin/cli.cjs.cache) by running a
// typical lint once. The launcher (dist/bin/xendomains.cjs) loads the bundle
// with that cache, so a cold start skips most parsing and compiling.
import { chmodSync, copyFileSync, rmSync, mkdirSync, renameSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

// Built beside dist/bin and swapped in at the end, so a CLI run in the meantime finds the old one.
const target = new URL('../dist/bin', import.meta.url).pathname;
const bin = `${target}.tmp-${process.pid}/`;
rmSync(bin, { recursive: true, force: true });
mkdirSync(bin, { recursive: true });
await build({
  entryPoints: [new URL('../dist/src/cli/main.js', import.meta.url).pathname],
  outfile: `${bin}cli.cjs`,
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'import.meta.url': '__xdModuleUrl' },
  banner: { js: "const __xdModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
copyFileSync(new URL('../src/launcher/xendomains.cjs', import.meta.url), `${bin}xendomains.cjs`);
chmodSync(`${bin}xendomains.cjs`, 0o755);
const examples = new URL('../examples', import.meta.url).pathname;
const run = spawnSync(process.execPath, [`${bin}xendomains.cjs`, 'lint', '--root', examples, '--format', 'json'], {
  env: { ...process.env, XENDOMAINS_WRITE_CODE_CACHE: '1' },
  encoding: 'utf8',
});
let ok = run.status === 0 || run.status === 1;
try {
  JSON.parse(run.stdout);
} catch {
  ok = false;
}
if (!ok) {
  console.error(`postbuild: the bundled CLI failed (exit ${run.status}):\n${run.stderr}`);
  rmSync(bin, { recursive: true, force: true });
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
renameSync(bin, target);
