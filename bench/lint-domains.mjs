// Benchmark (not a test): `xendomains lint` over 1,000 / 10,000 / 20,000
// generated domain configs in XENDOMAINS_AUTO. Reports configs/s, peak RSS and
// growth, next to the per-config cost of evaluating with python3 (the reference
// runs one `xm create --dryrun` Python process per config) and of `cat`.
// Budget (DESIGN.md): ≥ 10,000 configs/s on 2 cores, ≤ 300 MB, 20k ≤ 2.2 × 10k.
// Each size runs 3 times as shipped (the median counts), plus once with one
// lint worker thread (XENDOMAINS_LINT_WORKERS=1), which the default uses only
// from 3 cores on, to show what a worker adds on this machine.
// With --xl the configs are xl.cfg files on an xl host (`lint --toolstack xl`).
// Usage: node bench/lint-domains.mjs [--xl] [sizes…]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/bin/xendomains.cjs');
const xl = process.argv.includes('--xl');
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
if (!sizes.length) sizes.push(1000, 10000, 20000);
const sysconfig = readFileSync(join(root, 'examples/etc/sysconfig/xendomains'), 'utf8');

function config(i) {
  const hex = (n) => n.toString(16).padStart(2, '0');
  return `# generated guest ${i}
name = "guest${i}"
uuid = "6f1a2c3e-8b4d-4e2a-${(i >> 16).toString(16).padStart(4, '0')}-${i.toString(16).padStart(12, '0')}"
memory = ${512 + (i % 4) * 256}
maxmem = 2048
vcpus = ${1 + (i % 4)}
bootloader = "/usr/bin/pygrub"
disk = [ 'phy:/dev/vg0/guest${i}-root,xvda,w',
         'file:/srv/xen/guest${i}-data.img,xvdb,w' ]
vif = [ 'mac=00:16:3e:${hex((i >> 16) & 255)}:${hex((i >> 8) & 255)}:${hex(i & 255)},bridge=xenbr0' ]
on_poweroff = 'destroy'
on_reboot = 'restart'
on_crash = 'restart'
`;
}

function xlConfig(i) {
  const hex = (n) => n.toString(16).padStart(2, '0');
  return `# generated guest ${i} (xl.cfg)
name = "guest${i}"
type = "pvh"
uuid = "6f1a2c3e-8b4d-4e2a-${(i >> 16).toString(16).padStart(4, '0')}-${i.toString(16).padStart(12, '0')}"
memory = ${512 + (i % 4) * 256}
maxmem = 2048
vcpus = ${1 + (i % 4)}
kernel = "/boot/vmlinuz"
extra = "console=hvc0"
disk = [ '/dev/vg0/guest${i}-root,raw,xvda,rw',
         'format=qcow2,vdev=xvdb,access=rw,target=/srv/xen/guest${i}-data.qcow2' ]
vif = [ 'mac=00:16:3e:${hex((i >> 16) & 255)}:${hex((i >> 8) & 255)}:${hex(i & 255)},bridge=xenbr0' ]
on_poweroff = "destroy"
on_reboot = "restart"
on_crash = "restart"
`;
}

function makeHost(n) {
  const dir = mkdtempSync(join(tmpdir(), `xd-bench-${n}-`));
  mkdirSync(join(dir, 'etc/sysconfig'), { recursive: true });
  mkdirSync(join(dir, 'etc/xen/auto'), { recursive: true });
  writeFileSync(join(dir, 'etc/sysconfig/xendomains'), sysconfig);
  for (let i = 0; i < n; i++) writeFileSync(join(dir, `etc/xen/auto/guest${i}.cfg`), xl ? xlConfig(i) : config(i));
  return dir;
}

function timed(cmd, args, opts = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, r };
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
if (xl) console.log('xl.cfg configs (--toolstack xl)');
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load ${load()}`);
console.log('configs | xendomains lint (median of 3) | configs/s | CPU (user+sys) | peak RSS | with 1 worker | cat (all files) | python3 per config (extrapolated)');
const results = [];

/** One `lint --format json` run: wall ms, CPU s, peak RSS KB, findings. */
function lintRun(host, env = {}) {
  const run = timed('/usr/bin/time', ['-f', '%M %U %S', process.execPath, cli, 'lint', '--root', host, '--format', 'json', ...(xl ? ['--toolstack', 'xl'] : [])], { env: { ...process.env, ...env } });
  const [rssKb, user, sys] = run.r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { ms: run.ms, cpu: user + sys, rssKb, findings: JSON.parse(run.r.stdout).diagnostics.length };
}

for (const n of sizes) {
  const host = makeHost(n);
  const runs = [lintRun(host), lintRun(host), lintRun(host)].sort((a, b) => a.ms - b.ms);
  const lint = runs[1];
  const rssKb = Math.max(...runs.map((r) => r.rssKb));
  const worker = lintRun(host, { XENDOMAINS_LINT_WORKERS: '1' });
  const findings = lint.findings;
  const cat = timed('sh', ['-c', `cat ${join(host, 'etc/xen/auto')}/* > /dev/null`]);
  // One python3 process per config, as the reference's dry runs do: time 50 and extrapolate.
  const sample = Math.min(50, n);
  const py = timed('sh', ['-c', `for f in $(ls ${join(host, 'etc/xen/auto')}/* | head -${sample}); do python3 -c 'import sys; g={}; exec(open(sys.argv[1]).read(), g)' "$f"; done`]);
  const pyTotal = (py.ms / sample) * n;
  results.push({ n, ms: lint.ms });
  console.log(`${String(n).padStart(7)} | ${lint.ms.toFixed(0).padStart(9)} ms | ${Math.round((n / lint.ms) * 1000).toString().padStart(9)} | ${lint.cpu.toFixed(2).padStart(6)} s | ${(rssKb / 1024).toFixed(0).padStart(5)} MB | ${worker.ms.toFixed(0).padStart(6)} ms (${Math.round((n / worker.ms) * 1000)}/s) | ${cat.ms.toFixed(0).padStart(8)} ms | ${(pyTotal / 1000).toFixed(1).padStart(8)} s (${(py.ms / sample).toFixed(1)} ms each)   [${findings} findings]`);
  rmSync(host, { recursive: true, force: true });
}
const a = results.find((r) => r.n === 10000);
const b = results.find((r) => r.n === 20000);
if (a && b) console.log(`growth 10k → 20k: ${(b.ms / a.ms).toFixed(2)}× (budget ≤ 2.2×)`);
console.log(`load at the end: ${load()}`);
