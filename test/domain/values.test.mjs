// Unit tests for the structured-value parsers of domain-values.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  locateInLiteral, parseCpus, parseCpuSpec, parseDiskSpec, parseLifecycleAction, parseMac, parsePciSpec, parseUuid,
  parseVfbSpec, parseVifSpec,
} from '../../dist/src/model/domain-values.js';
import { compileDomainConfig } from '../../dist/src/model/domain-compile.js';

const pick = (d) => ({ protocol: d.protocol, driver: d.driver, target: d.target, vdev: d.vdev, devType: d.devType, mode: d.mode });

test('disk: phy, file, w!, tap drivers, iscsi, drbd', () => {
  assert.equal(pick(parseDiskSpec('phy:/dev/vg/lv,xvda,w')), { protocol: 'phy', driver: undefined, target: '/dev/vg/lv', vdev: 'xvda', devType: undefined, mode: 'w' });
  assert.equal(pick(parseDiskSpec('file:/img,hda,w!')), { protocol: 'file', driver: undefined, target: '/img', vdev: 'hda', devType: undefined, mode: 'w!' });
  assert.equal(pick(parseDiskSpec('tap:aio:/img,xvdb,r')), { protocol: 'tap', driver: 'aio', target: '/img', vdev: 'xvdb', devType: undefined, mode: 'r' });
  assert.equal(pick(parseDiskSpec('tap:qcow2:/var/x.qcow2,xvdc,w')).driver, 'qcow2');
  assert.equal(pick(parseDiskSpec('tap:tapdisk:aio:/var/x.img,xvdc,w')), { protocol: 'tap', driver: 'aio', target: '/var/x.img', vdev: 'xvdc', devType: undefined, mode: 'w' });
  assert.equal(pick(parseDiskSpec('iscsi:iqn.2001-04.com.example:storage.disk1,xvdd,w')).target, 'iqn.2001-04.com.example:storage.disk1');
  assert.equal(pick(parseDiskSpec('drbd:r0,xvde,w')).target, 'r0');
  for (const s of ['phy:/dev/vg/lv,xvda,w', 'file:/img,hda,w!', 'tap:aio:/img,xvdb,r', 'iscsi:iqn.x:y,xvdd,w', 'drbd:r0,xvde,w', 'phy:hda1,hda1,w', 'phy:sda6,sda6,r']) {
    const d = parseDiskSpec(s);
    assert.equal([d.errors, d.warnings], [[], []], s);
  }
});

test('disk: cdrom suffix, empty drive, ioemu prefix, backend and abi fields', () => {
  const empty = parseDiskSpec(',hdc:cdrom,r');
  assert.equal([empty.protocol, empty.uname, empty.vdev, empty.devType, empty.errors, empty.warnings], ['', '', 'hdc', 'cdrom', [], []]);
  const cd = parseDiskSpec('phy:/dev/cdrom,hdc:cdrom,r');
  assert.equal([cd.vdev, cd.devType, cd.errors], ['hdc', 'cdrom', []]);
  const io = parseDiskSpec('file:/x.img,ioemu:hda,w');
  assert.equal([io.vdev, io.ioemu, io.errors], ['hda', true, []]);
  const five = parseDiskSpec('phy:/dev/sdb,xvdb,w,driverdom,x86_32-abi');
  assert.equal([five.backend, five.abi, five.errors, five.warnings], ['driverdom', 'x86_32-abi', [], []]);
});

test('disk: errors and warnings with offsets', () => {
  const xl = parseDiskSpec('/dev/vg/guest-volume,raw,xvda,rw');
  // xl's `target,format,vdev,access`: one finding for the whole entry, naming the xm form
  assert.equal(xl.errors.map((e) => [e.start, e.end]), [[0, 32]]);
  assert.match(xl.errors[0].message, /is xl disk syntax .* e\.g\. `phy:\/dev\/vg\/guest-volume,xvda,w`/);
  assert.equal(xl.warnings, []);
  const noPrefix = parseDiskSpec('/dev/vg/web,xvda,w');
  assert.equal(noPrefix.errors.map((e) => [e.start, e.end, /no type prefix/.test(e.message)]), [[0, 11, true]]);
  assert.match(parseDiskSpec('phy:/dev/x,xvda,rw').errors[0].message, /invalid disk mode `rw`.*xm uses `w`/);
  assert.match(parseDiskSpec('phy:a,xvda').errors[0].message, /Invalid disk specifier/);
  assert.match(parseDiskSpec('a:b,c,w,d,e,f').errors[0].message, /found 6/);
  assert.match(parseDiskSpec('phy:a, xvda,w').warnings[0].message, /xm does not strip/);
  assert.match(parseDiskSpec('nfs:server:/x,xvda,w').warnings[0].message, /block-nfs/);
  assert.match(parseDiskSpec('tap:foo:/x,xvda,w').warnings[0].message, /unknown blktap driver `foo`/);
  assert.match(parseDiskSpec('phy:/dev/x,vda,w').warnings[0].message, /unrecognised virtual device/);
  assert.match(parseDiskSpec('file:img,xvda,w').warnings[0].message, /relative/);
  assert.match(parseDiskSpec('phy:,xvda,w').errors[0].message, /no device/);
  const d = parseDiskSpec('phy:/dev/vg/lv,xvda,w');
  assert.equal(d.fields, [{ start: 0, end: 14 }, { start: 15, end: 19 }, { start: 20, end: 21 }]);
  assert.equal([d.targetStart, d.targetEnd], [4, 14]);
});

