// XD1201: an xl.cfg file libxlu cannot parse (Python code, uppercase keys,
// unquoted words, CRLF, a BOM, bad escapes): `xl create` prints the error and
// creates nothing. The message is xl's own; the position is the real one.

import { defineRule } from '../src/lint/rule.js';
import { xmLookalikeHint } from '../src/model/dialect-guess.js';

const ESCAPES: Record<string, string> = { '\r': '\\r', '\t': '\\t', '\f': '\\f', '\v': '\\v', '\0': '\\0' };

/** xl prints control bytes raw (a CR in the message); show them escaped. */
function visible(message: string): string {
  return message.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A hint for the errors whose cause is not obvious from libxlu's wording. */
function hint(message: string, text: string): string {
  if (message.includes("near `\r'")) return ' (CRLF line endings: convert the file to LF, e.g. with dos2unix)';
  if (text.startsWith('\ufeff')) return ' (a UTF-8 byte-order mark: save the file without it)';
  if (/unexpected IDENT, expecting STRING or NUMBER/.test(message)) return ' (a bare word as a value: quote it, e.g. name = "vm1"; booleans are 0 and 1)';
  if (/near `[A-Z_]/.test(message) && message.endsWith('lexical error')) return ' (keys are lowercase, and True/False/None are Python: write 1, 0 or leave the key out)';
  return '';
}

export default defineRule({
  code: 'XD1201',
  name: 'xl-syntax',
  severity: 'error',
  dialect: 'xl',
  scope: 'file',
  docs: {
    summary: 'An xl.cfg domain config that libxlu cannot parse: `xl create` prints the error and creates nothing.',
    rationale: `An xl config is data, not Python: only \`key = value\` with quoted strings, numbers and \`[…]\` lists. Expressions,
\`True\`/\`None\`, uppercase keys, unquoted words, CRLF line endings and a byte-order mark all make \`xl create\` print
\`config parsing error\` and fail, so the guest does not start at boot. The message is the one xl prints; xl reports errors at a
line break one line too early (it prints the line number minus one), xendomains points at the real place and says which
line xl will name. When a \`+ - . ( ) :\` caused the error, xl adds that the file "looks like it contains Python code".`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nmemory = 256 * 2\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = web\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\r\nmemory = 512\r\n' },
      { kind: 'domain', file: 'web.cfg', text: 'name = "web"\nacpi = True\n' },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: 'name = "web"\nmemory = 512\nacpi = 1\ndisk = [ "phy:/dev/vg0/web,xvda,w" ]\n' }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      const parse = d.xl?.parse;
      // once per file, on its first error: an xm config read on an xl host (or by the wrong --toolstack)
      let lookalike = xmLookalikeHint(d);
      for (const p of d.problems) {
        if (p.kind !== 'xl-syntax') continue;
        const error = parse?.errors.find((e) => e.message === p.message && d.lines.position(e.start).line === p.span.start.line);
        const xlLine = error && error.xlLine !== p.span.start.line ? ` (xl reports it at line ${error.xlLine})` : '';
        const python = parse?.pythonHint ? '; xl adds: "Config file looks like it contains Python code"' : '';
        ctx.report(p.span, `\`xl create\` fails: ${visible(p.message)}${xlLine}${hint(p.message, d.text)}${python}${lookalike ? `; ${lookalike}` : ''}`);
        lookalike = undefined;
      }
    }
  },
});
