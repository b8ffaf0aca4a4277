// XD3004: domain names xend refuses (characters outside [A-Za-z0-9_.:+-],
// empty) and names that cannot be a save-image file name.

import { defineRule } from '../src/lint/rule.js';

const ALLOWED = /^[A-Za-z0-9_.:+-]+$/;

export default defineRule({
  code: 'XD3004',
  name: 'domain-name-chars',
  severity: 'error',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A domain name xend refuses (empty, or characters outside `A-Z a-z 0-9 _ . : + -`), or one that cannot name a save image (`.`, `..`).',
    rationale: `xend checks every name against \`[A-Za-z0-9_.:+-]+\`: a space, a slash or a glob character makes \`xm create\` fail
at boot. The reference script also uses the name unquoted as a \`case\` pattern (so \`*\`, \`?\` and \`[\` would match other
domains) and as the save-image file name under XENDOMAINS_SAVE (so \`/\` or \`..\` would write outside it). xendomains
refuses to build a save path from such a name.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: "name = 'web server'\nmemory = 512\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web*'\nmemory = 512\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = '..'\nmemory = 512\n" },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web-01.example:prod'\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      if (!d.name) continue;
      const { value, span, source } = d.name;
      const where = source === 'filename' ? ` (the name comes from the file name)` : '';
      if (value === '') {
        ctx.report(span, 'the domain name is empty: xend refuses it ("Missing VM Name")');
      } else if (!ALLOWED.test(value)) {
        const bad = [...new Set([...value].filter((c) => !/[A-Za-z0-9_.:+-]/.test(c)))].map((c) => JSON.stringify(c)).join(', ');
        const glob = /[*?[\]]/.test(value) ? '; the reference would also use these as glob patterns when matching running domains' : '';
        ctx.report(span, `domain name ${JSON.stringify(value)} contains ${bad}: xend accepts only letters, digits and _ . : + -${glob}${where}`);
      } else if (value === '.' || value === '..') {
        ctx.report(span, `domain name "${value}" cannot be a save-image file name under XENDOMAINS_SAVE${where}`);
      }
    }
  },
});
