// Real configs: the Xen 4.0.0 xmexample* files and the xl examples from
// ../shared/corpus (skipped when absent), and hand-written Oracle VM vm.cfg texts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileDomainConfig } from '../../dist/src/model/domain-compile.js';
import { validateDomainVars } from '../../dist/src/model/domain-schema.js';
import { parseDiskSpec, parseVfbSpec, parseVifSpec, parseUuid } from '../../dist/src/model/domain-values.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const candidates = [corpus, '/work/shared/corpus/'];
const root = candidates.find((d) => existsSync(d));

function files() {
  const out = [];
  for (const [dir, prefix] of [['xen-4.0.0', 'xmexample'], ['xen-xl', 'xlexample.']]) {
    const d = join(root, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) if (f.startsWith(prefix)) out.push(join(d, f));
  }
  return out;
}

/** Files expected to have python-code problems, and why. */
const EXPECTED_CODE = {
  // `def vmid_check`, `xm_vars.var(...)`, `xm_vars.check()`; name/disk/extra use `vmid` from the command line
  xmexample2: { unsupported: 3, 'depends-on-code': 3 },
  // the same; name, cpus, vif, disk, ip, gateway, hostname and extra use `vmid`
  xmexample3: { unsupported: 3, 'depends-on-code': 8 },
  // `import os, re` and `arch = os.uname()[4]` (the IA64 example computes the architecture)
  'xmexample.vti': { unsupported: 2 },
};

if (!root) {
  test('corpus', () => {
    console.log('../shared/corpus is absent: corpus tests skipped');
  });
} else {
  for (const path of files()) {
    const base = path.split('/').pop();
    test(`corpus ${base}`, () => {
      const m = compileDomainConfig(readFileSync(path, 'utf8'), path);
      const syntax = m.problems.filter((p) => p.kind === 'syntax');
      assert.equal(syntax.map((p) => p.message), [], 'no syntax problems');
      const counts = {};
      for (const p of m.problems) counts[p.detail] = (counts[p.detail] ?? 0) + 1;
      assert.equal(counts, EXPECTED_CODE[base] ?? {});
      for (const p of m.problems) assert.match(p.message, /xm would run this as Python \(as root\)|depends on `vmid`/);
    });
  }

  test('xmexample2 with vmid=3 evaluates like xm create vmid=3', () => {
    const path = join(root, 'xen-4.0.0', 'xmexample2');
    const m = compileDomainConfig(readFileSync(path, 'utf8'), path, { vmid: 3 });
    assert.equal(m.problems.map((p) => p.detail), ['unsupported', 'unsupported', 'unsupported']);
    assert.equal(m.name.value, 'VM3');
    assert.equal(m.vars.get('disk').value, ['phy:sda10,sda1,w', 'phy:sda6,sda6,r']);
    assert.equal(m.vars.get('extra').value, '4 VMID=3 usr=/dev/sda6');
    assert.equal(m.vars.get('vcpus').value, 4);
  });

  test('xmexample1 values and comments', () => {
    const path = join(root, 'xen-4.0.0', 'xmexample1');
    const m = compileDomainConfig(readFileSync(path, 'utf8'), path);
    assert.equal(Object.fromEntries([...m.vars].map(([k, a]) => [k, a.value])), {
      kernel: '/boot/vmlinuz-2.6.10-xenU', memory: 64, name: 'ExampleDomain', vif: [''], disk: ['phy:hda1,hda1,w'],
      root: '/dev/hda1 ro', extra: '4',
    });
    assert.ok(m.comments.length > 50);
    assert.equal(validateDomainVars(m), []);
  });
}

