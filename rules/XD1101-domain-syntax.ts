// XD1101: a domain config xm's Python cannot even parse (unbalanced brackets,
// unterminated strings, bad indentation, binary content).

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD1101',
  name: 'domain-syntax',
  severity: 'error',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A domain config that is not valid Python: unbalanced brackets, an unterminated string, bad indentation, binary or undecodable content.',
    rationale: `\`xm create\` loads the config with Python. A syntax error makes the dry run fail, so at boot the reference gets an
empty name for the domain, tries to create it anyway, and the create fails; at shutdown AUTO_ONLY can no longer match
it. xendomains reports the exact position instead of an empty name.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: "name = 'web'\ndisk = ['phy:/dev/vg0/web,xvda,w'\nmemory = 512\n" },
      { kind: 'domain', file: 'web.cfg', text: "name = 'web\nmemory = 512\n" },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\ndisk = ['phy:/dev/vg0/web,xvda,w']\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) for (const p of d.problems) if (p.kind === 'syntax') ctx.report(p.span, p.message);
  },
});
