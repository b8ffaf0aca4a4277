// xm → xl migration: `lint --target xl` reports the migration findings of Xen 4.0's
// xm configs and Oracle VM-style configs; `convert` turns each into xl.cfg that the real
// libxlutil parses, that h13's xl compiler reads back to the xm values of every shared key,
// and that needs no further migration finding.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileDomainConfig } from '../../dist/src/model/domain-compile.js';
import { compileXlConfig } from '../../dist/src/model/xlcfg-compile.js';
import { lintModels } from '../../dist/src/lint/engine.js';
import { rules } from '../../dist/rules/index.js';
import { migrationOf } from '../../dist/src/convert/xm-to-xl.js';
import { renderXl } from '../../dist/src/convert/render.js';
import { parseDiskSpec } from '../../dist/src/model/domain-values.js';
import { libxluMissing, parseDisksWithLibxlu, readTextsWithLibxlu } from '../xlcfg/libxlu.mjs';
import { testIf } from '../tools.mjs';
import { cli, ROOT } from '../helpers.mjs';

const CORPUS = join(ROOT, '../shared/corpus/xen-4.0.0');
const corpusFiles = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.startsWith('xmexample')).sort() : [];
const OVM = {
  'ovm-pv.cfg': `vif = ['mac=00:21:f6:00:00:01,bridge=xenbr0']
OVM_simple_name = 'web01'
disk = ['file:/OVS/Repositories/0004fb0000030000aa11/VirtualDisks/0004fb0000120000b1c2d3e4f5061728.img,xvda,w']
vncunused = 1
uuid = '0004fb00-0006-0000-1c8a-3a2b5d5e6f70'
on_reboot = 'restart'
cpu_weight = 27500
memory = 2048
cpu_cap = 0
maxvcpus = 2
OVM_high_availability = False
vnc = 1
bootloader = '/usr/bin/pygrub'
name = '0004fb00000600001c8a3a2b5d5e6f70'
guest_os_type = 'linux'
vfb = ['type=vnc,vncunused=1,vnclisten=127.0.0.1,keymap=en-us']
vcpus = 2
`,
  'ovm-hvm.cfg': `acpi = 1
builder = 'hvm'
device_model = '/usr/lib/xen/bin/qemu-dm'
disk = ['file:/OVS/running_pool/ovm_hvm_01/System.img,hda,w',
        'file:/OVS/iso_pool/OracleLinux-R5-U8-Server-x86_64-dvd.iso,hdc:cdrom,r',
]
kernel = '/usr/lib/xen/boot/hvmloader'
memory = 1024
name = 'ovm_hvm_01'
serial = 'pty'
timer_mode = 0
vif = ['type=ioemu, bridge = xenbr0, mac=00:16:3e:4a:7b:01']
vncconsole = 1
`,
};
const VMID = { xmexample2: 3, xmexample3: 3 };

function xmModel(file, text, vmid) {
  return compileDomainConfig(text, file, vmid === undefined ? { basename: file } : { basename: file, vmid });
}
function textOf(file) {
  return OVM[file] ?? readFileSync(join(CORPUS, file), 'utf8');
}
const allFiles = [...corpusFiles, ...Object.keys(OVM)];

/** The XD5xxx findings `lint --target xl` gives for one config, as "CODE line". */
function migrationFindings(model) {
  return lintModels({ sysconfig: undefined, domains: [model] }, { rules, target: 'xl' })
    .filter((d) => d.code.startsWith('XD5'))
    .map((d) => `${d.code} ${d.span.start.line}`);
}