const OVM = [
  {
    file: '/OVS/Repositories/0004fb0000030000aa11/VirtualMachines/0004fb00000600001c8a3a2b5d5e6f70/vm.cfg',
    text: `vif = ['mac=00:21:f6:00:00:01,bridge=xenbr0']
OVM_simple_name = 'web01'
vnclisten = '127.0.0.1'
disk = ['file:/OVS/Repositories/0004fb0000030000aa11/VirtualDisks/0004fb0000120000b1c2d3e4f5061728.img,xvda,w']
vncunused = 1
uuid = '0004fb00-0006-0000-1c8a-3a2b5d5e6f70'
on_reboot = 'restart'
cpu_weight = 27500
memory = 2048
cpu_cap = 0
maxvcpus = 2
OVM_high_availability = False
maxmem = 2048
vnc = 1
OVM_description = ''
on_poweroff = 'destroy'
on_crash = 'restart'
bootloader = '/usr/bin/pygrub'
name = '0004fb00000600001c8a3a2b5d5e6f70'
guest_os_type = 'linux'
vfb = ['type=vnc,vncunused=1,vnclisten=127.0.0.1,keymap=en-us']
vcpus = 2
OVM_os_type = 'Oracle Linux 6'
OVM_cpu_compat_group = ''
OVM_domain_type = 'xen_pvm'
`,
    expect: { name: '0004fb00000600001c8a3a2b5d5e6f70', memory: 2048, vcpus: 2, OVM_high_availability: false, bootloader: '/usr/bin/pygrub' },
    // OVM writes Python booleans for its own keys: harmless (xm ignores unknown names of any type)
  },
  {
    file: '/OVS/running_pool/ovm_hvm_01/vm.cfg',
    text: `acpi = 1
apic = 1
builder = 'hvm'
device_model = '/usr/lib/xen/bin/qemu-dm'
disk = ['file:/OVS/running_pool/ovm_hvm_01/System.img,hda,w',
        'file:/OVS/iso_pool/OracleLinux-R5-U8-Server-x86_64-dvd.iso,hdc:cdrom,r',
]
kernel = '/usr/lib/xen/boot/hvmloader'
keymap = 'en-us'
memory = '1024'
name = 'ovm_hvm_01'
on_crash = 'restart'
on_reboot = 'restart'
pae = 1
serial = 'pty'
timer_mode = 0
usbdevice = 'tablet'
vcpus = 1
vif = ['type=ioemu, bridge=xenbr0, mac=00:16:3e:4a:7b:01']
vnc = 1
vncconsole = 1
vnclisten = '0.0.0.0'
vncpasswd = ''
vncunused = 1
`,
    expect: { name: 'ovm_hvm_01', memory: '1024', builder: 'hvm' },
    // memory = '1024' is a string, which xend converts with int(): no finding.
  },
  {
    file: '/OVS/Repositories/0004fb00000300007e1a/VirtualMachines/0004fb0000060000aa5c55f0d2b1e7c4/vm.cfg',
    text: `# Oracle VM 3 PVHVM guest
OVM_simple_name = 'db-prod-01'
OVM_os_type = 'Oracle Linux 7'
OVM_domain_type = 'xen_pvhvm'
name = '0004fb0000060000aa5c55f0d2b1e7c4'
uuid = '0004fb00-0006-0000-aa5c-55f0d2b1e7c4'
builder = 'hvm'
memory = 8192
maxmem = 8192
vcpus = 4
cpus = '0-3'
disk = ['file:/OVS/Repositories/0004fb00000300007e1a/VirtualDisks/0004fb00001200009e2d.img,xvda,w',
        'phy:/dev/mapper/360014051d8a3c2e6f7b,xvdb,w!']
vif = ['mac=00:21:f6:5c:00:0a,bridge=0a0a0a00', 'mac=00:21:f6:5c:00:0b,bridge=xenbr1,type=netfront']
vfb = ['type=vnc,vncunused=1,vnclisten=127.0.0.1,keymap=en-us']
on_poweroff = 'destroy'
on_reboot = 'restart'
on_crash = 'restart'
`,
    expect: { name: '0004fb0000060000aa5c55f0d2b1e7c4', memory: 8192, vcpus: 4, OVM_simple_name: 'db-prod-01' },
  },
];

OVM.forEach((c, i) => {
  test(`Oracle VM vm.cfg ${i + 1}`, () => {
    const m = compileDomainConfig(c.text, c.file);
    assert.equal(m.problems, []);
    for (const [k, v] of Object.entries(c.expect)) assert.equal(m.vars.get(k)?.value, v, k);
    assert.equal(m.name.source, 'name');
    assert.equal(validateDomainVars(m).map((f) => f.message), c.schema ?? []);
    for (const d of m.vars.get('disk').value) assert.equal(parseDiskSpec(d).errors, [], d);
    for (const v of m.vars.get('vif').value) assert.equal(parseVifSpec(v).errors, [], v);
    for (const v of m.vars.get('vfb')?.value ?? []) assert.equal(parseVfbSpec(v).errors, [], v);
    const uuid = m.vars.get('uuid');
    if (uuid) assert.ok(parseUuid(uuid.value).canonical);
  });
});

test.run();
