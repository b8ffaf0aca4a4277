// XD2012: XENDOMAINS_STOP_PARALLEL must be a whole number of lanes, at least 1.

import { schemaFindings } from '../src/model/sysconfig-schema.js';
import { defineRule } from '../src/lint/rule.js';

export default defineRule({
  code: 'XD2012',
  name: 'stop-parallel-value',
  severity: 'error',
  docs: {
    summary: '`XENDOMAINS_STOP_PARALLEL` must be a whole number of at least 1.',
    rationale: `The extension sets how many domains stop at once. A value that is not a positive integer cannot be planned:
xendomains refuses it rather than guess between serial and unbounded parallel shutdown.`,
    bad: [{ kind: 'sysconfig', text: 'XENDOMAINS_STOP_PARALLEL=0\n' }],
    good: [{ kind: 'sysconfig', text: 'XENDOMAINS_STOP_PARALLEL=4\n' }],
  },
  check(ctx) {
    for (const f of schemaFindings(ctx.settings)) {
      if (f.rule === 'XD2012') ctx.report(f.span, `XENDOMAINS_STOP_PARALLEL=${JSON.stringify(ctx.settings.XENDOMAINS_STOP_PARALLEL.value)} is not a whole number of at least 1`);
    }
  },
});
