// Benchmark (not a test): compiles N generated typical xm domain configs in-process
// and prints configs/s — with two expression lines (the full compiler) and without
// them (plain configs: the fast path). Usage: node bench/domain-compile.mjs [N]   (build first)
import { compileDomainConfig } from '../dist/src/model/domain-compile.js';

const N = Number(process.argv[2] ?? 10000);

function config(i) {
  const mac = `00:16:3e:${(i >> 16 & 255).toString(16).padStart(2, '0')}:${(i >> 8 & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
  return `#  -*- mode: python; -*-
# Generated domain config ${i}
name = "web-${i}"
uuid = "0004fb00-0006-0000-${String(i).padStart(4, '0')}-3a2b5d5e6f70"
memory = ${512 + (i % 8) * 256}
maxmem = 4096
vcpus = ${1 + (i % 4)}
bootloader = '/usr/bin/pygrub'
on_poweroff = 'destroy'
on_reboot   = 'restart'
on_crash    = 'restart'
disk = [ 'phy:/dev/vg0/web-${i}-root,xvda,w',
         'file:/OVS/Repositories/0004fb/VirtualDisks/web-${i}-data.img,xvdb,w',
       ]
vif = [ 'mac=${mac},bridge=xenbr0', ]
vfb = ['type=vnc,vncunused=1,vnclisten=127.0.0.1,keymap=en-us']
extra = "console=hvc0 " + "xencons=tty"
OVM_simple_name = 'web %d' % ${i}
OVM_os_type = 'Oracle Linux 6'
`;
}

function measure(label, texts) {
  // warm up (JIT), then measure
  for (let i = 0; i < Math.min(N, 2000); i++) compileDomainConfig(texts[i], `/etc/xen/auto/web-${i}.cfg`);
  const t0 = process.hrtime.bigint();
  let problems = 0;
  for (let i = 0; i < N; i++) problems += compileDomainConfig(texts[i], `/etc/xen/auto/web-${i}.cfg`).problems.length;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${label}: ${N} configs in ${ms.toFixed(0)} ms: ${Math.round(N / (ms / 1000))} configs/s (${problems} problems)`);
}

const texts = Array.from({ length: N }, (_, i) => config(i));
measure('with expressions (full compiler)', texts);
measure('plain (fast path)', texts.map((t) => t.replace(/^(extra|OVM_simple_name) = .*\n/gm, '')));
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
