// scanSaveDir: how the restore phase sees XENDOMAINS_SAVE (hidden entries,
// byte order, the LinuxGuestRecord signature, the name stored in the image).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scanSaveDir, imageDomainName } from '../../dist/src/plan/state.js';

const enc = new TextEncoder();

/** What `xm save` writes: signature, big-endian config length, config SXP, then memory pages. */
function image(config, { cut, length } = {}) {
  const body = enc.encode(config);
  const out = new Uint8Array(20 + body.length + 32);
  out.set(enc.encode('LinuxGuestRecord'), 0);
  new DataView(out.buffer).setUint32(16, length ?? body.length, false);
  out.set(body, 20);
  out.fill(0xee, 20 + body.length); // page data after the config
  return cut === undefined ? out : out.subarray(0, cut);
}
const CONFIG = (name) =>
  `(domain (domid 3) (on_crash restart) (uuid 7b2f9e41-c6a3-4d85-b1e7-3a9c5d2f8e16) (bootloader_args -q) (vcpus 2) (name ${name}) (on_poweroff destroy) (image (linux (kernel ) (name inner))) (device (vbd (uname phy:/dev/vg0/x) (mode w))))`;

const file = (name, head) => ({ name, type: 'file', head, size: head.length });

test('image: signature, name from the config inside', () => {
  const [e] = scanSaveDir([file('mail', image(CONFIG('mail')))]);
  assert.equal(e, { name: 'mail', kind: 'image', imageName: 'mail' });
});

test('the stored name is what counts, not the file name; quoted names are unquoted', () => {
  const out = scanSaveDir([file('renamed-by-admin', image(CONFIG("'db+1'")))]);
  assert.equal(out, [{ name: 'renamed-by-admin', kind: 'image', imageName: 'db+1' }]);
});

test('truncated head: name found if it came before the cut, else none', () => {
  const full = image(CONFIG('web1'));
  const cutAfter = CONFIG('web1').indexOf('(name web1)') + '(name web1)'.length + 20;
  assert.equal(scanSaveDir([file('a', full.subarray(0, cutAfter))])[0], { name: 'a', kind: 'image', imageName: 'web1' });
  assert.equal(scanSaveDir([file('b', full.subarray(0, cutAfter - 2))])[0], { name: 'b', kind: 'image' }, '(name we… is not a name');
  assert.equal(scanSaveDir([file('c', full.subarray(0, 18))])[0], { name: 'c', kind: 'image' });
});

test('images without a readable config still count as images', () => {
  for (const head of [image(CONFIG('x'), { length: 0 }), image(CONFIG('x'), { length: 0xffffffff }), image('garbage ((('), image('(vm (name x))')]) {
    assert.equal(scanSaveDir([file('i', head)]), [{ name: 'i', kind: 'image' }]);
  }
  assert.is(imageDomainName(image('(domain (name))')), undefined);
});

test('not-image, empty, unreadable, directory, symlinks, other', () => {
  const entries = [
    file('README', enc.encode('saved domains go here\n')),
    file('short', enc.encode('LinuxGuest')),
    file('newline', enc.encode('LinuxGuestRec\nrdXXXXXXXX')),
    file('lowercase', enc.encode('linuxguestrecord....')),
    file('zero', new Uint8Array(0)),
    { name: 'zero-no-head', type: 'file', size: 0 },
    { name: 'perm-denied', type: 'file', size: 4096 },
    { name: 'lost+found', type: 'dir' },
    { name: 'link-to-dir', type: 'symlink-dir' },
    { name: 'link-to-image', type: 'symlink-file', head: image(CONFIG('build')), size: 1 << 20 },
    { name: 'dangling', type: 'broken-symlink' },
    { name: 'fifo', type: 'other' },
  ];
  const byName = Object.fromEntries(scanSaveDir(entries).map((e) => [e.name, e]));
  assert.equal(
    Object.fromEntries(Object.entries(byName).map(([k, v]) => [k, v.kind])),
    {
      README: 'not-image',
      short: 'not-image',
      newline: 'not-image',
      lowercase: 'not-image',
      zero: 'empty',
      'zero-no-head': 'empty',
      'perm-denied': 'unreadable',
      'lost+found': 'directory',
      'link-to-dir': 'directory',
      'link-to-image': 'image',
      dangling: 'unreadable',
      fifo: 'not-image',
    },
  );
  assert.is(byName['link-to-image'].imageName, 'build');
});

test('hidden entries are excluded, like the glob', () => {
  const out = scanSaveDir([
    { name: '.hidden', type: 'file', head: image(CONFIG('h')) },
    { name: '..', type: 'dir' },
    { name: '.', type: 'dir' },
    { name: 'visible', type: 'dir' },
  ]);
  assert.equal(out.map((e) => e.name), ['visible']);
});

test('byte order of name (C locale): uppercase before lowercase, UTF-8 after ASCII', () => {
  const names = ['a', 'B', 'é', '_x', 'Z', 'web10', 'web2', 'A', 'z', '1'];
  const out = scanSaveDir(names.map((name) => ({ name, type: 'dir' })));
  assert.equal(out.map((e) => e.name), ['1', 'A', 'B', 'Z', '_x', 'a', 'web10', 'web2', 'z', 'é']);
});

test('code point order, not UTF-16 order: an astral character sorts after U+FFxx', () => {
  const out = scanSaveDir([{ name: '😀', type: 'dir' }, { name: '\uff5e', type: 'dir' }]);
  assert.equal(out.map((e) => e.name), ['\uff5e', '😀']);
});

test('empty directory, and the input is not modified', () => {
  assert.equal(scanSaveDir([]), []);
  const input = [{ name: 'b', type: 'dir' }, { name: 'a', type: 'dir' }];
  scanSaveDir(input);
  assert.equal(input.map((e) => e.name), ['b', 'a']);
});

test.run();