test('vif: keys, values with offsets, MAC bits', () => {
  const v = parseVifSpec('mac=00:16:3e:01:02:03, bridge=xenbr0,ip=10.0.0.2,script=vif-bridge,vifname=web0,type=ioemu,model=e1000,rate=10Mb/s,backend=0,accel=x');
  assert.equal(v.errors, []);
  assert.equal(v.warnings, []);
  assert.equal(v.values.bridge, 'xenbr0');
  const bridge = v.pairs.find((p) => p.key === 'bridge');
  assert.equal(v.raw.slice(bridge.valueStart, bridge.valueEnd), 'xenbr0');
  assert.equal(v.raw.slice(bridge.keyStart, bridge.keyEnd), 'bridge');
  assert.equal(v.mac, { value: '00:16:3e:01:02:03', valid: true, multicast: false, locallyAdministered: false, xenOui: true, allZero: false });
  assert.equal(parseMac('02:00:00:00:00:01').locallyAdministered, true);
  assert.equal(parseMac('01:00:5e:00:00:01').multicast, true);
  assert.match(parseVifSpec('mac=01:00:5e:00:00:01').errors[0].message, /multicast/);
  assert.match(parseVifSpec('mac=00:16:3e:1:2:3').errors[0].message, /invalid MAC/);
  assert.equal(parseVifSpec('').pairs, []);
  assert.equal(parseVifSpec('  ').errors, []);
});

test('vif: unknown keys, pieces without =, duplicates, bad names and rates', () => {
  const v = parseVifSpec('mac=00:16:3e:00:00:01,bridge=xenbr0,colour=blue,xenbr1');
  assert.equal(v.unknownKeys, ['colour']);
  assert.equal(v.errors.map((e) => e.message), [
    'Invalid vif option: colour (xm accepts backend, bridge, ip, mac, script, type, vifname, rate, model, accel, policy, label)',
    '`xenbr1` should be a pair, separated by an equals sign',
  ]);
  assert.equal(v.errors.map((e) => v.raw.slice(e.start, e.end)), ['colour', 'xenbr1']);
  assert.match(parseVifSpec('bridge=a,bridge=b').warnings[0].message, /given twice/);
  assert.equal(parseVifSpec('bridge=a,bridge=b').values.bridge, 'b');
  assert.match(parseVifSpec('vifname=averyveryverylongname').errors[0].message, /not a valid Linux interface name/);
  assert.match(parseVifSpec('rate=fast').warnings[0].message, /rate/);
  assert.match(parseVifSpec('model=nic9000').warnings[0].message, /unknown emulated NIC model/);
  assert.match(parseVifSpec('ip=10.0.0.300').warnings[0].message, /not an IPv4/);
  assert.equal(parseVifSpec('__proto__=x').values.__proto__, 'x');
});

test('vfb', () => {
  assert.equal(parseVfbSpec('type=vnc,vncunused=1,vnclisten=127.0.0.1,keymap=en-us').errors, []);
  assert.equal(parseVfbSpec('type=sdl').errors, []);
  assert.equal(parseVfbSpec('vnc=1,vncdisplay=3,vncpasswd=secret').errors, []);
  assert.match(parseVfbSpec('type=rdp').errors[0].message, /unknown to vfbs/);
  assert.match(parseVfbSpec('colour=1').errors[0].message, /configuration option colour unknown to vfbs/);
  assert.match(parseVfbSpec('vncdisplay=x').errors[0].message, /non-negative integer/);
  assert.match(parseVfbSpec('vncunused=yes').warnings[0].message, /expected 0 or 1/);
});

