// XD1103: a domain config whose Python raises while xm loads it (NameError,
// TypeError, ZeroDivisionError…): xm create fails, so the domain never starts.

import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD1103',
  name: 'domain-load-error',
  severity: 'error',
  dialect: 'xm',
  scope: 'file',
  docs: {
    summary: 'A domain config that raises an exception when xm loads it: an undefined name, adding a string to a number, division by zero.',
    rationale: `The file parses, but evaluating it fails the way Python would: \`xm create\` prints the exception and exits 1, so
the domain does not start at boot and its dry-run name is empty (the reference then reports it as missing and may stop
filtering AUTO_ONLY). A common cause is a variable used before it is assigned, or \`vmid\` in a config meant for
\`xm create vmid=N\`, which the boot script never passes.`,
    bad: [{ kind: 'domain', file: 'web.cfg', text: "name = 'web%d' % vmid\nmemory = 512\n" }],
    good: [{ kind: 'domain', file: 'web.cfg', text: "vmid = 1\nname = 'web%d' % vmid\nmemory = 512\n" }],
  },
  check(ctx) {
    for (const d of ctx.domains) {
      for (const p of d.problems) if (p.kind === 'python-code' && (p.detail === 'name-error' || p.detail === 'runtime-error')) ctx.report(p.span, p.message);
    }
  },
});
