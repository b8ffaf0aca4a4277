// XD2011: variables only xendomains understands (not the reference script),
// so an admin knows which settings change nothing on a host running the original.

import { EXTENSION_VARIABLES } from '../src/model/settings.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD2011',
  name: 'extension-variable',
  severity: 'info',
  docs: {
    summary: 'A xendomains extension variable (such as `XENDOMAINS_STOP_PARALLEL`) that the reference script ignores.',
    rationale: `Extensions keep the file portable: the reference script ignores variables it does not know. But the same
file on a host still running the original script behaves differently (there, domains stop one at a time), which is
worth knowing when you read the file.`,
    bad: [{ kind: 'sysconfig', text: 'XENDOMAINS_STOP_PARALLEL=4\n' }],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_SHUTDOWN="--halt --wait"\n' }],
  },
  check(ctx) {
    for (const a of ctx.sysconfig?.assignments ?? []) {
      if ((EXTENSION_VARIABLES as readonly string[]).includes(a.name)) ctx.report(a.nameSpan, `${a.name} is a xendomains extension: the reference script ignores it`);
    }
  },
});