// What each Xen 4.0 sample breaks under xl (spec xl-cfg §12); lines are the xm file's.
const EXPECTED = {
  'xmexample.hvm': ['XD5015 11', 'XD5005 14', 'XD5008 81', 'XD5015 128', 'XD5016 194'],
  'xmexample.hvm-stubdom': ['XD5015 14', 'XD5005 17', 'XD5008 71', 'XD5008 71', 'XD5015 121'],
  'xmexample.nbd': ['XD5008 22', 'XD5010 23', 'XD5010 24'],
  'xmexample.pv-grub': ['XD5008 71'],
  'xmexample.vti': ['XD5001 9', 'XD5001 11', 'XD5005 18', 'XD5008 57', 'XD5015 70'],
  xmexample1: ['XD5008 67'],
  xmexample2: ['XD5001 23', 'XD5001 30', 'XD5001 35', 'XD5001 56', 'XD5001 102', 'XD5001 180'],
  xmexample3: ['XD5001 23', 'XD5001 30', 'XD5001 35', 'XD5001 56', 'XD5001 67', 'XD5001 75', 'XD5001 88', 'XD5010 146', 'XD5001 147', 'XD5010 149', 'XD5001 151', 'XD5001 153', 'XD5001 166'],
  'ovm-pv.cfg': ['XD5004 2', 'XD5008 3', 'XD5013 9', 'XD5004 11', 'XD5011 13', 'XD5014 15', 'XD5018 16'],
  'ovm-hvm.cfg': ['XD5005 2', 'XD5015 3', 'XD5008 4', 'XD5008 5', 'XD5015 7', 'XD5016 11', 'XD5009 12', 'XD5014 13'],
};

test('the corpus is here (../shared/corpus/xen-4.0.0)', () => {
  assert.ok(corpusFiles.length >= 8, `found ${corpusFiles.join(', ')}`);
});

for (const file of allFiles) {
  test(`lint --target xl: ${file} has its migration findings`, () => {
    const found = migrationFindings(xmModel(file, textOf(file))).sort();
    assert.equal(found, [...EXPECTED[file]].sort());
  });
}

test('without --target xl the migration rules do not run', () => {
  const model = xmModel('ovm-hvm.cfg', OVM['ovm-hvm.cfg']);
  assert.equal(lintModels({ sysconfig: undefined, domains: [model] }, { rules }).filter((d) => d.code.startsWith('XD5')), []);
});

/** Every file converted (xmexample2/3 with vmid 3, as `xm create xmexample2 vmid=3`). */
const converted = allFiles.map((file) => {
  const model = xmModel(file, textOf(file), VMID[file]);
  const migration = migrationOf(model, { vmidGiven: VMID[file] !== undefined });
  return { file, model, migration, text: renderXl(model, migration) };
});

for (const c of converted) {
  test(`convert: ${c.file} converts with nothing unresolved, and its output needs no further migration`, () => {
    assert.equal(c.migration.issues.filter((i) => !i.resolved).map((i) => i.message), []);
    const again = migrationOf(compileDomainConfig(c.text, `${c.file}.xl`, { basename: `${c.file}.xl` }));
    assert.equal(again.issues.map((i) => `${i.code} ${i.message}`), []);
  });
}

test('convert: what has no faithful xl form is reported, not guessed', () => {
  const text = "name = 'db'\nmemory = 512\ndisk = [ 'phy:/dev/vg/db,xvda,w!', 'tap:vmdk:/srv/x.vmdk,xvdb,w' ]\nvcpus = 4\nvcpu_avail = 5\n";
  const model = xmModel('db.cfg', text);
  const migration = migrationOf(model);
  assert.equal(migration.issues.filter((i) => !i.resolved).map((i) => i.code).sort(), ['XD5007', 'XD5007', 'XD5012']);
  const out = renderXl(model, migration);
  assert.match(out, /# xendomains convert: NOT CONVERTED[^\n]*\n# disk = \[ 'phy:\/dev\/vg\/db,xvda,w!'/);
  assert.match(out, /\nvcpus = 4\n/);
  assert.not.match(out, /^disk =/m);
});

const missing = libxluMissing();
/** Device strings are rewritten: compared by meaning below, not by text. */
const SHARED_SAME = (key) => !['disk', 'vif', 'vfb'].includes(key);
/** A vif or vfb string as xl splits it (spec §9.1: strtok at commas, leading spaces dropped): key → value. */
const xlPairs = (s) => Object.fromEntries(s.split(',').filter((f) => f !== '').map((f) => f.replace(/^ +/, '')).map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)]));
/** The same string as xm read it (comma_sep_kv_to_dict: both sides stripped). */
const xmPairs = (s) => Object.fromEntries(s.split(',').filter((f) => f.trim() !== '').map((f) => [f.slice(0, f.indexOf('=')).trim(), f.slice(f.indexOf('=') + 1).trim()]));

