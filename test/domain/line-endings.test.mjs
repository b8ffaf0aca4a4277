// Line numbers of domain configs with CR-only, CRLF and LF line endings: Python
// reads a lone CR as a line break, so every span, and the code frame the
// reporters print for it, must be on the line Python would name.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileDomainConfig } from '../../dist/src/model/domain-compile.js';
import { readFileSync } from 'node:fs';
import { cli, tmpHost, cleanup, SAMPLE_SYSCONFIG } from '../helpers.mjs';

const lines = ["name = 'web'", "memory = 'x'", 'vcpus = 2', "on_crash = 'reboot'"];

for (const [label, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']]) {
  test(`${label}: spans name the line Python reads`, () => {
    const m = compileDomainConfig(lines.join(eol) + eol, 'web.cfg');
    assert.is(m.vars.get('memory').valueSpan.start.line, 2);
    assert.is(m.vars.get('on_crash').valueSpan.start.line, 4);
    assert.is(m.vars.get('on_crash').valueSpan.start.column, 12);
  });

  test(`${label}: lint reports and frames the right line`, () => {
    const root = tmpHost({ 'etc/sysconfig/xendomains': readFileSync(SAMPLE_SYSCONFIG), 'etc/xen/auto/web.cfg': lines.join(eol) + eol });
    const json = cli(['lint', '--root', root, '--format', 'json']);
    const onCrash = JSON.parse(json.stdout).diagnostics.find((d) => d.code === 'XD3002' && d.message.includes('on_crash'));
    assert.ok(onCrash, json.stdout);
    assert.is(onCrash.line, 4);
    const stylish = cli(['lint', '--root', root]);
    assert.match(stylish.stdout, /4:12 .*on_crash[^\n]*\n\s+4 \| on_crash = 'reboot'/);
  });
}

test.after(cleanup);
test.run();
