// After tsc: bundles the CLI into minified chunks under dist/bin/ (one per
// command, via the CLI's dynamic imports), so a cold start loads a few modules
// instead of hundreds, and only the code its command needs.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = new URL('../dist/bin/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { xendomains: new URL('../dist/src/cli/main.js', import.meta.url).pathname },
  outdir,
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies (ajv's runtime helpers) call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __xdRequire } from 'node:module'; const require = __xdRequire(import.meta.url);" },
});
chmodSync(`${outdir}xendomains.mjs`, 0o755);
