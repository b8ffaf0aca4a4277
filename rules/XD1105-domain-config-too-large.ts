// XD1105: a domain config larger than 1 MiB is reported and not evaluated, so
// lint (and the init verbs that read AUTO) stay bounded in time and memory.

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD1105',
  name: 'domain-config-too-large',
  severity: 'error',
  scope: 'file',
  docs: {
    summary: 'A domain config larger than 1 MiB: it is not evaluated, so its name and values are unknown.',
    rationale: `A domain config is a few hundred bytes. One of more than a megabyte is a generated or corrupted file (a log
redirected into /etc/xen/auto, an image copied there, \`extra = 1+1+…\` run away), and evaluating it would cost
seconds and gigabytes at every lint and at boot. xendomains reports it and treats the domain's name as unknown, as
for a config whose name needs Python: the planner says so, and the file should be fixed or moved out of AUTO.`,
    bad: [{
      kind: 'domain', file: 'web.cfg',
      text: `name = 'web'\nextra = '${'x'.repeat(1024 * 1024)}'\n`,
      display: "name = 'web'\nextra = 'xxxxxxxx…'   # 1,048,576 x's: the file is over 1 MiB",
    }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web'\nmemory = 512\nextra = 'console=hvc0'\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const p of d.problems) if (p.detail === 'file-too-large') ctx.report(p.span, p.message);
    }
  },
});