test('pci', () => {
  assert.equal(parsePciSpec('01:00.0'), { raw: '01:00.0', domain: 0, bus: 1, slot: 0, func: 0, options: {}, errors: [], warnings: [] });
  const p = parsePciSpec('0000:03:1f.7@5,msitranslate=1,power_mgmt=0');
  assert.equal([p.domain, p.bus, p.slot, p.func, p.vslot, p.options, p.errors], [0, 3, 31, 7, 5, { msitranslate: '1', power_mgmt: '0' }, []]);
  assert.equal(parsePciSpec('02:00.*').func, '*');
  assert.match(parsePciSpec('xx').errors[0].message, /not a PCI address/);
  assert.match(parsePciSpec('01:20.0').errors[0].message, /above 0x1f/);
  assert.match(parsePciSpec('01:00.8').errors[0].message, /not a PCI address/);
  assert.match(parsePciSpec('01:00.0,foo=1').warnings[0].message, /unknown PCI option/);
  assert.match(parsePciSpec('01:00.0,msitranslate=2').errors[0].message, /expected 0 or 1/);
});

test('uuid', () => {
  assert.equal(parseUuid('0004fb00-0006-0000-1c8a-3a2b5d5e6f70'), { valid: true, canonical: true, nil: false, normalized: '0004fb00-0006-0000-1c8a-3a2b5d5e6f70' });
  assert.equal(parseUuid('0004FB0000060000-1C8A3A2B5D5E6F70').normalized, '0004fb00-0006-0000-1c8a-3a2b5d5e6f70');
  assert.equal(parseUuid('0004FB0000060000-1C8A3A2B5D5E6F70').canonical, false);
  assert.equal(parseUuid('not-a-uuid').valid, false);
  assert.equal(parseUuid('00000000-0000-0000-0000-000000000000').nil, true);
});

test('cpus: xend order-dependent semantics, list form', () => {
  assert.equal(parseCpuSpec('0-3,^1').cpus, [0, 2, 3]);
  assert.equal(parseCpuSpec('0-3,5,^1').cpus, [0, 2, 3, 5]);
  const early = parseCpuSpec('^1,0-3');
  assert.equal(early.cpus, [0, 1, 2, 3]);
  assert.match(early.warnings[0].message, /only remove what comes earlier/);
  assert.match(parseCpuSpec('0,,1').errors[0].message, /empty/);
  assert.match(parseCpuSpec('a').errors[0].message, /not a CPU number/);
  assert.match(parseCpuSpec('1-a').errors[0].message, /not a CPU range/);
  assert.match(parseCpuSpec('3-1').warnings[0].message, /empty CPU range/);
  assert.equal(parseCpuSpec(' 2 , 3').cpus, [2, 3]);
  assert.equal(parseCpus(['0-1', '2']).perVcpu, [[0, 1], [2]]);
  assert.equal(parseCpus(3).cpus, [3]);
  assert.equal(parseCpus(['0', 'x']).errors.map((e) => e.index), [1]);
  assert.equal(parseCpus(null).errors.length, 1);
});

test('on_* actions', () => {
  assert.equal(parseLifecycleAction('on_crash', 'coredump-restart').valid, true);
  assert.equal(parseLifecycleAction('on_reboot', 'rename-restart').valid, true);
  const bad = parseLifecycleAction('on_reboot', 'coredump-destroy');
  assert.equal(bad.valid, false);
  assert.match(bad.message, /only valid for on_crash/);
  assert.equal(parseLifecycleAction('on_poweroff', 'reboot').valid, false);
});

test('locateInLiteral maps string offsets to source spans when the literal has no escapes', () => {
  const text = "disk = ['phy:/dev/vg/lv,xvda,rw', 'file:/a\\x41,hda,w']\n";
  const m = compileDomainConfig(text, 'x.cfg');
  const [first, second] = m.vars.get('disk').elementSpans;
  const d = parseDiskSpec(m.vars.get('disk').value[0]);
  const e = d.errors[0];
  const span = locateInLiteral(m, first, e.start, e.end);
  assert.is(text.slice(span.start.offset, span.end.offset), 'rw');
  assert.equal([span.start.line, span.start.column], [1, 30]);
  // with an escape the characters no longer map 1:1: the whole literal is returned
  assert.equal(locateInLiteral(m, second, 0, 4), second);
});

test.run();
