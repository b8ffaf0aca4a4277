// validateDomainVars: schema/domain.schema.json against evaluated configs, with
// findings located at the value or list element.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { compileDomainConfig } from '../../dist/src/model/domain-compile.js';
import { validateDomainVars } from '../../dist/src/model/domain-schema.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/domain.schema.json', import.meta.url), 'utf8'));

function findings(text) {
  const m = compileDomainConfig(text, '/etc/xen/auto/s.cfg');
  assert.equal(m.problems, [], 'config compiles');
  return validateDomainVars(m).map((f) => ({ variable: f.variable, at: `${f.span.start.line}:${f.span.start.column}`, message: f.message }));
}

test('the schema is draft-07, allows unknown variables and declares every xm 4.0 variable', () => {
  assert.is(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.is(schema.additionalProperties, true);
  const names = Object.keys(schema.properties);
  for (const v of ['name', 'bootloader', 'kernel', 'ramdisk', 'builder', 'cpus', 'on_poweroff', 'on_reboot', 'on_crash', 'root', 'extra',
    'dhcp', 'nfs_root', 'device_model', 'serial', 'keymap', 'boot', 'vnc', 'vnclisten', 'uuid', 'vncpasswd', 'on_xend_start',
    'on_xend_stop', 'pool', 'memory', 'maxmem', 'shadow_memory', 'pae', 'acpi', 'apic', 'vcpus', 'cpu_cap', 'cpu_weight', 'videoram',
    'hap', 'superpages', 'vcpu_avail', 'maxvcpus', 'memory_sharing', 'localtime', 'stdvga', 'vncunused', 'nographic', 'disk', 'vif',
    'vif2', 'vfb', 'pci', 'vscsi', 'vusb', 'ioports', 'irq', 'vtpm', 'access_control', 'cpuid', 'cpuid_check']) {
    assert.ok(names.includes(v), v);
  }
  assert.ok(names.length >= 100, `${names.length} variables`);
});

test('a typical config is valid; unknown variables are not this check\'s business', () => {
  assert.equal(findings(`name = 'web-01'
memory = 512
maxmem = 1024
vcpus = 2
cpus = '0-3,^1'
pae = 1
acpi = 1
vncunused = 1
vnc = 1
sdl = '0'
builder = 'hvm'
boot = 'dc'
on_crash = 'coredump-restart'
uuid = '0004fb00-0006-0000-1c8a-3a2b5d5e6f70'
disk = ['phy:/dev/vg/web,xvda,w']
vif = ['']
irq = [7]
ioports = ['2f8-2ff']
OVM_os_type = 'Oracle Linux 6'
made_up = [None, (1,)]
`), []);
});

test('memory and maxmem: xend int()s a string, so only a non-number is a finding', () => {
  assert.equal(findings(`memory = "256"\nmaxmem = ' +512\\n'\n`), []);
  assert.equal(findings(`memory = "2G"\nmaxmem = '0x200'\n`).map((f) => f.message), [
    "`memory` is not a number xend's int() can read, not '2G'",
    "`maxmem` is not a number xend's int() can read, not '0x200'",
  ]);
});

test('types, ranges, enums and patterns, each at the value', () => {
  assert.equal(findings(`shadow_memory = "256"
vcpus = 0
on_crash = 'reboot'
acpi = True
pae = 2
name = 'web 01'
cpu_weight = 70000
dhcp = 'on'
`), [
    { variable: 'shadow_memory', at: '1:17', message: "`shadow_memory` should be an int, not a str ('256'): xm does not convert values from the file, so it stays a string" },
    { variable: 'vcpus', at: '2:9', message: '`vcpus` should be at least 1, not 0' },
    { variable: 'on_crash', at: '3:12', message: "`on_crash` should be one of 'destroy', 'restart', 'preserve', 'rename-restart', 'coredump-destroy', 'coredump-restart', not 'reboot'" },
    { variable: 'acpi', at: '4:8', message: '`acpi` should be an int, not a bool (True): xm silently ignores a value of type bool, so the default is used' },
    { variable: 'pae', at: '5:7', message: '`pae` should be at most 1, not 2' },
    { variable: 'name', at: '6:8', message: "`name` must match ^[A-Za-z0-9_.:+-]+$ (letters, digits and _ . : + -): xend refuses other names, not 'web 01'" },
    { variable: 'cpu_weight', at: '7:14', message: '`cpu_weight` should be at most 65535, not 70000' },
    { variable: 'dhcp', at: '8:8', message: "`dhcp` should be one of 'off', 'dhcp', not 'on'" },
  ]);
});

test('list elements are located at the element', () => {
  assert.equal(findings(`disk = ['phy:a,xvda,w',
        5]
irq = [1, -1]
ioports = ['zz']
access_control = ['policy=a,label=b', 'policy=c,label=d']
`), [
    { variable: 'disk', at: '2:9', message: '`disk[1]` should be a string, not an int (5)' },
    { variable: 'irq', at: '3:11', message: '`irq[1]` should be at least 0, not -1' },
    { variable: 'ioports', at: '4:12', message: "`ioports[0]` must be 'FROM[-TO]' in hex, e.g. '2f8-2ff', not 'zz'" },
    { variable: 'access_control', at: '5:18', message: '`access_control` should have at most 1 entry' },
  ]);
});

test('values xm ignores: tuple, dict, None, long, unicode', () => {
  const f = findings(`disk = ('phy:a,xvda,w',)
vif = {'mac': 'x'}
kernel = None
memory = 512L
name = u'web'
`);
  assert.equal(f.map((x) => x.variable), ['disk', 'vif', 'kernel', 'memory', 'name']);
  for (const x of f) assert.match(x.message, /xm silently ignores/);
  assert.match(f[0].message, /should be a list, not a tuple \(\('phy:a,xvda,w',\)\)/);
});

test('a string where a list is needed', () => {
  assert.equal(findings("disk = 'phy:a,xvda,w'\n").map((f) => f.message), ["`disk` should be a list, not a str ('phy:a,xvda,w')"]);
});

test.run();
