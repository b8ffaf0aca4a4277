// Differential test of the disk specification language: our parseXlDisk against
// libxlutil's xlu_disk_parse (Debian 4.17) on the spec's §8 examples, the
// corpus's disk strings and thousands of generated specs (seeded).
import { testIf } from '../tools.mjs';
import { mulberry32 } from '../helpers.mjs';
import { assertAgree, libxluMissing, parseDisksWithLibxlu } from './libxlu.mjs';
import { DISK_BACKENDS, DISK_FORMATS, diskErrorMessage, parseXlDisk } from '../../dist/src/model/xl-disk.js';

const missing = libxluMissing();
const test = testIf(!missing, missing ?? '');

function ours(spec) {
  const d = parseXlDisk(spec);
  return {
    rc: d.errors.length ? 22 : 0,
    report: d.errors.map((e) => `f.cfg: ${diskErrorMessage(e, spec)}\n`).join(''),
    target: d.target, vdev: d.vdev, script: d.script, backend: d.backend,
    format: DISK_FORMATS.indexOf(d.format), backendtype: DISK_BACKENDS.indexOf(d.backendtype),
    readwrite: d.readwrite ? 1 : 0, cdrom: d.cdrom ? 1 : 0, removable: d.removable ? 1 : 0,
  };
}

function agree(specs, label) {
  assertAgree(specs, ours, parseDisksWithLibxlu(specs), label);
}

export const DISK_EXAMPLES = [
  '/dev/vg/guest-volume,,hda', '/dev/vg/guest-volume,raw,hda,rw', 'format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume',
  'raw:/dev/vg/guest-volume,hda,w', ',hdc:cdrom,r', 'vdev=hdc,devtype=cdrom', 'cdrom,vdev=hdc', 'phy:/dev/vg/x,xvda,w!', '/dev/vg/x,xvda,w',
  'tap:sync:/img,xvda,w', 'tap:vmdk:/img,xvda,w', 'tap:ram:/x,xvda,w', 'myscript:/data,xvda,w', 'phy:/dev/x , xvda , w', 'target=/x, vdev=xvda',
  'phy:/dev/x', 'phy:/dev/x,xvda,w,extra', 'devtype=floppy,vdev=xvda,target=/x', 'backendtype=blktap,vdev=xvda,target=/x', '/x,vmdk,xvda',
  'tap:aio:/srv/a.img,xvda,w', 'tap2:tapdisk:aio:/x,xvda,w', 'tap:qcow2:/x,xvda,w', 'iscsi:iqn.2001-05.com.example:db,xvdc,w',
  'file:/srv/iso/inst.iso,hdc:cdrom,r', 'ioemu:hda', 'phy:/dev/x,ioemu:hda,w', 'Format=raw,vdev=xvda,target=/x', 'foo=,vdev=xvda,target=/x',
  'foo=bar,vdev=xvda,target=/x', 'grant_usage=2,vdev=xvda', 'trusted,vdev=xvda,target=/x', '/x,raw,xvda,vdev=xvdb', 'vdev=xvda,vdev=xvdb,target=/x',
  'format=raw,format=qcow2,vdev=xvda,target=/x', 'format=raw,format=raw,vdev=xvda,target=/x', 'backend=dom1,backend=dom2,vdev=xvda,target=/x',
  'script=block-drbd,vdev=xvdd,target=res0', 'drbd:res0,xvdd,w', 'nbd:host:1234,xvda,w', 'vhd:/x.vhd,xvda,w', 'qcow:/x,xvda', 'phy:sda1,xvda,w',
  '', ',', ',,', ',,,', ',,,,', 'xvda', '/x,raw', '/x,raw,xvda,rw,', '/x,raw,xvda,rw,,', '/x,,xvda,r', '/x,,xvda,ro', '/x,,xvda,w', '/x,,xvda,', '=',
  '/x,raw,xvda=1', 'vdev=xvda,target=', 'vdev=,vdev=xvda,target=/x', 'target=,target=/x,vdev=xvda', 'access=r,access=w,vdev=xvda,target=/x',
  'colo-port=0,vdev=xvda,target=/x', 'colo-port=12,colo,no-colo,colo-host=h,vdev=xvda,target=/x', 'direct-io-safe,discard,no-discard,vdev=xvda,target=/x',
  'specification=virtio,backendtype=standalone,vdev=xvda,target=/x', 'specification=foo,vdev=xvda', '  /x,raw,xvda', '/x,raw,xvda  ', '\t/x,\traw,\txvda',
  '/x,raw,\nxvda', 'a\nb,raw,xvda', 'hdc:cdrom', ',hdc:floppy,r', ',raw,hdc:cdrom', 'devtype=disk,vdev=xvda,target=/x', 'devtype=cdrom',
  'phy:', 'phy:,xvda', 'tap:', 'x:', 'x:1,xvda', 'a1:/x,xvda', 'A:/x,xvda', '/x:y,raw,xvda', 'backendtype=phy,backendtype=tap,vdev=xvda,target=/x',
];

test('spec §8 examples and edge cases', () => {
  agree(DISK_EXAMPLES, 'example');
});


const PIECES = ['phy:', 'file:', 'tap:', 'aio:', 'tap2:', 'raw:', 'qcow2:', 'iscsi:', 'sync:', 'foo:', 'ioemu:', '/dev/vg/x', '/srv/a.img', 'sda1', '',
  'raw', 'qcow2', 'vmdk', 'empty', 'xvda', 'hda', 'hdc:cdrom', 'hdc:disk', 'hdc:x', 'w', 'r', 'rw', 'ro', 'w!', 'format=raw', 'format=', 'format=qed',
  'vdev=xvdb', 'vdev=', 'access=r', 'access=x', 'target=/t', 'target=/t,x', 'backend=1', 'backendtype=qdisk', 'backendtype=x', 'script=s', 'cdrom',
  'devtype=cdrom', 'devtype=disk', 'devtype=zip', 'discard', 'no-discard', 'direct-io-safe', 'colo-port=1', 'foo=b', 'foo=', 'X=1', '=', ' ', '  ', '\t', ':', 'a:b'];

test('4,000 generated disk specs', () => {
  const r = mulberry32(8);
  const specs = [];
  for (let n = 0; n < 4000; n++) {
    const parts = [];
    const k = 1 + Math.floor(r() * 6);
    for (let i = 0; i < k; i++) {
      let p = PIECES[Math.floor(r() * PIECES.length)];
      if (p.endsWith(':') && r() < 0.8) p += PIECES[Math.floor(r() * 12)];
      parts.push(p);
    }
    specs.push(parts.join(r() < 0.1 ? ' , ' : ','));
  }
  agree(specs, 'generated');
});

test.run();
