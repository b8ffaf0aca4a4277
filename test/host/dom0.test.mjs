// The dom0 test: privcmd under /proc/xen or /dev/xen, and /proc/xen/capabilities
// (when present) saying control_d — a guest with xenfs mounted has privcmd too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDom0 } from '../../dist/src/host/dom0.js';
import { cleanup, tmpHost } from '../helpers.mjs';

test.after(cleanup);

function places(files) {
  const dir = tmpHost(files);
  mkdirSync(join(dir, 'proc/xen'), { recursive: true });
  mkdirSync(join(dir, 'dev/xen'), { recursive: true });
  return { procXen: join(dir, 'proc/xen'), devXen: join(dir, 'dev/xen') };
}

test('no privcmd anywhere: not a dom0, and the answer names both places', () => {
  const p = places({});
  const a = checkDom0(p);
  assert.is(a.dom0, false);
  assert.is(a.why, `not a Xen dom0 (neither ${p.procXen}/privcmd nor ${p.devXen}/privcmd exists)`);
});

test('privcmd under /proc/xen (the xm script) or /dev/xen (Xen >= 4.7), no capabilities file: a dom0', () => {
  assert.equal(checkDom0(places({ 'proc/xen/privcmd': '' })), { dom0: true });
  assert.equal(checkDom0(places({ 'dev/xen/privcmd': '' })), { dom0: true });
});

test('capabilities says control_d: a dom0; empty (a guest): not one, with the reason', () => {
  assert.equal(checkDom0(places({ 'proc/xen/privcmd': '', 'proc/xen/capabilities': 'control_d\n' })), { dom0: true });
  const p = places({ 'proc/xen/privcmd': '', 'proc/xen/capabilities': '' });
  writeFileSync(join(p.procXen, 'capabilities'), '');
  const a = checkDom0(p);
  assert.is(a.dom0, false);
  assert.match(a.why, /capabilities does not say control_d: this is a guest/);
});

test.run();
