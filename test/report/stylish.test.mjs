import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { stylish, codeFrame } from '../../dist/src/report/stylish.js';
import { report, SYSCONFIG } from './fixture.mjs';

const ESC = '\u001b';
const stripAnsi = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');

test('stylish: exact layout — grouped by file, aligned columns, frames, summary', () => {
  const expected = [
    'etc/sysconfig/xendomains',
    '  1:1   info     whole-file note  XD9001/file-note',
    '    1 | # xendomains',
    '      | ^',
    '  3:21  warning  XENDOMAINS_RESTORE is "maybe": expected true, false; 100% <&>\'',
    '                 see docs  XD2003/restore-not-boolean',
    // The tab expands to 8 columns in the frame, so the carets sit under "maybe".
    '    3 |         XENDOMAINS_RESTORE=maybe',
    '      |                            ^^^^^',
    '',
    'etc/xen/auto/wéb 1,a.cfg',
    // Multi-line span: underlined to the end of its first line (CR not shown);
    // 日 and 本 are two columns wide each.
    '  1:1  style  spans two lines  XD3999/unregistered',
    '    1 | name = "wéb-日本"',
    '      | ^^^^^^^^^^^^^^^^^',
    '  1:8  error  domain name "wéb-日本" is not a safe file name  XD3001/bad-name',
    '    1 | name = "wéb-日本"',
    '      |        ^^^^^^^^^^',
    '',
    '✖ 4 problems (1 error, 1 warning, 1 info, 1 style)',
    '',
    // Each rule's page once, sorted by code.
    'Rule pages (or `xendomains explain CODE`):',
    '  XD2003/restore-not-boolean  https://xendomains.example/rules/XD2003',
    '  XD3001/bad-name  https://xendomains.example/rules/XD3001',
    '  XD3999/unregistered  https://xendomains.example/rules/XD3999',
    '  XD9001/file-note  https://xendomains.example/rules/XD9001',
    '',
  ].join('\n');
  assert.fixture(stylish(report(), { color: false }), expected);
});

test('stylish: nothing at all for a clean report', () => {
  assert.is(stylish(report({ diagnostics: [] }), { color: false }), '');
  assert.is(stylish(report({ diagnostics: [] }), { color: true }), '');
});

test('stylish: colour only when asked, and the same text underneath', () => {
  const plain = stylish(report(), { color: false });
  const coloured = stylish(report(), { color: true });
  assert.not.ok(plain.includes(ESC));
  assert.ok(coloured.includes(`${ESC}[31merror`), 'error severity in red');
  assert.ok(coloured.includes(`${ESC}[33mwarning`), 'warning severity in yellow');
  assert.is(stripAnsi(coloured), plain);
});

test('stylish: summary counts and plurals; style count only when present', () => {
  const r = report();
  const one = stylish({ ...r, diagnostics: [r.diagnostics[1]] }, { color: false });
  assert.ok(one.includes('\n✖ 1 problem (0 errors, 1 warning, 0 infos)\n'), one);
  const errors = stylish({ ...r, diagnostics: [r.diagnostics[3], r.diagnostics[3]] }, { color: false });
  assert.ok(errors.includes('✖ 2 problems (2 errors, 0 warnings, 0 infos)\n'), errors);
  assert.ok(errors.endsWith('Rule pages (or `xendomains explain CODE`):\n  XD3001/bad-name  https://xendomains.example/rules/XD3001\n'), 'the rule page once for two findings');
});

test('stylish: no frame when the source is unknown or the line is past the end', () => {
  const r = report();
  const noSource = stylish({ ...r, sources: new Map() }, { color: false });
  assert.not.ok(noSource.includes(' | '));
  assert.ok(noSource.includes('3:21  warning  XENDOMAINS_RESTORE'));
  const d = r.diagnostics[0];
  const past = { ...d, span: { ...d.span, start: { line: 99, column: 1, offset: 999 }, end: { line: 99, column: 2, offset: 1000 } } };
  const out = stylish({ ...r, diagnostics: [past] }, { color: false });
  assert.is(out, `${SYSCONFIG}\n  99:1  info  whole-file note  XD9001/file-note\n\n✖ 1 problem (0 errors, 0 warnings, 1 info)\n\nRule pages (or \`xendomains explain CODE\`):\n  XD9001/file-note  https://xendomains.example/rules/XD9001\n`);
});