test('convert: every rewritten vif gives xl the keys and values xm read', () => {
  let n = 0;
  for (const c of converted) {
    const before = c.model.vars.get('vif')?.value ?? [];
    const after = compileXlConfig(c.text, 'f.cfg').vars.get('vif')?.value ?? [];
    assert.is(after.length, before.length, c.file);
    before.forEach((xm, i) => {
      n++;
      assert.equal(xlPairs(after[i]), xmPairs(xm), `${c.file}: ${xm}`);
    });
  }
  assert.ok(n >= 8);
});

test('convert: vfb type= becomes the vnc/sdl switch xl reads', () => {
  const c = converted.find((x) => x.file === 'ovm-pv.cfg');
  assert.equal(xlPairs(compileXlConfig(c.text, 'f.cfg').vars.get('vfb').value[0]), { vnc: '1', vncunused: '1', vnclisten: '127.0.0.1', keymap: 'en-us' });
});

testIf(!missing, missing)('convert: libxlutil parses every output, and xl reads the xm values of every shared key', () => {
  const xl = readTextsWithLibxlu(converted.map((c) => ({ text: c.text, keys: [...compileXlConfig(c.text, 'f.cfg').vars.keys()], src: `${c.file}.xl` })));
  const nbd = converted.find((c) => c.file === 'xmexample.nbd');
  if (nbd) assert.is(compileXlConfig(nbd.text, 'f.cfg').vars.get('extra').value, 'ip=:127.0.255.255:::nbd4:eth0:dhcp 3');
  converted.forEach((c, i) => {
    assert.is(xl[i].rc, 0, `${c.file}: ${xl[i].report}`);
    assert.is(xl[i].report ?? '', '', c.file);
    const back = compileXlConfig(c.text, `${c.file}.xl`);
    assert.equal(back.problems, [], c.file);
    for (const [key, a] of c.model.vars) {
      if (!back.vars.has(key) || !SHARED_SAME(key)) continue;
      if (key === 'extra' && c.model.vars.has('dhcp')) continue; // ip= built from dhcp & co. is checked below
      const norm = (v) => (Array.isArray(v) ? v.map(norm) : String(v));
      // tsc_mode/timer_mode numbers are written as the names xl prefers (spec §12.10)
      if (key === 'tsc_mode' || key === 'timer_mode') {
        const names = key === 'tsc_mode' ? ['default', 'always_emulate', 'native', 'native_paravirt'] : ['delay_for_missed_ticks', 'no_delay_for_missed_ticks', 'no_missed_ticks_pending', 'one_missed_tick_pending'];
        assert.is(back.vars.get(key).value, names[a.value], `${c.file}: ${key}`);
        continue;
      }
      // the pygrub path becomes the name libxl resolves itself (spec §12.8)
      if (key === 'bootloader' && /\/pygrub$/.test(a.value)) {
        assert.is(back.vars.get(key).value, 'pygrub');
        continue;
      }
      assert.equal(norm(back.vars.get(key).value), norm(a.value), `${c.file}: ${key}`);
      // and libxlu's own readers agree
      const r = xl[i].keys[key];
      if (Array.isArray(a.value)) assert.equal(r.list.value, norm(a.value), `${c.file}: ${key} (libxlu)`);
      else assert.is(r.string.value, String(a.value), `${c.file}: ${key} (libxlu)`);
    }
    // the name xl creates is the name xm created
    assert.is(back.name?.value, c.model.name?.value, `${c.file}: name`);
  });
});

