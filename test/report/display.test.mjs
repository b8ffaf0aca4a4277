// One display escaping for every terminal and text-log output (issue #11 item 11):
// C0/C1 controls, DEL, bidi overrides and isolates, LRM/RLM and other invisible
// format characters become visible escapes; ordinary text, including non-Latin
// scripts and emoji, is left alone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { displayText } from '../../dist/src/report/display.js';
import { formatPlanText } from '../../dist/src/report/plan-text.js';
import { input, planStop, sysconfig } from '../plan/fixture.mjs';

const UNSAFE = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u2060', '\ufeff', '\u2028', '\u2029', '\ud800', '\u{e0041}'];

test('every control, bidi and invisible format character is escaped; other text is kept', () => {
  for (const ch of UNSAFE) {
    const out = displayText(`a${ch}b`);
    assert.ok(!out.includes(ch), JSON.stringify(ch));
    assert.match(out, /^a\\(x[0-9a-f]{2}|u[0-9a-f]{4}|u\{[0-9a-f]+\})b$/, JSON.stringify(ch));
  }
  for (const text of ['web-01', 'été', '日本語', '😀', 'שלום', 'back\\slash', "it's"]) assert.is(displayText(text), text);
  assert.is(displayText('evil\u202eexe.cfg'), 'evil\\u202eexe.cfg');
  assert.is(displayText('a\tb\nc', '\n'), 'a\\x09b\nc');
});

test('plan text escapes U+202E and ESC in a domain name', () => {
  const plan = planStop(input({ config: sysconfig({ XENDOMAINS_SAVE: '""' }), domains: [[3, 'evil\u202egnp.exe'], [4, 'x\u001b]0;t\u0007']] }));
  const text = formatPlanText(plan);
  assert.not.match(text, /[\u202e\u001b\u0007]/);
  assert.match(text, /domain evil\\u202egnp\.exe \(id 3\)/);
});

test.run();
