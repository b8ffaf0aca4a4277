import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { checkstyle, xmlAttr } from '../../dist/src/report/checkstyle.js';
import { report } from './fixture.mjs';

test('checkstyle: exact document, style reported as info', () => {
  assert.fixture(
    checkstyle(report(), { color: true }),
    [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<checkstyle version="4.3">',
      '  <file name="etc/sysconfig/xendomains">',
      '    <error line="1" column="1" severity="info" message="whole-file note" source="xendomains.XD9001"/>',
      '    <error line="3" column="21" severity="warning" message="XENDOMAINS_RESTORE is &quot;maybe&quot;: expected true, false; 100% &lt;&amp;&gt;&apos;&#10;see docs" source="xendomains.XD2003"/>',
      '  </file>',
      '  <file name="etc/xen/auto/wéb 1,a.cfg">',
      '    <error line="1" column="1" severity="info" message="spans two lines" source="xendomains.XD3999"/>',
      '    <error line="1" column="8" severity="error" message="domain name &quot;wéb-日本&quot; is not a safe file name" source="xendomains.XD3001"/>',
      '  </file>',
      '</checkstyle>',
      '',
    ].join('\n'),
  );
});

test('checkstyle: a clean run is still a well-formed document', () => {
  assert.is(checkstyle(report({ diagnostics: [] }), { color: false }), '<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n</checkstyle>\n');
});

test('xmlAttr: characters XML 1.0 forbids are replaced, whitespace kept as references', () => {
  assert.is(xmlAttr('a\u0000b\u001bc\u000bd\ufffe\uffff'), 'a\ufffdb\ufffdc\ufffdd\ufffd\ufffd');
  assert.is(xmlAttr('t\tr\rn\n'), 't&#9;r&#13;n&#10;');
  assert.is(xmlAttr('\ud800x\udc00'), '\ufffdx\ufffd');
  assert.is(xmlAttr('😀é'), '😀é');
});

// XML 1.0 Char production, minus what may not appear raw in a "-quoted attribute.
const LEGAL_ATTR = /^(?:[\u0020-\u0021\u0023-\u0025\u0028-\u003b\u003d\u003f-\ud7ff\ue000-\ufffd]|[\ud800-\udbff][\udc00-\udfff]|&(?:amp|lt|gt|quot|apos|#\d+);)*$/;
const decode = (s) =>
  s.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, e) =>
    ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ?? String.fromCodePoint(Number(e.slice(1))),
  );
const ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

test('xmlAttr (property): output is always a legal attribute value and decodes back', () => {
  const anyUnit = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)) });
  fc.assert(
    fc.property(fc.oneof(anyUnit, fc.string({ unit: 'binary' })), (text) => {
      const out = xmlAttr(text);
      assert.ok(LEGAL_ATTR.test(out), JSON.stringify(out));
      assert.is(decode(out), text.replace(ILLEGAL, '\ufffd'));
    }),
  );
});

test.run();
