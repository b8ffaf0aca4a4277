import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gcc } from '../../dist/src/report/gcc.js';
import { report } from './fixture.mjs';

test('gcc: one line per finding, info and style become note', () => {
  assert.fixture(
    gcc(report(), { color: true }),
    [
      'etc/sysconfig/xendomains:1:1: note: whole-file note [XD9001/file-note]',
      // The embedded newline must not split the finding over two lines.
      'etc/sysconfig/xendomains:3:21: warning: XENDOMAINS_RESTORE is "maybe": expected true, false; 100% <&>\' see docs [XD2003/restore-not-boolean]',
      'etc/xen/auto/wéb 1,a.cfg:1:1: note: spans two lines [XD3999/unregistered]',
      'etc/xen/auto/wéb 1,a.cfg:1:8: error: domain name "wéb-日本" is not a safe file name [XD3001/bad-name]',
      '',
    ].join('\n'),
  );
});

test('gcc: empty report prints nothing', () => {
  assert.is(gcc(report({ diagnostics: [] }), { color: false }), '');
});

test('gcc: control characters never reach the output, tabs and CRLF handled', () => {
  const r = report();
  const d = { ...r.diagnostics[1], message: 'a\r\nb\rc\td\u001b[31me\u0000' };
  const out = gcc({ ...r, diagnostics: [d] }, { color: false });
  assert.is(out, 'etc/sysconfig/xendomains:3:21: warning: a b c\td\\x1b[31me\\x00 [XD2003/restore-not-boolean]\n');
});

test.run();
