// Hand-built LintReport shared by the formatter tests: two files, a tab, CRLF,
// non-ASCII and wide characters, a multi-line span, a zero-width span, a rule
// code missing from report.rules, and a message full of characters every
// output format has to escape.
import { LineIndex } from '../../dist/src/model/span.js';

export const SYSCONFIG = 'etc/sysconfig/xendomains';
export const DOMAIN = 'etc/xen/auto/wéb 1,a.cfg';

const sysText = '# xendomains\nXENDOMAINS_SAVE=/var/lib/xen/save\n\tXENDOMAINS_RESTORE=maybe\n';
const domText = 'name = "wéb-日本"\r\nmemory = 512\r\n';

export const NASTY = 'XENDOMAINS_RESTORE is "maybe": expected true, false; 100% <&>\'\nsee docs';

const sys = new LineIndex(SYSCONFIG, sysText);
const dom = new LineIndex(DOMAIN, domText);
const at = (index, text, needle, length = needle.length) => {
  const start = text.indexOf(needle);
  if (start < 0) throw new Error(`fixture: ${needle} not found`);
  return index.span(start, start + length);
};

const url = (code) => `https://xendomains.example/rules/${code}`;

export function report(overrides = {}) {
  return {
    diagnostics: [
      { code: 'XD9001', name: 'file-note', severity: 'info', message: 'whole-file note', span: sys.span(0, 0), url: url('XD9001') },
      { code: 'XD2003', name: 'restore-not-boolean', severity: 'warning', message: NASTY, span: at(sys, sysText, 'maybe'), url: url('XD2003') },
      { code: 'XD3999', name: 'unregistered', severity: 'style', message: 'spans two lines', span: at(dom, domText, 'name', domText.indexOf('memory') + 6), url: url('XD3999') },
      { code: 'XD3001', name: 'bad-name', severity: 'error', message: 'domain name "wéb-日本" is not a safe file name', span: at(dom, domText, '"wéb-日本"'), url: url('XD3001') },
    ],
    sources: new Map([
      [SYSCONFIG, sysText],
      [DOMAIN, domText],
    ]),
    fileCount: 3,
    rules: [
      { code: 'XD2003', name: 'restore-not-boolean', severity: 'warning', summary: 'XENDOMAINS_RESTORE must be true or false', docs: '# XD2003 restore-not-boolean\n\nDefault severity: **warning**\n\nXENDOMAINS_RESTORE must be true or false\n\n## Why\n\nThe reference script tests the value with `= "true"`, so anything else\nsilently disables restore.\n\nSecond paragraph.\n\n## Bad\n\n```sh\nXENDOMAINS_RESTORE=yes\n```\n', url: url('XD2003') },
      { code: 'XD3001', name: 'bad-name', severity: 'error', summary: 'Domain name is not a safe file name', docs: 'Save files are named after the domain.', url: url('XD3001') },
      { code: 'XD4001', name: 'duplicate-name', severity: 'error', summary: 'Two configs define one domain name', docs: '', url: url('XD4001') },
      { code: 'XD9001', name: 'file-note', severity: 'info', summary: 'A note about a whole file', docs: 'Notes.', url: url('XD9001') },
    ],
    toolVersion: '0.1.0',
    ...overrides,
  };
}
