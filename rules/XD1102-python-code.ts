// XD1102: Python in a domain config that xendomains does not evaluate
// (imports, calls, conditionals…): xm would run it as root at every boot.

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD1102',
  name: 'python-code',
  severity: 'warning',
  scope: 'file',
  docs: {
    summary: 'Statements or expressions in a domain config that xendomains does not evaluate: `import`, `def`, `if`, `for`, function calls, attribute access.',
    rationale: `xm executes each config as a Python program, as root, at every boot (and at every dry run). xendomains evaluates only
assignments of literals, arithmetic and string formatting, so a value computed by code is unknown to it: the planner
cannot tell the domain's name, and lint cannot check the value. The Xen sample \`xmexample2\` uses \`xm_vars\` this
way. Write the values out, or give the result a literal name, so the config can be checked before boot.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "import os\nname = 'web-' + os.uname()[1]\nmemory = 512\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web-' + 'dom0a'\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const p of d.problems) {
        if (p.kind === 'python-code' && p.detail !== 'name-error' && p.detail !== 'runtime-error' && p.detail !== 'file-too-large') ctx.report(p.span, p.message);
      }
    }
  },
});
