import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { github, escapeData, escapeProperty } from '../../dist/src/report/github.js';
import { report, NASTY } from './fixture.mjs';

// How the Actions runner reads a command line (ActionCommand.TryParseV2): the command
// name up to a space, properties up to the next '::' split on ',' then the first '=',
// and the data after it; then it unescapes.
const unescape = (s) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
function parseCommand(line) {
  assert.ok(line.startsWith('::'), line);
  const end = line.indexOf('::', 2);
  const head = line.slice(2, end);
  const space = head.indexOf(' ');
  const command = space < 0 ? head : head.slice(0, space);
  const properties = {};
  if (space >= 0) {
    for (const pair of head.slice(space + 1).split(',')) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
    }
  }
  return { command, properties, data: unescape(line.slice(end + 2)) };
}

test('github: exact commands, levels mapped, columns inclusive', () => {
  assert.fixture(
    github(report(), { color: true }),
    [
      '::notice file=etc/sysconfig/xendomains,line=1,col=1,endLine=1,endColumn=1,title=XD9001/file-note::whole-file note',
      "::warning file=etc/sysconfig/xendomains,line=3,col=21,endLine=3,endColumn=25,title=XD2003/restore-not-boolean::XENDOMAINS_RESTORE is \"maybe\": expected true, false; 100%25 <&>'%0Asee docs",
      // Different start and end lines: the runner would drop col/endColumn, so they are not sent.
      '::notice file=etc/xen/auto/wéb 1%2Ca.cfg,line=1,endLine=2,title=XD3999/unregistered::spans two lines',
      '::error file=etc/xen/auto/wéb 1%2Ca.cfg,line=1,col=8,endLine=1,endColumn=15,title=XD3001/bad-name::domain name "wéb-日本" is not a safe file name',
      '',
    ].join('\n'),
  );
});

test('github: empty report prints nothing', () => {
  assert.is(github(report({ diagnostics: [] }), { color: false }), '');
});

test('github: what the runner parses back is exactly what we meant', () => {
  const lines = github(report(), { color: false }).trimEnd().split('\n');
  assert.is(lines.length, 4);
  const warning = parseCommand(lines[1]);
  assert.is(warning.command, 'warning');
  assert.is(warning.data, NASTY);
  assert.equal(warning.properties, { file: 'etc/sysconfig/xendomains', line: '3', col: '21', endLine: '3', endColumn: '25', title: 'XD2003/restore-not-boolean' });
  assert.is(parseCommand(lines[3]).properties.file, 'etc/xen/auto/wéb 1,a.cfg');
});

test('github: escaping as documented', () => {
  assert.is(escapeData('100% a:b,c\r\nd'), '100%25 a:b,c%0D%0Ad');
  assert.is(escapeProperty('100% a:b,c\r\nd'), '100%25 a%3Ab%2Cc%0D%0Ad');
  assert.is(escapeProperty('%3A'), '%253A');
});

test('github (property): any file name, title or message round-trips through the runner', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (file, message) => {
      const r = report();
      const d = { ...r.diagnostics[1], message, span: { ...r.diagnostics[1].span, file } };
      const out = github({ ...r, diagnostics: [d] }, { color: false });
      assert.ok(out.endsWith('\n'));
      const line = out.slice(0, -1);
      assert.not.ok(/[\r\n]/.test(line), 'one physical line');
      const parsed = parseCommand(line);
      assert.is(parsed.properties.file, file);
      assert.is(parsed.data, message);
      assert.is(Object.keys(parsed.properties).length, 6);
    }),
  );
});

test.run();