testIf(!missing, missing)('convert: every rewritten disk means to libxlu what the xm disk meant to xend', () => {
  const pairs = converted.flatMap((c) => {
    const before = c.model.vars.get('disk')?.value ?? [];
    const after = compileXlConfig(c.text, 'f.cfg').vars.get('disk')?.value ?? [];
    assert.is(after.length, before.length, c.file);
    return before.map((xm, i) => ({ file: c.file, xm: parseDiskSpec(xm), xl: after[i] }));
  });
  assert.ok(pairs.length >= 12);
  const parsed = parseDisksWithLibxlu(pairs.map((p) => p.xl));
  pairs.forEach((p, i) => {
    const d = parsed[i];
    assert.is(d.rc, 0, `${p.file}: ${p.xl}: ${d.report}`);
    assert.is(d.vdev, p.xm.vdev, p.xl);
    assert.is(Boolean(d.readwrite), p.xm.mode === 'w' && p.xm.devType !== 'cdrom', p.xl);
    assert.is(Boolean(d.cdrom), p.xm.devType === 'cdrom', p.xl);
    const expectedTarget = p.xm.protocol === 'phy' && !p.xm.target.startsWith('/') ? `/dev/${p.xm.target}` : p.xm.target;
    if (p.xm.target) assert.is(d.target, expectedTarget, p.xl);
    if (['nbd', 'iscsi', 'drbd', 'enbd'].includes(p.xm.protocol)) assert.is(d.script, `block-${p.xm.protocol}`, p.xl);
  });
});

test('cli: convert prints one file, refuses several without a destination, --write never overwrites', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xd-convert-'));
  const src = join(dir, 'web.cfg');
  writeFileSync(src, OVM['ovm-pv.cfg']);
  const one = cli(['convert', src]);
  assert.is(one.code, 0, one.stderr);
  assert.match(one.stdout, /^name = '0004fb00000600001c8a3a2b5d5e6f70'$/m);
  assert.match(one.stdout, /^cap = 0$/m);
  const two = cli(['convert', src, src]);
  assert.is(two.code, 3);
  assert.match(two.stderr, /no destination/);
  const w = cli(['convert', '--write', src]);
  assert.is(readFileSync(`${src}.xl`, 'utf8'), one.stdout);
  assert.is(w.code, 0);
  const again = cli(['convert', '--write', src]);
  assert.is(again.code, 3);
  assert.match(again.stderr, /exists/);
  const out = cli(['convert', '--out-dir', join(dir, 'xl'), src]);
  assert.is(readFileSync(join(dir, 'xl', 'web.cfg'), 'utf8'), one.stdout);
  assert.is(out.code, 0);
  const unresolved = join(dir, 'db.cfg');
  writeFileSync(unresolved, "name = 'db'\ndisk = [ 'phy:/dev/vg/db,xvda,w!' ]\n");
  const bad = cli(['convert', '-f', 'gcc', unresolved]);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /db\.cfg:2:10: error: disk `phy:\/dev\/vg\/db,xvda,w!`: `w!`[^\n]*\[XD5007\/to-xl-disk-spec\]/);
  assert.match(bad.stdout, /NOT CONVERTED/);
});

test('cli: lint --target xl reports migration findings; without it, none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xd-convert-'));
  const src = join(dir, 'web.cfg');
  writeFileSync(src, "name = 'web'\nmemory = 512\nbuilder = 'linux'\n");
  const sysconfig = join(dir, 'xendomains');
  writeFileSync(sysconfig, '');
  const plain = cli(['lint', '--config', sysconfig, '-f', 'gcc', src]);
  assert.not.match(plain.stdout, /XD5005/);
  const xl = cli(['lint', '--config', sysconfig, '--target', 'xl', '-f', 'gcc', src]);
  assert.match(xl.stdout, /web\.cfg:3:1: error: builder = 'linux' is fatal in xl[^\n]*\[XD5005\/to-xl-builder\]/);
  assert.is(xl.code, 1);
  const bad = cli(['lint', '--config', sysconfig, '--target', 'xm', src]);
  assert.is(bad.code, 4);
});

test.run();
