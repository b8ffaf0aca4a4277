// XD1102: Python in a domain config that xendomains does not evaluate
// (imports, calls, conditionals…): xm would run it as root at every boot.

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD1102',
  name: 'python-code',
  severity: 'warning',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'Statements or expressions in a domain config that xendomains does not evaluate: `import`, `def`, `if`, `for`, function calls, attribute access.',
    rationale: `xm executes each config as a Python program, as root, at every boot (and at every dry run). xendomains evaluates only
assignments of literals, arithmetic and string formatting, so a value computed by code is unknown to it: the planner
cannot tell the domain's name, and lint cannot check the value. The Xen sample \`xmexample2\` uses \`xm_vars\` this
way. Write the values out, or give the result a literal name, so the config can be checked before boot. A config gets one
finding, at the first such statement, that names the lines of the others.`,
    bad: [
      { kind: 'domain', file: 'web.cfg', text: "import os\nname = 'web-' + os.uname()[1]\nmemory = 512\n" },
      {
        kind: 'domain',
        file: 'hvm.cfg',
        text: "import os, re\narch = os.uname()[4]\nif re.search('64', arch):\n    arch_libdir = 'lib64'\nelse:\n    arch_libdir = 'lib'\nname = 'hvm'\nbuilder = 'hvm'\ndevice_model = '/usr/' + arch_libdir + '/xen/bin/qemu-dm'\n",
      },
    ],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web-' + 'dom0a'\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      const code = d.problems.filter((p) => p.kind === 'python-code' && p.detail !== 'name-error' && p.detail !== 'runtime-error' && p.detail !== 'file-too-large');
      const first = code[0];
      if (!first) continue;
      // One finding per config: the idiom of Xen's sample HVM configs (import os, re / os.uname() / if …)
      // is one decision of the config's author, not four mistakes.
      const lines = [...new Set(code.slice(1).map((p) => p.span.start.line))].filter((line) => line !== first.span.start.line);
      const more = lines.length === 0 ? '' : `; xendomains does not evaluate line${lines.length === 1 ? '' : 's'} ${lines.join(', ')} either`;
      ctx.report(first.span, first.message + more);
    }
  },
});