test('stylish: terminal escapes in source, message and file name are made visible', () => {
  const evil = 'A=\u001b]0;pwned\u0007x';
  const r = report({
    sources: new Map([['f\u001b[2J', evil]]),
    diagnostics: [
      {
        code: 'XD1001', name: 'evil', severity: 'error', message: 'bad \u001b[31m value\u009b',
        span: { file: 'f\u001b[2J', start: { line: 1, column: 3, offset: 2 }, end: { line: 1, column: 4, offset: 3 } },
        url: 'https://x.invalid/XD1001',
      },
    ],
  });
  const out = stylish(r, { color: false });
  assert.not.ok(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(out), JSON.stringify(out));
  assert.ok(out.includes('f\\x1b[2J'));
  assert.ok(out.includes('bad \\x1b[31m value\\x9b'));
  assert.ok(out.includes('    1 | A=\\x1b]0;pwned\\x07x\n      |   ^^^^\n'), out);
});

test('codeFrame: tabs expand to the next 8-column stop in both lines', () => {
  assert.equal(codeFrame('a\tb', 2, 3), ['a       b', '        ^']);
  assert.equal(codeFrame('\t\tx=1', 2, 5), ['                x=1', '                ^^^']);
});

test('codeFrame: zero-width and past-the-end spans still show one caret', () => {
  assert.equal(codeFrame('abc', 1, 1), ['abc', ' ^']);
  assert.equal(codeFrame('abc', 3, 3), ['abc', '   ^']);
  assert.equal(codeFrame('abc', 2, 10), ['abc', '  ^']);
  assert.equal(codeFrame('', 0, 0), ['', '^']);
});

test('codeFrame: wide, combining and astral characters', () => {
  assert.equal(codeFrame('日本=x', 2, 3), ['日本=x', '    ^']);
  assert.equal(codeFrame('e\u0301=x', 3, 4), ['e\u0301=x', '  ^']);
  // '😀' is two UTF-16 units and two columns.
  assert.equal(codeFrame('😀=x', 0, 2), ['😀=x', '^^']);
  assert.equal(codeFrame('😀=x', 3, 4), ['😀=x', '   ^']);
});

test('codeFrame: a very long line is cut to a window around the span', () => {
  const line = 'x'.repeat(1000) + 'HERE' + 'y'.repeat(1000);
  const [text, carets] = codeFrame(line, 1000, 1004);
  assert.ok(text.length <= 162, `window too wide: ${text.length}`);
  assert.ok(text.startsWith('…') && text.endsWith('…'));
  assert.is(text.slice(carets.indexOf('^'), carets.indexOf('^') + 4), 'HERE');
  assert.is(carets.trim(), '^^^^');
});

// Independent oracle for plain ASCII + tabs (at most 20 chars, so never over the 160-column window).
const expand = (s) => {
  let out = '';
  for (const ch of s) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
};

test('codeFrame (property): caret sits under the span for any ASCII/tab line', () => {
  const line = fc.stringMatching(/^[ -~\t]{0,20}$/);
  fc.assert(
    fc.property(line, fc.nat(25), fc.nat(25), (text, a, b) => {
      const start = Math.min(a, b);
      const end = Math.max(a, b);
      const [shown, carets] = codeFrame(text, start, end);
      assert.is(shown, expand(text));
      const lead = expand(text.slice(0, start)).length;
      const width = Math.max(1, expand(text.slice(0, Math.min(end, text.length))).length - lead);
      assert.is(carets, ' '.repeat(lead) + '^'.repeat(width));
    }),
  );
});

test.run();
