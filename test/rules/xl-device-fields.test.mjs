// xl's small device languages (spec §10.1, §10.4, §10.5) as xl_parse.c reads
// them: strtok fields with only blanks skipped, pairs trimmed, atoi numbers,
// which problems make xl create exit; and where XD3111–XD3114 report them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkChannel, checkUsbctrl, checkUsbdev, checkVfb, checkVtpm, strtokFields } from '../../dist/src/model/xl-device-fields.js';
import { compileXlConfig } from '../../dist/src/model/xlcfg-compile.js';
import { lintModels } from '../../dist/src/lint/engine.js';
import { rules } from '../../dist/rules/index.js';

const messages = (problems) => problems.map((p) => p.message);

test('strtok fields: empty fields vanish, leading blanks (not tabs) are skipped, offsets point into the element', () => {
  assert.equal(strtokFields(',, a=1,\tb=2,'), [{ start: 3, end: 6, text: 'a=1' }, { start: 7, end: 11, text: '\tb=2' }]);
});

test('vfb: known keys clean; xm keys and unknown keys ignored; a field without = ends the entry; atoi flags', () => {
  assert.equal(checkVfb(' vnc=1, vnclisten=0.0.0.0,vncdisplay=1,keymap=de,sdl=0,opengl=0,vncunused=1,display=:0,xauthority=/x,vncpasswd=s'), []);
  assert.match(messages(checkVfb('type=sdl'))[0], /VNC framebuffer, not SDL/);
  assert.match(messages(checkVfb('type=vnc'))[0], /VNC is its default/);
  assert.match(messages(checkVfb('vnc =1'))[0], /unknown vfb key `vnc '.*blanks/);
  assert.equal(checkVfb('vnc=1,sdl,vnclisten=::,keymap=de').length, 1);
  assert.match(messages(checkVfb('vnc=1,sdl,vnclisten=::,keymap=de'))[0], /`vnclisten=::', `keymap=de' are ignored too/);
  assert.match(messages(checkVfb('vncdisplay=one'))[0], /vncdisplay=0/);
  assert.equal(checkVfb('vnc=1x'), [], 'atoi reads 1 from 1x');
  assert.ok(checkVfb('type=sdl').every((p) => !p.fatal));
});

test('usbctrl: type is case-insensitive; an unknown field or type is fatal and ends the parse; ranges', () => {
  assert.equal(checkUsbctrl('type=DeviceModel,version=2,ports=15'), []);
  const unknown = checkUsbctrl('ports=4,speed=high,version=9');
  assert.equal(unknown.length, 1);
  assert.ok(unknown[0].fatal);
  assert.is(unknown[0].message, "Unknown string `speed=high' in usbctrl spec");
  assert.ok(checkUsbctrl('type=ehci')[0].fatal);
  assert.match(messages(checkUsbctrl('version=4'))[0], /version 4 does not exist/);
  assert.match(messages(checkUsbctrl('ports=32'))[0], /out of range/);
  assert.match(messages(checkUsbctrl('ports=many'))[0], /read as 0/);
  assert.ok(checkUsbctrl('')[0] === undefined, 'an empty usbctrl is all defaults');
});

test('usbdev: strtoul base 0 for hostbus/hostaddr; both needed; only hostdev', () => {
  assert.equal(checkUsbdev('hostbus=0x1,hostaddr=010'), []);
  assert.match(messages(checkUsbdev('hostbus=1'))[0], /no hostaddr/);
  assert.match(messages(checkUsbdev('type=hostdev,hostbus=x,hostaddr=2'))[0], /hostbus=x is read as 0/);
  assert.ok(checkUsbdev('type=mouse,hostbus=1,hostaddr=2')[0].fatal);
});

test('channel: pairs are trimmed; connection exact; socket needs path; a field without a value is fatal', () => {
  assert.equal(checkChannel(' name = agent , connection = socket , path = /run/a.sock '), []);
  assert.equal(checkChannel('name=c2,connection=pty,backend=0'), []);
  assert.match(messages(checkChannel('name=a,connection=Socket,path=/x'))[0], /unknown channel connection 'Socket'/);
  assert.is(messages(checkChannel('name=a,connection=socket'))[0], "channel connection 'socket' requires path=..");
  assert.match(messages(checkChannel('name=a,connection'))[0], /failed to parse channel configuration: connection/);
  assert.match(messages(checkChannel('name=a,connection='))[0], /failed to parse/);
  const unknown = checkChannel('name=a,connection=pty,type=serial');
  assert.equal(unknown.map((p) => p.fatal), [false]);
  assert.match(unknown[0].message, /unknown channel parameter 'type', ignoring/);
  assert.match(messages(checkChannel('connection=pty'))[0], /no name=/);
});

test('vtpm: backend required; uuid as libxl reads it; any other key fatal; a field without = ends the element', () => {
  assert.equal(checkVtpm('backend=vtpm1, uuid=B5F2AD39-AD4C-4F46-8B7C-2BFC18B3C4F3'), []);
  assert.is(messages(checkVtpm('instance=1,backend=0'))[0].startsWith("Unknown string `instance' in vtpm spec"), true);
  assert.match(messages(checkVtpm('backend=v,uuid=b5f2ad39ad4c4f468b7c2bfc18b3c4f3'))[0], /Failed to parse vtpm UUID/);
  const cut = checkVtpm('backend=v,x,uuid=bad');
  assert.equal(cut.map((p) => p.fatal), [false]);
  assert.match(cut[0].message, /`uuid=bad' is ignored too/);
  assert.match(messages(checkVtpm('uuid=b5f2ad39-ad4c-4f46-8b7c-2bfc18b3c4f3'))[0], /missing required backend/);
});

function lint(text) {
  const model = compileXlConfig(text, 'etc/xen/auto/d.cfg');
  return lintModels({ toolstack: 'xl', sysconfig: undefined, domains: [model] }, { rules }).filter((d) => /^XD311[1-4]$/.test(d.code));
}

test('rules report each element at its own string, stop at a nested list as xl does, and ignore xm configs', () => {
  const found = lint('name = "d"\npci = [ "01:00.0", "01:00.0,foo=1" ]\nvfb = [ "type=sdl" ]\nusbctrl = [ "speed=1" ]\nchannel = [ "connection=pty", [ "x" ], "bad" ]\n');
  assert.equal(found.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column}`), ['XD3111 2:20', 'XD3112 3:9', 'XD3113 4:13', 'XD3114 5:13']);
  assert.equal(lint('name = "d"\npci = "01:00.0,foo=1"\n'), [], 'a string where a list is wanted is XD3102\'s');
});

test.run();
