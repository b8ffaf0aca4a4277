// parseVifMac's shortcut for plain MACs (six colon-separated groups of one or
// two hex digits) against readVifMac, the group-by-group strtoul reading it
// stands in for: the same `ok` and the same kept MAC on plain, nearly plain and
// generated texts (seeded).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mulberry32 } from '../helpers.mjs';
import { parseVifMac, readVifMac } from '../../dist/src/model/xl-vif.js';

const same = (value) => assert.equal(parseVifMac(value), readVifMac(value), JSON.stringify(value));

test('plain MACs: the shortcut keeps what strtoul reads', () => {
  for (const v of ['00:16:3e:00:00:05', '00:16:3E:AB:cd:Ef', 'ff:ff:ff:ff:ff:ff', '0:1:2:3:4:5', 'a:0B:c:0d:E:f', '00:16:3e:0:00:5']) {
    same(v);
    assert.ok(parseVifMac(v).ok, v);
  }
  assert.is(parseVifMac('00:16:3E:AB:cd:Ef').kept, '00:16:3e:ab:cd:ef');
  assert.is(parseVifMac('0:1:2:3:4:5').kept, '00:01:02:03:04:05');
});

test('texts the shortcut must leave to the full reading', () => {
  for (const v of ['', '00:16:3e:00:00', '00:16:3e:00:00:05:', '00:16:3e:00:00:05:07', '00:16:3e:zz:00:01', '000:16:3e:00:00:05', '0x0:16:3e:00:00:05',
    '00-16-3e-00-00-05', ' 00:16:3e:00:00:05', '00:16:3e:00:00:05 ', '+0:16:3e:00:00:05', '-0:16:3e:00:00:05', '00:16:3e:00:00:100', '00::3e:00:00:05',
    '00:16:3e:00:00:05\n', '00.16.3e.00.00.05']) same(v);
});

test('5,000 generated MAC-like texts', () => {
  const r = mulberry32(3106);
  const pieces = ['0', '00', '16', '3e', '3E', 'ff', 'fff', '100', 'zz', '0x1', '0X', '', ' ', '+1', '-1', 'a', 'F'];
  const seps = [':', ':', ':', '-', '', ' ', '\n', '::'];
  for (let n = 0; n < 5000; n++) {
    const k = 4 + Math.floor(r() * 4);
    let v = '';
    for (let g = 0; g < k; g++) v += (g ? seps[Math.floor(r() * seps.length)] : '') + pieces[Math.floor(r() * pieces.length)];
    same(v);
  }
});

test.run();
